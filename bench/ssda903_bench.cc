// ssda903_bench: the SSDA903 return at scale. Generates a return for N
// children (default 100,000: about 190,000 episodes and 470,000 reviews) and
// last year's return of the same population, then measures, each on one
// core:
//   read      the CSV tables of both years into the model (and postcodes)
//   validate  every rule in force, against last year's return
//   import    the current year into a fresh SQLite database, one transaction
// and prints wall and CPU seconds, rows/s and peak memory. See
// docs/benchmarks.md for the figures.
//
//   build/release/bench/ssda903_bench [children] [year]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "access/gate.h"
#include "core/clock.h"
#include "lac_generator.h"
#include "measure.h"
#include "returns/ssda903_import.h"
#include "returns/ssda903_reader.h"
#include "returns/ssda903_validator.h"
#include "store/database.h"

namespace {

namespace fs = std::filesystem;
using sg::returns::LacSourceFile;

using sg::bench::Measure;
using sg::bench::PeakMegabytes;
using sg::bench::Timing;

void Print(const char* what, const Timing& t, uint64_t rows) {
  fmt::print("{:<10} {:7.2f} s wall {:7.2f} s CPU  {:>12.0f} rows/s (CPU)\n", what, t.wall, t.cpu,
             static_cast<double>(rows) / t.cpu);
}

std::vector<LacSourceFile> Files(const std::vector<sg::bench::GeneratedTable>& tables) {
  std::vector<LacSourceFile> files;
  for (const auto& table : tables) files.push_back({table.file_name, table.csv});
  return files;
}

[[noreturn]] void Die(const std::string& message) {
  fmt::print(stderr, "ssda903_bench: {}\n", message);
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  sg::bench::LacGeneratorOptions options;
  options.children = argc > 1 ? std::atoll(argv[1]) : 100'000;
  options.year = argc > 2 ? std::atoi(argv[2]) : 2025;
  const int year = options.year;
  std::vector<sg::bench::GeneratedTable> current_tables, previous_tables;
  Timing generated = Measure([&] {
    auto current = sg::bench::GenerateLacReturn(options, year);
    auto previous = sg::bench::GenerateLacReturn(options, year - 1);
    if (!current || !previous) Die("cannot generate the returns");
    current_tables = std::move(*current);
    previous_tables = std::move(*previous);
  });
  uint64_t bytes = 0, rows = 0, previous_rows = 0;
  for (const auto& t : current_tables) {
    bytes += t.csv.size();
    rows += t.rows;
    fmt::print("  {:<15} {:>9} rows\n", t.name, t.rows);
  }
  for (const auto& t : previous_tables) previous_rows += t.rows;
  fmt::print("generated {} children for {}-{:02}: {} rows, {:.1f} MB, and {} rows last year "
             "({:.2f} s)\n",
             options.children, year - 1, year % 100, rows, bytes / 1e6, previous_rows,
             generated.wall);

  std::vector<LacSourceFile> current_files = Files(current_tables);
  std::vector<LacSourceFile> previous_files = Files(previous_tables);
  current_tables.clear();
  previous_tables.clear();
  sg::returns::LacReturn current, previous;
  current.collection_year = year;
  previous.collection_year = year - 1;
  current.la_code = previous.la_code = "E06000049";
  Timing read = Measure([&] {
    if (auto r = sg::returns::ReadLacFiles(current_files, current); !r) Die(r.error().message());
    if (auto r = sg::returns::ReadLacFiles(previous_files, previous); !r) {
      Die(r.error().message());
    }
  });
  Print("read", read, rows + previous_rows);

  sg::returns::LacValidation validation;
  Timing validate = Measure([&] { validation = sg::returns::ValidateLac(current, &previous, {}); });
  uint64_t findings = 0;
  std::map<std::string, uint64_t> by_rule;
  for (const auto& report : validation.reports) {
    findings += report.findings.size();
    for (const auto& f : report.findings) ++by_rule[f.rule];
  }
  Print("validate", validate, rows + previous_rows);
  fmt::print("           {} findings, {} rules not run\n", findings,
             validation.skipped_rules.size());
  std::vector<std::pair<uint64_t, std::string>> top;
  for (const auto& [rule, n] : by_rule) top.emplace_back(n, rule);
  std::sort(top.rbegin(), top.rend());
  for (size_t i = 0; i < top.size() && i < 8; ++i) {
    fmt::print("           {:>8} x {}\n", top[i].first, top[i].second);
  }

  fs::path db_path = fs::temp_directory_path() / fmt::format("ssda903_bench_{}.db", getpid());
  fs::remove(db_path);
  auto db = sg::store::OpenSqlite(db_path.string(), sg::store::OpenMode::kCreateIfMissing);
  if (!db) Die(db.error().message());
  sg::core::SystemClock clock;
  sg::access::Gate gate(**db, clock);
  auto actor = sg::access::Actor::System("bench", "benchmark the SSDA903 import");
  sg::returns::LacImportSummary summary;
  Timing imported = Measure([&] {
    auto done = sg::returns::ImportLac(gate, actor, current, {});
    if (!done) Die(done.error().message());
    summary = std::move(*done);
  });
  Print("import", imported, rows);
  fmt::print("           {} children, {} rows added, {} left out\n", summary.children,
             summary.rows_added, summary.warnings_total);
  Timing again = Measure([&] {
    auto done = sg::returns::ImportLac(gate, actor, current, {});
    if (!done) Die(done.error().message());
    summary = std::move(*done);
  });
  Print("re-import", again, rows);
  fmt::print("           {} rows added, {} updated (idempotent when both are 0)\n",
             summary.rows_added, summary.rows_updated);
  fs::remove(db_path);
  fmt::print("peak memory {:.0f} MB\n", PeakMegabytes());
  return 0;
}
