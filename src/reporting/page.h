// The HTML page that carries a report: one self-contained file in the
// GOV.UK Design System's typography, for the screen and for A4 paper.
//
// The scorecard and the annual report are each one HTML file: the GOV.UK
// Frontend stylesheet is inline (embedded in the binary at build time from
// web/node_modules/govuk-frontend, pinned in web/package.json), charts are
// inline SVG, and nothing is fetched, so the file can be emailed, archived
// or printed to PDF (pdf.h) as it is.
//
// Design:
// - GOV.UK Frontend's classes: govuk-template, govuk-width-container, a skip
//   link, govuk-main-wrapper, govuk-heading-*, govuk-body, govuk-table. The
//   font is Arial (Liberation Sans on Debian, from fonts-liberation):
//   GDS Transport is licensed for GOV.UK domains only, so, as other public
//   services do, its @font-face rules are removed and every font stack
//   becomes "arial, sans-serif".
// - Print: A4 with margins, "Page N of M" bottom right and an optional
//   footer text bottom left (CSS page-margin boxes), each `##` section
//   (h2.govuk-heading-l) on a new page, headings kept with what follows,
//   table rows and charts never split, table headers repeated on each page.
// - Escaping: the title, caption and footer are text and are escaped; the
//   body is HTML that the caller built from escaped parts (RenderNarrative,
//   HtmlTable, the charts) and is inserted as it is.
//
// Thread safety: pure functions; GovukStylesheet() is computed once, on
// first use, thread-safely.
#ifndef SAFEGUARD_REPORTING_PAGE_H_
#define SAFEGUARD_REPORTING_PAGE_H_

#include <string>
#include <string_view>
#include <vector>

namespace sg::reporting {

struct PageOptions {
  std::string title;        // <title> and the page's <h1>
  std::string caption;      // above the <h1>, e.g. the partnership's name; may be empty
  std::string body_html;    // the report, as HTML, inserted as it is
  std::string footer_text;  // bottom left of every printed page; may be empty
  // A wide page (a scorecard's many columns): the full window width on
  // screen and A4 landscape in print, instead of GOV.UK's 960px column.
  bool wide = false;
};

// The whole page: <!DOCTYPE html><html lang="en-GB" …> … </html>.
std::string RenderPage(const PageOptions& options);

// GOV.UK Frontend's compiled stylesheet with the Arial font stack and
// without @font-face rules or a source map reference.
std::string_view GovukStylesheet();

struct TableColumn {
  std::string header;
  bool numeric = false;  // right-aligned, tabular figures
};

struct HtmlTableOptions {
  std::string caption;  // says what the table shows; may be empty
  std::vector<TableColumn> columns;
  // Cells as text, already formatted ("74.0%", "not available"); missing
  // cells at the end of a row are left empty, extra ones dropped.
  std::vector<std::vector<std::string>> rows;
  bool first_column_is_row_header = true;  // <th scope="row">, as for place names
};

// A govuk-table: caption, header cells with scope="col", row headers with
// scope="row", numeric columns right-aligned, every cell escaped.
std::string HtmlTable(const HtmlTableOptions& options);

// A chart with a visible caption (its SVG <title> is for screen readers
// only), kept on one page in print: <figure class="sg-figure"> with a
// <figcaption>. `caption` is text and is escaped; `inner_html` is inserted
// as it is.
std::string HtmlFigure(std::string_view caption, std::string_view inner_html);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_PAGE_H_
