// The work tray: every open piece of statutory work with its due date and
// status on a given day, most overdue first.
#ifndef SAFEGUARD_JOURNEY_WORK_LIST_H_
#define SAFEGUARD_JOURNEY_WORK_LIST_H_

#include <string>
#include <vector>

#include "access/actor.h"
#include "access/gate.h"
#include "journey/clocks.h"
#include "store/work_store.h"

namespace sg::journey {

struct WorkItem {
  ClockKind kind;
  store::Id record_id = 0;
  store::WorkOwner owner;
  std::string team;    // "" when the child has no current involvement
  std::string worker;
  Date started;        // the day the clock runs from
  Date due;
  ClockStatus status = ClockStatus::kOnTime;
  int32_t working_days_overdue = 0;  // WD(due, as_of) when overdue, else 0
};

struct WorkSummary {
  int total = 0;
  int overdue = 0;
  int due_soon = 0;
};

// Loads and orders the whole authority's work on `as_of` (most overdue
// first, then by due date). The read is audited as one look at the list.
core::Result<std::vector<WorkItem>> LoadWorkList(access::Gate& gate, const access::Actor& actor,
                                                 const core::WorkingCalendar& calendar,
                                                 Date as_of);

// Pure: the items for already-loaded facts. Exposed for tests and benchmarks.
std::vector<WorkItem> BuildWorkList(const store::AllOpenWork& open,
                                    const core::WorkingCalendar& calendar, Date as_of);

WorkSummary Summarise(const std::vector<WorkItem>& items);

}  // namespace sg::journey

#endif  // SAFEGUARD_JOURNEY_WORK_LIST_H_
