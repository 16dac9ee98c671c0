// SSDA903 rules: the OC3 table (care leavers: in touch, activity and
// accommodation around the 17th to 21st birthdays) and whether a young
// person belongs in it at all.
#include <algorithm>
#include <vector>

#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

using T = LacTable;

// Whether the row reports anything about the care leaver. The rules that say
// a young person should have no care-leaver information object only to rows
// that report something (the peer also flags all-blank rows in 1000, 1002
// and 1010).
bool LeaverInfoGiven(const Oc3Row& row) {
  return !row.in_touch.blank() || !row.activ.blank() || !row.accom.blank();
}

// Whether any of the child's OC3 rows reports anything.
bool LeaverInfoGiven(const LacChildren& children, uint32_t child) {
  for (const Oc3Row& row : children.Of<Oc3Row>(child)) {
    if (LeaverInfoGiven(row)) return true;
  }
  return false;
}

// Flags the child's OC3 rows that report anything.
void FlagLeaverInfo(const LacContext& lac, uint32_t child, LacFlagger& flag) {
  for (const Oc3Row& row : lac.children.Of<Oc3Row>(child)) {
    if (LeaverInfoGiven(row)) flag(row);
  }
}

// Whether the row reports anything about an adoption.
bool AdoptionInfoGiven(const Ad1Row& row) {
  return !row.date_int.blank() || !row.date_match.blank() || !row.foster_care.blank() ||
         !row.nb_adoptr.blank() || !row.sex_adoptr.blank() || !row.ls_adoptr.blank();
}

// Whether the episode was open at some point of the collection year.
bool OpenInYear(const LacContext& lac, const EpisodeRow& episode) {
  return episode.decom.date && *episode.decom.date <= lac.collection_end &&
         (!episode.dec.date || *episode.dec.date >= lac.collection_start);
}

// The episode with the latest valid start, if any (episodes come in DECOM
// order, those without a valid DECOM last).
const EpisodeRow* LatestEpisode(ChildRows<EpisodeRow> episodes) {
  for (size_t i = episodes.size(); i-- > 0;) {
    if (episodes[i].decom.date) return &episodes[i];
  }
  return nullptr;
}

// For a care leaver aged 17 or 18 at the year end whose row reports anything:
// their latest (17th or 18th) birthday.
std::optional<core::Date> LatestLeaverBirthday(const LacContext& lac, const Oc3Row& row) {
  if (!row.dob.date || !LeaverInfoGiven(row)) return std::nullopt;
  const int age = AgeOn(*row.dob.date, lac.collection_end);
  if (age < 17 || age > 18) return std::nullopt;
  return AddYears(*row.dob.date, age);
}

// 131: being in touch is a valid code.
void Rule131(const LacContext& lac, LacFlagger& flag) {
  for (const Oc3Row& row : lac.current.oc3) {
    if (!lac.IsValidCode(core::CodeList::kCareLeaverInTouch, row.in_touch)) flag(row);
  }
}

// 132: the activity is a valid code.
void Rule132(const LacContext& lac, LacFlagger& flag) {
  for (const Oc3Row& row : lac.current.oc3) {
    if (!lac.IsValidCode(core::CodeList::kCareLeaverActivity, row.activ)) flag(row);
  }
}

// 133: the accommodation is a valid code.
void Rule133(const LacContext& lac, LacFlagger& flag) {
  for (const Oc3Row& row : lac.current.oc3) {
    // Homelessness and custody are always unsuitable: the DfE's rule lists S2
    // and X2 but not S1 or X1 (our code list carries all four).
    const bool valid = lac.IsValidCode(core::CodeList::kCareLeaverAccommodation, row.accom) &&
                       !row.accom.Is("S1") && !row.accom.Is("X1");
    if (!valid) flag(row);
  }
}

// 134: a young person is not both a care leaver and adopted in the same return.
void Rule134(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (!LeaverInfoGiven(lac.children, c)) continue;
    for (const Ad1Row& row : lac.children.Of<Ad1Row>(c)) {
      if (AdoptionInfoGiven(row)) flag(row);
    }
  }
}

// 153: the three care-leaver items are reported together or not at all.
void Rule153(const LacContext& lac, LacFlagger& flag) {
  for (const Oc3Row& row : lac.current.oc3) {
    const int given = !row.in_touch.blank() + !row.activ.blank() + !row.accom.blank();
    if (given != 0 && given != 3) flag(row);
  }
}

// 165: motherhood status is 0 or 1, only for girls, given for girls looked
// after in the year and not for care leavers who were not.
void Rule165(const LacContext& lac, LacFlagger& flag) {
  // Sex is M/F/U from 2024-25 (the peer still compares with 1/2 then).
  const bool letters = lac.collection_year >= 2025;
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr) continue;
    const bool mother = !header->mother.blank();
    const bool female = header->sex.Is(letters ? "F" : "2");
    if (!mother && !female) continue;  // nothing to check
    const bool male = header->sex.Is(letters ? "M" : "1");
    // An invalid value or a boy's is wrong whatever the episodes (the peer
    // checks only children with episodes other than short breaks).
    bool bad = (mother && !header->mother.Is("0") && !header->mother.Is("1")) || (mother && male);
    bool looked_after = false, in_year = false;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (ShortBreak(episode)) continue;
      looked_after = true;
      in_year = in_year || OpenInYear(lac, episode);
    }
    if (looked_after && female) {
      bad = bad || (!mother && in_year) || (mother && !in_year && LeaverInfoGiven(lac.children, c));
    }
    if (!bad) continue;
    flag(*header);
    for (const Oc3Row& row : lac.children.Of<Oc3Row>(c)) flag(row);
  }
}

// 187: a child looked after for the whole year is neither a care leaver nor
// adopted.
void Rule187(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (lac.children.Of<Oc3Row>(c).empty() && lac.children.Of<Ad1Row>(c).empty()) continue;
    if (!ContinuouslyLookedAfter(lac, c)) continue;
    FlagLeaverInfo(lac, c, flag);
    for (const Ad1Row& row : lac.children.Of<Ad1Row>(c)) {
      if (AdoptionInfoGiven(row)) flag(row);
    }
  }
}

// 344: a young person who died or went home for 6 months or more has no
// activity or accommodation (0, not known).
void Rule344(const LacContext& lac, LacFlagger& flag) {
  // A blank is not "completed" in the DfE's words, though the peer objects to
  // it too (153 and 132/133 report blanks).
  auto completed = [](const Cell& cell) { return !cell.blank() && !cell.Is("0"); };
  for (const Oc3Row& row : lac.current.oc3) {
    if ((row.in_touch.Is("DIED") || row.in_touch.Is("RHOM")) &&
        (completed(row.activ) || completed(row.accom))) {
      flag(row);
    }
  }
}

// 345: when the authority is in touch, activity and accommodation are known
// (not 0).
void Rule345(const LacContext& lac, LacFlagger& flag) {
  for (const Oc3Row& row : lac.current.oc3) {
    if (row.in_touch.Is("YES") && (row.activ.Is("0") || row.accom.Is("0"))) flag(row);
  }
}

// 347: a care leaver under 18 is not living in a foyer.
void Rule347(const LacContext& lac, LacFlagger& flag) {
  for (const Oc3Row& row : lac.current.oc3) {
    // The peer compares ACCOM with "T", which no valid code is; the foyer
    // codes are T1 (suitable) and T2 (unsuitable).
    const bool foyer = row.accom.Is("T1") || row.accom.Is("T2");
    if (foyer && row.dob.date && AddYears(*row.dob.date, 18) > lac.collection_start) flag(row);
  }
}

// 348: a young person reported last year as having died is not reported
// otherwise this year.
void Rule348(const LacContext& lac, LacFlagger& flag) {
  for (const Oc3Row& died : lac.previous->oc3) {
    if (!died.in_touch.Is("DIED")) continue;
    for (const Oc3Row& row : lac.children.Of<Oc3Row>(died.child.text)) {
      if (!row.in_touch.Is("DIED")) flag(row);
    }
  }
}

// 391: care-leaver information is only for young people aged 17 to 21 at
// some point of the year.
void Rule391(const LacContext& lac, LacFlagger& flag) {
  for (const Oc3Row& row : lac.current.oc3) {
    if (!row.dob.date || !LeaverInfoGiven(row)) continue;
    // The peer checks only "not yet 17"; the DfE message also excludes those
    // who were 22 or over all year.
    const bool too_young = AddYears(*row.dob.date, 17) > lac.collection_end;
    const bool too_old = AddYears(*row.dob.date, 22) <= lac.collection_start;
    if (too_young || too_old) flag(row);
  }
}

// 628: a care leaver not looked after this year has no motherhood status.
void Rule628(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || header->mother.blank()) continue;
    if (lac.children.Of<EpisodeRow>(c).empty() && LeaverInfoGiven(lac.children, c)) {
      flag(*header);
    }
  }
}

// 1000: a child who died in care (this year or last) has no care-leaver
// information.
void Rule1000(const LacContext& lac, LacFlagger& flag) {
  auto flag_deaths = [&](const std::vector<EpisodeRow>& episodes) {
    for (const EpisodeRow& episode : episodes) {
      if (!episode.rec.Is("E2")) continue;
      if (std::optional<uint32_t> c = lac.children.Find(episode.child.text)) {
        FlagLeaverInfo(lac, *c, flag);
      }
    }
  };
  flag_deaths(lac.current.episodes);
  if (lac.previous != nullptr) flag_deaths(lac.previous->episodes);
}

// 1001: a care leaver was a relevant child: looked after for at least 13
// weeks since the 14th birthday, some of it after the 16th, and not adopted.
// Only this year's and last year's episodes are seen, so young people aged 20
// or over at the year end, or without a valid date of birth, are not judged
// on their time in care (the peer means to skip them but flags them).
void Rule1001(const LacContext& lac, LacFlagger& flag) {
  if (lac.current.episodes.empty() || lac.previous->episodes.empty() ||
      lac.current.header.empty()) {
    return;  // too little history to judge anyone
  }
  std::vector<const EpisodeRow*> seen;  // both years' episodes, one per DECOM, in DECOM order
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (!LeaverInfoGiven(lac.children, c)) continue;
    // Merge the two years (each in DECOM order, valid dates first). An
    // episode open at last year's end is in both: keep the copy with an end.
    auto now = lac.children.Of<EpisodeRow>(c);
    auto before = lac.previous_children->Of<EpisodeRow>(lac.children.Id(c));
    seen.clear();
    size_t i = 0, j = 0;
    while (true) {
      const bool has_now = i < now.size() && now[i].decom.date;
      const bool has_before = j < before.size() && before[j].decom.date;
      if (!has_now && !has_before) break;
      const EpisodeRow* next;
      if (has_now && (!has_before || *now[i].decom.date <= *before[j].decom.date)) {
        next = &now[i++];
      } else {
        next = &before[j++];
      }
      if (!seen.empty() && *seen.back()->decom.date == *next->decom.date) {
        if (!seen.back()->dec.date && next->dec.date) seen.back() = next;
        continue;
      }
      seen.push_back(next);
    }

    bool bad = !seen.empty() && (seen.back()->rec.Is("E11") || seen.back()->rec.Is("E12"));
    const HeaderRow* header = lac.children.Header(c);
    if (!bad && header != nullptr && header->dob.date &&
        AddYears(*header->dob.date, 20) > lac.collection_end) {
      const core::Date from14 = AddYears(*header->dob.date, 14);
      const core::Date from16 = AddYears(*header->dob.date, 16);
      int32_t days14 = 0, days16 = 0;
      for (size_t k = 0; k < seen.size(); ++k) {
        const EpisodeRow& e = *seen[k];
        if (ShortBreak(e)) continue;
        core::Date dec = lac.collection_end;  // the latest episode may still be open
        if (e.dec.date) {
          dec = *e.dec.date;
        } else if (k + 1 != seen.size()) {
          continue;
        }
        days14 += std::max(0, dec - std::max(*e.decom.date, from14));
        days16 += std::max(0, dec - std::max(*e.decom.date, from16));
      }
      bad = days14 < 91 || days16 < 1;  // 13 weeks since 14, some of it after 16
    }
    if (bad) FlagLeaverInfo(lac, c, flag);
  }
}

// 1002: a care leaver has episodes of care (this year or last).
void Rule1002(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (!lac.children.Of<EpisodeRow>(c).empty() || !LeaverInfoGiven(lac.children, c)) continue;
    if (!lac.previous_children->Of<EpisodeRow>(lac.children.Id(c)).empty()) continue;
    FlagLeaverInfo(lac, c, flag);
  }
}

// 1007: no care-leaver information for a 17- or 18-year-old who was still
// looked after on their latest birthday.
void Rule1007(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    for (const Oc3Row& row : lac.children.Of<Oc3Row>(c)) {
      const std::optional<core::Date> birthday = LatestLeaverBirthday(lac, row);
      if (!birthday) continue;
      // The peer reads an open episode (no DEC) as not in care; it is the
      // plainest case of still being looked after.
      if (AnyOf(lac.children.Of<EpisodeRow>(c), [&](const EpisodeRow& e) {
            return e.decom.date && *e.decom.date <= *birthday &&
                   (!e.dec.date || *e.dec.date > *birthday);
          })) {
        flag(row);
      }
    }
  }
}

// 1010: a child still looked after at last year's end has episodes this year
// before being reported as a care leaver.
void Rule1010(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (!lac.children.Of<EpisodeRow>(c).empty() || !LeaverInfoGiven(lac.children, c)) continue;
    const EpisodeRow* last =
        LatestEpisode(lac.previous_children->Of<EpisodeRow>(lac.children.Id(c)));
    if (last != nullptr && last->dec.blank()) FlagLeaverInfo(lac, c, flag);
  }
}

// 1011: a child whose care was transferred to another authority (final REC
// E3) is not reported as a care leaver here.
void Rule1011(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (!LeaverInfoGiven(lac.children, c)) continue;
    const EpisodeRow* last = LatestEpisode(lac.children.Of<EpisodeRow>(c));
    if (last != nullptr && last->rec.Is("E3")) FlagLeaverInfo(lac, c, flag);
  }
}

// 1014: a care leaver not looked after this year has no UASC information.
void Rule1014(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto uasc = lac.children.Of<UascRow>(c);
    if (uasc.empty() || !LeaverInfoGiven(lac.children, c)) continue;
    // The peer only looks at children with episodes; one without any was not
    // looked after this year either.
    if (AnyOf(lac.children.Of<EpisodeRow>(c),
              [&](const EpisodeRow& e) { return OpenInYear(lac, e); })) {
      continue;
    }
    for (const UascRow& row : uasc) flag(row);
    FlagLeaverInfo(lac, c, flag);
  }
}

// 1016: no care-leaver information for a 17- or 18-year-old whose care ended
// on or after their latest birthday.
void Rule1016(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    for (const Oc3Row& row : lac.children.Of<Oc3Row>(c)) {
      const std::optional<core::Date> birthday = LatestLeaverBirthday(lac, row);
      if (!birthday) continue;
      if (AnyOf(lac.children.Of<EpisodeRow>(c),
                [&](const EpisodeRow& e) { return e.dec.date && *e.dec.date >= *birthday; })) {
        flag(row);
      }
    }
  }
}

// 3001: a young person whose 17th birthday falls in the year is not living
// with former foster carers.
void Rule3001(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto rows = lac.children.Of<Oc3Row>(c);
    if (!AnyOf(rows, [](const Oc3Row& row) { return row.accom.Is("Z1") || row.accom.Is("Z2"); })) {
      continue;
    }
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || !header->dob.date) continue;
    const core::Date seventeen = AddYears(*header->dob.date, 17);
    if (seventeen < lac.collection_start || seventeen > lac.collection_end) continue;
    for (const Oc3Row& row : rows) {
      if (row.accom.Is("Z1") || row.accom.Is("Z2")) flag(row);
    }
  }
}

constexpr LacRule kRules[] = {
    {"131", Rule131, Needs({T::kOc3})},
    {"132", Rule132, Needs({T::kOc3})},
    {"133", Rule133, Needs({T::kOc3})},
    {"134", Rule134, Needs({T::kOc3, T::kAd1})},
    {"153", Rule153, Needs({T::kOc3})},
    {"165", Rule165, Needs({T::kHeader, T::kEpisodes, T::kOc3})},
    {"187", Rule187, Needs({T::kOc3, T::kAd1, T::kEpisodes})},
    {"344", Rule344, Needs({T::kOc3})},
    {"345", Rule345, Needs({T::kOc3})},
    {"347", Rule347, Needs({T::kOc3})},
    {"348", Rule348, Needs({T::kOc3}, kLastYear)},
    {"391", Rule391, Needs({T::kOc3})},
    {"628", Rule628, Needs({T::kEpisodes, T::kHeader, T::kOc3})},
    {"1000", Rule1000, Needs({T::kEpisodes, T::kOc3})},
    {"1001", Rule1001, Needs({T::kEpisodes, T::kOc3, T::kHeader}, kLastYear)},
    {"1002", Rule1002, Needs({T::kEpisodes, T::kOc3}, kLastYear)},
    {"1007", Rule1007, Needs({T::kEpisodes, T::kOc3})},
    {"1010", Rule1010, Needs({T::kEpisodes, T::kOc3}, kLastYear)},
    {"1011", Rule1011, Needs({T::kEpisodes, T::kOc3})},
    {"1014", Rule1014, Needs({T::kEpisodes, T::kUasc, T::kOc3})},
    {"1016", Rule1016, Needs({T::kEpisodes, T::kOc3})},
    {"3001", Rule3001, Needs({T::kHeader, T::kOc3})},
};

}  // namespace

std::span<const LacRule> LacRulesLeavers() {
  return kRules;
}

}  // namespace sg::returns
