// Administration pages' shared insides (internal to src/pages): what
// admin_pages.cc (users, teams) and involvement_pages.cc (who works with a
// child, the access log) both need to read the API's JSON answers and turn
// them into a page's words.
//
// Design. Both files are the administration API with HTML around it: a page
// calls the API's own handler in process (CallApi) and reads its JSON, as
// documented in data/api/openapi/admin.json. Reading is forgiving (a
// missing or mistyped member reads as empty), because a page shows what it
// got rather than failing on a shape it does not need. The helpers are
// small and inline so that the two page files stay the only places that
// define routes.
#ifndef SAFEGUARD_PAGES_ADMIN_VIEW_H_
#define SAFEGUARD_PAGES_ADMIN_VIEW_H_

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/actor.h"
#include "access/policy.h"
#include "api/app.h"
#include "core/date.h"
#include "core/error.h"
#include "pages/api_call.h"
#include "pages/page.h"

namespace sg::pages {

// The involvement and access-log pages (involvement_pages.cc), added by
// AddAdminPages.
void AddInvolvementPages(api::RouteTable& routes);

namespace admin {

using access::Action;
using access::Role;
using nlohmann::json;

using Query = ApiQuery;

constexpr int kMaxApiPage = 200;  // the API's largest ?limit=

// ---- JSON read safely (a missing or mistyped member reads as empty) -------

inline std::string Text(const json& object, const std::string& key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

inline std::optional<int64_t> Integer(const json& object, const std::string& key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

inline bool Flag(const json& object, const std::string& key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

inline json Member(const json& object, const std::string& key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : json::object();
}

// The items of an API list ({"items": [...], "next": ...}).
inline json Items(const json& page) {
  auto it = page.find("items");
  return it != page.end() && it->is_array() ? *it : json::array();
}

inline bool HasNext(const json& page) {
  auto it = page.find("next");
  return it != page.end() && !it->is_null();
}

// ---- the API's handlers, in process ---------------------------------------

// Every item of a paged API list, for a select's options or a short table.
inline core::Result<json> AllItems(api::Call& call, const std::string& path) {
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

inline core::Result<AgencyNames> AgencyNamesOf(api::Call& call) {
  SG_ASSIGN_OR_RETURN(json agencies, AllItems(call, "/api/v1/agencies"));
  AgencyNames names;
  for (const json& agency : agencies) names[Text(agency, "code")] = Text(agency, "name");
  return names;
}

inline std::string AgencyName(const AgencyNames& names, const std::string& code) {
  auto it = names.find(code);
  if (it != names.end() && !it->second.empty()) return it->second;
  return code == "SYSTEM" ? "Safeguard" : code;
}

// ---- words ----------------------------------------------------------------

// Text for a template, null when empty: mustache shows a section for any
// string, even "", so an absent value must be null to reach {{^name}}.
inline json OrNull(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

inline std::string DateWords(const std::string& iso) {
  if (iso.empty()) return "";
  auto date = core::Date::ParseIso(iso);
  return date ? LongDate(*date) : iso;
}

inline std::optional<int64_t> PositiveNumber(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value > 0 ? std::optional<int64_t>(value) : std::nullopt;
}

inline bool Allowed(const api::Call& call, Action action) {
  return access::Policy().Decide(call.actor(), action).has_value();
}

inline std::string RoleLabel(Role role) {
  return Readable(access::RoleName(role));
}

inline std::string RoleLabel(std::string_view code) {
  auto role = access::ParseRole(code);
  return role ? RoleLabel(*role) : std::string(code);
}

// Radios with a hint under each option (GOV.UK radios' item hints), for
// the admin_radios partial. `options` is Options(...); `hints` by value.
inline json WithHints(json options, const std::map<std::string, std::string>& hints) {
  for (json& option : options) {
    auto it = hints.find(option.value("value", ""));
    option["hint"] = it == hints.end() ? json(nullptr) : json(it->second);
    option["reveal"] = nullptr;
  }
  return options;
}

// A refusal of the API about one field of the form: the field's id, chosen
// by what the message names; `fallback` when it names none.
inline std::string FieldNamed(std::string_view message,
                              const std::vector<std::pair<std::string_view, std::string>>& words,
                              const std::string& fallback) {
  for (const auto& [word, field] : words) {
    if (message.find(word) != std::string_view::npos) return field;
  }
  return fallback;
}

// Whether an API error is about what was typed (the form is shown again
// with the message by a field) rather than a refusal or a fault.
inline bool AboutTheForm(const core::Error& error) {
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
inline json NextPage(const json& page, const std::string& path, const std::string& cursor_key) {
  const json items = Items(page);
  if (items.empty() || !HasNext(page)) return nullptr;
  auto cursor = Integer(items.back(), cursor_key);
  if (!cursor) return nullptr;
  return fmt::format("{}?after={}", path, *cursor);
}

inline std::optional<int64_t> AfterParam(const api::Call& call) {
  auto after = call.request.Query("after");
  return after ? PositiveNumber(*after) : std::nullopt;
}

inline Query PageQuery(int limit, std::optional<int64_t> after) {
  Query query{{"limit", std::to_string(limit)}};
  if (after) query.emplace("after", std::to_string(*after));
  return query;
}

// ---- form pages -------------------------------------------------------------

// A page with a form: one function shows it empty (the GET, status 200) and
// again with what was typed and the errors (a POST refused, status 400).
using FormPage = core::Result<http::Response> (*)(api::Call& call, const http::Form& form,
                                                  const FormErrors& errors, int status);

// The GET of a form page: the form empty. With `needs`, the user must be
// allowed that action first (for a form that shows nothing of the API's).
inline api::HandlerFn EmptyForm(FormPage page, std::optional<Action> needs = std::nullopt) {
  return [page, needs](api::Call& call) -> core::Result<http::Response> {
    if (needs) SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), *needs));
    FormErrors none;
    return page(call, http::Form(), none, 200);
  };
}

// A View's errors: none when the form has none.
inline const FormErrors* ErrorsIfAny(const FormErrors& errors) {
  return errors.empty() ? nullptr : &errors;
}

}  // namespace admin
}  // namespace sg::pages

#endif  // SAFEGUARD_PAGES_ADMIN_VIEW_H_
