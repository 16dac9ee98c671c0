#include "returns/ssda903_places.h"

#include <charconv>

#include <fmt/format.h>

#include "places/authorities.h"
#include "places/placement.h"
#include "places/postcode_directory.h"

namespace sg::returns {

namespace {

const core::Result<places::PostcodeDirectory>& Directory() {
  static const core::Result<places::PostcodeDirectory> directory =
      places::PostcodeDirectory::OpenDefault();
  return directory;
}

}  // namespace

core::Status DerivePlacements(LacReturn& lac) {
  const auto& directory = Directory();
  if (!directory) return std::unexpected(directory.error());
  for (EpisodeRow& episode : lac.episodes) {
    const places::Placement placement =
        places::PlacementOf(*directory, lac.la_code, episode.home_post.text, episode.pl_post.text);
    if (placement.distance_miles) episode.pl_distance = *placement.distance_miles;
    if (placement.authority) episode.pl_la = lac.text->Copy(*placement.authority);
    switch (placement.location) {
      case places::PlacementLocation::kIn:
        episode.pl_location = PlacementLocation::kInside;
        break;
      case places::PlacementLocation::kOut:
        episode.pl_location = PlacementLocation::kOutside;
        break;
      case places::PlacementLocation::kUnknown:
        break;
    }
  }
  return {};
}

namespace {

core::Result<places::Authority> FindAuthority(std::string_view text) {
  int number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error == std::errc() && end == text.data() + text.size()) {
    if (auto authority = places::FindByNumber(number)) return *authority;
  } else if (auto authority = places::FindByCode(text)) {
    return *authority;
  }
  return core::Fail(core::Code::kInvalidArgument,
                    fmt::format("'{}' is not a DfE authority number or ONS code", text));
}

}  // namespace

core::Result<std::string> ResolveAuthority(std::string_view text) {
  SG_ASSIGN_OR_RETURN(places::Authority authority, FindAuthority(text));
  return std::string(authority.ons_code);
}

core::Result<std::string> AuthorityNumber(std::string_view text) {
  SG_ASSIGN_OR_RETURN(places::Authority authority, FindAuthority(text));
  return std::to_string(authority.number);
}

}  // namespace sg::returns
