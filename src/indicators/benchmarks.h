// Benchmarks: how an authority's indicators compare with what DfE publishes
// for England, for the authority's region and for its statistical neighbours.
//
// What. BenchmarkData holds the DfE and ONS files of data/benchmarks/ (see
// its README.md): the children in need tables B1, C1, C4, D3 and D5, the
// children looked after and care leaver tables, a subset of DfE's LA
// Interactive Tool (LAIT), the ONS mid-year estimates of children aged 0-17
// and DfE's two statistical neighbour models. Published() gives the value of
// an indicator id of INDICATORS.md as DfE publishes it (or as it follows from
// DfE's counts), for an authority, its region or England, and
// CompareWithBenchmarks() puts the authority beside the three.
//
// Why. A partnership reads its own figures against others: the DfE statistics
// are the common yardstick, and Ofsted's and DfE's tools compare with the
// same three groups.
//
// Design.
// - One table (benchmarks.cc, kMappings) maps each id to a file, the
//   published column(s) and a formula: the value as published, a percentage
//   of two published counts, or a count per 10,000 children aged 0-17. Ids
//   DfE does not publish have no entry and no row. Computed percentages and
//   rates are rounded to one decimal place, as INDICATORS.md rounds ours.
// - Reporting year Y = the year ending 31 March Y. Rates use the ONS
//   mid-(Y-1) estimate, as DfE does (269.4 for Cheshire East 2021 is 2,082
//   children in need over the mid-2020 estimate of 77,292).
// - Suppressed or unavailable cells ("c", "x", "z", "u", "k", "low", ":",
//   "-", empty, anything that is not a number) are absent, never 0; so is a
//   sum or ratio with an absent part.
// - Region = the authority's region as the same file groups it in the same
//   year. Every file puts a London borough in Inner or Outer London (the
//   DfE files also have a row for all of London, which is not used).
// - Statistical neighbours (pinned): DfE's April 2021 model for reporting
//   years up to 2024, its 2025 model from 2025. The neighbours' figure is
//   the median over the neighbours that have a value that year, with the
//   mean beside it (DfE's CSC outcomes dashboard shows the median, LAIT the
//   mean) and the number of neighbours it is taken over. Authorities that
//   split (Northamptonshire into North and West from 2021-22, Cumbria into
//   Cumberland and Westmorland and Furness from 2023-24) simply have no value
//   in the years they did not exist and are not counted.
// - Files are looked for as <name>.csv.gz, then <name>.csv. A missing file
//   makes its measures absent and is named in notes(); a file that is there
//   but cannot be read, or lacks a column, fails Load().
//
// Thread safety: a loaded BenchmarkData is immutable; every const member may
// be called from any number of threads. Copies share the loaded tables.
#ifndef SAFEGUARD_INDICATORS_BENCHMARKS_H_
#define SAFEGUARD_INDICATORS_BENCHMARKS_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sg::indicators {

enum class Level { kAuthority, kRegion, kEngland };

// A children's services authority as the DfE files name it.
struct Authority {
  std::string number;       // DfE LA number, "895"
  std::string ons_code;     // "E06000049"; empty when only a neighbour file names it
  std::string name;         // "Cheshire East"
  std::string region_code;  // "E12000002"
  std::string region_name;  // "North West"
};

struct StatisticalNeighbours {
  std::string model;                   // "DfE statistical neighbours, April 2021 model"
  std::vector<Authority> authorities;  // closest first, as DfE lists them
};

namespace benchmark_files {
struct Tables;  // the loaded files (benchmark_files.h)
}

class BenchmarkData {
 public:
  // Reads the files in `dir`. Fails with kNotFound when `dir` is not a
  // directory, kInvalidArgument naming the file and line for a file that is
  // not the CSV it should be (or lacks a column), kDataLoss for a damaged .gz.
  static core::Result<BenchmarkData> Load(const std::filesystem::path& dir);

  // Where the shipped data/benchmarks/ is: $SAFEGUARD_BENCHMARKS if set, else
  // data/benchmarks in the executable's directory or one of its five nearest
  // ancestors (build/<preset>/safeguard and the tests in
  // build/<preset>/src/<module>/ find the repository's), else the relative
  // path data/benchmarks.
  static std::filesystem::path DefaultDirectory();

  // The authority with DfE number `la_number` (or, when it starts with a
  // letter, ONS code: "E06000049"), as the latest file that has it names it;
  // kNotFound naming what was asked for when no file has it.
  core::Result<Authority> FindAuthority(std::string_view la_number) const;

  // Children aged 0-17 in the authority: the ONS mid-(Y-1) estimate for
  // reporting year Y. kNotFound saying which estimate is missing.
  core::Result<double> ChildPopulation(std::string_view la_number, int reporting_year) const;

  // The authority's DfE statistical neighbours for reporting year `year`
  // (April 2021 model up to 2024, 2025 model from 2025); kNotFound when the
  // model's file is missing or does not list the authority.
  core::Result<StatisticalNeighbours> Neighbours(std::string_view la_number, int year) const;

  // The published value of `indicator_id` for reporting year `year`: the
  // authority's own (kAuthority), its region's (kRegion) or England's
  // (kEngland; `la_number` is then not used). nullopt when the id has no
  // mapping, the file is missing, or the value is suppressed or absent.
  std::optional<double> Published(std::string_view indicator_id, Level level,
                                  std::string_view la_number, int year) const;

  // Where the value of `indicator_id` comes from, for people: the file and
  // the columns and formula; empty for an id with no mapping.
  static std::string Source(std::string_view indicator_id);

  // The ids with a mapping, in INDICATORS.md order.
  static std::vector<std::string_view> MappedIds();

  // The first and last reporting year any loaded file has figures for
  // (0, 0 when none was loaded).
  int first_year() const;
  int last_year() const;

  // What could not be loaded: "c4_children_in_need_section_47s_and_icpcs
  // (.csv.gz or .csv) is missing from <dir>: s47_started, ... are not
  // available".
  const std::vector<std::string>& notes() const;

 private:
  explicit BenchmarkData(std::shared_ptr<const benchmark_files::Tables> tables);
  std::shared_ptr<const benchmark_files::Tables> tables_;
};

struct NeighbourAggregate {
  std::optional<double> median;  // rounded to one decimal place
  std::optional<double> mean;    // rounded to one decimal place
  int with_value = 0;            // the neighbours both are taken over
};

// The median (the mean of the middle two for an even count) and mean of the
// values present; both nullopt when none is.
NeighbourAggregate AggregateNeighbours(std::span<const std::optional<double>> values);

struct BenchmarkRow {
  std::string id;
  std::optional<double> authority, england, region, neighbours_median, neighbours_mean;
  int neighbours_with_value = 0;
  std::string source;
};

struct BenchmarkReport {
  Authority la;
  int year = 0;
  std::string neighbour_model;  // empty when the model is not available
  std::vector<Authority> neighbours;
  std::vector<BenchmarkRow> rows;  // one per mapped id, in INDICATORS.md order
  std::vector<std::string> notes;  // missing files, years without figures, ...
};

// Every mapped indicator for the authority and reporting year `year`.
// Fails with kNotFound naming an unknown authority and kOutOfRange for a
// year outside 2000-2099; a year the files have no figures for gives null
// values and a note saying which years they hold.
core::Result<BenchmarkReport> CompareWithBenchmarks(const BenchmarkData& data,
                                                    std::string_view la_number, int year);

}  // namespace sg::indicators

#endif  // SAFEGUARD_INDICATORS_BENCHMARKS_H_
