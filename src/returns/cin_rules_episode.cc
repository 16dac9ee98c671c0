// CIN census rules: episode. Conventions in cin_rule_kit.h.
#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// 8606: the referral is more than 40 weeks (280 days) before the date of
// birth or the expected date of birth (either, when both are given).
void Rule8606(const CinChild& child, const CinContext&, CinFlagger& flag) {
  auto too_early = [](const DateItem& referral, const DateItem& birth) {
    return Has(birth) && *birth.date - *referral.date > 280;
  };
  for (const CinEpisode& episode : child.episodes) {
    if (!Has(episode.referral_date)) continue;
    if (too_early(episode.referral_date, child.birth_date) ||
        too_early(episode.referral_date, child.expected_birth_date)) {
      flag(episode.referral_date);
    }
  }
}

}  // namespace

std::span<const CinChildRule> CinChildRulesEpisode() {
  static constexpr CinChildRule kRules[] = {
      {"8606", Rule8606},
  };
  return kRules;
}

}  // namespace sg::returns
