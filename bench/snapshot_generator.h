// Synthetic authorities for the indicators benchmark: a store::Snapshot per
// authority, built directly in memory with England-like volumes and shapes
// (about 4,000 referrals a year for an average authority, two contacts per
// referral, assessments, enquiries, conferences, plans with reviews, care
// episodes and care leavers), so that computing every indicator can be
// measured at national scale without a database in the way.
#ifndef SAFEGUARD_BENCH_SNAPSHOT_GENERATOR_H_
#define SAFEGUARD_BENCH_SNAPSHOT_GENERATOR_H_

#include <cstdint>

#include "core/date.h"
#include "store/snapshot.h"

namespace sg::bench {

struct AuthorityShape {
  int first_year = 2021;         // reporting years first_year .. last_year
  int last_year = 2025;
  int referrals_per_year = 4000;
  uint64_t seed = 1;
};

store::Snapshot GenerateAuthority(const AuthorityShape& shape);

}  // namespace sg::bench

#endif  // SAFEGUARD_BENCH_SNAPSHOT_GENERATOR_H_
