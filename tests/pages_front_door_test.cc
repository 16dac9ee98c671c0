// The front door in the browser's way: a real server with the pages mounted,
// driven by GET links and forms posted as a browser posts them.
//
// What is checked: a front-door practitioner finds nobody, registers the
// child from the search (what was typed carried over), records a contact
// with two factors and a screening tool, sees it awaiting a decision, and
// decides it as a referral (303 to the referral form prefilled from the
// contact), each step read back through the API; the decision clock's tags
// on the start page (overdue, due today, on time) at the boundary of the
// next working day; invalid forms (no source and a future date; a child
// with no date and a wrong NHS number; a decision dated before its contact)
// answered 400 with the messages and what was typed kept, nothing recorded;
// a stale contact form refused (409) and nothing recorded; several children
// in one consultation sharing a reference; discovery without disclosure (a
// partner practitioner not working with the child sees only whom to
// contact: no name, no date of birth, no link; once involved, the link); a
// user who may not record contacts refused on every form and submission.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "journey/journey.h"
#include "pages_support.h"

namespace sg {
namespace {

using core::Date;
using nlohmann::json;
using testing::AddDate;
using testing::Client;
using testing::Contains;
using testing::D;
using testing::Fields;
using testing::HttpResult;
using testing::VersionIn;

// The id in a Location such as "/contacts/12/decision", or 0.
int64_t IdIn(const std::string& location, const std::string& pattern) {
  std::smatch m;
  return std::regex_match(location, m, std::regex(pattern)) ? std::stoll(m[1].str()) : 0;
}

class PagesFrontDoorTest : public testing::PagesTest {
 protected:
  // A contact recorded by the system on `date` (source: a school).
  int64_t SystemContact(int64_t child, Date date) {
    return testing::SystemContact(server_, child, date, "2A");
  }

  // A valid contact form for `child`, with the version the form page carries.
  Fields ContactForm(Client& client, int64_t child) {
    HttpResult form = client.Get("/children/" + std::to_string(child) + "/contacts");
    EXPECT_EQ(form.status, 200) << form.body;
    Fields fields = {{"version", VersionIn(form.body)},
                     {"contactor", "Sam Jones, class teacher"},
                     {"source", "2A"},
                     {"factors", "domestic_abuse"},
                     {"factors", "neglect"},
                     {"screening_tools", "dash"},
                     {"summary", "Bruising seen on the child's arm at school"},
                     {"next", "decide"}};
    AddDate(fields, "date", "2", "6", "2025");
    return fields;
  }

  json ContactByApi(Client& client, int64_t contact) {
    HttpResult r = client.Get("/api/v1/contacts/" + std::to_string(contact));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
};

TEST_F(PagesFrontDoorTest, FrontDoorSearchesRegistersRecordsTwoFactorsAndDecidesReferral) {
  Client fd = server_.SignedIn(server_.users().front_door);

  HttpResult start = fd.Get("/front-door");
  ASSERT_EQ(start.status, 200) << start.body;
  EXPECT_TRUE(Contains(start.body, "Find the child first"));
  EXPECT_TRUE(Contains(start.body, "No contacts are waiting for a decision."));

  // Search first: nobody, so the button carries what was typed.
  HttpResult found = fd.Get(
      "/children?name=Zara+Quinn&dob-day=3&dob-month=4&dob-year=2015"
      "&identifier=943+476+5919");
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_TRUE(Contains(found.body, "No child matches"));
  EXPECT_TRUE(Contains(found.body,
                       "href=\"/children/new?forename=Zara&amp;surname=Quinn&amp;dob-day=3"
                       "&amp;dob-month=4&amp;dob-year=2015&amp;nhs_number=9434765919\""))
      << found.body;
  HttpResult prefilled = fd.Get("/children/new?forename=Zara&surname=Quinn&dob-day=3");
  ASSERT_EQ(prefilled.status, 200) << prefilled.body;
  EXPECT_TRUE(Contains(prefilled.body, "value=\"Zara\""));

  Fields child_form = {{"forename", "Zara"},
                       {"surname", "Quinn"},
                       {"sex", "F"},
                       {"nhs_number", "943 476 5919"},
                       {"postcode", "cw1 2ab"}};
  AddDate(child_form, "dob", "3", "4", "2015");
  HttpResult registered = fd.PostForm("/children/new", child_form);
  ASSERT_EQ(registered.status, 303) << registered.body;
  const int64_t child = IdIn(registered.Header("location"), R"(/children/(\d+)/contacts)");
  ASSERT_GT(child, 0) << registered.Header("location");
  json record = fd.Get("/api/v1/children/" + std::to_string(child)).json();
  EXPECT_EQ(record["person"]["birth_date"], "2015-04-03") << record.dump();
  EXPECT_EQ(record["person"]["identifiers"]["nhs_number"], "9434765919");
  EXPECT_EQ(record["person"]["home_postcode"], "CW1 2AB");

  // The contact, with two factors and a screening tool.
  HttpResult recorded =
      fd.PostForm("/children/" + std::to_string(child) + "/contacts", ContactForm(fd, child));
  ASSERT_EQ(recorded.status, 303) << recorded.body;
  const int64_t contact = IdIn(recorded.Header("location"), R"(/contacts/(\d+)/decision)");
  ASSERT_GT(contact, 0) << recorded.Header("location");
  json made = ContactByApi(fd, contact);
  EXPECT_EQ(made["factors"], json::array({"domestic_abuse", "neglect"}));
  EXPECT_EQ(made["screening_tools"], json::array({"DASH risk assessment"}));
  EXPECT_EQ(made["source"], "2A");
  EXPECT_EQ(made["contactor"], "Sam Jones, class teacher");
  EXPECT_EQ(made["team_id"], server_.teams().front_door);
  EXPECT_TRUE(made["decision_date"].is_null());

  // Awaiting a decision, due by the end of the next working day.
  start = fd.Get("/front-door");
  EXPECT_TRUE(Contains(start.body, "Zara Quinn")) << start.body;
  EXPECT_TRUE(Contains(start.body, "href=\"/contacts/" + std::to_string(contact) + "/decision\""));
  HttpResult decision = fd.Get(recorded.Header("location"));
  ASSERT_EQ(decision.status, 200) << decision.body;
  EXPECT_TRUE(Contains(decision.body, "Decide by <strong>3 June 2025</strong>")) << decision.body;
  EXPECT_TRUE(Contains(decision.body, "Domestic abuse, Neglect"));
  EXPECT_TRUE(Contains(decision.body, "Schools"));

  Fields decide = {{"version", VersionIn(decision.body)}, {"outcome", "referral"}};
  AddDate(decide, "date", "2", "6", "2025");
  HttpResult decided = fd.PostForm(recorded.Header("location"), decide);
  ASSERT_EQ(decided.status, 303) << decided.body;
  EXPECT_EQ(decided.Header("location"),
            "/children/" + std::to_string(child) + "/referrals?contact=" + std::to_string(contact));
  made = ContactByApi(fd, contact);
  EXPECT_EQ(made["outcome"], "referral");
  EXPECT_EQ(made["decision_date"], "2025-06-02");
  HttpResult after = fd.Get(recorded.Header("location"));
  EXPECT_TRUE(Contains(after.body, "This contact was decided on 2 June 2025"));
  EXPECT_FALSE(Contains(after.body, "Save decision"));
  EXPECT_TRUE(Contains(fd.Get("/front-door").body, "No contacts are waiting for a decision."));
}

TEST_F(PagesFrontDoorTest, ContactWithoutSourceAndFutureDateIs400KeepingTheSummary) {
  const int64_t child = server_.AddChild("Ada", "Lovelace", D("2015-05-01"));
  Client fd = server_.SignedIn(server_.users().front_door);
  Fields fields = {
      {"version", VersionIn(fd.Get("/children/" + std::to_string(child) + "/contacts").body)},
      {"factors", "missing"},
      {"summary", "Ran away <twice> & came back"}};
  AddDate(fields, "date", "3", "6", "2025");  // tomorrow
  const int64_t contacts = server_.CountRows("contacts");
  const int64_t chronology = server_.CountRows("chronology");

  HttpResult r = fd.PostForm("/children/" + std::to_string(child) + "/contacts", fields);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(Contains(r.body, "govuk-error-summary"));
  EXPECT_TRUE(Contains(r.body, "<a href=\"#source\">Select where the contact came from</a>"))
      << r.body;
  EXPECT_TRUE(
      Contains(r.body, "<a href=\"#date\">Date of the contact must be today or in the past</a>"));
  EXPECT_TRUE(Contains(r.body, "Ran away &lt;twice&gt; &amp; came back</textarea>"));
  EXPECT_TRUE(Contains(r.body, "value=\"missing\" checked"));
  EXPECT_TRUE(Contains(r.body,
                       "id=\"date-day\" name=\"date-day\" type=\"text\" inputmode=\"numeric\" "
                       "value=\"3\""));
  EXPECT_TRUE(Contains(r.body, "<title>Error: Record a contact - Safeguard</title>"));
  EXPECT_EQ(server_.CountRows("contacts"), contacts);
  EXPECT_EQ(server_.CountRows("chronology"), chronology);
}

TEST_F(PagesFrontDoorTest, PartnerNotClearedSeesOnlyWhomToContactThenTheLinkOnceInvolved) {
  const int64_t child = server_.AddChild("Ada", "Lovelace", D("2015-05-01"));
  server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id);
  Client police = server_.SignedIn(server_.users().police);
  const std::string link = "href=\"/children/" + std::to_string(child) + "\"";

  HttpResult r = police.Get("/children?name=Lovelace");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body,
                       "A child matching these details is known to Assessment Team 1 "
                       "(Cheshire East Council Children&apos;s Social Care)"))
      << r.body;
  EXPECT_FALSE(Contains(r.body, "Ada Lovelace"));
  EXPECT_FALSE(Contains(r.body, "1 May 2015"));
  EXPECT_FALSE(Contains(r.body, link));
  EXPECT_FALSE(Contains(r.body, "Children you can see"));
  EXPECT_FALSE(Contains(r.body, "Register a new child"));  // a partner may not register

  server_.Involve(child, server_.teams().police, server_.users().police.worker_id);
  r = police.Get("/children?name=Lovelace");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, link));
  EXPECT_TRUE(Contains(r.body, "1 May 2015"));
  EXPECT_FALSE(Contains(r.body, "Record a contact"));  // cleared to read, not to record
}

TEST_F(PagesFrontDoorTest, UserNotAllowedToRecordContactsIsRefusedOnFormsAndSubmissions) {
  const int64_t child = server_.AddChild("Ada", "Lovelace", D("2015-05-01"));
  const int64_t contact = SystemContact(child, D("2025-06-02"));
  // Working with the child, so cleared to read the record: still no contacts.
  server_.Involve(child, server_.teams().police, server_.users().police.worker_id);
  Client police = server_.SignedIn(server_.users().police);
  const std::string contacts_path = "/children/" + std::to_string(child) + "/contacts";
  const std::string decision_path = "/contacts/" + std::to_string(contact) + "/decision";
  const int64_t contacts = server_.CountRows("contacts");
  const int64_t persons = server_.CountRows("persons");

  EXPECT_EQ(police.Get(contacts_path).status, 403);
  Fields fields = {{"version", "1"}, {"source", "6"}, {"summary", "Police visit"}};
  AddDate(fields, "date", "2", "6", "2025");
  HttpResult posted = police.PostForm(contacts_path, fields);
  EXPECT_EQ(posted.status, 403) << posted.body;
  EXPECT_TRUE(Contains(posted.body, "may not record the child&apos;s journey")) << posted.body;
  EXPECT_EQ(police.Get(decision_path).status, 403);
  Fields decide = {{"version", "1"}, {"outcome", "nfa"}};
  AddDate(decide, "date", "2", "6", "2025");
  EXPECT_EQ(police.PostForm(decision_path, decide).status, 403);
  EXPECT_EQ(police.Get("/children/new").status, 403);
  Fields child_form = {{"forename", "Zed"}, {"surname", "Quinn"}, {"sex", "M"}};
  AddDate(child_form, "dob", "1", "1", "2016");
  EXPECT_EQ(police.PostForm("/children/new", child_form).status, 403);

  EXPECT_EQ(server_.CountRows("contacts"), contacts);
  EXPECT_EQ(server_.CountRows("persons"), persons);
  EXPECT_TRUE(ContactByApi(police, contact)["outcome"].is_null());
}

TEST_F(PagesFrontDoorTest, StartPageTagsOverdueDueTodayAndOnTimeAtTheNextWorkingDay) {
  // Today is Monday 2 June 2025: a Thursday contact was due on Friday, a
  // Friday contact is due today (the next working day), today's tomorrow.
  const int64_t thursday = SystemContact(server_.AddChild("Tia", "Thursday"), D("2025-05-29"));
  const int64_t friday = SystemContact(server_.AddChild("Fay", "Friday"), D("2025-05-30"));
  const int64_t monday = SystemContact(server_.AddChild("Mo", "Monday"), D("2025-06-02"));
  Client fd = server_.SignedIn(server_.users().front_door);

  HttpResult start = fd.Get("/front-door");
  ASSERT_EQ(start.status, 200) << start.body;
  const auto overdue = start.body.find("govuk-tag--red\">Overdue");
  const auto due_today = start.body.find("govuk-tag--yellow\">Due today");
  const auto on_time = start.body.find("govuk-tag--green\">On time");
  ASSERT_NE(overdue, std::string::npos) << start.body;
  ASSERT_NE(due_today, std::string::npos);
  ASSERT_NE(on_time, std::string::npos);
  EXPECT_LT(overdue, due_today);  // soonest due first
  EXPECT_LT(due_today, on_time);
  EXPECT_LT(start.body.find("Tia Thursday"), start.body.find("Fay Friday"));
  EXPECT_TRUE(Contains(start.body, "/contacts/" + std::to_string(monday) + "/decision"));

  HttpResult page = fd.Get("/contacts/" + std::to_string(friday) + "/decision");
  EXPECT_TRUE(Contains(page.body, "Decide by <strong>2 June 2025</strong>")) << page.body;
  EXPECT_TRUE(Contains(page.body, "Due today"));
  page = fd.Get("/contacts/" + std::to_string(thursday) + "/decision");
  EXPECT_TRUE(Contains(page.body, "Decide by <strong>30 May 2025</strong>"));
  EXPECT_TRUE(Contains(page.body, "Overdue"));
}

TEST_F(PagesFrontDoorTest, StartPageOfASocialWorkerListsOnlyChildrenTheyWorkWith) {
  const int64_t theirs = server_.AddChild("Own", "Casechild");
  server_.Allocate(theirs, server_.teams().assessment, server_.users().social_worker.worker_id);
  SystemContact(theirs, D("2025-06-02"));
  SystemContact(server_.AddChild("Other", "Stranger"), D("2025-06-02"));
  Client worker = server_.SignedIn(server_.users().social_worker);

  HttpResult start = worker.Get("/front-door");
  ASSERT_EQ(start.status, 200) << start.body;
  EXPECT_TRUE(Contains(start.body, "Own Casechild"));
  EXPECT_FALSE(Contains(start.body, "Stranger"));
}

TEST_F(PagesFrontDoorTest, DecisionDatedBeforeTheContactIs400WithTheJourneysReasonAndChoiceKept) {
  const int64_t child = server_.AddChild("Ada", "Lovelace", D("2015-05-01"));
  const int64_t contact = SystemContact(child, D("2025-05-30"));
  Client fd = server_.SignedIn(server_.users().front_door);
  const std::string path = "/contacts/" + std::to_string(contact) + "/decision";
  Fields decide = {{"version", VersionIn(fd.Get(path).body)}, {"outcome", "advice"}};
  AddDate(decide, "date", "29", "5", "2025");

  HttpResult r = fd.PostForm(path, decide);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(Contains(r.body,
                       "<a href=\"#date\">The decision (29 May 2025) cannot be before the "
                       "contact (30 May 2025)</a>"))
      << r.body;
  EXPECT_TRUE(Contains(r.body, "value=\"advice\" checked"));
  EXPECT_TRUE(ContactByApi(fd, contact)["decision_date"].is_null());

  Fields missing = {{"version", VersionIn(fd.Get(path).body)}};
  AddDate(missing, "date", "", "", "");
  r = fd.PostForm(path, missing);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Contains(r.body, "Select the decision"));
  EXPECT_TRUE(Contains(r.body, "Enter the date of the decision"));
}

TEST_F(PagesFrontDoorTest, EarlyHelpAndNoFurtherActionDecisionsLeadToTheirPages) {
  const int64_t child = server_.AddChild("Ada", "Lovelace", D("2015-05-01"));
  const int64_t early = SystemContact(child, D("2025-06-02"));
  const int64_t nfa = SystemContact(child, D("2025-06-02"));
  Client fd = server_.SignedIn(server_.users().front_door);

  const std::string early_path = "/contacts/" + std::to_string(early) + "/decision";
  Fields decide = {{"version", VersionIn(fd.Get(early_path).body)}, {"outcome", "early_help"}};
  AddDate(decide, "date", "2", "6", "2025");
  HttpResult r = fd.PostForm(early_path, decide);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("location"),
            "/children/" + std::to_string(child) + "/early-help?contact=" + std::to_string(early));

  const std::string nfa_path = "/contacts/" + std::to_string(nfa) + "/decision";
  decide = {{"version", VersionIn(fd.Get(nfa_path).body)}, {"outcome", "nfa"}};
  AddDate(decide, "date", "2", "6", "2025");
  r = fd.PostForm(nfa_path, decide);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("location"), "/children/" + std::to_string(child));
  EXPECT_EQ(ContactByApi(fd, nfa)["outcome"], "nfa");
}

TEST_F(PagesFrontDoorTest, StaleContactFormIs409WithEntryKeptAndNothingRecorded) {
  const int64_t child = server_.AddChild("Ada", "Lovelace", D("2015-05-01"));
  Client fd = server_.SignedIn(server_.users().front_door);
  Fields fields = ContactForm(fd, child);
  server_.AddNote(child, "Someone else wrote meanwhile");  // bumps the version
  const int64_t contacts = server_.CountRows("contacts");

  HttpResult r = fd.PostForm("/children/" + std::to_string(child) + "/contacts", fields);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(Contains(r.body, "This record changed since you opened this form"));
  EXPECT_TRUE(Contains(r.body, "Bruising seen on the child&apos;s arm at school</textarea>"));
  EXPECT_EQ(server_.CountRows("contacts"), contacts);
  EXPECT_NE(VersionIn(r.body), fields[0].second);  // the form now carries the fresh version

  fields[0].second = VersionIn(r.body);
  EXPECT_EQ(fd.PostForm("/children/" + std::to_string(child) + "/contacts", fields).status, 303);
  EXPECT_EQ(server_.CountRows("contacts"), contacts + 1);
}

TEST_F(PagesFrontDoorTest, TwoChildrenInOneConsultationShareItsReference) {
  const int64_t first = server_.AddChild("Ada", "Lovelace", D("2015-05-01"));
  const int64_t second = server_.AddChild("Byron", "Lovelace", D("2017-02-01"));
  Client fd = server_.SignedIn(server_.users().front_door);

  Fields fields = ContactForm(fd, first);
  for (auto& [name, value] : fields) {
    if (name == "next") value = "another";
  }
  HttpResult r = fd.PostForm("/children/" + std::to_string(first) + "/contacts", fields);
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string ref = "C-20250602-" + std::to_string(first);
  EXPECT_EQ(r.Header("location"), "/front-door?consultation=" + ref);

  HttpResult start = fd.Get(r.Header("location"));
  EXPECT_TRUE(Contains(start.body, "name=\"consultation\" value=\"" + ref + "\"")) << start.body;
  HttpResult found = fd.Get("/children?name=Byron&consultation=" + ref);
  const std::string next = "/children/" + std::to_string(second) + "/contacts?consultation=" + ref;
  ASSERT_TRUE(Contains(found.body, "href=\"" + next + "\"")) << found.body;
  HttpResult form = fd.Get(next);
  EXPECT_TRUE(Contains(form.body, "name=\"consultation_ref\" type=\"text\" value=\"" + ref + "\""))
      << form.body;

  Fields again = ContactForm(fd, second);
  again.emplace_back("consultation_ref", ref);
  r = fd.PostForm("/children/" + std::to_string(second) + "/contacts", again);
  ASSERT_EQ(r.status, 303) << r.body;
  const int64_t contact = IdIn(r.Header("location"), R"(/contacts/(\d+)/decision)");
  EXPECT_EQ(ContactByApi(fd, contact)["consultation_ref"], ref);
}

TEST_F(PagesFrontDoorTest, RegisterWithoutDatesOrSexAndWrongNhsNumberIs400KeepingTheName) {
  Client fd = server_.SignedIn(server_.users().front_door);
  const int64_t persons = server_.CountRows("persons");
  Fields fields = {{"forename", "Zara"}, {"surname", ""}, {"nhs_number", "1234567890"}};
  AddDate(fields, "dob", "", "", "");

  HttpResult r = fd.PostForm("/children/new", fields);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(Contains(r.body, "Enter the child&apos;s last name"));
  EXPECT_TRUE(Contains(r.body, "Enter the child&apos;s date of birth, or the expected date"));
  EXPECT_TRUE(Contains(r.body, "Select the child&apos;s sex"));
  EXPECT_TRUE(Contains(r.body, "Enter a real NHS number"));
  EXPECT_TRUE(Contains(r.body, "value=\"Zara\""));
  EXPECT_EQ(server_.CountRows("persons"), persons);

  // Both a date of birth and an expected date: one or the other.
  fields = {{"forename", "Zara"}, {"surname", "Quinn"}, {"sex", "U"}};
  AddDate(fields, "dob", "1", "1", "2016");
  AddDate(fields, "expected", "1", "9", "2025");
  r = fd.PostForm("/children/new", fields);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Contains(r.body, "not both"));

  // An unborn child: the expected date may be in the future.
  fields = {{"forename", "Baby"}, {"surname", "Quinn"}, {"sex", "U"}};
  AddDate(fields, "expected", "1", "9", "2025");
  r = fd.PostForm("/children/new", fields);
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(server_.CountRows("persons"), persons + 1);
}

TEST_F(PagesFrontDoorTest, SearchWithNothingOrAOneLetterNameIs400WithTheMessageByTheField) {
  Client fd = server_.SignedIn(server_.users().front_door);
  HttpResult r = fd.Get("/children?name=&identifier=");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(Contains(r.body, "Enter a name, date of birth or identifier to search for"));

  r = fd.Get("/children?name=A");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(Contains(r.body, "id=\"name-error\""));
  EXPECT_TRUE(Contains(r.body, "too short"));

  r = fd.Get("/children");  // the page itself: no search yet
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(Contains(r.body, "govuk-error-summary"));
}

TEST_F(PagesFrontDoorTest, AnalystWhoMayNotSearchIsRefusedTheFindPage) {
  Client analyst = server_.SignedIn(server_.users().analyst);
  EXPECT_EQ(analyst.Get("/children?name=Lovelace").status, 403);
  EXPECT_EQ(analyst.Get("/front-door").status, 403);
}

}  // namespace
}  // namespace sg
