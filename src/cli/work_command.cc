// safeguard work: due and overdue statutory work, most overdue first.
#include <cstdio>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/gate.h"
#include "cli/common.h"
#include "journey/work_list.h"

namespace sg::cli {
namespace {

nlohmann::json ToJson(const journey::WorkItem& item) {
  return {{"kind", journey::ClockName(item.kind)},
          {"record_id", item.record_id},
          {"child_id", item.owner.person_id},
          {"la_child_id", item.owner.la_child_id},
          {"child_name", item.owner.name},
          {"team", item.team},
          {"worker", item.worker},
          {"started", item.started.Iso()},
          {"due", item.due.Iso()},
          {"status", journey::StatusName(item.status)},
          {"working_days_overdue", item.working_days_overdue}};
}

void PrintTable(const std::vector<journey::WorkItem>& all,
                const std::vector<journey::WorkItem>& items, const journey::WorkSummary& summary,
                core::Date as_of, int shown) {
  std::printf("Statutory work on %s: %d open, %d overdue, %d due within 5 working days\n\n",
              as_of.Iso().c_str(), summary.total, summary.overdue, summary.due_soon);
  std::map<std::string_view, std::pair<int, int>> by_kind;  // open, overdue
  for (const auto& i : all) {
    auto& [open, overdue] = by_kind[journey::ClockTitle(i.kind)];
    ++open;
    if (i.status == journey::ClockStatus::kOverdue) ++overdue;
  }
  std::printf("%-45s %6s %8s\n", "Work", "Open", "Overdue");
  for (const auto& [kind, n] : by_kind) std::printf("%-45s %6d %8d\n", std::string(kind).c_str(), n.first, n.second);
  if (shown == 0) return;
  std::printf("\n%-10s %-22s %-42s %-10s %-10s %-9s %5s  %s\n", "Child", "Name", "Work", "Started",
              "Due", "Status", "WD late", "Team / worker");
  for (int i = 0; i < shown; ++i) {
    const auto& w = items[static_cast<size_t>(i)];
    std::printf("%-10s %-22s %-42s %-10s %-10s %-9s %5d  %s%s%s\n", w.owner.la_child_id.c_str(),
                w.owner.name.substr(0, 22).c_str(), std::string(journey::ClockTitle(w.kind)).c_str(),
                w.started.Iso().c_str(), w.due.Iso().c_str(),
                std::string(journey::StatusName(w.status)).c_str(), w.working_days_overdue,
                w.team.c_str(), w.worker.empty() ? "" : " / ", w.worker.c_str());
  }
  if (shown < static_cast<int>(items.size())) {
    std::printf("... and %zu more (use --limit 0 for all, or --format json)\n",
                items.size() - static_cast<size_t>(shown));
  }
}

}  // namespace

int RunWork(const Context& context, const WorkArgs& args) {
  if (args.format != "table" && args.format != "json") {
    return Report(core::Error(core::Code::kInvalidArgument,
                              fmt::format("--format '{}' is not table or json", args.format)));
  }
  if (args.limit < 0) {
    return Report(core::Error(core::Code::kInvalidArgument, "--limit cannot be negative"));
  }
  auto clock = MakeClock(context);
  auto as_of = DateOption(args.as_of, "--as-of", clock->Today());
  if (!as_of) return Report(as_of.error());
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  access::Gate gate(**db, *clock);
  auto actor = access::Actor::System("cli", "list statutory work");
  auto items = journey::LoadWorkList(gate, actor, *context.calendar, *as_of);
  if (!items) return Report(items.error());
  const auto summary = journey::Summarise(*items);
  const std::vector<journey::WorkItem> all = *items;
  if (args.overdue_only) {
    std::erase_if(*items, [](const journey::WorkItem& i) {
      return i.status != journey::ClockStatus::kOverdue;
    });
  }
  int shown = static_cast<int>(items->size());
  if (args.limit > 0 && args.limit < shown) shown = args.limit;
  if (args.format == "json") {
    nlohmann::json out = {{"as_of", as_of->Iso()},
                          {"summary", {{"open", summary.total},
                                       {"overdue", summary.overdue},
                                       {"due_soon", summary.due_soon}}},
                          {"items", nlohmann::json::array()}};
    for (int i = 0; i < shown; ++i) out["items"].push_back(ToJson((*items)[static_cast<size_t>(i)]));
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    PrintTable(all, *items, summary, *as_of, shown);
  }
  return 0;
}

}  // namespace sg::cli
