// safeguard benchmarks: an authority's DfE published figures beside
// England's, its region's and its statistical neighbours' (median, with the
// mean), for one reporting year, from the files of data/benchmarks/.
//
// Output: `--format table` (the default) prints an aligned table for people,
// then the source of every figure and the notes; `--format json` prints one
// object: {"la": {"number", "name", "ons_code", "region"}, "year",
// "neighbour_model", "neighbour_aggregate", "neighbours": [{"number",
// "name"}], "indicators": [{"id", "title", "authority", "england",
// "region", "neighbours_median", "neighbours_mean", "neighbours_with_value",
// "source"}], "notes": [...]}, with null for every absent value.
//
// Errors (one sentence on stderr, exit status from core::ExitStatus): an
// unknown authority (66), a year out of range (64), a format that is not
// table or json (64), a data folder that does not exist (66), a file that is
// not the CSV it should be (64) or a damaged .gz (76).
#ifndef SAFEGUARD_CLI_BENCHMARKS_COMMAND_H_
#define SAFEGUARD_CLI_BENCHMARKS_COMMAND_H_

#include <string>

namespace sg::cli {

struct BenchmarksArgs {
  std::string la;  // DfE LA number (895) or ONS code (E06000049)
  int year = 0;    // reporting year: 2021 = 2020-21
  std::string format = "table";
  std::string data_dir;  // default: indicators::BenchmarkData::DefaultDirectory()
};

int RunBenchmarks(const BenchmarksArgs& args);

}  // namespace sg::cli

#endif  // SAFEGUARD_CLI_BENCHMARKS_COMMAND_H_
