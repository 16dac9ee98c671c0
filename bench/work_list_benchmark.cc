// The work tray over the five-year demo authority (about 36,000 children):
// loading every open item from SQLite and computing its clock, and the
// computation alone. The demo is built once into a temporary file unless
// SG_BENCH_DB names an existing demo database to reuse.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "access/gate.h"
#include "core/calendar.h"
#include "core/code_lists.h"
#include "demo/demo.h"
#include "journey/work_list.h"
#include "store/database.h"
#include "store/work_store.h"

namespace {

using sg::core::Date;

const Date kUntil = Date::FromYmd(2026, 3, 31);

sg::store::Database& DemoDatabase() {
  static std::unique_ptr<sg::store::Database> db = [] {
    std::string path;
    if (const char* given = std::getenv("SG_BENCH_DB")) {
      path = given;
    } else {
      path = (std::filesystem::temp_directory_path() / "safeguard-bench-demo.sqlite").string();
      std::filesystem::remove(path);
    }
    const bool build = !std::filesystem::exists(path);
    auto opened = sg::store::OpenSqlite(path, sg::store::OpenMode::kCreateIfMissing);
    if (!opened) {
      std::fprintf(stderr, "%s\n", opened.error().message().c_str());
      std::abort();
    }
    if (build) {
      std::fprintf(stderr, "building the 5-year demo in %s ...\n", path.c_str());
      sg::core::FixedClock clock(kUntil);
      sg::access::Gate gate(**opened, clock);
      sg::demo::Options options;
      options.until = kUntil;
      auto counts = sg::demo::Build(gate, sg::core::WorkingCalendar::EnglandAndWales(),
                                    sg::core::CodeLists::Embedded(), options, nullptr);
      if (!counts) {
        std::fprintf(stderr, "%s\n", counts.error().message().c_str());
        std::abort();
      }
    }
    return std::move(*opened);
  }();
  return *db;
}

void BM_LoadWorkList(benchmark::State& state) {
  auto& db = DemoDatabase();
  sg::core::FixedClock clock(kUntil);
  sg::access::Gate gate(db, clock);
  auto actor = sg::access::Actor::System("bench", "benchmark the work list");
  size_t items = 0;
  for (auto _ : state) {
    auto list = sg::journey::LoadWorkList(gate, actor, sg::core::WorkingCalendar::EnglandAndWales(),
                                          kUntil);
    if (!list) state.SkipWithError(list.error().message().c_str());
    items = list->size();
  }
  state.counters["open_items"] = static_cast<double>(items);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(items));
}
BENCHMARK(BM_LoadWorkList)->Unit(benchmark::kMillisecond);

void BM_BuildWorkListOnly(benchmark::State& state) {
  auto& db = DemoDatabase();
  auto open = sg::store::WorkStore(db).LoadOpenWork();
  if (!open) {
    state.SkipWithError(open.error().message().c_str());
    return;
  }
  for (auto _ : state) {
    auto list = sg::journey::BuildWorkList(*open, sg::core::WorkingCalendar::EnglandAndWales(), kUntil);
    benchmark::DoNotOptimize(list.data());
  }
}
BENCHMARK(BM_BuildWorkListOnly)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
