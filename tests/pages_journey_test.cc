// The journey's step forms in the browser's way: a real server with the
// pages mounted, driven by forms posted as a browser posts them.
//
// What is checked: the journey from a contact decided as a referral to a
// child protection plan, each step through its form (the referral form
// prefilled from the contact), and the plan with its first review due in
// the record; invalid forms (a missing date, a date in the future, a date
// before the referral, a missing choice) answered 400 with the messages in
// the error summary and by the fields, what was typed kept and nothing
// recorded; a form opened before someone else changed the record shown
// again (409) with the "record changed" message, the entry kept and nothing
// recorded, then accepted when sent again; a user not cleared for the child
// refused on the form and on its submission; every step's form renders.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "core/date.h"
#include "http/form.h"
#include "journey/clocks.h"
#include "pages_support.h"

namespace sg {
namespace {

using core::Date;
using nlohmann::json;
using testing::AddDate;
using testing::Client;
using testing::D;
using testing::Fields;
using testing::HttpResult;
using testing::VersionIn;

std::string Path(std::string_view base, int64_t id, std::string_view tail = "") {
  return std::string(base) + std::to_string(id) + std::string(tail);
}

class PagesJourneyTest : public testing::PagesTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(PagesTest::SetUp());
    child_ = server_.AddChild("Ada", "Lovelace", D("2015-05-01"));
    server_.Allocate(child_, server_.teams().assessment, server_.users().social_worker.worker_id,
                     D("2025-01-06"));
  }

  // A contact at the front door decided as a referral (the system's doing).
  int64_t ContactDecidedAsReferral() {
    const int64_t id = testing::SystemContact(server_, child_, D("2025-05-12"), "5A");
    EXPECT_TRUE(
        server_.journey().DecideContact(server_.system_actor(), id, D("2025-05-12"), "referral"));
    return id;
  }

  // A referral of 12 May 2025, opened by the system.
  int64_t Referral() { return testing::SystemReferral(server_, child_, D("2025-05-12")); }

  // GET the form (200), then POST `fields` with its version.
  HttpResult Submit(Client& client, const std::string& path, Fields fields) {
    HttpResult form = client.Get(path);
    EXPECT_EQ(form.status, 200) << path << "\n" << form.body;
    fields.emplace_back("version", VersionIn(form.body));
    return client.PostForm(path, fields);
  }

  // Submit, expecting 303 to the child's record with `notice`.
  void Record(Client& client, const std::string& path, Fields fields, std::string_view notice) {
    HttpResult r = Submit(client, path, std::move(fields));
    ASSERT_EQ(r.status, 303) << path << "\n" << r.body;
    EXPECT_EQ(r.Header("location"), Path("/children/", child_));
    EXPECT_NE(r.Header("set-cookie").find(http::UrlEncode(notice)), std::string::npos)
        << r.Header("set-cookie");
  }

  // The child's record as the API shows it.
  json RecordJson(Client& client) {
    HttpResult r = client.Get(Path("/api/v1/children/", child_));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  int64_t child_ = 0;
};

TEST_F(PagesJourneyTest, ReferralToChildProtectionPlanThroughTheForms) {
  Client sw = server_.SignedIn(server_.users().social_worker);
  const int64_t contact = ContactDecidedAsReferral();

  // The referral form, prefilled from the contact, names the child.
  const std::string referrals = Path("/children/", child_, "/referrals");
  HttpResult form = sw.Get(referrals + "?contact=" + std::to_string(contact));
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("<span class=\"govuk-caption-l\">Ada Lovelace</span>"),
            std::string::npos);
  EXPECT_NE(form.body.find("href=\"/children/" + std::to_string(child_) + "\""), std::string::npos);
  EXPECT_NE(form.body.find("id=\"date-day\" name=\"date-day\" type=\"text\" inputmode=\"numeric\" "
                           "value=\"12\""),
            std::string::npos);
  EXPECT_NE(form.body.find("<option value=\"5A\" selected>"), std::string::npos);
  EXPECT_NE(form.body.find("name=\"contact_id\" value=\"" + std::to_string(contact) + "\""),
            std::string::npos);
  // Codes are shown with their descriptions.
  EXPECT_NE(form.body.find("Abuse, neglect and exploitation"), std::string::npos);

  Fields referral = {{"contact_id", std::to_string(contact)},
                     {"source", "5A"},
                     {"primary_need", "N1"},
                     {"version", VersionIn(form.body)}};
  AddDate(referral, "date", "12", "5", "2025");
  HttpResult made = sw.PostForm(referrals, referral);
  ASSERT_EQ(made.status, 303) << made.body;
  EXPECT_EQ(made.Header("location"), Path("/children/", child_));

  json record = RecordJson(sw);
  ASSERT_EQ(record["journey"]["referrals"].size(), 1u);
  const int64_t referral_id = record["journey"]["referrals"][0]["id"];
  EXPECT_EQ(record["journey"]["referrals"][0]["contact_id"], contact);

  Fields start;
  AddDate(start, "start", "13", "5", "2025");
  Record(sw, Path("/referrals/", referral_id, "/assessments"), start, "Assessment started");
  const int64_t assessment = RecordJson(sw)["journey"]["referrals"][0]["assessments"][0]["id"];

  Fields authorise = {{"factors", "16A"}, {"factors", "3A"}};
  AddDate(authorise, "date", "20", "5", "2025");
  Record(sw, Path("/assessments/", assessment, "/authorisation"), authorise,
         "Assessment authorised");

  Fields discussion;
  AddDate(discussion, "date", "21", "5", "2025");
  Record(sw, Path("/referrals/", referral_id, "/strategy-discussions"), discussion,
         "Strategy discussion recorded");
  const int64_t discussion_id =
      RecordJson(sw)["journey"]["referrals"][0]["strategy_discussions"][0]["id"];

  Fields enquiry;
  AddDate(enquiry, "start", "21", "5", "2025");
  Record(sw, Path("/strategy-discussions/", discussion_id, "/section47"), enquiry,
         "Section 47 enquiry started");
  const int64_t section47 =
      RecordJson(sw)["journey"]["referrals"][0]["section47_enquiries"][0]["id"];

  // The conference form offers the enquiry, chosen already as the only one.
  const std::string conferences = Path("/referrals/", referral_id, "/conferences");
  HttpResult icpc_form = sw.Get(conferences);
  ASSERT_EQ(icpc_form.status, 200);
  EXPECT_NE(icpc_form.body.find("value=\"" + std::to_string(section47) + "\" checked"),
            std::string::npos);
  EXPECT_NE(icpc_form.body.find("Neglect"), std::string::npos);
  Fields icpc = {
      {"section47_id", std::to_string(section47)}, {"plan_made", "yes"}, {"category", "NEG"}};
  AddDate(icpc, "date", "30", "5", "2025");
  Record(sw, conferences, icpc, "Conference recorded and child protection plan started");

  record = RecordJson(sw);
  const json& ref = record["journey"]["referrals"][0];
  ASSERT_EQ(ref["conferences"].size(), 1u);
  EXPECT_EQ(ref["conferences"][0]["section47_id"], section47);
  ASSERT_EQ(ref["cp_plans"].size(), 1u);
  EXPECT_EQ(ref["cp_plans"][0]["start"], "2025-05-30");
  EXPECT_EQ(ref["cp_plans"][0]["initial_category"], "NEG");
  EXPECT_EQ(ref["assessments"][0]["authorised"], "2025-05-20");
  // The plan's first review is due, three months from the conference.
  const Date due = journey::CpReviewDue(D("2025-05-30"), {});
  bool review_due = false;
  for (const json& step : record["next_steps"]) {
    review_due = review_due || (step["kind"] == "cp_review" && step["due"] == due.Iso());
  }
  EXPECT_TRUE(review_due) << record["next_steps"].dump(2);
}

TEST_F(PagesJourneyTest, MissingDateIs400WithTheMessageByTheFieldAndNothingRecorded) {
  Client sw = server_.SignedIn(server_.users().social_worker);
  const std::string path = Path("/referrals/", Referral(), "/assessments");
  const int64_t before = server_.CountRows("assessments");
  HttpResult r = Submit(sw, path, {{"start-day", ""}, {"start-month", ""}, {"start-year", ""}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<title>Error: Start an assessment - Safeguard</title>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"#start\">Enter the date the assessment started</a>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<p id=\"start-error\" class=\"govuk-error-message\">"), std::string::npos);
  EXPECT_EQ(server_.CountRows("assessments"), before);
}

TEST_F(PagesJourneyTest, DateInTheFutureIs400AndKeepsWhatWasTyped) {
  Client sw = server_.SignedIn(server_.users().social_worker);
  const std::string path = Path("/referrals/", Referral(), "/assessments");
  Fields fields;
  AddDate(fields, "start", "3", "6", "2025");  // today is 2 June 2025
  HttpResult r = Submit(sw, path, fields);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Date the assessment started must be today or in the past"),
            std::string::npos);
  EXPECT_NE(r.body.find("name=\"start-day\" type=\"text\" inputmode=\"numeric\" value=\"3\""),
            std::string::npos);
  EXPECT_NE(r.body.find("name=\"start-month\" type=\"text\" inputmode=\"numeric\" value=\"6\""),
            std::string::npos);
  EXPECT_EQ(server_.CountRows("assessments"), 0);
}

TEST_F(PagesJourneyTest, DateBeforeTheReferralIs400WithTheJourneysMessageByTheDate) {
  Client sw = server_.SignedIn(server_.users().social_worker);
  const std::string path = Path("/referrals/", Referral(), "/assessments");
  Fields fields;
  AddDate(fields, "start", "11", "5", "2025");  // the referral is of 12 May
  HttpResult r = Submit(sw, path, fields);
  EXPECT_EQ(r.status, 400) << r.body;
  const std::string message =
      "The assessment start (11 May 2025) cannot be before the referral date (12 May 2025)";
  EXPECT_NE(r.body.find("<a href=\"#start\">" + message + "</a>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<span class=\"govuk-visually-hidden\">Error:</span> " + message),
            std::string::npos);
  EXPECT_NE(r.body.find("name=\"start-day\" type=\"text\" inputmode=\"numeric\" value=\"11\""),
            std::string::npos);
  EXPECT_EQ(server_.CountRows("assessments"), 0);
}

TEST_F(PagesJourneyTest, MissingChoicesAre400WithEachMessageAndTheDateKept) {
  Client sw = server_.SignedIn(server_.users().social_worker);
  const std::string path = Path("/children/", child_, "/referrals");
  Fields fields;
  AddDate(fields, "date", "12", "5", "2025");
  HttpResult r = Submit(sw, path, fields);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<a href=\"#source\">Select who made the referral</a>"), std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"#primary_need\">Select the child&apos;s primary need</a>"),
            std::string::npos);
  EXPECT_NE(r.body.find("name=\"date-day\" type=\"text\" inputmode=\"numeric\" value=\"12\""),
            std::string::npos);
  EXPECT_EQ(server_.CountRows("referrals"), 0);

  // A conference that decided on a plan needs its category.
  const std::string conferences = Path("/referrals/", Referral(), "/conferences");
  Fields icpc = {{"section47_id", "transfer_in"}, {"plan_made", "yes"}};
  AddDate(icpc, "date", "30", "5", "2025");
  r = Submit(sw, conferences, icpc);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<a href=\"#category\">Select the category of abuse</a>"),
            std::string::npos);
  EXPECT_NE(r.body.find("name=\"plan_made\" type=\"radio\" value=\"yes\" "
                        "checked"),
            std::string::npos);
  EXPECT_EQ(server_.CountRows("icpcs"), 0);
}

TEST_F(PagesJourneyTest, StaleVersionShowsTheFormAgainWithTheEntryKeptAndRecordsNothing) {
  Client sw = server_.SignedIn(server_.users().social_worker);
  const std::string path = Path("/referrals/", Referral(), "/assessments");
  HttpResult form = sw.Get(path);
  ASSERT_EQ(form.status, 200);
  const std::string opened = VersionIn(form.body);
  // Someone else records something on the child meanwhile.
  server_.AddNote(child_, "Telephone call with the school");

  Fields fields = {{"version", opened}};
  AddDate(fields, "start", "14", "5", "2025");
  HttpResult r = sw.PostForm(path, fields);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("This record changed since you opened this form"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"start-day\" type=\"text\" inputmode=\"numeric\" value=\"14\""),
            std::string::npos);
  EXPECT_EQ(server_.CountRows("assessments"), 0);
  const std::string now = VersionIn(r.body);
  EXPECT_NE(now, opened);

  // Sent again from the form shown, it is recorded.
  fields[0].second = now;
  r = sw.PostForm(path, fields);
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(server_.CountRows("assessments"), 1);
}

TEST_F(PagesJourneyTest, UserNotClearedForTheChildIsRefusedTheFormAndItsSubmission) {
  const std::string path = Path("/referrals/", Referral(), "/assessments");
  Client police = server_.SignedIn(server_.users().police);  // not involved with the child
  HttpResult form = police.Get(path);
  EXPECT_EQ(form.status, 403);
  EXPECT_EQ(form.body.find("Lovelace"), std::string::npos);
  Fields fields = {{"version", "1"}};
  AddDate(fields, "start", "14", "5", "2025");
  HttpResult r = police.PostForm(path, fields);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body.find("Lovelace"), std::string::npos);
  EXPECT_EQ(server_.CountRows("assessments"), 0);
}

TEST_F(PagesJourneyTest, EveryStepsFormRendersForTheChild) {
  auto& j = server_.journey();
  const auto& actor = server_.system_actor();
  const int64_t referral = Referral();
  const int64_t assessment = *j.StartAssessment(actor, referral, D("2025-05-13"));
  const int64_t cin_plan = *j.StartCinPlan(actor, referral, D("2025-05-14"));
  const int64_t discussion = *j.HoldStrategyDiscussion(actor, referral, D("2025-05-15"));
  const int64_t section47 = *j.StartSection47(actor, discussion, D("2025-05-15"));
  const int64_t icpc =
      *j.HoldInitialConference(actor, referral, section47, false, D("2025-05-30"), true);
  const int64_t plan = *j.StartCpPlan(actor, icpc, D("2025-05-30"), "EMO");
  const int64_t early_help = *j.StartEarlyHelp(actor, child_, D("2025-01-06"), std::nullopt);
  Client sw = server_.SignedIn(server_.users().social_worker);
  const std::map<std::string, std::string> forms = {
      {Path("/children/", child_, "/referrals"), "Record a referral"},
      {Path("/referrals/", referral, "/closure"), "Close the referral"},
      {Path("/referrals/", referral, "/assessments"), "Start an assessment"},
      {Path("/assessments/", assessment, "/authorisation"), "Authorise the assessment"},
      {Path("/referrals/", referral, "/cin-plans"), "Start a child in need plan"},
      {Path("/cin-plans/", cin_plan, "/end"), "End the child in need plan"},
      {Path("/referrals/", referral, "/strategy-discussions"), "Record a strategy discussion"},
      {Path("/strategy-discussions/", discussion, "/section47"), "Start a section 47 enquiry"},
      {Path("/section47/", section47, "/no-conference"), "Conclude the section 47 enquiry"},
      {Path("/referrals/", referral, "/conferences"), "initial child protection conference"},
      {Path("/conferences/", icpc, "/cp-plan"), "Start the child protection plan"},
      {Path("/cp-plans/", plan, "/reviews"), "Record a review conference"},
      {Path("/cp-plans/", plan, "/core-groups"), "Record a core group meeting"},
      {Path("/cp-plans/", plan, "/end"), "End the child protection plan"},
      {Path("/children/", child_, "/allocation"), "Allocate the child"},
      {Path("/children/", child_, "/early-help"), "Start early help"},
      {Path("/early-help/", early_help, "/end"), "End early help"},
      {Path("/children/", child_, "/care"), "Start a period of care"},
      {Path("/children/", child_, "/care/changes"), "Record a change of placement"},
      {Path("/children/", child_, "/care/end"), "End the period of care"},
      {Path("/children/", child_, "/care/reviews"), "Record a cared-for review"},
      {Path("/children/", child_, "/missing"), "Record a missing or away episode"},
      {Path("/children/", child_, "/care-leaver-contacts"), "Record contact with a care leaver"},
      {Path("/children/", child_, "/notes"), "Add a note to the chronology"},
  };
  for (const auto& [path, heading] : forms) {
    HttpResult r = sw.Get(path);
    EXPECT_EQ(r.status, 200) << path << "\n" << r.body;
    EXPECT_NE(r.body.find(heading), std::string::npos) << path;
    EXPECT_NE(r.body.find("Ada Lovelace"), std::string::npos) << path;
    EXPECT_NE(r.body.find("name=\"csrf_token\" value=\"" + sw.csrf_token() + "\""),
              std::string::npos)
        << path;
    EXPECT_NE(r.body.find("<form method=\"post\" action=\"" + path + "\""), std::string::npos)
        << path;
  }
  // A sub-record that does not exist is not found.
  EXPECT_EQ(sw.Get("/referrals/999999/assessments").status, 404);
}

TEST_F(PagesJourneyTest, CareFromStartToCareLeaverThroughTheForms) {
  Client sw = server_.SignedIn(server_.users().social_worker);
  Fields start = {{"legal_status", "C2"},
                  {"category_of_need", "N1"},
                  {"placement_type", "R1"},
                  {"placement_provider", ""}};
  AddDate(start, "start", "6", "1", "2025");
  Record(sw, Path("/children/", child_, "/care"), start, "Period of care started");

  Fields missing = {{"kind", "M"}};
  AddDate(missing, "start", "3", "2", "2025");
  AddDate(missing, "end", "4", "2", "2025");
  Record(sw, Path("/children/", child_, "/missing"), missing, "Missing episode recorded");

  Fields review = {{"participation", "PN1"}};
  AddDate(review, "date", "3", "2", "2025");
  Record(sw, Path("/children/", child_, "/care/reviews"), review, "Review recorded");

  Fields end = {{"reason_ceased", "E8"}};
  AddDate(end, "date", "1", "4", "2025");
  HttpResult ended = Submit(sw, Path("/children/", child_, "/care/end"), end);
  ASSERT_EQ(ended.status, 303) << ended.body;

  Fields leaver = {{"in_touch", "YES"}};
  AddDate(leaver, "date", "1", "5", "2025");
  HttpResult contact = Submit(sw, Path("/children/", child_, "/care-leaver-contacts"), leaver);
  EXPECT_EQ(contact.status, 303) << contact.body;

  json record = RecordJson(sw);
  ASSERT_EQ(record["care_episodes"].size(), 1u);
  EXPECT_EQ(record["care_episodes"][0]["legal_status"], "C2");
  EXPECT_EQ(record["care_episodes"][0]["end"], "2025-04-01");
  EXPECT_EQ(record["missing"].size(), 1u);
  EXPECT_EQ(record["care_leaver_contacts"].size(), 1u);
}

TEST_F(PagesJourneyTest, PoliceNoteCanBeRestrictedToThePoliceAndIsWithheldFromTheCouncil) {
  server_.Involve(child_, server_.teams().police, server_.users().police.worker_id);
  const std::string notes = Path("/children/", child_, "/notes");
  // Council users have no classification to give.
  Client sw = server_.SignedIn(server_.users().social_worker);
  HttpResult council_form = sw.Get(notes);
  ASSERT_EQ(council_form.status, 200);
  EXPECT_EQ(council_form.body.find("name=\"classification\""), std::string::npos);

  Client police = server_.SignedIn(server_.users().police);
  HttpResult form = police.Get(notes);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("value=\"police-restricted\""), std::string::npos);
  // An empty note is refused by the field, the classification kept.
  Fields note = {{"summary", "  "}, {"classification", "police-restricted"}};
  AddDate(note, "date", "1", "6", "2025");
  HttpResult r = Submit(police, notes, note);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<a href=\"#summary\">Enter what happened</a>"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"police-restricted\" checked"), std::string::npos);

  note[0].second = "Intelligence about an adult at the address";
  Record(police, notes, note, "Note added to the chronology");
  HttpResult chronology = sw.Get(Path("/api/v1/children/", child_, "/chronology"));
  ASSERT_EQ(chronology.status, 200);
  EXPECT_EQ(chronology.body.find("Intelligence about an adult"), std::string::npos);
  ASSERT_EQ(chronology.json()["withheld"].size(), 1u);
  EXPECT_EQ(chronology.json()["withheld"][0]["classification"], "police-restricted");
}

TEST_F(PagesJourneyTest, ConferenceWithoutAPlanRecordsNoPlan) {
  Client sw = server_.SignedIn(server_.users().social_worker);
  const int64_t referral = Referral();
  Fields icpc = {{"section47_id", "transfer_in"}, {"plan_made", "no"}};
  AddDate(icpc, "date", "30", "5", "2025");
  Record(sw, Path("/referrals/", referral, "/conferences"), icpc, "Conference recorded");
  json ref = RecordJson(sw)["journey"]["referrals"][0];
  ASSERT_EQ(ref["conferences"].size(), 1u);
  EXPECT_EQ(ref["conferences"][0]["transfer_in"], true);
  EXPECT_EQ(ref["cp_plans"].size(), 0u);
}

}  // namespace
}  // namespace sg
