// What a CIN census rule is written with (internal to returns/).
//
// A rule is a function that looks at one child and flags what it objects to:
//
//   // 8606: referral more than 40 weeks before the (expected) birth.
//   void Rule8606(const CinChild& child, const CinContext& census, CinFlagger& flag) {
//     for (const CinEpisode& episode : child.episodes) { ... flag(episode.referral_date); }
//   }
//
// Rules are registered by code in a table in each cin_rules_<area>.cc file
// and collected by cin_rules.cc; the catalogue (cin_catalogue.h) decides which
// codes are in force in the file's collection year, and supplies the message
// and fields. A rule that changed between years branches on
// `census.collection_year` inside one function, so each code has exactly one
// implementation. Rules that look across children (duplicates, percentages)
// implement CinReturnRule instead and see every child, then finish.
//
// Conventions every rule follows:
//  - a value that is absent, blank or not a valid date is "missing"; a rule
//    about the order of two dates says nothing when either is missing (other
//    rules report missing values);
//  - flag the element the DfE message is about, so that the location points
//    at the value to fix; flag once per offending module, not once per
//    comparison;
//  - never flag the same module twice for the same rule.
#ifndef SAFEGUARD_RETURNS_CIN_RULE_KIT_H_
#define SAFEGUARD_RETURNS_CIN_RULE_KIT_H_

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/code_lists.h"
#include "core/date.h"
#include "returns/cin_model.h"

namespace sg::returns {

// The census being checked.
struct CinContext {
  int collection_year = 0;       // e.g. 2025 for 2024-25
  core::Period period;           // 1 April to the reference date (31 March), inclusive
  core::Date reference_date;     // = period.end
  const core::WorkingCalendar* calendar = nullptr;
  const core::CodeLists* codes = nullptr;

  bool InPeriod(const DateItem& d) const { return d.date && period.Contains(*d.date); }
  bool IsValidCode(core::CodeList list, const Item& item) const {
    return !item.missing() && codes->IsValid(list, item.text, collection_year);
  }
  // The child's sex code as the year's schema writes it: GenderCurrent
  // (0/1/2/9) up to 2024, Sex (M/F/U) from 2025.
  const Item& SexItem(const CinChild& child) const {
    return collection_year >= 2025 ? child.sex : child.gender_current;
  }
};

// Records findings of the rule being run.
class CinFlagger {
 public:
  virtual ~CinFlagger() = default;
  // A finding about the current child at `at`.
  virtual void Flag(Position at) = 0;
  // A finding about another child than the current one (duplicates).
  virtual void FlagChild(std::string_view la_child_id, Position at) = 0;
  // A finding about the return as a whole (header, percentages).
  virtual void FlagReturn(Position at) = 0;

  void operator()(const Item& item) { Flag(item.at); }
  void operator()(Position at) { Flag(at); }
};

using CinChildCheck = void (*)(const CinChild& child, const CinContext& census, CinFlagger& flag);

struct CinChildRule {
  std::string_view code;
  CinChildCheck check;
};

// A rule over the whole return: sees the header and every child in file
// order, then finishes. One instance per file checked.
class CinReturnRule {
 public:
  virtual ~CinReturnRule() = default;
  virtual void Header(const CinHeader&, const CinContext&, CinFlagger&) {}
  virtual void Child(const CinChild&, const CinContext&, CinFlagger&) {}
  virtual void Finish(const CinContext&, CinFlagger&) {}
};

struct CinReturnRuleFactory {
  std::string_view code;
  std::unique_ptr<CinReturnRule> (*make)();
};

// The tables of each area (cin_rules_<area>.cc).
std::span<const CinChildRule> CinChildRulesIdentity();    // identifiers, characteristics
std::span<const CinChildRule> CinChildRulesEpisode();     // CINdetails
std::span<const CinChildRule> CinChildRulesAssessment();  // assessments and factors
std::span<const CinChildRule> CinChildRulesCinPlan();     // CIN plans
std::span<const CinChildRule> CinChildRulesProtection();  // S47, ICPC, CP plans, reviews
std::span<const CinReturnRuleFactory> CinReturnRules();   // header and whole-return rules

// Small helpers shared by the rules.

// True when a date is present and valid; the rules' "not missing".
inline bool Has(const DateItem& d) { return d.date.has_value(); }
// The open end of an interval: a missing end counts as "still open".
inline core::Date EndOr(const DateItem& end, core::Date open) { return end.date ? *end.date : open; }
// Where to point at `item`: the element itself, or `fallback` (its module)
// when the element is not in the file at all.
inline Position At(const Item& item, Position fallback) {
  return item.present() ? item.at : fallback;
}

// A flag that is a valid true, or a valid false; a missing or unreadable
// flag is neither (rule 8568 and its kin report those).
inline bool IsTrue(const FlagItem& flag) { return flag.value == true; }
inline bool IsFalse(const FlagItem& flag) { return flag.value == false; }

// An end date that is not recorded (absent or blank): the module is still
// open. A recorded end that is not a valid date is neither open nor closed,
// and the rules say nothing about it.
inline bool Unrecorded(const DateItem& end) { return end.missing(); }

// A span of days, both ends included; an open one runs to the reference date.
struct Span {
  core::Date start;
  core::Date end;
  bool open;
};

// The span from `start` to `end`, when the dates allow one.
inline std::optional<Span> SpanOf(const DateItem& start, const DateItem& end,
                                  const CinContext& census) {
  if (!Has(start)) return std::nullopt;
  if (Unrecorded(end)) return Span{*start.date, census.reference_date, true};
  if (!Has(end)) return std::nullopt;
  return Span{*start.date, *end.date, false};
}

inline bool Within(core::Date day, const Span& span) {
  return span.start <= day && day <= span.end;
}

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_RULE_KIT_H_
