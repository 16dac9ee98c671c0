// Exporting the CIN census for a collection year from the journey's records.
//
// The census describes each child in need as at the reference date (31 March
// of the collection year): every child with a referral open at some point in
// the year, every record of those referrals that was open in the year, and
// nothing that happened after the reference date (a closure in May is not in
// the census of March; the episode is shown open). Elements follow the
// year's schema: GenderCurrent up to 2024 and Sex from 2025, CIN plan dates
// from 2022. The file is written to a temporary name beside the target and
// renamed when complete, so a failed export leaves no half-written file.
//
// Importing an exported file into an empty database and exporting the same
// year again gives the same file (given the same clock for the header's
// DateTime): the export writes only what the import keeps.
#ifndef SAFEGUARD_RETURNS_CIN_EXPORT_H_
#define SAFEGUARD_RETURNS_CIN_EXPORT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "access/actor.h"
#include "access/gate.h"
#include "core/error.h"

namespace sg::returns {

struct CinExportOptions {
  int collection_year = 0;
  // The DfE authority number for the header; default: the database's
  // la_number setting.
  std::optional<std::string> la_number;
};

struct CinExportSummary {
  std::string file;
  int collection_year = 0;
  uint64_t children = 0;
  uint64_t referrals = 0;
  uint64_t bytes = 0;
};

core::Result<CinExportSummary> ExportCin(access::Gate& gate, const access::Actor& actor,
                                         const CinExportOptions& options,
                                         const std::string& path);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_EXPORT_H_
