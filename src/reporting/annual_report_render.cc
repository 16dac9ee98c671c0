// The annual report as HTML (one GOV.UK page) and as an xlsx workbook (one
// sheet per table), from the content annual_report.cc assembles.
#include <fmt/format.h>

#include "reporting/annual_report.h"
#include "reporting/format.h"
#include "reporting/page.h"
#include "reporting/xlsx_workbook.h"

namespace sg::reporting {
namespace {

using indicators::Unit;

std::string TableHtml(const ReportTable& t) {
  HtmlTableOptions options{.caption = t.caption};
  options.columns.push_back({t.first_column, false});
  for (const auto& c : t.columns) options.columns.push_back({c, true});
  for (const auto& row : t.rows) {
    std::vector<std::string> cells = {row.label};
    for (const auto& v : row.values) cells.push_back(FormatFigure(v, row.unit, "no data"));
    options.rows.push_back(std::move(cells));
  }
  std::string_view source = t.source;
  if (source.ends_with('.')) source.remove_suffix(1);
  return fmt::format("{}<p class=\"govuk-body-s\">Source: {}.</p>\n", HtmlTable(options),
                     EscapeXml(source));
}

std::string Contents(const AnnualReport& report) {
  std::string html =
      "<nav aria-labelledby=\"contents\"><h2 class=\"govuk-heading-m\" id=\"contents\">Contents</h2>\n"
      "<ol class=\"govuk-list govuk-list--number\">\n";
  bool open_sublist = false;
  for (const auto& s : report.sections) {
    if (s.level == 3 && !open_sublist) {
      html += "<ol class=\"govuk-list\">\n";
      open_sublist = true;
    } else if (s.level == 2 && open_sublist) {
      html += "</ol></li>\n";
      open_sublist = false;
    } else if (s.level == 2 && &s != &report.sections.front()) {
      html += "</li>\n";
    }
    html += fmt::format("<li><a class=\"govuk-link\" href=\"#{}\">{}</a>", s.id, EscapeXml(s.title));
    if (s.level == 3) html += "</li>\n";
  }
  html += open_sublist ? "</ol></li>\n</ol></nav>\n" : "</li>\n</ol></nav>\n";
  return html;
}

std::string SectionHtml(const ReportSection& s) {
  std::string html = fmt::format("<section aria-labelledby=\"{0}\">\n<h{1} class=\"govuk-heading-{2}\" "
                                 "id=\"{0}\">{3}</h{1}>\n",
                                 s.id, s.level, s.level == 2 ? "l" : "m", EscapeXml(s.title));
  html += s.narrative_html;
  if (!s.no_data.empty())
    html += fmt::format("<div class=\"govuk-inset-text\">{}</div>\n", EscapeXml(s.no_data));
  for (const auto& t : s.tables) html += TableHtml(t);
  for (const auto& c : s.charts) html += HtmlFigure(c.caption, c.svg);
  return html + "</section>\n";
}

std::string AboutTheFigures(const AnnualReport& report) {
  const FigureBook& book = report.book;
  std::string html =
      "<section aria-labelledby=\"about\">\n<h2 class=\"govuk-heading-l\" id=\"about\">About the "
      "figures</h2>\n<p class=\"govuk-body\">The authority's figures are computed by Safeguard from its "
      "records, by the rules listed in its indicator catalogue (docs/indicators.md). England's, the "
      "region's and the statistical neighbours' figures are the Department for Education's published "
      "statistics (Open Government Licence v3.0).";
  if (!book.neighbour_model.empty()) {
    std::string names;
    for (const auto& n : book.neighbours) names += (names.empty() ? "" : ", ") + n.name;
    html += fmt::format(" Statistical neighbours ({}): {}; their figure is the median of those with a "
                        "published value.",
                        EscapeXml(book.neighbour_model), EscapeXml(names));
  }
  html += "</p>\n";
  if (!book.notes.empty()) {
    html += "<ul class=\"govuk-list govuk-list--bullet\">\n";
    for (const auto& note : book.notes) html += fmt::format("<li>{}</li>\n", EscapeXml(note));
    html += "</ul>\n";
  }
  return html + "</section>\n";
}

}  // namespace

std::string AnnualReportHtml(const AnnualReport& report) {
  std::string body = Contents(report);
  for (const auto& s : report.sections) body += SectionHtml(s);
  body += AboutTheFigures(report);
  const auto& last = report.book.periods.back().period;
  return RenderPage({.title = report.title,
                     .caption = fmt::format("1 April {} to 31 March {}", report.year - 1, report.year),
                     .body_html = body,
                     .footer_text = fmt::format("{} ({} to {})", report.title, last.start.Iso(),
                                                last.end.Iso())});
}

core::Status WriteAnnualReportXlsx(const AnnualReport& report, const std::filesystem::path& path) {
  SG_ASSIGN_OR_RETURN(Workbook workbook, Workbook::Create(path));
  std::vector<std::string> taken;
  for (const auto& section : report.sections) {
    for (const auto& t : section.tables) {
      std::string name = ExcelSheetName(t.caption, taken);
      taken.push_back(name);
      SG_ASSIGN_OR_RETURN(Sheet sheet, workbook.AddSheet(name));
      SG_RETURN_IF_ERROR(sheet.WriteText(0, t.caption, true));
      Table table;
      table.columns.push_back({t.first_column});
      for (const auto& c : t.columns) table.columns.push_back({c});  // General: 2082, 74.5
      for (const auto& row : t.rows) {
        std::vector<Cell> cells;  // appended one by one, as in scorecard.cc (g++ 12)
        cells.emplace_back(std::in_place_type<std::string>, row.label);
        for (const auto& v : row.values) {
          if (v) {
            cells.emplace_back(std::in_place_type<double>, *v);
          } else {
            cells.emplace_back();
          }
        }
        table.rows.push_back(std::move(cells));
      }
      SG_ASSIGN_OR_RETURN(uint32_t next, sheet.WriteTable(2, table));
      SG_RETURN_IF_ERROR(sheet.WriteText(next + 1, fmt::format("Source: {}.", t.source)));
    }
  }
  return workbook.Close();
}

}  // namespace sg::reporting
