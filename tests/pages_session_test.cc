// The session pages over real HTTP, as a browser without JavaScript uses
// them: sign in and out, the start page, the ended session that keeps what
// was typed, CSRF on forms, changing the password, the assets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pages_support.h"

namespace sg::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Each test has a server of its own with the pages (PagesTest).
using PagesSessionTest = PagesTest;

std::string SessionFrom(const HttpResult& result) {
  for (const std::string& cookie : result.Headers("set-cookie")) {
    const std::string prefix = "__Host-sg_session=";
    if (cookie.rfind(prefix, 0) == 0)
      return cookie.substr(prefix.size(), cookie.find(';') - prefix.size());
  }
  return "";
}

TEST_F(PagesSessionTest, StartPageSendsSomeoneNotSignedInToSignIn) {
  HttpResult start = server_.NewClient().Get("/");
  EXPECT_EQ(start.status, 303);
  EXPECT_EQ(start.Header("location"), "/sign-in");
}

TEST_F(PagesSessionTest, SignInPageIsAGovukFormWithLabelledFields) {
  HttpResult page = server_.NewClient().Get("/sign-in");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.Header("content-type"), StartsWith("text/html"));
  EXPECT_THAT(page.body,
              HasSubstr("<label class=\"govuk-label\" for=\"username\">Username</label>"));
  EXPECT_THAT(page.body, HasSubstr("type=\"password\""));
  EXPECT_THAT(page.body, HasSubstr("href=\"/assets/govuk-frontend.css\""));
  EXPECT_THAT(page.body, HasSubstr("<title>Sign in - Safeguard</title>"));
}

TEST_F(PagesSessionTest, WrongPasswordShowsTheErrorSummaryAndKeepsTheUsernameNotThePassword) {
  HttpResult refused = server_.NewClient().PostForm(
      "/sign-in", {{"username", "socialworker"}, {"password", "not-the-password-123"}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_THAT(refused.body, HasSubstr("govuk-error-summary"));
  EXPECT_THAT(refused.body, HasSubstr("<title>Error: Sign in - Safeguard</title>"));
  EXPECT_THAT(refused.body, HasSubstr("href=\"#username\">Enter a correct username and password"));
  EXPECT_THAT(refused.body, HasSubstr("value=\"socialworker\""));
  EXPECT_THAT(refused.body, Not(HasSubstr("not-the-password-123")));
  EXPECT_EQ(SessionFrom(refused), "");
}

TEST_F(PagesSessionTest, EmptyFieldsAreNamedEachByItsField) {
  HttpResult refused =
      server_.NewClient().PostForm("/sign-in", {{"username", ""}, {"password", ""}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_THAT(refused.body, HasSubstr("href=\"#username\">Enter your username"));
  EXPECT_THAT(refused.body, HasSubstr("href=\"#password\">Enter your password"));
  EXPECT_THAT(refused.body, HasSubstr("id=\"password-error\""));
}

TEST_F(PagesSessionTest, SignInSetsTheSessionCookieAndGoesToTheRolesStartPage) {
  HttpResult signed_in = server_.NewClient().PostForm(
      "/sign-in", {{"username", "frontdoor"}, {"password", std::string(kTestPassword)}});
  EXPECT_EQ(signed_in.status, 303);
  EXPECT_EQ(signed_in.Header("location"), "/front-door");
  EXPECT_NE(SessionFrom(signed_in), "");
  HttpResult analyst = server_.NewClient().PostForm(
      "/sign-in",
      {{"username", "analyst"}, {"password", std::string(kTestPassword)}, {"next", "/"}});
  EXPECT_EQ(analyst.Header("location"), "/scorecard");
}

TEST_F(PagesSessionTest, NextMustBeAPathOfOursNotAnotherSite) {
  HttpResult signed_in =
      server_.NewClient().PostForm("/sign-in", {{"username", "socialworker"},
                                                {"password", std::string(kTestPassword)},
                                                {"next", "//evil.example/steal"}});
  EXPECT_EQ(signed_in.status, 303);
  EXPECT_EQ(signed_in.Header("location"), "/work") << "a social worker starts at their work";
}

TEST_F(PagesSessionTest, SignInFromAnotherSiteIsRefused) {
  Client client = server_.NewClient();
  HttpResult refused = client.Send(
      "POST", "/sign-in", "username=socialworker&password=x",
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", "https://evil.example"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(refused.Header("content-type"), StartsWith("text/html"));
  EXPECT_THAT(refused.body, HasSubstr("This form has expired"));
}

TEST_F(PagesSessionTest, APageWithoutASessionGoesToSignInAndComesBack) {
  HttpResult page = server_.NewClient().Get("/account/password?x=1");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.Header("location"), "/sign-in?next=%2Faccount%2Fpassword%3Fx%3D1");
  HttpResult signed_in =
      server_.NewClient().PostForm("/sign-in", {{"username", "socialworker"},
                                                {"password", std::string(kTestPassword)},
                                                {"next", "/account/password?x=1"}});
  EXPECT_EQ(signed_in.Header("location"), "/account/password?x=1");
}

TEST_F(PagesSessionTest, AFormSentAfterTheSessionEndedKeepsTheEntryThroughSignIn) {
  Client client = server_.SignedIn(server_.users().social_worker);
  server_.AdvanceClock(std::chrono::hours(1));  // past the 30-minute idle timeout
  HttpResult ended = client.PostForm("/session/extend",
                                     {{"summary", "Mum says \"he's not been home\" <since Friday>"},
                                      {"new_password", "never-shown-again"}});
  ASSERT_EQ(ended.status, 401);
  EXPECT_THAT(ended.body, HasSubstr("Your session ended before you sent your entry"));
  EXPECT_THAT(ended.body, HasSubstr("name=\"kept_action\" value=\"/session/extend\""));
  EXPECT_THAT(
      ended.body,
      HasSubstr("name=\"kept.summary\" value=\"Mum says &quot;he&apos;s not been home&quot; "
                "&lt;since Friday&gt;\""));
  EXPECT_THAT(ended.body, Not(HasSubstr("never-shown-again")));

  Client again = server_.NewClient();
  HttpResult resumed =
      again.PostForm("/sign-in", {{"username", "socialworker"},
                                  {"password", std::string(kTestPassword)},
                                  {"kept_action", "/session/extend"},
                                  {"kept.summary", "Mum says he's not been home"}});
  ASSERT_EQ(resumed.status, 200);
  EXPECT_NE(SessionFrom(resumed), "");
  EXPECT_THAT(resumed.body, HasSubstr("You are signed in again"));
  EXPECT_THAT(resumed.body, HasSubstr("action=\"/session/extend\""));
  EXPECT_THAT(resumed.body,
              HasSubstr("name=\"summary\" value=\"Mum says he&apos;s not been home\""));
  EXPECT_THAT(resumed.body, HasSubstr("name=\"csrf_token\""));
}

TEST_F(PagesSessionTest, AFormWithoutItsCsrfTokenIsRefusedAsAnHtmlPage) {
  Client client = server_.SignedIn(server_.users().social_worker);
  HttpResult refused = client.PostForm("/session/extend", {}, /*with_csrf=*/false);
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(refused.Header("content-type"), StartsWith("text/html"));
  EXPECT_THAT(refused.body, HasSubstr("This form has expired"));
  HttpResult allowed = client.PostForm("/session/extend", {});
  EXPECT_EQ(allowed.status, 303);
}

TEST_F(PagesSessionTest, StayingSignedInFromTheWarningAnswersNoContent) {
  Client client = server_.SignedIn(server_.users().social_worker);
  HttpResult stayed = client.Send("POST", "/session/extend", "");
  EXPECT_EQ(stayed.status, 204);
}

TEST_F(PagesSessionTest, SignOutEndsTheSession) {
  Client client = server_.SignedIn(server_.users().social_worker);
  HttpResult out = client.PostForm("/sign-out", {});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.Header("location"), "/sign-in");
  HttpResult after = client.Get("/account/password");
  EXPECT_EQ(after.status, 303);
  EXPECT_THAT(after.Header("location"), StartsWith("/sign-in"));
}

TEST_F(PagesSessionTest, TheLayoutNamesTheUserAndWarnsBeforeTimeout) {
  Client client = server_.SignedIn(server_.users().social_worker);
  HttpResult page = client.Get("/account/password");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body,
              HasSubstr("data-module=\"app-session-timeout\" data-idle-seconds=\"1800\""));
  EXPECT_THAT(page.body, HasSubstr("Sign out"));
  EXPECT_THAT(page.body, HasSubstr("aria-label=\"Menu\""));
}

TEST_F(PagesSessionTest, AUserWithATemporaryPasswordMustChangeItFirst) {
  TestUser user = server_.AddUser("newstarter", access::Role::kSocialWorker,
                                  server_.teams().assessment, true, /*must_change_password=*/true);
  Client client = server_.NewClient();
  HttpResult signed_in = client.PostForm(
      "/sign-in", {{"username", "newstarter"}, {"password", std::string(kTestPassword)}});
  ASSERT_EQ(signed_in.status, 303);
  EXPECT_EQ(signed_in.Header("location"), "/account/password");
  Client session = server_.SignedIn(user);
  EXPECT_EQ(session.Get("/work").Header("location"), "/account/password");

  HttpResult mismatch =
      session.PostForm("/account/password", {{"current_password", std::string(kTestPassword)},
                                             {"new_password", "correct horse battery staple"},
                                             {"confirm_password", "correct horse battery"}});
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_THAT(mismatch.body, HasSubstr("The two new passwords are not the same"));
  HttpResult weak =
      session.PostForm("/account/password", {{"current_password", std::string(kTestPassword)},
                                             {"new_password", "short"},
                                             {"confirm_password", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_THAT(weak.body, HasSubstr("id=\"new_password-error\""));
  HttpResult changed =
      session.PostForm("/account/password", {{"current_password", std::string(kTestPassword)},
                                             {"new_password", "correct horse battery staple"},
                                             {"confirm_password", "correct horse battery staple"}});
  EXPECT_EQ(changed.status, 303);
  EXPECT_EQ(session.Get("/").Header("location"), "/work");
}

TEST_F(PagesSessionTest, PagesAreForSessionsNotApiTokens) {
  Client client = server_.NewClient();
  client.UseBearer(server_.IssueToken("socialworker", {"read", "write"}));
  HttpResult refused = client.Get("/account/password");
  EXPECT_EQ(refused.status, 403);
}

TEST_F(PagesSessionTest, AssetsAreServedWithTheirTypesAndTheStylesheetUsesArial) {
  Client client = server_.NewClient();
  HttpResult css = client.Get("/assets/govuk-frontend.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_THAT(css.Header("content-type"), StartsWith("text/css"));
  EXPECT_THAT(css.body, Not(HasSubstr("GDS Transport")));
  HttpResult js = client.Get("/assets/app.mjs");
  EXPECT_THAT(js.Header("content-type"), StartsWith("text/javascript"));
  EXPECT_THAT(js.body, HasSubstr("initAll"));
  EXPECT_EQ(client.Get("/assets/govuk-frontend.min.js").status, 200);
  EXPECT_EQ(client.Get("/assets/nothing.css").status, 404);
}

}  // namespace
}  // namespace sg::testing
