// safeguard child: a child's chronology.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/gate.h"
#include "cli/common.h"
#include "journey/journey.h"

namespace sg::cli {

int RunChild(const Context& context, const ChildArgs& args) {
  if (args.format != "table" && args.format != "json") {
    return Report(core::Error(core::Code::kInvalidArgument,
                              fmt::format("--format '{}' is not table or json", args.format)));
  }
  auto clock = MakeClock(context);
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  access::Gate gate(**db, *clock);
  journey::Journey journey(gate, *context.calendar, *context.codes);
  auto actor = access::Actor::System("cli", "show a child's chronology");
  auto id = journey.FindChild(actor, args.reference);
  if (!id) return Report(id.error());
  store::Person child;
  auto view = journey.ReadChronology(actor, *id, &child);
  if (!view) return Report(view.error());
  const auto& entries = view->entries;
  if (args.format == "json") {
    nlohmann::json out = {{"id", child.id},
                          {"la_child_id", child.la_child_id.value_or("")},
                          {"name", child.forename + " " + child.surname},
                          {"birth_date", child.birth_date ? child.birth_date->Iso() : ""},
                          {"chronology", nlohmann::json::array()}};
    for (const auto& e : entries) {
      out["chronology"].push_back({{"date", e.occurred_on.Iso()},
                                   {"kind", e.kind},
                                   {"summary", e.summary},
                                   {"author", e.author},
                                   {"agency", e.author_agency},
                                   {"classification", e.classification}});
    }
    out["withheld"] = nlohmann::json::array();
    for (const auto& w : view->withheld) {
      out["withheld"].push_back({{"classification", w.classification},
                                 {"owner_agency", w.owner_agency},
                                 {"owner_agency_name", w.owner_agency_name},
                                 {"count", w.count}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%s %s (LA child id %s, Safeguard id %lld), born %s\n\n", child.forename.c_str(),
              child.surname.c_str(), child.la_child_id.value_or("-").c_str(),
              static_cast<long long>(child.id),
              child.birth_date ? child.birth_date->Iso().c_str() : "(unborn)");
  std::printf("%-10s  %-20s  %-10s  %s\n", "Date", "Event", "Agency", "Summary");
  for (const auto& e : entries) {
    std::printf("%-10s  %-20s  %-10s  %s%s\n", e.occurred_on.Iso().c_str(), e.kind.c_str(),
                e.author_agency.c_str(), e.summary.c_str(),
                e.classification.empty() ? "" : fmt::format(" [{}]", e.classification).c_str());
  }
  for (const auto& w : view->withheld) {
    std::printf("\n%d %s %s withheld: ask %s.\n", w.count,
                w.count == 1 ? "entry" : "entries", w.classification.c_str(),
                w.owner_agency_name.empty() ? w.owner_agency.c_str() : w.owner_agency_name.c_str());
  }
  return 0;
}

}  // namespace sg::cli
