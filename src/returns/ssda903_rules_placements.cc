// SSDA903 rules: placements (placement types and the ages and legal statuses
// they allow, temporary placements, reasons for a change of placement,
// reasons an episode ceased), providers and Ofsted URNs, postcodes and
// placement distance.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

using T = LacTable;
using Codes = std::span<const std::string_view>;

// Temporary placements: a short absence from the child's usual placement.
constexpr std::string_view kTemporary[] = {"T0", "T1", "T2", "T3", "T4"};
// The "other placement" codes that replaced Z1 in 2025-26.
constexpr std::string_view kOtherPlacements[] = {"Z11", "Z12", "Z13", "Z14"};
// Placement types meaning "placed for adoption".
constexpr std::string_view kPlacedForAdoption[] = {"A3", "A4", "A5", "A6"};
// Foster placements.
constexpr std::string_view kFostered[] = {"U1", "U2", "U3", "U4", "U5", "U6"};
// Placements for adoption with the current foster carers.
constexpr std::string_view kAdoptionByFosterCarers[] = {"A3", "A5"};
// Long-term foster placements.
constexpr std::string_view kLongTermFostering[] = {"U1", "U4"};
// Placement types that never have a URN, whatever the year.
constexpr std::string_view kNeverRegistered[] = {"P1", "P3", "R1", "R2", "R5"};
// Reasons for a new episode: a new legal status (S: care starts, T: legal
// status and placement change, U: legal status changes).
constexpr std::string_view kNewLegalEpisode[] = {"S", "T", "U"};
// Reasons for a new episode that continue a period of care with a move:
// P (placement changes), B (placement and legal status change), T, U.
constexpr std::string_view kMoveWithinCare[] = {"P", "B", "T", "U"};
// Reasons for a new episode that change only the placement: P, B.
constexpr std::string_view kPlacementChange[] = {"P", "B"};
// Reasons an episode ceased.
constexpr std::string_view kAdopted[] = {"E11", "E12"};
constexpr std::string_view kIndependentLiving[] = {"E5", "E6"};
constexpr std::string_view kToAdultSocialCare[] = {"E7"};
constexpr std::string_view kStayingPut[] = {"E17"};
// Registered settings whose postcode Ofsted holds (for 221), by year: H5
// from 28 October 2023, then K3 (supported accommodation) in its place.
constexpr std::string_view kRegistered2023[] = {"K1", "K2", "R3", "S1"};
constexpr std::string_view kRegistered2024[] = {"H5", "K1", "K2", "R3", "S1"};
constexpr std::string_view kRegistered2025[] = {"K1", "K2", "K3", "R3", "S1"};
// The URN the DfE asks for when a placement has none.
constexpr std::string_view kNoUrn = "XXXXXXX";

bool IsTemporary(const Cell& place) { return IsOneOf(place, kTemporary); }

bool Lists(const std::vector<std::string>& codes, std::string_view code) {
  for (const std::string& listed : codes) {
    if (listed == code) return true;
  }
  return false;
}

// Placement types that have no URN because Ofsted does not register them,
// as the DfE lists them for the year: H5 (semi-independent living) left the
// list in 2023-24, when Ofsted began registering it; P2 (independent living)
// in 2024-25, when the code was withdrawn; Z1 in 2025-26, when Z11-Z14
// replaced it.
bool PlacementWithoutUrn(int year, const Cell& place) {
  if (IsOneOf(place, kNeverRegistered) || IsTemporary(place)) return true;
  if (place.Is("Z1")) return year <= 2025;
  if (IsOneOf(place, kOtherPlacements)) return year >= 2026;
  if (place.Is("P2")) return year <= 2024;
  if (place.Is("H5")) return year <= 2023;
  return false;
}

// A real URN is given (not blank, not the DfE's "none").
bool HasUrn(const Cell& urn) { return !urn.blank() && !urn.Is(kNoUrn); }

// Ofsted's record of the episode's URN; null when the lists do not hold it.
// REQUIRES: the rule declared that it needs the provider lists.
const OfstedProvider* ProviderOf(const LacContext& lac, const EpisodeRow& episode) {
  return lac.providers->Find(episode.urn.text);
}

// Whether the DfE expects a URN for where the child is placed: the placement
// is known to be in England, or there is no placement postcode at all (the
// DfE's PL_LA is then blank, which is no exemption). A postcode we could not
// locate says nothing either way.
bool UrnExpectedWhereSited(const EpisodeRow& episode) {
  if (episode.pl_post.blank()) return true;
  return !episode.pl_la.empty() && episode.pl_la.front() == 'E';
}

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
bool IsLetter(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The same postcode, ignoring spaces and case; two blanks are the same.
bool SamePostcode(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  for (;;) {
    while (i < a.size() && a[i] == ' ') ++i;
    while (j < b.size() && b[j] == ' ') ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (Upper(a[i]) != Upper(b[j])) return false;
    ++i;
    ++j;
  }
}

// Shaped like a UK postcode: an outward code A9, A99, AA9, AA99, A9A or
// AA9A and an inward code 9AA, spaces ignored. Whether it exists is the
// postcode directory's business.
bool LooksLikePostcode(std::string_view text) {
  char code[7];
  size_t n = 0;
  for (char c : text) {
    if (c == ' ') continue;
    if (n == sizeof(code)) return false;
    code[n++] = Upper(c);
  }
  if (n < 5) return false;
  if (!IsDigit(code[n - 3]) || !IsLetter(code[n - 2]) || !IsLetter(code[n - 1])) return false;
  const size_t outward = n - 3;
  size_t at = 0;
  if (!IsLetter(code[at++])) return false;
  if (IsLetter(code[at])) ++at;
  if (at >= outward || !IsDigit(code[at++])) return false;
  if (at < outward && (IsDigit(code[at]) || IsLetter(code[at]))) ++at;
  return at == outward;
}

bool InNorthernIreland(std::string_view postcode) { return postcode.starts_with("BT"); }

// Whether the child was younger than `years` on `day`; nullopt when the date
// of birth or the day is missing.
std::optional<bool> YoungerThan(const HeaderRow* header, const Cell& day, int years) {
  if (header == nullptr || !header->dob.date || !day.date) return std::nullopt;
  return *day.date < AddYears(*header->dob.date, years);
}

// Calls visit(previous, next, child) for each two consecutive episodes of a
// child. Episodes without a valid start date have no known place in the
// sequence and are left out.
template <class Visit>
void ForEachEpisodePair(const LacContext& lac, Visit visit) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    // Undated episodes sort last, so a dated episode follows a dated one.
    for (size_t i = 1; i < episodes.size() && Has(episodes[i].decom); ++i) {
      visit(episodes[i - 1], episodes[i], c);
    }
  }
}

// Calls check(episode, child) for every episode, with the child's number in
// the index (to look the header up cheaply, and only when needed).
template <class Check>
void ForEachEpisodeByChild(const LacContext& lac, Check check) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) check(episode, c);
  }
}

// Placement `place` is only for children aged `years` or over at its start.
void FlagPlacedYoungerThan(const LacContext& lac, LacFlagger& flag, std::string_view place,
                           int years) {
  ForEachEpisodeByChild(lac, [&](const EpisodeRow& episode, uint32_t c) {
    if (episode.place.Is(place) &&
        YoungerThan(lac.children.Header(c), episode.decom, years).value_or(false)) {
      flag(episode);
    }
  });
}

// Episodes ending for one of `reasons` are only for children aged `years` or
// over when they end.
void FlagCeasedYoungerThan(const LacContext& lac, LacFlagger& flag, Codes reasons, int years) {
  ForEachEpisodeByChild(lac, [&](const EpisodeRow& episode, uint32_t c) {
    if (IsOneOf(episode.rec, reasons) &&
        YoungerThan(lac.children.Header(c), episode.dec, years).value_or(false)) {
      flag(episode);
    }
  });
}

// Placement `place` may last at most `days` days.
void FlagLastingLongerThan(const LacContext& lac, LacFlagger& flag, std::string_view place,
                           int days) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.place.Is(place) && episode.decom.date && episode.dec.date &&
        *episode.dec.date - *episode.decom.date > days) {
      flag(episode);
    }
  }
}

// Whether this year's or last year's return shows the child as an
// unaccompanied asylum-seeking child.
bool KnownAsUasc(const LacContext& lac, uint32_t child) {
  const HeaderRow* header = lac.children.Header(child);
  if ((header != nullptr && header->uasc.Is("1")) || !lac.children.Of<UascRow>(child).empty()) {
    return true;
  }
  if (lac.previous_children == nullptr) return false;
  std::optional<uint32_t> before = lac.previous_children->Find(lac.children.Id(child));
  if (!before) return false;
  const HeaderRow* last_header = lac.previous_children->Header(*before);
  return (last_header != nullptr && last_header->uasc.Is("1")) ||
         !lac.previous_children->Of<UascRow>(*before).empty();
}

// Calls check(episode) for the episodes of looked-after children who are
// not, and were not, unaccompanied asylum seekers (the DfE expects postcodes
// and distance for them), short breaks excepted.
template <class Check>
void ForEachEpisodeNeedingPostcodes(const LacContext& lac, Check check) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    if (episodes.empty() || KnownAsUasc(lac, c)) continue;
    for (const EpisodeRow& episode : episodes) {
      if (!ShortBreak(episode)) check(episode);
    }
  }
}

// 213: temporary placements (and, from 2025-26, the Z1x "other" placements)
// have no placement provider.
void Rule213(const LacContext& lac, LacFlagger& flag) {
  const bool other_too = lac.collection_year >= 2026;
  for (const EpisodeRow& episode : lac.current.episodes) {
    const bool no_provider =
        IsTemporary(episode.place) || (other_too && IsOneOf(episode.place, kOtherPlacements));
    if (no_provider && !episode.place_provider.blank()) flag(episode);
  }
}

// 214: a short break has no placement postcode or URN to report.
void Rule214(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (ShortBreak(episode) && (!episode.pl_post.blank() || !episode.urn.blank())) {
      flag(episode);
    }
  }
}

// 217: a placement for adoption with the current foster carers (A3, A5)
// starting from 1 April 2015 begins a new legal episode (RNE S, T or U).
void Rule217(const LacContext& lac, LacFlagger& flag) {
  const core::Date from = core::Date::FromYmd(2015, 4, 1);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (IsOneOf(episode.place, kAdoptionByFosterCarers) && episode.decom.date && *episode.decom.date >= from &&
        !IsOneOf(episode.rne, kNewLegalEpisode)) {
      flag(episode);
    }
  }
}

// 217t: independent living (P2) stopped being a placement type on 28 October
// 2023: no P2 episode may still be open after that day.
void Rule217t(const LacContext& lac, LacFlagger& flag) {
  const core::Date last_day = core::Date::FromYmd(2023, 10, 28);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.place.Is("P2") && (!episode.dec.date || *episode.dec.date > last_day)) {
      flag(episode);
    }
  }
}

// 218: placements Ofsted registers, in England, open in the year, need a URN.
void Rule218(const LacContext& lac, LacFlagger& flag) {
  const int year = lac.collection_year;
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.urn.blank()) continue;
    if (PlacementWithoutUrn(year, episode.place)) continue;
    if (year == 2024 && episode.place.Is("H5")) continue;  // 230 covers H5 in 2023-24
    if (episode.dec.date && *episode.dec.date < lac.collection_start) continue;
    if (UrnExpectedWhereSited(episode)) flag(episode);
  }
}

// 219: Ofsted registers the URN for the placement type recorded.
void Rule219(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!HasUrn(episode.urn)) continue;
    const OfstedProvider* provider = ProviderOf(lac, episode);
    if (provider == nullptr || !Lists(provider->place_codes, episode.place.text)) flag(episode);
  }
}

// 221: the placement postcode of a registered setting is the postcode Ofsted
// holds for its URN.
void Rule221(const LacContext& lac, LacFlagger& flag) {
  const int year = lac.collection_year;
  const Codes places = year <= 2023   ? Codes(kRegistered2023)
                       : year == 2024 ? Codes(kRegistered2024)
                                      : Codes(kRegistered2025);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!HasUrn(episode.urn) || ShortBreak(episode) || !IsOneOf(episode.place, places) ||
        episode.pl_post.blank()) {
      continue;
    }
    const OfstedProvider* provider = ProviderOf(lac, episode);
    if (provider == nullptr || provider->postcode.empty() ||
        !SamePostcode(episode.pl_post.text, provider->postcode)) {
      flag(episode);
    }
  }
}

// 222: placements Ofsted does not register carry no URN.
void Rule222(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (HasUrn(episode.urn) && PlacementWithoutUrn(lac.collection_year, episode.place)) {
      flag(episode);
    }
  }
}

// 224: Ofsted registers the URN for the placement provider recorded.
void Rule224(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!HasUrn(episode.urn)) continue;
    const OfstedProvider* provider = ProviderOf(lac, episode);
    if (provider == nullptr || !Lists(provider->provider_codes, episode.place_provider.text)) {
      flag(episode);
    }
  }
}

// 225: when a placement ends and the child moves to another (not temporary)
// placement within the same period of care, the reason for the change is
// recorded.
void Rule225(const LacContext& lac, LacFlagger& flag) {
  ForEachEpisodePair(lac, [&](const EpisodeRow& episode, const EpisodeRow& next, uint32_t) {
    if (episode.rec.Is("X1") && episode.reason_place_change.blank() &&
        !IsTemporary(episode.place) && IsOneOf(next.rne, kMoveWithinCare) &&
        !IsTemporary(next.place)) {
      flag(episode);
    }
  });
}

// 226: a move into or out of a temporary placement is not a change of
// placement: neither the temporary episode nor the one before it gives a
// reason for a change.
void Rule226(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (IsTemporary(episode.place) && !episode.reason_place_change.blank()) flag(episode);
  }
  ForEachEpisodePair(lac, [&](const EpisodeRow& before, const EpisodeRow& episode, uint32_t) {
    if (IsTemporary(episode.place) && !before.reason_place_change.blank()) flag(episode);
  });
}

// 227: the URN's registration had not ended when the placement began.
void Rule227(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!HasUrn(episode.urn) || !episode.decom.date) continue;
    const OfstedProvider* provider = ProviderOf(lac, episode);
    if (provider != nullptr && provider->registration_end &&
        *episode.decom.date >= *provider->registration_end) {
      flag(episode);
    }
  }
}

// 228: the URN was still registered when the placement ended (an open
// placement: on 31 March).
void Rule228(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!HasUrn(episode.urn)) continue;
    const OfstedProvider* provider = ProviderOf(lac, episode);
    if (provider != nullptr && provider->registration_end &&
        EndOr(episode.dec, lac.collection_end) > *provider->registration_end) {
      flag(episode);
    }
  }
}

// 229: own provision (PR1) is a setting in the authority's area, another
// authority's provision (PR2) one outside it, by where Ofsted places the URN.
void Rule229(const LacContext& lac, LacFlagger& flag) {
  if (lac.la_code.empty()) return;  // whose area it is is unknown
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!HasUrn(episode.urn)) continue;
    const OfstedProvider* provider = ProviderOf(lac, episode);
    // The provider's authority is inferred from its postcode: unknown says nothing.
    if (provider == nullptr || provider->la_code.empty()) continue;
    const bool own_area = provider->la_code == lac.la_code;
    if ((episode.place_provider.Is("PR1") && !own_area) ||
        (episode.place_provider.Is("PR2") && own_area)) {
      flag(episode);
    }
  }
}

// 230: semi-independent living (H5) in England needs a URN from 28 October
// 2023, when Ofsted began registering it.
void Rule230(const LacContext& lac, LacFlagger& flag) {
  const core::Date registered_from = core::Date::FromYmd(2023, 10, 29);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.place.Is("H5") && !HasUrn(episode.urn) &&
        (!episode.dec.date || *episode.dec.date >= registered_from) &&
        UrnExpectedWhereSited(episode)) {
      flag(episode);
    }
  }
}

// 233: the reason for a change of placement belongs to an episode that has
// ended.
void Rule233(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.dec.blank() && !episode.reason_place_change.blank()) flag(episode);
  }
}

// 234: a child under 10 cannot be taken into custody, so cannot change
// placement for that reason (the age is the one at the next placement).
void Rule234(const LacContext& lac, LacFlagger& flag) {
  ForEachEpisodePair(lac, [&](const EpisodeRow& before, const EpisodeRow& next, uint32_t c) {
    if (!before.reason_place_change.Is("CUSTOD")) return;
    const HeaderRow* header = lac.children.Header(c);
    if (YoungerThan(header, next.decom, 10).value_or(false)) {
      flag(before);
      flag(*header);
    }
  });
}

// 370: independent living (P2) is for young people of 15 or over (2022-23),
// 16 or over from 2023-24.
void Rule370(const LacContext& lac, LacFlagger& flag) {
  FlagPlacedYoungerThan(lac, flag, "P2", lac.collection_year <= 2023 ? 15 : 16);
}

// 371: semi-independent living not subject to children's homes regulations
// is for young people of 14 or over (H5, 2022-23), 16 or over (H5, 2023-24),
// and supported accommodation (K3) that replaced it for 16 or over.
void Rule371(const LacContext& lac, LacFlagger& flag) {
  const int year = lac.collection_year;
  if (year <= 2023) FlagPlacedYoungerThan(lac, flag, "H5", 14);
  else if (year == 2024) FlagPlacedYoungerThan(lac, flag, "H5", 16);
  else FlagPlacedYoungerThan(lac, flag, "K3", 16);
}

// 372: youth custody or prison (R5) is for children of 10 or over.
void Rule372(const LacContext& lac, LacFlagger& flag) { FlagPlacedYoungerThan(lac, flag, "R5", 10); }

// 373: a residential school (S1) is for children of 4 or over.
void Rule373(const LacContext& lac, LacFlagger& flag) { FlagPlacedYoungerThan(lac, flag, "S1", 4); }

// 374: residential employment (P3) is for young people of 14 or over.
void Rule374(const LacContext& lac, LacFlagger& flag) { FlagPlacedYoungerThan(lac, flag, "P3", 14); }

// 375: a temporary stay in hospital (T1) lasts at most six weeks.
void Rule375(const LacContext& lac, LacFlagger& flag) { FlagLastingLongerThan(lac, flag, "T1", 42); }

// 376: a temporary placement while the foster carers are on holiday (T3)
// lasts at most three weeks.
void Rule376(const LacContext& lac, LacFlagger& flag) { FlagLastingLongerThan(lac, flag, "T3", 21); }

// 377: at most two temporary placements for the foster carers' holidays (T3)
// in a year.
void Rule377(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    int holidays = 0;
    for (const EpisodeRow& episode : episodes) holidays += episode.place.Is("T3") ? 1 : 0;
    if (holidays <= 2) continue;
    for (const EpisodeRow& episode : episodes) {
      if (episode.place.Is("T3")) flag(episode);
    }
  }
}

// 378: a child placed with parents is not accommodated under a single
// period of section 20 accommodation (V2).
void Rule378(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.place.Is("P1") && episode.ls.Is("V2")) flag(episode);
  }
}

// 379: a temporary placement for an unspecified reason (T4) lasts at most
// seven days.
void Rule379(const LacContext& lac, LacFlagger& flag) { FlagLastingLongerThan(lac, flag, "T4", 7); }

// 380: a temporary placement only follows another placement in the same
// period of care (RNE P or B), never starts care.
void Rule380(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (IsTemporary(episode.place) && !IsOneOf(episode.rne, kPlacementChange)) flag(episode);
  }
}

// 381: a temporary placement ends in a return to care (REC X1), never by
// leaving care.
void Rule381(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (IsTemporary(episode.place) && !episode.rec.blank() && !episode.rec.Is("X1")) {
      flag(episode);
    }
  }
}

// 382: short breaks are not temporary placements.
void Rule382(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (ShortBreak(episode) && IsTemporary(episode.place)) flag(episode);
  }
}

// 383: after a temporary placement the child returns to the placement they
// were in before it (RNE P, the same placement type and, from 2025-26, the
// same placement postcode).
void Rule383(const LacContext& lac, LacFlagger& flag) {
  const bool same_postcode = lac.collection_year >= 2026;
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    for (size_t i = 2; i < episodes.size() && Has(episodes[i].decom); ++i) {
      const EpisodeRow& usual = episodes[i - 2];
      const EpisodeRow& temporary = episodes[i - 1];
      const EpisodeRow& back = episodes[i];
      if (!IsTemporary(temporary.place)) continue;
      if (!back.rne.Is("P") || back.place.text != usual.place.text ||
          (same_postcode && !SamePostcode(back.pl_post.text, usual.pl_post.text))) {
        flag(back);
      }
    }
  }
}

// 384: short breaks are not long-term foster placements (U1, U4).
void Rule384(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (ShortBreak(episode) && IsOneOf(episode.place, kLongTermFostering)) flag(episode);
  }
}

// 385: no episode ends after the end of the collection year.
void Rule385(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.dec.date && *episode.dec.date > lac.collection_end) flag(episode);
  }
}

// 386: adoption (E11, E12) is of a child under 18.
void Rule386(const LacContext& lac, LacFlagger& flag) {
  ForEachEpisodeByChild(lac, [&](const EpisodeRow& episode, uint32_t c) {
    if (IsOneOf(episode.rec, kAdopted) &&
        !YoungerThan(lac.children.Header(c), episode.dec, 18).value_or(true)) {
      flag(episode);
    }
  });
}

// 387: a young person moves into independent living (E5, E6) at 14 or over.
void Rule387(const LacContext& lac, LacFlagger& flag) {
  FlagCeasedYoungerThan(lac, flag, kIndependentLiving, 14);
}

// 388: REC X1 ("new episode begins") means care continues: the next episode
// starts the day this one ends; any other reason means care ends, so no
// episode starts that day; and the last episode of a child cannot end X1.
void Rule388(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    for (size_t i = 0; i < episodes.size() && Has(episodes[i].decom); ++i) {
      const EpisodeRow& episode = episodes[i];
      if (!episode.dec.date || episode.rec.blank()) continue;
      const bool continues = episode.rec.Is("X1");
      if (i + 1 < episodes.size()) {
        const EpisodeRow& next = episodes[i + 1];
        if (!next.decom.date) continue;  // the next episode's place in time is unknown
        if (continues != (*episode.dec.date == *next.decom.date)) flag(episode);
      } else if (continues) {
        flag(episode);
      }
    }
  }
}

// 389: a young person transfers to adult social care (E7) at 16 or over.
void Rule389(const LacContext& lac, LacFlagger& flag) { FlagCeasedYoungerThan(lac, flag, kToAdultSocialCare, 16); }

// 390: a child is adopted (E11, E12) from a placement for adoption (A3-A6).
void Rule390(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (IsOneOf(episode.rec, kAdopted) && !IsOneOf(episode.place, kPlacedForAdoption)) {
      flag(episode);
    }
  }
}

// 392a: the placement distance of a looked-after child (not a short break,
// never UASC) can be worked out. It cannot when a postcode is missing or
// malformed, or when the placement postcode was located but the home one
// was not; a postcode we could not locate otherwise says nothing.
void Rule392a(const LacContext& lac, LacFlagger& flag) {
  ForEachEpisodeNeedingPostcodes(lac, [&](const EpisodeRow& episode) {
    if (episode.pl_distance) return;
    const std::string_view home = episode.home_post.text, placed = episode.pl_post.text;
    const bool unusable = !LooksLikePostcode(home) || !LooksLikePostcode(placed);
    // Northern Ireland and Great Britain are on different grids: no distance by design.
    const bool home_unlocated = episode.pl_location != PlacementLocation::kUnknown &&
                                InNorthernIreland(home) == InNorthernIreland(placed);
    if (unusable || home_unlocated) flag(episode);
  });
}

// 392b: a looked-after child (not a short break, never UASC) has both a home
// and a placement postcode.
void Rule392b(const LacContext& lac, LacFlagger& flag) {
  ForEachEpisodeNeedingPostcodes(lac, [&](const EpisodeRow& episode) {
    if (episode.home_post.blank() || episode.pl_post.blank()) flag(episode);
  });
}

// 392c: the postcodes given are postcodes.
void Rule392c(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    const bool bad_home = !episode.home_post.blank() && !LooksLikePostcode(episode.home_post.text);
    const bool bad_placement = !episode.pl_post.blank() && !LooksLikePostcode(episode.pl_post.text);
    if (bad_home || bad_placement) flag(episode);
  }
}

// 392d: only a child placed with parents (P1) lives at the home postcode.
void Rule392d(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.place.Is("P1") && !episode.home_post.blank() &&
        SamePostcode(episode.home_post.text, episode.pl_post.text)) {
      flag(episode);
    }
  }
}

// 393: for a looked-after girl (not only short breaks) the return says
// whether she is a mother.
void Rule393(const LacContext& lac, LacFlagger& flag) {
  const std::string_view female = lac.collection_year >= 2025 ? "F" : "2";
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    bool looked_after = false;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      looked_after = looked_after || !ShortBreak(episode);
    }
    if (!looked_after) continue;
    for (const HeaderRow& header : lac.children.Of<HeaderRow>(c)) {
      if (header.sex.Is(female) && header.mother.blank()) flag(header);
    }
  }
}

// 398: short breaks have no home or placement postcode (so no distance).
void Rule398(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (ShortBreak(episode) && (!episode.home_post.blank() || !episode.pl_post.blank())) {
      flag(episode);
    }
  }
}

// 399: a child looked after only under short breaks has no motherhood,
// review or participation data.
void Rule399(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    if (episodes.empty()) continue;
    bool only_short_breaks = true;
    for (const EpisodeRow& episode : episodes) {
      only_short_breaks = only_short_breaks && ShortBreak(episode);
    }
    if (!only_short_breaks) continue;
    bool found = false;
    for (const HeaderRow& header : lac.children.Of<HeaderRow>(c)) {
      if (!header.mother.blank()) {
        flag(header);
        found = true;
      }
    }
    for (const ReviewRow& review : lac.children.Of<ReviewRow>(c)) {
      if (!review.review.blank() || !review.review_code.blank()) {
        flag(review);
        found = true;
      }
    }
    if (!found) continue;
    for (const EpisodeRow& episode : episodes) flag(episode);
  }
}

// 454: a placement is at most 350 miles from home (999.9 is the DfE's
// "not applicable").
void Rule454(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.pl_distance && *episode.pl_distance > 350.0 &&
        *episode.pl_distance != 999.9) {
      flag(episode);
    }
  }
}

// 460: staying put with the carers at 18 (E17) is for young people of 18.
void Rule460(const LacContext& lac, LacFlagger& flag) { FlagCeasedYoungerThan(lac, flag, kStayingPut, 18); }

// 1008: a URN given is one of Ofsted's.
void Rule1008(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (HasUrn(episode.urn) && ProviderOf(lac, episode) == nullptr) flag(episode);
  }
}

// 1009: the reason for a change of placement, when given, is a code of the
// year's list.
void Rule1009(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.reason_place_change.blank() &&
        !lac.IsValidCode(core::CodeList::kReasonPlaceChange, episode.reason_place_change)) {
      flag(episode);
    }
  }
}

// 1012: a child with no episode in the year (a care leaver reported in OC3
// only) has no other data about their care.
void Rule1012(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (!lac.children.Of<EpisodeRow>(c).empty()) continue;
    for (const PlacedAdoptionRow& row : lac.children.Of<PlacedAdoptionRow>(c)) flag(row);
    for (const MissingRow& row : lac.children.Of<MissingRow>(c)) flag(row);
    for (const ReviewRow& row : lac.children.Of<ReviewRow>(c)) flag(row);
    for (const Ad1Row& row : lac.children.Of<Ad1Row>(c)) flag(row);
    for (const PrevPermRow& row : lac.children.Of<PrevPermRow>(c)) flag(row);
    for (const Oc2Row& row : lac.children.Of<Oc2Row>(c)) flag(row);
  }
}

// 1015: the authority's own provision (PR1), other than foster and adoption
// placements and short breaks, is in its own area.
void Rule1015(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.place_provider.Is("PR1") || episode.place.blank() || episode.ls.blank() ||
        IsOneOf(episode.place, kPlacedForAdoption) || IsOneOf(episode.place, kFostered) ||
        ShortBreak(episode)) {
      continue;
    }
    if (episode.pl_location == PlacementLocation::kOutside) flag(episode);
  }
}

constexpr bool kProviders = true;

constexpr LacRule kRules[] = {
    {"213", Rule213, Needs({T::kEpisodes})},
    {"214", Rule214, Needs({T::kEpisodes})},
    {"217", Rule217, Needs({T::kEpisodes})},
    {"217t", Rule217t, Needs({T::kEpisodes})},
    {"218", Rule218, Needs({T::kEpisodes})},
    {"219", Rule219, Needs({T::kEpisodes}, false, kProviders)},
    {"221", Rule221, Needs({T::kEpisodes}, false, kProviders)},
    {"222", Rule222, Needs({T::kEpisodes})},
    {"224", Rule224, Needs({T::kEpisodes}, false, kProviders)},
    {"225", Rule225, Needs({T::kEpisodes})},
    {"226", Rule226, Needs({T::kEpisodes})},
    {"227", Rule227, Needs({T::kEpisodes}, false, kProviders)},
    {"228", Rule228, Needs({T::kEpisodes}, false, kProviders)},
    {"229", Rule229, Needs({T::kEpisodes}, false, kProviders)},
    {"230", Rule230, Needs({T::kEpisodes})},
    {"233", Rule233, Needs({T::kEpisodes})},
    {"234", Rule234, Needs({T::kEpisodes, T::kHeader})},
    {"370", Rule370, Needs({T::kEpisodes, T::kHeader})},
    {"371", Rule371, Needs({T::kEpisodes, T::kHeader})},
    {"372", Rule372, Needs({T::kEpisodes, T::kHeader})},
    {"373", Rule373, Needs({T::kEpisodes, T::kHeader})},
    {"374", Rule374, Needs({T::kEpisodes, T::kHeader})},
    {"375", Rule375, Needs({T::kEpisodes, T::kHeader})},
    {"376", Rule376, Needs({T::kEpisodes, T::kHeader})},
    {"377", Rule377, Needs({T::kEpisodes})},
    {"378", Rule378, Needs({T::kEpisodes})},
    {"379", Rule379, Needs({T::kEpisodes, T::kHeader})},
    {"380", Rule380, Needs({T::kEpisodes})},
    {"381", Rule381, Needs({T::kEpisodes})},
    {"382", Rule382, Needs({T::kEpisodes})},
    {"383", Rule383, Needs({T::kEpisodes})},
    {"384", Rule384, Needs({T::kEpisodes})},
    {"385", Rule385, Needs({T::kEpisodes})},
    {"386", Rule386, Needs({T::kHeader, T::kEpisodes})},
    {"387", Rule387, Needs({T::kHeader, T::kEpisodes})},
    {"388", Rule388, Needs({T::kEpisodes})},
    {"389", Rule389, Needs({T::kEpisodes, T::kHeader})},
    {"390", Rule390, Needs({T::kEpisodes})},
    {"392a", Rule392a, Needs({T::kEpisodes})},
    {"392b", Rule392b, Needs({T::kEpisodes})},
    {"392c", Rule392c, Needs({T::kEpisodes})},
    {"392d", Rule392d, Needs({T::kEpisodes})},
    {"393", Rule393, Needs({T::kHeader, T::kEpisodes})},
    {"398", Rule398, Needs({T::kEpisodes})},
    {"399", Rule399, Needs({T::kEpisodes, T::kHeader, T::kReviews})},
    {"454", Rule454, Needs({T::kEpisodes})},
    {"460", Rule460, Needs({T::kHeader, T::kEpisodes})},
    {"1008", Rule1008, Needs({T::kEpisodes}, false, kProviders)},
    {"1009", Rule1009, Needs({T::kEpisodes})},
    {"1012", Rule1012, Needs({T::kEpisodes})},
    {"1015", Rule1015, Needs({T::kEpisodes})},
};

}  // namespace

std::span<const LacRule> LacRulesPlacements() { return kRules; }

}  // namespace sg::returns
