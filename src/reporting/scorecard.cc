#include "reporting/scorecard.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "indicators/source.h"
#include "reporting/json.h"
#include "reporting/xlsx_workbook.h"

namespace sg::reporting {
namespace {

using indicators::BenchmarkData;
using indicators::Level;

// The latest reporting year, ended by `day`, for which DfE publishes
// England's figure for `id` (0 when none in the six years before).
int LatestPublishedYear(const BenchmarkData& data, std::string_view id, core::Date day) {
  int year = indicators::ReportingYearOf(day);
  if (core::ReportingYear(year).end > day) --year;
  for (int y = year; y > year - 6; --y)
    if (data.Published(id, Level::kEngland, "", y)) return y;
  return 0;
}

// DfE's figures for every id in `year`, computed once per year asked for.
class PublishedYears {
 public:
  PublishedYears(const BenchmarkData& data, std::string_view la) : data_(data), la_(la) {}
  Published For(std::string_view id, int year) {
    auto [at, added] = years_.try_emplace(year);
    if (added) {
      if (auto report = indicators::CompareWithBenchmarks(data_, la_, year)) at->second = PublishedById(*report);
    }
    auto found = at->second.find(id);
    return found == at->second.end() ? Published{} : found->second;
  }

 private:
  const BenchmarkData& data_;
  std::string la_;
  std::map<int, std::map<std::string, Published, std::less<>>> years_;
};

nlohmann::ordered_json ValueJson(const indicators::Value* v) {
  if (v == nullptr) return nullptr;
  nlohmann::ordered_json out = {{"value", JsonNumber(v->value)}};
  if (v->numerator) out["numerator"] = JsonNumber(v->numerator);
  if (v->denominator) out["denominator"] = JsonNumber(v->denominator);
  if (!v->value) out["reason"] = v->reason;
  return out;
}

}  // namespace

Scorecard BuildScorecard(FigureBook book, const Targets* targets, std::string targets_source,
                         const BenchmarkData* data) {
  Scorecard card;
  card.book = std::move(book);
  card.year = card.book.periods.back().year;
  card.quarter = card.book.periods.back().quarter;
  card.targets_source = std::move(targets_source);
  const core::Date end = card.book.periods.back().period.end;
  std::optional<PublishedYears> published;
  if (data != nullptr) published.emplace(*data, card.book.la_number);
  for (size_t i = 0; i < card.book.indicators.size(); ++i) {
    const IndicatorHistory& h = card.book.indicators[i];
    ScorecardRow row{.indicator = i};
    const Target* target = targets ? targets->Find(h.definition->id) : nullptr;
    if (target) row.target = target->value;
    row.rag = RateAgainst(*h.definition, h.values.back().value, target);
    // A quarter's count or flow rate is not comparable with a yearly figure.
    const bool comparable = card.quarter == 0 || indicators::ComparableWithYearlyFigure(*h.definition);
    if (data != nullptr && comparable) {
      row.benchmark_year = LatestPublishedYear(*data, h.definition->id, end);
      if (row.benchmark_year != 0)
        row.benchmark = published->For(h.definition->id, row.benchmark_year);
    }
    card.rows.push_back(row);
  }
  return card;
}

std::string ScorecardJson(const Scorecard& card) {
  const FigureBook& book = card.book;
  nlohmann::ordered_json out;
  out["la"] = book.la_number.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(book.la_number);
  out["authority"] = book.AuthorityName();
  out["year"] = card.year;
  out["quarter"] = card.quarter;
  const auto& period = book.periods.back().period;
  out["period"] = {{"start", period.start.Iso()}, {"end", period.end.Iso()}};
  out["targets"] = card.targets_source;
  out["trend_periods"] = nlohmann::ordered_json::array();
  for (const auto& p : book.periods) out["trend_periods"].push_back(p.label);
  out["neighbour_model"] = book.neighbour_model;
  out["neighbour_aggregate"] = "median (mean also given)";
  out["indicators"] = nlohmann::ordered_json::array();
  for (const ScorecardRow& row : card.rows) {
    const IndicatorHistory& h = card.history(row);
    nlohmann::ordered_json r = {{"id", h.definition->id},
                        {"title", h.definition->title},
                        {"section", h.definition->section},
                        {"unit", indicators::UnitName(h.definition->unit)},
                        {"polarity", indicators::PolarityName(h.definition->polarity)}};
    r["value"] = ValueJson(&card.value(row));
    r["target"] = JsonNumber(row.target);
    r["rag"] = RagName(row.rag);
    r["same_quarter_last_year"] = ValueJson(card.last_year(row));
    r["trend"] = nlohmann::ordered_json::array();
    for (const auto& v : h.values) r["trend"].push_back(JsonNumber(v.value));
    if (row.benchmark_year != 0) {
      r["benchmark"] = {{"year", row.benchmark_year},
                        {"authority_published", JsonNumber(row.benchmark.authority)},
                        {"england", JsonNumber(row.benchmark.england)},
                        {"region", JsonNumber(row.benchmark.region)},
                        {"neighbours_median", JsonNumber(row.benchmark.neighbours_median)},
                        {"neighbours_mean", JsonNumber(row.benchmark.neighbours_mean)},
                        {"neighbours_with_value", row.benchmark.neighbours_with_value},
                        {"source", h.benchmark_source}};
    } else {
      r["benchmark"] = nullptr;
    }
    out["indicators"].push_back(std::move(r));
  }
  out["notes"] = book.notes;
  return out.dump(2);
}

core::Status WriteScorecardXlsx(const Scorecard& card, const std::filesystem::path& path) {
  SG_ASSIGN_OR_RETURN(Workbook workbook, Workbook::Create(path));
  SG_ASSIGN_OR_RETURN(Sheet sheet, workbook.AddSheet(fmt::format("Scorecard Q{} {}", card.quarter,
                                                                  YearLabel(card.year))));
  SG_RETURN_IF_ERROR(sheet.WriteText(0, fmt::format("{}: quarterly scorecard, {}",
                                                    card.book.AuthorityName(),
                                                    card.book.periods.back().label), true));
  Table table;
  table.columns = {{"Section"}, {"Indicator"}, {"Unit"}, {"Value", "0.0"}, {"Target", "0.0"},
                   {"RAG"}, {"Same quarter last year", "0.0"}};
  for (const auto& p : card.book.periods) table.columns.push_back({p.label, "0.0"});
  table.columns.insert(table.columns.end(), {{"Benchmark year"}, {"England", "0.0"}, {"Region", "0.0"},
                                             {"Neighbours (median)", "0.0"}});
  for (const ScorecardRow& row : card.rows) {
    const IndicatorHistory& h = card.history(row);
    // Cells are appended one by one: g++ 12 misreads a braced list of
    // variants as possibly uninitialised (-Wmaybe-uninitialized).
    std::vector<Cell> cells;
    auto text = [&](std::string_view t) { cells.emplace_back(std::in_place_type<std::string>, t); };
    auto number = [&](const std::optional<double>& v) {
      if (v) {
        cells.emplace_back(std::in_place_type<double>, *v);
      } else {
        cells.emplace_back();
      }
    };
    text(h.definition->section);
    text(h.definition->title);
    text(indicators::UnitName(h.definition->unit));
    number(card.value(row).value);
    number(row.target);
    text(RagLabel(row.rag));
    number(card.last_year(row) ? card.last_year(row)->value : std::nullopt);
    for (const auto& v : h.values) number(v.value);
    text(row.benchmark_year ? YearLabel(row.benchmark_year) : "");
    number(row.benchmark.england);
    number(row.benchmark.region);
    number(row.benchmark.neighbours_median);
    table.rows.push_back(std::move(cells));
  }
  SG_ASSIGN_OR_RETURN(uint32_t next, sheet.WriteTable(2, table));
  uint32_t line = next + 1;
  for (const auto& note : card.book.notes) SG_RETURN_IF_ERROR(sheet.WriteText(line++, note));
  return workbook.Close();
}

}  // namespace sg::reporting
