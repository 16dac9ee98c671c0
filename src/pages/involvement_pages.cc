// Who works with a child (involvements) and who looked at a child's record
// (the access log): the administration pages about one child.
//
// Design. Like the rest of administration (admin_pages.cc), these pages are
// the API with HTML around it: each calls the API's own handler in process
// (CallApi, on the page's Call), so who may do what, every check and every
// audit row is the API's. Team managers and administrators manage
// involvements, which grant and remove a team's need-to-know on a child
// (administrators without ever being cleared to read the record); the
// access log is for the owning agency's managers, auditors and
// administrators. The pages ask the Policy only which links and forms to
// offer; the API's refusal comes back as kPermissionDenied and is shown as
// the error page.
//
// Involvement forms carry no child version: an administrator who manages
// access is not cleared to read the record, so cannot know its version, and
// an involvement overwrites nothing.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/policy.h"
#include "api/app.h"
#include "api/paging.h"
#include "pages/admin_view.h"
#include "pages/api_call.h"
#include "pages/page.h"
#include "store/admin_store.h"

namespace sg::pages::admin {
namespace {

constexpr int kLogEntriesPerPage = 50;
constexpr int kMaxTeams = 1000;           // for the involvement form
constexpr int kMaxWorkersPerTeam = 1000;  // likewise

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
                       .errors = ErrorsIfAny(errors)});
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
               Readable(message));
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
                       .errors = ErrorsIfAny(errors)});
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
    errors.Add("end", Readable(ended.error().message()));
    return EndPage(call, form, errors, 400);
  }
  return SeeOther(
      fmt::format("{}/involvements", ChildPath(Integer(*ended, "child_id").value_or(0))),
      fmt::format("Involvement ended: {} works with the child until {}",
                  Text(Member(*ended, "team"), "name"), LongDate(*end)));
}

// ---- /children/{id}/access-log ----------------------------------------------

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
  return fmt::format("{}: {}", Readable(action), entity);
}

std::string ClearanceWords(std::string_view basis) {
  if (basis == "involvement") return "Their team works with the child";
  if (basis == "role") return "Their role";
  if (basis == "break-glass") return "Break-glass";
  if (basis == "system") return "Safeguard itself";
  return Readable(basis);
}

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
}  // namespace sg::pages::admin

namespace sg::pages {

void AddInvolvementPages(api::RouteTable& routes) {
  routes.Add("GET", "/children/{id}/involvements", Page(admin::EmptyForm(admin::InvolvementsPage)));
  routes.Add("POST", "/children/{id}/involvements", Page(admin::PostInvolvement));
  routes.Add("GET", "/involvements/{id}/end",
             Page(admin::EmptyForm(admin::EndPage, access::Action::kManageInvolvements)));
  routes.Add("POST", "/involvements/{id}/end", Page(admin::PostEnd));
  routes.Add("GET", "/children/{id}/access-log", Page(admin::GetAccessLog));
}

}  // namespace sg::pages
