// Administration pages: users, teams and workers, who works with a child
// (involvements) and who looked at a child's record (the access log).
//
// Design. These pages are the administration API with HTML around it. Each
// page calls the API's own handler for what it shows or changes - the
// routes of routes_admin.cc and routes_children.cc's access log - in
// process, on the page's own Call (CallApi below): the same database
// transaction, the same signed-in actor, the same Gate, so who may do what,
// every check and every audit row is the API's, written once. A page adds
// only what a browser needs: forms read and checked field by field, the
// module's message put by the field it is about, plain words instead of
// codes, and tables. The page needs the API's JSON shapes (documented in
// data/api/openapi/admin.json), nothing else of the API's insides.
//
// Who may do what, as the API decides it: users, teams and workers are for
// administrators; team managers and administrators manage involvements,
// which grant and remove a team's need-to-know on a child (administrators
// without ever being cleared to read the record); the access log is for
// the owning agency's managers, auditors and administrators. The pages ask
// the Policy only to decide which links and forms to offer; a refusal from
// the API comes back as kPermissionDenied and is shown as the error page.
//
// Passwords. A temporary password made by the API (a new user without a
// typed one, a reset) is shown once, on the page that answers the POST
// itself: it is never put in a URL or a cookie, so it cannot be a redirect.
// The server sends every page with Cache-Control: no-store.
//
// Involvement forms carry no child version: as the API explains, an
// administrator who manages access is not cleared to read the record, so
// cannot know its version, and an involvement overwrites nothing.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/accounts.h"
#include "access/actor.h"
#include "access/policy.h"
#include "api/app.h"
#include "api/paging.h"
#include "pages/api_call.h"
#include "pages/page.h"
#include "pages/pages.h"
#include "store/admin_store.h"

namespace sg::pages {
namespace {

using access::Action;
using access::Role;
using nlohmann::json;

using Query = std::multimap<std::string, std::string>;

constexpr int kUsersPerPage = 100;
constexpr int kLogEntriesPerPage = 50;
constexpr int kMaxApiPage = 200;          // the API's largest ?limit=
constexpr int kMaxTeams = 1000;           // for the involvement form
constexpr int kMaxWorkersPerTeam = 1000;  // likewise

// ---- JSON read safely (a missing or mistyped member reads as empty) -------

std::string Text(const json& object, const std::string& key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<int64_t> Integer(const json& object, const std::string& key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

bool Flag(const json& object, const std::string& key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

json Member(const json& object, const std::string& key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : json::object();
}

// The items of an API list ({"items": [...], "next": ...}).
json Items(const json& page) {
  auto it = page.find("items");
  return it != page.end() && it->is_array() ? *it : json::array();
}

bool HasNext(const json& page) {
  auto it = page.find("next");
  return it != page.end() && !it->is_null();
}

// ---- the API's handlers, in process ---------------------------------------

// Every item of a paged API list, for a select's options or a short table.
core::Result<json> AllItems(api::Call& call, const std::string& path) {
  json all = json::array();
  std::optional<int64_t> after;
  while (true) {
    Query query{{"limit", std::to_string(kMaxApiPage)}};
    if (after) query.emplace("after", std::to_string(*after));
    SG_ASSIGN_OR_RETURN(json page, CallApi(call, "GET", path, nullptr, query));
    const json items = Items(page);
    for (const json& item : items) all.push_back(item);
    if (items.empty() || !HasNext(page)) break;
    after = Integer(items.back(), "id");
    if (!after) break;
  }
  return all;
}

// Agency code -> name ("POLICE" -> "Cheshire Constabulary"), for pages that
// would otherwise show only the code.
using AgencyNames = std::map<std::string, std::string, std::less<>>;

core::Result<AgencyNames> AgencyNamesOf(api::Call& call) {
  SG_ASSIGN_OR_RETURN(json agencies, AllItems(call, "/api/v1/agencies"));
  AgencyNames names;
  for (const json& agency : agencies) names[Text(agency, "code")] = Text(agency, "name");
  return names;
}

std::string AgencyName(const AgencyNames& names, const std::string& code) {
  auto it = names.find(code);
  if (it != names.end() && !it->second.empty()) return it->second;
  return code == "SYSTEM" ? "Safeguard" : code;
}

// ---- words ----------------------------------------------------------------

// Text for a template, null when empty: mustache shows a section for any
// string, even "", so an absent value must be null to reach {{^name}}.
json OrNull(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

// A module's message ("the username 'x' is taken") as a sentence.
std::string Sentence(std::string_view message) {
  std::string out(message);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string DateWords(const std::string& iso) {
  if (iso.empty()) return "";
  auto date = core::Date::ParseIso(iso);
  return date ? LongDate(*date) : iso;
}

std::optional<int64_t> PositiveNumber(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value > 0 ? std::optional<int64_t>(value) : std::nullopt;
}

bool Allowed(const api::Call& call, Action action) {
  return access::Policy().Decide(call.actor(), action).has_value();
}

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

std::string RoleLabel(Role role) {
  return Sentence(access::RoleName(role));
}

std::string RoleLabel(std::string_view code) {
  auto role = access::ParseRole(code);
  return role ? RoleLabel(*role) : std::string(code);
}

// Radios with a hint under each option (GOV.UK radios' item hints), for
// the admin_radios partial. `options` is Options(...); `hints` by value.
json WithHints(json options, const std::map<std::string, std::string>& hints) {
  for (json& option : options) {
    auto it = hints.find(option.value("value", ""));
    option["hint"] = it == hints.end() ? json(nullptr) : json(it->second);
    option["reveal"] = nullptr;
  }
  return options;
}

// The lawful bases an involvement is usually shared on (UK GDPR articles 6
// and 9 and the duty the share rests on), the family's consent, or another
// basis typed in.
struct BasisWords {
  std::string_view value;
  std::string_view text;  // stored as the involvement's lawful basis
};
constexpr BasisWords kBases[] = {
    {"s47", "Public task: Children Act 1989 section 47 enquiry (UK GDPR 6(1)(e), 9(2)(g))"},
    {"s17", "Public task: Children Act 1989 section 17 child in need (UK GDPR 6(1)(e), 9(2)(g))"},
    {"s11",
     "Public task: Children Act 2004 section 11 duty to safeguard (UK GDPR 6(1)(e), 9(2)(h))"},
};
constexpr std::string_view kConsent = "consent";
constexpr std::string_view kOtherBasis = "other";

// The access log's words: what was done to what ("read" of "child" is
// "Looked at the record"), and why the person could.
std::string WhatWasDone(std::string_view action, std::string entity) {
  std::replace(entity.begin(), entity.end(), '_', ' ');
  const bool child = entity == "child";
  if (action == "read") return child ? "Looked at the record" : "Looked at the " + entity;
  if (action == "create") {
    if (child) return "Registered the child";
    const bool vowel =
        !entity.empty() && std::string_view("aeiou").find(entity[0]) != std::string_view::npos;
    return fmt::format("Recorded {} {}", vowel ? "an" : "a", entity);
  }
  if (action == "update") return child ? "Changed the record" : "Changed the " + entity;
  if (action == "break-glass") return "Opened the record without working with the child";
  if (action == "refused") return child ? "Was refused the record" : "Was refused the " + entity;
  return fmt::format("{}: {}", Sentence(action), entity);
}

std::string ClearanceWords(std::string_view basis) {
  if (basis == "involvement") return "Their team works with the child";
  if (basis == "role") return "Their role";
  if (basis == "break-glass") return "Break-glass";
  if (basis == "system") return "Safeguard itself";
  return Sentence(basis);
}

// A refusal of the API about one field of the form: the field's id, chosen
// by what the message names; `fallback` when it names none.
std::string FieldNamed(std::string_view message,
                       const std::vector<std::pair<std::string_view, std::string>>& words,
                       const std::string& fallback) {
  for (const auto& [word, field] : words) {
    if (message.find(word) != std::string_view::npos) return field;
  }
  return fallback;
}

// Whether an API error is about what was typed (the form is shown again
// with the message by a field) rather than a refusal or a fault.
bool AboutTheForm(const core::Error& error) {
  switch (error.code()) {
    case core::Code::kInvalidArgument:
    case core::Code::kAlreadyExists:
    case core::Code::kFailedPrecondition:
    case core::Code::kOutOfRange:
      return true;
    default:
      return false;
  }
}

// Keyset paging: a link to the next page when the API says there is one.
json NextPage(const json& page, const std::string& path, const std::string& cursor_key) {
  const json items = Items(page);
  if (items.empty() || !HasNext(page)) return nullptr;
  auto cursor = Integer(items.back(), cursor_key);
  if (!cursor) return nullptr;
  return fmt::format("{}?after={}", path, *cursor);
}

std::optional<int64_t> AfterParam(const api::Call& call) {
  auto after = call.request.Query("after");
  return after ? PositiveNumber(*after) : std::nullopt;
}

Query PageQuery(int limit, std::optional<int64_t> after) {
  Query query{{"limit", std::to_string(limit)}};
  if (after) query.emplace("after", std::to_string(*after));
  return query;
}

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
             .errors = errors.empty() ? nullptr : &errors});
}

core::Result<http::Response> GetNewUser(api::Call& call) {
  SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), Action::kAdminister));
  FormErrors none;
  return NewUserForm(call, http::Form(), none, 200);
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
      errors.Add("password", Sentence(policy.error().message()));
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
                 Sentence(error.message()));
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
       .errors = errors.empty() ? nullptr : &errors});
}

core::Result<http::Response> GetTeams(api::Call& call) {
  FormErrors none;
  return TeamsPage(call, http::Form(), none, 200);
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
               Sentence(message));
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
                       .errors = errors.empty() ? nullptr : &errors});
}

core::Result<http::Response> GetTeam(api::Call& call) {
  FormErrors none;
  return TeamPage(call, http::Form(), none, 200);
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
    errors.Add("name", Sentence(added.error().message()));
    return TeamPage(call, form, errors, 400);
  }
  return SeeOther(fmt::format("/admin/teams/{}", id), fmt::format("Worker added: {}", *name));
}

// ---- /children/{id}/involvements -----------------------------------------

// Team and worker choices: read from the store directly, because the
// partnership's teams are not personal data and a team manager (who may
// manage involvements) is not an administrator who may list them through
// the API.
struct Choices {
  json teams;
  json workers;
};

core::Result<Choices> InvolvementChoices(api::Call& call, const http::Form& form) {
  store::AdminStore admin(call.db);
  SG_ASSIGN_OR_RETURN(auto teams, admin.ListTeams(kMaxTeams, std::nullopt));
  std::vector<std::pair<std::string, std::string>> team_options = {{"", "Choose a team"}};
  std::vector<std::pair<std::string, std::string>> worker_options = {{"", "No named worker"}};
  for (const store::TeamRow& team : teams) {
    team_options.emplace_back(std::to_string(team.id),
                              fmt::format("{} ({})", team.name, team.agency_name));
    SG_ASSIGN_OR_RETURN(auto workers, admin.WorkersOf(team.id, kMaxWorkersPerTeam, std::nullopt));
    for (const store::Worker& worker : workers) {
      worker_options.emplace_back(std::to_string(worker.id),
                                  fmt::format("{}, {}", worker.name, team.name));
    }
  }
  return Choices{Options(team_options, {form.Get("team")}),
                 Options(worker_options, {form.Get("worker")})};
}

json BasisField(const http::Form& form, const FormErrors& errors) {
  std::vector<std::pair<std::string, std::string>> value_text;
  for (const BasisWords& basis : kBases) value_text.emplace_back(basis.value, basis.text);
  value_text.emplace_back(kConsent, "The family consented to the share");
  value_text.emplace_back(kOtherBasis, "Another lawful basis");
  json options = WithHints(
      Options(value_text, {form.Get("lawful_basis")}),
      {{std::string(kConsent), "Only when the family agreed that this team may see the record"}});
  for (json& option : options) {
    if (option.value("value", "") != kOtherBasis) continue;
    option["reveal"] =
        TextField("lawful_basis_other", "Lawful basis", form.Get("lawful_basis_other"), errors,
                  "The UK GDPR articles and the duty the share rests on");
    option["conditional_id"] = "conditional-lawful_basis-other";
  }
  return ChoiceField("lawful_basis", "Why may the team see the child's record?", options, errors);
}

json InvolvementRow(const json& involvement, bool may_manage) {
  const json team = Member(involvement, "team");
  const json worker = Member(involvement, "worker");
  const bool open = Flag(involvement, "open");
  const std::string end = Text(involvement, "end");
  return {{"team", Text(team, "name")},
          {"agency", Text(team, "agency_name")},
          {"worker", OrNull(Text(worker, "name"))},
          {"start", DateWords(Text(involvement, "start"))},
          {"end", end.empty() ? json(nullptr) : json(DateWords(end))},
          {"basis", Flag(involvement, "consent") ? "The family consented"
                                                 : Text(involvement, "lawful_basis")},
          {"reason", Text(involvement, "reason")},
          {"open", open},
          {"end_href",
           may_manage && open && end.empty()
               ? json(fmt::format("/involvements/{}/end", Integer(involvement, "id").value_or(0)))
               : json(nullptr)}};
}

Section ChildSection(const api::Call& call) {
  return Allowed(call, Action::kReadRecord) ? Section::kChildren : Section::kAdmin;
}

core::Result<http::Response> InvolvementsPage(api::Call& call, const http::Form& form,
                                              const FormErrors& errors, int status) {
  SG_ASSIGN_OR_RETURN(int64_t child, api::IdParam(call.params, "id", "child"));
  const std::string api_path = fmt::format("/api/v1/children/{}/involvements", child);
  SG_ASSIGN_OR_RETURN(json listed, CallApi(call, "GET", api_path));
  const bool may_manage = Allowed(call, Action::kManageInvolvements);
  json rows = json::array();
  for (const json& involvement : Items(listed)) {
    rows.push_back(InvolvementRow(involvement, may_manage));
  }
  json data = {
      {"child", child},
      {"path", fmt::format("{}/involvements", ChildPath(child))},
      {"record_href", Allowed(call, Action::kReadRecord) ? json(ChildPath(child)) : json(nullptr)},
      {"access_log_href", Allowed(call, Action::kReadAccessLog)
                              ? json(fmt::format("{}/access-log", ChildPath(child)))
                              : json(nullptr)},
      {"involvements", rows},
      {"has_involvements", !rows.empty()},
      {"may_manage", may_manage}};
  if (may_manage) {
    SG_ASSIGN_OR_RETURN(Choices choices, InvolvementChoices(call, form));
    data["team"] = ChoiceField("team", "Team", choices.teams, errors);
    data["worker"] = ChoiceField("worker", "Worker (optional)", choices.workers, errors,
                                 "The person in that team who works with the child, if there is "
                                 "one");
    data["start"] = DateField("start", "When did the team start working with the child?",
                              DateInputJson(form, "start"), errors);
    data["lawful_basis"] = BasisField(form, errors);
    json reason = TextField("reason", "Why is the team working with the child?", form.Get("reason"),
                            errors, "For example, joint section 47 enquiry with the police");
    reason["rows"] = "3";
    data["reason"] = reason;
  }
  return Render(call, {.title = "Who works with this child",
                       .template_name = "admin_involvements",
                       .data = data,
                       .section = ChildSection(call),
                       .status = status,
                       .errors = errors.empty() ? nullptr : &errors});
}

core::Result<http::Response> GetInvolvements(api::Call& call) {
  FormErrors none;
  return InvolvementsPage(call, http::Form(), none, 200);
}

core::Result<http::Response> PostInvolvement(api::Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t child, api::IdParam(call.params, "id", "child"));
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  FormErrors errors;
  auto team = PositiveNumber(form.Get("team"));
  if (!team) errors.Add("team", "Select the team that works with the child");
  auto worker = PositiveNumber(form.Get("worker"));
  if (!form.Get("worker").empty() && !worker) errors.Add("worker", "Select a worker from the list");
  auto start = ReadDate(form, "start", "date the team started", errors, call.clock.Today());
  const std::string choice = form.Get("lawful_basis");
  std::optional<std::string> basis;
  for (const BasisWords& words : kBases) {
    if (choice == words.value) basis = std::string(words.text);
  }
  if (choice == kOtherBasis) {
    basis = ReadText(form, "lawful_basis_other", "Enter the lawful basis of the share", errors);
  } else if (!basis && choice != kConsent) {
    errors.Add("lawful_basis", "Select why the team may see the child's record");
  }
  auto reason = ReadText(form, "reason", "Enter why the team is working with the child", errors);
  if (!errors.empty()) return InvolvementsPage(call, form, errors, 400);

  json body = {{"team_id", *team},
               {"start", start->Iso()},
               {"consent", choice == kConsent},
               {"reason", *reason}};
  if (worker) body["worker_id"] = *worker;
  if (basis) body["lawful_basis"] = *basis;
  auto added = CallApi(call, "POST", fmt::format("/api/v1/children/{}/involvements", child), body);
  if (!added) {
    if (!AboutTheForm(added.error())) return std::unexpected(added.error());
    const std::string& message = added.error().message();
    errors.Add(FieldNamed(message,
                          {{"worker", "worker"},
                           {"start", "start"},
                           {"lawful basis", "lawful_basis"},
                           {"consent", "lawful_basis"}},
                          "team"),
               Sentence(message));
    return InvolvementsPage(call, form, errors, 400);
  }
  return SeeOther(fmt::format("{}/involvements", ChildPath(child)),
                  fmt::format("Involvement added: {} now works with the child",
                              Text(Member(*added, "team"), "name")));
}

// ---- /involvements/{id}/end ------------------------------------------------

core::Result<http::Response> EndPage(api::Call& call, const http::Form& form,
                                     const FormErrors& errors, int status) {
  SG_ASSIGN_OR_RETURN(int64_t id, api::IdParam(call.params, "id", "involvement"));
  SG_ASSIGN_OR_RETURN(json involvement,
                      CallApi(call, "GET", fmt::format("/api/v1/involvements/{}", id)));
  const int64_t child = Integer(involvement, "child_id").value_or(0);
  json row = InvolvementRow(involvement, false);
  row["path"] = fmt::format("/involvements/{}/end", id);
  row["back"] = fmt::format("{}/involvements", ChildPath(child));
  row["end_date"] = DateField("end", "When did the team stop working with the child?",
                              DateInputJson(form, "end"), errors,
                              "The team keeps access until the end of this day. For example, "
                              "27 3 2025");
  return Render(call, {.title = "End an involvement",
                       .template_name = "admin_involvement_end",
                       .data = row,
                       .section = ChildSection(call),
                       .status = status,
                       .errors = errors.empty() ? nullptr : &errors});
}

core::Result<http::Response> GetEnd(api::Call& call) {
  SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), Action::kManageInvolvements));
  FormErrors none;
  return EndPage(call, http::Form(), none, 200);
}

core::Result<http::Response> PostEnd(api::Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t id, api::IdParam(call.params, "id", "involvement"));
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  FormErrors errors;
  auto end = ReadDate(form, "end", "date the team stopped", errors, call.clock.Today(),
                      {.required = true, .not_in_future = false});
  if (!errors.empty()) return EndPage(call, form, errors, 400);
  auto ended =
      CallApi(call, "POST", fmt::format("/api/v1/involvements/{}/end", id), {{"end", end->Iso()}});
  if (!ended) {
    if (!AboutTheForm(ended.error())) return std::unexpected(ended.error());
    errors.Add("end", Sentence(ended.error().message()));
    return EndPage(call, form, errors, 400);
  }
  return SeeOther(
      fmt::format("{}/involvements", ChildPath(Integer(*ended, "child_id").value_or(0))),
      fmt::format("Involvement ended: {} works with the child until {}",
                  Text(Member(*ended, "team"), "name"), LongDate(*end)));
}

// ---- /children/{id}/access-log ----------------------------------------------

json LogRow(const json& entry, const AgencyNames& agencies) {
  const std::string user = Text(entry, "user");
  const std::string name = Text(entry, "user_name");
  return {{"at", LongDateTime(Text(entry, "at"))},
          {"name", name.empty() ? user : name},
          {"username", name.empty() ? json(nullptr) : json(user)},
          {"agency", AgencyName(agencies, Text(entry, "agency"))},
          {"role", RoleLabel(Text(entry, "role"))},
          {"what", WhatWasDone(Text(entry, "action"), Text(entry, "entity"))},
          {"basis", Text(entry, "basis").empty() ? json(nullptr)
                                                 : json(ClearanceWords(Text(entry, "basis")))}};
}

core::Result<http::Response> GetAccessLog(api::Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t child, api::IdParam(call.params, "id", "child"));
  const std::optional<int64_t> after = AfterParam(call);
  SG_ASSIGN_OR_RETURN(
      json page, CallApi(call, "GET", fmt::format("/api/v1/children/{}/access-log", child), nullptr,
                         PageQuery(kLogEntriesPerPage, after)));
  SG_ASSIGN_OR_RETURN(AgencyNames agencies, AgencyNamesOf(call));
  json rows = json::array();
  for (const json& entry : Items(page)) {
    rows.push_back(LogRow(entry, agencies));
  }
  const std::string path = fmt::format("{}/access-log", ChildPath(child));
  return Render(call,
                {.title = "Who looked at this record",
                 .template_name = "admin_access_log",
                 .data = {{"child", child},
                          {"entries", rows},
                          {"has_entries", !rows.empty()},
                          {"next", NextPage(page, path, "seq")},
                          {"first", after ? json(path) : json(nullptr)},
                          {"involvements_href", fmt::format("{}/involvements", ChildPath(child))}},
                 .section = ChildSection(call)});
}

}  // namespace

void AddAdminPages(api::RouteTable& routes) {
  routes.Add("GET", "/admin", Page(AdminIndex));
  routes.Add("GET", "/admin/children", Page(AdminChild));
  routes.Add("GET", "/admin/users", Page(ListUsers));
  routes.Add("GET", "/admin/users/new", Page(GetNewUser));
  routes.Add("POST", "/admin/users/new", Page(PostNewUser));
  routes.Add("GET", "/admin/users/{username}", Page(GetUser));
  routes.Add("POST", "/admin/users/{username}/disable",
             Page(ChangeUser("disable", "Account disabled: {} can no longer sign in")));
  routes.Add("POST", "/admin/users/{username}/enable",
             Page(ChangeUser("enable", "Account enabled: {} can sign in again")));
  routes.Add("POST", "/admin/users/{username}/reset-password", Page(ResetPassword));
  routes.Add("GET", "/admin/teams", Page(GetTeams));
  routes.Add("POST", "/admin/teams", Page(PostTeam));
  routes.Add("GET", "/admin/teams/{id}", Page(GetTeam));
  routes.Add("POST", "/admin/teams/{id}", Page(PostWorker));
  routes.Add("GET", "/children/{id}/involvements", Page(GetInvolvements));
  routes.Add("POST", "/children/{id}/involvements", Page(PostInvolvement));
  routes.Add("GET", "/involvements/{id}/end", Page(GetEnd));
  routes.Add("POST", "/involvements/{id}/end", Page(PostEnd));
  routes.Add("GET", "/children/{id}/access-log", Page(GetAccessLog));
}

}  // namespace sg::pages
