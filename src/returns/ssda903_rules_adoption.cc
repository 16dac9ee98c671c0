// SSDA903 rules: adoption.
#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

constexpr LacRule kRules[] = {
    {"", nullptr, {}},
};

}  // namespace

std::span<const LacRule> LacRulesAdoption() { return std::span(kRules).first(0); }

}  // namespace sg::returns
