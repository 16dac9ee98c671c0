// The drawing pieces that the charts of svg_chart.h share: the <svg>
// element with its title and description, text and its wrapping, the value
// axis with gridlines, category labels and the legend. Internal to the
// reporting module (svg_chart.cc and its tests); the public API is
// svg_chart.h.
//
// Coordinates are SVG user units (pixels at 100%); every number written
// goes through Num() so that output is byte-for-byte repeatable.
//
// Thread safety: pure functions.
#ifndef SAFEGUARD_REPORTING_SVG_PARTS_H_
#define SAFEGUARD_REPORTING_SVG_PARTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reporting/chart_scale.h"
#include "reporting/svg_chart.h"

namespace sg::reporting::svg {

inline constexpr double kFontSize = 14;
inline constexpr double kSmallFontSize = 12;
inline constexpr double kLineHeight = 17;
inline constexpr std::string_view kTextColour = "#0b0c0c";
inline constexpr std::string_view kGridColour = "#b1b4b6";
inline constexpr std::string_view kMutedColour = "#505a5f";

// A coordinate with two decimals; never "-0.00".
std::string Num(double value);

// The estimated width of `text` (UTF-8) at `font_size`: 0.6 em a character.
double TextWidth(std::string_view text, double font_size = kFontSize);

// `text` broken at spaces into lines of at most `max_width`, at most
// `max_lines` of them; a cut last line ends with "…". A word longer than
// the width gets a line of its own and overflows it.
std::vector<std::string> WrapText(std::string_view text, double max_width, int max_lines);

// "74.0%" for a value (decimals and suffix from `options`), "no data" for
// nullopt.
std::string FormatFigure(std::optional<double> value, const ChartOptions& options);

// `options.id` made safe for an XML id, or when empty "chart-" and a hash
// of `content` (the caller passes the chart's labels and title).
std::string ChartId(const ChartOptions& options, std::string_view content);

// The series colour and dash pattern: the palette in order, then again
// dashed, then dotted.
std::string_view SeriesColour(size_t index);
std::string_view SeriesDash(size_t index);  // "" for a solid line

// <svg …> with role, size, <title> and <desc>; CloseSvg ends it.
void OpenSvg(std::string& out, const ChartOptions& options, std::string_view id, double width,
             double height, std::string_view description);
void CloseSvg(std::string& out);

// One <text> (escaped), with `anchor` "start", "middle" or "end"; `y` is
// the baseline of the first line, further lines follow kLineHeight below.
void Text(std::string& out, double x, double y, const std::vector<std::string>& lines,
          std::string_view anchor, std::string_view attributes = "");
void Text(std::string& out, double x, double y, std::string_view text, std::string_view anchor,
          std::string_view attributes = "");

// The plot area and its value scale. For vertical charts values run up the
// y axis; for horizontal bar charts along the x axis.
struct Plot {
  double left = 0;
  double top = 0;
  double right = 0;
  double bottom = 0;
  ValueScale scale;

  double ValueY(double value) const;  // vertical charts
  double ValueX(double value) const;  // horizontal charts
  // Where bars start: zero, or the nearest end of the axis when the axis
  // does not include zero.
  double Baseline() const;
};

struct LegendItem {
  std::string name;
  std::string_view colour;
  std::string_view dash;  // lines only
  bool line = false;      // a line with a marker, else a square
};

// Where each legend item goes, relative to the legend's top-left corner.
struct LegendPlacement {
  std::vector<double> x;
  std::vector<double> y;
  double height = 0;
};
LegendPlacement PlaceLegend(const std::vector<LegendItem>& items, double width);
void DrawLegend(std::string& out, const std::vector<LegendItem>& items,
                const LegendPlacement& placement, double left, double top);

// A chart with categories along the x axis and values up the y axis.
struct VerticalFrame {
  double width = 0;
  double height = 0;
  Plot plot;
  double band = 0;  // width given to each category
  std::vector<std::vector<std::string>> labels;
  LegendPlacement legend;
  double legend_top = 0;

  double BandCentre(size_t index) const;
};

VerticalFrame LayoutVertical(const ChartOptions& options, const ValueScale& scale,
                             const std::vector<std::string>& categories,
                             const std::vector<LegendItem>& legend);

// Gridlines, value ticks, the axis label, category labels and the legend.
void DrawVerticalFrame(std::string& out, const VerticalFrame& frame, const ChartOptions& options,
                       const std::vector<LegendItem>& legend);

}  // namespace sg::reporting::svg

#endif  // SAFEGUARD_REPORTING_SVG_PARTS_H_
