// Charts for the scorecard and the annual report, drawn as inline SVG.
//
// Three kinds cover what a partnership publishes: a trend over years (one
// line per series: the authority, England, the region, statistical
// neighbours), a comparison of one figure across those (a bar each, the
// authority highlighted), and a breakdown (grouped or stacked bars, e.g. CP
// plans by category of abuse per year).
//
// Design:
// - Accessible: the <svg> has role="img", a <title> (the chart's name) and a
//   <desc> that states the data in words, so a screen reader user hears the
//   figures. The data table beside the chart (HtmlTable in page.h) is the
//   caller's job: a chart is never the only way to read a figure.
// - Colours are the GOV.UK palette, in the order of kChartPalette; beyond
//   six series the colours repeat with dashed lines, so no two lines look
//   alike (bars have no dashes: keep a breakdown to six series). The
//   authority's bar is blue and comparators grey.
// - Missing data is visible as missing, never drawn as zero: a null leaves
//   a gap in a line and "no data" in place of a comparison bar; in a
//   breakdown its bar is left out and <desc> says "no data".
// - Deterministic: the same input gives the same bytes (coordinates with two
//   decimals, no clock, no random ids), so reports can be compared and
//   golden-tested.
// - Text widths are estimated (0.6 em a character), not measured: long
//   labels wrap onto up to three lines and are cut with "…" beyond.
//
// Values that are NaN or infinite are treated as null; series shorter than
// the categories are padded with nulls, longer ones cut. No input makes a
// chart fail, so the functions return the SVG directly.
//
// Thread safety: pure functions.
#ifndef SAFEGUARD_REPORTING_SVG_CHART_H_
#define SAFEGUARD_REPORTING_SVG_CHART_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::reporting {

// GOV.UK Design System colours: blue, orange, green, purple, red, dark grey.
inline constexpr std::array<std::string_view, 6> kChartPalette = {"#1d70b8", "#f47738", "#00703c",
                                                                  "#4c2c92", "#d4351c", "#505a5f"};

struct ChartOptions {
  // The chart's name (the <title>, read first by a screen reader). Required
  // in practice: an empty title makes an unnamed image.
  std::string title;
  // Sentences put before the generated figures in <desc>, e.g. what the
  // measure is or where the benchmark comes from. May be empty.
  std::string summary;
  // Printed above the value axis, e.g. "Rate per 10,000 children".
  std::string axis_label;
  // Written after every figure in <desc> and on bar labels: "%",
  // " per 10,000". Axis ticks carry plain numbers (the axis label says the
  // unit).
  std::string value_suffix;
  int decimals = 1;  // places for figures in <desc> and on bars (0 to 6)
  // The id of the <svg>; its <title> and <desc> get "-title" and "-desc".
  // Must be unique in the page; when empty, one is derived from the
  // chart's content (same content, same id).
  std::string id;
  int width = 640;
  // The minimum height of vertical charts; they grow when the labels and
  // legend need the room. Horizontal bar charts size themselves by bars.
  int height = 360;
  // Whether the value axis must include 0. Bars always include it; a trend
  // may zoom in on its range by setting this to false.
  bool zero_based = true;
  // Widen (never narrow) the value axis, e.g. 0 to 100 for percentages.
  std::optional<double> axis_min;
  std::optional<double> axis_max;
};

// One line of a trend, or one colour of a breakdown.
struct Series {
  std::string name;                           // for the legend and <desc>
  std::vector<std::optional<double>> values;  // one per category; nullopt: no data
};

// A trend: one line per series across `categories` (e.g. "2016-17" …
// "2020-21"), points marked, nulls leaving gaps, a legend below.
std::string LineChart(const std::vector<std::string>& categories, const std::vector<Series>& series,
                      const ChartOptions& options);

struct Bar {
  std::string label;            // "Cheshire East", "England"
  std::optional<double> value;  // nullopt: "no data" shown in its place
  bool highlight = false;       // the authority: blue; the others grey
};

enum class Orientation { kHorizontal, kVertical };

// One figure compared across places: a bar each, its value printed at its
// end. Horizontal (the default) suits long labels; the chart's height
// follows the number of bars. When no bar is highlighted, all are blue.
std::string BarChart(const std::vector<Bar>& bars, const ChartOptions& options,
                     Orientation orientation = Orientation::kHorizontal);

enum class BarLayout { kGrouped, kStacked };

// A breakdown: for each category a group of bars (one per series, side by
// side) or one stacked bar (series on top of each other; negative values
// stack downwards from zero), with a legend. <desc> gives each category's
// figures, and for stacked bars their total.
std::string BreakdownChart(const std::vector<std::string>& categories,
                           const std::vector<Series>& series, const ChartOptions& options,
                           BarLayout layout);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_SVG_CHART_H_
