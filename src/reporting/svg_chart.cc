#include "reporting/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reporting/chart_scale.h"
#include "reporting/format.h"
#include "reporting/svg_parts.h"

namespace sg::reporting {
namespace {

using svg::Num;

std::optional<double> ValueAt(const Series& series, size_t index) {
  if (index >= series.values.size()) return std::nullopt;
  const std::optional<double>& value = series.values[index];
  if (!value || !std::isfinite(*value)) return std::nullopt;
  return value;
}

void AddAxisBounds(const ChartOptions& options, std::vector<double>& values) {
  if (options.axis_min) values.push_back(*options.axis_min);
  if (options.axis_max) values.push_back(*options.axis_max);
}

// "A", "A and B", "A, B and C".
std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

std::string WithSummary(const ChartOptions& options, const std::string& figures) {
  if (options.summary.empty()) return figures;
  return options.summary + " " + figures;
}

std::string ContentKey(const ChartOptions& options, const std::vector<std::string>& labels,
                       const std::vector<Series>& series) {
  std::string key = options.title;
  for (const std::string& label : labels) key += "\x1f" + label;
  for (const Series& one : series) key += "\x1e" + one.name;
  return key;
}

// --- Line chart --------------------------------------------------------------

// "England: from 84.0% in 2016-17 to 80.1% in 2020-21, no data for 2017-18."
std::string TrendSentence(const Series& series, const std::vector<std::string>& categories,
                          const ChartOptions& options) {
  std::vector<size_t> present;
  std::vector<std::string> missing;
  for (size_t i = 0; i < categories.size(); ++i) {
    if (ValueAt(series, i)) {
      present.push_back(i);
    } else {
      missing.push_back(categories[i]);
    }
  }
  std::string sentence = series.name + ": ";
  if (present.empty()) return sentence + "no data.";
  const auto figure_in = [&](size_t i) {
    return svg::FormatFigure(ValueAt(series, i), options) + " in " + categories[i];
  };
  if (present.size() == 1) {
    sentence += figure_in(present.front());
  } else {
    sentence += "from " + figure_in(present.front()) + " to " + figure_in(present.back());
  }
  if (!missing.empty()) sentence += ", no data for " + JoinWords(missing);
  return sentence + ".";
}

void DrawLine(std::string& out, const svg::VerticalFrame& frame, const Series& series, size_t count,
              size_t index) {
  const std::string_view colour = svg::SeriesColour(index);
  const std::string_view dash = svg::SeriesDash(index);
  std::string path;
  std::string markers;
  size_t run = 0;  // points in the current unbroken stretch
  for (size_t i = 0; i < count; ++i) {
    const std::optional<double> value = ValueAt(series, i);
    if (!value) {
      run = 0;
      continue;
    }
    const double x = frame.BandCentre(i);
    const double y = frame.plot.ValueY(*value);
    // A stretch of one point has no line to draw; its marker shows it.
    if (run == 0) {
      const bool continues = i + 1 < count && ValueAt(series, i + 1);
      if (continues) path += fmt::format("{}M{} {}", path.empty() ? "" : " ", Num(x), Num(y));
    } else {
      path += fmt::format(" L{} {}", Num(x), Num(y));
    }
    ++run;
    markers +=
        fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/>\n", Num(x), Num(y), colour);
  }
  out += "<g class=\"sg-chart-series\">\n";
  if (!path.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\" "
                   "stroke-linejoin=\"round\"{}/>\n",
                   path, colour, dash.empty() ? "" : fmt::format(" stroke-dasharray=\"{}\"", dash));
  }
  out += markers;
  out += "</g>\n";
}

// --- Comparison bars ---------------------------------------------------------

std::string_view BarColour(const Bar& bar, bool any_highlight) {
  return bar.highlight || !any_highlight ? kChartPalette[0] : svg::kMutedColour;
}

std::string BarsDescription(const std::vector<Bar>& bars, const ChartOptions& options) {
  std::string figures;
  for (const Bar& bar : bars) {
    if (!figures.empty()) figures += " ";
    figures += bar.label + ": " + svg::FormatFigure(bar.value, options) + ".";
  }
  return WithSummary(options, figures);
}

void Rect(std::string& out, double x0, double y0, double x1, double y1, std::string_view colour,
          std::string_view extra = "") {
  fmt::format_to(std::back_inserter(out),
                 "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}/>\n",
                 Num(std::min(x0, x1)), Num(std::min(y0, y1)), Num(std::abs(x1 - x0)),
                 Num(std::abs(y1 - y0)), colour, extra);
}

std::string HorizontalBars(const std::vector<Bar>& bars, const ChartOptions& options,
                           const std::string& id) {
  std::vector<double> values;
  std::vector<std::optional<double>> optional_values;
  for (const Bar& bar : bars) optional_values.push_back(bar.value);
  values = FiniteValues(optional_values);
  AddAxisBounds(options, values);
  const bool any_highlight =
      std::any_of(bars.begin(), bars.end(), [](const Bar& b) { return b.highlight; });

  const double width = std::max(options.width, 200);
  double label_width = 0;
  double value_width = svg::TextWidth("no data");
  for (const Bar& bar : bars) {
    label_width = std::max(label_width, svg::TextWidth(bar.label));
    value_width = std::max(value_width, svg::TextWidth(svg::FormatFigure(bar.value, options)));
  }
  label_width = std::min(label_width, width * 0.4);
  std::vector<std::vector<std::string>> labels;
  bool two_lines = false;
  for (const Bar& bar : bars) {
    labels.push_back(svg::WrapText(bar.label, label_width, 2));
    two_lines = two_lines || labels.back().size() > 1;
  }
  const double band = two_lines ? 44 : 40;

  svg::Plot plot;
  plot.scale = NiceScale(values, /*include_zero=*/true);
  plot.left = 8 + label_width + 10;
  plot.right = std::max(plot.left + 40, width - 8 - value_width - 8);
  plot.top = options.axis_label.empty() ? 8 : 32;
  plot.bottom = plot.top + band * static_cast<double>(std::max<size_t>(bars.size(), 1));
  const double height = plot.bottom + 30;

  std::string out;
  svg::OpenSvg(out, options, id, width, height, BarsDescription(bars, options));
  if (!options.axis_label.empty()) svg::Text(out, 8, 20, options.axis_label, "start");
  out += "<g class=\"sg-chart-grid\">\n";
  for (double tick : plot.scale.Ticks()) {
    const double x = plot.ValueX(tick);
    fmt::format_to(
        std::back_inserter(out),
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\n",
        Num(x), Num(plot.top), Num(x), Num(plot.bottom), svg::kGridColour);
    svg::Text(out, x, plot.bottom + 20, FormatNumber(tick, plot.scale.decimals), "middle");
  }
  const double base = plot.ValueX(plot.Baseline());
  fmt::format_to(
      std::back_inserter(out),
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\n",
      Num(base), Num(plot.top), Num(base), Num(plot.bottom), svg::kTextColour);
  out += "</g>\n";
  for (size_t i = 0; i < bars.size(); ++i) {
    const double centre = plot.top + (static_cast<double>(i) + 0.5) * band;
    const double first_baseline =
        centre + 5 - static_cast<double>(labels[i].size() - 1) * svg::kLineHeight / 2;
    svg::Text(out, plot.left - 10, first_baseline, labels[i], "end");
    if (!bars[i].value || !std::isfinite(*bars[i].value)) {
      svg::Text(out, base + 6, centre + 5, "no data", "start",
                fmt::format("fill=\"{}\"", svg::kMutedColour));
      continue;
    }
    const double end = plot.ValueX(*bars[i].value);
    Rect(out, base, centre - 12, end, centre + 12, BarColour(bars[i], any_highlight));
    // Figures sit right of the bar, or right of zero for a negative bar,
    // so they never run into the labels on the left.
    svg::Text(out, std::max(base, end) + 6, centre + 5, svg::FormatFigure(bars[i].value, options),
              "start");
  }
  svg::CloseSvg(out);
  return out;
}

std::string VerticalBars(const std::vector<Bar>& bars, const ChartOptions& options,
                         const std::string& id) {
  std::vector<std::optional<double>> optional_values;
  std::vector<std::string> labels;
  for (const Bar& bar : bars) {
    optional_values.push_back(bar.value);
    labels.push_back(bar.label);
  }
  std::vector<double> values = FiniteValues(optional_values);
  AddAxisBounds(options, values);
  const bool any_highlight =
      std::any_of(bars.begin(), bars.end(), [](const Bar& b) { return b.highlight; });

  svg::VerticalFrame frame = svg::LayoutVertical(options, NiceScale(values, true), labels, {});
  frame.plot.top += 18;  // room for the figure above the tallest bar
  std::string out;
  svg::OpenSvg(out, options, id, frame.width, frame.height, BarsDescription(bars, options));
  svg::DrawVerticalFrame(out, frame, options, {});
  const double base = frame.plot.ValueY(frame.plot.Baseline());
  const double bar_width = std::min(frame.band * 0.6, 80.0);
  for (size_t i = 0; i < bars.size(); ++i) {
    const double centre = frame.BandCentre(i);
    if (!bars[i].value || !std::isfinite(*bars[i].value)) {
      svg::Text(
          out, centre, base - 6, "no data", "middle",
          fmt::format("fill=\"{}\" font-size=\"{}\"", svg::kMutedColour, svg::kSmallFontSize));
      continue;
    }
    const double top = frame.plot.ValueY(*bars[i].value);
    Rect(out, centre - bar_width / 2, base, centre + bar_width / 2, top,
         BarColour(bars[i], any_highlight));
    const double label_y = *bars[i].value >= 0 ? top - 6 : top + 17;
    svg::Text(out, centre, label_y, svg::FormatFigure(bars[i].value, options), "middle");
  }
  svg::CloseSvg(out);
  return out;
}

// --- Breakdowns --------------------------------------------------------------

std::string BreakdownDescription(const std::vector<std::string>& categories,
                                 const std::vector<Series>& series, const ChartOptions& options,
                                 BarLayout layout) {
  std::string figures;
  for (size_t i = 0; i < categories.size(); ++i) {
    std::vector<std::string> parts;
    double total = 0;
    bool any = false;
    for (const Series& one : series) {
      const std::optional<double> value = ValueAt(one, i);
      parts.push_back(one.name + " " + svg::FormatFigure(value, options));
      if (value) {
        total += *value;
        any = true;
      }
    }
    if (!figures.empty()) figures += " ";
    figures += categories[i] + ": ";
    std::string joined;
    for (const std::string& part : parts) joined += (joined.empty() ? "" : ", ") + part;
    figures += joined.empty() ? "no data" : joined;
    if (layout == BarLayout::kStacked && series.size() > 1) {
      figures += ", total " +
                 svg::FormatFigure(any ? std::optional<double>(total) : std::nullopt, options);
    }
    figures += ".";
  }
  return WithSummary(options, figures);
}

// For stacked bars the axis must reach each category's positive and
// negative sums, not just the single values.
std::vector<double> StackedExtents(const std::vector<std::string>& categories,
                                   const std::vector<Series>& series) {
  std::vector<double> extents;
  for (size_t i = 0; i < categories.size(); ++i) {
    double up = 0;
    double down = 0;
    for (const Series& one : series) {
      const std::optional<double> value = ValueAt(one, i);
      if (!value) continue;
      (*value >= 0 ? up : down) += *value;
    }
    extents.push_back(up);
    extents.push_back(down);
  }
  return extents;
}

std::vector<double> AllValues(const std::vector<std::string>& categories,
                              const std::vector<Series>& series) {
  std::vector<double> values;
  for (const Series& one : series) {
    for (size_t i = 0; i < categories.size(); ++i) {
      if (const std::optional<double> value = ValueAt(one, i)) values.push_back(*value);
    }
  }
  return values;
}

void DrawGrouped(std::string& out, const svg::VerticalFrame& frame, size_t categories,
                 const std::vector<Series>& series) {
  const double group = frame.band * 0.8;
  const double bar = group / static_cast<double>(std::max<size_t>(series.size(), 1));
  const double base = frame.plot.ValueY(frame.plot.Baseline());
  for (size_t s = 0; s < series.size(); ++s) {
    fmt::format_to(std::back_inserter(out), "<g class=\"sg-chart-series\" fill=\"{}\">\n",
                   svg::SeriesColour(s));
    for (size_t i = 0; i < categories; ++i) {
      const std::optional<double> value = ValueAt(series[s], i);
      if (!value) continue;
      const double x = frame.BandCentre(i) - group / 2 + static_cast<double>(s) * bar;
      // A hairline gap between neighbouring bars keeps them apart.
      Rect(out, x, base, x + std::max(bar - 1, 1.0), frame.plot.ValueY(*value),
           svg::SeriesColour(s));
    }
    out += "</g>\n";
  }
}

void DrawStacked(std::string& out, const svg::VerticalFrame& frame, size_t categories,
                 const std::vector<Series>& series) {
  const double bar = std::min(frame.band * 0.6, 80.0);
  std::vector<double> up(categories, 0);
  std::vector<double> down(categories, 0);
  for (size_t s = 0; s < series.size(); ++s) {
    fmt::format_to(std::back_inserter(out), "<g class=\"sg-chart-series\" fill=\"{}\">\n",
                   svg::SeriesColour(s));
    for (size_t i = 0; i < categories; ++i) {
      const std::optional<double> value = ValueAt(series[s], i);
      if (!value || *value == 0) continue;
      double& level = *value > 0 ? up[i] : down[i];
      const double from = frame.plot.ValueY(level);
      level += *value;
      const double centre = frame.BandCentre(i);
      Rect(out, centre - bar / 2, from, centre + bar / 2, frame.plot.ValueY(level),
           svg::SeriesColour(s), " stroke=\"#ffffff\" stroke-width=\"1\"");
    }
    out += "</g>\n";
  }
}

}  // namespace

std::string LineChart(const std::vector<std::string>& categories, const std::vector<Series>& series,
                      const ChartOptions& options) {
  std::vector<double> values = AllValues(categories, series);
  AddAxisBounds(options, values);
  std::vector<svg::LegendItem> legend;
  for (size_t i = 0; i < series.size(); ++i) {
    legend.push_back({series[i].name, svg::SeriesColour(i), svg::SeriesDash(i), /*line=*/true});
  }
  const svg::VerticalFrame frame =
      svg::LayoutVertical(options, NiceScale(values, options.zero_based), categories, legend);

  std::string figures;
  for (const Series& one : series) {
    if (!figures.empty()) figures += " ";
    figures += TrendSentence(one, categories, options);
  }
  std::string out;
  svg::OpenSvg(out, options, svg::ChartId(options, ContentKey(options, categories, series)),
               frame.width, frame.height, WithSummary(options, figures));
  svg::DrawVerticalFrame(out, frame, options, legend);
  for (size_t i = 0; i < series.size(); ++i) DrawLine(out, frame, series[i], categories.size(), i);
  svg::CloseSvg(out);
  return out;
}

std::string BarChart(const std::vector<Bar>& bars, const ChartOptions& options,
                     Orientation orientation) {
  std::vector<std::string> labels;
  for (const Bar& bar : bars) labels.push_back(bar.label);
  const std::string id = svg::ChartId(options, ContentKey(options, labels, {}));
  return orientation == Orientation::kHorizontal ? HorizontalBars(bars, options, id)
                                                 : VerticalBars(bars, options, id);
}

std::string BreakdownChart(const std::vector<std::string>& categories,
                           const std::vector<Series>& series, const ChartOptions& options,
                           BarLayout layout) {
  std::vector<double> values = layout == BarLayout::kStacked ? StackedExtents(categories, series)
                                                             : AllValues(categories, series);
  AddAxisBounds(options, values);
  std::vector<svg::LegendItem> legend;
  for (size_t i = 0; i < series.size(); ++i) {
    legend.push_back({series[i].name, svg::SeriesColour(i), "", /*line=*/false});
  }
  const svg::VerticalFrame frame =
      svg::LayoutVertical(options, NiceScale(values, /*include_zero=*/true), categories, legend);
  std::string out;
  svg::OpenSvg(out, options, svg::ChartId(options, ContentKey(options, categories, series)),
               frame.width, frame.height,
               BreakdownDescription(categories, series, options, layout));
  svg::DrawVerticalFrame(out, frame, options, legend);
  if (layout == BarLayout::kStacked) {
    DrawStacked(out, frame, categories.size(), series);
  } else {
    DrawGrouped(out, frame, categories.size(), series);
  }
  svg::CloseSvg(out);
  return out;
}

}  // namespace sg::reporting
