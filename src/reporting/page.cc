#include "reporting/page.h"

#include <fmt/format.h>

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "reporting/format.h"

namespace sg::embedded {
extern const std::string_view kGovukFrontendCss;
}  // namespace sg::embedded

namespace sg::reporting {
namespace {

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Removes every "<open>…<close>" span (no nesting: @font-face blocks and
// comments have none).
void RemoveSpans(std::string& text, std::string_view open, std::string_view close) {
  for (size_t at = text.find(open); at != std::string::npos; at = text.find(open, at)) {
    const size_t end = text.find(close, at + open.size());
    text.erase(at, end == std::string::npos ? std::string::npos : end + close.size() - at);
  }
}

std::string MakeGovukStylesheet() {
  std::string css(embedded::kGovukFrontendCss);
  RemoveSpans(css, "@font-face{", "}");
  RemoveSpans(css, "/*# sourceMappingURL", "*/");
  // The screen stack names GDS Transport first; the print stack is bare
  // sans-serif, which Debian maps to DejaVu Sans. Both become Arial's.
  ReplaceAll(css, "font-family:GDS Transport,arial,sans-serif", "font-family:arial,sans-serif");
  ReplaceAll(css, "font-family:sans-serif", "font-family:arial,sans-serif");
  return css;
}

// `text` as the content of a CSS string in double quotes inside <style>:
// quotes and backslashes escaped, "<" as \3c so "</style>" cannot occur,
// line breaks as spaces.
std::string CssString(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '<':
        out += "\\3c ";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The report's own rules, after GOV.UK's: paper, page numbers, breaks.
constexpr std::string_view kReportCss = R"css(
@page {
  size: A4;
  margin: 18mm 16mm 20mm 16mm;
  @bottom-left { content: "{footer}"; font: 9pt arial, sans-serif; color: #505a5f; }
  @bottom-right {
    content: "Page " counter(page) " of " counter(pages);
    font: 9pt arial, sans-serif;
    color: #505a5f;
  }
}
.sg-chart { display: block; max-width: 100%; height: auto; margin-bottom: 20px; }
.sg-figure { margin: 0 0 30px; }
.sg-wide .govuk-width-container { max-width: none; margin: 0 30px; }
@page wide { size: A4 landscape; }
.sg-wide { page: wide; }
@media print {
  .govuk-template, .govuk-template__body { background-color: #ffffff; }
  .govuk-skip-link { display: none; }
  .govuk-width-container { max-width: none; margin: 0; }
  .govuk-main-wrapper { padding: 0; }
  h2.govuk-heading-l { break-before: page; }
  h1, h2, h3, h4, .govuk-table__caption { break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure, .sg-chart { break-inside: avoid; }
  .govuk-tag, .govuk-inset-text { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

}  // namespace

std::string_view GovukStylesheet() {
  static const std::string stylesheet = MakeGovukStylesheet();
  return stylesheet;
}

std::string RenderPage(const PageOptions& options) {
  std::string report_css(kReportCss);
  ReplaceAll(report_css, "{footer}", CssString(options.footer_text));
  std::string page;
  page.reserve(GovukStylesheet().size() + options.body_html.size() + 4096);
  fmt::format_to(std::back_inserter(page),
                 "<!DOCTYPE html>\n"
                 "<html lang=\"en-GB\" class=\"govuk-template\">\n"
                 "<head>\n"
                 "<meta charset=\"utf-8\">\n"
                 "<title>{0}</title>\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<style>\n{1}\n</style>\n"
                 "<style>{2}</style>\n"
                 "</head>\n"
                 "<body class=\"govuk-template__body{3}\">\n"
                 "<a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>\n"
                 "<div class=\"govuk-width-container\">\n"
                 "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n",
                 EscapeXml(options.title), GovukStylesheet(), report_css,
                 options.wide ? " sg-wide" : "");
  if (!options.caption.empty()) {
    fmt::format_to(std::back_inserter(page), "<span class=\"govuk-caption-l\">{}</span>\n",
                   EscapeXml(options.caption));
  }
  fmt::format_to(std::back_inserter(page), "<h1 class=\"govuk-heading-xl\">{}</h1>\n",
                 EscapeXml(options.title));
  page += options.body_html;
  page += "\n</main>\n</div>\n</body>\n</html>\n";
  return page;
}

std::string HtmlTable(const HtmlTableOptions& options) {
  std::string out = "<table class=\"govuk-table\">\n";
  if (!options.caption.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "<caption class=\"govuk-table__caption govuk-table__caption--m\">{}</caption>\n",
                   EscapeXml(options.caption));
  }
  out += "<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">\n";
  for (const TableColumn& column : options.columns) {
    fmt::format_to(std::back_inserter(out),
                   "<th scope=\"col\" class=\"govuk-table__header{}\">{}</th>\n",
                   column.numeric ? " govuk-table__header--numeric" : "", EscapeXml(column.header));
  }
  out += "</tr>\n</thead>\n<tbody class=\"govuk-table__body\">\n";
  for (const std::vector<std::string>& row : options.rows) {
    out += "<tr class=\"govuk-table__row\">\n";
    for (size_t c = 0; c < options.columns.size(); ++c) {
      const std::string cell = c < row.size() ? EscapeXml(row[c]) : std::string();
      const bool numeric = options.columns[c].numeric;
      if (c == 0 && options.first_column_is_row_header) {
        fmt::format_to(std::back_inserter(out),
                       "<th scope=\"row\" class=\"govuk-table__header{}\">{}</th>\n",
                       numeric ? " govuk-table__header--numeric" : "", cell);
      } else {
        fmt::format_to(std::back_inserter(out), "<td class=\"govuk-table__cell{}\">{}</td>\n",
                       numeric ? " govuk-table__cell--numeric" : "", cell);
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

std::string HtmlFigure(std::string_view caption, std::string_view inner_html) {
  return fmt::format(
      "<figure class=\"sg-figure\">\n<figcaption class=\"govuk-heading-s\">{}</figcaption>\n{}"
      "</figure>\n",
      EscapeXml(caption), inner_html);
}

}  // namespace sg::reporting
