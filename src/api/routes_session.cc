// Sessions over HTTP: sign in, who am I, sign out, change my password.
//
// The session token travels only in the __Host-sg_session cookie (Secure,
// HttpOnly, SameSite=Strict, Path=/, no Domain: the __Host- prefix makes the
// browser insist on all of that), so page scripts never see it; the CSRF
// token is handed to the page in the body and comes back in X-CSRF-Token.
// The cookie has no Max-Age: it ends with the browser session, and the
// server's idle and absolute timeouts end it sooner.
//
// Argon2id runs inside Accounts::SignIn and ChangePassword, which hash
// before opening a short write transaction of their own; so those two
// routes run whole on the hashing pool (Placement::kHashingPool) and the
// database thread never waits for a hash.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/accounts.h"
#include "api/app.h"
#include "api/json_body.h"

namespace sg::api {
namespace {

using core::Code;
using nlohmann::json;

std::string SessionCookie(std::string_view token) {
  return fmt::format("{}={}; Path=/; Secure; HttpOnly; SameSite=Strict", kSessionCookie, token);
}

std::string ClearedCookie() {
  return fmt::format("{}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0", kSessionCookie);
}

json UserJson(const access::User& user) {
  json out = {
      {"id", user.id},
      {"username", user.username},
      {"display_name", user.display_name},
      {"email", user.email},
      {"team_id", user.team_id},
      {"team", user.team_name},
      {"agency", user.agency},
      {"role", std::string(access::RoleCode(user.role))},
      {"must_change_password", user.must_change_password},
  };
  out["worker_id"] = user.worker_id ? json(*user.worker_id) : json(nullptr);
  return out;
}

// The cookie's session token; API tokens have no session to end or change.
core::Result<std::string_view> CookieSession(const Call& call) {
  auto cookie = call.request.Cookie(kSessionCookie);
  if (call.auth->via_token || !cookie) {
    return core::Fail(Code::kFailedPrecondition,
                      "this call is for a signed-in session, not an API token");
  }
  return *cookie;
}

core::Result<http::Response> SignIn(Call& call) {
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(std::string username, body.String("username"));
  SG_ASSIGN_OR_RETURN(std::string password, body.String("password"));
  SG_RETURN_IF_ERROR(body.Finish());
  auto session = call.accounts.SignIn(username, password, call.request.remote_address);
  // Accounts committed the failure count and the audit row of the attempt
  // itself; answering the refusal as a value keeps them committed should
  // this handler ever run inside a transaction of the App's.
  if (!session) return http::Problem(session.error());
  SG_ASSIGN_OR_RETURN(access::Authenticated signed_in, call.accounts.Authenticate(session->token));
  json out = {
      {"user", UserJson(signed_in.user)},
      {"csrf_token", session->csrf_token},
      {"expires_at", session->expires_at},
      {"must_change_password", signed_in.user.must_change_password},
  };
  http::Response response = http::Json(201, out.dump());
  response.SetHeader("Set-Cookie", SessionCookie(session->token));
  response.SetHeader("Location", "/api/v1/session");
  return response;
}

core::Result<http::Response> WhoAmI(Call& call) {
  const access::Authenticated& auth = *call.auth;
  json out = {
      {"user", UserJson(auth.user)},
      {"must_change_password", auth.user.must_change_password},
      {"via_token", auth.via_token},
  };
  out["csrf_token"] = auth.via_token ? json(nullptr) : json(auth.csrf_token);
  if (auth.via_token) out["scopes"] = auth.scopes;
  return http::Json(200, out.dump());
}

core::Result<http::Response> SignOut(Call& call) {
  SG_ASSIGN_OR_RETURN(std::string_view token, CookieSession(call));
  SG_RETURN_IF_ERROR(call.accounts.SignOut(token));
  http::Response response;
  response.status = 204;
  response.content_type.clear();
  response.SetHeader("Set-Cookie", ClearedCookie());
  return response;
}

core::Result<http::Response> ChangePassword(Call& call) {
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(std::string current, body.String("current_password"));
  SG_ASSIGN_OR_RETURN(std::string replacement, body.String("new_password"));
  SG_RETURN_IF_ERROR(body.Finish());
  SG_ASSIGN_OR_RETURN(std::string_view token, CookieSession(call));
  auto changed = call.accounts.ChangePassword(token, current, replacement);
  // As at sign-in, a wrong current password is answered as a value so
  // that what Accounts recorded about it is kept.
  if (!changed) {
    // The session is good (App checked it), so a refusal here is about the
    // password; a 401 would tell the browser it had been signed out.
    if (changed.error().code() == Code::kUnauthenticated) {
      return http::Problem(403, "permission_denied", changed.error().message());
    }
    return http::Problem(changed.error());
  }
  http::Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

Route Make(Placement placement, HandlerFn handler, Auth auth, std::string scope) {
  Route route;
  route.placement = placement;
  route.auth = auth;
  route.handler = std::move(handler);
  route.scope = std::move(scope);
  return route;
}

}  // namespace

void AddSessionRoutes(RouteTable& routes) {
  routes.Add("POST", "/api/v1/session", Make(Placement::kHashingPool, SignIn, Auth::kNone, "read"));
  routes.Add("GET", "/api/v1/session", Make(Placement::kDatabase, WhoAmI, Auth::kSignedIn, "read"));
  routes.Add("DELETE", "/api/v1/session",
             Make(Placement::kDatabase, SignOut, Auth::kSignedIn, "read"));
  routes.Add("POST", "/api/v1/session/password",
             Make(Placement::kHashingPool, ChangePassword, Auth::kSignedIn, "write"));
}

}  // namespace sg::api
