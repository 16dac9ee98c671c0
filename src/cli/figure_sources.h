// FigureSources: what `indicators`, `scorecard` and `report annual` start
// from: the records as a snapshot (read through the gate, audited) and DfE's
// published figures with the ONS population.
#ifndef SAFEGUARD_CLI_FIGURE_SOURCES_H_
#define SAFEGUARD_CLI_FIGURE_SOURCES_H_

#include <optional>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "core/error.h"
#include "indicators/benchmarks.h"
#include "store/snapshot.h"

namespace sg::cli {

struct FigureSources {
  store::Snapshot snapshot;
  std::optional<indicators::BenchmarkData> benchmarks;  // empty: no rates, no comparisons
  std::string la;  // --la, else the database's authority; may be empty

  const indicators::BenchmarkData* data() const { return benchmarks ? &*benchmarks : nullptr; }
};

// `typed_la` is --la ("" for the database's). A number the user typed that
// the DfE files do not know is refused as a typo; missing benchmark files,
// or files that know no authority, only cost the rates and comparisons (a
// warning on stderr says so).
core::Result<FigureSources> LoadFigureSources(const Context& context, const std::string& db_path,
                                              const std::string& typed_la, std::string_view purpose);

}  // namespace sg::cli

#endif  // SAFEGUARD_CLI_FIGURE_SOURCES_H_
