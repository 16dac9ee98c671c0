// Reading the SSDA903 CSV tables.
//
// An authority's case system writes the return as CSV files, one per table,
// with names that vary from one system to the next; what identifies a table
// is its header row. The reader therefore recognises each file by its
// columns, in any order, and ignores extra columns (some systems add LA or
// YEAR) after saying so.
//
// It is strict about what would otherwise be guessed: a file that is not
// UTF-8 (or ASCII), that uses another delimiter, whose quotes do not close,
// whose rows have more fields than the header, or that repeats a table
// already read, is refused with the file and line of the problem, and the
// return is left as it was. Dates are kept as written and parsed only when
// they are dd/mm/yyyy; the validation rules report the others.
#ifndef SAFEGUARD_RETURNS_SSDA903_CSV_H_
#define SAFEGUARD_RETURNS_SSDA903_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "returns/ssda903_model.h"

namespace sg::returns {

struct LacCsvRead {
  LacTable table;
  uint64_t rows = 0;
  std::vector<std::string> ignored_columns;  // columns that are not the DfE's
};

// Reads `content` (the whole file) as a table of `into`'s collection year,
// which must be set. `file_name` names the file in messages and findings.
core::Result<LacCsvRead> ReadLacCsv(std::string_view file_name, std::string_view content,
                                    LacReturn& into);

// Which table a header row is, when it is one; otherwise the error says
// which table it is closest to and what that one lacks.
core::Result<LacTable> RecogniseLacHeader(const std::vector<std::string>& columns);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_CSV_H_
