// lac_generator: deterministic synthetic SSDA903 (children looked after)
// returns, written as the DfE's CSV tables, for benchmarks and tests.
//
// How it works. One population of children is simulated once, and each
// return is a snapshot of it, so two years agree where they overlap (last
// year's open episode is this year's first, as in real returns):
//
//   1. Each child gets a care history: date of birth, sex, ethnicity, UASC,
//      then one or more periods of care. A period has a route out of care
//      drawn by age at entry (adoption, special guardianship, home, leaving
//      at 18, ...), which fixes its length; inside it, episodes change on
//      legal-status steps (L1 -> C1 -> C2, C1 -> E1 before adoption), on
//      placement moves (P), on changes of status with the same carer (T),
//      on short temporary placements, and rarely on both at once (B, U).
//      Reviews (on the statutory schedule: within 20 working days, three
//      months later, then six-monthly, so about two a child a year), missing
//      episodes, social-worker episodes, deprivation of liberty orders and
//      decisions to place for adoption follow from it.
//      Proportions come from the DfE's national tables (reasons for ceasing,
//      reasons for placement change, age at entry); details in the .cc.
//   2. A snapshot for collection year Y (1 April Y-1 to 31 March Y) keeps
//      what overlaps the year, blanks end dates after 31 March (the episode
//      is still open) and renders the codes valid in Y: SEX 1/2 until 2024
//      and M/F from 2025, H5 until 2024 and K3 from 2025, Z1 until 2025 and
//      Z11-Z14 from 2026, ACTIV F3/P3 until 2021; SWEpisodes from 2024 (for
//      the children looked after at 31 March, as rules SW01/SW12/SW17 read)
//      and DoLo from 2027. Every code is checked against core's code lists
//      for the year before anything is written.
//
// Determinism: every child's history is drawn from its own generator, seeded
// by (seed, child number), so the output is byte-identical for the same
// options, and the first children of a larger run are those of a smaller one
// (only their social workers' ids differ: the staff grows with the children).
// `children` counts the children looked after at some point in `year`; the
// simulation stops when that many have been drawn. The Header also lists
// care leavers who are in OC3 but were not looked after in the year, as the
// DfE requires (every OC3 child is in the Header).
//
// The authority is Cheshire East (DfE number 895): home postcodes and own
// provision are there, other placements in the region or further away. The
// postcodes are real (ONS Postcode Directory); URNs and social-worker ids are
// made up. Everything else is synthetic: no real child is described.
//
// Thread safety: the functions are pure; calls may run in parallel.
#ifndef SAFEGUARD_BENCH_LAC_GENERATOR_H_
#define SAFEGUARD_BENCH_LAC_GENERATOR_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace sg::bench {

struct LacGeneratorOptions {
  // Children looked after at some point in collection year `year`.
  int64_t children = 100'000;
  // The collection year the population is built for, named by the year it
  // ends in (2025 = 2024-25). Snapshots may be taken of it and of the three
  // years before.
  int year = 2025;
  uint64_t seed = 1;
  // Share of rows (0..1) given one of a few realistic mistakes (a missing
  // reason for placement change, a missing URN, home postcode copied into
  // the placement postcode, a participation code that does not fit the age,
  // a UPN with a wrong check letter, a missing episode ending before it
  // starts, a blank SDQ). 0, the default, gives a clean return.
  double error_rate = 0;
};

struct GeneratedTable {
  std::string name;       // the table's name in the DfE validator: "Episodes"
  std::string file_name;  // "episodes.csv"
  std::string csv;        // header line and rows, "\n" line ends, dates dd/mm/yyyy
  uint64_t rows = 0;      // data rows, not counting the header line
};

struct LacReturn {
  int year = 0;  // collection year
  std::vector<GeneratedTable> tables;
  uint64_t bytes() const;
};

// The returns for each of `years` (each in options.year - 3 .. options.year),
// from one simulated population, in the order asked. Tables come in the
// order Header, Episodes, Reviews, UASC, OC2, OC3, AD1, PlacedAdoption,
// PrevPerm, Missing, then SWEpisodes (years >= 2024) and DoLo (>= 2027).
// Fails with kInvalidArgument for options or years out of range.
core::Result<std::vector<LacReturn>> GenerateLacReturns(const LacGeneratorOptions& options,
                                                        std::span<const int> years);

// One return: GenerateLacReturns(options, {year_to_snapshot}). Snapshotting
// options.year - 1 gives the previous-year return of the same population.
core::Result<std::vector<GeneratedTable>> GenerateLacReturn(const LacGeneratorOptions& options,
                                                            int year_to_snapshot);

}  // namespace sg::bench

#endif  // SAFEGUARD_BENCH_LAC_GENERATOR_H_
