// A child's record in the browser, end to end: the real server with the
// pages mounted, driven over HTTP as a browser would (session cookie, forms
// with the CSRF token in the body, no redirects followed).
//
// What is checked: the record's banner and status badges, the next
// statutory steps with their due dates and links to the forms that record
// them, the steps that may be recorded now; the record's tabs (Involvements
// and Access log only for the roles that may); the chronology filtered by what
// the user may see (a police officer involved sees a police-restricted
// note; a health practitioner involved does not, and is told who holds it),
// with filters and pages; need-to-know (an uninvolved partner gets a 403
// page that names nobody and nothing of the child, with the way to request
// emergency access); break-glass (invalid form: 400 with the messages and
// the entry kept; valid: 303 and the record opens); and that every read,
// allowed or refused, leaves one audit row.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "journey/clocks.h"
#include "pages/page.h"
#include "pages_support.h"

namespace sg {
namespace {

using core::Date;
using testing::Client;
using testing::Contains;
using testing::D;
using testing::HttpResult;

const core::WorkingCalendar& Calendar() {
  return core::WorkingCalendar::EnglandAndWales();
}

std::string ChildUrl(int64_t child, std::string_view tail = "") {
  return "/children/" + std::to_string(child) + std::string(tail);
}

class PagesChildTest : public testing::PagesTest {
 protected:
  // A child on a child protection plan, allocated to the harness's social
  // worker: contact (decided), referral from a school with an assessment
  // not yet authorised, strategy discussion, section 47, conference that
  // made a plan (category neglect) on 28 March 2025.
  struct Built {
    int64_t child = 0, referral = 0, assessment = 0, section47 = 0, conference = 0, plan = 0;
  };
  Built BuildProtectionPlan(std::string_view surname) {
    auto& j = server_.journey();
    const auto& actor = server_.system_actor();
    Built b;
    b.child = server_.AddChild("Ada", surname, D("2015-05-01"), "CE-P-0042");
    server_.Allocate(b.child, server_.teams().assessment, server_.users().social_worker.worker_id,
                     D("2025-03-03"));
    journey::NewContact contact;
    contact.person_id = b.child;
    contact.date = D("2025-03-03");
    contact.source = "2A";
    contact.contactor = "Class teacher";
    contact.factors = {"domestic_abuse"};
    const int64_t contact_id = *j.RecordContact(actor, contact);
    EXPECT_TRUE(j.DecideContact(actor, contact_id, D("2025-03-03"), "referral"));
    journey::NewReferral referral;
    referral.person_id = b.child;
    referral.date = D("2025-03-04");
    referral.source = "2A";
    referral.primary_need = "N1";
    referral.contact_id = contact_id;
    b.referral = *j.OpenReferral(actor, referral);
    b.assessment = *j.StartAssessment(actor, b.referral, D("2025-03-04"));
    const int64_t discussion = *j.HoldStrategyDiscussion(actor, b.referral, D("2025-03-10"));
    b.section47 = *j.StartSection47(actor, discussion, D("2025-03-10"));
    b.conference =
        *j.HoldInitialConference(actor, b.referral, b.section47, false, D("2025-03-28"), true);
    b.plan = *j.StartCpPlan(actor, b.conference, D("2025-03-28"), "NEG");
    return b;
  }

  // A child whom `user` works with in `team`, with a police-restricted
  // note (kSecret) and an ordinary note, `note`.
  int64_t ChildWithRestrictedNote(const testing::TestUser& user, int64_t team,
                                  std::string_view note);

  // The chronology and the record as `user` sees them (both answer 200).
  struct Seen {
    std::string chronology, record;
  };
  Seen SeenBy(const testing::TestUser& user, int64_t child) {
    Client client = server_.SignedIn(user);
    HttpResult chronology = client.Get(ChildUrl(child, "/chronology"));
    EXPECT_EQ(chronology.status, 200) << chronology.body;
    HttpResult record = client.Get(ChildUrl(child));
    EXPECT_EQ(record.status, 200) << record.body;
    return {chronology.body, record.body};
  }
};

constexpr std::string_view kSecret =
    "Intelligence: an adult in the household is under investigation";

int64_t PagesChildTest::ChildWithRestrictedNote(const testing::TestUser& user, int64_t team,
                                                std::string_view note) {
  const int64_t child = server_.AddChild("Noah", "Fairbanks");
  server_.Involve(child, team, user.worker_id, D("2025-05-01"));
  server_.AddPoliceRestrictedNote(child, kSecret);
  server_.AddNote(child, note);
  return child;
}

// --- The record -------------------------------------------------------------------

TEST_F(PagesChildTest, SocialWorkerSeesBannerBadgesAndNextStepsWithDueDatesAndLinks) {
  Built b = BuildProtectionPlan("Quennell");
  Client worker = server_.SignedIn(server_.users().social_worker);
  HttpResult page = worker.Get(ChildUrl(b.child));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.Header("content-type"), "text/html"));
  const std::string& body = page.body;

  // The banner: name, date of birth and age, identifiers, allocation.
  EXPECT_TRUE(Contains(body, "<h1 class=\"govuk-heading-l\">Ada Quennell</h1>")) << body;
  EXPECT_TRUE(Contains(body, "1 May 2015 (10 years old)"));
  EXPECT_TRUE(Contains(body, "CE-P-0042"));
  EXPECT_TRUE(Contains(body, "Assessment Team 1"));
  // The badges, as GOV.UK tags with words (not colour alone).
  EXPECT_TRUE(Contains(body, "govuk-tag--blue\">Child in need</strong>"));
  EXPECT_TRUE(Contains(body, "govuk-tag--red\">Child protection plan</strong>"));
  EXPECT_FALSE(Contains(body, ">Cared for</strong>"));
  EXPECT_FALSE(Contains(body, ">Restricted information held</strong>"));

  // The next steps: the first core group (10 working days after the
  // conference, long past) and the first review (3 months after it).
  const Date core_group_due = journey::FirstCoreGroupDue(Calendar(), D("2025-03-28"));
  const Date review_due = journey::CpReviewDue(D("2025-03-28"), {});
  EXPECT_TRUE(Contains(body, pages::LongDate(core_group_due))) << body;
  EXPECT_TRUE(Contains(body, pages::LongDate(review_due)));
  EXPECT_EQ(pages::LongDate(review_due), "28 June 2025");
  EXPECT_TRUE(Contains(body, ">Overdue</strong>"));
  const int left = Calendar().WorkingDaysBetween(server_.today(), review_due);
  EXPECT_TRUE(Contains(body, "Due in " + std::to_string(left) + " working days")) << body;
  const std::string plan = std::to_string(b.plan);
  EXPECT_TRUE(Contains(body, "href=\"/cp-plans/" + plan + "/core-groups\""));
  EXPECT_TRUE(Contains(body, "href=\"/cp-plans/" + plan + "/reviews\""));
  EXPECT_TRUE(
      Contains(body, "href=\"/assessments/" + std::to_string(b.assessment) + "/authorisation\""));
  EXPECT_TRUE(Contains(body, "Child protection plan from 28 March 2025"));

  // The journey so far, codes with their descriptions.
  EXPECT_TRUE(Contains(body, "Referral on 4 March 2025"));
  EXPECT_TRUE(Contains(body, "Schools (2A)"));
  EXPECT_TRUE(Contains(body, "Neglect (NEG)"));
  EXPECT_TRUE(Contains(body, "Domestic abuse"));
  EXPECT_TRUE(Contains(body, "next review due 28 June 2025"));

  // The steps that may be recorded now under the open referral; no new
  // referral while one is open.
  const std::string referral = std::to_string(b.referral);
  EXPECT_TRUE(Contains(body, "href=\"/referrals/" + referral + "/strategy-discussions\""));
  EXPECT_TRUE(Contains(body, "href=\"/referrals/" + referral + "/closure\""));
  EXPECT_TRUE(Contains(body, "href=\"/cp-plans/" + plan + "/end\""));
  EXPECT_FALSE(Contains(body, "href=\"" + ChildUrl(b.child, "/referrals") + "\""));

  // People involved, and the secondary navigation.
  EXPECT_TRUE(Contains(body, "Basis of the share"));
  EXPECT_TRUE(Contains(body, "aria-current=\"page\">Record</a>"));
  EXPECT_TRUE(Contains(body, "href=\"" + ChildUrl(b.child, "/chronology") + "\""));
}

TEST_F(PagesChildTest, NoOpenReferralOffersRecordAReferralAndTheFrontDoorAContact) {
  const int64_t child = server_.AddChild("Bea", "Lumley", D("2018-02-10"));
  Client front_door = server_.SignedIn(server_.users().front_door);
  HttpResult page = front_door.Get(ChildUrl(child));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "href=\"" + ChildUrl(child, "/referrals") + "\""));
  EXPECT_TRUE(Contains(page.body, ">Record a referral</a>"));
  EXPECT_TRUE(Contains(page.body, ">Record a contact</a>"));
  EXPECT_TRUE(Contains(page.body, "No statutory step is due."));
  EXPECT_TRUE(Contains(page.body, "Not allocated"));
  EXPECT_TRUE(Contains(page.body, "Not open to children"));
}

TEST_F(PagesChildTest, UndecidedContactIsANextStepLinkingToItsDecision) {
  const int64_t child = server_.AddChild("Cal", "Rowntree", D("2016-06-01"));
  const int64_t contact_id = testing::SystemContact(server_, child, server_.today(), "6");
  Client front_door = server_.SignedIn(server_.users().front_door);
  HttpResult page = front_door.Get(ChildUrl(child));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(
      Contains(page.body, "href=\"/contacts/" + std::to_string(contact_id) + "/decision\""));
  // Due the next working day: a Monday contact is due on Tuesday.
  EXPECT_TRUE(Contains(page.body, "3 June 2025"));
  EXPECT_TRUE(Contains(page.body, "Due in 1 working day<")) << page.body;
  EXPECT_TRUE(Contains(page.body, "Police (6)"));
}

TEST_F(PagesChildTest, PartnerReadsTheRecordButIsOfferedNoJourneyForms) {
  Built b = BuildProtectionPlan("Ashdown");
  server_.Involve(b.child, server_.teams().hospital, server_.users().health.worker_id,
                  D("2025-05-01"));
  Client health = server_.SignedIn(server_.users().health);
  HttpResult page = health.Get(ChildUrl(b.child));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "Ada Ashdown"));
  EXPECT_FALSE(Contains(page.body, "Record a step"));
  EXPECT_FALSE(Contains(page.body, "href=\"/cp-plans/"));
  // A partner may add a note to the chronology.
  EXPECT_TRUE(Contains(page.body, "href=\"" + ChildUrl(b.child, "/notes") + "\""));
}

TEST_F(PagesChildTest, TabsOfferInvolvementsAndAccessLogOnlyToTheRolesThatMay) {
  Built b = BuildProtectionPlan("Hartley");
  const std::string involvements = "href=\"" + ChildUrl(b.child, "/involvements") + "\"";
  const std::string access_log = "href=\"" + ChildUrl(b.child, "/access-log") + "\"";
  Client manager = server_.SignedIn(server_.users().manager);
  Client worker = server_.SignedIn(server_.users().social_worker);
  for (std::string_view tail : {"", "/chronology"}) {
    HttpResult managed = manager.Get(ChildUrl(b.child, tail));
    ASSERT_EQ(managed.status, 200) << tail << managed.body;
    EXPECT_TRUE(Contains(managed.body, involvements)) << tail;
    EXPECT_TRUE(Contains(managed.body, access_log)) << tail;
    HttpResult worked = worker.Get(ChildUrl(b.child, tail));
    ASSERT_EQ(worked.status, 200) << tail << worked.body;
    EXPECT_FALSE(Contains(worked.body, involvements)) << tail;
    EXPECT_FALSE(Contains(worked.body, access_log)) << tail;
    EXPECT_TRUE(Contains(worked.body, "govuk-tabs__list")) << tail;
  }
  EXPECT_TRUE(Contains(worker.Get(ChildUrl(b.child, "/chronology")).body,
                       "aria-current=\"page\">Chronology</a>"));
}

// --- Restricted information -----------------------------------------------------------

TEST_F(PagesChildTest, PoliceOfficerInvolvedSeesThePoliceRestrictedNoteInTheChronology) {
  const auto& users = server_.users();
  const int64_t child =
      ChildWithRestrictedNote(users.police, server_.teams().police, "Home visit: child seen alone");
  server_.Allocate(child, server_.teams().assessment, users.social_worker.worker_id,
                   D("2025-05-01"));

  const Seen seen = SeenBy(users.police, child);
  EXPECT_TRUE(Contains(seen.chronology, kSecret));
  EXPECT_TRUE(Contains(seen.chronology, ">Police-restricted</strong>"));
  EXPECT_TRUE(Contains(seen.chronology, "Home visit: child seen alone"));
  EXPECT_FALSE(Contains(seen.chronology, "information is held by"));

  EXPECT_TRUE(Contains(seen.record, ">Restricted information held</strong>"));
  EXPECT_TRUE(Contains(seen.record, "Your agency holds 1 police-restricted item"));
  EXPECT_FALSE(Contains(seen.record, kSecret)) << "the record shows counts, never the items";
}

TEST_F(PagesChildTest, HealthPractitionerInvolvedDoesNotSeeItAndIsToldWhoHoldsIt) {
  const auto& users = server_.users();
  const int64_t child =
      ChildWithRestrictedNote(users.health, server_.teams().hospital, "Seen in A&E with a bruise");

  const Seen seen = SeenBy(users.health, child);
  EXPECT_FALSE(Contains(seen.chronology, kSecret));
  EXPECT_FALSE(Contains(seen.chronology, "Intelligence"));
  EXPECT_TRUE(Contains(seen.chronology, "Seen in A&amp;E with a bruise"));
  EXPECT_TRUE(Contains(seen.chronology,
                       "Police-restricted information is held by Cheshire Constabulary: ask "
                       "them"))
      << seen.chronology;

  EXPECT_FALSE(Contains(seen.record, kSecret));
  EXPECT_TRUE(Contains(seen.record, ">Restricted information held</strong>"));
  EXPECT_TRUE(Contains(seen.record, "information is held by Cheshire Constabulary"));
}

// --- Need-to-know ---------------------------------------------------------------------

TEST_F(PagesChildTest, UninvolvedPartnerIsRefusedWithNothingOfTheChildAndOfferedBreakGlass) {
  Built b = BuildProtectionPlan("Ravensworth");
  server_.AddNote(b.child, "Home visit: mother says father has left");
  Client school = server_.SignedIn(server_.users().school);
  for (const std::string& target : {ChildUrl(b.child), ChildUrl(b.child, "/chronology")}) {
    HttpResult page = school.Get(target);
    EXPECT_EQ(page.status, 403) << target << page.body;
    EXPECT_TRUE(Contains(page.Header("content-type"), "text/html"));
    EXPECT_TRUE(Contains(page.body, "You cannot see this child")) << page.body;
    EXPECT_FALSE(Contains(page.body, "Ravensworth")) << target;
    EXPECT_FALSE(Contains(page.body, "CE-P-0042")) << target;
    EXPECT_FALSE(Contains(page.body, "May 2015")) << target;
    EXPECT_FALSE(Contains(page.body, "father has left")) << target;
    // Whom to ask, and how to request emergency access.
    EXPECT_TRUE(Contains(page.body, "Assessment Team 1")) << page.body;
    EXPECT_TRUE(Contains(page.body, "href=\"" + ChildUrl(b.child, "/break-glass") + "\""));
  }
  EXPECT_EQ(school.Get("/children/999999").status, 404);
}

TEST_F(PagesChildTest, AnalystIsRefusedTheRecordWithoutAnOfferOfBreakGlass) {
  Built b = BuildProtectionPlan("Kettleby");
  Client analyst = server_.SignedIn(server_.users().analyst);
  HttpResult page = analyst.Get(ChildUrl(b.child));
  EXPECT_EQ(page.status, 403) << page.body;
  EXPECT_FALSE(Contains(page.body, "Kettleby"));
  EXPECT_FALSE(Contains(page.body, "/break-glass"));
  EXPECT_EQ(analyst.Get(ChildUrl(b.child, "/break-glass")).status, 403);
}

TEST_F(PagesChildTest, NotSignedInIsSentToSignIn) {
  Built b = BuildProtectionPlan("Pennock");
  Client nobody = server_.NewClient();
  HttpResult page = nobody.Get(ChildUrl(b.child));
  EXPECT_EQ(page.status, 303);
  EXPECT_TRUE(Contains(page.Header("location"), "/sign-in?next="));
  EXPECT_FALSE(Contains(page.body, "Pennock"));
}

// --- Break-glass ------------------------------------------------------------------------

TEST_F(PagesChildTest, BreakGlassInvalidFormIs400WithErrorsAndTheReasonKept) {
  Built b = BuildProtectionPlan("Ormerod");
  Client police = server_.SignedIn(server_.users().police);
  HttpResult form = police.Get(ChildUrl(b.child, "/break-glass"));
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "name=\"csrf_token\""));
  EXPECT_FALSE(Contains(form.body, "Ormerod"));
  const int64_t grants = server_.CountRows("break_glass");

  const std::string nineteen = "urgent need to know";  // 19 characters
  ASSERT_EQ(nineteen.size(), 19u);
  HttpResult refused = police.PostForm(ChildUrl(b.child, "/break-glass"),
                                       {{"reason", nineteen}, {"minutes", "241"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(Contains(refused.body, "govuk-error-summary"));
  EXPECT_TRUE(Contains(refused.body, "<title>Error: "));
  EXPECT_TRUE(Contains(refused.body, "href=\"#reason\">Reason must be 20 characters or more"));
  EXPECT_TRUE(Contains(refused.body, "href=\"#lawful-basis\">Select the lawful basis"));
  EXPECT_TRUE(Contains(refused.body, "Minutes must be a whole number from 1 to 240"));
  EXPECT_TRUE(Contains(refused.body, ">" + nineteen + "</textarea>")) << "the reason is kept";
  EXPECT_TRUE(Contains(refused.body, "value=\"241\""));
  EXPECT_FALSE(Contains(refused.body, "Ormerod"));

  HttpResult zero = police.PostForm(ChildUrl(b.child, "/break-glass"),
                                    {{"reason", "Child found alone at 2am; who holds the case?"},
                                     {"lawful-basis", "vital-interests"},
                                     {"minutes", "0"}});
  EXPECT_EQ(zero.status, 400);
  EXPECT_TRUE(Contains(zero.body, "Minutes must be a whole number from 1 to 240"));
  EXPECT_TRUE(Contains(zero.body, "value=\"vital-interests\" checked"));
  EXPECT_EQ(server_.CountRows("break_glass"), grants) << "nothing granted";
  EXPECT_EQ(police.Get(ChildUrl(b.child)).status, 403);
}

TEST_F(PagesChildTest, BreakGlassValidFormOpensTheRecordForTheMinutesGiven) {
  Built b = BuildProtectionPlan("Ravensworth");
  Client police = server_.SignedIn(server_.users().police);
  ASSERT_EQ(police.Get(ChildUrl(b.child)).status, 403);

  const std::string twenty = "Child found alone 2a";  // exactly 20 characters: the minimum
  ASSERT_EQ(twenty.size(), 20u);
  HttpResult granted = police.PostForm(
      ChildUrl(b.child, "/break-glass"),
      {{"reason", twenty}, {"lawful-basis", "vital-interests"}, {"minutes", "240"}});
  ASSERT_EQ(granted.status, 303) << granted.body;
  EXPECT_EQ(granted.Header("location"), ChildUrl(b.child));
  EXPECT_EQ(server_.CountRows("break_glass"), 1);

  HttpResult record = police.Get(ChildUrl(b.child));
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_TRUE(Contains(record.body, "Ada Ravensworth"));

  // Once cleared, asking again is refused on the form, not granted twice.
  HttpResult again =
      police.PostForm(ChildUrl(b.child, "/break-glass"),
                      {{"reason", twenty}, {"lawful-basis", "vital-interests"}, {"minutes", "30"}});
  EXPECT_EQ(again.status, 400) << again.body;
  EXPECT_TRUE(Contains(again.body, "already see this child"));
  EXPECT_EQ(server_.CountRows("break_glass"), 1);

  // The grant ends with its minutes (the idle session has ended too).
  server_.AdvanceClock(std::chrono::minutes(241));
  Client later = server_.SignedIn(server_.users().police);
  EXPECT_EQ(later.Get(ChildUrl(b.child)).status, 403);
}

TEST_F(PagesChildTest, BreakGlassFormWithoutTheCsrfTokenIsRefused) {
  Built b = BuildProtectionPlan("Thwaite");
  Client police = server_.SignedIn(server_.users().police);
  HttpResult forged = police.PostForm(ChildUrl(b.child, "/break-glass"),
                                      {{"reason", "Child found alone at 2am; who holds the case?"},
                                       {"lawful-basis", "vital-interests"},
                                       {"minutes", "30"}},
                                      /*with_csrf=*/false);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(server_.CountRows("break_glass"), 0);
}

// --- The chronology: filters and pages --------------------------------------------------

TEST_F(PagesChildTest, ChronologyFiltersByDateAndKindAndPagesBy25) {
  const int64_t child = server_.AddChild("Tom", "Pike", D("2015-01-01"));
  server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id,
                   D("2025-01-02"));
  // Thirty notes, one a day through January 2025 and two in May.
  for (int day = 1; day <= 30; ++day) {
    server_.AddNote(child, "January note " + std::to_string(day), "", Date::FromYmd(2025, 1, day));
  }
  server_.AddNote(child, "May note A", "", D("2025-05-06"));
  server_.AddNote(child, "May note B", "", D("2025-05-07"));
  Client worker = server_.SignedIn(server_.users().social_worker);

  HttpResult first = worker.Get(ChildUrl(child, "/chronology"));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(Contains(first.body, "Page 1 of 2"));
  EXPECT_TRUE(Contains(first.body, "January note 1<"));
  EXPECT_FALSE(Contains(first.body, "May note B"));
  EXPECT_TRUE(Contains(first.body, "rel=\"next\""));
  EXPECT_TRUE(Contains(first.body, "href=\"" + ChildUrl(child, "/notes") + "\""));
  HttpResult second = worker.Get(ChildUrl(child, "/chronology?page=2"));
  ASSERT_EQ(second.status, 200);
  EXPECT_TRUE(Contains(second.body, "May note B"));
  EXPECT_FALSE(Contains(second.body, "January note 1<"));
  EXPECT_TRUE(Contains(second.body, "rel=\"prev\""));

  // From 6 May: only the two May notes; the dates typed stay in the form.
  HttpResult from_may =
      worker.Get(ChildUrl(child, "/chronology?from-day=6&from-month=5&from-year=2025&kind=note"));
  ASSERT_EQ(from_may.status, 200) << from_may.body;
  EXPECT_TRUE(Contains(from_may.body, "Showing 2 of"));
  EXPECT_TRUE(Contains(from_may.body, "May note A"));
  EXPECT_FALSE(Contains(from_may.body, "January note"));
  EXPECT_TRUE(Contains(from_may.body,
                       "name=\"from-month\" type=\"text\" inputmode=\"numeric\" "
                       "value=\"5\""));
  // Only allocations: no notes.
  HttpResult allocations = worker.Get(ChildUrl(child, "/chronology?kind=allocation"));
  ASSERT_EQ(allocations.status, 200);
  EXPECT_FALSE(Contains(allocations.body, "January note"));
  EXPECT_FALSE(Contains(allocations.body, "May note"));
  EXPECT_TRUE(Contains(allocations.body, "Allocated to Assessment Team 1"));

  HttpResult bad =
      worker.Get(ChildUrl(child, "/chronology?from-day=31&from-month=2&from-year=2025"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Contains(bad.body, "Date to show entries from must be a real date"));
  EXPECT_TRUE(Contains(bad.body, "value=\"31\""));
  HttpResult reversed = worker.Get(ChildUrl(
      child,
      "/chronology?from-day=7&from-month=5&from-year=2025&to-day=6&to-month=5&to-year=2025"));
  EXPECT_EQ(reversed.status, 400);
  EXPECT_TRUE(Contains(reversed.body, "must be the same as or after"));
}

// --- Audit ------------------------------------------------------------------------------

TEST_F(PagesChildTest, EveryReadAllowedOrRefusedIsOneAuditRow) {
  Built b = BuildProtectionPlan("Garside");
  Client worker = server_.SignedIn(server_.users().social_worker);
  Client school = server_.SignedIn(server_.users().school);

  int64_t before = server_.AuditRows();
  ASSERT_EQ(worker.Get(ChildUrl(b.child)).status, 200);
  EXPECT_EQ(server_.AuditRows(), before + 1) << "the record";
  before = server_.AuditRows();
  ASSERT_EQ(worker.Get(ChildUrl(b.child, "/chronology")).status, 200);
  EXPECT_EQ(server_.AuditRows(), before + 1) << "the chronology";
  before = server_.AuditRows();
  ASSERT_EQ(school.Get(ChildUrl(b.child)).status, 403);
  EXPECT_EQ(server_.AuditRows(), before + 1) << "the refusal is on the record";
  before = server_.AuditRows();
  ASSERT_EQ(school.Get(ChildUrl(b.child, "/chronology")).status, 403);
  EXPECT_EQ(server_.AuditRows(), before + 1) << "the refusal is on the record";
}

}  // namespace
}  // namespace sg
