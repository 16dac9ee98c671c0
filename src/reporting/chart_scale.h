// The value axis of a chart: a range and ticks at "nice" steps.
//
// A reader compares bars and lines against gridlines, so the gridlines sit
// at round numbers: steps of 1, 2 or 5 times a power of ten (0, 20, 40 ...;
// 0, 0.5, 1.0 ...), with the range widened to whole steps around the data
// (3 to 8 steps for the usual target of 5).
// Degenerate data still gives a usable axis: no values, a single value, or
// all values equal.
//
// Thread safety: pure functions.
#ifndef SAFEGUARD_REPORTING_CHART_SCALE_H_
#define SAFEGUARD_REPORTING_CHART_SCALE_H_

#include <optional>
#include <vector>

namespace sg::reporting {

struct ValueScale {
  double low = 0;    // the axis starts here (a multiple of step)
  double high = 1;   // and ends here (a multiple of step); high > low
  double step = 1;   // 1, 2 or 5 × 10^k
  int decimals = 0;  // places needed to print every tick (0.5 → 1)

  std::vector<double> Ticks() const;    // low, low+step, ..., high
  double Fraction(double value) const;  // 0 at low, 1 at high
};

// A scale covering every finite value in `values` (nullopt, NaN and
// infinities are ignored), with about `target_ticks` intervals (at least 2).
// With `include_zero` the range also covers 0, as bars must. With no
// finite values the scale is 0 to 1.
ValueScale NiceScale(const std::vector<double>& values, bool include_zero, int target_ticks = 5);

// The finite values among `values`, for NiceScale.
std::vector<double> FiniteValues(const std::vector<std::optional<double>>& values);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_CHART_SCALE_H_
