// Figure pages: the partnership's quarterly scorecard and its annual report.
//
//   GET  /scorecard?year=&quarter=   the scorecard of one quarter
//   GET  /reports/annual?year=       the annual report, read in the page
//   POST /reports/annual/downloads   format=pdf|xlsx: the report as a file,
//                                    made by a job; 303 to /jobs/{id}
//
// Design. The figures are computed once, by the same code whichever way
// they are asked for. The scorecard page shows the JSON of the API's GET
// /api/v1/scorecard (called in-process, CallApi: same checks, targets,
// benchmarks and audit row as over HTTP), and the download starts the job
// the API's POST /api/v1/reports/annual starts. The annual report in the
// page is reporting::AnnualReport itself: its sections (narrative, tables,
// charts) are laid out by our template inside the service's layout, since
// reporting::AnnualReportHtml makes a whole stand-alone document; the
// narrative and the charts are HTML and SVG that reporting made from
// escaped parts, so they are the only values inserted unescaped.
//
// Every figure reads as the reports print it (reporting::FormatFigure), a
// RAG status is a tag whose word says it (never colour alone), and every
// chart is reporting's inline SVG with a title and a description of its
// figures, so a screen reader hears them; the table beside it holds the
// same numbers. The SVG has no style attributes (the pages' Content
// Security Policy allows no inline styles).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/policy.h"
#include "api/figure_sources.h"
#include "http/form.h"
#include "indicators/benchmarks.h"
#include "indicators/indicator.h"
#include "indicators/source.h"
#include "pages/api_call.h"
#include "pages/page.h"
#include "pages/pages.h"
#include "reporting/annual_report.h"
#include "reporting/figures.h"
#include "reporting/svg_chart.h"
#include "reporting/targets.h"

namespace sg::pages {

namespace {

using indicators::Unit;
using nlohmann::json;

constexpr int kYearsOffered = 6;
constexpr int kTrendYears = 5;

// ---- periods ------------------------------------------------------------------

struct Quarter {
  int year = 0;  // the reporting year, named by the 31 March it ends on
  int quarter = 0;
};

// The last quarter that has ended by `today`.
Quarter LastEndedQuarter(core::Date today) {
  const int year = indicators::ReportingYearOf(today);
  const int current = today.month() >= 4 ? (today.month() - 1) / 3 : 4;  // Apr-Jun is 1
  return current == 1 ? Quarter{year - 1, 4} : Quarter{year, current - 1};
}

constexpr std::array<std::string_view, 4> kQuarterNames = {
    "Quarter 1 (April to June)", "Quarter 2 (July to September)", "Quarter 3 (October to December)",
    "Quarter 4 (January to March)"};

std::optional<int> WholeNumber(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// The reporting years offered, newest first, ending with `latest`.
json YearOptions(int latest, int chosen) {
  std::vector<std::pair<std::string, std::string>> options;
  for (int year = latest; year > latest - kYearsOffered; --year) {
    options.emplace_back(std::to_string(year), reporting::YearLabel(year));
  }
  return Options(options, {std::to_string(chosen)});
}

json QuarterOptions(int chosen) {
  std::vector<std::pair<std::string, std::string>> options;
  for (int q = 1; q <= 4; ++q) options.emplace_back(std::to_string(q), kQuarterNames[q - 1]);
  return Options(options, {std::to_string(chosen)});
}

// A query parameter that must be one of the years offered (or absent).
std::optional<int> ChosenYear(const api::Call& call, int latest, int fallback, FormErrors& errors) {
  auto text = call.request.Query("year");
  if (!text) return fallback;
  auto year = WholeNumber(*text);
  if (!year || *year > latest || *year <= latest - kYearsOffered) {
    errors.Add("year", "Select a reporting year from the list");
    return std::nullopt;
  }
  return year;
}

// The quarter asked for (or `fallback`); `fallback` with an error when it is
// not 1 to 4.
int ChosenQuarter(const api::Call& call, int fallback, FormErrors& errors) {
  auto text = call.request.Query("quarter");
  if (!text) return fallback;
  const int quarter = WholeNumber(*text).value_or(0);
  if (quarter >= 1 && quarter <= 4) return quarter;
  errors.Add("quarter", "Select a quarter from the list");
  return fallback;
}

// ---- figures in words -------------------------------------------------------------

Unit UnitOf(const json& indicator) {
  const auto* definition = indicators::FindDefinition(indicator["id"].get<std::string>());
  return definition != nullptr ? definition->unit : Unit::kCount;
}

std::optional<double> Number(const json& value) {
  return value.is_number() ? std::optional<double>(value.get<double>()) : std::nullopt;
}

std::string Figure(const json& value, Unit unit, std::string_view missing = "No data") {
  return reporting::FormatFigure(Number(value), unit, missing);
}

// {"value": ..., "reason": ...} of the scorecard's JSON, or null.
std::string ValueFigure(const json& value, Unit unit) {
  return value.is_object() ? Figure(value["value"], unit) : "No data";
}

json RagTag(std::string_view name) {
  using reporting::Rag;
  for (Rag rag : {Rag::kGreen, Rag::kAmber, Rag::kRed, Rag::kNotRated, Rag::kNoData}) {
    if (reporting::RagName(rag) != name) continue;
    const std::string_view colour = rag == Rag::kGreen   ? "govuk-tag--green"
                                    : rag == Rag::kAmber ? "govuk-tag--yellow"
                                    : rag == Rag::kRed   ? "govuk-tag--red"
                                                         : "govuk-tag--grey";
    return {{"text", reporting::RagLabel(rag)}, {"colour", colour}};
  }
  return {{"text", "Not rated"}, {"colour", "govuk-tag--grey"}};
}

// The five same quarters as a line, with its figures in the SVG's
// description.
std::string TrendChart(const json& indicator, const json& periods, std::string_view authority) {
  const Unit unit = UnitOf(indicator);
  std::vector<std::string> categories;
  for (const json& label : periods) categories.push_back(label.get<std::string>());
  reporting::Series ours{std::string(authority), {}};
  for (const json& value : indicator["trend"]) ours.values.push_back(Number(value));
  reporting::ChartOptions options;
  options.title = fmt::format("{}: {} to {}", indicator["title"].get<std::string>(),
                              categories.empty() ? "" : categories.front(),
                              categories.empty() ? "" : categories.back());
  options.axis_label = unit == Unit::kPercent  ? "Per cent"
                       : unit == Unit::kPer10k ? "Rate per 10,000 children"
                                               : "Number";
  options.value_suffix = unit == Unit::kPercent ? "%" : unit == Unit::kPer10k ? " per 10,000" : "";
  options.decimals = unit == Unit::kCount ? 0 : 1;
  options.id = "trend-" + indicator["id"].get<std::string>();
  options.width = 560;
  options.height = 220;
  return reporting::LineChart(categories, {ours}, options);
}

json BenchmarkCells(const json& indicator, Unit unit) {
  const json& benchmark = indicator["benchmark"];
  if (!benchmark.is_object()) {
    return {{"published", false},
            {"england", nullptr},
            {"region", nullptr},
            {"neighbours", nullptr},
            {"year", nullptr}};
  }
  return {{"published", true},
          {"england", Figure(benchmark["england"], unit)},
          {"region", Figure(benchmark["region"], unit)},
          {"neighbours", Figure(benchmark["neighbours_median"], unit)},
          {"year", reporting::YearLabel(benchmark["year"].get<int>())}};
}

json ScorecardRow(const json& indicator, const json& periods, std::string_view authority) {
  const Unit unit = UnitOf(indicator);
  const json& value = indicator["value"];
  const bool has_value = value.is_object() && value["value"].is_number();
  return {
      {"id", indicator["id"]},
      {"title", indicator["title"]},
      {"value", ValueFigure(value, unit)},
      {"why_no_value", !has_value && value.is_object() && value.contains("reason") ? value["reason"]
                                                                                   : json(nullptr)},
      {"target", Figure(indicator["target"], unit, "No target")},
      {"rag", RagTag(indicator["rag"].get<std::string>())},
      {"last_year", ValueFigure(indicator["same_quarter_last_year"], unit)},
      {"benchmark", BenchmarkCells(indicator, unit)},
      {"chart", TrendChart(indicator, periods, authority)}};
}

// The scorecard's indicators in sections, in the catalogue's order.
json ScorecardSections(const json& card) {
  json sections = json::array();
  const std::string authority = card["authority"].get<std::string>();
  for (const json& indicator : card["indicators"]) {
    const std::string section = indicator["section"].get<std::string>();
    if (sections.empty() || sections.back()["title"] != section) {
      sections.push_back({{"title", section}, {"rows", json::array()}});
    }
    sections.back()["rows"].push_back(ScorecardRow(indicator, card["trend_periods"], authority));
  }
  return sections;
}

// ---- the scorecard ------------------------------------------------------------------

json ScorecardForm(int latest_year, const Quarter& chosen, const FormErrors& errors) {
  return {
      {"year_field",
       ChoiceField("year", "Reporting year", YearOptions(latest_year, chosen.year), errors)},
      {"quarter_field", ChoiceField("quarter", "Quarter", QuarterOptions(chosen.quarter), errors)}};
}

core::Result<http::Response> GetScorecard(api::Call& call) {
  const Quarter latest = LastEndedQuarter(call.clock.Today());
  FormErrors errors;
  const auto year = ChosenYear(call, latest.year, latest.year, errors);
  const int quarter = ChosenQuarter(call, latest.quarter, errors);
  const Quarter chosen{year.value_or(latest.year), quarter};
  json data = ScorecardForm(latest.year, chosen, errors);
  data["heading"] = "Quarterly scorecard";
  data["has_card"] = false;
  if (!errors.empty()) {
    return Render(call, {.title = "Quarterly scorecard",
                         .template_name = "figures_scorecard",
                         .data = std::move(data),
                         .section = Section::kFigures,
                         .status = 400,
                         .errors = &errors});
  }
  SG_ASSIGN_OR_RETURN(json card, CallApi(call, "GET", "/api/v1/scorecard", nullptr,
                                         ApiQuery{{"year", std::to_string(chosen.year)},
                                                  {"quarter", std::to_string(chosen.quarter)}}));
  const std::string label =
      fmt::format("{}, {}", kQuarterNames[chosen.quarter - 1], reporting::YearLabel(chosen.year));
  data["has_card"] = true;
  data["heading"] = fmt::format("Quarterly scorecard: {}", label);
  data["authority"] = card["authority"];
  data["sections"] = ScorecardSections(card);
  data["notes"] = card["notes"];
  data["has_notes"] = !card["notes"].empty();
  const int last_report = indicators::ReportingYearOf(call.clock.Today()) - 1;
  data["report_year"] = reporting::YearLabel(std::min(chosen.year, last_report));
  data["report_href"] = fmt::format("/reports/annual?year={}", std::min(chosen.year, last_report));
  return Render(call, {.title = "Quarterly scorecard: " + label,
                       .template_name = "figures_scorecard",
                       .data = std::move(data),
                       .section = Section::kFigures});
}

// ---- the annual report ----------------------------------------------------------------

// The report for reporting year `year`, computed as `safeguard report
// annual` and the API's report job compute it; the read is audited.
core::Result<reporting::AnnualReport> BuildReport(api::Call& call, int year) {
  SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), access::Action::kComputeIndicators));
  SG_RETURN_IF_ERROR(indicators::PeriodFor(year, 0));
  SG_ASSIGN_OR_RETURN(store::Snapshot snapshot,
                      indicators::ReadSnapshot(call.gate, call.actor(),
                                               fmt::format("annual report {} (page)", year)));
  const std::string la = snapshot.la_number;
  auto book = reporting::BuildFigureBook(snapshot, call.calendar, api::SharedBenchmarks(), la,
                                         reporting::YearsEnding(year, kTrendYears, 0));
  return reporting::BuildAnnualReport(std::move(book), {});
}

json ReportTableJson(const reporting::ReportTable& table) {
  json rows = json::array();
  for (const auto& row : table.rows) {
    json cells = json::array();
    for (const auto& value : row.values) {
      cells.push_back(reporting::FormatFigure(value, row.unit, "No data"));
    }
    rows.push_back({{"label", row.label}, {"cells", cells}, {"ours", row.ours}});
  }
  std::string source = table.source;
  if (source.ends_with('.')) source.pop_back();
  return {{"caption", table.caption},
          {"first_column", table.first_column},
          {"columns", table.columns},
          {"rows", rows},
          {"source", source}};
}

json ReportSectionJson(const reporting::ReportSection& section) {
  json tables = json::array();
  for (const auto& table : section.tables) tables.push_back(ReportTableJson(table));
  json charts = json::array();
  for (const auto& chart : section.charts) {
    charts.push_back({{"caption", chart.caption}, {"svg", chart.svg}});
  }
  return {{"id", section.id},
          {"title", section.title},
          {"is_part", section.level >= 3},
          {"narrative_html", section.narrative_html},
          {"no_data", section.no_data.empty() ? json(nullptr) : json(section.no_data)},
          {"tables", tables},
          {"charts", charts}};
}

json ReportJson(const reporting::AnnualReport& report) {
  json sections = json::array();
  for (const auto& section : report.sections) sections.push_back(ReportSectionJson(section));
  return {{"report_title", report.title},
          {"period", fmt::format("1 April {} to 31 March {}", report.year - 1, report.year)},
          {"sections", sections},
          {"notes", report.book.notes},
          {"has_notes", !report.book.notes.empty()}};
}

core::Result<http::Response> GetAnnualReport(api::Call& call) {
  const int latest = indicators::ReportingYearOf(call.clock.Today()) - 1;  // the last ended
  FormErrors errors;
  const auto year = ChosenYear(call, latest, latest, errors);
  json data = {{"year_field", ChoiceField("year", "Reporting year",
                                          YearOptions(latest, year.value_or(latest)), errors)},
               {"has_report", false},
               {"heading", "Annual report"}};
  if (!year) {
    return Render(call, {.title = "Annual report",
                         .template_name = "figures_annual",
                         .data = std::move(data),
                         .section = Section::kFigures,
                         .status = 400,
                         .errors = &errors});
  }
  SG_ASSIGN_OR_RETURN(reporting::AnnualReport report, BuildReport(call, *year));
  data.update(ReportJson(report));
  data["has_report"] = true;
  data["heading"] = report.title;
  data["year"] = *year;
  return Render(call, {.title = report.title,
                       .template_name = "figures_annual",
                       .data = std::move(data),
                       .section = Section::kFigures});
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kDownloads = {{
    {"pdf", "PDF"},
    {"xlsx", "spreadsheet"},
}};

core::Result<http::Response> PostAnnualDownload(api::Call& call) {
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  const std::string format = form.Get("format");
  const auto year = WholeNumber(form.Get("year"));
  std::string_view what;
  for (const auto& [name, words] : kDownloads) {
    if (name == format) what = words;
  }
  if (what.empty() || !year) {
    return core::Fail(core::Code::kInvalidArgument,
                      "Choose Download PDF or Download spreadsheet on the annual report's page.");
  }
  SG_ASSIGN_OR_RETURN(json accepted, CallApi(call, "POST", "/api/v1/reports/annual",
                                             json{{"year", *year}, {"format", format}}));
  return SeeOther(fmt::format("/jobs/{}", accepted["job"]["id"].get<int64_t>()),
                  fmt::format("The annual report's {} is being made", what));
}

}  // namespace

void AddFigurePages(api::RouteTable& routes) {
  routes.Add("GET", "/scorecard", Page(GetScorecard));
  routes.Add("GET", "/reports/annual", Page(GetAnnualReport));
  routes.Add("POST", "/reports/annual/downloads", Page(PostAnnualDownload));
}

}  // namespace sg::pages
