#include "returns/ssda903_places.h"

#include <charconv>

#include <fmt/format.h>

#include "places/authorities.h"
#include "places/distance.h"
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
  const places::Authorities& authorities = places::Authorities::Embedded();
  for (EpisodeRow& episode : lac.episodes) {
    std::optional<places::PostcodeInfo> placement;
    if (!episode.pl_post.blank()) placement = directory->Find(episode.pl_post.text);
    if (placement && !episode.home_post.blank()) {
      if (auto home = directory->Find(episode.home_post.text)) {
        if (auto miles = places::DistanceMiles(*home, *placement)) {
          episode.pl_distance = places::RoundMiles(*miles);
        }
      }
    }
    if (placement && !placement->district.empty()) {
      if (auto upper = authorities.UpperTier(placement->district)) {
        // As the DfE codes the authority (Barnsley's E08000016, not the
        // E08000038 of 2025 geography), when it is one of theirs.
        auto authority = authorities.FindByCode(*upper);
        episode.pl_la = lac.text->Copy(authority ? authority->ons_code : *upper);
      }
    }
    if (!lac.la_code.empty()) {
      switch (authorities.Locate(lac.la_code, placement)) {
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
