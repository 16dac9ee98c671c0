// CIN census rules: cin_plan. Conventions in cin_rule_kit.h.
#include <optional>
#include <vector>

#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// Within the span, but not on its recorded end: the day a plan ends is the
// day the next one may start.
bool WithinBeforeEnd(core::Date day, const Span& span) {
  return Within(day, span) && (span.open || day != span.end);
}

// Every CIN plan of the child, across episodes.
std::vector<const CinPlanDates*> CinPlansOf(const CinChild& child) {
  std::vector<const CinPlanDates*> plans;
  for (const CinEpisode& episode : child.episodes) {
    for (const CinPlanDates& plan : episode.cin_plans) plans.push_back(&plan);
  }
  return plans;
}

// Every child protection plan of the child, across episodes.
std::vector<const CinProtectionPlan*> ProtectionPlansOf(const CinChild& child) {
  std::vector<const CinProtectionPlan*> plans;
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) plans.push_back(&plan);
  }
  return plans;
}

// 4000: a referral with no further action cannot have a CIN plan.
void Rule4000(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (episode.nfa.value == true && !episode.cin_plans.empty()) flag(episode.nfa);
  }
}

// 4001: within an episode, an open CIN plan cannot coexist with an open child
// protection plan.
void Rule4001(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    bool open_protection = false;
    for (const CinProtectionPlan& plan : episode.cp_plans) open_protection |= Unrecorded(plan.end);
    if (!open_protection) continue;
    for (const CinPlanDates& plan : episode.cin_plans) {
      if (Unrecorded(plan.end)) flag(At(plan.end, plan.at));
    }
  }
}

// True when `day` falls on or between the start and end (or, if open, the
// reference date) of one of the episode's CIN plans.
bool DuringCinPlan(core::Date day, const CinEpisode& episode, const CinContext& census) {
  for (const CinPlanDates& plan : episode.cin_plans) {
    std::optional<Span> span = SpanOf(plan.start, plan.end, census);
    if (span && Within(day, *span)) return true;
  }
  return false;
}

// 4003: within an episode, a child protection review cannot fall during a CIN
// plan, unless it is the review that ended the protection plan.
void Rule4003(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  // Following the DfE text, not the peer validator: every review of a plan is
  // checked (the peer reads only the first of each <Reviews>), within the
  // episode (the peer compares across episodes), open protection plans
  // included (the peer skips them), and a review on the CIN plan's last day
  // counts as during it (the peer excludes that day).
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      for (const DateItem& review : plan.reviews) {
        if (!Has(review) || review.date == plan.end.date) continue;
        if (DuringCinPlan(*review.date, episode, census)) flag(review);
      }
    }
  }
}

// 4004: a child cannot have more than one open CIN plan.
void Rule4004(const CinChild& child, const CinContext&, CinFlagger& flag) {
  // The message speaks of the child; the peer validator counts per episode.
  std::vector<const CinPlanDates*> open;
  for (const CinPlanDates* plan : CinPlansOf(child)) {
    if (Unrecorded(plan->end)) open.push_back(plan);
  }
  if (open.size() < 2) return;
  for (const CinPlanDates* plan : open) flag(At(plan->end, plan->at));
}

// 4008: a CIN plan cannot start after the child's death.
void Rule4008(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (!Has(child.death_date)) return;
  for (const CinPlanDates* plan : CinPlansOf(child)) {
    if (Has(plan->start) && *plan->start.date > *child.death_date.date) flag(plan->start);
  }
}

// 4009Q: a CIN plan should not end after the child's death.
void Rule4009Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (!Has(child.death_date)) return;
  for (const CinPlanDates* plan : CinPlansOf(child)) {
    if (Has(plan->end) && *plan->end.date > *child.death_date.date) flag(plan->end);
  }
}

// 4010: a CIN plan must have a start date, on or before the reference date.
void Rule4010(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinPlanDates* plan : CinPlansOf(child)) {
    if (!Has(plan->start) || *plan->start.date > census.reference_date) {
      flag(At(plan->start, plan->at));
    }
  }
}

// 4011: a CIN plan cannot end before it starts.
void Rule4011(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinPlanDates* plan : CinPlansOf(child)) {
    if (Has(plan->start) && Has(plan->end) && *plan->end.date < *plan->start.date) {
      flag(plan->end);
    }
  }
}

// 4012Q: a CIN plan should not start and end on the same day.
void Rule4012Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinPlanDates* plan : CinPlansOf(child)) {
    if (Has(plan->start) && Has(plan->end) && *plan->end.date == *plan->start.date) {
      flag(plan->end);
    }
  }
}

// 4013: a CIN plan's end date must fall within the census year.
void Rule4013(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  for (const CinPlanDates* plan : CinPlansOf(child)) {
    if (Has(plan->end) && !census.InPeriod(plan->end)) flag(plan->end);
  }
}

// 4014: a CIN plan cannot start on or between the start and end (or, if open,
// the reference date) of another of the child's CIN plans.
void Rule4014(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  std::vector<const CinPlanDates*> plans = CinPlansOf(child);
  for (const CinPlanDates* plan : plans) {
    if (!Has(plan->start)) continue;
    for (const CinPlanDates* other : plans) {
      std::optional<Span> span = SpanOf(other->start, other->end, census);
      if (other != plan && span && Within(*plan->start.date, *span)) {
        flag(plan->start);
        break;
      }
    }
  }
}

// 4015: a CIN plan cannot start before its episode's referral.
void Rule4015(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!Has(episode.referral_date)) continue;
    for (const CinPlanDates& plan : episode.cin_plans) {
      if (Has(plan.start) && *plan.start.date < *episode.referral_date.date) flag(plan.start);
    }
  }
}

// 4016: a CIN plan cannot start while any of the child's child protection
// plans is open (from its start to its end, or the reference date), except on
// the day that plan ends.
void Rule4016(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  std::vector<const CinProtectionPlan*> protection = ProtectionPlansOf(child);
  for (const CinPlanDates* plan : CinPlansOf(child)) {
    if (!Has(plan->start)) continue;
    for (const CinProtectionPlan* cpp : protection) {
      std::optional<Span> span = SpanOf(cpp->start, cpp->end, census);
      if (span && WithinBeforeEnd(*plan->start.date, *span)) {
        flag(plan->start);
        break;
      }
    }
  }
}

// 4017: a child protection plan cannot start while any of the child's CIN
// plans is open (from its start to its end, or the reference date), except on
// the day that plan ends.
void Rule4017(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  std::vector<const CinPlanDates*> plans = CinPlansOf(child);
  for (const CinProtectionPlan* cpp : ProtectionPlansOf(child)) {
    if (!Has(cpp->start)) continue;
    for (const CinPlanDates* plan : plans) {
      std::optional<Span> span = SpanOf(plan->start, plan->end, census);
      if (span && WithinBeforeEnd(*cpp->start.date, *span)) {
        flag(cpp->start);
        break;
      }
    }
  }
}

}  // namespace

std::span<const CinChildRule> CinChildRulesCinPlan() {
  static constexpr CinChildRule kRules[] = {
      {"4000", Rule4000},   {"4001", Rule4001},   {"4003", Rule4003}, {"4004", Rule4004},
      {"4008", Rule4008},   {"4009Q", Rule4009Q}, {"4010", Rule4010}, {"4011", Rule4011},
      {"4012Q", Rule4012Q}, {"4013", Rule4013},   {"4014", Rule4014}, {"4015", Rule4015},
      {"4016", Rule4016},   {"4017", Rule4017},
  };
  return kRules;
}

}  // namespace sg::returns
