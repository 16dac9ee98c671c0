#include "reporting/chart_scale.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace sg::reporting {
namespace {

// The 1, 2 or 5 × 10^k nearest to `raw` (Heckbert's "nice numbers"):
// 3 to 8 intervals where `raw` asked for 5, and round steps such as 2,000
// for 10,432 where the next one up (5,000) would waste a third of the axis.
double NiceStep(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double residual = raw / magnitude;
  if (residual < 1.5) return magnitude;
  if (residual < 3.0) return 2 * magnitude;
  if (residual < 7.0) return 5 * magnitude;
  return 10 * magnitude;
}

int DecimalsFor(double step) {
  // Steps are 1, 2 or 5 × 10^k, so k < 0 needs -k places.
  const int places = static_cast<int>(-std::floor(std::log10(step) + 1e-9));
  return std::clamp(places, 0, 6);
}

}  // namespace

std::vector<double> ValueScale::Ticks() const {
  std::vector<double> ticks;
  const int count = static_cast<int>(std::lround((high - low) / step));
  ticks.reserve(count + 1);
  for (int i = 0; i <= count; ++i) {
    double tick = low + i * step;
    if (std::abs(tick) < step * 1e-9) tick = 0;  // no "-0" from 0.1 + 0.2 style drift
    ticks.push_back(tick);
  }
  return ticks;
}

double ValueScale::Fraction(double value) const {
  return (value - low) / (high - low);
}

std::vector<double> FiniteValues(const std::vector<std::optional<double>>& values) {
  std::vector<double> finite;
  for (const auto& value : values) {
    if (value && std::isfinite(*value)) finite.push_back(*value);
  }
  return finite;
}

ValueScale NiceScale(const std::vector<double>& values, bool include_zero, int target_ticks) {
  target_ticks = std::max(target_ticks, 2);
  std::optional<double> low;
  std::optional<double> high;
  for (double value : values) {
    if (!std::isfinite(value)) continue;
    low = low ? std::min(*low, value) : value;
    high = high ? std::max(*high, value) : value;
  }
  // No data, or data so extreme that its range overflows: a plain 0 to 1.
  if (!low || !std::isfinite(*high - *low)) return ValueScale{};
  if (include_zero) {
    low = std::min(*low, 0.0);
    high = std::max(*high, 0.0);
  }
  if (*high == *low) {
    // One value (or all equal) and no zero to anchor: centre it in a range
    // as wide as a tenth of its size, or 1 for zero itself.
    const double half = *low == 0 ? 1.0 : std::abs(*low) * 0.1;
    low = *low - half;
    high = *high + half;
    if (include_zero && *low < 0 && *high > 0) low = std::max(*low, 0.0);
  }
  const double step = NiceStep((*high - *low) / target_ticks);
  ValueScale scale;
  scale.step = step;
  scale.low = std::floor(*low / step + 1e-9) * step;
  scale.high = std::ceil(*high / step - 1e-9) * step;
  if (scale.high <= scale.low) scale.high = scale.low + step;
  scale.decimals = DecimalsFor(step);
  return scale;
}

}  // namespace sg::reporting
