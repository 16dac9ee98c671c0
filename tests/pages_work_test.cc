// The work pages over real HTTP, as a browser without JavaScript uses them:
// the work tray (/work), recording why a timescale was missed
// (/work/missed-reasons) and the weekly report of missed timescales
// (/work/missed).
//
// The scene: four children with an assessment open on 2 June 2025 (the
// harness's today). Alice's (referred 3 February) and Ben's (3 March) are
// overdue, Dan's (27 May) is due in a few weeks; Alice and Dan are the
// social worker's, Ben the manager's (both in Assessment Team 1), and Cara
// (overdue) belongs to another team, so neither the social worker nor the
// manager works with her.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "core/date.h"
#include "journey/journey.h"
#include "pages/page.h"
#include "pages_support.h"

namespace {

namespace h = sg::testing;
using h::Contains;
using h::D;
using sg::core::Date;

// `text` as the templates escape it (mustache writes ' as &apos;).
std::string Escaped(std::string text) {
  for (size_t at; (at = text.find('\'')) != std::string::npos;) text.replace(at, 1, "&apos;");
  return text;
}

// The href of the first link whose href starts with `prefix`, unescaped.
std::string FirstHref(const std::string& html, const std::string& prefix) {
  const size_t at = html.find("href=\"" + prefix);
  if (at == std::string::npos) return "";
  const size_t start = at + 6;
  std::string href = html.substr(start, html.find('"', start) - start);
  for (size_t amp; (amp = href.find("&amp;")) != std::string::npos;) href.replace(amp, 5, "&");
  return href;
}

// The value of a query parameter in a path ("" when absent).
std::string QueryValue(const std::string& path, const std::string& name) {
  const size_t at = path.find(name + "=");
  if (at == std::string::npos) return "";
  const size_t start = at + name.size() + 1;
  return path.substr(start, path.find('&', start) - start);
}

class PagesWorkTest : public h::PagesTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(PagesTest::SetUp());
    const auto& users = server_.users();
    const int64_t team = server_.teams().assessment;
    const int64_t other_team = server_.AddTeam("LA-CSC", "Assessment Team 2");
    const int64_t other_worker = server_.AddWorker(other_team, "Other Worker");
    alice_ = Assessment("Alice", users.social_worker.worker_id, team, "2025-02-03");
    ben_ = Assessment("Ben", users.manager.worker_id, team, "2025-03-03");
    cara_ = Assessment("Cara", other_worker, other_team, "2025-02-10");
    dan_ = Assessment("Dan", users.social_worker.worker_id, team, "2025-05-27");
  }

  // A child allocated to `team` and `worker` whose referral on `date` has
  // an assessment open since that day; the assessment's id.
  int64_t Assessment(const std::string& name, std::optional<int64_t> worker, int64_t team,
                     const std::string& date) {
    const int64_t child = server_.AddChild(name, "Tray");
    server_.Allocate(child, team, worker);
    const int64_t referral = h::SystemReferral(server_, child, D(date));
    return h::SystemAssessment(server_, referral, D(date));
  }

  // The social worker's tray and the link to explain Alice's late assessment.
  std::string AlicesReasonLink(h::Client& worker) {
    h::HttpResult tray = worker.Get("/work");
    EXPECT_EQ(tray.status, 200) << tray.body;
    return FirstHref(tray.body, "/work/missed-reasons?");
  }

  int64_t alice_ = 0, ben_ = 0, cara_ = 0, dan_ = 0;
};

TEST_F(PagesWorkTest, SocialWorkersTrayListsTheirOverdueWorkFirstWithTheMissedReasonLink) {
  h::Client worker = server_.SignedIn(server_.users().social_worker);
  h::HttpResult tray = worker.Get("/work");
  ASSERT_EQ(tray.status, 200) << tray.body;
  EXPECT_TRUE(Contains(tray.body, "<h1 class=\"govuk-heading-l\">Your work</h1>"));
  const size_t alice = tray.body.find("Alice Tray");
  const size_t dan = tray.body.find("Dan Tray");
  ASSERT_NE(alice, std::string::npos);
  ASSERT_NE(dan, std::string::npos);
  EXPECT_LT(alice, dan) << "overdue work comes first";
  EXPECT_TRUE(Contains(tray.body, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>"));
  EXPECT_TRUE(Contains(tray.body, "Due in "));
  const Date alices_due =
      sg::core::WorkingCalendar::EnglandAndWales().AddWorkingDays(D("2025-02-03"), 45);
  EXPECT_TRUE(Contains(tray.body, sg::pages::LongDate(alices_due))) << "due dates written out";
  EXPECT_TRUE(Contains(tray.body, "Record why the timescale was missed"));
  // Only Alice's work is overdue and unexplained: one link, to her work.
  const std::string link = FirstHref(tray.body, "/work/missed-reasons?");
  EXPECT_EQ(QueryValue(link, "item"), "assessment-" + std::to_string(alice_));
  EXPECT_EQ(tray.body.find("/work/missed-reasons?", tray.body.find("/work/missed-reasons?") + 1),
            std::string::npos);
  // Not the manager's child, nor a child of another team.
  EXPECT_FALSE(Contains(tray.body, "Ben Tray"));
  EXPECT_FALSE(Contains(tray.body, "Cara Tray"));
  EXPECT_FALSE(Contains(tray.body, " style=")) << "no inline styles (CSP)";
}

TEST_F(PagesWorkTest, AMissedReasonWithoutAChoiceIsRefusedAndKeepsWhatWasTyped) {
  h::Client worker = server_.SignedIn(server_.users().social_worker);
  const std::string link = AlicesReasonLink(worker);
  ASSERT_FALSE(link.empty());
  h::HttpResult form = worker.Get(link);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "Alice Tray"));
  EXPECT_TRUE(Contains(form.body, "Why was the timescale missed?"));
  EXPECT_TRUE(Contains(form.body, "name=\"csrf_token\""));

  const int64_t rows_before = server_.CountRows("missed_timescales");
  h::HttpResult refused =
      worker.PostForm("/work/missed-reasons", {{"item", QueryValue(link, "item")},
                                               {"view", "mine"},
                                               {"reason", ""},
                                               {"detail", "Mother in hospital for two weeks"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(Contains(refused.body, "govuk-error-summary"));
  EXPECT_TRUE(
      Contains(refused.body, "<a href=\"#reason\">Select why the timescale was missed</a>"));
  EXPECT_TRUE(Contains(refused.body, "Mother in hospital for two weeks")) << "kept as typed";
  EXPECT_TRUE(Contains(refused.body, "<title>Error: "));
  EXPECT_EQ(server_.CountRows("missed_timescales"), rows_before);

  // "Another reason" needs the detail.
  h::HttpResult no_detail = worker.PostForm(
      "/work/missed-reasons",
      {{"item", QueryValue(link, "item")}, {"view", "mine"}, {"reason", "other"}, {"detail", " "}});
  EXPECT_EQ(no_detail.status, 400);
  EXPECT_TRUE(Contains(no_detail.body, "Enter why the timescale was missed"));
  EXPECT_TRUE(Contains(no_detail.body, "value=\"other\" checked")) << "the choice is kept";
  EXPECT_EQ(server_.CountRows("missed_timescales"), rows_before);
}

TEST_F(PagesWorkTest, AValidReasonIsRecordedOnceAndAppearsInTheWeeklyReport) {
  h::Client worker = server_.SignedIn(server_.users().social_worker);
  const std::string item = QueryValue(AlicesReasonLink(worker), "item");
  ASSERT_FALSE(item.empty());
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"item", item},
      {"view", "mine"},
      {"reason", "family"},
      {"detail", "Family away until 10 June"}};
  h::HttpResult recorded = worker.PostForm("/work/missed-reasons", fields);
  ASSERT_EQ(recorded.status, 303) << recorded.body;
  EXPECT_EQ(recorded.Header("location"), "/work?view=mine");

  // The tray shows the reason where the link was.
  h::HttpResult tray = worker.Get("/work?view=mine");
  ASSERT_EQ(tray.status, 200);
  EXPECT_TRUE(Contains(tray.body, "Family away until 10 June"));
  EXPECT_FALSE(Contains(tray.body, "/work/missed-reasons?"));

  // A second reason for the same work is refused, by the form.
  h::HttpResult again = worker.PostForm("/work/missed-reasons", fields);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_TRUE(Contains(again.body, "A reason has already been recorded for this work"));

  // The weekly report: the manager sees the reason; a social worker may
  // not see the partnership's report.
  h::Client manager = server_.SignedIn(server_.users().manager);
  h::HttpResult report = manager.Get("/work/missed");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_TRUE(Contains(report.body, "Missed timescales, 27 May 2025 to 2 June 2025"));
  EXPECT_TRUE(Contains(report.body,
                       "The child or family could not be seen or did not take part. "
                       "Family away until 10 June"));
  EXPECT_TRUE(Contains(report.body, "Assessment Team 1"));
  EXPECT_TRUE(Contains(report.body, "Assessment (45 working days)"));
  EXPECT_EQ(worker.Get("/work/missed").status, 403);

  // The analyst sees the count, never the child or the reason.
  h::HttpResult counts = server_.SignedIn(server_.users().analyst).Get("/work/missed");
  ASSERT_EQ(counts.status, 200) << counts.body;
  EXPECT_TRUE(Contains(counts.body, "Not shown: you do not work with this child"));
  EXPECT_FALSE(Contains(counts.body, "Family away"));
}

TEST_F(PagesWorkTest, AReasonForAChildTheWorkerDoesNotWorkWithIsNotOffered) {
  h::Client worker = server_.SignedIn(server_.users().social_worker);
  const std::string caras = "assessment-" + std::to_string(cara_);
  EXPECT_EQ(worker.Get("/work/missed-reasons?item=" + caras).status, 404);
  h::HttpResult refused = worker.PostForm(
      "/work/missed-reasons", {{"item", caras}, {"reason", "capacity"}, {"detail", ""}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_FALSE(Contains(refused.body, "Cara"));
  EXPECT_EQ(server_.CountRows("missed_timescales"), 0);
  // Work that is not overdue has no missed timescale to explain.
  EXPECT_EQ(worker.Get("/work/missed-reasons?item=assessment-" + std::to_string(dan_)).status, 404);
  EXPECT_EQ(worker.Get("/work/missed-reasons?item=holiday").status, 404);
}

TEST_F(PagesWorkTest, AManagerSeesTheTeamsWorkAndASocialWorkerOnlyTheirOwn) {
  h::Client manager = server_.SignedIn(server_.users().manager);
  h::HttpResult team = manager.Get("/work?view=team");
  ASSERT_EQ(team.status, 200) << team.body;
  EXPECT_TRUE(Contains(team.body, Escaped("<h1 class=\"govuk-heading-l\">Your team's work</h1>")));
  EXPECT_TRUE(Contains(team.body, Escaped("aria-current=\"page\">Your team's work</a>")));
  const size_t alice = team.body.find("Alice Tray");
  const size_t ben = team.body.find("Ben Tray");
  const size_t dan = team.body.find("Dan Tray");
  ASSERT_NE(alice, std::string::npos);
  ASSERT_NE(ben, std::string::npos);
  ASSERT_NE(dan, std::string::npos);
  EXPECT_LT(alice, ben) << "most overdue first";
  EXPECT_LT(ben, dan);
  EXPECT_TRUE(Contains(team.body, ">Worker</th>"));
  EXPECT_FALSE(Contains(team.body, "Cara Tray"));

  // The manager's own tray holds only Ben's work.
  h::HttpResult mine = manager.Get("/work?view=mine");
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(Contains(mine.body, "Ben Tray"));
  EXPECT_FALSE(Contains(mine.body, "Alice Tray"));

  h::Client worker = server_.SignedIn(server_.users().social_worker);
  h::HttpResult refused = worker.Get("/work?view=team");
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(Contains(refused.body, Escaped("Only team managers can see their team's work")));
  EXPECT_FALSE(Contains(refused.body, "Ben Tray"));
  h::HttpResult own = worker.Get("/work");
  EXPECT_FALSE(Contains(own.body, Escaped("Your team's work")))
      << "no link to a tray they may not open";
}

TEST_F(PagesWorkTest, APartnerHasNoWorkTrayAndSomeoneSignedOutIsSentToSignIn) {
  EXPECT_EQ(server_.SignedIn(server_.users().police).Get("/work").status, 403);
  h::Client nobody = server_.NewClient();
  h::HttpResult redirected = nobody.Get("/work");
  EXPECT_EQ(redirected.status, 303);
  EXPECT_EQ(redirected.Header("location"), "/sign-in?next=%2Fwork");
}

}  // namespace
