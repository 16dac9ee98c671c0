// Figures: an authority's indicators over several years, each beside what
// DfE publishes for England, the authority's region and its statistical
// neighbours. The scorecard and the annual report are both views of this
// one book, so a figure reads the same in both.
//
// Design. BuildFigureBook computes every indicator for each period asked
// for (reporting years for the annual report, the same quarter of several
// years for the scorecard) from one store::Snapshot, and takes DfE's
// published values per reporting year from indicators::BenchmarkData. It
// never fails for want of benchmarks or population: what is missing is
// null in the book and named in `notes`, so a report can say "no data
// recorded" instead of inventing a number.
//
// Thread safety: pure functions over their inputs.
#ifndef SAFEGUARD_REPORTING_FIGURES_H_
#define SAFEGUARD_REPORTING_FIGURES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/date.h"
#include "indicators/benchmarks.h"
#include "indicators/indicator.h"
#include "store/snapshot.h"

namespace sg::reporting {

// One period of the book: a reporting year, or a quarter of one.
struct BookPeriod {
  int year = 0;     // the reporting year (ending 31 March)
  int quarter = 0;  // 0: the whole year
  core::Period period;
  std::string label;  // "2020-21", "Q3 2020-21"
};

// DfE's published figures for one indicator and reporting year.
struct Published {
  std::optional<double> authority, england, region, neighbours_median, neighbours_mean;
  int neighbours_with_value = 0;
};

// DfE's figures of a benchmark report, keyed by indicator id.
std::map<std::string, Published, std::less<>> PublishedById(const indicators::BenchmarkReport& report);

struct IndicatorHistory {
  const indicators::Definition* definition = nullptr;
  std::vector<indicators::Value> values;  // ours, one per book period
  std::vector<Published> published;       // DfE's, one per book period (that period's year)
  std::string benchmark_source;           // empty when DfE publishes no such figure
};

struct FigureBook {
  std::string la_number;                  // "" when not known
  std::optional<indicators::Authority> authority;
  std::string neighbour_model;
  std::vector<indicators::Authority> neighbours;
  std::vector<BookPeriod> periods;        // oldest first
  std::vector<std::optional<double>> population;  // children 0-17, per period
  std::vector<IndicatorHistory> indicators;       // catalogue order
  std::vector<std::string> notes;         // what is missing, and why

  // REQUIRES: `id` is a catalogue id (asserted).
  const IndicatorHistory& Find(std::string_view id) const;
  std::string AuthorityName() const;  // "Cheshire East", or "authority 895", or "the authority"
};

// How a figure reads everywhere (tables, charts' words, the narrative, the
// command line): a count "2,082", a percentage "74.0%", a rate "269.4"
// (" per 10,000" added when `rate_unit_in_words`); `missing` for no value.
std::string FormatFigure(const std::optional<double>& value, indicators::Unit unit,
                         std::string_view missing, bool rate_unit_in_words = false);

// "2020-21" for reporting year 2021.
std::string YearLabel(int year);

// The periods: reporting years last_year - count + 1 .. last_year (quarter
// 0), or that quarter of each of those years.
std::vector<BookPeriod> YearsEnding(int last_year, int count, int quarter);

// `data` may be null (no benchmark data: no rates, no comparisons).
FigureBook BuildFigureBook(const store::Snapshot& snapshot, const core::WorkingCalendar& calendar,
                           const indicators::BenchmarkData* data, std::string_view la_number,
                           std::vector<BookPeriod> periods);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_FIGURES_H_
