// Sessions, authentication, CSRF and the App's own behaviour (routing,
// problems, group commit), end to end over loopback.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api/jobs.h"
#include "api/json_body.h"
#include "server_harness.h"

namespace sg::testing {
namespace {

using nlohmann::json;

constexpr std::string_view kRefusal =
    "the username or password is not right, or the account is locked or disabled";
constexpr std::string_view kCsrfRefusal =
    "the request did not come from a Safeguard page (CSRF check failed)";

void ExpectProblem(const HttpResult& result, int status, std::string_view code) {
  EXPECT_EQ(result.status, status) << result.body;
  EXPECT_EQ(result.Header("content-type"), "application/problem+json");
  json body = result.json();
  EXPECT_EQ(body.value("status", 0), status);
  EXPECT_EQ(body.value("code", ""), code);
  EXPECT_TRUE(body.contains("type"));
  EXPECT_TRUE(body.contains("title"));
  EXPECT_FALSE(body.value("detail", "").empty());
}

std::string Detail(const HttpResult& result) {
  return result.json().value("detail", "");
}

// The attributes of a Set-Cookie value, names lower-case, after the pair.
std::set<std::string> Attributes(const std::string& cookie) {
  std::set<std::string> out;
  size_t at = cookie.find(';');
  while (at != std::string::npos) {
    size_t next = cookie.find(';', at + 1);
    std::string attribute = cookie.substr(at + 1, next == std::string::npos ? next : next - at - 1);
    while (!attribute.empty() && attribute.front() == ' ') attribute.erase(0, 1);
    out.insert(attribute);
    at = next;
  }
  return out;
}

// --- sign in and out ---

TEST(ApiSessionTest, SignInWhoAmISignOut) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  HttpResult signed_in = client.SignIn("socialworker", kTestPassword);
  ASSERT_EQ(signed_in.status, 201) << signed_in.body;
  json body = signed_in.json();
  EXPECT_EQ(body["user"]["username"], "socialworker");
  EXPECT_EQ(body["user"]["role"], "social-worker");
  EXPECT_EQ(body["user"]["agency"], "LA-CSC");
  EXPECT_EQ(body["user"]["team_id"], server.teams().assessment);
  EXPECT_EQ(body["user"]["worker_id"], *server.users().social_worker.worker_id);
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());
  EXPECT_FALSE(body["expires_at"].get<std::string>().empty());
  EXPECT_EQ(body["must_change_password"], false);
  EXPECT_FALSE(client.session_token().empty());
  // The token travels only in the cookie, never in the body.
  EXPECT_EQ(signed_in.body.find(client.session_token()), std::string::npos);

  HttpResult me = client.Get("/api/v1/session");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"]["username"], "socialworker");
  EXPECT_EQ(me.json()["csrf_token"], body["csrf_token"]);
  EXPECT_EQ(me.json()["via_token"], false);

  const std::string old_token = client.session_token();
  HttpResult out = client.Delete("/api/v1/session");
  EXPECT_EQ(out.status, 204) << out.body;
  ASSERT_EQ(out.Headers("set-cookie").size(), 1u);
  const std::string cleared = out.Header("set-cookie");
  EXPECT_EQ(cleared.rfind("__Host-sg_session=;", 0), 0u) << cleared;
  EXPECT_TRUE(Attributes(cleared).contains("Max-Age=0")) << cleared;

  // The old token is dead on the server, not only forgotten by the browser.
  Client replay = server.NewClient();
  replay.set_session_token(old_token);
  ExpectProblem(replay.Get("/api/v1/session"), 401, "unauthenticated");
}

TEST(ApiSessionTest, SignInIsAudited) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  const int64_t before = server.AuditRows();
  Client client = server.NewClient();
  ASSERT_EQ(client.SignIn("manager", kTestPassword).status, 201);
  EXPECT_GT(server.AuditRows(), before);
}

TEST(ApiSessionTest, EveryFailedSignInGetsTheOneMessage) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  HttpResult wrong = client.SignIn("socialworker", "Not-the-right-password-1");
  ExpectProblem(wrong, 401, "unauthenticated");
  EXPECT_EQ(Detail(wrong), kRefusal);
  EXPECT_EQ(wrong.Header("www-authenticate"), "Bearer realm=\"safeguard\"");
  EXPECT_TRUE(wrong.Headers("set-cookie").empty());

  HttpResult unknown = client.SignIn("nobody.at.all", "Not-the-right-password-1");
  ExpectProblem(unknown, 401, "unauthenticated");
  EXPECT_EQ(Detail(unknown), kRefusal);

  server.DisableUser("school");
  HttpResult disabled = client.SignIn("school", kTestPassword);
  ExpectProblem(disabled, 401, "unauthenticated");
  EXPECT_EQ(Detail(disabled), kRefusal);
  EXPECT_TRUE(client.session_token().empty());
}

TEST(ApiSessionTest, FailuresAreKeptAndLockTheAccount) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  // The default: five free attempts, then a lock of a minute.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(client.SignIn("health", "Not-the-right-password-1").status, 401) << "attempt " << i;
  }
  HttpResult locked = client.SignIn("health", kTestPassword);
  ExpectProblem(locked, 401, "unauthenticated");
  EXPECT_EQ(Detail(locked), kRefusal);
  // Another user is not affected.
  EXPECT_EQ(server.NewClient().SignIn("police.officer", kTestPassword).status, 201);

  server.AdvanceClock(std::chrono::seconds(61));
  EXPECT_EQ(client.SignIn("health", kTestPassword).status, 201);
}

TEST(ApiSessionTest, CookieAttributesExactly) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  HttpResult signed_in = client.SignIn("frontdoor", kTestPassword);
  ASSERT_EQ(signed_in.status, 201);
  ASSERT_EQ(signed_in.Headers("set-cookie").size(), 1u);
  const std::string cookie = signed_in.Header("set-cookie");
  const std::string pair = cookie.substr(0, cookie.find(';'));
  EXPECT_EQ(pair, "__Host-sg_session=" + client.session_token());
  EXPECT_GE(client.session_token().size(), 43u);  // 256 bits, base64url
  EXPECT_EQ(Attributes(cookie),
            (std::set<std::string>{"Path=/", "Secure", "HttpOnly", "SameSite=Strict"}))
      << cookie;  // no Domain (the __Host- rule), no Max-Age or Expires (a browser session)
}

TEST(ApiSessionTest, NoCredentialsIs401WithAChallenge) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  HttpResult none = client.Get("/api/v1/session");
  ExpectProblem(none, 401, "unauthenticated");
  EXPECT_EQ(none.Header("www-authenticate"), "Bearer realm=\"safeguard\"");

  client.set_session_token("not-a-session");
  HttpResult bogus = client.Get("/api/v1/session");
  ExpectProblem(bogus, 401, "unauthenticated");
  EXPECT_EQ(bogus.Header("www-authenticate"), "Bearer realm=\"safeguard\"");

  Client basic = server.NewClient();
  ExpectProblem(basic.Get("/api/v1/session", {{"Authorization", "Basic YWRtaW46YWRtaW4="}}), 401,
                "unauthenticated");
}

TEST(ApiSessionTest, IdleSessionExpires) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.SignedIn(server.users().manager);
  ASSERT_EQ(client.Get("/api/v1/session").status, 200);
  server.AdvanceClock(std::chrono::minutes(31));
  ExpectProblem(client.Get("/api/v1/session"), 401, "unauthenticated");
}

// --- CSRF ---

TEST(ApiSessionTest, ChangesWithoutTheCsrfTokenAreRefusedAndChangeNothing) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.SignedIn(server.users().social_worker);
  const json change = {{"current_password", kTestPassword},
                       {"new_password", "A-brand-new-passw0rd"}};

  client.set_send_csrf(false);
  HttpResult missing = client.Post("/api/v1/session/password", change);
  ExpectProblem(missing, 403, "permission_denied");
  EXPECT_EQ(Detail(missing), kCsrfRefusal);

  HttpResult wrong =
      client.Post("/api/v1/session/password", change, {{"X-CSRF-Token", "not-the-token"}});
  ExpectProblem(wrong, 403, "permission_denied");
  EXPECT_EQ(Detail(wrong), kCsrfRefusal);

  std::string truncated = client.csrf_token();
  truncated.pop_back();
  ExpectProblem(client.Post("/api/v1/session/password", change, {{"X-CSRF-Token", truncated}}), 403,
                "permission_denied");
  ExpectProblem(client.Post("/api/v1/session/password", change, {{"X-CSRF-Token", ""}}), 403,
                "permission_denied");

  // Sign-out is a change too.
  ExpectProblem(client.Delete("/api/v1/session"), 403, "permission_denied");

  // Nothing changed: the session lives and the old password still works.
  EXPECT_EQ(client.Get("/api/v1/session").status, 200);
  EXPECT_EQ(server.NewClient().SignIn("socialworker", kTestPassword).status, 201);
  EXPECT_EQ(server.NewClient().SignIn("socialworker", "A-brand-new-passw0rd").status, 401);
}

TEST(ApiSessionTest, ForeignOriginIsRefused) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.SignedIn(server.users().social_worker);
  const json change = {{"current_password", kTestPassword},
                       {"new_password", "A-brand-new-passw0rd"}};
  client.set_origin("https://evil.example");
  HttpResult foreign = client.Post("/api/v1/session/password", change);
  ExpectProblem(foreign, 403, "permission_denied");
  EXPECT_EQ(Detail(foreign), kCsrfRefusal);
  client.set_origin("null");
  ExpectProblem(client.Post("/api/v1/session/password", change), 403, "permission_denied");

  // A page of another site cannot sign a browser in either (login CSRF).
  Client visitor = server.NewClient();
  visitor.set_origin("https://evil.example");
  ExpectProblem(visitor.SignIn("socialworker", kTestPassword), 403, "permission_denied");

  // The server's own origin is fine, and reads need no token.
  client.set_origin(server.origin());
  EXPECT_EQ(client.Get("/api/v1/session").status, 200);
  EXPECT_EQ(client.Post("/api/v1/session/password", change).status, 204);
  EXPECT_EQ(server.NewClient().SignIn("socialworker", "A-brand-new-passw0rd").status, 201);
}

TEST(ApiSessionTest, ChangePasswordChecksTheCurrentOne) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.SignedIn(server.users().auditor);
  HttpResult wrong = client.Post(
      "/api/v1/session/password",
      {{"current_password", "Not-the-right-password-1"}, {"new_password", "A-brand-new-passw0rd"}});
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  HttpResult weak = client.Post("/api/v1/session/password",
                                {{"current_password", kTestPassword}, {"new_password", "short"}});
  ExpectProblem(weak, 400, "invalid_argument");
  EXPECT_EQ(server.NewClient().SignIn("auditor", kTestPassword).status, 201);
}

// --- must change password ---

TEST(ApiSessionTest, UserWhoMustChangePasswordMayOnlyDoThat) {
  HarnessOptions options;
  options.extra_routes = [](api::RouteTable& routes) {
    api::Route route;
    route.handler = [](api::Call& call) -> core::Result<http::Response> {
      return http::Json(200, json{{"actor", call.actor().id}}.dump());
    };
    routes.Add("GET", "/api/v1/test/actor", route);
  };
  TestServer server(options);
  ASSERT_TRUE(server.ok());
  TestUser user = server.AddUser("newstarter", access::Role::kSocialWorker,
                                 server.teams().assessment, true, true);
  Client client = server.NewClient();
  HttpResult signed_in = client.SignIn("newstarter", kTestPassword);
  ASSERT_EQ(signed_in.status, 201) << signed_in.body;
  EXPECT_EQ(signed_in.json()["must_change_password"], true);
  EXPECT_EQ(client.Get("/api/v1/session").status, 200);
  HttpResult refused = client.Get("/api/v1/test/actor");
  ExpectProblem(refused, 403, "permission_denied");
  EXPECT_NE(Detail(refused).find("/api/v1/session/password"), std::string::npos);

  HttpResult changed = client.Post(
      "/api/v1/session/password",
      {{"current_password", kTestPassword}, {"new_password", "Chosen-by-the-starter-9"}});
  ASSERT_EQ(changed.status, 204) << changed.body;
  Client again = server.NewClient();
  ASSERT_EQ(again.SignIn("newstarter", "Chosen-by-the-starter-9").status, 201);
  EXPECT_EQ(again.Get("/api/v1/test/actor").status, 200);
}

// --- bearer tokens ---

TEST(ApiSessionTest, BearerTokensAreLimitedToTheirScopes) {
  HarnessOptions options;
  options.extra_routes = [](api::RouteTable& routes) {
    api::Route route;
    route.scope = "write";
    route.handler = [](api::Call& call) -> core::Result<http::Response> {
      return http::Json(200, json{{"actor", call.actor().id}}.dump());
    };
    routes.Add("POST", "/api/v1/test/write", route);
  };
  TestServer server(options);
  ASSERT_TRUE(server.ok());
  Client reader = server.NewClient();
  reader.UseBearer(server.IssueToken("analyst", {"read"}));
  HttpResult me = reader.Get("/api/v1/session");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["via_token"], true);
  EXPECT_TRUE(me.json()["csrf_token"].is_null());
  EXPECT_EQ(me.json()["scopes"], json::array({"read"}));

  HttpResult unscoped = reader.Post("/api/v1/test/write", json::object());
  ExpectProblem(unscoped, 403, "permission_denied");
  EXPECT_NE(Detail(unscoped).find("'write'"), std::string::npos);

  // A token needs no CSRF header: there is no ambient credential to abuse.
  Client writer = server.NewClient();
  writer.UseBearer(server.IssueToken("socialworker", {"read", "write"}));
  HttpResult wrote = writer.Post("/api/v1/test/write", json::object());
  ASSERT_EQ(wrote.status, 200) << wrote.body;
  EXPECT_EQ(wrote.json()["actor"], "socialworker");
  // A token has no session to sign out of.
  ExpectProblem(writer.Delete("/api/v1/session"), 422, "failed_precondition");

  Client forged = server.NewClient();
  forged.UseBearer("sgt_not-a-token");
  HttpResult refused = forged.Get("/api/v1/session");
  ExpectProblem(refused, 401, "unauthenticated");
  EXPECT_EQ(refused.Header("www-authenticate"), "Bearer realm=\"safeguard\"");
}

// --- disabling ---

TEST(ApiSessionTest, DisabledUsersLiveSessionIsRefusedAtOnce) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.SignedIn(server.users().police);
  Client token_client = server.NewClient();
  token_client.UseBearer(server.IssueToken("police.officer", {"read"}));
  ASSERT_EQ(client.Get("/api/v1/session").status, 200);
  ASSERT_EQ(token_client.Get("/api/v1/session").status, 200);
  server.DisableUser("police.officer");
  ExpectProblem(client.Get("/api/v1/session"), 401, "unauthenticated");
  ExpectProblem(token_client.Get("/api/v1/session"), 401, "unauthenticated");
}

// --- the shape of every answer ---

TEST(ApiSessionTest, SecurityHeadersOnApiResponses) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.SignedIn(server.users().manager);
  for (const HttpResult& result :
       {client.Get("/api/v1/session"), server.NewClient().Get("/api/v1/session"),
        client.Get("/api/v1/nothing-here"), client.Get("/healthz")}) {
    SCOPED_TRACE(result.status);
    EXPECT_NE(result.Header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_EQ(result.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(result.Header("x-frame-options"), "DENY");
    EXPECT_EQ(result.Header("referrer-policy"), "same-origin");
    EXPECT_FALSE(result.Header("x-request-id").empty());
    EXPECT_FALSE(result.HasHeader("x-route"));  // for the access log only
  }
  EXPECT_EQ(client.Get("/api/v1/session").Header("cache-control"), "no-store");
}

TEST(ApiSessionTest, AccessLogNamesTheRouteNotThePath) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  ASSERT_EQ(client.Get("/healthz?secret=topsecretvalue").status, 200);
  ASSERT_EQ(client.SignIn("manager", kTestPassword).status, 201);
  server.Stop();  // every line is written
  bool saw_session = false;
  for (const std::string& line : server.AccessLog()) {
    EXPECT_EQ(line.find("topsecretvalue"), std::string::npos) << line;
    EXPECT_EQ(line.find(kTestPassword), std::string::npos) << line;
    json entry = json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << line;
    saw_session = saw_session || entry.value("route", "") == "/api/v1/session";
  }
  EXPECT_TRUE(saw_session);
}

TEST(ApiSessionTest, HealthAndDocumentNeedNoSignIn) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  HttpResult health = client.Get("/healthz");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(health.json(), json({{"status", "ok"}}));
  HttpResult document = client.Get("/api/v1/openapi.json");
  ASSERT_EQ(document.status, 200);
  json openapi = document.json();
  EXPECT_EQ(openapi["openapi"], "3.0.3");
  EXPECT_TRUE(openapi["paths"].contains("/api/v1/session"));
}

TEST(ApiSessionTest, UnknownRouteIs404) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  ExpectProblem(client.Get("/api/v1/no-such-thing"), 404, "not_found");
  ExpectProblem(client.Get("/api/v1/session/"), 404, "not_found");  // no slash folding
}

TEST(ApiSessionTest, WrongMethodIs405WithAllow) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  HttpResult wrong = client.Put("/api/v1/session", json::object());
  ExpectProblem(wrong, 405, "method_not_allowed");
  const std::string allow = wrong.Header("allow");
  for (const char* method : {"GET", "POST", "DELETE"}) {
    EXPECT_NE(allow.find(method), std::string::npos) << allow;
  }
  EXPECT_EQ(allow.find("PUT"), std::string::npos) << allow;
}

TEST(ApiSessionTest, BadBodiesAre400NamingTheField) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  HttpResult malformed = client.PostText("/api/v1/session", "{\"username\": ", "application/json");
  ExpectProblem(malformed, 400, "invalid_argument");
  EXPECT_NE(Detail(malformed).find("not valid JSON"), std::string::npos);

  HttpResult empty = client.PostText("/api/v1/session", "", "application/json");
  ExpectProblem(empty, 400, "invalid_argument");

  HttpResult array = client.PostText("/api/v1/session", "[1]", "application/json");
  ExpectProblem(array, 400, "invalid_argument");

  HttpResult wrong_type = client.Post("/api/v1/session", {{"username", 7}, {"password", "x"}});
  ExpectProblem(wrong_type, 400, "invalid_argument");
  EXPECT_NE(Detail(wrong_type).find("'username'"), std::string::npos);

  HttpResult missing = client.Post("/api/v1/session", {{"username", "manager"}});
  ExpectProblem(missing, 400, "invalid_argument");
  EXPECT_NE(Detail(missing).find("'password'"), std::string::npos);

  HttpResult unknown =
      client.Post("/api/v1/session",
                  {{"username", "manager"}, {"password", kTestPassword}, {"remember_me", true}});
  ExpectProblem(unknown, 400, "invalid_argument");
  EXPECT_NE(Detail(unknown).find("'remember_me'"), std::string::npos);
  EXPECT_TRUE(client.session_token().empty());  // nothing done
}

TEST(ApiSessionTest, OversizedBodyIs413) {
  TestServer server;  // 1 MiB limit
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  // The declared length alone is over the limit: refused before any body.
  HttpResult result = client.SendRaw(
      "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 2097152\r\n\r\n");
  EXPECT_EQ(result.status, 413);
  // The server is still there.
  EXPECT_EQ(server.NewClient().Get("/healthz").status, 200);
}

// --- the App: savepoints, failures, the hashing pool, group commit ---

struct CountingRoutes {
  static void Add(api::RouteTable& routes) {
    api::Route register_then_fail;
    register_then_fail.auth = api::Auth::kNone;
    register_then_fail.handler = [](api::Call& call) -> core::Result<http::Response> {
      store::Person child;
      child.forename = "Rolled";
      child.surname = "Back";
      child.birth_date = core::Date::FromYmd(2015, 1, 1);
      auto id = call.journey.RegisterChild(access::Actor::System("test", "a test"), child);
      if (!id) return std::unexpected(id.error());
      if (call.request.Query("fail")) {
        return core::Fail(core::Code::kFailedPrecondition, "this request fails on purpose");
      }
      return http::Json(201, json{{"id", *id}}.dump());
    };
    routes.Add("POST", "/api/v1/test/children", register_then_fail);

    api::Route thrower;
    thrower.auth = api::Auth::kNone;
    thrower.handler = [](api::Call&) -> core::Result<http::Response> {
      throw std::runtime_error("boom");
    };
    routes.Add("GET", "/api/v1/test/throw", thrower);

    api::Route hashed;
    hashed.placement = api::Placement::kHashing;
    hashed.auth = api::Auth::kNone;
    hashed.hashing = [](const http::Request& request) -> core::Result<std::string> {
      if (request.body == "refuse") {
        return core::Fail(core::Code::kInvalidArgument, "the hashing stage refused");
      }
      if (request.body == "throw") throw std::runtime_error("hash boom");
      return std::string(request.body.rbegin(), request.body.rend());
    };
    hashed.handler = [](api::Call& call) -> core::Result<http::Response> {
      return http::Json(200, json{{"hashed", *call.hashing_result}}.dump());
    };
    routes.Add("POST", "/api/v1/test/hash", hashed);
  }
};

TEST(ApiAppTest, AFailingHandlerRollsBackAloneInItsBatch) {
  HarnessOptions options;
  options.extra_routes = CountingRoutes::Add;
  TestServer server(options);
  ASSERT_TRUE(server.ok());
  // What one kept registration writes to the audit log.
  int64_t audit = server.AuditRows();
  ASSERT_EQ(server.NewClient().Post("/api/v1/test/children", json::object()).status, 201);
  const int64_t audit_per_child = server.AuditRows() - audit;
  ASSERT_GE(audit_per_child, 1);

  const int64_t persons = server.CountRows("persons");
  audit = server.AuditRows();
  constexpr int kRequests = 40;
  std::vector<int> statuses(kRequests);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRequests; ++i) {
    threads.emplace_back([&, i] {
      Client client = server.NewClient();
      statuses[i] = client
                        .Post(i % 2 == 0 ? "/api/v1/test/children" : "/api/v1/test/children?fail=1",
                              json::object())
                        .status;
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kRequests; ++i) EXPECT_EQ(statuses[i], i % 2 == 0 ? 201 : 422) << i;
  // The failed requests left neither the child they registered nor its
  // audit row; their neighbours in the same commit kept both.
  EXPECT_EQ(server.CountRows("persons"), persons + kRequests / 2);
  EXPECT_EQ(server.AuditRows() - audit, audit_per_child * (kRequests / 2));
}

TEST(ApiAppTest, AThrowingHandlerIs500AndTheServerLivesOn) {
  HarnessOptions options;
  options.extra_routes = CountingRoutes::Add;
  TestServer server(options);
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  HttpResult thrown = client.Get("/api/v1/test/throw");
  ExpectProblem(thrown, 500, "internal");
  EXPECT_EQ(Detail(thrown).find("boom"), std::string::npos);  // no internals to the client
  EXPECT_EQ(client.Post("/api/v1/test/children", json::object()).status, 201);
  EXPECT_EQ(client.SignIn("manager", kTestPassword).status, 201);
}

TEST(ApiAppTest, HashingStageRunsBeforeTheDatabaseStage) {
  HarnessOptions options;
  options.extra_routes = CountingRoutes::Add;
  TestServer server(options);
  ASSERT_TRUE(server.ok());
  Client client = server.NewClient();
  HttpResult hashed = client.PostText("/api/v1/test/hash", "abc", "text/plain");
  ASSERT_EQ(hashed.status, 200) << hashed.body;
  EXPECT_EQ(hashed.json()["hashed"], "cba");
  ExpectProblem(client.PostText("/api/v1/test/hash", "refuse", "text/plain"), 400,
                "invalid_argument");
  ExpectProblem(client.PostText("/api/v1/test/hash", "throw", "text/plain"), 500, "internal");
  EXPECT_EQ(client.PostText("/api/v1/test/hash", "xy", "text/plain").json()["hashed"], "yx");
}

// Runs `count` requests at once, each from a client of its own; their statuses.
std::vector<int> AllAtOnce(int count, const std::function<int(int)>& request) {
  std::vector<int> statuses(count, 0);
  std::atomic<int> ready = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < count) std::this_thread::yield();
      statuses[i] = request(i);
    });
  }
  for (auto& thread : threads) thread.join();
  return statuses;
}

TEST(ApiAppTest, GroupCommitAnswersAndAuditsEveryConcurrentRequest) {
  HarnessOptions options;
  options.extra_routes = CountingRoutes::Add;
  TestServer server(options);
  ASSERT_TRUE(server.ok());
  int64_t audit = server.AuditRows();
  ASSERT_EQ(server.NewClient().Post("/api/v1/test/children", json::object()).status, 201);
  const int64_t audit_per_child = server.AuditRows() - audit;
  ASSERT_GE(audit_per_child, 1);

  audit = server.AuditRows();
  const int64_t persons = server.CountRows("persons");
  constexpr int kRequests = 200;
  std::vector<int> statuses = AllAtOnce(kRequests, [&](int) {
    return server.NewClient().Post("/api/v1/test/children", json::object()).status;
  });
  for (int i = 0; i < kRequests; ++i) EXPECT_EQ(statuses[i], 201) << "request " << i;
  EXPECT_EQ(server.CountRows("persons") - persons, kRequests);
  EXPECT_EQ(server.AuditRows() - audit, audit_per_child * kRequests);
}

TEST(ApiAppTest, ConcurrentSignInsAreAllAnsweredAndAudited) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  const int64_t audit = server.AuditRows();
  const int64_t sessions = server.CountRows("sessions");
  const std::vector<TestUser> users = {server.users().social_worker, server.users().manager,
                                       server.users().front_door, server.users().police,
                                       server.users().auditor};
  constexpr int kRequests = 100;
  std::vector<int> statuses = AllAtOnce(kRequests, [&](int i) {
    const TestUser& user = users[i % users.size()];
    return server.NewClient().SignIn(user.username, user.password).status;
  });
  for (int i = 0; i < kRequests; ++i) EXPECT_EQ(statuses[i], 201) << "request " << i;
  EXPECT_EQ(server.CountRows("sessions") - sessions, kRequests);
  EXPECT_EQ(server.AuditRows() - audit, kRequests);  // one "sign-in" row each
}

// --- jobs ---

access::Actor UserActor(std::string id, int64_t user_id) {
  access::Actor actor;
  actor.id = std::move(id);
  actor.name = actor.id;
  actor.agency = "LA-CSC";
  actor.role = access::Role::kPartnershipAnalyst;
  actor.user_id = user_id;
  return actor;
}

// Polls until the job has finished (the job thread needs no sleep of ours
// to make progress; this only bounds a hang).
api::JobStatus WaitFor(const api::Jobs& jobs, const access::Actor& actor, int64_t id) {
  for (int i = 0; i < 30000; ++i) {
    auto status = jobs.Status(actor, id);
    if (!status) {
      ADD_FAILURE() << status.error().message();
      return {};
    }
    if (status->state == api::JobState::kSucceeded || status->state == api::JobState::kFailed) {
      return *status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ADD_FAILURE() << "job " << id << " did not finish";
  return {};
}

TEST(ApiJobsTest, RunsReportsProgressAndKeepsTheResultFile) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  const std::string directory = server.directory() + "/job-results";
  api::Jobs jobs(server.database_path(), directory, server.clock());
  const access::Actor owner = UserActor("analyst", server.users().analyst.id);
  const std::string written = server.directory() + "/made-by-the-job.html";
  auto id = jobs.Submit(owner, "report-annual",
                        [&](store::Database& db, const access::Actor& actor,
                            api::Progress& progress) -> core::Result<api::JobOutput> {
                          EXPECT_EQ(actor.id, "analyst");
                          auto children = db.QueryInt("SELECT COUNT(*) FROM persons", {});
                          if (!children) return std::unexpected(children.error());
                          progress.Report(3, 4, "writing");
                          std::FILE* file = std::fopen(written.c_str(), "w");
                          std::fputs("<p>report</p>", file);
                          std::fclose(file);
                          api::JobOutput output;
                          output.summary_json = json{{"children", *children}}.dump();
                          output.result_file = written;
                          output.result_content_type = "text/html";
                          output.result_name = "annual-report.html";
                          return output;
                        });
  ASSERT_TRUE(id) << id.error().message();
  api::JobStatus status = WaitFor(jobs, owner, *id);
  EXPECT_EQ(status.state, api::JobState::kSucceeded);
  EXPECT_EQ(api::JobStateName(status.state), "succeeded");
  EXPECT_EQ(status.kind, "report-annual");
  EXPECT_EQ(status.done, 3);
  EXPECT_EQ(status.total, 4);
  EXPECT_EQ(status.stage, "writing");
  EXPECT_EQ(status.summary_json, R"({"children":0})");
  EXPECT_TRUE(status.has_result);
  EXPECT_FALSE(status.submitted_at.empty());
  EXPECT_FALSE(status.finished_at.empty());

  auto result = jobs.Result(owner, *id);
  ASSERT_TRUE(result) << result.error().message();
  ASSERT_TRUE(result->result_file);
  // Moved under the jobs directory, named by us, not by the job.
  EXPECT_EQ(result->result_file->rfind(directory, 0), 0u) << *result->result_file;
  EXPECT_TRUE(std::filesystem::exists(*result->result_file));
  EXPECT_FALSE(std::filesystem::exists(written));
  EXPECT_EQ(result->result_name, "annual-report.html");
  EXPECT_EQ(result->result_content_type, "text/html");

  // Forgotten, with the file, an hour after it finished.
  const std::string kept = *result->result_file;
  server.AdvanceClock(std::chrono::seconds(3601));
  auto gone = jobs.Status(owner, *id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), core::Code::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(kept));
}

TEST(ApiJobsTest, OnlyTheSubmitterSeesAJob) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  api::Jobs jobs(server.database_path(), server.directory() + "/jobs-b", server.clock());
  const access::Actor owner = UserActor("analyst", server.users().analyst.id);
  const access::Actor other = UserActor("auditor", server.users().auditor.id);
  auto id =
      jobs.Submit(owner, "noop",
                  [](store::Database&, const access::Actor&,
                     api::Progress&) -> core::Result<api::JobOutput> { return api::JobOutput{}; });
  ASSERT_TRUE(id);
  WaitFor(jobs, owner, *id);
  auto status = jobs.Status(other, *id);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), core::Code::kNotFound);
  // Worded as for an id that never existed, so that ids reveal nothing.
  EXPECT_EQ(status.error().message(), "there is no job " + std::to_string(*id));
  EXPECT_EQ(jobs.Status(other, *id + 100).error().message(),
            "there is no job " + std::to_string(*id + 100));
  EXPECT_EQ(jobs.Result(other, *id).error().code(), core::Code::kNotFound);
  // A job that made no file has no result to fetch.
  EXPECT_EQ(jobs.Result(owner, *id).error().code(), core::Code::kNotFound);
}

TEST(ApiJobsTest, FailuresAndThrowsAreReported) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  api::Jobs jobs(server.database_path(), server.directory() + "/jobs-c", server.clock());
  const access::Actor owner = UserActor("analyst", server.users().analyst.id);
  auto failing = jobs.Submit(
      owner, "import-cin",
      [](store::Database&, const access::Actor&, api::Progress&) -> core::Result<api::JobOutput> {
        return core::Fail(core::Code::kInvalidArgument, "line 3 is not XML");
      });
  auto throwing = jobs.Submit(
      owner, "import-cin",
      [](store::Database&, const access::Actor&, api::Progress&) -> core::Result<api::JobOutput> {
        throw std::runtime_error("job boom");
      });
  ASSERT_TRUE(failing && throwing);
  api::JobStatus failed = WaitFor(jobs, owner, *failing);
  EXPECT_EQ(failed.state, api::JobState::kFailed);
  ASSERT_TRUE(failed.error);
  EXPECT_EQ(failed.error->message(), "line 3 is not XML");
  EXPECT_EQ(jobs.Result(owner, *failing).error().code(), core::Code::kFailedPrecondition);
  api::JobStatus thrown = WaitFor(jobs, owner, *throwing);
  EXPECT_EQ(thrown.state, api::JobState::kFailed);
  ASSERT_TRUE(thrown.error);
  EXPECT_EQ(thrown.error->code(), core::Code::kInternal);
}

TEST(ApiJobsTest, AtMostSixteenWait) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  const access::Actor owner = UserActor("analyst", server.users().analyst.id);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  {
    api::Jobs jobs(server.database_path(), server.directory() + "/jobs-d", server.clock());
    auto blocker = jobs.Submit(owner, "block",
                               [&](store::Database&, const access::Actor&,
                                   api::Progress&) -> core::Result<api::JobOutput> {
                                 started.set_value();
                                 released.wait();
                                 return api::JobOutput{};
                               });
    ASSERT_TRUE(blocker);
    started.get_future().wait();  // running, so no longer waiting
    auto noop = [](store::Database&, const access::Actor&,
                   api::Progress&) -> core::Result<api::JobOutput> { return api::JobOutput{}; };
    for (int i = 0; i < api::Jobs::kMaxQueued; ++i) {
      EXPECT_TRUE(jobs.Submit(owner, "noop", noop)) << i;
    }
    auto refused = jobs.Submit(owner, "noop", noop);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), core::Code::kUnavailable);
    EXPECT_EQ(jobs.Status(owner, *blocker)->state, api::JobState::kRunning);
    release.set_value();
    // Leaving the scope waits for the running job and drops the queued ones.
  }
}

}  // namespace
}  // namespace sg::testing
