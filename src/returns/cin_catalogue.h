// The catalogue of CIN census validation rules: code, message, fields and the
// collection years in which each version applies.
//
// The DfE revises its rules every year, mostly by adding a few and rewording
// or redefining others. The catalogue is data (data/cin/validation-rules.csv,
// embedded), laid out as rulesets: "cin2022_23" holds every rule as it was in
// collection year 2023, and each later ruleset lists only what it adds or
// redefines. The rules in force in year Y are the newest version of each
// code whose ruleset year is <= Y. Years before 2023, which the DfE no longer
// collects, are checked with the 2023 rules, the earliest published; the
// report says which ruleset it applied.
#ifndef SAFEGUARD_RETURNS_CIN_CATALOGUE_H_
#define SAFEGUARD_RETURNS_CIN_CATALOGUE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "returns/findings.h"

namespace sg::returns {

struct CinRuleDefinition {
  std::string code;     // "8606", "2887Q"
  Severity severity;    // queries are the codes ending in Q
  std::string message;  // the DfE's wording for this version
  std::vector<std::string> fields;
  int first_year = 0;  // collection year from which this version applies
};

class CinCatalogue {
 public:
  // Parses the CSV form described above; fails naming the line of a malformed
  // row or an unknown ruleset.
  static core::Result<CinCatalogue> Parse(std::string_view csv);
  static const CinCatalogue& Embedded();

  // The ruleset that governs `collection_year`, e.g. 2025 -> "cin2024_25".
  static std::string RulesetName(int collection_year);

  // The rules in force in `collection_year`, one per code, sorted by code.
  std::vector<const CinRuleDefinition*> RulesFor(int collection_year) const;
  // Every code in any ruleset.
  std::vector<std::string> AllCodes() const;

 private:
  std::vector<CinRuleDefinition> versions_;
};

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_CATALOGUE_H_
