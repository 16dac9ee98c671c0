// Scorecard: the partnership's quarterly performance scorecard.
//
// For a quarter of a reporting year, every indicator: its value for the
// quarter, the partnership's target and the RAG status it earns (by the
// indicator's polarity, targets.h), the same quarter last year, the same
// quarter over five years (the trend), and the latest DfE benchmarks
// published by then (England, region, statistical neighbours' median) with
// the year they are for. Measures "at 31 March" are taken at the quarter's
// end; DfE publishes yearly figures, so the benchmarks are for the latest
// reporting year that ended on or before the quarter's end.
//
// Output: JSON (for other systems and the web pages), HTML (a GOV.UK page
// with a table, RAG tags and a sparkline per row) and xlsx (one sheet).
#ifndef SAFEGUARD_REPORTING_SCORECARD_H_
#define SAFEGUARD_REPORTING_SCORECARD_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "reporting/figures.h"
#include "reporting/targets.h"

namespace sg::reporting {

struct ScorecardRow {
  size_t indicator = 0;  // index into book.indicators (the quarter of five years, oldest first)
  std::optional<double> target;
  Rag rag = Rag::kNoData;
  int benchmark_year = 0;  // 0 when DfE publishes no figure for this indicator
  Published benchmark;
};

struct Scorecard {
  FigureBook book;  // the quarter of the five years ending with this one
  int year = 0;
  int quarter = 0;
  std::string targets_source;  // the file the targets came from, or why there are none
  std::vector<ScorecardRow> rows;

  const IndicatorHistory& history(const ScorecardRow& row) const { return book.indicators[row.indicator]; }
  const indicators::Value& value(const ScorecardRow& row) const { return history(row).values.back(); }
  // The same quarter a year earlier; null with a reason when the book has one period only.
  const indicators::Value* last_year(const ScorecardRow& row) const {
    const auto& values = history(row).values;
    return values.size() >= 2 ? &values[values.size() - 2] : nullptr;
  }
};

// `book` must hold the same quarter of consecutive years, this year's last
// (YearsEnding(year, 5, quarter)); benchmarks come from `data` (may be null).
Scorecard BuildScorecard(FigureBook book, const Targets* targets, std::string targets_source,
                         const indicators::BenchmarkData* data);

std::string ScorecardJson(const Scorecard& scorecard);
std::string ScorecardHtml(const Scorecard& scorecard);
core::Status WriteScorecardXlsx(const Scorecard& scorecard, const std::filesystem::path& path);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_SCORECARD_H_
