// lac_generate: writes a synthetic SSDA903 return as the DfE's CSV tables.
//
//   lac_generate --children N --year Y --seed S --out DIR [--previous] [--error-rate R]
//
// Writes DIR/header.csv, DIR/episodes.csv, ... for collection year Y (2025 =
// 2024-25), with N children looked after during the year; with --previous,
// also DIR/previous/ for Y-1 from the same simulated children, so the two
// years agree as real returns do. --error-rate R gives a share R of rows one
// of a few realistic mistakes (default 0: a clean return). The output is
// byte-identical for the same options. See lac_generator.h.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "lac_generator.h"

namespace {

namespace fs = std::filesystem;

int Usage() {
  std::fprintf(stderr,
               "usage: lac_generate --children N --year Y --seed S --out DIR [--previous] [--error-rate R]\n");
  return 2;
}

// Writes the whole table with one call: the buffer is already in memory.
bool WriteFile(const fs::path& path, const std::string& text) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  ok = std::fclose(out) == 0 && ok;
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  sg::bench::LacGeneratorOptions options;
  fs::path out;
  bool previous = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--children" && has_value) {
      options.children = std::atoll(argv[++i]);
    } else if (arg == "--year" && has_value) {
      options.year = std::atoi(argv[++i]);
    } else if (arg == "--seed" && has_value) {
      options.seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--out" && has_value) {
      out = argv[++i];
    } else if (arg == "--error-rate" && has_value) {
      options.error_rate = std::atof(argv[++i]);
    } else if (arg == "--previous") {
      previous = true;
    } else {
      return Usage();
    }
  }
  if (out.empty()) return Usage();

  std::vector<int> years = {options.year};
  if (previous) years.push_back(options.year - 1);
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  auto returns = sg::bench::GenerateLacReturns(options, years);
  if (!returns) {
    std::fprintf(stderr, "lac_generate: %s\n", returns.error().message().c_str());
    return 1;
  }
  auto generated = std::chrono::steady_clock::now();
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

  uint64_t total_bytes = 0;
  int files = 0;
  for (const sg::bench::LacReturn& r : *returns) {
    fs::path dir = r.year == options.year ? out : out / "previous";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      std::fprintf(stderr, "lac_generate: cannot create %s: %s\n", dir.c_str(), ec.message().c_str());
      return 1;
    }
    for (const sg::bench::GeneratedTable& t : r.tables) {
      fs::path path = dir / t.file_name;
      if (!WriteFile(path, t.csv)) {
        std::fprintf(stderr, "lac_generate: cannot write %s\n", path.c_str());
        return 1;
      }
      std::printf("%d-%02d  %-16s %-26s %10llu rows %12zu bytes\n", r.year - 1, r.year % 100, t.name.c_str(),
                  path.filename().c_str(), static_cast<unsigned long long>(t.rows), t.csv.size());
      total_bytes += t.csv.size();
      ++files;
    }
  }
  auto written = std::chrono::steady_clock::now();
  auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  // CPU time too: on a shared machine wall time says more about the neighbours.
  std::printf("total %llu bytes in %d files; generated in %.2f s (cpu %.2f s), written in %.2f s\n",
              static_cast<unsigned long long>(total_bytes), files, seconds(start, generated), cpu,
              seconds(generated, written));
  return 0;
}
