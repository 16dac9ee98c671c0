// Excel workbooks (.xlsx) of tables: the scorecard's and the annual
// report's figures for people who want to sort, filter and chart them
// themselves.
//
// A thin owner of a libxlsxwriter workbook. Workbook::Create() opens it,
// AddSheet() adds worksheets and WriteTable() fills them: a bold header
// row, numbers stored as numbers (so Excel can sum them) with the column's
// number format, nulls as empty cells (never 0), column widths from the
// content. Close() writes the file and reports libxlsxwriter's error as a
// Status.
//
// Design:
// - The workbook is written to a temporary file beside the target and
//   renamed on success (PendingFile), so a failure leaves no half-written
//   file; a Workbook destroyed without Close() writes nothing at all.
// - Sheet names follow Excel's rules whatever the caller passes: at most
//   31 characters, none of [ ] : * ? / \, no apostrophe at either end, not
//   "History", and unique ignoring case ("Rates", "Rates (2)").
// - No exceptions: libxlsxwriter is C and reports errors as codes.
//
// Thread safety: a Workbook and its Sheets belong to one thread at a time.
// A Sheet is a handle into its Workbook, valid until Close() or the
// Workbook's destruction.
#ifndef SAFEGUARD_REPORTING_XLSX_WORKBOOK_H_
#define SAFEGUARD_REPORTING_XLSX_WORKBOOK_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace sg::reporting {

// A cell: empty (a null figure), a number or text. A NaN or infinite
// number is written as an empty cell.
using Cell = std::variant<std::monostate, double, std::string>;

struct Column {
  std::string header;
  // Excel's format for the column's numbers: "#,##0", "0.0", "0.0%" (then
  // store 0.74 for 74%). Empty: Excel's General.
  std::string number_format;
  // In characters; 0 means fit the longest header or value (8 to 60).
  double width = 0;
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // cells beyond the columns are ignored
};

// The Excel sheet name for `wanted`, following Excel's rules (see the
// overview) and differing, ignoring case, from every name in `taken`.
std::string ExcelSheetName(std::string_view wanted, const std::vector<std::string>& taken);

class Workbook;

class Sheet {
 public:
  // The name the sheet got (see ExcelSheetName).
  const std::string& name() const;

  // Writes `text` into column A of `row` (0-based): a title, a source note.
  core::Status WriteText(uint32_t row, std::string_view text, bool bold = false);

  // Writes `table` with its header row at `first_row`; returns the first
  // row after the table. Column widths grow to fit every table written.
  // Fails naming the cell if libxlsxwriter refuses a value (text longer
  // than Excel's 32,767 characters, a row beyond 1,048,576).
  core::Result<uint32_t> WriteTable(uint32_t first_row, const Table& table);

  struct State;  // opaque: the workbook's record of this sheet

 private:
  friend class Workbook;
  explicit Sheet(State* state) : state_(state) {}
  State* state_;
};

class Workbook {
 public:
  // Starts a workbook that Close() will write to `path`. Fails if the
  // directory cannot be written.
  static core::Result<Workbook> Create(const std::filesystem::path& path);

  Workbook(Workbook&& other) noexcept;
  Workbook& operator=(Workbook&& other) noexcept;
  ~Workbook();  // without Close(): nothing is written

  // Adds a worksheet named after `name` (made valid and unique).
  // REQUIRES: not closed.
  core::Result<Sheet> AddSheet(std::string_view name);

  // Writes the file. Fails with libxlsxwriter's message if it cannot; the
  // target is then untouched. Sheets are invalid afterwards.
  core::Status Close();

  struct Impl;  // opaque: the libxlsxwriter workbook and its sheets

 private:
  explicit Workbook(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_XLSX_WORKBOOK_H_
