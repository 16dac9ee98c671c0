// The postcode index (places/postcode_directory.h): the cost of opening it,
// of one lookup, and of deriving PL_DISTANCE and PL_LOCATION for one
// placement. Lookups use real postcodes sampled across the whole ONSPD
// extract, in random order so that most of them miss the CPU caches, plus
// one in ten that is not a postcode at all, and some typed in lower case or
// without a space.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "places/authorities.h"
#include "places/distance.h"
#include "places/postcode_directory.h"

namespace {

using sg::places::PostcodeDirectory;

// Every `step`-th postcode of the source, shuffled, with variants.
std::vector<std::string> SamplePostcodes(size_t step) {
  std::vector<std::string> sample;
  gzFile in = gzopen(SG_POSTCODE_SOURCE, "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "cannot open %s\n", SG_POSTCODE_SOURCE);
    std::exit(1);
  }
  char line[256];
  size_t n = 0;
  std::mt19937_64 random(903);
  while (gzgets(in, line, sizeof line) != nullptr) {
    if (n++ == 0 || n % step != 0) continue;
    std::string postcode(line, std::string(line).find(','));
    switch (random() % 10) {
      case 0:
        postcode = "ZZ" + std::to_string(random() % 100) + " 9ZZ";
        break;  // unknown
      case 1:
        std::transform(postcode.begin(), postcode.end(), postcode.begin(),
                       [](char c) { return static_cast<char>(std::tolower(c)); });
        break;
      case 2:
        postcode.erase(postcode.find(' '), 1);
        break;
      default:
        break;
    }
    sample.push_back(std::move(postcode));
  }
  gzclose(in);
  std::shuffle(sample.begin(), sample.end(), random);
  return sample;
}

const PostcodeDirectory& Directory() {
  static const PostcodeDirectory dir = [] {
    auto opened = PostcodeDirectory::OpenDefault();
    if (!opened) {
      std::fprintf(stderr, "%s\n", opened.error().message().c_str());
      std::exit(1);
    }
    return std::move(opened).value();
  }();
  return dir;
}

void BM_Open(benchmark::State& state) {
  const auto path = PostcodeDirectory::DefaultIndexPath();
  for (auto _ : state) {
    auto dir = PostcodeDirectory::Open(path);
    if (!dir) state.SkipWithError(dir.error().message().c_str());
    benchmark::DoNotOptimize(dir);
  }
}
BENCHMARK(BM_Open)->Unit(benchmark::kMicrosecond);

// Arg: sample step; 2720 gives ~1,000 postcodes (hot in cache), 27 ~100,000.
void BM_Find(benchmark::State& state) {
  const PostcodeDirectory& dir = Directory();
  const std::vector<std::string> sample = SamplePostcodes(static_cast<size_t>(state.range(0)));
  size_t i = 0;
  size_t found = 0;
  for (auto _ : state) {
    auto info = dir.Find(sample[i]);
    found += info.has_value();
    benchmark::DoNotOptimize(info);
    if (++i == sample.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["postcodes"] = static_cast<double>(sample.size());
  state.counters["found"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Find)->Arg(2720)->Arg(27);

// One placement: both postcodes, PL_DISTANCE rounded, PL_LOCATION.
void BM_Placement(benchmark::State& state) {
  const PostcodeDirectory& dir = Directory();
  const sg::places::Authorities& authorities = sg::places::Authorities::Embedded();
  const std::vector<std::string> sample = SamplePostcodes(27);
  size_t i = 0;
  for (auto _ : state) {
    auto home = dir.Find(sample[i]);
    auto placement = dir.Find(sample[(i + 1) % sample.size()]);
    std::optional<double> miles;
    if (home && placement) miles = sg::places::DistanceMiles(*home, *placement);
    benchmark::DoNotOptimize(miles ? sg::places::RoundMiles(*miles) : -1.0);
    benchmark::DoNotOptimize(authorities.Locate("E06000049", placement));
    if (++i == sample.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Placement);

}  // namespace

BENCHMARK_MAIN();
