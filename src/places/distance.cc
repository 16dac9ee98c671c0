#include "places/distance.h"

#include <cmath>

namespace sg::places {

std::optional<double> DistanceMiles(GridRef a, GridRef b) {
  if (a.grid != b.grid) return std::nullopt;
  // int64 differences: no overflow whatever the int32 inputs.
  const auto de = static_cast<double>(int64_t{a.easting} - int64_t{b.easting});
  const auto dn = static_cast<double>(int64_t{a.northing} - int64_t{b.northing});
  return std::sqrt(de * de + dn * dn) / 1000.0 / 1.6093;
}

std::optional<double> DistanceMiles(const PostcodeInfo& a, const PostcodeInfo& b) {
  if (!a.grid || !b.grid) return std::nullopt;
  return DistanceMiles(*a.grid, *b.grid);
}

double RoundMiles(double miles) {
  return std::round(miles * 10.0) / 10.0;
}

}  // namespace sg::places
