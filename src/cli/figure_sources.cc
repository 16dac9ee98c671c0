#include "cli/figure_sources.h"

#include <cstdio>

#include "access/gate.h"
#include "cli/common.h"
#include "indicators/source.h"

namespace sg::cli {

core::Result<FigureSources> LoadFigureSources(const Context& context, const std::string& db_path,
                                              const std::string& typed_la, std::string_view purpose) {
  SG_ASSIGN_OR_RETURN(auto db, OpenExisting(db_path));
  auto clock = MakeClock(context);
  access::Gate gate(*db, *clock);
  auto actor = access::Actor::System("cli", purpose);
  FigureSources sources;
  SG_ASSIGN_OR_RETURN(sources.snapshot, indicators::ReadSnapshot(gate, actor, purpose));
  sources.la = typed_la.empty() ? sources.snapshot.la_number : typed_la;
  auto data = indicators::BenchmarkData::Load(indicators::BenchmarkData::DefaultDirectory());
  if (!data) {
    std::fprintf(stderr, "safeguard: benchmarks and rates are not available: %s\n", data.error().message().c_str());
    return sources;
  }
  sources.benchmarks = *std::move(data);
  if (sources.la.empty()) return sources;
  if (auto known = sources.benchmarks->FindAuthority(sources.la); !known) {
    if (!typed_la.empty() && sources.benchmarks->last_year() != 0) return std::unexpected(known.error());
    std::fprintf(stderr, "safeguard: benchmarks and rates are not available: %s\n", known.error().message().c_str());
  }
  return sources;
}

}  // namespace sg::cli
