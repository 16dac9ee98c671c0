// Benchmarks: DfE's published figures, as every route and page uses them.
#ifndef SAFEGUARD_API_BENCHMARKS_H_
#define SAFEGUARD_API_BENCHMARKS_H_

#include "indicators/benchmarks.h"

namespace sg::api {

// DfE's published figures, read once: they are files shipped beside the
// binary and do not change while it runs. Null when they are not there
// (then there are no rates and no comparisons, as on the command line).
const indicators::BenchmarkData* SharedBenchmarks();

}  // namespace sg::api

#endif  // SAFEGUARD_API_BENCHMARKS_H_
