// End-to-end tests of administration, the work tray, missed timescales,
// figures and jobs over the JSON API: a real App and Server on a loopback
// port (server_harness.h), driven the way an administrator's browser or an
// integration would drive them.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "indicators/indicator.h"
#include "server_harness.h"
#include "store/access_store.h"

namespace {

namespace h = sg::testing;
namespace fs = std::filesystem;
using nlohmann::json;
using sg::core::Date;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

fs::path SourcePath(const std::string& relative) {
  return fs::path(SAFEGUARD_SOURCE_DIR) / relative;
}

std::vector<int64_t> RecordIds(const json& tray) {
  std::vector<int64_t> ids;
  for (const auto& item : tray["items"]) ids.push_back(item["record_id"].get<int64_t>());
  return ids;
}

class ApiAdminTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }

  h::Client Admin() { return server_.SignedIn(server_.users().admin); }

  h::TestServer server_;
};

// ---- users ------------------------------------------------------------------

TEST_F(ApiAdminTest, AdminCreatesAUserWhoSignsIn) {
  h::Client admin = Admin();
  const auto& teams = server_.teams();
  const int64_t worker = server_.AddWorker(teams.assessment, "Sam Worker");
  h::HttpResult created = admin.Post("/api/v1/users", {{"username", "sam.worker"},
                                                       {"display_name", "Sam Worker"},
                                                       {"email", "sam@example.org"},
                                                       {"team_id", teams.assessment},
                                                       {"worker_id", worker},
                                                       {"role", "social-worker"},
                                                       {"password", "a-long-passphrase-7"},
                                                       {"must_change_password", false}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("location"), "/api/v1/users/sam.worker");
  json user = created.json();
  EXPECT_EQ(user["username"], "sam.worker");
  EXPECT_EQ(user["role"], "social-worker");
  EXPECT_EQ(user["team_id"], teams.assessment);
  EXPECT_EQ(user["worker_id"], worker);
  EXPECT_FALSE(user.contains("temporary_password"));
  EXPECT_EQ(created.body.find("a-long-passphrase-7"), std::string::npos);

  h::Client sam = server_.NewClient();
  ASSERT_EQ(sam.SignIn("sam.worker", "a-long-passphrase-7").status, 201);
  h::HttpResult tray = sam.Get("/api/v1/work");
  EXPECT_EQ(tray.status, 200) << tray.body;

  h::HttpResult listed = admin.Get("/api/v1/users?limit=200");
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::set<std::string> names;
  const json users = listed.json();  // kept: a range-for over a temporary's member dangles
  for (const auto& u : users["items"]) names.insert(u["username"].get<std::string>());
  EXPECT_TRUE(names.contains("sam.worker"));
  EXPECT_TRUE(names.contains("admin"));
  EXPECT_EQ(admin.Get("/api/v1/users/sam.worker").json()["display_name"], "Sam Worker");
  EXPECT_EQ(admin.Get("/api/v1/users/nobody").status, 404);

  // The same username again, a weak password, an unknown role, an unknown field.
  json again = {{"username", "SAM.WORKER"},
                {"display_name", "Sam"},
                {"team_id", teams.assessment},
                {"role", "social-worker"},
                {"password", "another-long-phrase-8"}};
  EXPECT_EQ(admin.Post("/api/v1/users", again).status, 409);
  json weak = {{"username", "weak.one"},
               {"display_name", "Weak"},
               {"team_id", teams.assessment},
               {"role", "social-worker"},
               {"password", "short"}};
  EXPECT_EQ(admin.Post("/api/v1/users", weak).status, 400);
  json bad_role = {{"username", "odd.one"},
                   {"display_name", "Odd"},
                   {"team_id", teams.assessment},
                   {"role", "system"}};
  EXPECT_EQ(admin.Post("/api/v1/users", bad_role).status, 400);
  json typo = {{"username", "typo.one"},
               {"display_name", "Typo"},
               {"team_id", teams.assessment},
               {"role", "auditor"},
               {"passwrd", "whatever-long-enough"}};
  h::HttpResult typo_result = admin.Post("/api/v1/users", typo);
  EXPECT_EQ(typo_result.status, 400);
  EXPECT_NE(typo_result.body.find("passwrd"), std::string::npos) << typo_result.body;
}

TEST_F(ApiAdminTest, AUserMadeWithoutAPasswordGetsATemporaryOneToChange) {
  h::Client admin = Admin();
  h::HttpResult created = admin.Post("/api/v1/users", {{"username", "temp.user"},
                                                       {"display_name", "Temp User"},
                                                       {"team_id", server_.teams().business_unit},
                                                       {"role", "partnership-analyst"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json user = created.json();
  ASSERT_TRUE(user["temporary_password"].is_string());
  EXPECT_EQ(user["must_change_password"], true);
  const std::string temporary = user["temporary_password"];

  h::Client temp = server_.NewClient();
  ASSERT_EQ(temp.SignIn("temp.user", temporary).status, 201);
  EXPECT_EQ(temp.Get("/api/v1/indicators?year=2025").status, 403) << "must change first";
  ASSERT_EQ(temp.Post("/api/v1/session/password",
                      {{"current_password", temporary}, {"new_password", "my-own-passphrase-42"}})
                .status,
            204);
  EXPECT_EQ(temp.Get("/api/v1/indicators?year=2025").status, 200);
}

TEST_F(ApiAdminTest, NonAdministratorsGet403OnEveryAdministrationRoute) {
  const auto& users = server_.users();
  const int64_t team = server_.teams().assessment;
  const std::string token_id = "1";
  struct Call {
    std::string method, target;
    json body;
  };
  const std::vector<Call> calls = {
      {"GET", "/api/v1/teams", nullptr},
      {"POST", "/api/v1/teams", {{"agency", "POLICE"}, {"name", "New Team"}}},
      {"GET", fmt::format("/api/v1/teams/{}", team), nullptr},
      {"GET", fmt::format("/api/v1/teams/{}/workers", team), nullptr},
      {"POST", fmt::format("/api/v1/teams/{}/workers", team), {{"name", "New Worker"}}},
      {"GET", "/api/v1/users", nullptr},
      {"POST",
       "/api/v1/users",
       {{"username", "intruder"},
        {"display_name", "X"},
        {"team_id", team},
        {"role", "administrator"},
        {"password", "intruder-pass-phrase-1"}}},
      {"GET", "/api/v1/users/socialworker", nullptr},
      {"POST", "/api/v1/users/socialworker/disable", nullptr},
      {"POST", "/api/v1/users/socialworker/enable", nullptr},
      {"POST", "/api/v1/users/socialworker/reset-password", nullptr},
      {"GET", "/api/v1/tokens", nullptr},
      {"POST", "/api/v1/tokens", {{"username", "analyst"}, {"name", "x"}, {"scopes", {"read"}}}},
      {"DELETE", "/api/v1/tokens/" + token_id, nullptr},
  };
  const int64_t users_before = server_.CountRows("users");
  const int64_t teams_before = server_.CountRows("teams");
  const int64_t workers_before = server_.CountRows("workers");
  const int64_t tokens_before = server_.CountRows("api_tokens");
  for (const h::TestUser* user :
       {&users.social_worker, &users.manager, &users.front_door, &users.police, &users.health,
        &users.school, &users.analyst, &users.auditor}) {
    h::Client client = server_.SignedIn(*user);
    for (const Call& call : calls) {
      h::HttpResult r = call.method == "GET"      ? client.Get(call.target)
                        : call.method == "DELETE" ? client.Delete(call.target)
                        : call.body.is_null() ? client.PostText(call.target, "", "application/json")
                                              : client.Post(call.target, call.body);
      EXPECT_EQ(r.status, 403) << user->username << " " << call.method << " " << call.target << ": "
                               << r.body;
    }
  }
  EXPECT_EQ(server_.CountRows("users"), users_before);
  EXPECT_EQ(server_.CountRows("teams"), teams_before);
  EXPECT_EQ(server_.CountRows("workers"), workers_before);
  EXPECT_EQ(server_.CountRows("api_tokens"), tokens_before);
  // The social worker's account was neither disabled nor reset.
  h::Client still = server_.SignedIn(users.social_worker);
  EXPECT_EQ(still.Get("/api/v1/work").status, 200);
}

TEST_F(ApiAdminTest, DisablingAUserEndsTheirLiveSessionAtOnce) {
  h::Client admin = Admin();
  h::Client worker = server_.SignedIn(server_.users().social_worker);
  ASSERT_EQ(worker.Get("/api/v1/work").status, 200);

  h::HttpResult disabled =
      admin.PostText("/api/v1/users/socialworker/disable", "", "application/json");
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(disabled.json()["disabled_at"].is_string());
  EXPECT_EQ(worker.Get("/api/v1/work").status, 401);
  EXPECT_EQ(server_.NewClient().SignIn("socialworker", h::kTestPassword).status, 401);

  h::HttpResult enabled =
      admin.PostText("/api/v1/users/socialworker/enable", "{}", "application/json");
  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_TRUE(enabled.json()["disabled_at"].is_null());
  h::Client again = server_.NewClient();
  ASSERT_EQ(again.SignIn("socialworker", h::kTestPassword).status, 201);
  EXPECT_EQ(again.Get("/api/v1/work").status, 200);

  // A reset revokes the session too and gives a temporary password once.
  h::HttpResult reset =
      admin.PostText("/api/v1/users/socialworker/reset-password", "", "application/json");
  ASSERT_EQ(reset.status, 200) << reset.body;
  const std::string temporary = reset.json()["temporary_password"];
  EXPECT_EQ(again.Get("/api/v1/work").status, 401);
  EXPECT_EQ(server_.NewClient().SignIn("socialworker", h::kTestPassword).status, 401);
  EXPECT_EQ(server_.NewClient().SignIn("socialworker", temporary).status, 201);
  EXPECT_EQ(admin.Get("/api/v1/users/socialworker").json()["must_change_password"], true);
}

// ---- API tokens ---------------------------------------------------------------

TEST_F(ApiAdminTest, TokensWorkWithinTheirScopesUntilRevoked) {
  h::Client admin = Admin();
  h::HttpResult issued =
      admin.Post("/api/v1/tokens",
                 {{"username", "analyst"}, {"name", "figures feed"}, {"scopes", {"indicators"}}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  json token = issued.json();
  const std::string text = token["token"];
  EXPECT_TRUE(text.starts_with("sgt_")) << text;
  EXPECT_EQ(issued.Header("location"),
            fmt::format("/api/v1/tokens/{}", token["id"].get<int64_t>()));
  EXPECT_EQ(token["scopes"], json::array({"indicators"}));

  h::HttpResult listed = admin.Get("/api/v1/tokens");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(text), std::string::npos) << "a token's text is shown once only";
  ASSERT_EQ(listed.json()["items"].size(), 1u);

  h::Client feed = server_.NewClient();
  feed.UseBearer(text);
  EXPECT_EQ(feed.Get("/api/v1/indicators?year=2025").status, 200);
  EXPECT_EQ(feed.Get("/api/v1/work?scope=all").status, 403) << "read is not in the token's scopes";

  // An administrator's token without the admin scope cannot administer.
  h::HttpResult reader = admin.Post(
      "/api/v1/tokens", {{"username", "admin"}, {"name", "read only"}, {"scopes", {"read"}}});
  ASSERT_EQ(reader.status, 201) << reader.body;
  h::Client read_only = server_.NewClient();
  read_only.UseBearer(reader.json()["token"].get<std::string>());
  EXPECT_EQ(read_only.Get("/api/v1/users").status, 403);
  EXPECT_EQ(read_only.Get("/api/v1/agencies").status, 200);

  EXPECT_EQ(admin
                .Post("/api/v1/tokens",
                      {{"username", "analyst"}, {"name", "x"}, {"scopes", {"everything"}}})
                .status,
            400);
  EXPECT_EQ(admin.Delete(fmt::format("/api/v1/tokens/{}", token["id"].get<int64_t>())).status, 204);
  EXPECT_EQ(feed.Get("/api/v1/indicators?year=2025").status, 401);
  EXPECT_EQ(admin.Delete("/api/v1/tokens/999").status, 404);
}

// ---- agencies, teams, workers ---------------------------------------------------

TEST_F(ApiAdminTest, AgenciesTeamsAndWorkers) {
  h::Client anyone = server_.SignedIn(server_.users().school);
  h::HttpResult agencies = anyone.Get("/api/v1/agencies");
  ASSERT_EQ(agencies.status, 200) << agencies.body;
  std::set<std::string> codes;
  const json agency_page = agencies.json();
  for (const auto& a : agency_page["items"]) codes.insert(a["code"].get<std::string>());
  EXPECT_TRUE(codes.contains("POLICE") && codes.contains("LA-CSC") && codes.contains("SCHOOLS"));
  EXPECT_EQ(codes.size(), 10u);
  h::HttpResult first = anyone.Get("/api/v1/agencies?limit=3");
  ASSERT_EQ(first.json()["items"].size(), 3u);
  ASSERT_TRUE(first.json()["next"].is_string());
  h::HttpResult second = anyone.Get(first.json()["next"].get<std::string>());
  EXPECT_EQ(second.json()["items"][0]["id"].get<int64_t>(),
            first.json()["items"][2]["id"].get<int64_t>() + 1);

  h::Client admin = Admin();
  h::HttpResult team = admin.Post(
      "/api/v1/teams", {{"agency", "POLICE"}, {"name", "Child Abuse Investigation Unit"}});
  ASSERT_EQ(team.status, 201) << team.body;
  const int64_t team_id = team.json()["id"];
  EXPECT_EQ(team.Header("location"), fmt::format("/api/v1/teams/{}", team_id));
  EXPECT_EQ(team.json()["agency"]["code"], "POLICE");
  EXPECT_EQ(admin.Get(team.Header("location")).json()["name"], "Child Abuse Investigation Unit");
  EXPECT_EQ(
      admin
          .Post("/api/v1/teams", {{"agency", "POLICE"}, {"name", "Child Abuse Investigation Unit"}})
          .status,
      409);
  EXPECT_EQ(admin.Post("/api/v1/teams", {{"agency", "NOPE"}, {"name", "X"}}).status, 400);
  EXPECT_EQ(admin.Get("/api/v1/teams/99999").status, 404);

  h::HttpResult worker = admin.Post(fmt::format("/api/v1/teams/{}/workers", team_id),
                                    {{"name", "DC Jones"}, {"role", "detective constable"}});
  ASSERT_EQ(worker.status, 201) << worker.body;
  h::HttpResult workers = admin.Get(fmt::format("/api/v1/teams/{}/workers", team_id));
  ASSERT_EQ(workers.status, 200);
  ASSERT_EQ(workers.json()["items"].size(), 1u);
  EXPECT_EQ(workers.json()["items"][0]["name"], "DC Jones");
  EXPECT_EQ(admin.Post("/api/v1/teams/99999/workers", {{"name", "Nobody"}}).status, 404);

  h::HttpResult all_teams = admin.Get("/api/v1/teams?limit=200");
  ASSERT_EQ(all_teams.status, 200);
  EXPECT_EQ(all_teams.json()["items"].size(), static_cast<size_t>(server_.CountRows("teams")));
}

// ---- involvements -----------------------------------------------------------------

TEST_F(ApiAdminTest, AnInvolvementGrantsAPartnerAccessAndEndingItRemovesIt) {
  const auto& users = server_.users();
  const auto& teams = server_.teams();
  const int64_t child = server_.AddChild("Ava", "Example");
  server_.Allocate(child, teams.assessment, users.social_worker.worker_id);
  const std::string path = fmt::format("/api/v1/children/{}/involvements", child);
  const std::string record = fmt::format("/api/v1/children/{}", child);

  h::Client police = server_.SignedIn(users.police);
  h::HttpResult before = police.Get(path);
  EXPECT_EQ(before.status, 403) << before.body;
  EXPECT_EQ(before.body.find("Ava"), std::string::npos);
  EXPECT_EQ(police.Get(record).status, 403);

  json request = {
      {"team_id", teams.police},
      {"worker_id", *users.police.worker_id},
      {"start", server_.today().Iso()},
      {"lawful_basis", "public task: Children Act 1989 s.47 enquiries (UK GDPR 6(1)(e))"},
      {"reason", "joint section 47 enquiry"}};
  // Only team managers (and administrators) change who works with a child.
  EXPECT_EQ(server_.SignedIn(users.social_worker).Post(path, request).status, 403);
  EXPECT_EQ(police.Post(path, request).status, 403);

  h::Client manager = server_.SignedIn(users.manager);
  json no_basis = request;
  no_basis.erase("lawful_basis");
  EXPECT_EQ(manager.Post(path, no_basis).status, 400);
  const int64_t involvements_before = server_.CountRows("involvements");
  h::HttpResult created = manager.Post(path, request);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(server_.CountRows("involvements"), involvements_before + 1);
  json involvement = created.json();
  const int64_t id = involvement["id"];
  EXPECT_EQ(created.Header("location"), fmt::format("/api/v1/involvements/{}", id));
  EXPECT_TRUE(created.HasHeader("etag"));
  EXPECT_EQ(involvement["team"]["agency"], "POLICE");
  EXPECT_EQ(involvement["open"], true);
  EXPECT_EQ(manager.Post(path, request).status, 409) << "the team is involved already";

  h::HttpResult during = police.Get(path);
  ASSERT_EQ(during.status, 200) << during.body;
  EXPECT_EQ(during.json()["items"].size(), 2u);
  EXPECT_EQ(police.Get(fmt::format("/api/v1/involvements/{}", id)).status, 200);
  EXPECT_EQ(police.Get(record).status, 200) << "the child's record itself";

  h::HttpResult ended = manager.Post(fmt::format("/api/v1/involvements/{}/end", id),
                                     {{"end", server_.today().Iso()}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json()["end"], server_.today().Iso());
  EXPECT_EQ(
      manager.Post(fmt::format("/api/v1/involvements/{}/end", id), {{"end", server_.today().Iso()}})
          .status,
      422);
  // An involvement ending today still covers today; from tomorrow it does not.
  EXPECT_EQ(police.Get(path).status, 200);
  server_.AdvanceClock(std::chrono::hours(24));  // sessions idle that long end: sign in again
  h::Client police_tomorrow = server_.SignedIn(users.police);
  EXPECT_EQ(police_tomorrow.Get(path).status, 403);
  EXPECT_EQ(police_tomorrow.Get(record).status, 403);
  EXPECT_EQ(police_tomorrow.Get(fmt::format("/api/v1/involvements/{}", id)).status, 403);
  EXPECT_EQ(server_.SignedIn(users.manager).Get("/api/v1/children/99999/involvements").status, 404);
}

// ---- the work tray -------------------------------------------------------------

// Four children with open assessments: three with the assessment team (the
// social worker's two, the manager's one) and one with another team.
class WorkTrayTest : public ApiAdminTest {
 protected:
  void SetUp() override {
    ApiAdminTest::SetUp();
    const auto& users = server_.users();
    other_team_ = server_.AddTeam("LA-CSC", "Assessment Team 2");
    const int64_t other_worker = server_.AddWorker(other_team_, "Other Worker");
    a_ = Assessment("Alice", users.social_worker.worker_id, server_.teams().assessment,
                    "2025-02-03");
    b_ = Assessment("Ben", users.manager.worker_id, server_.teams().assessment, "2025-03-03");
    c_ = Assessment("Cara", other_worker, other_team_, "2025-02-10");
    d_ = Assessment("Dan", users.social_worker.worker_id, server_.teams().assessment, "2025-05-27");
  }

  // A child allocated to `team`/`worker` whose referral on `referral_date`
  // has an assessment open; the assessment's id.
  int64_t Assessment(const std::string& name, std::optional<int64_t> worker, int64_t team,
                     const std::string& referral_date) {
    const int64_t child = server_.AddChild(name, "Tray");
    server_.Allocate(child, team, worker);
    sg::journey::NewReferral referral;
    referral.person_id = child;
    referral.date = *Date::ParseIso(referral_date);
    referral.source = "5A";
    referral.primary_need = "N1";
    auto referral_id = server_.journey().OpenReferral(server_.system_actor(), referral);
    EXPECT_TRUE(referral_id) << referral_id.error().message();
    if (!referral_id) return 0;
    auto assessment = server_.journey().StartAssessment(server_.system_actor(), *referral_id,
                                                        *Date::ParseIso(referral_date));
    EXPECT_TRUE(assessment) << assessment.error().message();
    return assessment ? *assessment : 0;
  }

  json Tray(h::Client& client, const std::string& query, int expect = 200) {
    h::HttpResult r = client.Get("/api/v1/work" + query);
    EXPECT_EQ(r.status, expect) << query << ": " << r.body;
    return r.status == 200 ? r.json() : json();
  }

  int64_t other_team_ = 0;
  int64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0;
};

TEST_F(WorkTrayTest, MineAndTeamAreOrderedByUrgency) {
  const auto& users = server_.users();
  h::Client worker = server_.SignedIn(users.social_worker);
  json mine = Tray(worker, "?scope=mine");
  EXPECT_EQ(RecordIds(mine), (std::vector<int64_t>{a_, d_}));
  EXPECT_EQ(mine["scope"], "mine");
  EXPECT_EQ(mine["as_of"], "2025-06-02");
  const json& first = mine["items"][0];
  EXPECT_EQ(first["work_kind"], "assessment");
  EXPECT_EQ(first["status"], "overdue");
  EXPECT_GT(first["working_days_overdue"].get<int>(), 0);
  EXPECT_TRUE(first["working_days_left"].is_null());
  EXPECT_EQ(first["child"]["name"], "Alice Tray");
  EXPECT_EQ(first["team"]["id"], server_.teams().assessment);
  EXPECT_EQ(first["worker"]["id"], *users.social_worker.worker_id);
  EXPECT_TRUE(first["missed_reason"].is_null());
  const json& last = mine["items"][1];
  EXPECT_NE(last["status"], "overdue");
  EXPECT_GT(last["working_days_left"].get<int>(), 0);
  EXPECT_EQ(last["working_days_overdue"], 0);
  EXPECT_EQ(mine["summary"]["open"], 2);
  EXPECT_EQ(mine["summary"]["overdue"], 1);
  // The default for an account with a worker is its own tray.
  EXPECT_EQ(RecordIds(Tray(worker, "")), RecordIds(mine));

  // Team trays are the team managers'.
  Tray(worker, "?scope=team", 403);
  Tray(worker, "?scope=all", 403);
  Tray(worker, "?scope=everything", 400);

  h::Client manager = server_.SignedIn(users.manager);
  json team = Tray(manager, "?scope=team");
  EXPECT_EQ(RecordIds(team), (std::vector<int64_t>{a_, b_, d_}));
  // Most overdue first.
  EXPECT_GT(team["items"][0]["working_days_overdue"].get<int>(),
            team["items"][1]["working_days_overdue"].get<int>());
  EXPECT_EQ(RecordIds(Tray(manager, "?scope=team&overdue=true")), (std::vector<int64_t>{a_, b_}));
  EXPECT_EQ(RecordIds(Tray(manager, "?scope=mine")), (std::vector<int64_t>{b_}));

  // Paging keeps the order.
  json page1 = Tray(manager, "?scope=team&limit=2");
  EXPECT_EQ(RecordIds(page1), (std::vector<int64_t>{a_, b_}));
  ASSERT_TRUE(page1["next"].is_string());
  h::HttpResult page2 = manager.Get(page1["next"].get<std::string>());
  ASSERT_EQ(page2.status, 200);
  EXPECT_EQ(RecordIds(page2.json()), (std::vector<int64_t>{d_}));
  EXPECT_TRUE(page2.json()["next"].is_null());

  // On a later day the clocks have moved on: Dan's assessment is overdue too.
  json later = Tray(manager, "?scope=team&overdue=true&as_of=2025-09-01");
  EXPECT_EQ(RecordIds(later), (std::vector<int64_t>{a_, b_, d_}));
}

TEST_F(WorkTrayTest, ATrayShowsOnlyChildrenTheCallerIsClearedFor) {
  const auto& users = server_.users();
  h::Client manager = server_.SignedIn(users.manager);
  json all = Tray(manager, "?scope=all");
  EXPECT_EQ(RecordIds(all), (std::vector<int64_t>{a_, b_, d_}));
  EXPECT_EQ(all["summary"]["not_shown"], 1);
  h::HttpResult raw = manager.Get("/api/v1/work?scope=all");
  EXPECT_EQ(raw.body.find("Cara"), std::string::npos) << "a child the manager may not see";

  // The front door screens every contact: cleared for every child.
  h::Client front_door = server_.SignedIn(users.front_door);
  json everything = Tray(front_door, "?scope=all");
  EXPECT_EQ(RecordIds(everything), (std::vector<int64_t>{a_, c_, b_, d_}));
  EXPECT_EQ(everything["summary"]["not_shown"], 0);

  // Analysts see counts, never a child.
  h::Client analyst = server_.SignedIn(users.analyst);
  json counts = Tray(analyst, "?scope=all");
  EXPECT_TRUE(counts["items"].empty());
  EXPECT_EQ(counts["summary"]["not_shown"], 4);
  EXPECT_EQ(Tray(analyst, "").value("scope", ""), "all");

  // Partner practitioners have no work tray.
  h::Client police = server_.SignedIn(users.police);
  Tray(police, "", 403);
}

TEST_F(WorkTrayTest, AMissedTimescaleReasonIsRecordedOnceAndOnlyWhenOverdue) {
  const auto& users = server_.users();
  h::Client worker = server_.SignedIn(users.social_worker);
  const int64_t rows_before = server_.CountRows("missed_timescales");
  const int64_t audit_before = server_.AuditRows();
  json reason = {{"work_kind", "assessment"},
                 {"record_id", a_},
                 {"reason", "The family moved out of the area and could not be seen."}};
  h::HttpResult recorded = worker.Post("/api/v1/work/missed-reasons", reason);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(recorded.json()["recorded_by"], "socialworker");
  EXPECT_EQ(server_.CountRows("missed_timescales"), rows_before + 1);
  EXPECT_GT(server_.AuditRows(), audit_before);

  EXPECT_EQ(worker.Post("/api/v1/work/missed-reasons", reason).status, 409);
  json not_overdue = reason;
  not_overdue["record_id"] = d_;
  EXPECT_EQ(worker.Post("/api/v1/work/missed-reasons", not_overdue).status, 422);
  json unknown_kind = reason;
  unknown_kind["work_kind"] = "holiday";
  EXPECT_EQ(worker.Post("/api/v1/work/missed-reasons", unknown_kind).status, 400);
  json unknown_record = reason;
  unknown_record["record_id"] = 99999;
  EXPECT_EQ(worker.Post("/api/v1/work/missed-reasons", unknown_record).status, 404);
  // Cara's work is overdue, but the social worker is not cleared for her.
  json not_cleared = reason;
  not_cleared["record_id"] = c_;
  EXPECT_EQ(worker.Post("/api/v1/work/missed-reasons", not_cleared).status, 403);
  EXPECT_EQ(server_.SignedIn(users.police).Post("/api/v1/work/missed-reasons", not_cleared).status,
            403);
  EXPECT_EQ(server_.CountRows("missed_timescales"), rows_before + 1);

  // The tray shows the reason beside the work.
  json mine = Tray(worker, "?scope=mine");
  ASSERT_FALSE(mine["items"].empty());
  EXPECT_EQ(mine["items"][0]["missed_reason"]["reason"], reason["reason"]);

  // The front door (cleared for every child) explains Cara's.
  h::Client front_door = server_.SignedIn(users.front_door);
  not_cleared["reason"] = "Allocated late after a staffing gap.";
  ASSERT_EQ(front_door.Post("/api/v1/work/missed-reasons", not_cleared).status, 201);

  // The weekly report: counts for all, reasons only for cleared children.
  h::Client manager = server_.SignedIn(users.manager);
  h::HttpResult report = manager.Get("/api/v1/work/missed");
  ASSERT_EQ(report.status, 200) << report.body;
  json r = report.json();
  EXPECT_EQ(r["total"], 2);
  EXPECT_EQ(r["to"], "2025-06-02");
  EXPECT_EQ(r["from"], "2025-05-27");
  std::map<std::string, int> by_team;
  for (const auto& row : r["by_team_and_kind"]) {
    by_team[row["team"].get<std::string>()] += row["count"].get<int>();
  }
  EXPECT_EQ(by_team["Assessment Team 1"], 1);
  EXPECT_EQ(by_team["Assessment Team 2"], 1);
  int cleared = 0;
  for (const auto& item : r["items"]) {
    if (item["cleared"] == true) {
      ++cleared;
      EXPECT_EQ(item["reason"], reason["reason"]);
    } else {
      EXPECT_FALSE(item.contains("reason")) << item.dump();
      EXPECT_FALSE(item.contains("child_id")) << item.dump();
    }
  }
  EXPECT_EQ(cleared, 1);
  EXPECT_EQ(report.body.find("staffing gap"), std::string::npos);

  h::Client analyst = server_.SignedIn(users.analyst);
  h::HttpResult counts = analyst.Get("/api/v1/work/missed?from=2025-06-01&to=2025-06-02");
  ASSERT_EQ(counts.status, 200) << counts.body;
  EXPECT_EQ(counts.json()["total"], 2);
  EXPECT_EQ(counts.body.find("moved out"), std::string::npos);
  EXPECT_EQ(analyst.Get("/api/v1/work/missed?from=2025-06-03&to=2025-06-09").json()["total"], 0);
  EXPECT_EQ(analyst.Get("/api/v1/work/missed?from=2025-06-09&to=2025-06-03").status, 400);
  EXPECT_EQ(worker.Get("/api/v1/work/missed").status, 403);
}

// ---- notifications ---------------------------------------------------------------

TEST_F(ApiAdminTest, NotificationsAreTheCallersTeamsNewestFirst) {
  sg::store::AccessStore store(server_.db());
  auto notify = [&](int64_t team, const std::string& message) {
    sg::store::NotificationRow row;
    row.team_id = team;
    row.kind = "break-glass";
    row.message = message;
    row.created_at = server_.clock().NowUtc();
    auto id = store.InsertNotification(row);
    EXPECT_TRUE(id) << id.error().message();
    return id ? *id : 0;
  };
  const int64_t first = notify(server_.teams().assessment, "first");
  const int64_t second = notify(server_.teams().assessment, "second");
  const int64_t police = notify(server_.teams().police, "for the police");

  h::Client worker = server_.SignedIn(server_.users().social_worker);
  h::HttpResult listed = worker.Get("/api/v1/notifications");
  ASSERT_EQ(listed.status, 200) << listed.body;
  json items = listed.json()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["id"], second);
  EXPECT_EQ(items[1]["id"], first);
  EXPECT_EQ(listed.body.find("for the police"), std::string::npos);

  json page = worker.Get("/api/v1/notifications?limit=1").json();
  ASSERT_EQ(page["items"].size(), 1u);
  ASSERT_TRUE(page["next"].is_string());
  json rest = worker.Get(page["next"].get<std::string>()).json();
  ASSERT_EQ(rest["items"].size(), 1u);
  EXPECT_EQ(rest["items"][0]["id"], first);

  h::HttpResult read =
      worker.PostText(fmt::format("/api/v1/notifications/{}/read", second), "", "application/json");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_TRUE(read.json()["read_at"].is_string());
  json unread = worker.Get("/api/v1/notifications?unread=true").json();
  ASSERT_EQ(unread["items"].size(), 1u);
  EXPECT_EQ(unread["items"][0]["id"], first);
  EXPECT_EQ(
      worker.PostText(fmt::format("/api/v1/notifications/{}/read", police), "", "application/json")
          .status,
      404);
}

// ---- figures --------------------------------------------------------------------

TEST_F(ApiAdminTest, IndicatorsHaveEveryIdOfTheCatalogue) {
  h::Client analyst = server_.SignedIn(server_.users().analyst);
  h::HttpResult r = analyst.Get("/api/v1/indicators?year=2025");
  ASSERT_EQ(r.status, 200) << r.body;
  json figures = r.json();
  EXPECT_EQ(figures["year"], 2025);
  EXPECT_EQ(figures["period"]["start"], "2024-04-01");
  EXPECT_EQ(figures["period"]["end"], "2025-03-31");
  std::vector<std::string> ids;
  for (const auto& v : figures["indicators"]) ids.push_back(v["id"].get<std::string>());
  EXPECT_EQ(ids.size(), 48u);
  std::vector<std::string> catalogue;
  for (const auto& def : sg::indicators::Catalogue()) catalogue.emplace_back(def.id);
  EXPECT_EQ(ids, catalogue);

  h::HttpResult quarter = analyst.Get("/api/v1/indicators?year=2025&quarter=2");
  ASSERT_EQ(quarter.status, 200) << quarter.body;
  EXPECT_EQ(quarter.json()["period"]["start"], "2024-07-01");
  h::HttpResult range = analyst.Get("/api/v1/indicators?from=2025-01-01&to=2025-03-31");
  ASSERT_EQ(range.status, 200) << range.body;
  EXPECT_FALSE(range.json().contains("year"));
  EXPECT_EQ(analyst.Get("/api/v1/indicators").status, 400);
  EXPECT_EQ(analyst.Get("/api/v1/indicators?year=2025&from=2025-01-01&to=2025-02-01").status, 400);
  EXPECT_EQ(analyst.Get("/api/v1/indicators?year=20x5").status, 400);
  EXPECT_EQ(analyst.Get("/api/v1/indicators?year=2025&quarter=5").status, 400);

  h::HttpResult scorecard = analyst.Get("/api/v1/scorecard?year=2025&quarter=4");
  ASSERT_EQ(scorecard.status, 200) << scorecard.body;
  EXPECT_TRUE(scorecard.json().is_object());
  EXPECT_EQ(analyst.Get("/api/v1/scorecard?year=2025").status, 400);

  // Aggregate figures are not casework: a social worker may not compute them.
  h::Client worker = server_.SignedIn(server_.users().social_worker);
  EXPECT_EQ(worker.Get("/api/v1/indicators?year=2025").status, 403);
}

// ---- jobs -----------------------------------------------------------------------

TEST_F(ApiAdminTest, ACinImportJobRunsToSuccessWithProgress) {
  const std::string census = ReadFile(SourcePath("testdata/cin/samples/liia_cin-2022.xml"));
  ASSERT_FALSE(census.empty());
  h::Client analyst = server_.SignedIn(server_.users().analyst);
  const int64_t children_before = server_.CountRows("persons");
  h::HttpResult accepted = analyst.PostText("/api/v1/imports/cin", census, "application/xml");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string location = accepted.Header("location");
  ASSERT_TRUE(location.starts_with("/api/v1/jobs/")) << location;
  EXPECT_EQ(accepted.json()["job"]["kind"], "import-cin");

  json job = h::WaitForJob(analyst, location);
  ASSERT_EQ(job["state"], "succeeded") << job.dump();
  EXPECT_EQ(job["progress"]["total"].get<int64_t>(), static_cast<int64_t>(census.size()));
  EXPECT_EQ(job["progress"]["done"], job["progress"]["total"]);
  EXPECT_EQ(job["summary"]["collection_year"], 2022);
  EXPECT_GT(job["summary"]["children"].get<int>(), 0);
  EXPECT_TRUE(job["result"].is_null());
  EXPECT_TRUE(job["finished_at"].is_string());
  EXPECT_GT(server_.CountRows("persons"), children_before);

  // Only the submitter sees the job; a social worker may not import.
  h::Client manager = server_.SignedIn(server_.users().manager);
  EXPECT_EQ(manager.Get(location).status, 404);
  EXPECT_EQ(manager.PostText("/api/v1/imports/cin", census, "application/xml").status, 403);
  EXPECT_EQ(analyst.PostText("/api/v1/imports/cin", census, "text/plain").status, 415);
  EXPECT_EQ(analyst.PostText("/api/v1/imports/cin", "", "application/xml").status, 400);
}

TEST_F(ApiAdminTest, AMalformedUploadFailsTheJobAndChangesNothing) {
  h::Client analyst = server_.SignedIn(server_.users().analyst);
  const std::vector<std::string> tables = {"persons", "referrals", "assessments", "cp_plans"};
  std::map<std::string, int64_t> before;
  for (const auto& t : tables) before[t] = server_.CountRows(t);
  const std::string census = ReadFile(SourcePath("testdata/cin/samples/liia_cin-2022.xml"));
  const std::string cut = census.substr(0, census.size() / 2);  // ends mid-element
  h::HttpResult accepted = analyst.PostText("/api/v1/imports/cin", cut, "application/xml");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  json job = h::WaitForJob(analyst, accepted.Header("location"));
  ASSERT_EQ(job["state"], "failed") << job.dump();
  ASSERT_TRUE(job["error"].is_object());
  const std::string message = job["error"]["message"];
  EXPECT_FALSE(message.empty());
  EXPECT_EQ(message.find("safeguard-upload"), std::string::npos) << "no server paths: " << message;
  for (const auto& t : tables) EXPECT_EQ(server_.CountRows(t), before[t]) << t;

  // An SSDA903 body with a file name that would leave its directory.
  h::HttpResult escape = analyst.Post("/api/v1/imports/ssda903",
                                      {{"year", 2025}, {"files", {{"../header.csv", "CHILD\n"}}}});
  EXPECT_EQ(escape.status, 400) << escape.body;
  EXPECT_EQ(
      analyst.Post("/api/v1/imports/ssda903", {{"year", 2025}, {"files", json::object()}}).status,
      400);
  EXPECT_EQ(analyst
                .Post("/api/v1/imports/ssda903",
                      {{"year", 2025}, {"files", {{"a.csv", "x"}}}, {"yeer", 1}})
                .status,
            400);
}

TEST_F(ApiAdminTest, AnSsda903ImportJobLoadsTheReturn) {
  json files = json::object();
  for (const auto& entry : fs::directory_iterator(SourcePath("testdata/ssda903/roundtrip"))) {
    files[entry.path().filename().string()] = ReadFile(entry.path());
  }
  h::Client analyst = server_.SignedIn(server_.users().analyst);
  const int64_t episodes_before = server_.CountRows("care_episodes");
  h::HttpResult accepted =
      analyst.Post("/api/v1/imports/ssda903", {{"year", 2025}, {"files", files}});
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  json job = h::WaitForJob(analyst, accepted.Header("location"));
  ASSERT_EQ(job["state"], "succeeded") << job.dump();
  EXPECT_GT(job["summary"]["episodes"].get<int>(), 0);
  EXPECT_GT(server_.CountRows("care_episodes"), episodes_before);
}

TEST_F(ApiAdminTest, AnAnnualReportJobsResultDownloads) {
  h::Client analyst = server_.SignedIn(server_.users().analyst);
  h::HttpResult accepted =
      analyst.Post("/api/v1/reports/annual", {{"year", 2025}, {"format", "html"}});
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string location = accepted.Header("location");
  json job = h::WaitForJob(analyst, location);
  ASSERT_EQ(job["state"], "succeeded") << job.dump();
  EXPECT_EQ(job["result"], location + "/result");
  EXPECT_EQ(job["progress"]["done"], job["progress"]["total"]);

  h::HttpResult file = analyst.Get(location + "/result");
  ASSERT_EQ(file.status, 200) << file.body.substr(0, 200);
  EXPECT_TRUE(file.Header("content-type").starts_with("text/html")) << file.Header("content-type");
  EXPECT_NE(file.Header("content-disposition").find("annual-report-2024-25.html"),
            std::string::npos)
      << file.Header("content-disposition");
  EXPECT_NE(file.body.find("<html"), std::string::npos);
  EXPECT_EQ(server_.SignedIn(server_.users().auditor).Get(location + "/result").status, 404);

  EXPECT_EQ(analyst.Post("/api/v1/reports/annual", {{"year", 2025}, {"format", "docx"}}).status,
            400);
  EXPECT_EQ(server_.SignedIn(server_.users().social_worker)
                .Post("/api/v1/reports/annual", {{"year", 2025}})
                .status,
            403);
}

}  // namespace
