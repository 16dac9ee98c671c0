// FigureSources: what every route and page that computes the partnership's
// figures starts from, as `safeguard indicators`, `scorecard` and `report
// annual` do (cli/figure_sources.h): the records as a snapshot read through
// the Gate, the database's authority and DfE's published figures.
#ifndef SAFEGUARD_API_FIGURE_SOURCES_H_
#define SAFEGUARD_API_FIGURE_SOURCES_H_

#include <string>
#include <string_view>

#include "access/actor.h"
#include "access/gate.h"
#include "core/error.h"
#include "indicators/benchmarks.h"
#include "store/snapshot.h"

namespace sg::api {

// DfE's published figures, read once: they are files shipped beside the
// binary and do not change while it runs. Null when they are not there
// (then there are no rates and no comparisons, as on the command line).
const indicators::BenchmarkData* SharedBenchmarks();

struct Sources {
  store::Snapshot snapshot;
  std::string la;
  const indicators::BenchmarkData* data = nullptr;
};

// The snapshot is read (and audited, with `purpose`) through the Gate.
core::Result<Sources> LoadSources(access::Gate& gate, const access::Actor& actor,
                                  std::string_view purpose);

}  // namespace sg::api

#endif  // SAFEGUARD_API_FIGURE_SOURCES_H_
