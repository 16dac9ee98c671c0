// CIN census rules: protection. Conventions in cin_rule_kit.h.
#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// 8925: a child protection plan cannot end before it starts.
void Rule8925(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    for (const CinProtectionPlan& plan : episode.cp_plans) {
      if (Has(plan.start) && Has(plan.end) && *plan.end.date < *plan.start.date) flag(plan.end);
    }
  }
}

}  // namespace

std::span<const CinChildRule> CinChildRulesProtection() {
  static constexpr CinChildRule kRules[] = {
      {"8925", Rule8925},
  };
  return kRules;
}

}  // namespace sg::returns
