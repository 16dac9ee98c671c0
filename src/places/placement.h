// What a child's placement postcode tells, as the SSDA903 return derives it:
// the distance from home (PL_DISTANCE), the placement's children's services
// authority (PL_LA) and whether that is the responsible authority
// (PL_LOCATION).
//
// One derivation for every way care reaches Safeguard: the SSDA903 reader
// (returns/ssda903_places.cc) and the journey's care commands
// (journey/journey_care.cc) both call PlacementOf, so a placement recorded by
// a practitioner and the same placement imported from a return agree field
// for field.
//
// Each field is derived on its own and is unknown (never 0 or "") when what
// it rests on is missing:
//   distance_miles  both postcodes in the directory, with grid references on
//                   the same grid (places/distance.h), rounded to one decimal
//                   place as the 903 guidance reports it;
//   authority       the placement postcode's district has an upper tier
//                   (places/authorities.h), given as the DfE codes it (Barnsley
//                   E08000016, not the ONSPD's E08000038) when it is a DfE
//                   authority, else as ONS geography has it;
//   location        as Authorities::Locate: unknown when the placement
//                   postcode is not in the directory, has no district, or the
//                   responsible authority is not an ONS code.
//
// Thread safety: a pure function of its arguments; the directory and the
// embedded authority tables are immutable.
#ifndef SAFEGUARD_PLACES_PLACEMENT_H_
#define SAFEGUARD_PLACES_PLACEMENT_H_

#include <optional>
#include <string>
#include <string_view>

#include "places/authorities.h"
#include "places/postcode_directory.h"

namespace sg::places {

struct Placement {
  std::optional<double> distance_miles;  // PL_DISTANCE, one decimal place
  std::optional<std::string> authority;  // PL_LA, an ONS code
  // PL_LOCATION
  PlacementLocation location = PlacementLocation::kUnknown;
};

// The placement at `placement_postcode` of a child whose home is at
// `home_postcode`, looked after by `responsible_authority` (an ONS code, e.g.
// "E06000049"; "" when not known). Postcodes are looked up in `directory`
// in any spelling NormalisePostcode accepts; "" stands for a postcode not
// recorded. Uses the embedded authority tables.
Placement PlacementOf(const PostcodeDirectory& directory, std::string_view responsible_authority,
                      std::string_view home_postcode, std::string_view placement_postcode);

}  // namespace sg::places

#endif  // SAFEGUARD_PLACES_PLACEMENT_H_
