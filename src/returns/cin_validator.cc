#include "returns/cin_validator.h"

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "returns/cin_catalogue.h"
#include "returns/cin_reader.h"
#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

std::string Where(Position at) { return fmt::format("{}:{}", at.line, at.column); }

struct ActiveChildRule {
  const CinRuleDefinition* definition;
  CinChildCheck check;
};

struct ActiveReturnRule {
  const CinRuleDefinition* definition;
  std::unique_ptr<CinReturnRule> rule;
};

const std::map<std::string_view, CinChildCheck>& ChildChecks() {
  static const std::map<std::string_view, CinChildCheck> checks = [] {
    std::map<std::string_view, CinChildCheck> map;
    for (auto table : {CinChildRulesIdentity(), CinChildRulesEpisode(), CinChildRulesAssessment(),
                       CinChildRulesCinPlan(), CinChildRulesProtection()}) {
      for (const CinChildRule& rule : table) map.emplace(rule.code, rule.check);
    }
    return map;
  }();
  return checks;
}

// Runs the rules over the children as the reader delivers them.
class Checker final : public CinVisitor, private CinFlagger {
 public:
  Checker(FileReport& report, int collection_year, const core::WorkingCalendar& calendar)
      : report_(report) {
    context_.collection_year = collection_year;
    context_.calendar = &calendar;
    context_.codes = &core::CodeLists::Embedded();
    SetReferenceDate(core::Date::FromYmd(collection_year, 3, 31));
    for (const CinRuleDefinition* definition :
         CinCatalogue::Embedded().RulesFor(collection_year)) {
      if (auto it = ChildChecks().find(definition->code); it != ChildChecks().end()) {
        child_rules_.push_back({definition, it->second});
      }
      for (const CinReturnRuleFactory& factory : CinReturnRules()) {
        if (factory.code == definition->code) return_rules_.push_back({definition, factory.make()});
      }
    }
  }

  core::Status Header(const CinHeader& header) override {
    // The census period runs to the stated reference date when it is a valid
    // date (rule 100 reports one that is not 31 March of the year).
    if (header.reference_date.date) SetReferenceDate(*header.reference_date.date);
    for (auto& active : return_rules_) {
      current_ = active.definition;
      active.rule->Header(header, context_, *this);
    }
    return {};
  }

  core::Status Child(CinChild&& child) override {
    child_ = &child;
    for (const auto& active : child_rules_) {
      current_ = active.definition;
      active.check(child, context_, *this);
    }
    for (auto& active : return_rules_) {
      current_ = active.definition;
      active.rule->Child(child, context_, *this);
    }
    child_ = nullptr;
    return {};
  }

  void Finish() {
    for (auto& active : return_rules_) {
      current_ = active.definition;
      active.rule->Finish(context_, *this);
    }
  }

  std::vector<Finding> TakeFindings() { return std::move(findings_); }

 private:
  void SetReferenceDate(core::Date date) {
    context_.reference_date = date;
    context_.period = core::Period{core::AddMonths(date, -12).AddDays(1), date};
  }

  void Flag(Position at) override { Add(at, child_ != nullptr ? child_->la_child_id.text : ""); }
  void FlagChild(std::string_view la_child_id, Position at) override { Add(at, la_child_id); }
  void FlagReturn(Position at) override { Add(at, ""); }

  void Add(Position at, std::string_view child_id) {
    findings_.push_back(Finding{report_.file, current_->code, current_->severity, std::string(child_id),
                                Where(at), current_->fields, current_->message});
  }

  FileReport& report_;
  CinContext context_;
  std::vector<ActiveChildRule> child_rules_;
  std::vector<ActiveReturnRule> return_rules_;
  const CinRuleDefinition* current_ = nullptr;
  const CinChild* child_ = nullptr;
  std::vector<Finding> findings_;
};

// Builds the checker once the reader knows the file's collection year.
class Validation final : public CinVisitor {
 public:
  Validation(FileReport& report, const core::WorkingCalendar& calendar)
      : report_(report), calendar_(calendar) {}

  core::Status Begin(int collection_year) override {
    report_.collection_year = collection_year;
    report_.ruleset = CinCatalogue::RulesetName(collection_year);
    checker_ = std::make_unique<Checker>(report_, collection_year, calendar_);
    return {};
  }
  core::Status Header(const CinHeader& header) override { return checker_->Header(header); }
  core::Status Child(CinChild&& child) override { return checker_->Child(std::move(child)); }

  std::vector<Finding> Finish() {
    checker_->Finish();
    return checker_->TakeFindings();
  }

 private:
  FileReport& report_;
  const core::WorkingCalendar& calendar_;
  std::unique_ptr<Checker> checker_;
};

template <typename Read>
FileReport Validate(std::string_view name, const CinValidateOptions& options, Read read) {
  FileReport report;
  report.file = std::string(name);
  const core::WorkingCalendar& calendar =
      options.calendar != nullptr ? *options.calendar : core::WorkingCalendar::EnglandAndWales();
  Validation validation(report, calendar);
  CinReadOptions read_options;
  read_options.collection_year = options.collection_year;
  read_options.validate_structure = options.check_structure;
  read_options.progress = options.progress;
  core::Result<CinReadResult> read_result = read(validation, read_options);
  if (!read_result) {
    report.unreadable = read_result.error();
    return report;
  }
  report.children = read_result->children;
  report.bytes = read_result->bytes;
  for (const XmlProblem& problem : read_result->schema_problems) {
    report.findings.push_back(Finding{report.file, "XSD", Severity::kError, "", Where(problem.at),
                                      {}, problem.message});
  }
  report.findings_dropped = read_result->schema_problems_dropped;
  std::vector<Finding> rule_findings = validation.Finish();
  report.findings.insert(report.findings.end(), std::make_move_iterator(rule_findings.begin()),
                         std::make_move_iterator(rule_findings.end()));
  return report;
}

}  // namespace

FileReport ValidateCinFile(const std::string& path, const CinValidateOptions& options) {
  return Validate(path, options, [&](CinVisitor& visitor, const CinReadOptions& read) {
    return ReadCinFile(path, visitor, read);
  });
}

FileReport ValidateCinBytes(std::string_view bytes, std::string_view name,
                            const CinValidateOptions& options) {
  return Validate(name, options, [&](CinVisitor& visitor, const CinReadOptions& read) {
    return ReadCinBytes(bytes, visitor, read);
  });
}

std::vector<std::string> ImplementedCinRules() {
  std::vector<std::string> codes;
  for (const auto& [code, check] : ChildChecks()) codes.emplace_back(code);
  for (const CinReturnRuleFactory& factory : CinReturnRules()) codes.emplace_back(factory.code);
  std::sort(codes.begin(), codes.end());
  return codes;
}

}  // namespace sg::returns
