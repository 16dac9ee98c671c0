// Routes of the work tray, missed timescales, the partnership's figures and
// jobs (imports and reports).
//
// The work tray. GET /api/v1/work lists the open statutory work (the clocks
// of journey/clocks.h) ordered by urgency: overdue first, most overdue
// first, then soonest due. Who sees which tray:
//
//   scope=mine  the work of the caller's own worker (any role that may see
//               a work tray and whose account names a worker);
//   scope=team  the work of the caller's team (team managers only);
//   scope=all   the whole authority's work (the front door, who screen every
//               contact; team managers; partnership analysts, who see only
//               the counts, since they are cleared for no child).
//
// Whatever the scope, an item appears only when the caller is cleared for
// its child (need-to-know: access::ClearForChild), so a tray never names a
// child the caller may not see; the summary says how many items were left
// out, as a number only. The default scope is mine when the account names
// a worker, else the widest the role allows.
//
// Missed timescales. POST /api/v1/work/missed-reasons records why one
// overdue piece of work is late (one reason per piece of work), audited
// against the child. GET /api/v1/work/missed is the weekly report: counts
// per team and kind for everyone allowed aggregate figures, and the child
// and the reason only for children the caller is cleared for.
//
// Figures. GET /api/v1/indicators and /api/v1/scorecard give the JSON of
// `safeguard indicators --format json` and `safeguard scorecard --format
// json`, computed from the same snapshot through the Gate (one audited
// read) with the same DfE benchmarks.
//
// Jobs. Imports and the annual report run as jobs (api/jobs.h) calling the
// same returns/ and reporting/ functions the command line calls; the upload
// is kept in a private temporary directory (0700) until the job has run.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/gate.h"
#include "access/policy.h"
#include "api/app.h"
#include "api/figure_sources.h"
#include "api/jobs.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/views.h"
#include "indicators/benchmarks.h"
#include "indicators/source.h"
#include "journey/clocks.h"
#include "journey/work_list.h"
#include "reporting/annual_report.h"
#include "reporting/figures.h"
#include "reporting/indicators_json.h"
#include "reporting/pdf.h"
#include "reporting/pending_file.h"
#include "reporting/scorecard.h"
#include "reporting/targets.h"
#include "returns/cin_import.h"
#include "returns/ssda903_import.h"
#include "returns/ssda903_places.h"
#include "store/admin_store.h"
#include "store/journey_store.h"
#include "store/work_store.h"

namespace sg::api {
namespace {

using access::Action;
using access::Role;
using journey::ClockKind;
using journey::ClockStatus;
using nlohmann::json;

constexpr size_t kMaxReasonBytes = 2000;
constexpr int kMissedReportMaxDays = 366;

// ---- small helpers --------------------------------------------------------

core::Status Allow(const access::Actor& actor, Action action) {
  return access::Policy().Decide(actor, action);
}

core::Result<std::optional<core::Date>> DateQuery(const http::Request& request,
                                                  std::string_view name) {
  auto value = request.Query(name);
  if (!value) return std::optional<core::Date>();
  SG_ASSIGN_OR_RETURN(core::Date date, core::Date::ParseIso(*value, name));
  return std::optional<core::Date>(date);
}

core::Result<std::optional<int>> IntQuery(const http::Request& request, std::string_view name,
                                          int min, int max) {
  auto value = request.Query(name);
  if (!value) return std::optional<int>();
  int parsed = 0;
  const auto* end = value->data() + value->size();
  auto [ptr, ec] = std::from_chars(value->data(), end, parsed);
  if (ec != std::errc() || ptr != end || parsed < min || parsed > max) {
    return core::Fail(
        core::Code::kInvalidArgument,
        fmt::format("the query parameter {} must be a whole number from {} to {}", name, min, max));
  }
  return std::optional<int>(parsed);
}

core::Result<bool> FlagQuery(const http::Request& request, std::string_view name) {
  auto value = request.Query(name);
  if (!value || *value == "false") return false;
  if (*value == "true") return true;
  return core::Fail(core::Code::kInvalidArgument,
                    fmt::format("the query parameter {} must be true or false", name));
}

constexpr std::array<ClockKind, 6> kKinds = {
    ClockKind::kContactDecision, ClockKind::kAssessment, ClockKind::kInitialConference,
    ClockKind::kFirstCoreGroup,  ClockKind::kCpReview,   ClockKind::kCareReview};

core::Result<ClockKind> ParseWorkKind(std::string_view text) {
  for (ClockKind kind : kKinds) {
    if (journey::ClockName(kind) == text) return kind;
  }
  std::string known;
  for (ClockKind kind : kKinds) {
    known += (known.empty() ? "" : ", ") + std::string(journey::ClockName(kind));
  }
  return core::Fail(core::Code::kInvalidArgument,
                    fmt::format("work_kind '{}' is not one of {}", text, known));
}

// Whether the actor is cleared for the child now. A refusal is an answer,
// not an error; anything else (the database failing) is.
class ClearanceCache {
 public:
  ClearanceCache(access::Gate& gate, const access::Actor& actor) : gate_(gate), actor_(actor) {}

  core::Result<bool> Cleared(store::Id person_id) {
    if (auto it = known_.find(person_id); it != known_.end()) return it->second;
    auto clearance = gate_.Clear(actor_, Action::kReadRecord, person_id);
    bool cleared = true;
    if (!clearance) {
      const auto code = clearance.error().code();
      if (code != core::Code::kPermissionDenied && code != core::Code::kNotFound) {
        return std::unexpected(clearance.error());
      }
      cleared = false;
    }
    known_.emplace(person_id, cleared);
    return cleared;
  }

 private:
  access::Gate& gate_;
  const access::Actor& actor_;
  std::map<store::Id, bool> known_;
};

// ---- the work tray --------------------------------------------------------

enum class TrayScope { kMine, kTeam, kAll };

std::string_view ScopeName(TrayScope scope) {
  switch (scope) {
    case TrayScope::kMine:
      return "mine";
    case TrayScope::kTeam:
      return "team";
    case TrayScope::kAll:
      return "all";
  }
  return "mine";
}

// Which trays a role may ask for beyond its own. The Policy decides whether
// the actor may see a work tray at all (Action::kReadWorkList); this only
// widens it, and need-to-know still filters every item.
bool MayAskFor(const access::Actor& actor, TrayScope scope) {
  switch (scope) {
    case TrayScope::kMine:
      return true;
    case TrayScope::kTeam:
      return actor.role == Role::kTeamManager || actor.is_system();
    case TrayScope::kAll:
      return actor.role == Role::kFrontDoorPractitioner || actor.role == Role::kTeamManager ||
             actor.role == Role::kPartnershipAnalyst || actor.is_system();
  }
  return false;
}

core::Result<TrayScope> ReadScope(const http::Request& request, const access::Actor& actor) {
  auto text = request.Query("scope");
  TrayScope scope;
  if (!text) {
    if (actor.worker_id) return TrayScope::kMine;
    if (MayAskFor(actor, TrayScope::kTeam)) return TrayScope::kTeam;
    if (MayAskFor(actor, TrayScope::kAll)) return TrayScope::kAll;
    scope = TrayScope::kMine;
  } else if (*text == "mine") {
    scope = TrayScope::kMine;
  } else if (*text == "team") {
    scope = TrayScope::kTeam;
  } else if (*text == "all") {
    scope = TrayScope::kAll;
  } else {
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("scope '{}' is not mine, team or all", *text));
  }
  if (!MayAskFor(actor, scope)) {
    return core::Fail(core::Code::kPermissionDenied,
                      fmt::format("a {} may not see the {} work tray; ask for scope=mine",
                                  access::RoleName(actor.role),
                                  scope == TrayScope::kTeam ? "team's" : "whole authority's"));
  }
  if (scope == TrayScope::kMine && !actor.worker_id) {
    return core::Fail(core::Code::kFailedPrecondition,
                      "your account names no worker, so no work is yours; ask an administrator "
                      "to link it to your worker");
  }
  if (scope == TrayScope::kTeam && !actor.team_id) {
    return core::Fail(core::Code::kFailedPrecondition, "your account names no team");
  }
  return scope;
}

bool InScope(const journey::WorkItem& item, const access::Actor& actor, TrayScope scope) {
  switch (scope) {
    case TrayScope::kMine:
      return item.owner.worker_id && item.owner.worker_id == actor.worker_id;
    case TrayScope::kTeam:
      return item.owner.team_id && item.owner.team_id == actor.team_id;
    case TrayScope::kAll:
      return true;
  }
  return false;
}

json MissedJson(const store::MissedRow& row) {
  return {{"id", row.id},
          {"reason", row.reason},
          {"recorded_by", row.recorded_by},
          {"recorded_at", row.recorded_at}};
}

json WorkItemJson(const journey::WorkItem& item, const core::WorkingCalendar& calendar,
                  core::Date as_of, const std::optional<store::MissedRow>& missed) {
  const bool overdue = item.status == ClockStatus::kOverdue;
  json out = {
      {"work_kind", journey::ClockName(item.kind)},
      {"title", journey::ClockTitle(item.kind)},
      {"record_id", item.record_id},
      {"child",
       {{"id", item.owner.person_id},
        {"name", item.owner.name},
        {"la_child_id",
         item.owner.la_child_id.empty() ? json(nullptr) : json(item.owner.la_child_id)}}},
      {"started", item.started.Iso()},
      {"due", item.due.Iso()},
      {"status", journey::StatusName(item.status)},
      {"working_days_left",
       overdue ? json(nullptr) : json(calendar.WorkingDaysBetween(as_of, item.due))},
      {"working_days_overdue", item.working_days_overdue},
      {"team",
       item.owner.team_id ? json{{"id", *item.owner.team_id}, {"name", item.team}} : json(nullptr)},
      {"worker", item.owner.worker_id ? json{{"id", *item.owner.worker_id}, {"name", item.worker}}
                                      : json(nullptr)},
      {"missed_reason", missed ? MissedJson(*missed) : json(nullptr)}};
  return out;
}

// What one request asks of the tray.
struct TrayQuery {
  TrayScope scope = TrayScope::kMine;
  core::Date as_of;
  bool overdue_only = false;
  Page page;
};

struct Tray {
  std::vector<journey::WorkItem> shown;  // in scope, cleared, most urgent first
  int withheld = 0;                      // in scope, but the caller is not cleared
};

// REQUIRES: inside Gate::Run. The authority's work, narrowed to the scope
// and to the children the caller is cleared for.
core::Result<Tray> LoadTray(Call& call, const TrayQuery& query) {
  store::WorkStore work(call.db);
  SG_ASSIGN_OR_RETURN(auto open, work.LoadOpenWork());
  ClearanceCache clearances(call.gate, call.actor());
  Tray tray;
  for (auto& item : journey::BuildWorkList(open, call.calendar, query.as_of)) {
    if (!InScope(item, call.actor(), query.scope)) continue;
    if (query.overdue_only && item.status != ClockStatus::kOverdue) continue;
    SG_ASSIGN_OR_RETURN(bool cleared, clearances.Cleared(item.owner.person_id));
    if (!cleared) {
      ++tray.withheld;
      continue;
    }
    tray.shown.push_back(std::move(item));
  }
  return tray;
}

// REQUIRES: inside Gate::Run. One page of the tray (the cursor is the
// position in it), each item with its missed-timescale reason.
core::Result<json> TrayPage(Call& call, const Tray& tray, const TrayQuery& query,
                            std::optional<int64_t>& next) {
  store::AdminStore admin(call.db);
  json items = json::array();
  const size_t first = static_cast<size_t>(query.page.after.value_or(0));
  const size_t last = std::min(tray.shown.size(), first + static_cast<size_t>(query.page.limit));
  for (size_t i = first; i < last; ++i) {
    const journey::WorkItem& item = tray.shown[i];
    SG_ASSIGN_OR_RETURN(auto missed,
                        admin.FindMissed(journey::ClockName(item.kind), item.record_id));
    items.push_back(WorkItemJson(item, call.calendar, query.as_of, missed));
  }
  if (last < tray.shown.size()) next = static_cast<int64_t>(last);
  return items;
}

core::Result<http::Response> GetWork(Call& call) {
  const access::Actor& actor = call.actor();
  SG_RETURN_IF_ERROR(Allow(actor, Action::kReadWorkList));
  TrayQuery query;
  SG_ASSIGN_OR_RETURN(query.scope, ReadScope(call.request, actor));
  SG_ASSIGN_OR_RETURN(auto as_of, DateQuery(call.request, "as_of"));
  query.as_of = as_of.value_or(call.clock.Today());
  SG_ASSIGN_OR_RETURN(query.overdue_only, FlagQuery(call.request, "overdue"));
  SG_ASSIGN_OR_RETURN(query.page, ReadPage(call.request));

  Tray tray;
  json items;
  std::optional<int64_t> next;
  auto read = [&](access::AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(tray, LoadTray(call, query));
    SG_ASSIGN_OR_RETURN(items, TrayPage(call, tray, query, next));
    const json details = {{"scope", ScopeName(query.scope)},
                          {"items", tray.shown.size()},
                          {"withheld", tray.withheld}};
    note = access::AuditNote{"read", "work_list", query.as_of.Iso(), std::nullopt, details.dump()};
    return {};
  };
  SG_RETURN_IF_ERROR(call.gate.Run(actor, Action::kReadWorkList, read));

  const auto summary = journey::Summarise(tray.shown);
  json body = json::parse(PageJson(call.request, items.dump(), next));
  body["as_of"] = query.as_of.Iso();
  body["scope"] = ScopeName(query.scope);
  body["summary"] = {{"open", summary.total},
                     {"overdue", summary.overdue},
                     {"due_soon", summary.due_soon},
                     {"not_shown", tray.withheld}};
  return JsonResponse(200, body);
}

// ---- missed timescales ----------------------------------------------------

// REQUIRES: inside Gate::Run. The open work of `kind` for `record_id` as it
// stands today.
core::Result<journey::WorkItem> FindOpenWork(Call& call, ClockKind kind, int64_t record_id) {
  store::WorkStore work(call.db);
  SG_ASSIGN_OR_RETURN(auto open, work.LoadOpenWork());
  for (auto& item : journey::BuildWorkList(open, call.calendar, call.clock.Today())) {
    if (item.kind == kind && item.record_id == record_id) return std::move(item);
  }
  return core::Fail(core::Code::kNotFound, fmt::format("there is no open {} work with record id {}",
                                                       journey::ClockName(kind), record_id));
}

// REQUIRES: inside Gate::Run. Checks, in this order, that the work is open,
// that the caller is cleared for its child (so that nothing more is said to
// anyone else), that it is overdue and that no reason is recorded yet.
core::Result<json> RecordMissed(Call& call, ClockKind kind, int64_t record_id,
                                const std::string& reason, access::AuditNote& note) {
  const std::string kind_name(journey::ClockName(kind));
  SG_ASSIGN_OR_RETURN(journey::WorkItem item, FindOpenWork(call, kind, record_id));
  const int64_t child = item.owner.person_id;
  SG_RETURN_IF_ERROR(call.gate.Clear(call.actor(), Action::kRecordJourney, child));
  if (item.status != ClockStatus::kOverdue) {
    return core::Fail(core::Code::kFailedPrecondition,
                      fmt::format("this {} work is not overdue (due {}): a reason is recorded only "
                                  "for a missed timescale",
                                  kind_name, item.due.Iso()));
  }
  store::AdminStore admin(call.db);
  SG_ASSIGN_OR_RETURN(auto existing, admin.FindMissed(kind_name, record_id));
  if (existing) {
    return core::Fail(core::Code::kAlreadyExists,
                      fmt::format("a reason is already recorded for this {} work (by {} at {})",
                                  kind_name, existing->recorded_by, existing->recorded_at));
  }
  const std::string now = call.clock.NowUtc();
  const std::string& by = call.actor().id;
  SG_ASSIGN_OR_RETURN(store::Id id,
                      admin.InsertMissed(child, kind_name, record_id, reason, by, now));
  note = access::AuditNote{"create", "missed_timescale", std::to_string(id), child,
                           json{{"work_kind", kind_name}, {"record_id", record_id}}.dump()};
  return json{{"id", id},
              {"work_kind", kind_name},
              {"record_id", record_id},
              {"child_id", child},
              {"due", item.due.Iso()},
              {"working_days_overdue", item.working_days_overdue},
              {"reason", reason},
              {"recorded_by", by},
              {"recorded_at", now}};
}

core::Result<http::Response> PostMissedReason(Call& call) {
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(std::string kind_text, body.String("work_kind"));
  SG_ASSIGN_OR_RETURN(int64_t record_id, body.Int("record_id"));
  SG_ASSIGN_OR_RETURN(std::string reason, body.String("reason"));
  SG_RETURN_IF_ERROR(body.Finish());
  SG_ASSIGN_OR_RETURN(ClockKind kind, ParseWorkKind(kind_text));
  if (reason.size() > kMaxReasonBytes) {
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("reason is longer than {} bytes", kMaxReasonBytes));
  }
  SG_RETURN_IF_ERROR(Allow(call.actor(), Action::kRecordJourney));
  json created;
  auto record = [&](access::AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(created, RecordMissed(call, kind, record_id, reason, note));
    return {};
  };
  SG_RETURN_IF_ERROR(call.gate.Run(call.actor(), Action::kRecordJourney, record));
  return JsonResponse(201, created);
}

// The weekly report: every reason recorded in the period, counted per
// (team, kind); the child, the reason and who recorded it only for children
// the caller is cleared for.
struct MissedReport {
  json items = json::array();
  // (team name, kind) -> (team id, count); a std::map keeps the order stable.
  std::map<std::pair<std::string, std::string>, std::pair<std::optional<store::Id>, int>> counts;
  int total = 0;
};

json MissedItemJson(const store::MissedRow& row, bool cleared) {
  json item = {
      {"id", row.id},
      {"work_kind", row.work_kind},
      {"record_id", row.record_id},
      {"team", row.team_id ? json{{"id", *row.team_id}, {"name", row.team}} : json(nullptr)},
      {"recorded_at", row.recorded_at},
      {"cleared", cleared}};
  if (cleared) {
    item["child_id"] = row.person_id;
    item["child_name"] = row.child_name;
    item["reason"] = row.reason;
    item["recorded_by"] = row.recorded_by;
  }
  return item;
}

// REQUIRES: inside Gate::Run.
core::Result<MissedReport> LoadMissedReport(Call& call, core::Date from, core::Date to) {
  store::AdminStore admin(call.db);
  SG_ASSIGN_OR_RETURN(auto rows, admin.MissedBetween(from.Iso() + "T00:00:00Z",
                                                     to.AddDays(1).Iso() + "T00:00:00Z"));
  ClearanceCache clearances(call.gate, call.actor());
  MissedReport report;
  for (const auto& row : rows) {
    ++report.total;
    auto& [team_id, count] = report.counts[{row.team, row.work_kind}];
    team_id = row.team_id;
    ++count;
    SG_ASSIGN_OR_RETURN(bool cleared, clearances.Cleared(row.person_id));
    report.items.push_back(MissedItemJson(row, cleared));
  }
  return report;
}

json MissedReportJson(const MissedReport& report, core::Date from, core::Date to) {
  json by_team = json::array();
  for (const auto& [key, value] : report.counts) {
    by_team.push_back({{"team", key.first.empty() ? json(nullptr) : json(key.first)},
                       {"team_id", value.first ? json(*value.first) : json(nullptr)},
                       {"work_kind", key.second},
                       {"count", value.second}});
  }
  return {{"from", from.Iso()},
          {"to", to.Iso()},
          {"total", report.total},
          {"by_team_and_kind", by_team},
          {"items", report.items}};
}

core::Result<http::Response> GetMissedReport(Call& call) {
  const access::Actor& actor = call.actor();
  SG_RETURN_IF_ERROR(Allow(actor, Action::kComputeIndicators));
  SG_ASSIGN_OR_RETURN(auto from_given, DateQuery(call.request, "from"));
  SG_ASSIGN_OR_RETURN(auto to_given, DateQuery(call.request, "to"));
  const core::Date to = to_given.value_or(call.clock.Today());
  const core::Date from = from_given.value_or(to.AddDays(-6));
  if (to < from) {
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("to {} is before from {}", to.Iso(), from.Iso()));
  }
  if (to - from >= kMissedReportMaxDays) {
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("the report covers at most {} days", kMissedReportMaxDays));
  }
  MissedReport report;
  auto read = [&](access::AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(report, LoadMissedReport(call, from, to));
    note = access::AuditNote{"read", "missed_timescales", from.Iso() + "/" + to.Iso(), std::nullopt,
                             json{{"rows", report.total}}.dump()};
    return {};
  };
  SG_RETURN_IF_ERROR(call.gate.Run(actor, Action::kComputeIndicators, read));
  return JsonResponse(200, MissedReportJson(report, from, to));
}

// ---- the partnership's figures --------------------------------------------

core::Result<int> RequiredYear(const http::Request& request) {
  SG_ASSIGN_OR_RETURN(auto year, IntQuery(request, "year", 2000, 2100));
  if (!year) {
    return core::Fail(core::Code::kInvalidArgument, "give year (and quarter), or from and to");
  }
  return *year;
}

// year (and quarter), or from and to, as `safeguard indicators` takes them.
core::Result<core::Period> RequestedPeriod(const http::Request& request, int& year, int& quarter) {
  SG_ASSIGN_OR_RETURN(auto from, DateQuery(request, "from"));
  SG_ASSIGN_OR_RETURN(auto to, DateQuery(request, "to"));
  SG_ASSIGN_OR_RETURN(auto q, IntQuery(request, "quarter", 0, 4));
  quarter = q.value_or(0);
  if (from || to) {
    if (request.Query("year") || q) {
      return core::Fail(core::Code::kInvalidArgument,
                        "give year (and quarter) or from and to, not both");
    }
    if (!from || !to) return core::Fail(core::Code::kInvalidArgument, "give both from and to");
    if (*to < *from) {
      return core::Fail(core::Code::kInvalidArgument,
                        fmt::format("to {} is before from {}", to->Iso(), from->Iso()));
    }
    year = 0;
    return core::Period{*from, *to};
  }
  SG_ASSIGN_OR_RETURN(year, RequiredYear(request));
  return indicators::PeriodFor(year, quarter);
}

core::Result<http::Response> GetIndicators(Call& call) {
  const access::Actor& actor = call.actor();
  SG_RETURN_IF_ERROR(Allow(actor, Action::kComputeIndicators));
  int year = 0, quarter = 0;
  SG_ASSIGN_OR_RETURN(core::Period period, RequestedPeriod(call.request, year, quarter));
  SG_ASSIGN_OR_RETURN(
      Sources sources,
      LoadSources(call.gate, actor,
                  fmt::format("indicators {} to {}", period.start.Iso(), period.end.Iso())));
  auto values =
      indicators::ComputeFor(sources.snapshot, period, call.calendar, sources.data, sources.la);
  auto population = indicators::PopulationFor(sources.data, sources.la, period);
  auto out = reporting::IndicatorsJson(values, population, sources.la, year, quarter, period);
  return http::Json(200, out.dump());
}

core::Result<http::Response> GetScorecard(Call& call) {
  const access::Actor& actor = call.actor();
  SG_RETURN_IF_ERROR(Allow(actor, Action::kComputeIndicators));
  SG_ASSIGN_OR_RETURN(int year, RequiredYear(call.request));
  SG_ASSIGN_OR_RETURN(auto quarter, IntQuery(call.request, "quarter", 1, 4));
  if (!quarter) {
    return core::Fail(core::Code::kInvalidArgument,
                      "quarter is required (1 April-June ... 4 January-March)");
  }
  SG_RETURN_IF_ERROR(indicators::PeriodFor(year, *quarter));
  std::optional<reporting::Targets> targets;
  std::string targets_source;
  const auto targets_path = reporting::Targets::DefaultPath();
  if (auto loaded = reporting::Targets::Load(targets_path)) {
    targets = *std::move(loaded);
    targets_source = targets_path.filename().string();
  } else if (loaded.error().code() != core::Code::kNotFound) {
    return std::unexpected(loaded.error());
  } else {
    targets_source = "no targets file: RAG not rated";
  }
  SG_ASSIGN_OR_RETURN(
      Sources sources,
      LoadSources(call.gate, actor, fmt::format("scorecard {} Q{}", year, *quarter)));
  auto book = reporting::BuildFigureBook(sources.snapshot, call.calendar, sources.data, sources.la,
                                         reporting::YearsEnding(year, 5, *quarter));
  auto card = reporting::BuildScorecard(std::move(book), targets ? &*targets : nullptr,
                                        targets_source, sources.data);
  return http::Json(200, reporting::ScorecardJson(card));
}

}  // namespace

void AddWorkRoutes(RouteTable& routes) {
  routes.Add("GET", "/api/v1/work", DatabaseRoute(GetWork, "read"));
  routes.Add("POST", "/api/v1/work/missed-reasons", DatabaseRoute(PostMissedReason, "write"));
  routes.Add("GET", "/api/v1/work/missed", DatabaseRoute(GetMissedReport, "indicators"));
  routes.Add("GET", "/api/v1/indicators", DatabaseRoute(GetIndicators, "indicators"));
  routes.Add("GET", "/api/v1/scorecard", DatabaseRoute(GetScorecard, "indicators"));
}

}  // namespace sg::api
