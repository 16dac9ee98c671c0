// The catalogue of SSDA903 validation rules: code, message, fields and the
// collection years in which each is in force.
//
// The catalogue is data (data/ssda903/validation-rules.csv, embedded): one
// row per DfE code with the DfE's message (its latest wording), the fields
// it concerns, and the rulesets ("lac2022_23" = collection year 2023, ...)
// that contain it. A year before the earliest published ruleset is checked
// with that ruleset; a year after the latest with the latest. The DfE does
// not mark SSDA903 rules as errors or queries (unlike the CIN census), so
// every finding is an error; the message says when something only needs
// checking.
#ifndef SAFEGUARD_RETURNS_SSDA903_CATALOGUE_H_
#define SAFEGUARD_RETURNS_SSDA903_CATALOGUE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sg::returns {

struct LacRuleDefinition {
  std::string code;  // "103", "503A", "SW01STG1"
  std::string message;
  std::vector<std::string> fields;
  std::vector<int> years;  // collection years of the rulesets that hold it, ascending
};

class LacCatalogue {
 public:
  // Parses the CSV form described above; fails naming the line of a
  // malformed row or an unknown ruleset.
  static core::Result<LacCatalogue> Parse(std::string_view csv);
  static const LacCatalogue& Embedded();

  // The ruleset that governs `collection_year`, e.g. 2025 -> "lac2024_25".
  std::string RulesetName(int collection_year) const;
  // The rules in force in `collection_year`, sorted by code.
  std::vector<const LacRuleDefinition*> RulesFor(int collection_year) const;
  const LacRuleDefinition* Find(std::string_view code) const;
  const std::vector<LacRuleDefinition>& rules() const { return rules_; }

 private:
  int GoverningYear(int collection_year) const;  // the ruleset year used for it
  std::vector<LacRuleDefinition> rules_;
  int first_year_ = 0;
  int last_year_ = 0;
};

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_CATALOGUE_H_
