// AnnualReport: the partnership's annual report, regenerated from records.
//
// The report follows the structure of the partnership's published report
// (a foreword, a summary, the partnership, the child population, the
// child's journey from the front door to care leavers, priorities, learning
// and improvement, and the priorities for next year). Every table in it is
// computed from the FigureBook of the five years ending with the report's
// year; the authority's own figures come from the records, England's, the
// region's and the statistical neighbours' from DfE's published files.
//
// The words are the partnership's: each section's narrative is a Markdown
// file (data/report/annual/<section>.md as shipped, or a folder given with
// --narrative) in which {{placeholders}} stand for figures, so a business
// manager edits the text while the numbers stay live (narrative.h lists the
// placeholders). Sections whose records Safeguard does not hold yet
// (multi-agency audits, case reviews, section 175, training) say "no data
// recorded" rather than show numbers nobody measured.
//
// Output: one self-contained HTML page (GOV.UK typography, charts as inline
// SVG, a print stylesheet for A4), a PDF rendered from it by headless
// Chromium, and an xlsx workbook with one sheet per table.
#ifndef SAFEGUARD_REPORTING_ANNUAL_REPORT_H_
#define SAFEGUARD_REPORTING_ANNUAL_REPORT_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "indicators/indicator.h"
#include "reporting/figures.h"

namespace sg::reporting {

struct TableRow {
  std::string label;
  indicators::Unit unit = indicators::Unit::kCount;
  std::vector<std::optional<double>> values;  // one per column
  bool ours = false;  // the authority's own figures (emphasised)
};

struct ReportTable {
  std::string id;       // anchor and xlsx sheet name stem: "consultations"
  std::string caption;  // "Consultations and conversion to referral, 2016-17 to 2020-21"
  std::string first_column;              // header of the label column
  std::vector<std::string> columns;      // "2016-17", ..., or "Authority", "England", ...
  std::vector<TableRow> rows;
  std::string source;                    // where the figures come from, for the note under it
};

// A chart drawn beside a table: a trend of one indicator against England,
// the region and the neighbours, or the latest year as bars.
struct ReportChart {
  std::string caption;  // shown above the chart
  std::string svg;      // inline SVG (svg_chart.h), accessible by itself
};

struct ReportSection {
  std::string id;     // "front-door": anchor, and the narrative file's stem
  std::string title;  // "The front door"
  int level = 2;      // 2: a section; 3: a part of the one before
  std::string narrative_html;  // rendered from the Markdown, may be empty
  std::vector<ReportTable> tables;
  std::vector<ReportChart> charts;
  std::string no_data;  // when set: what the system does not hold yet
};

struct AnnualReport {
  FigureBook book;  // the five years ending with `year`
  int year = 0;
  std::string title;  // "Cheshire East Safeguarding Children Partnership Annual Report 2020-21"
  std::vector<ReportSection> sections;
};

struct AnnualReportOptions {
  // Folder of the narrative Markdown files; empty: the shipped
  // data/report/annual (or $SAFEGUARD_NARRATIVE).
  std::filesystem::path narrative_dir;
  std::string partnership_name;  // default: "<authority> Safeguarding Children Partnership"
};

// The folder of the shipped narrative.
std::filesystem::path DefaultNarrativeDirectory();

// Fails when a narrative file cannot be read or names a placeholder that
// does not exist (the message names the file, the line and the key).
core::Result<AnnualReport> BuildAnnualReport(FigureBook book, const AnnualReportOptions& options);

std::string AnnualReportHtml(const AnnualReport& report);
core::Status WriteAnnualReportXlsx(const AnnualReport& report, const std::filesystem::path& path);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_ANNUAL_REPORT_H_
