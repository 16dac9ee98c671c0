// Reading the DfE and ONS benchmark files (internal to indicators/; the
// public API is benchmarks.h).
//
// Every table file becomes a PublishedTable: the numeric cells keyed by
// measure, level, area and reporting year. Two layouts cover the files:
// - wide (B1, C1, C4, D3, D5, ONS): one row per area and year, every other
//   column a measure named by its header ("At31_episodes");
// - long (CLA, ceased, care leavers, LAIT): one value column, and the values
//   of the filter columns, joined by '|', name the measure
//   ("19 to 21 years|Total in education, employment or training").
// Areas: an authority by its DfE number, a region by its key in that file
// (the ONS region code in the explore-education-statistics files, the
// lower-cased name in LAIT, whose London halves are "london (inner)" and
// "london (outer)" whether a row names them as region or as an authority's
// region), England by "".
//
// Thread safety: the tables are immutable once read.
#ifndef SAFEGUARD_INDICATORS_BENCHMARK_FILES_H_
#define SAFEGUARD_INDICATORS_BENCHMARK_FILES_H_

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "indicators/benchmarks.h"

namespace sg::indicators::benchmark_files {

enum class FileId {
  kB1,                    // CIN census B1: children in need
  kC1,                    // C1: referrals and re-referrals
  kC4,                    // C4: section 47 enquiries and ICPCs
  kD3,                    // D3: child protection plans started, second or subsequent
  kD5,                    // D5: child protection plans at 31 March by duration
  kCla,                   // children looked after: at 31 March, starting, ceasing
  kCeased,                // children who ceased to be looked after, by reason and age
  kLeaversActivity,       // care leavers' activity
  kLeaversAccommodation,  // care leavers' accommodation
  kPopulation,            // ONS mid-year estimates, children aged 0-17
  kLait,                  // DfE LA Interactive Tool, the measures we map
};
inline constexpr int kFileCount = 11;

struct FileSpec {
  FileId id;
  std::string_view name;   // file name without .csv.gz / .csv
  std::string_view label;  // for people: "DfE CIN census B1"
};
const FileSpec& Spec(FileId id);

// The numeric cells of one file. Measures and areas are interned: a cell is
// keyed by three numbers, which keeps loading fast and the tables small.
class PublishedTable {
 public:
  using Id = uint32_t;

  std::optional<double> Find(std::string_view measure, Level level, std::string_view area,
                             int year) const;
  // The key of the authority's region in this file in `year`, or nullopt
  // when the file has no row for the authority that year.
  std::optional<std::string> RegionOf(std::string_view la_number, int year) const;
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

  // For the reader: the id of a measure or area, new or already seen.
  Id MeasureId(std::string_view measure);
  Id AreaId(Level level, std::string_view area);
  void Add(Id measure, Id area, int year, double value);
  void SetRegion(Id authority, int year, std::string_view region);

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Names = std::unordered_map<std::string, Id, StringHash, std::equal_to<>>;

  static std::optional<Id> Lookup(const Names& names, std::string_view name);
  static uint64_t CellKey(Id measure, Id area, int year);
  static Id Intern(Names& names, std::string_view name, Id next);

  Names measures_;
  std::array<Names, 3> areas_;  // by Level
  Id area_count_ = 0;
  std::unordered_map<uint64_t, double> values_;
  std::unordered_map<uint64_t, std::string> regions_;  // (authority, year) -> region key
  int first_year_ = 0;
  int last_year_ = 0;
};

// One statistical neighbour model: each authority's ten neighbours.
struct NeighbourModel {
  std::string name;
  std::map<std::string, std::vector<std::string>, std::less<>> neighbours;  // by DfE number
  std::map<std::string, std::string, std::less<>> names;  // DfE number -> name, as the file has it
};

// Everything Load() read.
struct Tables {
  std::array<std::optional<PublishedTable>, kFileCount> files;  // nullopt: file missing
  std::optional<NeighbourModel> model_2021;
  std::optional<NeighbourModel> model_2025;
  std::map<std::string, Authority, std::less<>> authorities;  // by DfE number
  std::vector<std::string> notes;

  const PublishedTable* file(FileId id) const {
    const auto& table = files[static_cast<size_t>(id)];
    return table ? &*table : nullptr;
  }
};

// Children aged 0-17 in an area (as PublishedTable keys it) for reporting
// year Y: the ONS mid-(Y-1) estimate; nullopt when the file or the row is
// missing (population.cc).
std::optional<double> ChildrenAged0To17(const Tables& tables, Level level, std::string_view area,
                                        int reporting_year);

// The path of `name` in `dir` (.csv.gz preferred over .csv), or nullopt.
std::optional<std::filesystem::path> FindFile(const std::filesystem::path& dir,
                                              std::string_view name);

// Reads every file of `dir`. A missing table file is left nullopt (the
// caller says what that loses); a missing neighbour model is noted.
core::Result<Tables> ReadTables(const std::filesystem::path& dir);

// The whole text of a gzip-compressed or plain file, without a UTF-8 byte
// order mark.
core::Result<std::string> ReadText(const std::filesystem::path& path);

// A published cell as a number: nullopt for the suppression markers and
// anything else that is not a finite number.
std::optional<double> ParseCell(std::string_view text);

}  // namespace sg::indicators::benchmark_files

#endif  // SAFEGUARD_INDICATORS_BENCHMARK_FILES_H_
