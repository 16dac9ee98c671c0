// SSDA903 rules: the Header and UASC tables (who the child is: sex, date of
// birth, ethnicity, UPN, motherhood, UASC status).
#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

using T = LacTable;

// 101: sex code valid: 1/2 until 2023-24, M/F/U from 2024-25.
void Rule101(const LacContext& lac, LacFlagger& flag) {
  const bool letters = lac.collection_year >= 2025;
  for (const HeaderRow& row : lac.current.header) {
    bool valid = letters ? (row.sex.Is("M") || row.sex.Is("F") || row.sex.Is("U"))
                         : (row.sex.Is("1") || row.sex.Is("2"));
    if (!valid) flag(row);
  }
}

// 102: date of birth is a valid date.
void Rule102(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (!Has(row.dob)) flag(row);
  }
}

// 103: ethnicity is a valid code.
void Rule103(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (!lac.IsValidCode(core::CodeList::kEthnicity, row.ethnic)) flag(row);
  }
}

constexpr LacRule kRules[] = {
    {"101", Rule101, Needs({T::kHeader})},
    {"102", Rule102, Needs({T::kHeader})},
    {"103", Rule103, Needs({T::kHeader})},
};

}  // namespace

std::span<const LacRule> LacRulesHeader() { return kRules; }

}  // namespace sg::returns
