// The child's record and the whole journey over the JSON API, end to end: a
// real server on a loopback port, driven over HTTP by the harness's client.
//
// What is checked: the journey from the front door to a child protection
// plan with its review due, step by step, each visible in the record with
// the next statutory step and its due date; optimistic concurrency (ETag,
// If-Match: 412 stale, 428 missing, nothing changed); need-to-know (a
// partner practitioner who is not involved gets 403 on the record and on
// every sub-record route, discovery shows only whom to contact, break-glass
// opens the record and the access log shows it); police-restricted
// information (withheld from the council, shown to the police officer
// involved); hostile input (SQL injection stored verbatim, wrong types,
// unknown fields, malformed and future dates) answered 400/422 with nothing
// written.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "journey/clocks.h"
#include "server_harness.h"

namespace sg {
namespace {

using core::Date;
using nlohmann::json;
using testing::Client;
using testing::HttpResult;
using testing::TestServer;

Date D(const char* iso) {
  return *Date::ParseIso(iso);
}

const core::WorkingCalendar& Calendar() {
  return core::WorkingCalendar::EnglandAndWales();
}

std::string Url(std::string_view base, int64_t id, std::string_view tail = "") {
  return std::string(base) + std::to_string(id) + std::string(tail);
}

// The next statutory step of `kind` in a record, or null.
json StepOf(const json& record, std::string_view kind) {
  for (const auto& step : record["next_steps"]) {
    if (step["kind"] == kind) return step;
  }
  return nullptr;
}

// Row counts of the tables a journey request could write.
std::map<std::string, int64_t> Counts(TestServer& server) {
  std::map<std::string, int64_t> counts;
  for (const char* table : {"persons", "contacts", "referrals", "assessments", "chronology",
                            "involvements", "break_glass"}) {
    counts[table] = server.CountRows(table);
  }
  // A refused look is itself on the record (action "refused"); everything
  // else in the log is something done.
  counts["audit_log (not refusals)"] =
      server.db()
          .QueryInt("SELECT COUNT(*) FROM audit_log WHERE action <> 'refused'", {})
          .value_or(-1);
  return counts;
}

class ApiJourneyTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }

  // POST with the If-Match header.
  static HttpResult PostIf(Client& client, const std::string& target, const json& body,
                           const std::string& etag) {
    return client.Post(target, body, {{"If-Match", etag}});
  }

  // A child registered by the system with every kind of journey record, for
  // the access tests: contact (decided), referral, assessment, CIN plan,
  // strategy discussion, section 47, conference, CP plan, early help.
  struct Built {
    int64_t child = 0, contact = 0, early_help = 0, referral = 0, assessment = 0, cin_plan = 0,
            discussion = 0, section47 = 0, conference = 0, cp_plan = 0;
  };
  Built BuildJourney(std::string_view surname) {
    auto& j = server_.journey();
    const auto& actor = server_.system_actor();
    Built b;
    b.child = server_.AddChild("Ada", surname, D("2015-05-01"));
    journey::NewContact contact;
    contact.person_id = b.child;
    contact.date = D("2025-03-03");
    contact.source = "2A";
    b.contact = *j.RecordContact(actor, contact);
    EXPECT_TRUE(j.DecideContact(actor, b.contact, D("2025-03-03"), "referral"));
    b.early_help = *j.StartEarlyHelp(actor, b.child, D("2025-01-06"), std::nullopt);
    journey::NewReferral referral;
    referral.person_id = b.child;
    referral.date = D("2025-03-04");
    referral.source = "2A";
    referral.primary_need = "N1";
    referral.contact_id = b.contact;
    b.referral = *j.OpenReferral(actor, referral);
    b.assessment = *j.StartAssessment(actor, b.referral, D("2025-03-04"));
    b.cin_plan = *j.StartCinPlan(actor, b.referral, D("2025-03-05"));
    b.discussion = *j.HoldStrategyDiscussion(actor, b.referral, D("2025-03-10"));
    b.section47 = *j.StartSection47(actor, b.discussion, D("2025-03-10"));
    b.conference =
        *j.HoldInitialConference(actor, b.referral, b.section47, false, D("2025-03-28"), true);
    b.cp_plan = *j.StartCpPlan(actor, b.conference, D("2025-03-28"), "NEG");
    return b;
  }

  std::string ETagOf(Client& client, int64_t child) {
    HttpResult r = client.Get(Url("/api/v1/children/", child));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Header("etag");
  }

  TestServer server_;
};

// --- The journey ------------------------------------------------------------

TEST_F(ApiJourneyTest, FrontDoorToChildProtectionPlanWithReviewDue) {
  const auto& users = server_.users();
  Client front_door = server_.SignedIn(users.front_door);

  // The front door registers the child and records the contact.
  HttpResult made = front_door.Post("/api/v1/children", {{"forename", "Lily"},
                                                         {"surname", "Hartley"},
                                                         {"birth_date", "2016-09-14"},
                                                         {"sex", "F"},
                                                         {"ethnicity", "WBRI"},
                                                         {"la_child_id", "CE-J-0001"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t child = made.json()["person"]["id"];
  EXPECT_EQ(made.Header("location"), Url("/api/v1/children/", child));
  EXPECT_EQ(made.json()["person"]["identifiers"]["la_child_id"], "CE-J-0001");
  std::string etag = made.Header("etag");
  ASSERT_FALSE(etag.empty());

  HttpResult contact = PostIf(front_door, Url("/api/v1/children/", child, "/contacts"),
                              {{"date", "2025-03-03"},
                               {"source", "2A"},
                               {"contactor", "Class teacher"},
                               {"factors", {"domestic_abuse"}}},
                              etag);
  ASSERT_EQ(contact.status, 201) << contact.body;
  const int64_t contact_id = contact.json()["id"];
  EXPECT_EQ(contact.Header("location"), Url("/api/v1/contacts/", contact_id));
  EXPECT_NE(contact.Header("etag"), etag) << "a change bumps the child's version";
  etag = contact.Header("etag");
  {
    // An undecided contact is due for decision the next working day.
    json record = front_door.Get(Url("/api/v1/children/", child)).json();
    json step = StepOf(record, "contact_decision");
    ASSERT_FALSE(step.is_null()) << record.dump();
    EXPECT_EQ(step["due"], journey::ContactDecisionDue(Calendar(), D("2025-03-03")).Iso());
    EXPECT_EQ(step["status"], "overdue");
  }
  HttpResult decided = PostIf(front_door, Url("/api/v1/contacts/", contact_id, "/decision"),
                              {{"date", "2025-03-03"}, {"outcome", "referral"}}, etag);
  ASSERT_EQ(decided.status, 200) << decided.body;
  EXPECT_EQ(decided.json()["outcome"], "referral");
  etag = decided.Header("etag");
  HttpResult allocated = PostIf(front_door, Url("/api/v1/children/", child, "/allocation"),
                                {{"team_id", server_.teams().assessment},
                                 {"worker_id", *users.social_worker.worker_id},
                                 {"start", "2025-03-03"},
                                 {"reason", "referral accepted"}},
                                etag);
  ASSERT_EQ(allocated.status, 201) << allocated.body;

  // The social worker, now allocated, takes it from here.
  Client worker = server_.SignedIn(users.social_worker);
  HttpResult read = worker.Get(Url("/api/v1/children/", child));
  ASSERT_EQ(read.status, 200) << read.body;
  json record = read.json();
  EXPECT_EQ(record["journey"]["contacts"][0]["outcome"], "referral");
  ASSERT_EQ(record["involvements"].size(), 1u);
  EXPECT_EQ(record["involvements"][0]["team_id"], server_.teams().assessment);
  EXPECT_EQ(record["involvements"][0]["agency"], "LA-CSC");
  EXPECT_FALSE(record["involvements"][0]["lawful_basis"].get<std::string>().empty());
  EXPECT_TRUE(StepOf(record, "contact_decision").is_null());
  etag = read.Header("etag");

  HttpResult referral = PostIf(worker, Url("/api/v1/children/", child, "/referrals"),
                               {{"date", "2025-03-04"},
                                {"source", "2A"},
                                {"primary_need", "N1"},
                                {"contact_id", contact_id}},
                               etag);
  ASSERT_EQ(referral.status, 201) << referral.body;
  const int64_t referral_id = referral.json()["id"];
  etag = referral.Header("etag");
  HttpResult assessment = PostIf(worker, Url("/api/v1/referrals/", referral_id, "/assessments"),
                                 {{"start", "2025-03-04"}}, etag);
  ASSERT_EQ(assessment.status, 201) << assessment.body;
  EXPECT_EQ(assessment.Header("location"),
            Url("/api/v1/assessments/", assessment.json()["id"].get<int64_t>()));
  etag = assessment.Header("etag");
  record = worker.Get(Url("/api/v1/children/", child)).json();
  EXPECT_TRUE(record["status"]["child_in_need"]);
  ASSERT_FALSE(StepOf(record, "assessment").is_null()) << record.dump();
  EXPECT_EQ(StepOf(record, "assessment")["due"],
            journey::AssessmentDue(Calendar(), D("2025-03-04")).Iso());

  HttpResult discussion =
      PostIf(worker, Url("/api/v1/referrals/", referral_id, "/strategy-discussions"),
             {{"date", "2025-03-10"}}, etag);
  ASSERT_EQ(discussion.status, 201) << discussion.body;
  etag = discussion.Header("etag");
  HttpResult enquiry = PostIf(
      worker,
      Url("/api/v1/strategy-discussions/", discussion.json()["id"].get<int64_t>(), "/section47"),
      {{"start", "2025-03-10"}}, etag);
  ASSERT_EQ(enquiry.status, 201) << enquiry.body;
  const int64_t section47 = enquiry.json()["id"];
  const Date conference_due = journey::InitialConferenceDue(Calendar(), D("2025-03-10"));
  EXPECT_EQ(enquiry.json()["icpc_target"], conference_due.Iso());
  etag = enquiry.Header("etag");
  record = worker.Get(Url("/api/v1/children/", child)).json();
  ASSERT_FALSE(StepOf(record, "initial_conference").is_null()) << record.dump();
  EXPECT_EQ(StepOf(record, "initial_conference")["due"], conference_due.Iso());
  EXPECT_EQ(StepOf(record, "initial_conference")["record_id"], section47);

  HttpResult conference =
      PostIf(worker, Url("/api/v1/referrals/", referral_id, "/conferences"),
             {{"date", "2025-03-28"}, {"section47_id", section47}, {"plan_made", true}}, etag);
  ASSERT_EQ(conference.status, 201) << conference.body;
  etag = conference.Header("etag");
  HttpResult plan = PostIf(
      worker, Url("/api/v1/conferences/", conference.json()["id"].get<int64_t>(), "/cp-plan"),
      {{"start", "2025-03-28"}, {"category", "NEG"}}, etag);
  ASSERT_EQ(plan.status, 201) << plan.body;
  const int64_t plan_id = plan.json()["id"];
  EXPECT_EQ(plan.Header("location"), Url("/api/v1/cp-plans/", plan_id));
  etag = plan.Header("etag");
  HttpResult core_group = PostIf(worker, Url("/api/v1/cp-plans/", plan_id, "/core-groups"),
                                 {{"date", "2025-04-09"}}, etag);
  ASSERT_EQ(core_group.status, 201) << core_group.body;
  EXPECT_EQ(core_group.json()["cp_plan"]["core_groups"], json({"2025-04-09"}));

  // The record shows every step and the review conference due three months
  // after the initial conference.
  read = worker.Get(Url("/api/v1/children/", child));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.Header("etag"), core_group.Header("etag"));
  record = read.json();
  EXPECT_TRUE(record["status"]["child_protection"]);
  EXPECT_FALSE(record["status"]["cared_for"]);
  const json& ref = record["journey"]["referrals"][0];
  EXPECT_EQ(ref["id"], referral_id);
  EXPECT_EQ(ref["contact_id"], contact_id);
  EXPECT_EQ(ref["assessments"].size(), 1u);
  EXPECT_EQ(ref["strategy_discussions"][0]["date"], "2025-03-10");
  EXPECT_EQ(ref["section47_enquiries"][0]["id"], section47);
  EXPECT_EQ(ref["conferences"][0]["plan_made"], true);
  EXPECT_EQ(ref["cp_plans"][0]["initial_category"], "NEG");
  EXPECT_TRUE(StepOf(record, "initial_conference").is_null()) << "the conference was held";
  EXPECT_TRUE(StepOf(record, "first_core_group").is_null()) << "the core group met";
  json review = StepOf(record, "cp_review");
  ASSERT_FALSE(review.is_null()) << record.dump();
  EXPECT_EQ(review["due"], "2025-06-28");
  EXPECT_EQ(review["due"], journey::CpReviewDue(D("2025-03-28"), {}).Iso());
  EXPECT_EQ(review["status"], "on time");
  EXPECT_EQ(review["record_id"], plan_id);
  EXPECT_EQ(StepOf(record, "assessment")["status"], "overdue");

  // The sub-records read back as their own resources.
  HttpResult got = worker.Get(Url("/api/v1/referrals/", referral_id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["cp_plans"][0]["id"], plan_id);
  EXPECT_EQ(worker.Get(Url("/api/v1/cp-plans/", plan_id)).json()["core_groups"],
            json({"2025-04-09"}));
  EXPECT_EQ(worker.Get(Url("/api/v1/contacts/", contact_id)).json()["factors"],
            json({"domestic_abuse"}));

  // And the chronology tells the same story in date order.
  json chronology = worker.Get(Url("/api/v1/children/", child, "/chronology")).json();
  std::vector<std::string> kinds;
  for (const auto& e : chronology["items"]) kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds.front(), "birth");
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "cp_plan"), kinds.end());
  EXPECT_TRUE(chronology["withheld"].empty());
}

TEST_F(ApiJourneyTest, ChildInNeedEpisodeFromEarlyHelpToClosure) {
  const int64_t child = server_.AddChild("Ella", "Brook", D("2013-07-07"));
  server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id,
                   D("2025-01-02"));
  Client worker = server_.SignedIn(server_.users().social_worker);
  std::string etag = ETagOf(worker, child);
  auto step = [&](const std::string& target, const json& body, int status) {
    HttpResult r = PostIf(worker, target, body, etag);
    EXPECT_EQ(r.status, status) << target << ": " << r.body;
    if (r.HasHeader("etag")) etag = r.Header("etag");
    return r.json();
  };
  json help = step(Url("/api/v1/children/", child, "/early-help"), {{"start", "2025-01-06"}}, 201);
  json ended = step(Url("/api/v1/early-help/", help["id"].get<int64_t>(), "/end"),
                    {{"date", "2025-02-03"}, {"reason", "stepped up to social care"}}, 200);
  EXPECT_EQ(ended["end"], "2025-02-03");
  json referral = step(Url("/api/v1/children/", child, "/referrals"),
                       {{"date", "2025-02-03"}, {"source", "3A"}, {"primary_need", "N2"}}, 201);
  const int64_t referral_id = referral["id"];
  json assessment =
      step(Url("/api/v1/referrals/", referral_id, "/assessments"), {{"start", "2025-02-04"}}, 201);
  json authorised =
      step(Url("/api/v1/assessments/", assessment["id"].get<int64_t>(), "/authorisation"),
           {{"date", "2025-03-14"}, {"factors", {"3A", "4A"}}}, 200);
  EXPECT_EQ(authorised["authorised"], "2025-03-14");
  EXPECT_EQ(authorised["factors"], json({"3A", "4A"}));
  json plan =
      step(Url("/api/v1/referrals/", referral_id, "/cin-plans"), {{"start", "2025-03-17"}}, 201);
  json discussion = step(Url("/api/v1/referrals/", referral_id, "/strategy-discussions"),
                         {{"date", "2025-03-20"}}, 201);
  json enquiry =
      step(Url("/api/v1/strategy-discussions/", discussion["id"].get<int64_t>(), "/section47"),
           {{"start", "2025-03-20"}}, 201);
  json concluded = step(Url("/api/v1/section47/", enquiry["id"].get<int64_t>(), "/no-conference"),
                        {{"date", "2025-03-27"}}, 200);
  EXPECT_EQ(concluded["icpc_not_required"], true);
  json record = worker.Get(Url("/api/v1/children/", child)).json();
  EXPECT_TRUE(StepOf(record, "initial_conference").is_null()) << "no conference is needed";
  EXPECT_TRUE(StepOf(record, "assessment").is_null()) << "the assessment was authorised";
  EXPECT_TRUE(record["status"]["child_in_need"]);
  // Closing with the plan still open breaks a rule: 422, nothing changes.
  step(Url("/api/v1/referrals/", referral_id, "/closure"),
       {{"date", "2025-05-30"}, {"reason", "RC7"}}, 422);
  step(Url("/api/v1/cin-plans/", plan["id"].get<int64_t>(), "/end"), {{"date", "2025-05-29"}}, 200);
  json closed = step(Url("/api/v1/referrals/", referral_id, "/closure"),
                     {{"date", "2025-05-30"}, {"reason", "RC7"}}, 200);
  EXPECT_EQ(closed["closure_reason"], "RC7");
  EXPECT_EQ(closed["open"], false);
  EXPECT_EQ(closed["cin_plans"][0]["end"], "2025-05-29");
  record = worker.Get(Url("/api/v1/children/", child)).json();
  EXPECT_FALSE(record["status"]["child_in_need"]);
  EXPECT_EQ(record["journey"]["early_help"][0]["end_reason"], "stepped up to social care");
}

TEST_F(ApiJourneyTest, CaredForToCareLeaver) {
  const int64_t child = server_.AddChild("Jay", "Moss", D("2008-03-01"));
  server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id,
                   D("2025-01-02"));
  Client worker = server_.SignedIn(server_.users().social_worker);
  std::string etag = ETagOf(worker, child);
  auto step = [&](std::string_view tail, const json& body, int status) {
    HttpResult r = PostIf(worker, Url("/api/v1/children/", child, tail), body, etag);
    EXPECT_EQ(r.status, status) << tail << ": " << r.body;
    if (r.HasHeader("etag")) etag = r.Header("etag");
    if (status == 201) {
      EXPECT_EQ(r.Header("location"), Url("/api/v1/children/", child));
    }
    return r.json();
  };
  json episode = step("/care",
                      {{"start", "2025-01-06"},
                       {"legal_status", "C2"},
                       {"category_of_need", "N1"},
                       {"placement_type", "U4"}},
                      201);
  EXPECT_EQ(episode["reason_new_episode"], "S");
  json record = worker.Get(Url("/api/v1/children/", child)).json();
  EXPECT_TRUE(record["status"]["cared_for"]);
  ASSERT_FALSE(StepOf(record, "care_review").is_null()) << record.dump();
  EXPECT_EQ(StepOf(record, "care_review")["due"],
            journey::CareReviewDue(Calendar(), D("2025-01-06"), {}).Iso());

  step("/care/reviews", {{"date", "2025-01-31"}, {"participation", "PN1"}}, 201);
  const std::vector<Date> held = {D("2025-01-31")};
  record = worker.Get(Url("/api/v1/children/", child)).json();
  EXPECT_EQ(StepOf(record, "care_review")["due"],
            journey::CareReviewDue(Calendar(), D("2025-01-06"), held).Iso());
  json changed = step("/care/changes",
                      {{"date", "2025-02-10"},
                       {"reason_new_episode", "P"},
                       {"legal_status", "C2"},
                       {"category_of_need", "N1"},
                       {"placement_type", "U1"},
                       {"reason_place_change", "CARPL"}},
                      201);
  EXPECT_EQ(changed["placement_type"], "U1");
  json missing =
      step("/missing", {{"kind", "M"}, {"start", "2025-02-20"}, {"end", "2025-02-21"}}, 201);
  EXPECT_EQ(missing["kind"], "M");
  json ended = step("/care/end", {{"date", "2025-04-01"}, {"reason_ceased", "E8"}}, 200);
  EXPECT_EQ(ended["reason_ceased"], "E8");
  json contact = step(
      "/care-leaver-contacts",
      {{"date", "2025-05-01"}, {"in_touch", "YES"}, {"activity", "F2"}, {"accommodation", "B1"}},
      201);
  EXPECT_EQ(contact["activity"], "F2");

  record = worker.Get(Url("/api/v1/children/", child)).json();
  EXPECT_FALSE(record["status"]["cared_for"]);
  EXPECT_TRUE(record["status"]["care_leaver"]);
  EXPECT_TRUE(StepOf(record, "care_review").is_null()) << "care has ended";
  ASSERT_EQ(record["care_episodes"].size(), 2u);
  EXPECT_EQ(record["care_episodes"][0]["reason_ceased"], "X1");
  EXPECT_EQ(record["care_reviews"][0]["date"], "2025-01-31");
  EXPECT_EQ(record["missing"][0]["kind"], "M");
  EXPECT_EQ(record["missing"][0]["start"], "2025-02-20");
  EXPECT_EQ(record["care_leaver_contacts"][0]["in_touch"], "YES");
}

TEST_F(ApiJourneyTest, ReadingTheRecordIsOneAuditedRead) {
  const int64_t child = server_.AddChild("Sam", "Okafor");
  server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id);
  Client worker = server_.SignedIn(server_.users().social_worker);
  const int64_t before = server_.AuditRows();
  ASSERT_EQ(worker.Get(Url("/api/v1/children/", child)).status, 200);
  EXPECT_EQ(server_.AuditRows(), before + 1);
}

TEST_F(ApiJourneyTest, ChronologyPagesInDateOrderWithoutRepeats) {
  const int64_t child = server_.AddChild("Tom", "Pike", D("2015-01-01"));
  server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id,
                   D("2025-01-02"));
  // Recorded out of date order: a backdated note after later ones.
  for (const char* date : {"2025-05-01", "2025-04-01", "2025-03-01", "2025-04-01"}) {
    server_.AddNote(child, std::string("note of ") + date, "", D(date));
  }
  Client worker = server_.SignedIn(server_.users().social_worker);
  std::vector<std::string> dates;
  std::string target = Url("/api/v1/children/", child, "/chronology?limit=2");
  for (int pages = 0; pages < 10 && !target.empty(); ++pages) {
    HttpResult page = worker.Get(target);
    ASSERT_EQ(page.status, 200) << page.body;
    const json body = page.json();
    for (const auto& e : body["items"]) dates.push_back(e["date"]);
    target = body["next"].is_null() ? "" : body["next"].get<std::string>();
  }
  EXPECT_EQ(dates, (std::vector<std::string>{"2015-01-01", "2025-01-02", "2025-03-01", "2025-04-01",
                                             "2025-04-01", "2025-05-01"}));
}

// --- Optimistic concurrency ---------------------------------------------------

TEST_F(ApiJourneyTest, StaleETagGets412AndChangesNothing) {
  const int64_t child = server_.AddChild("Mia", "Shaw");
  server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id,
                   D("2025-05-01"));
  Client first = server_.SignedIn(server_.users().social_worker);
  Client second = server_.SignedIn(server_.users().manager);
  const std::string etag_first = ETagOf(first, child);
  const std::string etag_second = ETagOf(second, child);
  ASSERT_EQ(etag_first, etag_second);

  const json contact = {{"date", "2025-05-02"}, {"source", "1A"}};
  HttpResult won = PostIf(first, Url("/api/v1/children/", child, "/contacts"), contact, etag_first);
  ASSERT_EQ(won.status, 201) << won.body;

  const auto before = Counts(server_);
  HttpResult lost =
      PostIf(second, Url("/api/v1/children/", child, "/contacts"), contact, etag_second);
  EXPECT_EQ(lost.status, 412) << lost.body;
  EXPECT_EQ(Counts(server_), before);

  // A sub-record's route checks the same version.
  HttpResult stale_decision =
      PostIf(second, Url("/api/v1/contacts/", won.json()["id"].get<int64_t>(), "/decision"),
             {{"date", "2025-05-02"}, {"outcome", "advice"}}, etag_second);
  EXPECT_EQ(stale_decision.status, 412) << stale_decision.body;
  EXPECT_EQ(Counts(server_), before);

  // Read again, try again: it goes through.
  HttpResult retried =
      PostIf(second, Url("/api/v1/children/", child, "/contacts"), contact, ETagOf(second, child));
  EXPECT_EQ(retried.status, 201) << retried.body;
}

TEST_F(ApiJourneyTest, WriteWithoutIfMatchGets428AndChangesNothing) {
  const int64_t child = server_.AddChild("Leo", "Grant");
  server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id);
  Client worker = server_.SignedIn(server_.users().social_worker);
  const auto before = Counts(server_);
  HttpResult r = worker.Post(Url("/api/v1/children/", child, "/contacts"),
                             {{"date", "2025-05-02"}, {"source", "1A"}});
  EXPECT_EQ(r.status, 428) << r.body;
  HttpResult note = worker.Post(Url("/api/v1/children/", child, "/notes"),
                                {{"date", "2025-05-02"}, {"summary", "Home visit"}});
  EXPECT_EQ(note.status, 428) << note.body;
  EXPECT_EQ(Counts(server_), before);
}

// --- Need-to-know -------------------------------------------------------------

TEST_F(ApiJourneyTest, PartnerNotInvolvedGets403EverywhereAndLearnsNothing) {
  Built b = BuildJourney("Quennell");
  server_.Allocate(b.child, server_.teams().assessment, server_.users().social_worker.worker_id,
                   D("2025-03-03"));
  Client police = server_.SignedIn(server_.users().police);
  Client worker = server_.SignedIn(server_.users().social_worker);
  const std::string etag = ETagOf(worker, b.child);

  auto expect_refused = [&](const HttpResult& r, const std::string& what) {
    EXPECT_EQ(r.status, 403) << what << ": " << r.body;
    EXPECT_EQ(r.body.find("Quennell"), std::string::npos) << what << " discloses the surname";
    EXPECT_EQ(r.body.find("2015-05-01"), std::string::npos) << what << " discloses the birth date";
  };
  expect_refused(police.Get(Url("/api/v1/children/", b.child)), "record");
  expect_refused(police.Get(Url("/api/v1/children/", b.child, "/chronology")), "chronology");
  const std::vector<std::string> reads = {
      Url("/api/v1/contacts/", b.contact),    Url("/api/v1/early-help/", b.early_help),
      Url("/api/v1/referrals/", b.referral),  Url("/api/v1/assessments/", b.assessment),
      Url("/api/v1/cin-plans/", b.cin_plan),  Url("/api/v1/strategy-discussions/", b.discussion),
      Url("/api/v1/section47/", b.section47), Url("/api/v1/conferences/", b.conference),
      Url("/api/v1/cp-plans/", b.cp_plan)};
  for (const auto& target : reads) expect_refused(police.Get(target), "GET " + target);

  const auto before = Counts(server_);
  const json any_date = {{"date", "2025-05-01"}};
  const std::vector<std::pair<std::string, json>> writes = {
      {Url("/api/v1/children/", b.child, "/contacts"), {{"date", "2025-05-01"}, {"source", "1A"}}},
      {Url("/api/v1/contacts/", b.contact, "/decision"),
       {{"date", "2025-05-01"}, {"outcome", "nfa"}}},
      {Url("/api/v1/children/", b.child, "/early-help"), {{"start", "2025-05-01"}}},
      {Url("/api/v1/early-help/", b.early_help, "/end"),
       {{"date", "2025-05-01"}, {"reason", "done"}}},
      {Url("/api/v1/children/", b.child, "/referrals"),
       {{"date", "2025-05-01"}, {"source", "1A"}, {"primary_need", "N1"}}},
      {Url("/api/v1/referrals/", b.referral, "/closure"),
       {{"date", "2025-05-01"}, {"reason", "RC1"}}},
      {Url("/api/v1/referrals/", b.referral, "/assessments"), {{"start", "2025-05-01"}}},
      {Url("/api/v1/assessments/", b.assessment, "/authorisation"), any_date},
      {Url("/api/v1/referrals/", b.referral, "/cin-plans"), {{"start", "2025-05-01"}}},
      {Url("/api/v1/cin-plans/", b.cin_plan, "/end"), any_date},
      {Url("/api/v1/referrals/", b.referral, "/strategy-discussions"), any_date},
      {Url("/api/v1/strategy-discussions/", b.discussion, "/section47"), {{"start", "2025-05-01"}}},
      {Url("/api/v1/section47/", b.section47, "/no-conference"), any_date},
      {Url("/api/v1/referrals/", b.referral, "/conferences"),
       {{"date", "2025-05-01"}, {"plan_made", false}, {"transfer_in", true}}},
      {Url("/api/v1/conferences/", b.conference, "/cp-plan"),
       {{"start", "2025-03-28"}, {"category", "NEG"}}},
      {Url("/api/v1/cp-plans/", b.cp_plan, "/reviews"), any_date},
      {Url("/api/v1/cp-plans/", b.cp_plan, "/core-groups"), any_date},
      {Url("/api/v1/cp-plans/", b.cp_plan, "/end"), any_date},
      {Url("/api/v1/children/", b.child, "/allocation"),
       {{"team_id", server_.teams().police}, {"start", "2025-05-01"}}},
      {Url("/api/v1/children/", b.child, "/care"),
       {{"start", "2025-05-01"},
        {"legal_status", "C2"},
        {"category_of_need", "N1"},
        {"placement_type", "U1"}}},
      {Url("/api/v1/children/", b.child, "/care/changes"),
       {{"date", "2025-05-01"},
        {"reason_new_episode", "P"},
        {"legal_status", "C2"},
        {"category_of_need", "N1"},
        {"placement_type", "U1"}}},
      {Url("/api/v1/children/", b.child, "/care/end"),
       {{"date", "2025-05-01"}, {"reason_ceased", "E11"}}},
      {Url("/api/v1/children/", b.child, "/care/reviews"), any_date},
      {Url("/api/v1/children/", b.child, "/missing"), {{"kind", "M"}, {"start", "2025-05-01"}}},
      {Url("/api/v1/children/", b.child, "/care-leaver-contacts"),
       {{"date", "2025-05-01"}, {"in_touch", "YES"}}},
      {Url("/api/v1/children/", b.child, "/notes"),
       {{"date", "2025-05-01"}, {"summary", "Seen at school"}}},
  };
  for (const auto& [target, body] : writes) {
    expect_refused(PostIf(police, target, body, etag), "POST " + target);
  }
  EXPECT_EQ(Counts(server_), before)
      << "a refused request writes nothing but the record of its refusal";
  EXPECT_EQ(police.Get("/api/v1/children/999999").status, 404);

  // Discovery tells the officer the child is known and whom to contact,
  // never who the child is.
  HttpResult found = police.Get("/api/v1/children/search?name=Ada+Quennell");
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(found.json()["items"].size(), 1u) << found.body;
  json match = found.json()["items"][0];
  EXPECT_FALSE(match["cleared"]);
  EXPECT_FALSE(match.contains("person_id"));
  EXPECT_FALSE(match.contains("forename"));
  EXPECT_FALSE(match.contains("birth_date"));
  EXPECT_EQ(found.body.find("Quennell"), std::string::npos);
  ASSERT_EQ(match["contacts"].size(), 1u);
  EXPECT_EQ(match["contacts"][0]["team_id"], server_.teams().assessment);
}

TEST_F(ApiJourneyTest, BreakGlassOpensTheRecordAndTheAccessLogShowsIt) {
  Built b = BuildJourney("Ravensworth");
  server_.Allocate(b.child, server_.teams().assessment, server_.users().social_worker.worker_id,
                   D("2025-03-03"));
  Client police = server_.SignedIn(server_.users().police);
  ASSERT_EQ(police.Get(Url("/api/v1/children/", b.child)).status, 403);

  HttpResult too_short = police.Post(Url("/api/v1/children/", b.child, "/break-glass"),
                                     {{"reason", "urgent need to know"},  // 19 characters
                                      {"lawful_basis", "vital interests"}});
  EXPECT_EQ(too_short.status, 400) << too_short.body;
  HttpResult grant =
      police.Post(Url("/api/v1/children/", b.child, "/break-glass"),
                  {{"reason", "Child found alone at 2am; need to know who holds the case"},
                   {"lawful_basis", "vital interests (UK GDPR 6(1)(d))"},
                   {"minutes", 30}});
  ASSERT_EQ(grant.status, 201) << grant.body;
  EXPECT_EQ(grant.json()["minutes"], 30);
  HttpResult read = police.Get(Url("/api/v1/children/", b.child));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["person"]["surname"], "Ravensworth");

  // The team that owns the case sees who looked, why and when.
  Client manager = server_.SignedIn(server_.users().manager);
  HttpResult log = manager.Get(Url("/api/v1/children/", b.child, "/access-log"));
  ASSERT_EQ(log.status, 200) << log.body;
  bool glass = false;
  bool read_by_police = false;
  const json entries = log.json()["items"];
  for (const auto& e : entries) {
    if (e["user"] != server_.users().police.username) continue;
    if (e["action"] == "break-glass") glass = true;
    if (e["action"] == "read" && e["basis"] == "break-glass") read_by_police = true;
  }
  EXPECT_TRUE(glass) << log.body;
  EXPECT_TRUE(read_by_police) << log.body;

  // Paged by sequence, newest first, no repeats (reading the log is itself
  // logged, so later pages may start with newer rows).
  std::vector<int64_t> seqs;
  std::string target = Url("/api/v1/children/", b.child, "/access-log?limit=3");
  for (int pages = 0; pages < 20 && !target.empty(); ++pages) {
    HttpResult page = manager.Get(target);
    ASSERT_EQ(page.status, 200) << page.body;
    const json body = page.json();
    for (const auto& e : body["items"]) seqs.push_back(e["seq"]);
    target = body["next"].is_null() ? "" : body["next"].get<std::string>();
  }
  EXPECT_GE(seqs.size(), entries.size());
  EXPECT_TRUE(std::adjacent_find(seqs.begin(), seqs.end(), std::less_equal<>()) == seqs.end())
      << "seqs strictly decrease";

  // A partner who is not cleared may not read the access log.
  EXPECT_EQ(server_.SignedIn(server_.users().school)
                .Get(Url("/api/v1/children/", b.child, "/access-log"))
                .status,
            403);
}

// --- Restricted police information -------------------------------------------

TEST_F(ApiJourneyTest, PoliceRestrictedNoteWithheldFromCouncilShownToPoliceInvolved) {
  const auto& users = server_.users();
  const int64_t child = server_.AddChild("Noah", "Fairbanks");
  server_.Allocate(child, server_.teams().assessment, users.social_worker.worker_id,
                   D("2025-05-01"));
  server_.Involve(child, server_.teams().police, users.police.worker_id, D("2025-05-01"));
  const std::string secret = "Intelligence: an adult in the household is under investigation";
  server_.AddPoliceRestrictedNote(child, secret);
  server_.AddNote(child, "Home visit: child seen alone");

  Client worker = server_.SignedIn(users.social_worker);
  HttpResult record = worker.Get(Url("/api/v1/children/", child));
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_EQ(record.body.find(secret), std::string::npos);
  json status = record.json()["status"];
  EXPECT_TRUE(status["restricted_items_present"]);
  ASSERT_EQ(status["restricted_items"].size(), 1u);
  EXPECT_EQ(status["restricted_items"][0]["owner_agency"], "POLICE");
  EXPECT_EQ(status["restricted_items"][0]["visible_to_you"], false);
  HttpResult chronology = worker.Get(Url("/api/v1/children/", child, "/chronology"));
  ASSERT_EQ(chronology.status, 200);
  EXPECT_EQ(chronology.body.find(secret), std::string::npos);
  EXPECT_NE(chronology.body.find("Home visit: child seen alone"), std::string::npos);
  ASSERT_EQ(chronology.json()["withheld"].size(), 1u);
  EXPECT_EQ(chronology.json()["withheld"][0]["classification"], "police-restricted");
  EXPECT_EQ(chronology.json()["withheld"][0]["owner_agency"], "POLICE");
  EXPECT_EQ(chronology.json()["withheld"][0]["count"], 1);

  Client police = server_.SignedIn(users.police);
  HttpResult theirs = police.Get(Url("/api/v1/children/", child, "/chronology"));
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_NE(theirs.body.find(secret), std::string::npos);
  EXPECT_TRUE(theirs.json()["withheld"].empty());
  json police_record = police.Get(Url("/api/v1/children/", child)).json();
  EXPECT_EQ(police_record["status"]["restricted_items"][0]["visible_to_you"], true);

  // The officer adds restricted intelligence over the API; the council still
  // sees only that it exists. A council worker may not restrict to police.
  const std::string etag = ETagOf(police, child);
  HttpResult added = PostIf(police, Url("/api/v1/children/", child, "/notes"),
                            {{"date", "2025-06-01"},
                             {"summary", "Second intelligence item"},
                             {"classification", "police-restricted"}},
                            etag);
  ASSERT_EQ(added.status, 201) << added.body;
  json after = worker.Get(Url("/api/v1/children/", child, "/chronology")).json();
  EXPECT_EQ(after.dump().find("Second intelligence item"), std::string::npos);
  EXPECT_EQ(after["withheld"][0]["count"], 2);
  HttpResult refused = PostIf(worker, Url("/api/v1/children/", child, "/notes"),
                              {{"date", "2025-06-01"},
                               {"summary", "Trying to restrict"},
                               {"classification", "police-restricted"}},
                              ETagOf(worker, child));
  EXPECT_EQ(refused.status, 403) << refused.body;
}

// --- Hostile input --------------------------------------------------------------

TEST_F(ApiJourneyTest, SqlInjectionIsStoredVerbatimAndTablesStayIntact) {
  server_.AddChild("Robert", "Tables", D("2014-02-03"));
  Client front_door = server_.SignedIn(server_.users().front_door);
  const int64_t persons = server_.CountRows("persons");
  for (const char* query :
       {"name=Robert%27%29%3B+DROP+TABLE+persons%3B--", "identifier=%27+OR+%271%27%3D%271",
        "name=%25", "name=_a", "identifier=1%3BDELETE+FROM+chronology"}) {
    HttpResult r = front_door.Get(std::string("/api/v1/children/search?") + query);
    EXPECT_TRUE(r.status == 200 || r.status == 400) << query << ": " << r.status << r.body;
    if (r.status == 200) {
      EXPECT_TRUE(r.json()["items"].empty()) << query << ": " << r.body;
    }
  }
  EXPECT_EQ(server_.CountRows("persons"), persons);

  const std::string evil = "Robert'); DROP TABLE persons;--";
  HttpResult made = front_door.Post("/api/v1/children", {{"forename", evil},
                                                         {"surname", "O'Brien \" --"},
                                                         {"birth_date", "2014-02-03"},
                                                         {"sex", "M"},
                                                         {"ethnicity", "WBRI"},
                                                         {"la_child_id", "1' OR '1'='1"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t child = made.json()["person"]["id"];
  json record = front_door.Get(Url("/api/v1/children/", child)).json();
  EXPECT_EQ(record["person"]["forename"], evil);
  EXPECT_EQ(record["person"]["surname"], "O'Brien \" --");
  EXPECT_EQ(record["person"]["identifiers"]["la_child_id"], "1' OR '1'='1");
  EXPECT_EQ(server_.CountRows("persons"), persons + 1);

  HttpResult note = PostIf(front_door, Url("/api/v1/children/", child, "/notes"),
                           {{"date", "2025-06-01"}, {"summary", "'; DELETE FROM chronology; --"}},
                           made.Header("etag"));
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(note.json()["summary"], "'; DELETE FROM chronology; --");
  EXPECT_GE(server_.CountRows("chronology"), 2);
  HttpResult found = front_door.Get("/api/v1/children/search?identifier=1%27+OR+%271%27%3D%271");
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(found.json()["items"].size(), 1u);
  EXPECT_EQ(found.json()["items"][0]["person_id"], child);
}

TEST_F(ApiJourneyTest, BadBodiesAre400Or422WithNothingWritten) {
  const int64_t child = server_.AddChild("Eve", "Marsh", D("2016-01-01"));
  server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id,
                   D("2025-05-01"));
  Client worker = server_.SignedIn(server_.users().social_worker);
  const std::string etag = ETagOf(worker, child);
  const std::string contacts = Url("/api/v1/children/", child, "/contacts");
  const std::string tomorrow = server_.today().AddDays(1).Iso();
  const auto before = Counts(server_);

  struct Case {
    const char* name;
    std::string target;
    json body;
    int status;
  };
  const std::vector<Case> cases = {
      {"date as a number", contacts, {{"date", 20250502}, {"source", "1A"}}, 400},
      {"factors as a string",
       contacts,
       {{"date", "2025-05-02"}, {"source", "1A"}, {"factors", "domestic_abuse"}},
       400},
      {"team id as text",
       contacts,
       {{"date", "2025-05-02"}, {"source", "1A"}, {"team_id", "1"}},
       400},
      {"unknown field", contacts, {{"date", "2025-05-02"}, {"source", "1A"}, {"sauce", "1A"}}, 400},
      {"missing field", contacts, {{"date", "2025-05-02"}}, 400},
      {"30 February", contacts, {{"date", "2025-02-30"}, {"source", "1A"}}, 400},
      {"UK date form", contacts, {{"date", "02/05/2025"}, {"source", "1A"}}, 400},
      {"future date", contacts, {{"date", tomorrow}, {"source", "1A"}}, 400},
      {"unknown source code", contacts, {{"date", "2025-05-02"}, {"source", "ZZ"}}, 400},
      {"body is an array", contacts, json::array({1, 2}), 400},
      {"referral without primary need",
       Url("/api/v1/children/", child, "/referrals"),
       {{"date", "2025-05-02"}, {"source", "1A"}},
       400},
      {"future note",
       Url("/api/v1/children/", child, "/notes"),
       {{"date", tomorrow}, {"summary", "later"}},
       400},
      {"care ended while not in care",
       Url("/api/v1/children/", child, "/care/end"),
       {{"date", "2025-05-02"}, {"reason_ceased", "E11"}},
       422},
      {"missing while not in care",
       Url("/api/v1/children/", child, "/missing"),
       {{"kind", "M"}, {"start", "2025-05-02"}},
       422},
  };
  for (const auto& c : cases) {
    HttpResult r = PostIf(worker, c.target, c.body, etag);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_NE(r.Header("content-type").find("application/problem+json"), std::string::npos)
        << c.name;
  }
  HttpResult malformed = worker.PostText(contacts, "{\"date\": \"2025-05-02\",", "application/json",
                                         {{"If-Match", etag}});
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  HttpResult unknown_name = worker.Post(
      contacts, {{"date", "2025-05-02"}, {"source", "1A"}, {"sauce", 1}}, {{"If-Match", etag}});
  EXPECT_NE(unknown_name.body.find("sauce"), std::string::npos) << "the field is named";
  EXPECT_EQ(Counts(server_), before);
  EXPECT_EQ(ETagOf(worker, child), etag) << "the child's version did not move";

  EXPECT_EQ(worker.Get("/api/v1/children/abc").status, 400);
  EXPECT_EQ(worker.Get("/api/v1/children/search").status, 400) << "no criterion";
  EXPECT_EQ(worker.Get("/api/v1/children/search?birth_date=2016-13-01").status, 400);
  EXPECT_EQ(worker.Get("/api/v1/referrals/987654").status, 404);
}

}  // namespace
}  // namespace sg
