#include "reporting/svg_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reporting/format.h"

namespace sg::reporting::svg {
namespace {

size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// `text` cut to fit `max_width` with "…" at the end, on a character
// boundary.
std::string Ellipsize(std::string_view text, double max_width) {
  std::string out(text);
  while (!out.empty() && TextWidth(out + "…") > max_width) {
    // Drop the last character: its continuation bytes, then its first byte.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty()) out.pop_back();
  }
  return out + "…";
}

uint32_t Fnv1a(std::string_view text) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

}  // namespace

std::string Num(double value) {
  if (!std::isfinite(value) || std::abs(value) < 0.005) value = 0;
  return fmt::format("{:.2f}", value);
}

double TextWidth(std::string_view text, double font_size) {
  return static_cast<double>(CodePoints(text)) * font_size * 0.6;
}

std::vector<std::string> WrapText(std::string_view text, double max_width, int max_lines) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::vector<std::string> lines;
  for (const std::string& word : words) {
    if (!lines.empty() && TextWidth(lines.back() + " " + word) <= max_width) {
      lines.back() += " " + word;
    } else {
      lines.push_back(word);
    }
  }
  if (lines.empty()) lines.emplace_back();
  max_lines = std::max(max_lines, 1);
  if (static_cast<int>(lines.size()) > max_lines) {
    std::string last = lines[max_lines - 1];
    for (size_t i = max_lines; i < lines.size(); ++i) last += " " + lines[i];
    lines.resize(max_lines);
    lines.back() = Ellipsize(last, max_width);
  }
  return lines;
}

std::string FormatFigure(std::optional<double> value, const ChartOptions& options) {
  if (!value || !std::isfinite(*value)) return "no data";
  return FormatNumber(*value, options.decimals) + options.value_suffix;
}

std::string ChartId(const ChartOptions& options, std::string_view content) {
  std::string id;
  for (char c : options.id) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
    id += safe ? c : '-';
  }
  if (id.empty()) return fmt::format("chart-{:08x}", Fnv1a(content));
  // An XML id must not start with a digit or a hyphen.
  if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z'))) id = "chart-" + id;
  return id;
}

std::string_view SeriesColour(size_t index) {
  return kChartPalette[index % kChartPalette.size()];
}

std::string_view SeriesDash(size_t index) {
  switch (index / kChartPalette.size()) {
    case 0:
      return "";
    case 1:
      return "8 4";
    default:
      return "2 3";
  }
}

void OpenSvg(std::string& out, const ChartOptions& options, std::string_view id, double width,
             double height, std::string_view description) {
  fmt::format_to(std::back_inserter(out),
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sg-chart\" id=\"{0}\" "
                 "width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\" role=\"img\" "
                 "aria-labelledby=\"{0}-title\" aria-describedby=\"{0}-desc\" "
                 "font-family=\"arial, sans-serif\" font-size=\"{3}\" fill=\"{4}\">\n"
                 "<title id=\"{0}-title\">{5}</title>\n<desc id=\"{0}-desc\">{6}</desc>\n",
                 id, std::lround(width), std::lround(height), kFontSize, kTextColour,
                 EscapeXml(options.title), EscapeXml(description));
}

void CloseSvg(std::string& out) {
  out += "</svg>\n";
}

void Text(std::string& out, double x, double y, const std::vector<std::string>& lines,
          std::string_view anchor, std::string_view attributes) {
  fmt::format_to(std::back_inserter(out), "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\"{}{}>", Num(x),
                 Num(y), anchor, attributes.empty() ? "" : " ", attributes);
  if (lines.size() == 1) {
    out += EscapeXml(lines[0]);
  } else {
    for (size_t i = 0; i < lines.size(); ++i) {
      fmt::format_to(std::back_inserter(out), "<tspan x=\"{}\" y=\"{}\">{}</tspan>", Num(x),
                     Num(y + i * kLineHeight), EscapeXml(lines[i]));
    }
  }
  out += "</text>\n";
}

void Text(std::string& out, double x, double y, std::string_view text, std::string_view anchor,
          std::string_view attributes) {
  Text(out, x, y, std::vector<std::string>{std::string(text)}, anchor, attributes);
}

double Plot::ValueY(double value) const {
  return bottom - scale.Fraction(value) * (bottom - top);
}

double Plot::ValueX(double value) const {
  return left + scale.Fraction(value) * (right - left);
}

double Plot::Baseline() const {
  return std::clamp(0.0, scale.low, scale.high);
}

LegendPlacement PlaceLegend(const std::vector<LegendItem>& items, double width) {
  constexpr double kSwatch = 24;
  constexpr double kGap = 20;
  constexpr double kRow = 22;
  LegendPlacement placement;
  double x = 0;
  double y = 0;
  for (const LegendItem& item : items) {
    const double item_width = kSwatch + 6 + TextWidth(item.name) + kGap;
    if (x > 0 && x + item_width - kGap > width) {
      x = 0;
      y += kRow;
    }
    placement.x.push_back(x);
    placement.y.push_back(y);
    x += item_width;
  }
  placement.height = items.empty() ? 0 : y + kRow;
  return placement;
}

void DrawLegend(std::string& out, const std::vector<LegendItem>& items,
                const LegendPlacement& placement, double left, double top) {
  for (size_t i = 0; i < items.size(); ++i) {
    const double x = left + placement.x[i];
    const double middle = top + placement.y[i] + 11;
    const LegendItem& item = items[i];
    if (item.line) {
      fmt::format_to(std::back_inserter(out),
                     "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
                     "stroke-width=\"3\"{}/>\n<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/>\n",
                     Num(x), Num(middle), Num(x + 24), Num(middle), item.colour,
                     item.dash.empty() ? "" : fmt::format(" stroke-dasharray=\"{}\"", item.dash),
                     Num(x + 12), Num(middle), item.colour);
    } else {
      fmt::format_to(std::back_inserter(out),
                     "<rect x=\"{}\" y=\"{}\" width=\"16\" height=\"16\" fill=\"{}\"/>\n",
                     Num(x + 4), Num(middle - 8), item.colour);
    }
    Text(out, x + 30, middle + 5, item.name, "start");
  }
}

double VerticalFrame::BandCentre(size_t index) const {
  return plot.left + (static_cast<double>(index) + 0.5) * band;
}

VerticalFrame LayoutVertical(const ChartOptions& options, const ValueScale& scale,
                             const std::vector<std::string>& categories,
                             const std::vector<LegendItem>& legend) {
  constexpr double kMinPlotHeight = 100;
  VerticalFrame frame;
  frame.width = std::max(options.width, 200);
  frame.plot.scale = scale;
  double tick_width = 0;
  for (double tick : scale.Ticks()) {
    tick_width = std::max(tick_width, TextWidth(FormatNumber(tick, scale.decimals)));
  }
  frame.plot.left = 8 + tick_width + 8;
  frame.plot.right = frame.width - 16;
  frame.plot.top = options.axis_label.empty() ? 12 : 36;
  frame.band = (frame.plot.right - frame.plot.left) /
               static_cast<double>(std::max<size_t>(categories.size(), 1));
  size_t label_lines = 0;
  for (const std::string& category : categories) {
    frame.labels.push_back(WrapText(category, std::max(frame.band - 6, 40.0), 3));
    label_lines = std::max(label_lines, frame.labels.back().size());
  }
  frame.legend = PlaceLegend(legend, frame.width - 16);
  const double below_plot = 8 + static_cast<double>(label_lines) * kLineHeight +
                            (legend.empty() ? 0 : 14 + frame.legend.height) + 6;
  frame.height = std::max<double>(options.height, frame.plot.top + kMinPlotHeight + below_plot);
  frame.plot.bottom = frame.height - below_plot;
  frame.legend_top = frame.plot.bottom + 8 + static_cast<double>(label_lines) * kLineHeight + 14;
  return frame;
}

void DrawVerticalFrame(std::string& out, const VerticalFrame& frame, const ChartOptions& options,
                       const std::vector<LegendItem>& legend) {
  const Plot& plot = frame.plot;
  if (!options.axis_label.empty()) Text(out, 8, 20, options.axis_label, "start");
  out += "<g class=\"sg-chart-grid\">\n";
  for (double tick : plot.scale.Ticks()) {
    const double y = plot.ValueY(tick);
    fmt::format_to(
        std::back_inserter(out),
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\n",
        Num(plot.left), Num(y), Num(plot.right), Num(y), kGridColour);
    Text(out, plot.left - 8, y + 5, FormatNumber(tick, plot.scale.decimals), "end");
  }
  // The line values rise from: zero, drawn darker than the grid.
  const double base = plot.ValueY(plot.Baseline());
  fmt::format_to(
      std::back_inserter(out),
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\n",
      Num(plot.left), Num(base), Num(plot.right), Num(base), kTextColour);
  out += "</g>\n";
  for (size_t i = 0; i < frame.labels.size(); ++i) {
    Text(out, frame.BandCentre(i), plot.bottom + 8 + 13, frame.labels[i], "middle");
  }
  DrawLegend(out, legend, frame.legend, 8, frame.legend_top);
}

}  // namespace sg::reporting::svg
