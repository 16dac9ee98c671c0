// WD(a, b) and the n-th working day, the two calendar calls every clock and
// indicator makes. WD must be constant time: the span benchmarks show the
// same cost for a week and for fifteen years.
#include <benchmark/benchmark.h>

#include <vector>

#include "core/calendar.h"
#include "core/clock.h"

namespace {

using sg::core::Date;
using sg::core::WorkingCalendar;

// Random days of 2015-2030, so that the table look-ups are not all cached.
std::vector<Date> Days(int count, uint64_t seed) {
  sg::core::Random random(seed);
  std::vector<Date> days;
  const Date first = Date::FromYmd(2015, 1, 1);
  for (int i = 0; i < count; ++i) {
    days.push_back(first.AddDays(static_cast<int32_t>(random.Between(0, 5800))));
  }
  return days;
}

void BM_WorkingDaysBetween(benchmark::State& state) {
  const WorkingCalendar& cal = WorkingCalendar::EnglandAndWales();
  const int span = static_cast<int>(state.range(0));
  auto starts = Days(4096, 7);
  size_t i = 0;
  for (auto _ : state) {
    Date a = starts[i++ & 4095];
    benchmark::DoNotOptimize(cal.WorkingDaysBetween(a, a.AddDays(span)));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WorkingDaysBetween)->Arg(7)->Arg(63)->Arg(365)->Arg(5475);

void BM_AddWorkingDays(benchmark::State& state) {
  const WorkingCalendar& cal = WorkingCalendar::EnglandAndWales();
  const int n = static_cast<int>(state.range(0));
  auto starts = Days(4096, 11);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cal.AddWorkingDays(starts[i++ & 4095], n));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingDays)->Arg(1)->Arg(15)->Arg(45);

}  // namespace

BENCHMARK_MAIN();
