#include "journey/work_list.h"

#include <algorithm>

namespace sg::journey {
namespace {

std::string NameOf(const std::map<store::Id, std::string>& names, std::optional<store::Id> id) {
  if (!id) return {};
  auto it = names.find(*id);
  return it == names.end() ? std::string() : it->second;
}

}  // namespace

std::vector<WorkItem> BuildWorkList(const store::AllOpenWork& open,
                                    const core::WorkingCalendar& calendar, Date as_of) {
  std::vector<WorkItem> items;
  auto add = [&](ClockKind kind, store::Id record_id, const store::WorkOwner& owner, Date started,
                 Date due) {
    WorkItem item;
    item.kind = kind;
    item.record_id = record_id;
    item.owner = owner;
    item.team = NameOf(open.team_names, owner.team_id);
    item.worker = NameOf(open.worker_names, owner.worker_id);
    item.started = started;
    item.due = due;
    item.status = StatusOn(calendar, due, as_of);
    if (item.status == ClockStatus::kOverdue) {
      item.working_days_overdue = calendar.WorkingDaysBetween(due, as_of);
    }
    items.push_back(std::move(item));
  };
  for (const auto& w : open.contact_decisions) {
    add(ClockKind::kContactDecision, w.record_id, w.owner, w.anchor,
        ContactDecisionDue(calendar, w.anchor));
  }
  for (const auto& w : open.assessments) {
    add(ClockKind::kAssessment, w.record_id, w.owner, w.anchor, AssessmentDue(calendar, w.anchor));
  }
  for (const auto& w : open.conferences) {
    add(ClockKind::kInitialConference, w.record_id, w.owner, w.anchor,
        InitialConferenceDue(calendar, w.anchor));
  }
  for (const auto& w : open.first_core_groups) {
    add(ClockKind::kFirstCoreGroup, w.record_id, w.owner, w.anchor,
        FirstCoreGroupDue(calendar, w.anchor));
  }
  for (const auto& w : open.cp_reviews) {
    add(ClockKind::kCpReview, w.record_id, w.owner, w.anchor, CpReviewDue(w.anchor, w.history));
  }
  for (const auto& c : open.care_reviews) {
    add(ClockKind::kCareReview, c.episode_id, c.owner, c.period_start,
        CareReviewDue(calendar, c.period_start, c.reviews));
  }
  std::ranges::sort(items, [](const WorkItem& a, const WorkItem& b) {
    if (a.due != b.due) return a.due < b.due;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.record_id < b.record_id;
  });
  return items;
}

core::Result<std::vector<WorkItem>> LoadWorkList(access::Gate& gate, const access::Actor& actor,
                                                 const core::WorkingCalendar& calendar,
                                                 Date as_of) {
  std::vector<WorkItem> items;
  SG_RETURN_IF_ERROR(gate.Run(actor, access::Action::kReadWorkList,
                              [&](access::AuditNote& note) -> core::Status {
    store::WorkStore work(gate.database());
    SG_ASSIGN_OR_RETURN(auto open, work.LoadOpenWork());
    items = BuildWorkList(open, calendar, as_of);
    note = access::AuditNote{"read", "work_list", as_of.Iso(), std::nullopt,
                             "{\"items\":" + std::to_string(items.size()) + "}"};
    return {};
  }));
  return items;
}

WorkSummary Summarise(const std::vector<WorkItem>& items) {
  WorkSummary s;
  s.total = static_cast<int>(items.size());
  for (const auto& i : items) {
    if (i.status == ClockStatus::kOverdue) ++s.overdue;
    if (i.status == ClockStatus::kDueSoon) ++s.due_soon;
  }
  return s;
}

}  // namespace sg::journey
