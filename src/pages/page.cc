#include "pages/page.h"

#include <fmt/format.h>

#include "access/actor.h"
#include "pages/session.h"
#include "pages/templates.h"

namespace sg::pages {
namespace {

using nlohmann::json;

constexpr std::string_view kNoticeCookie = "__Host-sg_notice";

struct NavItem {
  Section section;
  std::string_view href;
  std::string_view text;
};

bool Casework(access::Role role) {
  using access::Role;
  return role == Role::kFrontDoorPractitioner || role == Role::kSocialWorker ||
         role == Role::kTeamManager || role == Role::kPartnerPractitioner ||
         role == Role::kDesignatedSafeguardingLead || role == Role::kAuditor;
}

// The sections a role uses, in the order of the navigation.
std::vector<NavItem> NavFor(access::Role role) {
  using access::Role;
  std::vector<NavItem> items;
  if (role == Role::kFrontDoorPractitioner || role == Role::kTeamManager ||
      role == Role::kSocialWorker) {
    items.push_back({Section::kFrontDoor, "/front-door", "Front door"});
  }
  if (Casework(role)) items.push_back({Section::kChildren, "/children", "Find a child"});
  if (role == Role::kFrontDoorPractitioner || role == Role::kSocialWorker ||
      role == Role::kTeamManager) {
    items.push_back({Section::kWork, "/work", "Work"});
  }
  if (role == Role::kTeamManager || role == Role::kPartnershipAnalyst || role == Role::kAuditor) {
    items.push_back({Section::kFigures, "/scorecard", "Scorecard and report"});
  }
  if (role == Role::kPartnershipAnalyst || role == Role::kAdministrator) {
    items.push_back({Section::kReturns, "/returns", "Data returns"});
  }
  if (role == Role::kAdministrator || role == Role::kTeamManager) {
    items.push_back({Section::kAdmin, "/admin", "Administration"});
  }
  return items;
}

std::string Notice(const http::Request& request) {
  auto cookie = request.Cookie(kNoticeCookie);
  if (!cookie || cookie->empty()) return "";
  auto text = http::PercentDecode(*cookie, true);
  return text ? *text : "";
}

// A path of ours to go to after signing in: "/..." but not "//host".
bool LocalPath(std::string_view target) {
  return target.size() >= 1 && target.front() == '/' &&
         (target.size() == 1 || (target[1] != '/' && target[1] != '\\'));
}

}  // namespace

std::string StartPath(access::Role role) {
  // Social workers and managers start at their work; everyone else at the
  // first section of their navigation.
  if (role == access::Role::kSocialWorker || role == access::Role::kTeamManager) return "/work";
  std::vector<NavItem> items = NavFor(role);
  return items.empty() ? "/account/password" : std::string(items.front().href);
}

http::Response Compose(const http::Request& request, const access::Authenticated* auth,
                       std::chrono::seconds idle_timeout, View view) {
  json layout = json::object();
  layout["title"] = view.title;
  layout["has_errors"] = view.errors != nullptr && !view.errors->empty();
  if (view.errors != nullptr && !view.errors->empty()) {
    json errors = view.errors->Json();
    layout["error_summary"] = errors["list"];
    view.data["errors"] = errors;
  }
  if (auth != nullptr) {
    view.data["csrf_token"] = auth->csrf_token;
    layout["csrf_token"] = auth->csrf_token;
    layout["user"] = {{"display_name", auth->user.display_name},
                      {"team", auth->user.team_name},
                      {"role", std::string(access::RoleName(auth->user.role))}};
    layout["idle_seconds"] = idle_timeout.count();
    layout["idle_minutes"] = idle_timeout.count() / 60;
    json nav = json::array();
    for (const NavItem& item : NavFor(auth->user.role)) {
      nav.push_back(
          {{"href", item.href}, {"text", item.text}, {"current", item.section == view.section}});
    }
    layout["has_nav"] = !nav.empty();
    layout["nav"] = nav;
  }
  std::string notice = Notice(request);
  if (!notice.empty()) layout["notice"] = notice;

  http::Response response;
  response.content_type = "text/html; charset=utf-8";
  response.status = view.status;
  if (!notice.empty()) {
    response.SetHeader("Set-Cookie", fmt::format("{}=; Path=/; Secure; HttpOnly; SameSite=Strict; "
                                                 "Max-Age=0",
                                                 kNoticeCookie));
  }
  // The page itself is made on the I/O thread (http::Response::finish):
  // everything it needs is in the view and the layout, copied here.
  response.finish = [layout = std::move(layout), template_name = std::move(view.template_name),
                     data = std::move(view.data)](http::Response& made) mutable {
    auto body = Fill(template_name, data);
    if (!body) {
      std::fprintf(stderr, "safeguard: %s\n", body.error().message().c_str());
      made.status = 500;
      layout["title"] = "Sorry, there is a problem with the service";
      body = Fill("error", {{"heading", "Sorry, there is a problem with the service"},
                            {"message", "Nothing you did was lost: go back and try again."}});
    }
    layout["body"] = body ? *body : "";
    auto page = Fill("layout", layout);
    made.body = page ? *page : "Sorry, there is a problem with the service.";
  };
  return response;
}

http::Response Render(const api::Call& call, View view) {
  return Compose(call.request, call.auth, call.accounts.options().idle_timeout, std::move(view));
}

http::Response SeeOther(std::string_view location, std::string_view notice) {
  http::Response response;
  response.status = 303;
  response.content_type.clear();
  response.SetHeader("Location", std::string(location));
  if (!notice.empty()) {
    response.SetHeader("Set-Cookie",
                       fmt::format("{}={}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=120",
                                   kNoticeCookie, http::UrlEncode(notice)));
  }
  return response;
}

core::Result<http::Form> ReadForm(const api::Call& call) {
  return http::Form::Parse(call.request);
}

http::Response ErrorPage(const http::Request& request, const core::Error& error,
                         api::Refusal refusal) {
  if (refusal == api::Refusal::kNotSignedIn) {
    if (request.method == "GET" || request.method == "HEAD") {
      std::string next = LocalPath(request.target) ? request.target : "/";
      return SeeOther("/sign-in?next=" + http::UrlEncode(next));
    }
    // A form sent after the session ended: sign in again, then send it on.
    return SignInAgain(request);
  }
  if (refusal == api::Refusal::kMustChangePassword) return SeeOther("/account/password");
  View view;
  view.status = core::HttpStatus(error.code());
  const bool forged = refusal == api::Refusal::kForged;
  view.title = forged                                          ? "This form has expired"
               : error.code() == core::Code::kNotFound         ? "Page not found"
               : error.code() == core::Code::kPermissionDenied ? "You cannot see this page"
               : view.status >= 500 ? "Sorry, there is a problem with the service"
                                    : "There is a problem";
  view.template_name = "error";
  view.data = {{"heading", view.title},
               {"message", forged ? "The form was not sent from this Safeguard page, or it was "
                                    "open too long. Go back, reload the page and try again."
                                  : error.message()}};
  return Compose(request, nullptr, {}, std::move(view));
}

api::Route Page(api::HandlerFn handler) {
  api::Route route;
  route.placement = api::Placement::kDatabase;
  route.auth = api::Auth::kSignedIn;
  route.handler = std::move(handler);
  route.scope = "pages";  // no API token has it: pages are for sessions
  route.error_page = ErrorPage;
  route.csrf_in_form = true;
  return route;
}

api::Route PublicPage(api::HandlerFn handler) {
  api::Route route = Page(std::move(handler));
  route.auth = api::Auth::kOptional;
  return route;
}

std::string ChildPath(store::Id person_id) {
  return fmt::format("/children/{}", person_id);
}

}  // namespace sg::pages
