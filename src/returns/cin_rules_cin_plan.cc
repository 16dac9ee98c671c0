// CIN census rules: cin_plan. Conventions in cin_rule_kit.h.
#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// 4011: a CIN plan cannot end before it starts.
void Rule4011(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinPlanDates& plan : episode.cin_plans) {
      if (Has(plan.start) && Has(plan.end) && *plan.end.date < *plan.start.date) flag(plan.end);
    }
  }
}

}  // namespace

std::span<const CinChildRule> CinChildRulesCinPlan() {
  static constexpr CinChildRule kRules[] = {
      {"4011", Rule4011},
  };
  return kRules;
}

}  // namespace sg::returns
