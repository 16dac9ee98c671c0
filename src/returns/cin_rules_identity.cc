// CIN census rules: identity. Conventions in cin_rule_kit.h.
#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// 8500: LA Child ID missing.
void Rule8500(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (child.la_child_id.missing()) flag(child.la_child_id.present() ? child.la_child_id.at : child.at);
}

}  // namespace

std::span<const CinChildRule> CinChildRulesIdentity() {
  static constexpr CinChildRule kRules[] = {
      {"8500", Rule8500},
  };
  return kRules;
}

}  // namespace sg::returns
