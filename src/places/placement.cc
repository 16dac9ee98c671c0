#include "places/placement.h"

#include "places/distance.h"

namespace sg::places {

namespace {

std::optional<double> RoundedDistance(const PostcodeDirectory& directory,
                                      std::string_view home_postcode,
                                      const PostcodeInfo& placement) {
  auto home = directory.Find(home_postcode);
  if (!home) return std::nullopt;
  auto miles = DistanceMiles(*home, placement);
  if (!miles) return std::nullopt;
  return RoundMiles(*miles);
}

std::optional<std::string> AuthorityOf(const Authorities& authorities,
                                       const PostcodeInfo& placement) {
  if (placement.district.empty()) return std::nullopt;
  auto upper = authorities.UpperTier(placement.district);
  if (!upper) return std::nullopt;
  auto authority = authorities.FindByCode(*upper);
  return authority ? std::string(authority->ons_code) : *upper;
}

}  // namespace

Placement PlacementOf(const PostcodeDirectory& directory, std::string_view responsible_authority,
                      std::string_view home_postcode, std::string_view placement_postcode) {
  const Authorities& authorities = Authorities::Embedded();
  const std::optional<PostcodeInfo> placement = directory.Find(placement_postcode);
  Placement out;
  if (placement) {
    out.distance_miles = RoundedDistance(directory, home_postcode, *placement);
    out.authority = AuthorityOf(authorities, *placement);
  }
  out.location = authorities.Locate(responsible_authority, placement);
  return out;
}

}  // namespace sg::places
