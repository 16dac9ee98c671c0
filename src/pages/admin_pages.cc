// Administration pages: users, teams and workers, and the overview that
// leads to a child's involvements and access log (involvement_pages.cc).
//
// Design. These pages are the administration API with HTML around it. Each
// page calls the API's own handler for what it shows or changes - the
// routes of routes_admin.cc - in process, on the page's own Call (CallApi):
// the same database transaction, the same signed-in actor, the same Gate,
// so who may do what, every check and every audit row is the API's,
// written once. A page adds only what a browser needs: forms read and
// checked field by field, the module's message put by the field it is
// about, plain words instead of codes, and tables. The page needs the API's
// JSON shapes (documented in data/api/openapi/admin.json), nothing else of
// the API's insides; the helpers that read them are in admin_view.h.
//
// Users, teams and workers are for administrators; the overview is also
// for team managers, who manage involvements. The pages ask the Policy
// only to decide which links and forms to offer; a refusal from the API
// comes back as kPermissionDenied and is shown as the error page.
//
// Passwords. A temporary password made by the API (a new user without a
// typed one, a reset) is shown once, on the page that answers the POST
// itself: it is never put in a URL or a cookie, so it cannot be a redirect.
// The server sends every page with Cache-Control: no-store.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/accounts.h"
#include "access/actor.h"
#include "access/policy.h"
#include "api/app.h"
#include "api/paging.h"
#include "pages/admin_view.h"
#include "pages/api_call.h"
#include "pages/page.h"
#include "pages/pages.h"

namespace sg::pages::admin {
namespace {

constexpr int kUsersPerPage = 100;

// The roles a person may be given, in the order the form lists them, with
// what each may do (policy.h's grants, in plain words).
struct RoleWords {
  Role role;
  std::string_view hint;
};
constexpr RoleWords kRoles[] = {
    {Role::kFrontDoorPractitioner,
     "Screens contacts about any child at the front door and decides what happens next."},
    {Role::kSocialWorker,
     "Works with the children their team is involved with: records assessments, plans and "
     "visits."},
    {Role::kTeamManager,
     "Does what a social worker does for the team's children, sees the team's work and figures, "
     "manages who works with a child and sees who looked at a record."},
    {Role::kPartnerPractitioner,
     "Police, health or another partner agency: reads the records of children their team works "
     "with and adds to the chronology."},
    {Role::kDesignatedSafeguardingLead,
     "A school's or nursery's safeguarding lead: reads the records of children their setting "
     "works with and adds to the chronology."},
    {Role::kPartnershipAnalyst,
     "Works with the partnership's figures and data returns. Never sees a child's record."},
    {Role::kAuditor, "Reads records and who looked at them, to check practice. Changes nothing."},
    {Role::kAdministrator,
     "Manages users, teams and who works with a child. Does not see children's records."},
};

// ---- /admin ---------------------------------------------------------------

json IndexData(api::Call& call, const http::Form& typed, const FormErrors& errors) {
  json child = TextField("child", "Child's Safeguard number", typed.Get("child"), errors,
                         "The number in the address of the child's record, for example "
                         "1234 in /children/1234");
  child["width"] = "5";
  child["spellcheck_off"] = true;
  return {{"may_administer", Allowed(call, Action::kAdminister)}, {"child", child}};
}

core::Result<http::Response> AdminIndex(api::Call& call) {
  if (!Allowed(call, Action::kAdminister) && !Allowed(call, Action::kManageInvolvements)) {
    return std::unexpected(access::Policy().Decide(call.actor(), Action::kAdminister).error());
  }
  FormErrors none;
  return Render(call, {.title = "Administration",
                       .template_name = "admin_index",
                       .data = IndexData(call, http::Form(), none),
                       .section = Section::kAdmin});
}

// GET /admin/children?child=N&show=involvements|access-log: from the
// overview's form to the child's page (a form cannot put N in its path).
core::Result<http::Response> AdminChild(api::Call& call) {
  std::vector<http::FormField> fields;
  for (const auto& [name, value] : call.request.query) fields.push_back({name, value, {}});
  const http::Form form(std::move(fields));
  FormErrors errors;
  auto child = PositiveNumber(form.Get("child"));
  if (form.Get("child").empty()) {
    errors.Add("child", "Enter the child's Safeguard number");
  } else if (!child) {
    errors.Add("child", "The child's Safeguard number must be a number, like 1234");
  }
  if (!errors.empty()) {
    return Render(call, {.title = "Administration",
                         .template_name = "admin_index",
                         .data = IndexData(call, form, errors),
                         .section = Section::kAdmin,
                         .status = 400,
                         .errors = &errors});
  }
  const bool log = form.Get("show") == "access-log";
  return SeeOther(fmt::format("{}/{}", ChildPath(*child), log ? "access-log" : "involvements"));
}

// ---- /admin/users ---------------------------------------------------------

// "Active", "Disabled" or "Locked", with the tag's colour as a second cue.
json StatusTag(const json& user, const std::string& now_utc) {
  if (!Text(user, "disabled_at").empty()) {
    return {{"text", "Disabled"}, {"class", "govuk-tag--grey"}};
  }
  const std::string locked = Text(user, "locked_until");
  if (!locked.empty() && locked > now_utc) {
    return {{"text", "Locked"}, {"class", "govuk-tag--orange"}};
  }
  return {{"text", "Active"}, {"class", "govuk-tag--green"}};
}

json UserRow(const json& user, const AgencyNames& agencies, const std::string& now_utc) {
  const std::string username = Text(user, "username");
  return {{"username", username},
          {"href", fmt::format("/admin/users/{}", http::UrlEncode(username))},
          {"display_name", Text(user, "display_name")},
          {"email", OrNull(Text(user, "email"))},
          {"team", Text(user, "team")},
          {"team_href", fmt::format("/admin/teams/{}", Integer(user, "team_id").value_or(0))},
          {"agency", AgencyName(agencies, Text(user, "agency"))},
          {"role", RoleLabel(Text(user, "role"))},
          {"status", StatusTag(user, now_utc)},
          {"disabled", !Text(user, "disabled_at").empty()},
          {"must_change_password", Flag(user, "must_change_password")},
          {"created", LongDateTime(Text(user, "created_at"))}};
}

core::Result<http::Response> ListUsers(api::Call& call) {
  const std::optional<int64_t> after = AfterParam(call);
  SG_ASSIGN_OR_RETURN(
      json page, CallApi(call, "GET", "/api/v1/users", nullptr, PageQuery(kUsersPerPage, after)));
  SG_ASSIGN_OR_RETURN(AgencyNames agencies, AgencyNamesOf(call));
  json rows = json::array();
  for (const json& user : Items(page)) {
    rows.push_back(UserRow(user, agencies, call.clock.NowUtc()));
  }
  return Render(call, {.title = "Users",
                       .template_name = "admin_users",
                       .data = {{"users", rows},
                                {"next", NextPage(page, "/admin/users", "id")},
                                {"first", after ? json("/admin/users") : json(nullptr)}},
                       .section = Section::kAdmin});
}

// Teams as a select's options, "Team (Agency)", `selected` chosen.
core::Result<json> TeamOptions(api::Call& call, const std::string& selected) {
  SG_ASSIGN_OR_RETURN(json teams, AllItems(call, "/api/v1/teams"));
  std::vector<std::pair<std::string, std::string>> value_text = {{"", "Choose a team"}};
  for (const json& team : teams) {
    value_text.emplace_back(
        std::to_string(Integer(team, "id").value_or(0)),
        fmt::format("{} ({})", Text(team, "name"), Text(Member(team, "agency"), "name")));
  }
  return Options(value_text, {selected});
}

json RoleOptions(const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> value_text;
  std::map<std::string, std::string> hints;
  for (const RoleWords& words : kRoles) {
    const std::string code(access::RoleCode(words.role));
    value_text.emplace_back(code, RoleLabel(words.role));
    hints[code] = std::string(words.hint);
  }
  return WithHints(Options(value_text, {selected}), hints);
}

core::Result<http::Response> NewUserForm(api::Call& call, const http::Form& form,
                                         const FormErrors& errors, int status) {
  SG_ASSIGN_OR_RETURN(json teams, TeamOptions(call, form.Get("team")));
  json password =
      TextField("password", "Temporary password (optional)", form.Get("password"), errors,
                "Leave this empty and Safeguard will make a strong one and show it "
                "to you once. The user must change it when they first sign in.");
  password["autocomplete"] = "new-password";
  password["spellcheck_off"] = true;
  json username = TextField("username", "Username", form.Get("username"), errors,
                            "3 to 64 characters: lower-case letters, numbers, full stops, "
                            "hyphens and underscores");
  username["spellcheck_off"] = true;
  username["autocomplete"] = "off";
  username["width"] = "20";
  json email = TextField("email", "Email address (optional)", form.Get("email"), errors);
  email["type"] = "email";
  email["spellcheck_off"] = true;
  email["autocomplete"] = "off";
  return Render(
      call, {.title = "Add a user",
             .template_name = "admin_user_new",
             .data = {{"username", username},
                      {"display_name",
                       TextField("display_name", "Full name", form.Get("display_name"), errors)},
                      {"email", email},
                      {"team", ChoiceField("team", "Team", teams, errors)},
                      {"role", ChoiceField("role", "Role", RoleOptions(form.Get("role")), errors,
                                           "What the user may see and do follows from their "
                                           "role and their team")},
                      {"password", password}},
             .section = Section::kAdmin,
             .status = status,
             .errors = ErrorsIfAny(errors)});
}

// The page that shows a temporary password, once.
http::Response PasswordPage(api::Call& call, std::string title, const std::string& username,
                            const std::string& display_name, const std::string& password) {
  return Render(call, {.title = title,
                       .template_name = "admin_password",
                       .data = {{"heading", title},
                                {"username", username},
                                {"display_name", display_name},
                                {"password", password},
                                {"href", fmt::format("/admin/users/{}", username)}},
                       .section = Section::kAdmin});
}

core::Result<http::Response> PostNewUser(api::Call& call) {
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  FormErrors errors;
  auto username = ReadText(form, "username", "Enter a username", errors, 64);
  auto display_name = ReadText(form, "display_name", "Enter the user's full name", errors, 200);
  const std::string email = form.Get("email");
  auto team = PositiveNumber(form.Get("team"));
  if (!team) errors.Add("team", "Select the user's team");
  auto role = access::ParseRole(form.Get("role"));
  if (!role || *role == Role::kSystem) errors.Add("role", "Select the user's role");
  const std::string password = form.Get("password");
  if (!password.empty()) {
    if (auto policy =
            access::CheckPasswordPolicy(password, username.value_or(""), display_name.value_or(""));
        !policy) {
      errors.Add("password", Readable(policy.error().message()));
    }
  }
  if (!errors.empty()) return NewUserForm(call, form, errors, 400);

  json body = {{"username", *username},
               {"display_name", *display_name},
               {"email", email},
               {"team_id", *team},
               {"role", std::string(access::RoleCode(*role))}};
  if (!password.empty()) body["password"] = password;
  auto added = CallApi(call, "POST", "/api/v1/users", body);
  if (!added) {
    const core::Error& error = added.error();
    if (error.code() == core::Code::kNotFound) {
      errors.Add("team", "Select a team from the list");
    } else if (error.code() == core::Code::kAlreadyExists) {
      errors.Add("username", fmt::format("The username '{}' is taken: choose another", *username));
    } else if (AboutTheForm(error)) {
      errors.Add(FieldNamed(error.message(),
                            {{"password", "password"},
                             {"username", "username"},
                             {"email", "email"},
                             {"name", "display_name"},
                             {"worker", "team"},
                             {"role", "role"}},
                            "username"),
                 Readable(error.message()));
    } else {
      return std::unexpected(error);
    }
    return NewUserForm(call, form, errors, 400);
  }
  const std::string added_name = Text(*added, "username");
  const std::string temporary = Text(*added, "temporary_password");
  if (!temporary.empty()) {
    return PasswordPage(call, "User added", added_name, Text(*added, "display_name"), temporary);
  }
  return SeeOther(fmt::format("/admin/users/{}", added_name),
                  fmt::format("User added: {} must change the password at first sign-in",
                              Text(*added, "display_name")));
}

core::Result<http::Response> GetUser(api::Call& call) {
  const std::string& username = call.params.at("username");
  SG_ASSIGN_OR_RETURN(json user, CallApi(call, "GET", "/api/v1/users/" + username));
  SG_ASSIGN_OR_RETURN(AgencyNames agencies, AgencyNamesOf(call));
  json row = UserRow(user, agencies, call.clock.NowUtc());
  row["path"] = fmt::format("/admin/users/{}", Text(user, "username"));
  return Render(call, {.title = Text(user, "display_name"),
                       .template_name = "admin_user",
                       .data = row,
                       .section = Section::kAdmin});
}

// POST /admin/users/{username}/disable and /enable.
api::HandlerFn ChangeUser(std::string verb, std::string notice) {
  return [verb = std::move(verb),
          notice = std::move(notice)](api::Call& call) -> core::Result<http::Response> {
    SG_RETURN_IF_ERROR(ReadForm(call));
    const std::string& username = call.params.at("username");
    SG_ASSIGN_OR_RETURN(json user,
                        CallApi(call, "POST", fmt::format("/api/v1/users/{}/{}", username, verb)));
    return SeeOther(fmt::format("/admin/users/{}", Text(user, "username")),
                    fmt::format(fmt::runtime(notice), Text(user, "display_name")));
  };
}

core::Result<http::Response> ResetPassword(api::Call& call) {
  SG_RETURN_IF_ERROR(ReadForm(call));
  const std::string& username = call.params.at("username");
  SG_ASSIGN_OR_RETURN(json user, CallApi(call, "GET", "/api/v1/users/" + username));
  SG_ASSIGN_OR_RETURN(
      json reset, CallApi(call, "POST", fmt::format("/api/v1/users/{}/reset-password", username)));
  return PasswordPage(call, "Password reset", Text(reset, "username"), Text(user, "display_name"),
                      Text(reset, "temporary_password"));
}

// ---- /admin/teams ---------------------------------------------------------

core::Result<http::Response> TeamsPage(api::Call& call, const http::Form& form,
                                       const FormErrors& errors, int status) {
  SG_ASSIGN_OR_RETURN(json agencies, AllItems(call, "/api/v1/agencies"));
  SG_ASSIGN_OR_RETURN(json teams, AllItems(call, "/api/v1/teams"));
  json groups = json::array();
  std::vector<std::pair<std::string, std::string>> agency_options = {{"", "Choose an agency"}};
  for (const json& agency : agencies) {
    const std::string code = Text(agency, "code");
    json rows = json::array();
    for (const json& team : teams) {
      if (Text(Member(team, "agency"), "code") != code) continue;
      rows.push_back({{"name", Text(team, "name")},
                      {"href", fmt::format("/admin/teams/{}", Integer(team, "id").value_or(0))}});
    }
    groups.push_back({{"name", Text(agency, "name")},
                      {"id", fmt::format("agency-{}", Integer(agency, "id").value_or(0))},
                      {"teams", rows},
                      {"has_teams", !rows.empty()}});
    agency_options.emplace_back(code, Text(agency, "name"));
  }
  return Render(
      call,
      {.title = "Teams",
       .template_name = "admin_teams",
       .data = {{"agencies", groups},
                {"agency", ChoiceField("agency", "Agency",
                                       Options(agency_options, {form.Get("agency")}), errors)},
                {"name", TextField("name", "Team name", form.Get("name"), errors)}},
       .section = Section::kAdmin,
       .status = status,
       .errors = ErrorsIfAny(errors)});
}

core::Result<http::Response> PostTeam(api::Call& call) {
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  FormErrors errors;
  if (form.Get("agency").empty()) errors.Add("agency", "Select the team's agency");
  auto name = ReadText(form, "name", "Enter the team's name", errors, 200);
  if (!errors.empty()) return TeamsPage(call, form, errors, 400);
  auto created =
      CallApi(call, "POST", "/api/v1/teams", {{"agency", form.Get("agency")}, {"name", *name}});
  if (!created) {
    if (!AboutTheForm(created.error())) return std::unexpected(created.error());
    const std::string& message = created.error().message();
    errors.Add(created.error().code() == core::Code::kAlreadyExists
                   ? "name"
                   : FieldNamed(message, {{"agency '", "agency"}}, "name"),
               Readable(message));
    return TeamsPage(call, form, errors, 400);
  }
  return SeeOther(fmt::format("/admin/teams/{}", Integer(*created, "id").value_or(0)),
                  fmt::format("Team added: {}", *name));
}

core::Result<http::Response> TeamPage(api::Call& call, const http::Form& form,
                                      const FormErrors& errors, int status) {
  SG_ASSIGN_OR_RETURN(int64_t id, api::IdParam(call.params, "id", "team"));
  const std::string path = fmt::format("/api/v1/teams/{}", id);
  SG_ASSIGN_OR_RETURN(json team, CallApi(call, "GET", path));
  SG_ASSIGN_OR_RETURN(json workers, AllItems(call, path + "/workers"));
  json rows = json::array();
  for (const json& worker : workers) {
    rows.push_back({{"name", Text(worker, "name")}, {"role", Text(worker, "role")}});
  }
  json role = TextField("role", "Job title (optional)", form.Get("role"), errors,
                        "For example, social worker or school nurse");
  return Render(call, {.title = Text(team, "name"),
                       .template_name = "admin_team",
                       .data = {{"team", Text(team, "name")},
                                {"agency", Text(Member(team, "agency"), "name")},
                                {"path", fmt::format("/admin/teams/{}", id)},
                                {"workers", rows},
                                {"has_workers", !rows.empty()},
                                {"name", TextField("name", "Name", form.Get("name"), errors)},
                                {"role", role}},
                       .section = Section::kAdmin,
                       .status = status,
                       .errors = ErrorsIfAny(errors)});
}

core::Result<http::Response> PostWorker(api::Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t id, api::IdParam(call.params, "id", "team"));
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  FormErrors errors;
  auto name = ReadText(form, "name", "Enter the worker's name", errors, 200);
  if (form.Get("role").size() > 200) errors.Add("role", "Job title must be 200 characters or less");
  if (!errors.empty()) return TeamPage(call, form, errors, 400);
  json body = {{"name", *name}};
  if (!form.Get("role").empty()) body["role"] = form.Get("role");
  auto added = CallApi(call, "POST", fmt::format("/api/v1/teams/{}/workers", id), body);
  if (!added) {
    if (!AboutTheForm(added.error())) return std::unexpected(added.error());
    errors.Add("name", Readable(added.error().message()));
    return TeamPage(call, form, errors, 400);
  }
  return SeeOther(fmt::format("/admin/teams/{}", id), fmt::format("Worker added: {}", *name));
}

}  // namespace
}  // namespace sg::pages::admin

namespace sg::pages {

void AddAdminPages(api::RouteTable& routes) {
  routes.Add("GET", "/admin", Page(admin::AdminIndex));
  routes.Add("GET", "/admin/children", Page(admin::AdminChild));
  routes.Add("GET", "/admin/users", Page(admin::ListUsers));
  routes.Add("GET", "/admin/users/new",
             Page(admin::EmptyForm(admin::NewUserForm, access::Action::kAdminister)));
  routes.Add("POST", "/admin/users/new", Page(admin::PostNewUser));
  routes.Add("GET", "/admin/users/{username}", Page(admin::GetUser));
  routes.Add("POST", "/admin/users/{username}/disable",
             Page(admin::ChangeUser("disable", "Account disabled: {} can no longer sign in")));
  routes.Add("POST", "/admin/users/{username}/enable",
             Page(admin::ChangeUser("enable", "Account enabled: {} can sign in again")));
  routes.Add("POST", "/admin/users/{username}/reset-password", Page(admin::ResetPassword));
  routes.Add("GET", "/admin/teams", Page(admin::EmptyForm(admin::TeamsPage)));
  routes.Add("POST", "/admin/teams", Page(admin::PostTeam));
  routes.Add("GET", "/admin/teams/{id}", Page(admin::EmptyForm(admin::TeamPage)));
  routes.Add("POST", "/admin/teams/{id}", Page(admin::PostWorker));
  AddInvolvementPages(routes);
}

}  // namespace sg::pages
