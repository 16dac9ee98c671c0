// Placement distance (SSDA903 PL_DISTANCE): the straight line between the
// home postcode and the placement postcode, in miles, as the 903 guidance
// defines it:
//
//   miles = sqrt((E_home - E_pl)^2 + (N_home - N_pl)^2) / 1000 / 1.6093
//
// on the two postcodes' ONSPD grid references (whole metres), reported to one
// decimal place.
//
// Northern Ireland (BT) postcodes are on the Irish Grid, every other UK
// postcode on the British National Grid. Coordinates on the two grids are not
// comparable (BT1 1AA, in Belfast, is 334316,374675 on the Irish Grid), so a
// distance between a BT and a non-BT postcode is unknown, not computed; two
// BT postcodes are fine. A postcode
// without a grid reference (Channel Islands, Isle of Man, some non-geographic
// codes) or missing from the directory also makes the distance unknown.
#ifndef SAFEGUARD_PLACES_DISTANCE_H_
#define SAFEGUARD_PLACES_DISTANCE_H_

#include <optional>

#include "places/postcode.h"

namespace sg::places {

// Metres per mile as the 903 guidance writes it (1000 x 1.6093).
inline constexpr double kMetresPerMile = 1609.3;

// The guidance formula, unrounded; nullopt when `a` and `b` are on different
// grids.
std::optional<double> DistanceMiles(GridRef a, GridRef b);

// The same for two directory entries; nullopt when either has no grid
// reference or they are on different grids.
std::optional<double> DistanceMiles(const PostcodeInfo& a, const PostcodeInfo& b);

// PL_DISTANCE as reported: `miles` rounded to one decimal place, halves away
// from zero (std::round(miles * 10) / 10): 17.3077 -> 17.3, 0.25 -> 0.3.
// Python and pandas, in which the sector's validator is written, round
// halves to even (0.25 -> 0.2); the two can differ only when miles x 10 is
// exactly a half in binary floating point, which a distance between
// whole-metre grid references practically never is. Format the result with
// one decimal ("{:.1f}"): 17.3 is not exact in binary.
double RoundMiles(double miles);

}  // namespace sg::places

#endif  // SAFEGUARD_PLACES_DISTANCE_H_
