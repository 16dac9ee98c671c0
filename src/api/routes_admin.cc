// Routes of administration: agencies, teams and workers, users, API tokens,
// involvements (who works with which child: the basis of need-to-know) and
// a team's notifications.
//
// Who may do what. Users, teams, workers and tokens are for administrators
// (Action::kAdminister); access::Accounts checks it again for every change
// and audits it. Agencies are listed to anyone signed in (they are the
// partnership's public make-up). Involvements are managed by team managers
// and administrators: creating or ending one grants or removes a team's
// need-to-know on a child, so it goes through journey::Journey (Involve,
// EndInvolvement) and is audited against the child; reading a child's
// involvements needs clearance for the child like any other part of the
// record, or administration rights. Notifications are the caller's own
// team's.
//
// Involvement changes do not take If-Match: an administrator who manages
// access is not cleared to read the child's record, so cannot know its
// ETag, and an involvement changes nothing another person may be editing
// (a second end of the same involvement is refused, not overwritten). The
// new ETag of the child is still sent back when there is one.
//
// Passwords. Creating a user without a password, and resetting one, give a
// temporary password in the response, once; it is never stored in clear or
// logged, and the user must change it at first sign-in.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/accounts.h"
#include "access/gate.h"
#include "access/policy.h"
#include "api/app.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "store/access_store.h"
#include "store/admin_store.h"
#include "store/journey_store.h"

namespace sg::api {
namespace {

using access::Action;
using access::Role;
using nlohmann::json;

constexpr int kTemporaryPasswordTries = 8;

core::Status Allow(const access::Actor& actor, Action action) {
  return access::Policy().Decide(actor, action);
}

http::Response JsonResponse(int status, const json& body) {
  return http::Json(status, body.dump());
}

http::Response Created(const json& body, const std::string& location) {
  auto response = JsonResponse(201, body);
  response.SetHeader("Location", location);
  return response;
}

json OptionalJson(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

json OptionalJson(const std::optional<int64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

// A route whose body must be empty or {} (the action is the path).
core::Status NoBody(const http::Request& request) {
  if (request.body.empty()) return {};
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(request.body));
  return body.Finish();
}

// Items of an in-memory list that is already in id order, as one page.
template <typename T, typename ToJson>
std::string PageOf(const http::Request& request, const std::vector<T>& all, const Page& page,
                   ToJson to_json) {
  json items = json::array();
  std::optional<int64_t> last_id, next;
  for (const T& item : all) {
    if (page.after && item.id <= *page.after) continue;
    if (static_cast<int>(items.size()) == page.limit) {
      next = last_id;
      break;
    }
    items.push_back(to_json(item));
    last_id = item.id;
  }
  return PageJson(request, items.dump(), next);
}

// A page read from the store with one row more than asked, so that a full
// page knows whether another follows.
template <typename T, typename ToJson>
http::Response StorePage(const http::Request& request, std::vector<T> rows, const Page& page,
                         ToJson to_json) {
  std::optional<int64_t> next;
  if (static_cast<int>(rows.size()) > page.limit) {
    rows.resize(static_cast<size_t>(page.limit));
    next = rows.back().id;
  }
  json items = json::array();
  for (const T& row : rows) items.push_back(to_json(row));
  return http::Json(200, PageJson(request, items.dump(), next));
}

// ---- agencies, teams, workers ---------------------------------------------

json AgencyJson(const store::AgencyRow& a) {
  return {{"id", a.id}, {"code", a.code}, {"name", a.name}, {"kind", a.kind}};
}

json TeamJson(const store::TeamRow& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"agency", {{"id", t.agency_id}, {"code", t.agency_code}, {"name", t.agency_name}}}};
}

json WorkerJson(const store::Worker& w) {
  return {{"id", w.id}, {"team_id", w.team_id}, {"name", w.name}, {"role", w.role}};
}

core::Result<http::Response> ListAgencies(Call& call) {
  SG_ASSIGN_OR_RETURN(Page page, ReadPage(call.request));
  store::AdminStore admin(call.db);
  SG_ASSIGN_OR_RETURN(auto rows, admin.ListAgencies(page.limit + 1, page.after));
  return StorePage(call.request, std::move(rows), page, AgencyJson);
}

core::Result<http::Response> ListTeams(Call& call) {
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  SG_ASSIGN_OR_RETURN(Page page, ReadPage(call.request));
  store::AdminStore admin(call.db);
  SG_ASSIGN_OR_RETURN(auto rows, admin.ListTeams(page.limit + 1, page.after));
  return StorePage(call.request, std::move(rows), page, TeamJson);
}

core::Result<store::TeamRow> TeamOf(store::Database& db, const http::PathParams& params) {
  SG_ASSIGN_OR_RETURN(int64_t id, IdParam(params, "id", "team"));
  store::AdminStore admin(db);
  SG_ASSIGN_OR_RETURN(auto team, admin.FindTeam(id));
  if (!team) return core::Fail(core::Code::kNotFound, fmt::format("there is no team {}", id));
  return *team;
}

core::Result<http::Response> GetTeam(Call& call) {
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  SG_ASSIGN_OR_RETURN(store::TeamRow team, TeamOf(call.db, call.params));
  return JsonResponse(200, TeamJson(team));
}

core::Result<http::Response> PostTeam(Call& call) {
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(std::string agency_code, body.String("agency"));
  SG_ASSIGN_OR_RETURN(std::string name, body.String("name"));
  SG_RETURN_IF_ERROR(body.Finish());
  if (name.size() > 200) {
    return core::Fail(core::Code::kInvalidArgument, "name is longer than 200 bytes");
  }
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  store::TeamRow created;
  SG_RETURN_IF_ERROR(call.gate.Run(
      call.actor(), Action::kAdminister, [&](access::AuditNote& note) -> core::Status {
        store::JourneyStore journey(call.db);
        store::AdminStore admin(call.db);
        SG_ASSIGN_OR_RETURN(auto agency, journey.FindAgencyByCode(agency_code));
        if (!agency) {
          return core::Fail(
              core::Code::kInvalidArgument,
              fmt::format("agency '{}' is not one of the partnership's agencies", agency_code));
        }
        SG_ASSIGN_OR_RETURN(auto existing, admin.FindTeamByName(agency->id, name));
        if (existing) {
          return core::Fail(core::Code::kAlreadyExists,
                            fmt::format("{} already has a team named '{}'", agency_code, name));
        }
        SG_ASSIGN_OR_RETURN(store::Id id, journey.InsertTeam(store::Team{0, agency->id, name}));
        created = store::TeamRow{id, name, agency->id, agency->code, agency->name};
        note = access::AuditNote{"create", "team", std::to_string(id), std::nullopt,
                                 json{{"agency", agency_code}}.dump()};
        return {};
      }));
  return Created(TeamJson(created), fmt::format("/api/v1/teams/{}", created.id));
}

core::Result<http::Response> ListWorkers(Call& call) {
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  SG_ASSIGN_OR_RETURN(store::TeamRow team, TeamOf(call.db, call.params));
  SG_ASSIGN_OR_RETURN(Page page, ReadPage(call.request));
  store::AdminStore admin(call.db);
  SG_ASSIGN_OR_RETURN(auto rows, admin.WorkersOf(team.id, page.limit + 1, page.after));
  return StorePage(call.request, std::move(rows), page, WorkerJson);
}

core::Result<http::Response> PostWorker(Call& call) {
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(std::string name, body.String("name"));
  SG_ASSIGN_OR_RETURN(auto role, body.OptString("role"));
  SG_RETURN_IF_ERROR(body.Finish());
  if (name.size() > 200) {
    return core::Fail(core::Code::kInvalidArgument, "name is longer than 200 bytes");
  }
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  SG_ASSIGN_OR_RETURN(store::TeamRow team, TeamOf(call.db, call.params));
  store::Worker worker{0, team.id, name, role.value_or("")};
  SG_RETURN_IF_ERROR(call.gate.Run(
      call.actor(), Action::kAdminister, [&](access::AuditNote& note) -> core::Status {
        store::JourneyStore journey(call.db);
        SG_ASSIGN_OR_RETURN(worker.id, journey.InsertWorker(worker));
        note = access::AuditNote{"create", "worker", std::to_string(worker.id), std::nullopt,
                                 json{{"team_id", team.id}}.dump()};
        return {};
      }));
  return Created(WorkerJson(worker), fmt::format("/api/v1/teams/{}/workers", team.id));
}

// ---- users ----------------------------------------------------------------

// The shape of the session's user (routes_session.cc), with what an
// administrator also needs to see.
json UserJson(const access::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"email", u.email},
          {"team_id", u.team_id},
          {"team", u.team_name},
          {"agency", u.agency},
          {"worker_id", OptionalJson(u.worker_id)},
          {"role", access::RoleCode(u.role)},
          {"role_name", access::RoleName(u.role)},
          {"must_change_password", u.must_change_password},
          {"disabled_at", OptionalJson(u.disabled_at)},
          {"locked_until", OptionalJson(u.locked_until)},
          {"created_at", u.created_at}};
}

core::Result<Role> RoleField(const std::string& text) {
  if (auto role = access::ParseRole(text); role && *role != Role::kSystem) return *role;
  return core::Fail(core::Code::kInvalidArgument,
                    fmt::format("role '{}' is not one of front-door-practitioner, social-worker, "
                                "team-manager, partner-practitioner, designated-safeguarding-lead, "
                                "partnership-analyst, auditor, administrator",
                                text));
}

// A generated password that meets the policy for this user (a generated
// one very rarely contains the username; then another is drawn).
core::Result<std::string> TemporaryPasswordFor(std::string_view username,
                                               std::string_view display_name) {
  for (int i = 0; i < kTemporaryPasswordTries; ++i) {
    std::string password = access::GenerateTemporaryPassword();
    if (access::CheckPasswordPolicy(password, username, display_name)) return password;
  }
  return core::Fail(core::Code::kInternal, "could not generate a temporary password");
}

core::Result<http::Response> ListUsers(Call& call) {
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  SG_ASSIGN_OR_RETURN(Page page, ReadPage(call.request));
  SG_ASSIGN_OR_RETURN(auto users, call.accounts.ListUsers(call.actor()));
  std::ranges::sort(users, {}, &access::User::id);
  return http::Json(200, PageOf(call.request, users, page, UserJson));
}

core::Result<http::Response> PostUser(Call& call) {
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  access::NewUser user;
  SG_ASSIGN_OR_RETURN(user.username, body.String("username"));
  SG_ASSIGN_OR_RETURN(user.display_name, body.String("display_name"));
  SG_ASSIGN_OR_RETURN(auto email, body.OptString("email"));
  SG_ASSIGN_OR_RETURN(user.team_id, body.Int("team_id"));
  SG_ASSIGN_OR_RETURN(user.worker_id, body.OptInt("worker_id"));
  SG_ASSIGN_OR_RETURN(std::string role_text, body.String("role"));
  SG_ASSIGN_OR_RETURN(auto password, body.OptString("password"));
  SG_ASSIGN_OR_RETURN(bool must_change, body.BoolOr("must_change_password", true));
  SG_RETURN_IF_ERROR(body.Finish());
  SG_ASSIGN_OR_RETURN(user.role, RoleField(role_text));
  user.email = email.value_or("");
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  std::optional<std::string> generated;
  if (password) {
    user.password = *password;
    user.must_change_password = must_change;
  } else {
    SG_ASSIGN_OR_RETURN(user.password, TemporaryPasswordFor(user.username, user.display_name));
    user.must_change_password = true;
    generated = user.password;
  }
  SG_ASSIGN_OR_RETURN(access::User added, call.accounts.AddUser(call.actor(), user));
  json out = UserJson(added);
  if (generated) out["temporary_password"] = *generated;
  return Created(out, fmt::format("/api/v1/users/{}", added.username));
}

core::Result<http::Response> GetUser(Call& call) {
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  SG_ASSIGN_OR_RETURN(access::User user,
                      call.accounts.FindUser(call.actor(), call.params.at("username")));
  return JsonResponse(200, UserJson(user));
}

core::Result<http::Response> DisableUser(Call& call) {
  SG_RETURN_IF_ERROR(NoBody(call.request));
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  const std::string& username = call.params.at("username");
  SG_RETURN_IF_ERROR(call.accounts.DisableUser(call.actor(), username));
  SG_ASSIGN_OR_RETURN(access::User user, call.accounts.FindUser(call.actor(), username));
  return JsonResponse(200, UserJson(user));
}

core::Result<http::Response> EnableUser(Call& call) {
  SG_RETURN_IF_ERROR(NoBody(call.request));
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  const std::string& username = call.params.at("username");
  SG_RETURN_IF_ERROR(call.accounts.EnableUser(call.actor(), username));
  SG_ASSIGN_OR_RETURN(access::User user, call.accounts.FindUser(call.actor(), username));
  return JsonResponse(200, UserJson(user));
}

core::Result<http::Response> ResetPassword(Call& call) {
  SG_RETURN_IF_ERROR(NoBody(call.request));
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  const std::string& username = call.params.at("username");
  SG_ASSIGN_OR_RETURN(access::User user, call.accounts.FindUser(call.actor(), username));
  SG_ASSIGN_OR_RETURN(std::string password, TemporaryPasswordFor(user.username, user.display_name));
  SG_RETURN_IF_ERROR(call.accounts.ResetPassword(call.actor(), username, password, true));
  return JsonResponse(200, json{{"username", user.username},
                                {"temporary_password", password},
                                {"must_change_password", true}});
}

// ---- API tokens -----------------------------------------------------------

json TokenJson(const access::ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"user_id", t.user_id},
          {"username", t.username},
          {"scopes", t.scopes},
          {"created_at", t.created_at},
          {"expires_at", OptionalJson(t.expires_at)},
          {"revoked_at", OptionalJson(t.revoked_at)},
          {"last_used_at", OptionalJson(t.last_used_at)}};
}

core::Result<http::Response> ListTokens(Call& call) {
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  SG_ASSIGN_OR_RETURN(Page page, ReadPage(call.request));
  SG_ASSIGN_OR_RETURN(auto tokens, call.accounts.ListTokens(call.actor()));
  std::ranges::sort(tokens, {}, &access::ApiToken::id);
  return http::Json(200, PageOf(call.request, tokens, page, TokenJson));
}

core::Result<http::Response> PostToken(Call& call) {
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(std::string username, body.String("username"));
  SG_ASSIGN_OR_RETURN(std::string name, body.String("name"));
  SG_ASSIGN_OR_RETURN(auto scopes, body.Strings("scopes"));
  SG_ASSIGN_OR_RETURN(auto expires_at, body.OptString("expires_at"));
  SG_RETURN_IF_ERROR(body.Finish());
  if (scopes.empty()) {
    return core::Fail(core::Code::kInvalidArgument,
                      "scopes must name at least one of read, write, returns, indicators, admin");
  }
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  SG_ASSIGN_OR_RETURN(auto issued,
                      call.accounts.IssueToken(call.actor(), username, name, scopes, expires_at));
  json out = TokenJson(issued.first);
  out["token"] = issued.second;  // shown once; only its hash is kept
  return Created(out, fmt::format("/api/v1/tokens/{}", issued.first.id));
}

core::Result<http::Response> DeleteToken(Call& call) {
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kAdminister));
  SG_ASSIGN_OR_RETURN(int64_t id, IdParam(call.params, "id", "token"));
  SG_RETURN_IF_ERROR(call.accounts.RevokeToken(call.actor(), id));
  http::Response response;
  response.status = 204;
  return response;
}

// ---- involvements ---------------------------------------------------------

// An involvement with the names of its team, agency and worker.
struct InvolvementView {
  store::Involvement involvement;
  store::TeamRow team;
  std::string worker;
};

core::Result<InvolvementView> ViewOf(store::Database& db, store::Involvement involvement) {
  store::AdminStore admin(db);
  store::JourneyStore journey(db);
  InvolvementView view;
  SG_ASSIGN_OR_RETURN(auto team, admin.FindTeam(involvement.team_id));
  if (team) view.team = std::move(*team);
  if (involvement.worker_id) {
    SG_ASSIGN_OR_RETURN(auto worker, journey.FindWorker(*involvement.worker_id));
    if (worker) view.worker = worker->name;
  }
  view.involvement = std::move(involvement);
  return view;
}

json InvolvementJson(const InvolvementView& view, core::Date today) {
  const store::Involvement& i = view.involvement;
  const bool open = i.start <= today && (!i.end || *i.end >= today);
  return {
      {"id", i.id},
      {"child_id", i.person_id},
      {"team",
       {{"id", i.team_id},
        {"name", view.team.name},
        {"agency", view.team.agency_code},
        {"agency_name", view.team.agency_name}}},
      {"worker", i.worker_id ? json{{"id", *i.worker_id}, {"name", view.worker}} : json(nullptr)},
      {"start", i.start.Iso()},
      {"end", i.end ? json(i.end->Iso()) : json(nullptr)},
      {"reason", i.reason},
      {"lawful_basis", i.lawful_basis},
      {"consent", i.consent},
      {"open", open}};
}

core::Result<InvolvementView> FindInvolvement(store::Database& db, int64_t id) {
  store::JourneyStore journey(db);
  SG_ASSIGN_OR_RETURN(auto found, journey.FindInvolvement(id));
  if (!found) {
    return core::Fail(core::Code::kNotFound, fmt::format("there is no involvement {}", id));
  }
  return ViewOf(db, std::move(*found));
}

// Team managers and administrators manage involvements: they grant and
// remove a team's need-to-know on a child (the policy's kManageInvolvements).
core::Status MayManageInvolvements(const access::Actor& actor) {
  return access::Policy().Decide(actor, Action::kManageInvolvements);
}

// Reading involvements: administrators manage access without being cleared
// for the record (kAdminister); everyone else reads them as part of the
// child's record, cleared by need-to-know (kReadRecord).
Action ReadAction(const access::Actor& actor) {
  return Allow(actor, Action::kAdminister) ? Action::kAdminister : Action::kReadRecord;
}

// A clean 404 for an unknown child, then need-to-know's 403 (which names
// whom to ask) before anything else can say a word about the child's record:
// need-to-know alone refuses an unknown child like any other, and a
// command's own checks ("the team is already involved") run before the
// Gate's.
core::Status ClearFor(Call& call, Action action, int64_t person_id) {
  SG_ASSIGN_OR_RETURN(bool exists, store::AccessStore(call.db).PersonExists(person_id));
  if (!exists) {
    return core::Fail(core::Code::kNotFound, fmt::format("there is no child {}", person_id));
  }
  SG_RETURN_IF_ERROR(call.gate.Clear(call.actor(), action, person_id));
  return {};
}

// Runs `read` inside the Gate for `person_id`: cleared first, audited as one
// read.
core::Status ReadAboutChild(Call& call, int64_t person_id, std::string_view entity,
                            const std::function<core::Status()>& read) {
  const Action action = ReadAction(call.actor());
  return call.gate.Run(call.actor(), action, [&](access::AuditNote& note) -> core::Status {
    SG_RETURN_IF_ERROR(ClearFor(call, action, person_id));
    SG_RETURN_IF_ERROR(read());
    note =
        access::AuditNote{"read", std::string(entity), std::to_string(person_id), person_id, "{}"};
    return {};
  });
}

core::Result<http::Response> ListInvolvements(Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t person_id, IdParam(call.params, "id", "child"));
  json items = json::array();
  SG_RETURN_IF_ERROR(ReadAboutChild(call, person_id, "involvements", [&]() -> core::Status {
    store::JourneyStore journey(call.db);
    SG_ASSIGN_OR_RETURN(auto rows, journey.InvolvementsOf(person_id));
    for (auto& row : rows) {
      SG_ASSIGN_OR_RETURN(InvolvementView view, ViewOf(call.db, std::move(row)));
      items.push_back(InvolvementJson(view, call.clock.Today()));
    }
    return {};
  }));
  return JsonResponse(200, json{{"items", items}, {"next", nullptr}});
}

core::Result<http::Response> GetInvolvement(Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t id, IdParam(call.params, "id", "involvement"));
  const Action action = ReadAction(call.actor());
  std::optional<InvolvementView> view;
  // The row names its child; the caller sees it only when cleared for them.
  SG_RETURN_IF_ERROR(
      call.gate.Run(call.actor(), action, [&](access::AuditNote& note) -> core::Status {
        SG_ASSIGN_OR_RETURN(view, FindInvolvement(call.db, id));
        SG_RETURN_IF_ERROR(call.gate.Clear(call.actor(), action, view->involvement.person_id));
        note = access::AuditNote{"read", "involvement", std::to_string(id),
                                 view->involvement.person_id, "{}"};
        return {};
      }));
  return JsonResponse(200, InvolvementJson(*view, call.clock.Today()));
}

// The child's version after a change, as an ETag, when the store keeps one.
void SetChildETag(Call& call, http::Response& response, int64_t person_id) {
  store::JourneyStore journey(call.db);
  if (auto version = journey.PersonVersion(person_id); version) {
    response.SetHeader("ETag", ETagFor(*version));
  }
}

core::Result<http::Response> PostInvolvement(Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t person_id, IdParam(call.params, "id", "child"));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(int64_t team_id, body.Int("team_id"));
  SG_ASSIGN_OR_RETURN(auto worker_id, body.OptInt("worker_id"));
  SG_ASSIGN_OR_RETURN(core::Date start, body.Date("start"));
  SG_ASSIGN_OR_RETURN(auto lawful_basis, body.OptString("lawful_basis"));
  SG_ASSIGN_OR_RETURN(bool consent, body.BoolOr("consent", false));
  SG_ASSIGN_OR_RETURN(std::string reason, body.String("reason"));
  SG_RETURN_IF_ERROR(body.Finish());
  if (!lawful_basis && !consent) {
    return core::Fail(
        core::Code::kInvalidArgument,
        "give the lawful_basis of the share, or consent: true when the family consented");
  }
  SG_RETURN_IF_ERROR(MayManageInvolvements(call.actor()));
  SG_RETURN_IF_ERROR(ClearFor(call, Action::kManageInvolvements, person_id));
  SG_ASSIGN_OR_RETURN(store::Id id,
                      call.journey.Involve(call.actor(), person_id, team_id, worker_id, start,
                                           lawful_basis.value_or(""), consent, reason));
  SG_ASSIGN_OR_RETURN(InvolvementView view, FindInvolvement(call.db, id));
  auto response = Created(InvolvementJson(view, call.clock.Today()),
                          fmt::format("/api/v1/involvements/{}", id));
  SetChildETag(call, response, person_id);
  return response;
}

core::Result<http::Response> EndInvolvement(Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t id, IdParam(call.params, "id", "involvement"));
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(core::Date end, body.Date("end"));
  SG_RETURN_IF_ERROR(body.Finish());
  SG_RETURN_IF_ERROR(MayManageInvolvements(call.actor()));
  // Which child: read inside the Gate (recording nothing), then cleared.
  int64_t person_id = 0;
  SG_RETURN_IF_ERROR(call.gate.Run(
      call.actor(), Action::kManageInvolvements, [&](access::AuditNote&) -> core::Status {
        SG_ASSIGN_OR_RETURN(InvolvementView view, FindInvolvement(call.db, id));
        person_id = view.involvement.person_id;
        return {};
      }));
  SG_RETURN_IF_ERROR(ClearFor(call, Action::kManageInvolvements, person_id));
  SG_RETURN_IF_ERROR(call.journey.EndInvolvement(call.actor(), id, end));
  SG_ASSIGN_OR_RETURN(InvolvementView view, FindInvolvement(call.db, id));
  auto response = JsonResponse(200, InvolvementJson(view, call.clock.Today()));
  SetChildETag(call, response, view.involvement.person_id);
  return response;
}

// ---- notifications --------------------------------------------------------

json NotificationJson(const store::NotificationRow& n) {
  return {{"id", n.id},
          {"team_id", n.team_id},
          {"child_id", OptionalJson(n.person_id)},
          {"kind", n.kind},
          {"message", n.message},
          {"created_at", n.created_at},
          {"read_at", OptionalJson(n.read_at)}};
}

core::Result<int64_t> OwnTeam(const access::Actor& actor) {
  if (!actor.team_id) {
    return core::Fail(core::Code::kFailedPrecondition, "your account names no team to be notified");
  }
  return *actor.team_id;
}

core::Result<bool> UnreadOnly(const http::Request& request) {
  auto value = request.Query("unread");
  if (!value || *value == "false") return false;
  if (*value == "true") return true;
  return core::Fail(core::Code::kInvalidArgument,
                    "the query parameter unread must be true or false");
}

core::Result<http::Response> ListNotifications(Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t team_id, OwnTeam(call.actor()));
  SG_ASSIGN_OR_RETURN(bool unread_only, UnreadOnly(call.request));
  SG_ASSIGN_OR_RETURN(Page page, ReadPage(call.request));
  store::AdminStore admin(call.db);
  SG_ASSIGN_OR_RETURN(auto rows,
                      admin.NotificationsBefore(team_id, unread_only, page.limit + 1, page.after));
  return StorePage(call.request, std::move(rows), page, NotificationJson);
}

core::Result<http::Response> ReadNotification(Call& call) {
  SG_RETURN_IF_ERROR(NoBody(call.request));
  SG_ASSIGN_OR_RETURN(int64_t id, IdParam(call.params, "id", "notification"));
  SG_ASSIGN_OR_RETURN(int64_t team_id, OwnTeam(call.actor()));
  store::AdminStore admin(call.db);
  SG_ASSIGN_OR_RETURN(auto found, admin.FindNotification(id));
  // Another team's notification is as good as absent, so ids reveal nothing.
  if (!found || found->team_id != team_id) {
    return core::Fail(core::Code::kNotFound, fmt::format("your team has no notification {}", id));
  }
  store::AccessStore access_store(call.db);
  SG_RETURN_IF_ERROR(access_store.MarkNotificationRead(id, team_id, call.clock.NowUtc()));
  SG_ASSIGN_OR_RETURN(found, admin.FindNotification(id));
  return JsonResponse(200, NotificationJson(*found));
}

}  // namespace

void AddAdminRoutes(RouteTable& routes) {
  routes.Add("GET", "/api/v1/agencies", DatabaseRoute(ListAgencies, "read"));
  routes.Add("GET", "/api/v1/teams", DatabaseRoute(ListTeams, "admin"));
  routes.Add("POST", "/api/v1/teams", DatabaseRoute(PostTeam, "admin"));
  routes.Add("GET", "/api/v1/teams/{id}", DatabaseRoute(GetTeam, "admin"));
  routes.Add("GET", "/api/v1/teams/{id}/workers", DatabaseRoute(ListWorkers, "admin"));
  routes.Add("POST", "/api/v1/teams/{id}/workers", DatabaseRoute(PostWorker, "admin"));
  routes.Add("GET", "/api/v1/users", DatabaseRoute(ListUsers, "admin"));
  routes.Add("POST", "/api/v1/users", DatabaseRoute(PostUser, "admin"));
  routes.Add("GET", "/api/v1/users/{username}", DatabaseRoute(GetUser, "admin"));
  routes.Add("POST", "/api/v1/users/{username}/disable", DatabaseRoute(DisableUser, "admin"));
  routes.Add("POST", "/api/v1/users/{username}/enable", DatabaseRoute(EnableUser, "admin"));
  routes.Add("POST", "/api/v1/users/{username}/reset-password",
             DatabaseRoute(ResetPassword, "admin"));
  routes.Add("GET", "/api/v1/tokens", DatabaseRoute(ListTokens, "admin"));
  routes.Add("POST", "/api/v1/tokens", DatabaseRoute(PostToken, "admin"));
  routes.Add("DELETE", "/api/v1/tokens/{id}", DatabaseRoute(DeleteToken, "admin"));
  routes.Add("GET", "/api/v1/children/{id}/involvements", DatabaseRoute(ListInvolvements, "read"));
  routes.Add("POST", "/api/v1/children/{id}/involvements", DatabaseRoute(PostInvolvement, "write"));
  routes.Add("GET", "/api/v1/involvements/{id}", DatabaseRoute(GetInvolvement, "read"));
  routes.Add("POST", "/api/v1/involvements/{id}/end", DatabaseRoute(EndInvolvement, "write"));
  routes.Add("GET", "/api/v1/notifications", DatabaseRoute(ListNotifications, "read"));
  routes.Add("POST", "/api/v1/notifications/{id}/read", DatabaseRoute(ReadNotification, "write"));
}

}  // namespace sg::api
