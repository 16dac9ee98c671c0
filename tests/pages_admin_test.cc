// End-to-end tests of the administration pages (src/pages/admin_pages.cc
// and involvement_pages.cc): a real server on a loopback port with the
// pages mounted, driven the way a browser without JavaScript drives it: GET
// a page, POST a form (CSRF token in the form), follow the 303. What a
// change did is read back through the pages, or checked by what it allows
// (signing in, opening a record).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "pages/page.h"
#include "pages_support.h"

namespace {

namespace h = sg::testing;
using h::Contains;
using h::FieldError;
using h::Fields;
using h::Find;

class PagesAdminTest : public h::PagesTest {
 protected:
  h::Client Admin() { return server_.SignedIn(server_.users().admin); }

  Fields NewUser(std::string username, std::string password) {
    return {
        {"username", std::move(username)},   {"display_name", "Priya Shah"},
        {"email", "priya.shah@example.org"}, {"team", std::to_string(server_.teams().assessment)},
        {"role", "social-worker"},           {"password", std::move(password)}};
  }

  // Can `user` (signing in afresh) open the child's record page? Its status.
  int OpenRecord(const h::TestUser& user, int64_t child) {
    return server_.SignedIn(user).Get(fmt::format("/children/{}", child)).status;
  }
};

// ---- users --------------------------------------------------------------------

TEST_F(PagesAdminTest, OverviewLinksToUsersAndTeamsForAnAdministrator) {
  h::HttpResult page = Admin().Get("/admin");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "href=\"/admin/users\""));
  EXPECT_TRUE(Contains(page.body, "href=\"/admin/teams\""));
  EXPECT_TRUE(Contains(page.body, "action=\"/admin/children\""));
}

TEST_F(PagesAdminTest, OverviewOffersATeamManagerOnlyTheChildPages) {
  h::HttpResult page = server_.SignedIn(server_.users().manager).Get("/admin");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_FALSE(Contains(page.body, "href=\"/admin/users\""));
  EXPECT_TRUE(Contains(page.body, "action=\"/admin/children\""));
}

TEST_F(PagesAdminTest, OverviewFormGoesToTheChildsInvolvementsOrAccessLog) {
  h::Client admin = Admin();
  h::HttpResult involvements = admin.Get("/admin/children?child=42&show=involvements");
  EXPECT_EQ(involvements.status, 303);
  EXPECT_EQ(involvements.Header("location"), "/children/42/involvements");
  h::HttpResult log = admin.Get("/admin/children?child=42&show=access-log");
  EXPECT_EQ(log.Header("location"), "/children/42/access-log");
  h::HttpResult bad = admin.Get("/admin/children?child=forty-two&show=involvements");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(FieldError(bad.body, "child"),
            "The child&apos;s Safeguard number must be a number, like 1234");
  EXPECT_TRUE(Contains(bad.body, "value=\"forty-two\""));
}

TEST_F(PagesAdminTest, UsersTableShowsEveryUserWithStatusRoleAndAgency) {
  server_.DisableUser(server_.users().auditor.username);
  h::HttpResult page = Admin().Get("/admin/users");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "<caption"));
  EXPECT_TRUE(Contains(page.body, "href=\"/admin/users/socialworker\">socialworker</a>"));
  EXPECT_TRUE(Contains(page.body, "Partner-agency practitioner"));
  EXPECT_TRUE(Contains(page.body, "Cheshire Constabulary")) << "the agency's name, not its code";
  EXPECT_TRUE(Contains(page.body, ">Disabled</strong>"));
  EXPECT_TRUE(Contains(page.body, ">Active</strong>"));
  EXPECT_TRUE(Contains(page.body, "href=\"/admin/users/new\""));
}

TEST_F(PagesAdminTest, NewUserFormHasTeamsAndRolesWithDescriptions) {
  h::HttpResult page = Admin().Get("/admin/users/new");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "Assessment Team 1"));
  EXPECT_TRUE(Contains(page.body, "value=\"team-manager\""));
  EXPECT_TRUE(Contains(page.body, "govuk-radios__hint"));
  EXPECT_TRUE(Contains(page.body, "name=\"csrf_token\""));
  EXPECT_TRUE(Contains(page.body, "<label class=\"govuk-label\" for=\"password\">"));
}

TEST_F(PagesAdminTest, AdminAddsAUserWithATypedPasswordWhoCanThenSignIn) {
  const std::string password = "Correct-horse-battery-9";
  h::HttpResult added = Admin().PostForm("/admin/users/new", NewUser("priya.shah", password));
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(added.Header("location"), "/admin/users/priya.shah");

  h::HttpResult page = Admin().Get("/admin/users/priya.shah");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "Priya Shah"));
  EXPECT_TRUE(Contains(page.body, "Yes, at the next sign-in"));
  EXPECT_EQ(server_.NewClient().SignIn("priya.shah", password).status, 201);
}

TEST_F(PagesAdminTest, AdminAddsAUserWithAGeneratedPasswordShownOnce) {
  h::HttpResult added = Admin().PostForm("/admin/users/new", NewUser("priya.shah", ""));
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_TRUE(Contains(added.body, "User added"));
  EXPECT_EQ(added.Header("cache-control"), "no-store");
  const std::string password = Find(added.body, "id=\"temporary-password\"><code>([^<]+)</code>");
  ASSERT_FALSE(password.empty()) << added.body;
  EXPECT_EQ(server_.NewClient().SignIn("priya.shah", password).status, 201);
  // Shown once: the user's page never shows it again.
  EXPECT_FALSE(Contains(Admin().Get("/admin/users/priya.shah").body, password));
}

TEST_F(PagesAdminTest, WeakPasswordIsRefusedByTheFieldKeepingWhatWasTyped) {
  const int64_t users_before = server_.CountRows("users");
  h::HttpResult refused = Admin().PostForm("/admin/users/new", NewUser("priya.shah", "short"));
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(Contains(refused.body, "There is a problem"));
  EXPECT_TRUE(Contains(refused.body, "<a href=\"#password\">The password is shorter than 12"));
  EXPECT_EQ(FieldError(refused.body, "password"), "The password is shorter than 12 characters");
  EXPECT_TRUE(Contains(refused.body, "<title>Error: Add a user - Safeguard</title>"));
  EXPECT_TRUE(Contains(refused.body, "value=\"priya.shah\""));
  EXPECT_TRUE(Contains(refused.body, "value=\"Priya Shah\""));
  EXPECT_TRUE(Contains(refused.body, "value=\"social-worker\" checked"));
  EXPECT_TRUE(
      Contains(refused.body, fmt::format("value=\"{}\" selected", server_.teams().assessment)));
  EXPECT_EQ(server_.CountRows("users"), users_before);
}

TEST_F(PagesAdminTest, PasswordContainingTheUsernameIsRefusedByTheField) {
  h::HttpResult refused =
      Admin().PostForm("/admin/users/new", NewUser("priya.shah", "priya.shah-2025-ok"));
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(FieldError(refused.body, "password"), "The password contains the username");
}

TEST_F(PagesAdminTest, DuplicateUsernameIsRefusedByTheField) {
  h::HttpResult refused =
      Admin().PostForm("/admin/users/new", NewUser("socialworker", "Correct-horse-battery-9"));
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(FieldError(refused.body, "username"),
            "The username &apos;socialworker&apos; is taken: choose another");
  EXPECT_TRUE(Contains(refused.body, "<a href=\"#username\">"));
  EXPECT_TRUE(Contains(refused.body, "value=\"Priya Shah\""));
}

TEST_F(PagesAdminTest, UsernameOfTheWrongShapeIsRefusedByTheField) {
  h::HttpResult refused =
      Admin().PostForm("/admin/users/new", NewUser("Priya Shah!", "Correct-horse-battery-9"));
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_FALSE(FieldError(refused.body, "username").empty()) << refused.body;
}

TEST_F(PagesAdminTest, EmptyNewUserFormNamesEveryMissingAnswer) {
  h::HttpResult refused = Admin().PostForm("/admin/users/new", {});
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(FieldError(refused.body, "username"), "Enter a username");
  EXPECT_EQ(FieldError(refused.body, "display_name"), "Enter the user&apos;s full name");
  EXPECT_EQ(FieldError(refused.body, "team"), "Select the user&apos;s team");
  EXPECT_EQ(FieldError(refused.body, "role"), "Select the user&apos;s role");
  EXPECT_EQ(FieldError(refused.body, "password"), "") << "the password is optional";
}

TEST_F(PagesAdminTest, DisabledUserCannotSignInUntilEnabled) {
  const h::TestUser& worker = server_.users().social_worker;
  h::Client admin = Admin();
  h::HttpResult disabled = admin.PostForm("/admin/users/socialworker/disable", {});
  ASSERT_EQ(disabled.status, 303) << disabled.body;
  EXPECT_EQ(disabled.Header("location"), "/admin/users/socialworker");
  EXPECT_EQ(server_.NewClient().SignIn(worker.username, worker.password).status, 401);
  EXPECT_TRUE(Contains(admin.Get("/admin/users/socialworker").body, ">Disabled</strong>"));

  ASSERT_EQ(admin.PostForm("/admin/users/socialworker/enable", {}).status, 303);
  EXPECT_EQ(server_.NewClient().SignIn(worker.username, worker.password).status, 201);
}

TEST_F(PagesAdminTest, DisableWithoutTheFormsCsrfTokenChangesNothing) {
  const h::TestUser& worker = server_.users().social_worker;
  h::HttpResult forged = Admin().PostForm("/admin/users/socialworker/disable", {}, false);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(server_.NewClient().SignIn(worker.username, worker.password).status, 201);
}

TEST_F(PagesAdminTest, ResetPasswordShowsANewTemporaryPasswordOnce) {
  const h::TestUser& worker = server_.users().social_worker;
  h::HttpResult reset = Admin().PostForm("/admin/users/socialworker/reset-password", {});
  ASSERT_EQ(reset.status, 200) << reset.body;
  const std::string password = Find(reset.body, "id=\"temporary-password\"><code>([^<]+)</code>");
  ASSERT_FALSE(password.empty()) << reset.body;
  EXPECT_EQ(server_.NewClient().SignIn(worker.username, worker.password).status, 401);
  EXPECT_EQ(server_.NewClient().SignIn(worker.username, password).status, 201);
}

TEST_F(PagesAdminTest, SocialWorkerCannotOpenTheUsersPages) {
  h::Client worker = server_.SignedIn(server_.users().social_worker);
  h::HttpResult users = worker.Get("/admin/users");
  EXPECT_EQ(users.status, 403);
  EXPECT_TRUE(Contains(users.body, "You cannot see this page"));
  EXPECT_FALSE(Contains(users.body, "police.officer"));
  EXPECT_EQ(worker.Get("/admin/users/new").status, 403);
  EXPECT_EQ(worker.Get("/admin").status, 403);
  EXPECT_EQ(worker.Get("/admin/teams").status, 403);
  EXPECT_EQ(worker.PostForm("/admin/users/police.officer/disable", {}).status, 403);
  const h::TestUser& police = server_.users().police;
  EXPECT_EQ(server_.NewClient().SignIn(police.username, police.password).status, 201);
}

TEST_F(PagesAdminTest, SignedOutVisitorIsSentToSignIn) {
  h::HttpResult page = server_.NewClient().Get("/admin/users");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.Header("location"), "/sign-in?next=%2Fadmin%2Fusers");
}

// ---- teams and workers ------------------------------------------------------------

TEST_F(PagesAdminTest, AdminAddsATeamAndAWorker) {
  h::Client admin = Admin();
  h::HttpResult teams = admin.Get("/admin/teams");
  ASSERT_EQ(teams.status, 200) << teams.body;
  EXPECT_TRUE(Contains(teams.body, "Public Protection Unit"));

  h::HttpResult added =
      admin.PostForm("/admin/teams", {{"agency", "POLICE"}, {"name", "Child Exploitation Team"}});
  ASSERT_EQ(added.status, 303) << added.body;
  const std::string team_path = added.Header("location");
  EXPECT_TRUE(std::regex_match(team_path, std::regex("/admin/teams/[0-9]+"))) << team_path;
  EXPECT_TRUE(Contains(admin.Get("/admin/teams").body, "Child Exploitation Team"));

  h::HttpResult worker =
      admin.PostForm(team_path, {{"name", "DC Sam Okafor"}, {"role", "detective constable"}});
  ASSERT_EQ(worker.status, 303) << worker.body;
  EXPECT_EQ(worker.Header("location"), team_path);
  h::HttpResult team = admin.Get(team_path);
  ASSERT_EQ(team.status, 200) << team.body;
  EXPECT_TRUE(Contains(team.body, "<h1 class=\"govuk-heading-l\">Child Exploitation Team</h1>"));
  EXPECT_TRUE(Contains(team.body, "DC Sam Okafor"));
  EXPECT_TRUE(Contains(team.body, "detective constable"));
}

TEST_F(PagesAdminTest, TeamNameTakenInTheAgencyIsRefusedByTheField) {
  h::HttpResult refused =
      Admin().PostForm("/admin/teams", {{"agency", "POLICE"}, {"name", "Public Protection Unit"}});
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(Contains(FieldError(refused.body, "name"), "already has a team named"));
  EXPECT_TRUE(Contains(refused.body, "value=\"POLICE\" selected"));
}

TEST_F(PagesAdminTest, TeamWithoutAgencyOrNameIsRefused) {
  h::HttpResult refused = Admin().PostForm("/admin/teams", {{"name", "  "}});
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(FieldError(refused.body, "agency"), "Select the team&apos;s agency");
  EXPECT_EQ(FieldError(refused.body, "name"), "Enter the team&apos;s name");
}

TEST_F(PagesAdminTest, WorkerWithoutANameIsRefusedKeepingTheJobTitle) {
  const std::string path = fmt::format("/admin/teams/{}", server_.teams().police);
  const int64_t workers_before = server_.CountRows("workers");
  h::HttpResult refused = Admin().PostForm(path, {{"name", ""}, {"role", "analyst"}});
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(FieldError(refused.body, "name"), "Enter the worker&apos;s name");
  EXPECT_TRUE(Contains(refused.body, "value=\"analyst\""));
  EXPECT_EQ(server_.CountRows("workers"), workers_before);
}

TEST_F(PagesAdminTest, UnknownTeamIsNotFound) {
  EXPECT_EQ(Admin().Get("/admin/teams/999999").status, 404);
}

// ---- involvements ---------------------------------------------------------------

class PagesInvolvementTest : public PagesAdminTest {
 protected:
  void SetUp() override {
    PagesAdminTest::SetUp();
    child_ = server_.AddChild("Ava", "Example");
    server_.Allocate(child_, server_.teams().assessment, server_.users().social_worker.worker_id);
    path_ = fmt::format("/children/{}/involvements", child_);
  }

  Fields PoliceInvolvement() {
    // In this order: tests blank a field by its index.
    Fields fields = {{"team", std::to_string(server_.teams().police)},
                     {"worker", std::to_string(*server_.users().police.worker_id)}};
    h::AddDate(fields, "start", server_.today());
    fields.insert(fields.end(), {{"lawful_basis", "s47"}, {"reason", "Joint section 47 enquiry"}});
    return fields;
  }

  // The end form's fields: the involvement ends on `date`.
  static Fields EndOn(sg::core::Date date) {
    Fields fields;
    h::AddDate(fields, "end", date);
    return fields;
  }

  // The police team's row of the involvements table (the assessment
  // team's allocation has a row of its own); "" when there is none.
  static std::string PoliceRow(const std::string& listed) {
    return Find(listed, "(Public Protection Unit(?:(?!</tr>)[\\s\\S])*)</tr>");
  }

  // The end link in the police team's row; "" when the row has none.
  static std::string PoliceEndLink(const std::string& listed) {
    return Find(PoliceRow(listed), "href=\"(/involvements/[0-9]+/end)\"");
  }

  int64_t child_ = 0;
  std::string path_;
};

TEST_F(PagesInvolvementTest, ManagerAddsAnInvolvementThenThePartnerCanOpenTheRecord) {
  const h::TestUser& police = server_.users().police;
  EXPECT_EQ(OpenRecord(police, child_), 403);

  h::Client manager = server_.SignedIn(server_.users().manager);
  h::HttpResult form = manager.Get(path_);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "Assessment Team 1"));
  EXPECT_TRUE(Contains(form.body, "name=\"lawful_basis\""));

  h::HttpResult added = manager.PostForm(path_, PoliceInvolvement());
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(added.Header("location"), path_);
  EXPECT_EQ(OpenRecord(police, child_), 200);

  h::HttpResult listed = manager.Get(path_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(Contains(listed.body, "Public Protection Unit"));
  EXPECT_TRUE(Contains(listed.body, "Children Act 1989 section 47 enquiry"));
  EXPECT_TRUE(Contains(listed.body, "Still involved"));
}

TEST_F(PagesInvolvementTest, EndingTheInvolvementTakesTheRecordAwayAfterTheEndDate) {
  const h::TestUser& police = server_.users().police;
  h::Client manager = server_.SignedIn(server_.users().manager);
  ASSERT_EQ(manager.PostForm(path_, PoliceInvolvement()).status, 303);
  ASSERT_EQ(OpenRecord(police, child_), 200);

  const std::string listed = manager.Get(path_).body;
  const std::string link = PoliceEndLink(listed);
  ASSERT_FALSE(link.empty()) << listed;
  h::HttpResult form = manager.Get(link);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "End an involvement"));

  const sg::core::Date today = server_.today();
  h::HttpResult ended = manager.PostForm(link, EndOn(today));
  ASSERT_EQ(ended.status, 303) << ended.body;
  EXPECT_EQ(ended.Header("location"), path_);
  EXPECT_EQ(OpenRecord(police, child_), 200) << "an involvement ending today covers today";

  server_.AdvanceClock(std::chrono::hours(24));
  EXPECT_EQ(OpenRecord(police, child_), 403);
  h::HttpResult again = server_.SignedIn(server_.users().manager).PostForm(link, EndOn(today));
  EXPECT_EQ(again.status, 400) << "an involvement ends once";
  EXPECT_FALSE(FieldError(again.body, "end").empty()) << again.body;
}

TEST_F(PagesInvolvementTest, InvolvementWithoutTeamOrBasisIsRefusedKeepingTheReason) {
  const int64_t before = server_.CountRows("involvements");
  Fields fields = PoliceInvolvement();
  fields[0].second = "";  // team
  fields[5].second = "";  // lawful basis
  fields[4].second = "";  // start year
  h::HttpResult refused = server_.SignedIn(server_.users().manager).PostForm(path_, fields);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(FieldError(refused.body, "team"), "Select the team that works with the child");
  EXPECT_EQ(FieldError(refused.body, "lawful_basis"),
            "Select why the team may see the child&apos;s record");
  EXPECT_EQ(FieldError(refused.body, "start"), "Date the team started must include a year");
  EXPECT_TRUE(Contains(refused.body, "Joint section 47 enquiry</textarea>"));
  EXPECT_EQ(server_.CountRows("involvements"), before);
}

TEST_F(PagesInvolvementTest, AnotherLawfulBasisMustBeTyped) {
  Fields fields = PoliceInvolvement();
  fields[5].second = "other";
  h::HttpResult refused = server_.SignedIn(server_.users().manager).PostForm(path_, fields);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(FieldError(refused.body, "lawful_basis_other"), "Enter the lawful basis of the share");
  EXPECT_TRUE(Contains(refused.body, "value=\"other\" checked"));
}

TEST_F(PagesInvolvementTest, ConsentNeedsNoLawfulBasis) {
  Fields fields = PoliceInvolvement();
  fields[5].second = "consent";
  h::Client manager = server_.SignedIn(server_.users().manager);
  ASSERT_EQ(manager.PostForm(path_, fields).status, 303);
  EXPECT_TRUE(Contains(manager.Get(path_).body, "The family consented"));
}

TEST_F(PagesInvolvementTest, TeamAlreadyInvolvedIsRefusedByTheTeamField) {
  h::Client manager = server_.SignedIn(server_.users().manager);
  ASSERT_EQ(manager.PostForm(path_, PoliceInvolvement()).status, 303);
  h::HttpResult again = manager.PostForm(path_, PoliceInvolvement());
  ASSERT_EQ(again.status, 400) << again.body;
  EXPECT_TRUE(Contains(FieldError(again.body, "team"), "already involved")) << again.body;
}

TEST_F(PagesInvolvementTest, AdministratorSeesTheInvolvementsButNotTheRecord) {
  h::HttpResult page = Admin().Get(path_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "Assessment Team 1"));
  EXPECT_FALSE(Contains(page.body, "Ava")) << "the child's name is the record's";
  EXPECT_EQ(OpenRecord(server_.users().admin, child_), 403);
}

// The administrator manages who works with a child (Action::kManageInvolvements)
// without ever being cleared to read the record itself.
TEST_F(PagesInvolvementTest, AdministratorAddsAndEndsAnInvolvementButStillCannotOpenTheRecord) {
  h::Client admin = Admin();
  h::HttpResult form = admin.Get(path_);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "name=\"lawful_basis\"")) << "the form to add a team";

  h::HttpResult added = admin.PostForm(path_, PoliceInvolvement());
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(added.Header("location"), path_);
  const std::string listed = admin.Get(path_).body;
  EXPECT_TRUE(Contains(listed, "Public Protection Unit")) << listed;
  EXPECT_TRUE(Contains(listed, "Children Act 1989 section 47 enquiry"));
  EXPECT_EQ(OpenRecord(server_.users().police, child_), 200) << "the share took effect";

  const std::string link = PoliceEndLink(listed);
  ASSERT_FALSE(link.empty()) << listed;
  ASSERT_EQ(admin.Get(link).status, 200);
  const sg::core::Date today = server_.today();
  h::HttpResult ended = admin.PostForm(link, EndOn(today));
  ASSERT_EQ(ended.status, 303) << ended.body;
  EXPECT_EQ(ended.Header("location"), path_);
  const std::string row = PoliceRow(admin.Get(path_).body);
  ASSERT_FALSE(row.empty());
  EXPECT_FALSE(Contains(row, "Still involved")) << row;
  EXPECT_TRUE(Contains(row, sg::pages::LongDate(today))) << row;
  EXPECT_FALSE(Contains(row, "/end\"")) << "an ended involvement has no end link";

  EXPECT_EQ(OpenRecord(server_.users().admin, child_), 403);
}

TEST_F(PagesInvolvementTest, SocialWorkerReadsTheInvolvementsButCannotAddOne) {
  h::Client worker = server_.SignedIn(server_.users().social_worker);
  h::HttpResult page = worker.Get(path_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_FALSE(Contains(page.body, "Add involvement"));
  const int64_t before = server_.CountRows("involvements");
  EXPECT_EQ(worker.PostForm(path_, PoliceInvolvement()).status, 403);
  EXPECT_EQ(server_.CountRows("involvements"), before);
}

TEST_F(PagesInvolvementTest, PartnerNotInvolvedCannotSeeTheInvolvements) {
  h::HttpResult page = server_.SignedIn(server_.users().police).Get(path_);
  EXPECT_EQ(page.status, 403);
  // The refusal names whom to ask (the assessment team), and nothing else.
  EXPECT_FALSE(Contains(page.body, "Teams involved with the child"));
  EXPECT_FALSE(Contains(page.body, "Ava"));
}

// ---- the access log -------------------------------------------------------------

TEST_F(PagesInvolvementTest, AccessLogShowsAReadAfterASocialWorkerOpensTheRecord) {
  ASSERT_EQ(OpenRecord(server_.users().social_worker, child_), 200);
  h::HttpResult log =
      server_.SignedIn(server_.users().manager).Get(fmt::format("/children/{}/access-log", child_));
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_TRUE(Contains(log.body, "<caption"));
  EXPECT_TRUE(Contains(log.body, ">socialworker</span>")) << log.body;
  EXPECT_TRUE(Contains(log.body, "Looked at the record"));
  EXPECT_TRUE(Contains(log.body, "Their team works with the child"));
  EXPECT_TRUE(Contains(log.body, "2 June 2025 at"));
}

TEST_F(PagesInvolvementTest, AccessLogIsPagedNewestFirst) {
  for (int i = 0; i < 55; ++i) ASSERT_EQ(OpenRecord(server_.users().social_worker, child_), 200);
  h::Client manager = server_.SignedIn(server_.users().manager);
  const std::string path = fmt::format("/children/{}/access-log", child_);
  h::HttpResult first = manager.Get(path);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string next = Find(first.body, "href=\"([^\"]+)\" rel=\"next\"");
  ASSERT_FALSE(next.empty()) << first.body;
  EXPECT_TRUE(Contains(next, path + "?after="));
  h::HttpResult second = manager.Get(next);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_TRUE(Contains(second.body, "Looked at the record"));
  EXPECT_TRUE(Contains(second.body, "Back to the first page"));
}

TEST_F(PagesInvolvementTest, AccessLogIsRefusedToASocialWorkerAndAPartner) {
  const std::string path = fmt::format("/children/{}/access-log", child_);
  EXPECT_EQ(server_.SignedIn(server_.users().social_worker).Get(path).status, 403);
  EXPECT_EQ(server_.SignedIn(server_.users().police).Get(path).status, 403);
}

}  // namespace
