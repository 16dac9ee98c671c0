// Session pages: sign in, sign out, stay signed in, change password, and
// the start page.
//
// Sign-in runs whole on the hashing pool (Placement::kHashingPool), as the
// API's does: Accounts::SignIn hashes with Argon2id before its own short
// write, so the database thread never waits for a hash. Every refusal
// shows the same words (access::kSignInFailed) whatever the reason, so the
// page tells nobody which usernames exist.
//
// An ended session never loses an entry (page.h): a form sent after the
// session ended comes here as the sign-in page carrying the sent fields as
// "kept.<name>" hidden inputs and the form's address as "kept_action".
// After signing in, the resume page holds the same fields in a form to that
// address with the new session's CSRF token, for the user to send on. The
// fields never leave the user's browser and this server, and nothing is
// saved until the user sends them again, through the same checks as ever.
#include <fmt/format.h>

#include "access/accounts.h"
#include "pages/page.h"
#include "pages/pages.h"
#include "pages/session.h"

namespace sg::pages {
namespace {

using nlohmann::json;

constexpr std::string_view kKeptPrefix = "kept.";

std::string SessionCookie(std::string_view token) {
  return fmt::format("{}={}; Path=/; Secure; HttpOnly; SameSite=Strict", api::kSessionCookie,
                     token);
}

std::string ClearedSessionCookie() {
  return fmt::format("{}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
                     api::kSessionCookie);
}

bool LocalTarget(std::string_view target) {
  return !target.empty() && target.front() == '/' &&
         (target.size() == 1 || (target[1] != '/' && target[1] != '\\'));
}

json SignInData(std::string next, const FormErrors& errors, std::string username) {
  json data = {{"next", std::move(next)},
               {"username", TextField("username", "Username", std::move(username), errors)},
               {"password", TextField("password", "Password", "", errors)},
               {"kept_action", nullptr},
               {"kept", json::array()}};
  data["username"]["autocomplete"] = "username";
  data["username"]["spellcheck_off"] = true;
  data["password"]["type"] = "password";
  data["password"]["autocomplete"] = "current-password";
  return data;
}

http::Response SignInPage(const http::Request& request, json data, const FormErrors* errors,
                          int status) {
  View view;
  view.title = "Sign in";
  view.template_name = "sign_in";
  view.data = std::move(data);
  view.errors = errors;
  view.status = status;
  return Compose(request, nullptr, {}, std::move(view));
}

core::Result<http::Response> ShowSignIn(api::Call& call) {
  if (call.auth != nullptr) return SeeOther(StartPath(call.auth->user.role));
  std::string next(call.request.Query("next").value_or("/"));
  if (!LocalTarget(next)) next = "/";
  FormErrors none;
  return SignInPage(call.request, SignInData(next, none, ""), nullptr, 200);
}

// The fields kept from an ended session's form, as {name, value} pairs.
json KeptFields(const http::Form& form, bool strip_prefix) {
  json kept = json::array();
  for (const auto& field : form.fields()) {
    // Passwords are never written into a page.
    if (field.filename || field.name == "csrf_token" ||
        field.name.find("password") != std::string::npos) {
      continue;
    }
    std::string_view name = field.name;
    if (strip_prefix) {
      if (name.substr(0, kKeptPrefix.size()) != kKeptPrefix) continue;
      name.remove_prefix(kKeptPrefix.size());
    }
    kept.push_back({{"name", std::string(name)}, {"value", field.value}});
  }
  return kept;
}

core::Result<http::Response> SignIn(api::Call& call) {
  auto form = ReadForm(call);
  if (!form) return std::unexpected(form.error());
  std::string next = form->Get("next");
  if (!LocalTarget(next)) next = "/";
  std::string kept_action = form->Get("kept_action");
  if (!LocalTarget(kept_action)) kept_action.clear();
  std::string username = form->Get("username");

  FormErrors errors;
  auto typed_username = ReadText(*form, "username", "Enter your username", errors, 64);
  std::string password = form->Get("password");
  if (password.empty()) errors.Add("password", "Enter your password");
  std::optional<access::Session> session;
  if (errors.empty()) {
    auto signed_in = call.accounts.SignIn(*typed_username, password, call.request.remote_address);
    if (signed_in) {
      session = std::move(*signed_in);
    } else {
      errors.Add("username",
                 "Enter a correct username and password. If you have tried several "
                 "times, your account may be locked for a while: try again later "
                 "or ask your administrator.");
    }
  }
  if (!session) {
    json data = SignInData(next, errors, username);
    if (!kept_action.empty()) {
      data["kept_action"] = kept_action;
      data["kept"] = KeptFields(*form, true);
    }
    return SignInPage(call.request, std::move(data), &errors, 401);
  }
  auto signed_in = call.accounts.Authenticate(session->token);
  if (!signed_in) return std::unexpected(signed_in.error());
  http::Response response;
  if (signed_in->user.must_change_password) {
    response = SeeOther("/account/password");
  } else if (!kept_action.empty()) {
    View view;
    view.title = "You are signed in again";
    view.template_name = "sign_in_resume";
    view.data = {{"action", kept_action}, {"kept", KeptFields(*form, true)}};
    response =
        Compose(call.request, &*signed_in, call.accounts.options().idle_timeout, std::move(view));
  } else {
    response = SeeOther(next == "/" ? StartPath(signed_in->user.role) : next);
  }
  response.SetHeader("Set-Cookie", SessionCookie(session->token));
  return response;
}

core::Result<http::Response> SignOut(api::Call& call) {
  if (auto cookie = call.request.Cookie(api::kSessionCookie)) {
    SG_RETURN_IF_ERROR(call.accounts.SignOut(*cookie));
  }
  http::Response response = SeeOther("/sign-in", "You have signed out.");
  // The notice cookie and the cleared session cookie both go.
  response.headers.emplace_back("Set-Cookie", ClearedSessionCookie());
  return response;
}

// Authenticating the request has already counted it as activity.
core::Result<http::Response> StaySignedIn(api::Call& call) {
  if (call.request.Header("x-csrf-token")) {
    http::Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
  }
  return SeeOther("/");
}

json PasswordData(const FormErrors& errors) {
  json data = {
      {"current_password", TextField("current_password", "Current password", "", errors)},
      {"new_password",
       TextField("new_password", "New password", "", errors,
                 "At least 12 characters. A few unrelated words make a strong password that "
                 "is easy to remember.")},
      {"confirm_password",
       TextField("confirm_password", "Type the new password again", "", errors)}};
  for (const char* field : {"current_password", "new_password", "confirm_password"}) {
    data[field]["type"] = "password";
    data[field]["autocomplete"] =
        field == std::string_view("current_password") ? "current-password" : "new-password";
  }
  return data;
}

http::Response PasswordPage(const api::Call& call, const FormErrors* errors, int status) {
  FormErrors none;
  View view;
  view.title = "Change your password";
  view.template_name = "account_password";
  view.data = PasswordData(errors != nullptr ? *errors : none);
  view.data["must_change"] = call.auth->user.must_change_password;
  view.errors = errors;
  view.status = status;
  return Render(call, std::move(view));
}

core::Result<http::Response> ShowPassword(api::Call& call) {
  return PasswordPage(call, nullptr, 200);
}

core::Result<http::Response> ChangePassword(api::Call& call) {
  auto form = ReadForm(call);
  if (!form) return std::unexpected(form.error());
  FormErrors errors;
  std::string current = form->Get("current_password");
  std::string replacement = form->Get("new_password");
  if (current.empty()) errors.Add("current_password", "Enter your current password");
  if (replacement.empty()) errors.Add("new_password", "Enter a new password");
  if (!replacement.empty() && form->Get("confirm_password") != replacement) {
    errors.Add("confirm_password", "The two new passwords are not the same");
  }
  if (errors.empty()) {
    auto cookie = call.request.Cookie(api::kSessionCookie);
    auto changed = call.accounts.ChangePassword(cookie.value_or(""), current, replacement);
    if (changed) return SeeOther("/", "Your password has been changed.");
    if (changed.error().code() == core::Code::kInvalidArgument) {
      errors.Add("new_password", std::string(changed.error().message()));
    } else {
      errors.Add("current_password", "Enter your current password correctly");
    }
  }
  return PasswordPage(call, &errors, 400);
}

core::Result<http::Response> Start(api::Call& call) {
  if (call.auth == nullptr) return SeeOther("/sign-in");
  return SeeOther(StartPath(call.auth->user.role));
}

api::Route OnHashingPool(api::Route route) {
  route.placement = api::Placement::kHashingPool;
  return route;
}

api::Route BeforePasswordChange(api::Route route) {
  route.allowed_before_password_change = true;
  return route;
}

}  // namespace

http::Response SignInAgain(const http::Request& request) {
  FormErrors none;
  json data = SignInData("/", none, "");
  auto form = http::Form::Parse(request);
  data["kept_action"] = LocalTarget(request.target) ? request.target : "/";
  data["kept"] = form ? KeptFields(*form, false) : json::array();
  return SignInPage(request, std::move(data), nullptr, 401);
}

void AddSessionPages(api::RouteTable& routes) {
  routes.Add("GET", "/", PublicPage(Start));
  routes.Add("GET", "/sign-in", PublicPage(ShowSignIn));
  api::Route sign_in = OnHashingPool(PublicPage(SignIn));
  sign_in.auth = api::Auth::kNone;
  routes.Add("POST", "/sign-in", sign_in);
  routes.Add("POST", "/sign-out", BeforePasswordChange(Page(SignOut)));
  routes.Add("POST", "/session/extend", Page(StaySignedIn));
  routes.Add("GET", "/account/password", BeforePasswordChange(Page(ShowPassword)));
  routes.Add("POST", "/account/password",
             BeforePasswordChange(OnHashingPool(Page(ChangePassword))));
}

}  // namespace sg::pages
