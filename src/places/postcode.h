// Postcodes as the ONS Postcode Directory writes them, and what a postcode
// tells us: where it is on the grid and which local authority district
// (LAD) it lies in.
//
// The canonical form is the ONSPD's: upper case, inner spaces removed, one
// space before the last three characters ("sk101dx" -> "SK10 1DX",
// "M1  1AE" -> "M1 1AE"). Every lookup normalises first, so a postcode typed
// by a person and one read from a return meet in the same form.
//
// Northern Ireland (BT) postcodes are located on the Irish Grid, the rest of
// the UK on the British National Grid; the two are different planes, so a
// GridRef carries the grid it belongs to (see places/distance.h).
#ifndef SAFEGUARD_PLACES_POSTCODE_H_
#define SAFEGUARD_PLACES_POSTCODE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sg::places {

// The canonical form of `text`, or "" when it cannot be a postcode: after
// removing spaces it must be 5 to 7 characters of A-Z (either case) and 0-9.
// Only the shape is checked, not whether the postcode exists.
std::string NormalisePostcode(std::string_view text);

// The 48-bit key of a postcode in the index: six bits for each of the 8
// characters of the normal form (space included, zero-padded, the first
// character highest), or nullopt where NormalisePostcode would return "".
// Two inputs have the same key exactly when they normalise to the same
// postcode, and keys sort as the normal forms do in byte order ("AB1 0AA" <
// "AB10 1AA"), the order of the ONSPD extract.
std::optional<uint64_t> PostcodeKey(std::string_view text);

enum class Grid : uint8_t {
  kBritishNational,  // England, Wales, Scotland (OSGB36 / EPSG:27700)
  kIrish,            // Northern Ireland, BT postcodes (Irish Grid / EPSG:29902)
};

// A point in whole metres on one grid.
struct GridRef {
  int32_t easting = 0;
  int32_t northing = 0;
  Grid grid = Grid::kBritishNational;

  friend bool operator==(const GridRef&, const GridRef&) = default;
};

// What the directory knows about one postcode.
struct PostcodeInfo {
  // The ONSPD's representative point; nullopt for postcodes the source does
  // not locate (Channel Islands, Isle of Man, some non-geographic codes).
  std::optional<GridRef> grid;
  // The ONS lower-tier local authority district code (2025 boundaries), e.g.
  // "E06000049", or the pseudo codes "L99999999" (Channel Islands) and
  // "M99999999" (Isle of Man); empty when the source gives none. Points into
  // the directory it came from and lives as long as that directory.
  std::string_view district;
};

}  // namespace sg::places

#endif  // SAFEGUARD_PLACES_POSTCODE_H_
