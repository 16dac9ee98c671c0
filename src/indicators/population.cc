// Children aged 0-17: the denominator of every rate per 10,000.
#include "indicators/benchmarks.h"

#include <fmt/format.h>

#include "indicators/benchmark_files.h"

namespace sg::indicators {
namespace benchmark_files {

std::optional<double> ChildrenAged0To17(const Tables& tables, Level level, std::string_view area,
                                        int reporting_year) {
  const PublishedTable* ons = tables.file(FileId::kPopulation);
  if (ons == nullptr) return std::nullopt;
  // The file's time_period is the mid-year of the estimate, and reporting
  // year Y (April Y-1 to March Y) takes the estimate for mid-(Y-1), as DfE.
  return ons->Find("population_estimate", level, area, reporting_year - 1);
}

}  // namespace benchmark_files

core::Result<double> BenchmarkData::ChildPopulation(std::string_view la_number,
                                                    int reporting_year) const {
  SG_ASSIGN_OR_RETURN(Authority la, FindAuthority(la_number));
  const std::string_view file = benchmark_files::Spec(benchmark_files::FileId::kPopulation).name;
  if (tables_->file(benchmark_files::FileId::kPopulation) == nullptr) {
    return core::Fail(core::Code::kNotFound,
                      fmt::format("no ONS population estimates: {} is missing", file));
  }
  std::optional<double> population =
      benchmark_files::ChildrenAged0To17(*tables_, Level::kAuthority, la.number, reporting_year);
  if (!population || *population <= 0) {
    return core::Fail(core::Code::kNotFound,
                      fmt::format("{} has no mid-{} estimate of children aged 0-17 for {} ({}), "
                                  "the population for reporting year {}-{:02}",
                                  file, reporting_year - 1, la.name, la.number, reporting_year - 1,
                                  reporting_year % 100));
  }
  return *population;
}

}  // namespace sg::indicators
