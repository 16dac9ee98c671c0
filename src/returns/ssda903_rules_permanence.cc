// SSDA903 rules: permanence.
#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

constexpr LacRule kRules[] = {
    {"", nullptr, {}},
};

}  // namespace

std::span<const LacRule> LacRulesPermanence() { return std::span(kRules).first(0); }

}  // namespace sg::returns
