// sg_postcode_index: builds, checks and queries the postcode index
// (places/postcode_directory.h). The build runs it as the CMake target
// `postcode_index`; it is also the tool for replacing the ONSPD by hand.
//
//   sg_postcode_index SOURCE.csv[.gz] INDEX   build INDEX from SOURCE, then verify it
//   sg_postcode_index --info INDEX            describe and verify INDEX
//   sg_postcode_index --find INDEX POSTCODE…  look postcodes up
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <string_view>

#include "core/error.h"
#include "places/authorities.h"
#include "places/postcode_directory.h"

namespace {

using sg::places::PostcodeDirectory;

constexpr std::string_view kUsage =
    "usage: sg_postcode_index SOURCE.csv[.gz] INDEX\n"
    "       sg_postcode_index --info INDEX\n"
    "       sg_postcode_index --find INDEX POSTCODE...\n";

int Report(const sg::core::Error& error) {
  fmt::print(stderr, "sg_postcode_index: {}\n", error.message());
  return sg::core::ExitStatus(error.code());
}

int Build(const char* source, const char* index) {
  auto start = std::chrono::steady_clock::now();
  auto stats = PostcodeDirectory::BuildIndex(source, index);
  if (!stats) return Report(stats.error());
  double build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto dir = PostcodeDirectory::Open(index);
  if (!dir) return Report(dir.error());
  if (auto verified = dir->Verify(); !verified) return Report(verified.error());
  fmt::print(
      "{}: {} postcodes ({} without a grid reference), {} districts, {:.1f} MB, built in "
      "{:.2f} s from {}\n",
      index, stats->postcodes, stats->without_grid, stats->districts,
      static_cast<double>(stats->index_bytes) / 1e6, build_seconds, stats->source);
  return 0;
}

int Info(const char* index) {
  auto dir = PostcodeDirectory::Open(index);
  if (!dir) return Report(dir.error());
  if (auto verified = dir->Verify(); !verified) return Report(verified.error());
  fmt::print("{}: {} postcodes, {} district codes, {} bytes, checks pass\nsource: {}\n", index,
             dir->size(), dir->district_count() - 1, dir->file_bytes(), dir->source());
  return 0;
}

int Find(const char* index, int count, char** postcodes) {
  auto dir = PostcodeDirectory::Open(index);
  if (!dir) return Report(dir.error());
  int missing = 0;
  for (int i = 0; i < count; ++i) {
    auto info = dir->Find(postcodes[i]);
    if (!info) {
      fmt::print("{}\tnot found\n", postcodes[i]);
      ++missing;
      continue;
    }
    std::string grid = "no grid reference";
    if (info->grid) {
      grid = fmt::format(
          "{},{} ({})", info->grid->easting, info->grid->northing,
          info->grid->grid == sg::places::Grid::kIrish ? "Irish Grid" : "British National Grid");
    }
    auto upper = sg::places::UpperTier(info->district);
    auto authority = upper ? sg::places::FindByCode(*upper) : std::nullopt;
    fmt::print("{}\t{}\tdistrict {}\tupper tier {}{}\n",
               sg::places::NormalisePostcode(postcodes[i]), grid,
               info->district.empty() ? "none" : info->district, upper.value_or("unknown"),
               authority ? fmt::format(" (LA {:03d} {})", authority->number, authority->name) : "");
  }
  return missing == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string_view first = argc > 1 ? argv[1] : "";
  if (argc == 3 && first == "--info") return Info(argv[2]);
  if (argc >= 4 && first == "--find") return Find(argv[2], argc - 3, argv + 3);
  if (argc == 3 && !first.starts_with("-")) return Build(argv[1], argv[2]);
  fmt::print(stderr, "{}", kUsage);
  return 64;
}
