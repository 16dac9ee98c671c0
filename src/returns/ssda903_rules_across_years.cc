// SSDA903 rules: across_years.
#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

constexpr LacRule kRules[] = {
    {"", nullptr, {}},
};

}  // namespace

std::span<const LacRule> LacRulesAcrossYears() { return std::span(kRules).first(0); }

}  // namespace sg::returns
