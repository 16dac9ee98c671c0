// The scorecard as a GOV.UK page: one table per section, each row with its
// value, target, a RAG tag, last year's figure, a five-year sparkline and
// the latest benchmarks. A RAG status is never shown by colour alone: the
// tag carries its word ("Green", "Amber", "Red").
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "reporting/format.h"
#include "reporting/page.h"
#include "reporting/scorecard.h"

namespace sg::reporting {
namespace {

using indicators::Unit;

std::string Shown(const std::optional<double>& v, Unit unit) { return FormatFigure(v, unit, "—"); }

std::string_view TagClass(Rag rag) {
  switch (rag) {
    case Rag::kGreen: return "govuk-tag--green";
    case Rag::kAmber: return "govuk-tag--yellow";
    case Rag::kRed: return "govuk-tag--red";
    case Rag::kNotRated: return "govuk-tag--grey";
    case Rag::kNoData: return "govuk-tag--grey";
  }
  return "govuk-tag--grey";
}

// A small line of the five values, labelled for screen readers with the
// values themselves; gaps where a year has no value.
std::string Sparkline(const Scorecard& card, const IndicatorHistory& h) {
  constexpr double kWidth = 120, kHeight = 28, kPad = 3;
  std::vector<std::optional<double>> v;
  for (const auto& value : h.values) v.push_back(value.value);
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& x : v) {
    if (!x) continue;
    lo = any ? std::min(lo, *x) : *x;
    hi = any ? std::max(hi, *x) : *x;
    any = true;
  }
  std::string label = "Trend:";
  for (size_t i = 0; i < v.size(); ++i)
    label += fmt::format(" {} {};", card.book.periods[i].label, Shown(v[i], h.definition->unit));
  std::string svg = fmt::format(
      "<svg class=\"sg-sparkline\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" "
      "aria-label=\"{}\">",
      kWidth, kHeight, kWidth, kHeight, EscapeXml(label));
  if (!any) return svg + "</svg>";
  const double span = hi > lo ? hi - lo : 1.0;
  auto x_at = [&](size_t i) { return kPad + (kWidth - 2 * kPad) * (v.size() > 1 ? double(i) / double(v.size() - 1) : 0.5); };
  auto y_at = [&](double value) { return kHeight - kPad - (kHeight - 2 * kPad) * (hi > lo ? (value - lo) / span : 0.5); };
  std::string path;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i]) {
      if (!path.empty()) path += " ";
      continue;
    }
    bool starts = path.empty() || path.back() == ' ';
    path += fmt::format("{}{:.1f},{:.1f}", starts ? "M" : " L", x_at(i), y_at(*v[i]));
  }
  svg += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"2\"/>", path);
  if (v.back()) svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"#1d70b8\"/>", x_at(v.size() - 1), y_at(*v.back()));
  return svg + "</svg>";
}

std::string Row(const Scorecard& card, const ScorecardRow& row) {
  const IndicatorHistory& h = card.history(row);
  const Unit unit = h.definition->unit;
  const indicators::Value& value = card.value(row);
  const indicators::Value* last = card.last_year(row);
  std::string value_cell = Shown(value.value, unit);
  std::string title = value.value ? "" : fmt::format(" title=\"{}\"", EscapeXml(value.reason));
  std::string benchmark = row.benchmark_year == 0
                              ? "<td class=\"govuk-table__cell\" colspan=\"3\">—</td>"
                              : fmt::format("<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>"
                                            "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>"
                                            "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>",
                                            Shown(row.benchmark.england, unit), Shown(row.benchmark.region, unit),
                                            Shown(row.benchmark.neighbours_median, unit));
  return fmt::format(
      "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>"
      "<td class=\"govuk-table__cell govuk-table__cell--numeric\"{}>{}</td>"
      "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>"
      "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag {}\">{}</strong></td>"
      "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>"
      "<td class=\"govuk-table__cell\">{}</td>"
      "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>{}</tr>\n",
      EscapeXml(h.definition->title), title, EscapeXml(value_cell), Shown(row.target, unit),
      TagClass(row.rag), RagLabel(row.rag), last ? Shown(last->value, unit) : "—", Sparkline(card, h),
      row.benchmark_year ? YearLabel(row.benchmark_year) : "", benchmark);
}

std::string SectionTable(const Scorecard& card, std::string_view section) {
  std::string html = fmt::format(
      "<table class=\"govuk-table sg-scorecard\"><caption class=\"govuk-table__caption "
      "govuk-table__caption--m\">{}</caption>\n<thead class=\"govuk-table__head\"><tr "
      "class=\"govuk-table__row\">"
      "<th scope=\"col\" class=\"govuk-table__header\">Indicator</th>"
      "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">{}</th>"
      "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Target</th>"
      "<th scope=\"col\" class=\"govuk-table__header\">RAG</th>"
      "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">{}</th>"
      "<th scope=\"col\" class=\"govuk-table__header\">Trend ({} to {})</th>"
      "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">DfE year</th>"
      "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">England</th>"
      "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">{}</th>"
      "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Neighbours "
      "(median)</th></tr></thead>\n<tbody class=\"govuk-table__body\">\n",
      EscapeXml(section), EscapeXml(card.book.periods.back().label),
      card.book.periods.size() >= 2 ? EscapeXml(card.book.periods[card.book.periods.size() - 2].label) : "Last year",
      EscapeXml(card.book.periods.front().label), EscapeXml(card.book.periods.back().label),
      EscapeXml(card.book.authority ? card.book.authority->region_name : std::string("Region")));
  for (const auto& row : card.rows)
    if (card.history(row).definition->section == section) html += Row(card, row);
  return html + "</tbody></table>\n";
}

}  // namespace

std::string ScorecardHtml(const Scorecard& card) {
  const auto& period = card.book.periods.back().period;
  std::string body = fmt::format(
      "<p class=\"govuk-body-l\">{} to {}. Values are for the quarter; measures \"at 31 March\" are "
      "taken on its last day. RAG compares each value with the partnership's target ({}) by the "
      "indicator's polarity; activity counts are not rated. Benchmarks are DfE's latest published "
      "yearly figures, shown for percentages and for measures taken at the quarter's end (a "
      "quarter's counts are not comparable with a year's).</p>\n",
      period.start.Iso(), period.end.Iso(), EscapeXml(card.targets_source));
  std::string_view section;
  for (const auto& row : card.rows) {
    std::string_view s = card.history(row).definition->section;
    if (s == section) continue;
    section = s;
    body += SectionTable(card, section);
  }
  if (!card.book.notes.empty()) {
    body += "<h2 class=\"govuk-heading-m\">Notes</h2><ul class=\"govuk-list govuk-list--bullet\">\n";
    for (const auto& note : card.book.notes) body += fmt::format("<li>{}</li>\n", EscapeXml(note));
    body += "</ul>\n";
  }
  return RenderPage({.title = fmt::format("Quarterly scorecard: {}", card.book.periods.back().label),
                     .caption = card.book.AuthorityName(),
                     .body_html = body,
                     .footer_text = fmt::format("{} scorecard, {}", card.book.AuthorityName(),
                                                card.book.periods.back().label),
                     .wide = true});
}

}  // namespace sg::reporting
