// Writing an SSDA903 return from the journey's care records, and the CSV
// tables themselves.
//
// The return for collection year Y holds the children looked after on some
// day of it (and care leavers whose birthday contact falls in it), as the
// records stood on 31 March: episodes, social worker episodes and orders
// open in the year, with any end after 31 March left blank (it had not
// happened yet); reviews and missing episodes that began in the year; the
// once-a-year facts (OC2, AD1, PrevPerm) reported for Y. The tables are
// written into a folder, one CSV per table the year collects, each staged
// and put in place inside the audited transaction: an export either exists
// whole, with its audit row, or not at all.
#ifndef SAFEGUARD_RETURNS_SSDA903_EXPORT_H_
#define SAFEGUARD_RETURNS_SSDA903_EXPORT_H_

#include <cstdint>
#include <filesystem>
#include <string>

#include "access/actor.h"
#include "access/gate.h"
#include "core/error.h"
#include "returns/ssda903_model.h"

namespace sg::returns {

// One table as the DfE's CSV: the header row, then a row per record, "\n"
// line ends, fields quoted only when they must be.
std::string LacTableCsv(const LacReturn& lac, LacTable table);

struct LacExportSummary {
  int collection_year = 0;
  std::filesystem::path folder;
  uint64_t children = 0;
  uint64_t episodes = 0;
  uint64_t files = 0;
  uint64_t bytes = 0;
};

core::Result<LacExportSummary> ExportLac(access::Gate& gate, const access::Actor& actor,
                                         int collection_year, const std::filesystem::path& folder);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_EXPORT_H_
