#include "returns/ssda903_catalogue.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "core/csv.h"
#include "returns/ruleset.h"

namespace sg::embedded {
extern const std::string_view kLacValidationRulesCsv;
}  // namespace sg::embedded

namespace sg::returns {
namespace {

using core::Code;
using core::Fail;

std::vector<std::string_view> SplitList(std::string_view list) {
  std::vector<std::string_view> items;
  while (!list.empty()) {
    size_t semicolon = list.find(';');
    std::string_view item = list.substr(0, semicolon);
    if (!item.empty()) items.push_back(item);
    list = semicolon == std::string_view::npos ? std::string_view() : list.substr(semicolon + 1);
  }
  return items;
}

}  // namespace

core::Result<LacCatalogue> LacCatalogue::Parse(std::string_view csv) {
  LacCatalogue catalogue;
  int line_number = 0;
  while (!csv.empty()) {
    std::string_view line = core::NextCsvLine(csv);
    ++line_number;
    if (line_number == 1 || line.empty()) continue;
    auto fields = core::SplitCsvRecord(line);
    if (!fields || fields->size() != 7) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("SSDA903 rules line {}: expected code,return,description,fields,"
                              "tables,rulesets,definition_year_folders",
                              line_number));
    }
    LacRuleDefinition rule{(*fields)[0], (*fields)[2], {}, {}};
    for (std::string_view field : SplitList((*fields)[3])) rule.fields.emplace_back(field);
    for (std::string_view ruleset : SplitList((*fields)[5])) {
      int year = RulesetYear(ruleset, "lac");
      if (year == 0) {
        return Fail(Code::kInvalidArgument, fmt::format("SSDA903 rules line {}: unknown ruleset '{}'",
                                                        line_number, ruleset));
      }
      rule.years.push_back(year);
      catalogue.first_year_ = catalogue.first_year_ == 0 ? year : std::min(catalogue.first_year_, year);
      catalogue.last_year_ = std::max(catalogue.last_year_, year);
    }
    std::sort(rule.years.begin(), rule.years.end());
    if (rule.code.empty() || rule.years.empty()) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("SSDA903 rules line {}: a rule needs a code and a ruleset", line_number));
    }
    if (catalogue.Find(rule.code) != nullptr) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("SSDA903 rules line {}: code {} appears twice", line_number, rule.code));
    }
    catalogue.rules_.push_back(std::move(rule));
  }
  std::sort(catalogue.rules_.begin(), catalogue.rules_.end(),
            [](const LacRuleDefinition& a, const LacRuleDefinition& b) { return a.code < b.code; });
  return catalogue;
}

const LacCatalogue& LacCatalogue::Embedded() {
  static const LacCatalogue catalogue = [] {
    auto parsed = Parse(embedded::kLacValidationRulesCsv);
    if (!parsed) {
      fmt::print(stderr, "embedded data/ssda903/validation-rules.csv is broken: {}\n",
                 parsed.error().message());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return catalogue;
}

int LacCatalogue::GoverningYear(int collection_year) const {
  return std::clamp(collection_year, first_year_, last_year_);
}

std::string LacCatalogue::RulesetName(int collection_year) const {
  int year = GoverningYear(collection_year);
  return fmt::format("lac{}_{:02}", year - 1, year % 100);
}

std::vector<const LacRuleDefinition*> LacCatalogue::RulesFor(int collection_year) const {
  int year = GoverningYear(collection_year);
  std::vector<const LacRuleDefinition*> in_force;
  for (const LacRuleDefinition& rule : rules_) {
    if (std::binary_search(rule.years.begin(), rule.years.end(), year)) in_force.push_back(&rule);
  }
  return in_force;
}

const LacRuleDefinition* LacCatalogue::Find(std::string_view code) const {
  for (const LacRuleDefinition& rule : rules_) {
    if (rule.code == code) return &rule;
  }
  return nullptr;
}

}  // namespace sg::returns
