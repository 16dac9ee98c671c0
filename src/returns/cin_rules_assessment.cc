// CIN census rules: assessment. Conventions in cin_rule_kit.h.
#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// 1103: an assessment cannot start before its episode's referral.
void Rule1103(const CinChild& child, const CinContext&, CinFlagger& flag) {
  for (const CinEpisode& episode : child.episodes) {
    if (!Has(episode.referral_date)) continue;
    for (const CinAssessment& assessment : episode.assessments) {
      if (Has(assessment.start) && *assessment.start.date < *episode.referral_date.date) {
        flag(assessment.start);
      }
    }
  }
}

}  // namespace

std::span<const CinChildRule> CinChildRulesAssessment() {
  static constexpr CinChildRule kRules[] = {
      {"1103", Rule1103},
  };
  return kRules;
}

}  // namespace sg::returns
