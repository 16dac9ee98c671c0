// Importing CIN census files into the journey's records.
//
// Each file is read as a stream and saved child by child inside one write
// transaction through the access Gate, so that a file either lands whole,
// with its audit row, or not at all: a fatal problem (not XML, unknown year,
// a hostile construct, a database failure) rolls the whole file back.
//
// Records are matched by keys derived from the file (store/census_store.h),
// so importing the same file twice changes nothing and a later year's file
// updates the children it holds. What the journey's records cannot hold
// (a child with no date of birth, an episode with no valid referral date, an
// end before its start) is not guessed at: that value or record is left out
// and a warning names the child and the line, so the person importing can
// correct the source. `safeguard validate cin` reports the same problems as
// DfE findings.
#ifndef SAFEGUARD_RETURNS_CIN_IMPORT_H_
#define SAFEGUARD_RETURNS_CIN_IMPORT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "access/gate.h"
#include "core/error.h"

namespace sg::returns {

struct CinImportSummary {
  std::string file;
  int collection_year = 0;
  uint64_t bytes = 0;
  // What the file held and was stored.
  uint64_t children = 0;
  uint64_t referrals = 0;
  uint64_t assessments = 0;
  uint64_t cin_plans = 0;
  uint64_t section47s = 0;
  uint64_t icpcs = 0;
  uint64_t cp_plans = 0;
  uint64_t cp_reviews = 0;
  // What changed in the database.
  int64_t rows_added = 0;
  int64_t rows_updated = 0;
  // Values or records left out, each with child and line.
  uint64_t warnings_total = 0;
  std::vector<std::string> warnings;  // the first 1,000
};

struct CinImportOptions {
  std::function<void(uint64_t bytes_read)> progress;
};

// Imports one file in one transaction. Fails (and stores nothing from the
// file) when the file cannot be read or the database refuses.
core::Result<CinImportSummary> ImportCinFile(access::Gate& gate, const access::Actor& actor,
                                             const std::string& path,
                                             const CinImportOptions& options);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_IMPORT_H_
