// SSDA903 rules: social_workers.
#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

constexpr LacRule kRules[] = {
    {"", nullptr, {}},
};

}  // namespace

std::span<const LacRule> LacRulesSocialWorkers() { return std::span(kRules).first(0); }

}  // namespace sg::returns
