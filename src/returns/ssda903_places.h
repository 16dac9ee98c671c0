// The SSDA903 fields DfE derive from postcodes: placement distance (miles
// between home and placement, to one decimal place), the placement's
// upper-tier authority, and whether that is the responsible authority
// (inside) or not (outside). Derived with the ONS postcode directory
// (places/), which is opened once per process.
#ifndef SAFEGUARD_RETURNS_SSDA903_PLACES_H_
#define SAFEGUARD_RETURNS_SSDA903_PLACES_H_

#include <string>
#include <string_view>

#include "core/error.h"
#include "returns/ssda903_model.h"

namespace sg::returns {

// Fills pl_distance, pl_la and pl_location of every episode of `lac` (its
// la_code names the responsible authority; without it the location stays
// unknown). Fails only when the postcode directory cannot be opened, and
// then leaves every derived field unknown.
core::Status DerivePlacements(LacReturn& lac);

// The ONS code of an authority given as its DfE number ("895") or ONS code
// ("E06000049"); fails naming the text when it is neither.
core::Result<std::string> ResolveAuthority(std::string_view number_or_code);
// Its DfE number ("895"), for an authority given either way.
core::Result<std::string> AuthorityNumber(std::string_view number_or_code);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_PLACES_H_
