// Reading a CIN census file: the header, then one child at a time.
//
// The collection year decides which schema and which rules apply, and it is
// written in the header (<Year>, the year in which the collection ends), so
// the reader looks for it in the first 64 KB before parsing; a caller may
// also state it. Years 2017 to 2026 are read (the schemas of those years are
// embedded in the binary, see data/cin/PROVENANCE.md).
//
// Streaming: the visitor receives each child as soon as its </Child> is
// read, and the child is then dropped, so a 100 MB file needs only a few
// kilobytes of model. Reading is lenient where real files are: booleans may
// be 0/1/true/false in any case; unknown or misplaced elements are skipped
// (structure is the schema's business, reported when asked for).
#ifndef SAFEGUARD_RETURNS_CIN_READER_H_
#define SAFEGUARD_RETURNS_CIN_READER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "returns/cin_model.h"
#include "returns/cin_schemas.h"
#include "returns/xml_stream.h"

namespace sg::returns {

// The schema for `collection_year`, compiled on first use and kept.
// REQUIRES: kFirstCinYear <= collection_year <= kLastCinYear.
const XmlSchema& CinSchema(int collection_year);

// The collection year written in the first <Year> element of `prefix` (the
// opening bytes of a file). kInvalidArgument when there is none, kOutOfRange
// when it is a year Safeguard does not read.
core::Result<int> DetectCinYear(std::string_view prefix);

class CinVisitor {
 public:
  virtual ~CinVisitor() = default;
  // Called once, before the first element, with the year that governs the file.
  virtual core::Status Begin(int /*collection_year*/) { return {}; }
  virtual core::Status Header(const CinHeader&) { return {}; }
  // An error stops the read; it is returned from ReadCin* with its line.
  virtual core::Status Child(CinChild&& child) = 0;
};

struct CinReadOptions {
  std::optional<int> collection_year;  // overrides the header's <Year>
  bool validate_structure = false;     // check against the year's XSD
  std::function<void(uint64_t bytes_read)> progress;
};

struct CinReadResult {
  int collection_year = 0;
  CinHeader header;
  uint64_t bytes = 0;
  uint64_t children = 0;
  std::vector<XmlProblem> schema_problems;
  uint64_t schema_problems_dropped = 0;
};

core::Result<CinReadResult> ReadCinFile(const std::string& path, CinVisitor& visitor,
                                        const CinReadOptions& options);
core::Result<CinReadResult> ReadCinBytes(std::string_view bytes, CinVisitor& visitor,
                                         const CinReadOptions& options);

// "true"/"1" -> true, "false"/"0" -> false (any case); otherwise nullopt.
std::optional<bool> ParseCinFlag(std::string_view text);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_READER_H_
