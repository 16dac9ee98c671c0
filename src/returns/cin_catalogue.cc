#include "returns/cin_catalogue.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "core/csv.h"
#include "returns/ruleset.h"

namespace sg::embedded {
extern const std::string_view kCinValidationRulesCsv;
}  // namespace sg::embedded

namespace sg::returns {
namespace {

using core::Code;
using core::Fail;

constexpr int kEarliestRulesetYear = 2023;

std::vector<std::string> SplitFields(std::string_view list) {
  std::vector<std::string> fields;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view field = list.substr(0, comma);
    while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
    while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
    if (!field.empty()) fields.emplace_back(field);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return fields;
}

}  // namespace

core::Result<CinCatalogue> CinCatalogue::Parse(std::string_view csv) {
  CinCatalogue catalogue;
  int line_number = 0;
  while (!csv.empty()) {
    std::string_view line = core::NextCsvLine(csv);
    ++line_number;
    if (line_number == 1 || line.empty()) continue;
    auto fields = core::SplitCsvRecord(line);
    if (!fields || fields->size() != 4) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("CIN rules line {}: expected ruleset,code,message,affected_fields",
                              line_number));
    }
    int year = RulesetYear((*fields)[0], "cin");
    if (year == 0) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("CIN rules line {}: unknown ruleset '{}'", line_number, (*fields)[0]));
    }
    const std::string& code = (*fields)[1];
    catalogue.versions_.push_back(CinRuleDefinition{
        code, code.ends_with('Q') ? Severity::kQuery : Severity::kError, (*fields)[2],
        SplitFields((*fields)[3]), year});
  }
  return catalogue;
}

const CinCatalogue& CinCatalogue::Embedded() {
  static const CinCatalogue catalogue = [] {
    auto parsed = Parse(embedded::kCinValidationRulesCsv);
    if (!parsed) {
      fmt::print(stderr, "embedded data/cin/validation-rules.csv is broken: {}\n",
                 parsed.error().message());
      std::abort();
    }
    return *std::move(parsed);
  }();
  return catalogue;
}

std::string CinCatalogue::RulesetName(int collection_year) {
  int year = std::max(collection_year, kEarliestRulesetYear);
  return fmt::format("cin{}_{:02}", year - 1, year % 100);
}

std::vector<const CinRuleDefinition*> CinCatalogue::RulesFor(int collection_year) const {
  int year = std::max(collection_year, kEarliestRulesetYear);
  std::map<std::string, const CinRuleDefinition*> newest;
  for (const CinRuleDefinition& version : versions_) {
    if (version.first_year > year) continue;
    auto& slot = newest[version.code];
    if (slot == nullptr || slot->first_year < version.first_year) slot = &version;
  }
  std::vector<const CinRuleDefinition*> rules;
  for (const auto& [code, rule] : newest) rules.push_back(rule);
  return rules;
}

std::vector<std::string> CinCatalogue::AllCodes() const {
  std::vector<std::string> codes;
  for (const auto& version : versions_) codes.push_back(version.code);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

}  // namespace sg::returns
