// Importing an SSDA903 return into the journey's care records.
//
// The whole return (its CSV tables, or its XML) is read first, so that a
// file that cannot be read, or a date written in any form but dd/mm/yyyy,
// stops the import before anything is stored: the message names the file,
// the line and the column, and nothing is guessed. The children are then
// saved inside one write transaction through the access Gate, with one
// audit row: the return lands whole or not at all.
//
// Records are matched by keys derived from the file (store/lac_store.h), so
// importing the same return twice changes nothing and a later year's return
// updates the children it holds. What the records cannot hold (a child with
// no date of birth or no Header row, two episodes starting on the same day,
// an end before its start) is left out with a warning naming the child and
// the line; `safeguard validate ssda903` reports the same problems as DfE
// findings.
#ifndef SAFEGUARD_RETURNS_SSDA903_IMPORT_H_
#define SAFEGUARD_RETURNS_SSDA903_IMPORT_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "access/actor.h"
#include "access/gate.h"
#include "core/error.h"
#include "returns/ssda903_model.h"

namespace sg::returns {

struct LacImportSummary {
  int collection_year = 0;
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t rows = 0;       // rows read, all tables
  uint64_t children = 0;   // children stored
  uint64_t episodes = 0;
  uint64_t reviews = 0;
  int64_t rows_added = 0;  // database rows inserted
  int64_t rows_updated = 0;
  uint64_t warnings_total = 0;
  std::vector<std::string> warnings;  // the first 1,000
  std::vector<std::string> notes;     // reading notes (columns ignored)
};

struct LacImportOptions {
  std::string la_code;  // the responsible authority's ONS code, when known
  // The authority's DfE number, kept as the database's own when it has none
  // yet (so that later imports and exports know it).
  std::string la_number;
  std::function<void(double fraction)> progress;  // 0..1, while saving
};

// Reads and imports one year's return in one transaction. Fails, storing
// nothing, when a file cannot be read, a date is malformed, or the database
// refuses.
core::Result<LacImportSummary> ImportLacReturn(access::Gate& gate, const access::Actor& actor,
                                               std::span<const std::filesystem::path> files,
                                               int collection_year,
                                               const LacImportOptions& options);

// The same over a return already read (the benchmark, tests).
core::Result<LacImportSummary> ImportLac(access::Gate& gate, const access::Actor& actor,
                                         const LacReturn& lac, const LacImportOptions& options);

// Every date cell that is present but not a dd/mm/yyyy date, as
// "file: line N: COLUMN 'text' ..." (DATE_PERM may be partial and is not
// checked); empty when all are dates.
std::vector<std::string> MalformedDates(const LacReturn& lac);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_IMPORT_H_
