// SSDA903 rules: episodes (the codes and dates of each episode of care, the
// order of a child's episodes, how long a legal status may last, and the
// placement fields derived from the postcodes).
#include <algorithm>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "places/authorities.h"
#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

using T = LacTable;
using Codes = std::span<const std::string_view>;

// Category of need: the 903 takes N1-N8 of the CIN list (not N0 or N9).
constexpr std::string_view kCategoriesOfNeed[] = {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"};
// Placements that take no provider code (178): temporary placements and
// "other" placements; from 2025-26 Z1 is split into Z11-Z14 and T4 needs one.
constexpr std::string_view kNoProviderUntil2025[] = {"T0", "T1", "T2", "T3", "T4", "Z1"};
constexpr std::string_view kNoProviderFrom2026[] = {"T0",  "T1",  "T2",  "T3",
                                                    "Z11", "Z12", "Z13", "Z14"};
// Reasons for a new episode that continue a period of care.
constexpr std::string_view kContinuation[] = {"P", "L", "T", "U", "B"};
// Special guardianship orders (REC).
constexpr std::string_view kSpecialGuardianship[] = {"E45", "E46", "E47", "E48"};
// UPNs meaning "unknown"; they may repeat.
constexpr std::string_view kUnknownUpn[] = {"UN1", "UN2", "UN3", "UN4", "UN5"};

// The codes of a list valid in the return's year, for rules that look up a
// code on every row. The 903 codes are at most a few characters, so each is
// kept as one integer (its bytes and its length) and a lookup scans a few
// dozen integers, much cheaper than the general lookup.
class YearCodes {
 public:
  YearCodes(const LacContext& lac, core::CodeList list) {
    for (const core::CodeEntry* entry : lac.codes.CodesFor(list, lac.collection_year)) {
      if (std::optional<uint64_t> key = Key(entry->code)) keys_.push_back(*key);
    }
  }
  bool Contains(const Cell& cell) const {
    std::optional<uint64_t> key = Key(cell.text);
    return key && std::find(keys_.begin(), keys_.end(), *key) != keys_.end();
  }

 private:
  // Codes of up to 7 characters: the bytes, and the length in the top byte.
  static std::optional<uint64_t> Key(std::string_view code) {
    if (code.size() > 7) return std::nullopt;
    uint64_t key = uint64_t{code.size()} << 56;
    for (size_t i = 0; i < code.size(); ++i) {
      key |= uint64_t{static_cast<unsigned char>(code[i])} << (8 * i);
    }
    return key;
  }

  std::vector<uint64_t> keys_;
};

// The end of an episode for measuring it: DEC, or 31 March while it is open.
core::Date EndInYear(const LacContext& lac, const EpisodeRow& episode) {
  return EndOr(episode.dec, lac.collection_end);
}

// How many of a child's episodes have a valid DECOM: they come first, in
// DECOM order. Sequence rules look at these only.
size_t DatedCount(const ChildRows<EpisodeRow>& episodes) {
  size_t n = 0;
  while (n < episodes.size() && Has(episodes[n].decom)) ++n;
  return n;
}

// Calls `visit(previous, episode)` for every dated episode that follows
// another of the same child.
template <class Visit>
void ForEachFollowingEpisode(const LacContext& lac, Visit visit) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    const size_t dated = DatedCount(episodes);
    for (size_t i = 1; i < dated; ++i) visit(episodes[i - 1], episodes[i]);
  }
}

// Whether anything about the placement (type, postcode, URN, provider)
// differs from the previous episode's; blank equals blank.
bool PlacementChanged(const EpisodeRow& previous, const EpisodeRow& episode) {
  return previous.place.text != episode.place.text ||
         previous.pl_post.text != episode.pl_post.text || previous.urn.text != episode.urn.text ||
         previous.place_provider.text != episode.place_provider.text;
}

bool LegalStatusChanged(const EpisodeRow& previous, const EpisodeRow& episode) {
  return previous.ls.text != episode.ls.text;
}

// Flags every episode of a stretch under legal status `ls` that lasted more
// than `max_days` days in all. A stretch is consecutive episodes of the
// child under that status, each starting no later than the stretch so far
// ended; one still open runs to 31 March.
void FlagLongStretches(const LacContext& lac, LacFlagger& flag, std::string_view ls, int max_days) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    const size_t dated = DatedCount(episodes);
    size_t i = 0;
    while (i < dated) {
      if (!episodes[i].ls.Is(ls)) {
        ++i;
        continue;
      }
      const size_t first = i;
      const core::Date start = *episodes[i].decom.date;
      core::Date end = EndInYear(lac, episodes[i]);
      for (++i; i < dated && episodes[i].ls.Is(ls) && *episodes[i].decom.date <= end; ++i) {
        end = std::max(end, EndInYear(lac, episodes[i]));
      }
      if (end - start > max_days) {
        for (size_t j = first; j < i; ++j) flag(episodes[j]);
      }
    }
  }
}

// Which children (by number) are, or last year were, unaccompanied
// asylum-seeking children (last year only when that return is given).
std::vector<bool> EverUasc(const LacContext& lac) {
  std::vector<bool> uasc(lac.children.size());
  const auto mark = [&](const std::vector<HeaderRow>& header) {
    for (const HeaderRow& row : header) {
      if (!row.uasc.Is("1")) continue;
      if (std::optional<uint32_t> child = lac.children.Find(row.child.text)) uasc[*child] = true;
    }
  };
  mark(lac.current.header);
  if (lac.previous != nullptr) mark(lac.previous->header);
  return uasc;
}

// Whether the reader derived any placement's authority: it cannot without a
// postcode directory, and then a missing PL_LA / PL_LOCATION says nothing
// about the postcodes.
bool PlacementsLocated(const LacReturn& lac) {
  return std::any_of(lac.episodes.begin(), lac.episodes.end(),
                     [](const EpisodeRow& episode) { return !episode.pl_la.empty(); });
}

// 141: DECOM, when given, is a valid date.
void Rule141(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.decom.BadDate()) flag(episode);
  }
}

// 142: every episode but the child's latest has ended: it needs DEC and REC.
void Rule142(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    const size_t dated = DatedCount(episodes);
    for (size_t i = 0; i + 1 < dated; ++i) {
      if (!Has(episodes[i].dec) || episodes[i].rec.blank()) flag(episodes[i]);
    }
  }
}

// 143: RNE, when given, is a code of the year's list.
void Rule143(const LacContext& lac, LacFlagger& flag) {
  const YearCodes valid(lac, core::CodeList::kReasonNewEpisode);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.rne.blank() && !valid.Contains(episode.rne)) flag(episode);
  }
}

// 144: LS, when given, is a code of the year's list.
void Rule144(const LacContext& lac, LacFlagger& flag) {
  const YearCodes valid(lac, core::CodeList::kLegalStatus);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.ls.blank() && !valid.Contains(episode.ls)) flag(episode);
  }
}

// 145: CIN, when given, is a category of need N1-N8.
void Rule145(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.cin.blank() && !IsOneOf(episode.cin, kCategoriesOfNeed)) flag(episode);
  }
}

// 146: PLACE, when given, is a placement type of the year's list.
void Rule146(const LacContext& lac, LacFlagger& flag) {
  const YearCodes valid(lac, core::CodeList::kPlacementType);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.place.blank() && !valid.Contains(episode.place)) flag(episode);
  }
}

// 147: DEC, when given, is a valid date.
void Rule147(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.dec.BadDate()) flag(episode);
  }
}

// 148: an episode that ended says when and why: DEC and REC both or neither.
void Rule148(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.dec.blank() != episode.rec.blank()) flag(episode);
  }
}

// 149: REC, when given, is a code of the year's list.
void Rule149(const LacContext& lac, LacFlagger& flag) {
  const YearCodes valid(lac, core::CodeList::kReasonEpisodeCeased);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.rec.blank() && !valid.Contains(episode.rec)) flag(episode);
  }
}

// 164: the placement distance, when it could be worked out, is a plausible
// 0.0-999.9 miles (not asked of short breaks or of children who are or were
// UASC, whose distance should be blank).
void Rule164(const LacContext& lac, LacFlagger& flag) {
  std::optional<std::vector<bool>> uasc;  // worked out when first needed
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (ShortBreak(episode) || !episode.pl_distance) continue;
    if (*episode.pl_distance >= 0.0 && *episode.pl_distance <= 999.9) continue;
    if (!uasc) uasc = EverUasc(lac);
    std::optional<uint32_t> child = lac.children.Find(episode.child.text);
    if (child && !(*uasc)[*child]) flag(episode);
  }
}

// 169: every placement but a short break is in a known authority: its
// postcode could be located. Says nothing when no placement could be located
// at all (no postcode directory).
void Rule169(const LacContext& lac, LacFlagger& flag) {
  if (!PlacementsLocated(lac.current)) return;
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!ShortBreak(episode) && episode.pl_la.empty()) flag(episode);
  }
}

// 178: PLACE_PROVIDER, when given, is a valid code, and is not given for the
// placements that have no provider.
void Rule178(const LacContext& lac, LacFlagger& flag) {
  const Codes no_provider =
      lac.collection_year >= 2026 ? Codes(kNoProviderFrom2026) : Codes(kNoProviderUntil2025);
  const YearCodes providers(lac, core::CodeList::kPlacementProvider);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.place_provider.blank()) continue;
    if (!providers.Contains(episode.place_provider) || IsOneOf(episode.place, no_provider)) {
      flag(episode);
    }
  }
}

// 179: every placement but a short break is known to be inside or outside
// the authority. Says nothing when no placement could be placed at all (no
// postcode directory, or the authority's code is unknown).
void Rule179(const LacContext& lac, LacFlagger& flag) {
  const auto& episodes = lac.current.episodes;
  const bool located = std::any_of(episodes.begin(), episodes.end(), [](const EpisodeRow& e) {
    return e.pl_location != PlacementLocation::kUnknown;
  });
  if (!located) return;
  for (const EpisodeRow& episode : episodes) {
    if (!ShortBreak(episode) && episode.pl_location == PlacementLocation::kUnknown) flag(episode);
  }
}

// 199: a child adopted from care (an episode ended E11/E12) has no later
// episode, looking at this year's episodes and, when given, last year's.
void Rule199(const LacContext& lac, LacFlagger& flag) {
  const auto adopted = [](const EpisodeRow& e) { return e.rec.Is("E11") || e.rec.Is("E12"); };
  // For each child, the start of the earliest of last year's episodes that
  // ended in adoption.
  std::vector<std::optional<core::Date>> adopted_last_year(lac.children.size());
  if (lac.previous != nullptr) {
    for (const EpisodeRow& e : lac.previous->episodes) {
      if (!adopted(e) || !Has(e.decom)) continue;
      std::optional<uint32_t> child = lac.children.Find(e.child.text);
      if (!child) continue;
      std::optional<core::Date>& earliest = adopted_last_year[*child];
      if (!earliest || *e.decom.date < *earliest) earliest = *e.decom.date;
    }
  }
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    const size_t dated = DatedCount(episodes);
    if (dated == 0) continue;
    // Last year's episodes from this year's first on are sent again this
    // year (an episode open at 31 March is repeated): only earlier ones count.
    const std::optional<core::Date>& before = adopted_last_year[c];
    bool adopted_before = before && *before < *episodes[0].decom.date;
    for (size_t i = 0; i < dated; ++i) {
      if (adopted_before) {
        flag(episodes[i]);
      } else if (adopted(episodes[i])) {
        adopted_before = true;
      }
    }
  }
}

// 210: UN4 ("newly looked after, UPN not yet obtained") is for children who
// started to be looked after in the last week of the year: a child looked
// after at 31 March whose care began before 24 March must not have it.
void Rule210(const LacContext& lac, LacFlagger& flag) {
  const core::Date week_before_end = lac.collection_end.AddDays(-7);
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || !header->upn.Is("UN4")) continue;
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    const size_t dated = DatedCount(episodes);
    if (dated == 0) continue;
    const EpisodeRow& last = episodes[dated - 1];
    if (!last.dec.blank() || *last.decom.date > lac.collection_end) continue;
    // Care began where the run of episodes, each starting the day the one
    // before ended, began.
    core::Date began = *last.decom.date;
    for (size_t i = dated - 1; i > 0 && episodes[i - 1].dec.date == began; --i) {
      began = *episodes[i - 1].decom.date;
    }
    if (began < week_before_end) {
      flag(*header);
      flag(last);
    }
  }
}

// 302: the child's first episode does not start before the child was born.
void Rule302(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    if (header == nullptr || !Has(header->dob) || DatedCount(episodes) == 0) continue;
    if (*episodes[0].decom.date < *header->dob.date) {
      flag(*header);
      flag(episodes[0]);
    }
  }
}

// 352: nobody starts to be looked after (RNE S) at 18 or over.
void Rule352(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || !Has(header->dob)) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (episode.rne.Is("S") && Has(episode.decom) &&
          *episode.decom.date >= AddYears(*header->dob.date, 18)) {
        flag(episode);
      }
    }
  }
}

// 353: no episode starts before 14 October 1991 (the Children Act 1989 in
// force).
void Rule353(const LacContext& lac, LacFlagger& flag) {
  const core::Date act_in_force = core::Date::FromYmd(1991, 10, 14);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (Has(episode.decom) && *episode.decom.date < act_in_force) flag(episode);
  }
}

// 354: no episode starts after the end of the year (31 March). The DfE
// message speaks of the date ceased, but the field is DECOM; 385 checks DEC.
void Rule354(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (Has(episode.decom) && *episode.decom.date > lac.collection_end) flag(episode);
  }
}

// 355: an episode lasts at least a day: it does not end the day it started.
void Rule355(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (Has(episode.decom) && Has(episode.dec) && *episode.decom.date == *episode.dec.date) {
      flag(episode);
    }
  }
}

// 356: an episode does not end before it started.
void Rule356(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (Has(episode.decom) && Has(episode.dec) && *episode.dec.date < *episode.decom.date) {
      flag(episode);
    }
  }
}

// 357: a child's first episode ever, when it started this year, is the start
// of care (RNE S).
void Rule357(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    if (DatedCount(episodes) == 0) continue;
    const EpisodeRow& first = episodes[0];
    if (*first.decom.date >= lac.collection_start && !first.rne.Is("S")) flag(first);
  }
}

// 358: youth justice legal statuses (J1-J3) are for children aged 10 or over
// when the episode starts. (The sector's validator also flags the 10th
// birthday itself; a child is 10 that day.)
void Rule358(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || !Has(header->dob)) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      const bool youth_justice = episode.ls.Is("J1") || episode.ls.Is("J2") || episode.ls.Is("J3");
      if (youth_justice && Has(episode.decom) &&
          *episode.decom.date < AddYears(*header->dob.date, 10)) {
        flag(episode);
        flag(*header);
      }
    }
  }
}

// 359: a young person still looked after at 31 March after their 18th
// birthday can only be accommodated under section 20(5) (V2) in a community
// home (K2).
void Rule359(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || !Has(header->dob)) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (episode.dec.blank() && !(episode.ls.Is("V2") && episode.place.Is("K2")) &&
          AddYears(*header->dob.date, 18) < lac.collection_end) {
        flag(episode);
      }
    }
  }
}

// 361: police protection (L1) lasts at most 72 hours.
void Rule361(const LacContext& lac, LacFlagger& flag) {
  FlagLongStretches(lac, flag, "L1", 3);
}

// 362: an emergency protection order (L2) lasts at most 21 days.
void Rule362(const LacContext& lac, LacFlagger& flag) {
  FlagLongStretches(lac, flag, "L2", 21);
}

// 363: a child assessment order (L3) lasts at most 7 days.
void Rule363(const LacContext& lac, LacFlagger& flag) {
  FlagLongStretches(lac, flag, "L3", 7);
}

// 364: detention under PACE (J2) lasts at most 21 days.
void Rule364(const LacContext& lac, LacFlagger& flag) {
  FlagLongStretches(lac, flag, "J2", 21);
}

// 365: a single short-term respite break (V3) lasts at most 17 days.
void Rule365(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (!episode.ls.Is("V3") || !Has(episode.decom)) continue;
    if (EndInYear(lac, episode) - *episode.decom.date > 17) flag(episode);
  }
}

// 366: each respite break (V3) is an episode of its own: it starts care (RNE S)
// and never continues another.
void Rule366(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.ls.Is("V3") && !episode.rne.Is("S")) flag(episode);
  }
}

// 367: respite breaks (V3) add up to at most 75 days in the year.
void Rule367(const LacContext& lac, LacFlagger& flag) {
  // Days of an episode within the year.
  const auto days_in_year = [&lac](const EpisodeRow& episode) {
    const core::Date from = std::max(*episode.decom.date, lac.collection_start);
    const core::Date to = std::min(EndInYear(lac, episode), lac.collection_end);
    return to - from;
  };
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    int32_t total = 0;
    for (const EpisodeRow& episode : episodes) {
      if (episode.ls.Is("V3") && Has(episode.decom)) total += std::max(0, days_in_year(episode));
    }
    if (total <= 75) continue;
    for (const EpisodeRow& episode : episodes) {
      if (episode.ls.Is("V3") && Has(episode.decom) && days_in_year(episode) > 0) flag(episode);
    }
  }
}

// 406: children who are or were UASC have no placement distance.
void Rule406(const LacContext& lac, LacFlagger& flag) {
  const std::vector<bool> uasc = EverUasc(lac);
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (!uasc[c]) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (episode.pl_distance) flag(episode);
    }
  }
}

// 407: a special guardianship order (E45-E48) ends care before the child's
// 18th birthday. (The sector's validator lets the birthday itself pass; the
// child has reached 18 that day.)
void Rule407(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || !Has(header->dob)) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (IsOneOf(episode.rec, kSpecialGuardianship) && Has(episode.dec) &&
          *episode.dec.date >= AddYears(*header->dob.date, 18)) {
        flag(episode);
        flag(*header);
      }
    }
  }
}

// 408: a placement for adoption with a placement order (A5, A6) goes with
// the placement order legal status (E1).
void Rule408(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if ((episode.place.Is("A5") || episode.place.Is("A6")) && !episode.ls.Is("E1")) flag(episode);
  }
}

// 411: a placement inside the authority is in the authority's own area:
// PL_LA names the same authority as the return's (an older or alias ONS code
// of it counts). Says nothing when either is unknown.
void Rule411(const LacContext& lac, LacFlagger& flag) {
  if (lac.la_code.empty()) return;
  const std::optional<places::Authority> own = places::FindByCode(lac.la_code);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.pl_location != PlacementLocation::kInside || episode.pl_la.empty() ||
        episode.pl_la == lac.la_code) {
      continue;
    }
    const std::optional<places::Authority> placed = places::FindByCode(episode.pl_la);
    if (!own || !placed || placed->number != own->number) flag(episode);
  }
}

// 420: short breaks (V3, V4) have no placement authority.
void Rule420(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (ShortBreak(episode) && !episode.pl_la.empty()) flag(episode);
  }
}

// 426: a child's respite care is recorded under one of V3 (single breaks) or
// V4 (a series of breaks), not both.
void Rule426(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    bool v3 = false, v4 = false;
    for (const EpisodeRow& episode : episodes) {
      v3 = v3 || episode.ls.Is("V3");
      v4 = v4 || episode.ls.Is("V4");
    }
    if (!(v3 && v4)) continue;
    for (const EpisodeRow& episode : episodes) {
      if (ShortBreak(episode)) flag(episode);
    }
  }
}

// 431: a child who starts to be looked after (RNE S) had left care before:
// the previous episode ended before this one started, not on the same day.
void Rule431(const LacContext& lac, LacFlagger& flag) {
  ForEachFollowingEpisode(lac, [&](const EpisodeRow& previous, const EpisodeRow& episode) {
    if (episode.rne.Is("S") && Has(previous.dec) && *episode.decom.date <= *previous.dec.date) {
      flag(episode);
    }
  });
}

// 432: after an episode that ended care (any REC but X1) the next episode
// starts care again (RNE S).
void Rule432(const LacContext& lac, LacFlagger& flag) {
  const YearCodes reasons(lac, core::CodeList::kReasonEpisodeCeased);
  ForEachFollowingEpisode(lac, [&](const EpisodeRow& previous, const EpisodeRow& episode) {
    const bool left_care = !previous.rec.Is("X1") && reasons.Contains(previous.rec);
    if (left_care && !episode.rne.Is("S")) flag(episode);
  });
}

// 433: an episode that continues care (RNE P, L, T, U, B) starts the day the
// previous episode ended.
void Rule433(const LacContext& lac, LacFlagger& flag) {
  ForEachFollowingEpisode(lac, [&](const EpisodeRow& previous, const EpisodeRow& episode) {
    if (IsOneOf(episode.rne, kContinuation) &&
        !(Has(previous.dec) && *previous.dec.date == *episode.decom.date)) {
      flag(episode);
    }
  });
}

// 434: a change of legal status only (RNE L) changes the legal status and
// nothing about the placement.
void Rule434(const LacContext& lac, LacFlagger& flag) {
  ForEachFollowingEpisode(lac, [&](const EpisodeRow& previous, const EpisodeRow& episode) {
    if (episode.rne.Is("L") &&
        (!LegalStatusChanged(previous, episode) || PlacementChanged(previous, episode))) {
      flag(episode);
    }
  });
}

// 435: a change of placement only (RNE P, T) changes the placement and not
// the legal status. (Blank equals blank here, as in 434 and 436; the sector's
// validator treats two blank URNs as a change in this rule only.)
void Rule435(const LacContext& lac, LacFlagger& flag) {
  ForEachFollowingEpisode(lac, [&](const EpisodeRow& previous, const EpisodeRow& episode) {
    if ((episode.rne.Is("P") || episode.rne.Is("T")) &&
        (LegalStatusChanged(previous, episode) || !PlacementChanged(previous, episode))) {
      flag(episode);
    }
  });
}

// 436: a change of both (RNE U, B) changes the legal status and the
// placement.
void Rule436(const LacContext& lac, LacFlagger& flag) {
  ForEachFollowingEpisode(lac, [&](const EpisodeRow& previous, const EpisodeRow& episode) {
    if ((episode.rne.Is("U") || episode.rne.Is("B")) &&
        (!LegalStatusChanged(previous, episode) || !PlacementChanged(previous, episode))) {
      flag(episode);
    }
  });
}

// 437: nothing follows an episode that ended because the child died (E2) or
// was found to be 18 or over (E15).
void Rule437(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    const size_t dated = DatedCount(episodes);
    for (size_t i = 0; i + 1 < dated; ++i) {
      if (episodes[i].rec.Is("E2") || episodes[i].rec.Is("E15")) flag(episodes[i]);
    }
  }
}

// 442: a child looked after other than on short breaks (some episode not
// V3/V4) has a UPN or an "unknown" code.
void Rule442(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || !header->upn.blank()) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (!ShortBreak(episode)) {
        flag(*header);
        break;
      }
    }
  }
}

// 444: a real UPN (not blank, not UN1-UN5) belongs to one child only.
void Rule444(const LacContext& lac, LacFlagger& flag) {
  std::unordered_map<std::string_view, const HeaderRow*> first_with;
  first_with.reserve(lac.current.header.size());
  for (const HeaderRow& row : lac.current.header) {
    if (row.upn.blank() || IsOneOf(row.upn, kUnknownUpn)) continue;
    auto [first, added] = first_with.try_emplace(row.upn.text, &row);
    if (!added) {
      flag(*first->second);
      flag(row);
    }
  }
}

// 445: freeing orders (D1) ended in December 2005: no D1 episode starts
// after 31 December 2005.
void Rule445(const LacContext& lac, LacFlagger& flag) {
  const core::Date last_freeing = core::Date::FromYmd(2005, 12, 31);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.ls.Is("D1") && Has(episode.decom) && *episode.decom.date > last_freeing) {
      flag(episode);
    }
  }
}

// 446: placement orders (E1) began in December 2005: no E1 episode starts
// before 1 December 2005.
void Rule446(const LacContext& lac, LacFlagger& flag) {
  const core::Date first_placement_order = core::Date::FromYmd(2005, 12, 1);
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.ls.Is("E1") && Has(episode.decom) && *episode.decom.date < first_placement_order) {
      flag(episode);
    }
  }
}

// 451: no child is still freed for adoption (D1) today: a D1 episode has
// ended (DEC or REC given).
void Rule451(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& episode : lac.current.episodes) {
    if (episode.ls.Is("D1") && episode.dec.blank() && episode.rec.blank()) flag(episode);
  }
}

constexpr LacRule kRules[] = {
    {"141", Rule141, Needs({T::kEpisodes})},
    {"142", Rule142, Needs({T::kEpisodes})},
    {"143", Rule143, Needs({T::kEpisodes})},
    {"144", Rule144, Needs({T::kEpisodes})},
    {"145", Rule145, Needs({T::kEpisodes})},
    {"146", Rule146, Needs({T::kEpisodes})},
    {"147", Rule147, Needs({T::kEpisodes})},
    {"148", Rule148, Needs({T::kEpisodes})},
    {"149", Rule149, Needs({T::kEpisodes})},
    {"164", Rule164, Needs({T::kEpisodes, T::kHeader, T::kUasc})},
    {"169", Rule169, Needs({T::kEpisodes})},
    {"178", Rule178, Needs({T::kEpisodes})},
    {"179", Rule179, Needs({T::kEpisodes})},
    {"199", Rule199, Needs({T::kEpisodes})},
    {"210", Rule210, Needs({T::kHeader, T::kEpisodes})},
    {"302", Rule302, Needs({T::kHeader, T::kEpisodes})},
    {"352", Rule352, Needs({T::kHeader, T::kEpisodes})},
    {"353", Rule353, Needs({T::kEpisodes})},
    {"354", Rule354, Needs({T::kEpisodes})},
    {"355", Rule355, Needs({T::kEpisodes})},
    {"356", Rule356, Needs({T::kEpisodes})},
    {"357", Rule357, Needs({T::kEpisodes})},
    {"358", Rule358, Needs({T::kHeader, T::kEpisodes})},
    {"359", Rule359, Needs({T::kHeader, T::kEpisodes})},
    {"361", Rule361, Needs({T::kEpisodes})},
    {"362", Rule362, Needs({T::kEpisodes})},
    {"363", Rule363, Needs({T::kEpisodes})},
    {"364", Rule364, Needs({T::kEpisodes})},
    {"365", Rule365, Needs({T::kEpisodes})},
    {"366", Rule366, Needs({T::kEpisodes})},
    {"367", Rule367, Needs({T::kEpisodes})},
    {"406", Rule406, Needs({T::kEpisodes, T::kHeader, T::kUasc})},
    {"407", Rule407, Needs({T::kHeader, T::kEpisodes})},
    {"408", Rule408, Needs({T::kEpisodes})},
    {"411", Rule411, Needs({T::kEpisodes})},
    {"420", Rule420, Needs({T::kEpisodes})},
    {"426", Rule426, Needs({T::kEpisodes})},
    {"431", Rule431, Needs({T::kEpisodes})},
    {"432", Rule432, Needs({T::kEpisodes})},
    {"433", Rule433, Needs({T::kEpisodes})},
    {"434", Rule434, Needs({T::kEpisodes})},
    {"435", Rule435, Needs({T::kEpisodes})},
    {"436", Rule436, Needs({T::kEpisodes})},
    {"437", Rule437, Needs({T::kEpisodes})},
    {"442", Rule442, Needs({T::kHeader, T::kEpisodes})},
    {"444", Rule444, Needs({T::kHeader})},
    {"445", Rule445, Needs({T::kEpisodes})},
    {"446", Rule446, Needs({T::kEpisodes})},
    {"451", Rule451, Needs({T::kEpisodes})},
};

}  // namespace

std::span<const LacRule> LacRulesEpisodes() {
  return kRules;
}

}  // namespace sg::returns
