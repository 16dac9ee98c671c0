// Indicators: what the partnership, DfE and Ofsted measure, computed from the
// records.
//
// Every indicator has a Definition in the catalogue (catalogue.cc): its id
// from INDICATORS.md, a title for people, the counting rule, its source, a
// polarity (is a higher value better?) and a unit. The catalogue is the one
// list: `safeguard indicators` prints it in this order, docs/indicators.md is
// checked against it by a test, and Compute() asserts that every catalogue id
// was given exactly one value.
//
// A value is computed for any period (a reporting year, a quarter, any date
// range) over a store::Snapshot. Measures "at 31 March" are taken on the
// period's last day, so a quarter's "at 31 March" is at the quarter's end.
// A value that cannot be computed (an empty denominator, no population for a
// rate) is null with a reason, never 0.
//
// Thread safety: Compute() is a pure function of its inputs.
#ifndef SAFEGUARD_INDICATORS_INDICATOR_H_
#define SAFEGUARD_INDICATORS_INDICATOR_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/date.h"
#include "core/error.h"
#include "store/snapshot.h"

namespace sg::indicators {

enum class Unit { kCount, kPercent, kPer10k };
enum class Polarity { kHigherIsBetter, kLowerIsBetter, kNeutral };
// A flow counts what happened during the period (referrals, plans started);
// a stock is taken on the period's last day (children in need at 31 March).
// A quarter's flow is a quarter of a year's and cannot be set beside DfE's
// yearly figure; a stock, a percentage or a rate of a stock can.
enum class Measure { kFlow, kStock };

std::string_view UnitName(Unit unit);          // "count", "percent", "per_10k"
std::string_view PolarityName(Polarity p);     // "higher_is_better", ...

struct Definition {
  std::string_view id;
  std::string_view section;  // "Front door", "Referrals, assessments and children in need", ...
  std::string_view title;    // for people: "Contacts converted to referral"
  std::string_view rule;     // the counting rule, as INDICATORS.md gives it
  std::string_view source;   // where the records come from and whose definition
  Unit unit;
  Polarity polarity;
  Measure measure = Measure::kFlow;
};

// Can a value of `def` for a part of a year be set beside DfE's yearly
// figure? Percentages and stocks can; counts and rates of a flow cannot.
bool ComparableWithYearlyFigure(const Definition& def);

// Every indicator, in the order INDICATORS.md lists them.
std::span<const Definition> Catalogue();
// The definition of `id`, or nullptr.
const Definition* FindDefinition(std::string_view id);

struct Value {
  std::string_view id;
  Unit unit = Unit::kCount;
  std::optional<double> value;        // rounded: percentages and rates to 1 dp
  std::optional<double> numerator;    // percent and rate: the unrounded parts
  std::optional<double> denominator;  // (a rate's denominator is the population)
  std::string reason;                 // why value is null
};

struct Inputs {
  const store::Snapshot& snapshot;
  core::Period period;
  const core::WorkingCalendar& calendar;
  // Children aged 0-17 in the authority (ONS mid-year estimate for the
  // reporting year); empty when not known, which makes every rate null.
  std::optional<double> population;
  std::string population_note;  // e.g. "ONS mid-2020 estimate", or why missing
};

// Every catalogue indicator for the period, in catalogue order.
std::vector<Value> Compute(const Inputs& inputs);

// docs/indicators.md: the catalogue as Markdown, one table per section.
// The file in the repository is this function's output (catalogue_test.cc).
std::string CatalogueMarkdown();

// Round half away from zero to one decimal place.
double RoundOneDecimal(double x);

}  // namespace sg::indicators

#endif  // SAFEGUARD_INDICATORS_INDICATOR_H_
