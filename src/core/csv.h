// CSV as the data files in data/ and the DfE returns write it (RFC 4180),
// one record per line: a quoted field may hold commas and doubled quotes but
// not a line break.
#ifndef SAFEGUARD_CORE_CSV_H_
#define SAFEGUARD_CORE_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sg::core {

// Removes and returns the first line of `text` (without its "\n" or "\r\n").
std::string_view NextCsvLine(std::string_view& text);

// The fields of one record; fails naming the field for an unterminated or
// stray quote.
Result<std::vector<std::string>> SplitCsvRecord(std::string_view line);

}  // namespace sg::core

#endif  // SAFEGUARD_CORE_CSV_H_
