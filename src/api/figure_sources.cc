#include "api/figure_sources.h"

#include <optional>
#include <utility>

#include "indicators/source.h"

namespace sg::api {

const indicators::BenchmarkData* SharedBenchmarks() {
  static const std::optional<indicators::BenchmarkData> data =
      []() -> std::optional<indicators::BenchmarkData> {
    auto loaded = indicators::BenchmarkData::Load(indicators::BenchmarkData::DefaultDirectory());
    if (!loaded) return std::nullopt;
    return std::move(*loaded);
  }();
  return data ? &*data : nullptr;
}

core::Result<Sources> LoadSources(access::Gate& gate, const access::Actor& actor,
                                  std::string_view purpose) {
  Sources sources;
  SG_ASSIGN_OR_RETURN(sources.snapshot, indicators::ReadSnapshot(gate, actor, purpose));
  sources.la = sources.snapshot.la_number;
  sources.data = SharedBenchmarks();
  return sources;
}

}  // namespace sg::api
