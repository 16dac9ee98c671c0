#include "returns/ssda903_validator.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "returns/ssda903_catalogue.h"
#include "returns/ssda903_rule_kit.h"
#include "returns/ssda903_tables.h"

namespace sg::returns {
namespace {

const LacRule* FindRule(std::string_view code) {
  static const std::map<std::string_view, const LacRule*> rules = [] {
    std::map<std::string_view, const LacRule*> all;
    for (auto area : {LacRulesHeader(), LacRulesEpisodes(), LacRulesPlacements(),
                      LacRulesReviews(), LacRulesLeavers(), LacRulesAdoption(), LacRulesPermanence(),
                      LacRulesSocialWorkers(), LacRulesAcrossYears()}) {
      for (const LacRule& rule : area) all.emplace(rule.code, &rule);
    }
    return all;
  }();
  auto at = rules.find(code);
  return at == rules.end() ? nullptr : at->second;
}

// Collects one rule's findings, one per row.
class Collector final : public LacFlagger {
 public:
  Collector(const LacReturn& lac, std::vector<Finding>& out) : lac_(lac), out_(out) {}

  void Begin(const LacRuleDefinition& rule) {
    rule_ = &rule;
    seen_.clear();
  }

  void Flag(LacTable table, uint32_t line, std::string_view child) override {
    uint64_t key = (uint64_t{static_cast<uint8_t>(table)} << 32) | line;
    if (!seen_.insert(key).second) return;
    Finding finding;
    finding.file = lac_.source[static_cast<size_t>(table)];
    finding.rule = rule_->code;
    finding.severity = Severity::kError;
    finding.la_child_id = std::string(child);
    finding.location = std::to_string(line);
    finding.fields = rule_->fields;
    finding.message = rule_->message;
    out_.push_back(std::move(finding));
  }

 private:
  const LacReturn& lac_;
  std::vector<Finding>& out_;
  const LacRuleDefinition* rule_ = nullptr;
  std::unordered_set<uint64_t> seen_;
};

bool CanRun(const LacRule& rule, const LacReturn& current, const LacReturn* previous,
            const LacProviders* providers) {
  if (rule.needs.previous && previous == nullptr) return false;
  if (rule.needs.providers && providers == nullptr) return false;
  for (int t = 0; t < kLacTableCount; ++t) {
    if ((rule.needs.tables >> t & 1u) && !current.supplied[static_cast<size_t>(t)]) return false;
  }
  return true;
}

}  // namespace

LacValidation ValidateLac(const LacReturn& current, const LacReturn* previous,
                          const LacValidateOptions& options) {
  const LacCatalogue& catalogue = LacCatalogue::Embedded();
  LacChildren children(current);
  std::optional<LacChildren> previous_children;
  if (previous != nullptr) previous_children.emplace(*previous);
  core::Period year = core::ReportingYear(current.collection_year);
  LacContext context{current.collection_year,
                     year.start,
                     year.end,
                     current,
                     children,
                     previous,
                     previous_children ? &*previous_children : nullptr,
                     options.la_code.empty() ? std::string_view(current.la_code)
                                             : std::string_view(options.la_code),
                     core::CodeLists::Embedded(),
                     core::WorkingCalendar::EnglandAndWales(),
                     options.providers};

  LacValidation validation;
  std::vector<Finding> findings;
  Collector collector(current, findings);
  for (const LacRuleDefinition* definition : catalogue.RulesFor(current.collection_year)) {
    if (!options.only_rules.empty() && !options.only_rules.contains(definition->code)) continue;
    const LacRule* rule = FindRule(definition->code);
    if (rule == nullptr || !CanRun(*rule, current, previous, options.providers)) {
      validation.skipped_rules.push_back(definition->code);
      continue;
    }
    collector.Begin(*definition);
    rule->check(context, collector);
  }

  // One report per file, in the order the tables were read.
  std::map<std::string, size_t> report_of_file;
  for (const LacTableSpec& spec : AllLacTables()) {
    const std::string& file = current.source[static_cast<size_t>(spec.table)];
    if (!current.Has(spec.table) || report_of_file.contains(file)) continue;
    report_of_file[file] = validation.reports.size();
    FileReport report;
    report.file = file;
    report.collection_year = current.collection_year;
    report.ruleset = catalogue.RulesetName(current.collection_year);
    if (spec.table == LacTable::kHeader || validation.reports.empty()) {
      report.children = children.size();
    }
    validation.reports.push_back(std::move(report));
  }
  for (Finding& finding : findings) {
    auto at = report_of_file.find(finding.file);
    if (at != report_of_file.end()) {
      validation.reports[at->second].findings.push_back(std::move(finding));
    }
  }
  for (FileReport& report : validation.reports) {
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const Finding& a, const Finding& b) {
                       return std::stoul(a.location) < std::stoul(b.location);
                     });
  }
  return validation;
}

}  // namespace sg::returns
