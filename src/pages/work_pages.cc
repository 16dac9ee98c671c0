// Work pages: the work tray, why a timescale was missed, and the weekly
// report of missed timescales.
//
//   GET  /work                  due and overdue work, most urgent first
//                               (?view=mine|team|all, ?after= for the next page)
//   GET  /work/missed-reasons   the form to record why one piece of overdue
//   POST /work/missed-reasons   work is late (?item=<work kind>-<record id>)
//   GET  /work/missed           the weekly report of missed timescales (?to=)
//
// Design. These pages are the API's work routes (api/routes_work.cc) shown
// as HTML. The rules live there once: which trays a role may open, that a
// tray names only children the caller is cleared for (need-to-know), the
// ordering by urgency, that a reason is recorded once and only for overdue
// work, and who sees which line of the weekly report. So each page calls
// the API's own handler in-process (CallApi below: the same handler, the
// same Call, hence the same transaction, checks and audit row as over
// HTTP) and turns its JSON into a template's data. A page adds only what a
// person needs: words instead of codes, dates written out, a status tag
// whose text says what its colour shows, and the form for the reason.
//
// A reason is chosen from a short list (so the weekly report can be read at
// a glance) with optional detail, required for "another reason"; the API
// keeps it as one sentence, "<the choice>. <the detail>".
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/policy.h"
#include "http/form.h"
#include "journey/clocks.h"
#include "pages/api_call.h"
#include "pages/page.h"
#include "pages/pages.h"

namespace sg::pages {

// The API's own answer to one of its routes (defined below).

namespace {

using nlohmann::json;
using Query = std::multimap<std::string, std::string>;

constexpr int kTrayPageSize = 100;
constexpr size_t kMaxDetail = 1500;  // with the choice's words, within the API's 2,000 bytes
constexpr int kMaxTrayPages = 50;    // a look-up gives up after 5,000 items

// ---- words --------------------------------------------------------------------

std::string_view StepTitle(std::string_view work_kind) {
  for (int i = 0; i <= static_cast<int>(journey::ClockKind::kCareReview); ++i) {
    const auto kind = static_cast<journey::ClockKind>(i);
    if (journey::ClockName(kind) == work_kind) return journey::ClockTitle(kind);
  }
  return work_kind;
}

std::string WorkingDays(int64_t days) {
  return fmt::format("{} working day{}", days, days == 1 ? "" : "s");
}

std::string DateText(const json& iso) {
  if (!iso.is_string()) return "";
  auto date = core::Date::ParseIso(iso.get<std::string>());
  return date ? LongDate(*date) : iso.get<std::string>();
}

// The status tag: its words say what its colour shows.
json StatusTag(const json& item) {
  if (item["status"] == "overdue") {
    return {{"text", "Overdue"},
            {"colour", "govuk-tag--red"},
            {"detail", WorkingDays(item["working_days_overdue"].get<int64_t>()) + " overdue"}};
  }
  const int64_t left =
      item["working_days_left"].is_number() ? item["working_days_left"].get<int64_t>() : 0;
  if (left <= 0)
    return {{"text", "Due today"}, {"colour", "govuk-tag--orange"}, {"detail", nullptr}};
  return {{"text", "Due in " + WorkingDays(left)},
          {"colour", item["status"] == "due soon" ? "govuk-tag--yellow" : "govuk-tag--grey"},
          {"detail", nullptr}};
}

// ---- views of the tray ----------------------------------------------------------

struct TrayView {
  std::string_view scope;
  std::string_view link_text;
  std::string_view heading;
};
constexpr std::array<TrayView, 3> kViews = {{
    {"mine", "Your work", "Your work"},
    {"team", "Your team's work", "Your team's work"},
    {"all", "All open work", "All open work"},
}};

const TrayView& ViewOf(std::string_view scope) {
  for (const auto& view : kViews) {
    if (view.scope == scope) return view;
  }
  return kViews[0];
}

// The trays offered as links: a person's own when their account names a
// worker, the team's to its manager, everyone's to the front door and
// managers. The API decides what may be opened; this only picks the links.
bool Offered(const access::Actor& actor, std::string_view scope) {
  using access::Role;
  if (scope == "mine") return actor.worker_id.has_value();
  if (scope == "team") return actor.role == Role::kTeamManager;
  return actor.role == Role::kFrontDoorPractitioner || actor.role == Role::kTeamManager;
}

std::string WorkPath(std::string_view scope) {
  return fmt::format("/work?view={}", scope);
}

std::string ItemKey(const json& item) {
  return fmt::format("{}-{}", item["work_kind"].get<std::string>(),
                     item["record_id"].get<int64_t>());
}

json TrayRow(const json& item, std::string_view scope) {
  const json& worker = item["worker"];
  const json& missed = item["missed_reason"];
  const bool overdue = item["status"] == "overdue";
  return {{"child_href", ChildPath(item["child"]["id"].get<int64_t>())},
          {"child_name", item["child"]["name"]},
          {"step", item["title"]},
          {"due", DateText(item["due"])},
          {"tag", StatusTag(item)},
          {"worker", worker.is_object() ? worker["name"] : json("Not allocated")},
          {"missed_reason", missed.is_object() ? missed["reason"] : json(nullptr)},
          {"missed_href",
           overdue && !missed.is_object()
               ? json(fmt::format("/work/missed-reasons?item={}&view={}", ItemKey(item), scope))
               : json(nullptr)}};
}

// The cursor of the API's next page ("...&after=N"), if there is one.
std::optional<int64_t> NextCursor(const json& page) {
  if (!page["next"].is_string()) return std::nullopt;
  const std::string next = page["next"].get<std::string>();
  const size_t at = next.rfind("after=");
  if (at == std::string::npos) return std::nullopt;
  int64_t cursor = 0;
  const char* first = next.data() + at + 6;
  auto [end, ec] = std::from_chars(first, next.data() + next.size(), cursor);
  if (ec != std::errc() || end == first) return std::nullopt;
  return cursor;
}

// The API's refusal of a tray in words for the person who asked.
core::Error TrayRefusal(const core::Error& error, std::string_view view) {
  if (error.code() != core::Code::kPermissionDenied || view.empty() || view == "mine") return error;
  return core::Error(core::Code::kPermissionDenied,
                     view == "team" ? "Only team managers can see their team's work. Your own "
                                      "work is under Work."
                                    : "Your role cannot see all open work. Your own work is "
                                      "under Work.");
}

json TrayViewLinks(const access::Actor& actor, std::string_view current) {
  json links = json::array();
  for (const auto& view : kViews) {
    if (!Offered(actor, view.scope)) continue;
    links.push_back({{"href", WorkPath(view.scope)},
                     {"text", view.link_text},
                     {"current", view.scope == current}});
  }
  return links.size() > 1 ? links : json::array();
}

json TraySummary(const json& summary, const std::string& as_of) {
  const int64_t open = summary["open"].get<int64_t>();
  const int64_t not_shown = summary["not_shown"].get<int64_t>();
  json out = {
      {"text", fmt::format("{} open piece{} of work on {}: {} overdue and {} due within 5 "
                           "working days.",
                           open, open == 1 ? "" : "s", as_of, summary["overdue"].get<int64_t>(),
                           summary["due_soon"].get<int64_t>())},
      {"not_shown", nullptr}};
  if (not_shown > 0) {
    out["not_shown"] = fmt::format(
        "{} more piece{} of work {} not shown because you do not work with {} children.", not_shown,
        not_shown == 1 ? "" : "s", not_shown == 1 ? "is" : "are",
        not_shown == 1 ? "that child" : "those");
  }
  return out;
}

core::Result<http::Response> GetWork(api::Call& call) {
  const std::string view(call.request.Query("view").value_or(""));
  Query query = {{"limit", std::to_string(kTrayPageSize)}};
  if (!view.empty()) query.emplace("scope", view);
  if (auto after = call.request.Query("after")) query.emplace("after", std::string(*after));
  auto page = CallApi(call, "GET", "/api/v1/work", nullptr, query);
  if (!page) return std::unexpected(TrayRefusal(page.error(), view));
  const std::string scope = (*page)["scope"].get<std::string>();
  json rows = json::array();
  for (const json& item : (*page)["items"]) rows.push_back(TrayRow(item, scope));
  json views = TrayViewLinks(call.actor(), scope);
  json data = {
      {"heading", ViewOf(scope).heading},
      {"views", views},
      {"has_views", !views.empty()},
      {"summary", TraySummary((*page)["summary"], DateText((*page)["as_of"]))},
      {"rows", rows},
      {"has_rows", !rows.empty()},
      {"show_worker", scope != "mine"},
      {"next_href", nullptr},
      {"missed_report",
       access::Policy().Decide(call.actor(), access::Action::kComputeIndicators).has_value()}};
  if (auto cursor = NextCursor(*page)) {
    data["next_href"] = fmt::format("{}&after={}", WorkPath(scope), *cursor);
  }
  return Render(call, {.title = std::string(ViewOf(scope).heading),
                       .template_name = "work_tray",
                       .data = std::move(data),
                       .section = Section::kWork});
}

// ---- why a timescale was missed ------------------------------------------------

struct ItemKeyParts {
  std::string work_kind;
  int64_t record_id = 0;
};

core::Result<ItemKeyParts> ParseItemKey(std::string_view key) {
  const size_t dash = key.rfind('-');
  ItemKeyParts parts;
  if (dash != std::string_view::npos && dash > 0) {
    parts.work_kind = std::string(key.substr(0, dash));
    const char* first = key.data() + dash + 1;
    auto [end, ec] = std::from_chars(first, key.data() + key.size(), parts.record_id);
    if (ec == std::errc() && end == key.data() + key.size() && parts.record_id > 0) return parts;
  }
  return core::Fail(core::Code::kNotFound,
                    "There is no such piece of work. Go back to your work and choose it there.");
}

// The overdue item `key` in the tray `view`, as the API shows it to the
// caller (so only when they may see its child).
core::Result<json> FindOverdueItem(api::Call& call, std::string_view key, std::string_view view) {
  SG_RETURN_IF_ERROR(ParseItemKey(key));
  Query query = {{"overdue", "true"}, {"limit", "100"}};
  if (!view.empty()) query.emplace("scope", std::string(view));
  for (int pages = 0; pages < kMaxTrayPages; ++pages) {
    auto page = CallApi(call, "GET", "/api/v1/work", nullptr, query);
    if (!page) return std::unexpected(TrayRefusal(page.error(), view));
    for (const json& item : (*page)["items"]) {
      if (ItemKey(item) == key) return item;
    }
    auto cursor = NextCursor(*page);
    if (!cursor) break;
    query.erase("after");
    query.emplace("after", std::to_string(*cursor));
  }
  return core::Fail(core::Code::kNotFound,
                    "This work is not overdue in your work tray, or it is no longer open.");
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kReasons = {{
    {"family", "The child or family could not be seen or did not take part"},
    {"partner", "Waiting for information or a decision from another agency"},
    {"capacity", "Not enough staff (caseload, sickness or a vacancy)"},
    {"meeting", "A meeting or conference could not be arranged in time"},
    {"complexity", "The work needed more time (new information or complexity)"},
    {"other", "Another reason"},
}};

std::optional<std::string_view> ReasonText(std::string_view value) {
  for (const auto& [key, text] : kReasons) {
    if (key == value) return text;
  }
  return std::nullopt;
}

json ReasonOptions(const std::string& chosen) {
  std::vector<std::pair<std::string, std::string>> options;
  for (const auto& [key, text] : kReasons) options.emplace_back(key, text);
  return Options(options, {chosen});
}

struct ReasonEntry {
  std::string reason, detail, item, view;
};

http::Response ReasonForm(api::Call& call, const json& item, const ReasonEntry& entry,
                          const FormErrors& errors, int status) {
  json data = {{"item", entry.item},
               {"view", entry.view},
               {"back_href", WorkPath(entry.view.empty() ? "mine" : entry.view)},
               {"child_name", item["child"]["name"]},
               {"child_href", ChildPath(item["child"]["id"].get<int64_t>())},
               {"step", item["title"]},
               {"due", DateText(item["due"])},
               {"overdue", WorkingDays(item["working_days_overdue"].get<int64_t>())},
               {"reason_field", ChoiceField("reason", "Why was the timescale missed?",
                                            ReasonOptions(entry.reason), errors)},
               {"detail_field",
                TextField("detail", "Give more detail", entry.detail, errors,
                          "What happened, and when the work will be done. Required if you chose "
                          "another reason.")}};
  return Render(call, {.title = "Record why the timescale was missed",
                       .template_name = "work_missed_reason",
                       .data = std::move(data),
                       .section = Section::kWork,
                       .status = status,
                       .errors = errors.empty() ? nullptr : &errors});
}

core::Result<http::Response> GetMissedReason(api::Call& call) {
  ReasonEntry entry;
  entry.item = std::string(call.request.Query("item").value_or(""));
  entry.view = std::string(call.request.Query("view").value_or(""));
  SG_ASSIGN_OR_RETURN(json item, FindOverdueItem(call, entry.item, entry.view));
  if (item["missed_reason"].is_object()) {
    return core::Fail(core::Code::kAlreadyExists,
                      fmt::format("A reason is already recorded for this work: {}",
                                  item["missed_reason"]["reason"].get<std::string>()));
  }
  return ReasonForm(call, item, entry, FormErrors(), 200);
}

// The reason as the API keeps it, or the errors of the form.
std::optional<std::string> ReadReason(const ReasonEntry& entry, FormErrors& errors) {
  auto choice = ReasonText(entry.reason);
  if (!choice) errors.Add("reason", "Select why the timescale was missed");
  if (entry.reason == "other" && entry.detail.empty()) {
    errors.Add("detail", "Enter why the timescale was missed");
  }
  if (entry.detail.size() > kMaxDetail) {
    errors.Add("detail", fmt::format("Detail must be {} characters or less", kMaxDetail));
  }
  if (!errors.empty()) return std::nullopt;
  return entry.detail.empty() ? std::string(*choice) : fmt::format("{}. {}", *choice, entry.detail);
}

// What the API's refusal of a reason means for the person who typed it.
std::optional<std::string> RefusalInWords(const core::Error& error) {
  switch (error.code()) {
    case core::Code::kAlreadyExists:
      return "A reason has already been recorded for this work";
    default:
      return std::nullopt;
  }
}

core::Result<http::Response> PostMissedReason(api::Call& call) {
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  ReasonEntry entry{form.Get("reason"), Trim(form.Get("detail")), form.Get("item"),
                    form.Get("view")};
  SG_ASSIGN_OR_RETURN(ItemKeyParts key, ParseItemKey(entry.item));
  FormErrors errors;
  std::optional<std::string> reason = ReadReason(entry, errors);
  if (reason) {
    json body = {{"work_kind", key.work_kind}, {"record_id", key.record_id}, {"reason", *reason}};
    auto recorded = CallApi(call, "POST", "/api/v1/work/missed-reasons", body);
    if (recorded) {
      return SeeOther(WorkPath(entry.view.empty() ? "mine" : entry.view),
                      "Reason for the missed timescale recorded");
    }
    auto words = RefusalInWords(recorded.error());
    if (!words) return std::unexpected(recorded.error());
    errors.Add("reason", *words);
  }
  SG_ASSIGN_OR_RETURN(json item, FindOverdueItem(call, entry.item, entry.view));
  const int status = reason ? 409 : 400;
  return ReasonForm(call, item, entry, errors, status);
}

// ---- the weekly report ----------------------------------------------------------

json MissedCountRows(const json& report) {
  json rows = json::array();
  for (const json& row : report["by_team_and_kind"]) {
    rows.push_back({{"team", row["team"].is_string() ? row["team"] : json("No team")},
                    {"step", StepTitle(row["work_kind"].get<std::string>())},
                    {"count", row["count"]}});
  }
  return rows;
}

json MissedItemRows(const json& report) {
  json rows = json::array();
  for (const json& item : report["items"]) {
    const bool cleared = item["cleared"] == true;
    const json& team = item["team"];
    json row = {{"recorded", LongDateTime(item["recorded_at"].get<std::string>())},
                {"team", team.is_object() ? team["name"] : json("No team")},
                {"step", StepTitle(item["work_kind"].get<std::string>())},
                {"cleared", cleared},
                {"child_href", nullptr},
                {"child_id", nullptr},
                {"child_name", nullptr},
                {"reason", nullptr},
                {"recorded_by", nullptr}};
    if (cleared) {
      row["child_href"] = ChildPath(item["child_id"].get<int64_t>());
      row["child_id"] = item["child_id"];
      row["child_name"] = item["child_name"];
      row["reason"] = item["reason"];
      row["recorded_by"] = item["recorded_by"];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

core::Result<http::Response> GetMissedReport(api::Call& call) {
  Query query;
  if (auto to = call.request.Query("to")) query.emplace("to", std::string(*to));
  SG_ASSIGN_OR_RETURN(json report, CallApi(call, "GET", "/api/v1/work/missed", nullptr, query));
  const auto from = core::Date::ParseIso(report["from"].get<std::string>());
  const auto to = core::Date::ParseIso(report["to"].get<std::string>());
  if (!from || !to) return core::Fail(core::Code::kInternal, "the report's dates do not parse");
  json counts = MissedCountRows(report);
  json items = MissedItemRows(report);
  json data = {
      {"heading", fmt::format("Missed timescales, {} to {}", LongDate(*from), LongDate(*to))},
      {"total",
       fmt::format("{} reason{} recorded for missed timescales in this week.",
                   report["total"].get<int64_t>(), report["total"].get<int64_t>() == 1 ? "" : "s")},
      {"counts", counts},
      {"items", items},
      {"has_counts", !counts.empty()},
      {"has_items", !items.empty()},
      {"previous_href", fmt::format("/work/missed?to={}", from->AddDays(-1).Iso())},
      {"next_href", nullptr}};
  if (const core::Date today = call.clock.Today(); *to < today) {
    data["next_href"] = fmt::format("/work/missed?to={}", std::min(to->AddDays(7), today).Iso());
  }
  return Render(call, {.title = "Missed timescales",
                       .template_name = "work_missed",
                       .data = std::move(data),
                       .section = Section::kWork});
}

}  // namespace

// The JSON answer of one of the API's routes, run in-process for the page's
// caller: the API's handler with this call's database, gate, clock and
// session, so that it decides, filters and audits exactly as over HTTP.
// Its errors come back as they are (a refusal stays kPermissionDenied).
// Declared in figure_pages.cc too, until it moves to page.h.
void AddWorkPages(api::RouteTable& routes) {
  routes.Add("GET", "/work", Page(GetWork));
  routes.Add("GET", "/work/missed-reasons", Page(GetMissedReason));
  routes.Add("POST", "/work/missed-reasons", Page(PostMissedReason));
  routes.Add("GET", "/work/missed", Page(GetMissedReport));
}

}  // namespace sg::pages
