// SSDA903 rules: permanence. Adoption details (AD1), decisions that a child
// should or should no longer be placed for adoption (PlacedAdoption), and the
// permanence arrangement a child had before coming into care (PrevPerm).
#include <string_view>
#include <unordered_set>

#include "returns/ssda903_rule_kit.h"
#include "returns/ssda903_tables.h"

namespace sg::returns {
namespace {

using T = LacTable;

// Whether the row reports anything about an adoption.
bool AdoptionInfoGiven(const Ad1Row& row) {
  return !row.date_int.blank() || !row.date_match.blank() || !row.foster_care.blank() ||
         !row.nb_adoptr.blank() || !row.sex_adoptr.blank() || !row.ls_adoptr.blank();
}

// Whether the episode ended in adoption (E11, E12) during the collection year.
bool AdoptedInYear(const LacContext& lac, const EpisodeRow& episode) {
  return lac.InYear(episode.dec) && (episode.rec.Is("E11") || episode.rec.Is("E12"));
}

// A date of previous permanence order, which may have unknown parts written
// ZZ (day, month) or ZZZZ (year).
struct PermanenceDate {
  bool valid = false;                // a date, or a date with ZZ parts
  std::optional<core::Date> latest;  // the latest day it can be; none when the year is unknown
};

PermanenceDate ParsePermanenceDate(std::string_view text) {
  const size_t slash1 = text.find('/');
  const size_t slash2 = slash1 == std::string_view::npos ? slash1 : text.find('/', slash1 + 1);
  if (slash2 == std::string_view::npos) return {};
  const std::string_view day = text.substr(0, slash1);
  const std::string_view month = text.substr(slash1 + 1, slash2 - slash1 - 1);
  const std::string_view year = text.substr(slash2 + 1);
  // Fill the unknown parts to reach the latest possible day: month ZZ is
  // December, day ZZ the month's last day. An unknown year is checked in a
  // leap year (so 29/02 is accepted) and gives no comparable date.
  char buffer[16];
  const std::string_view filled_day = day == "ZZ" ? "01" : day;
  const std::string_view filled_month = month == "ZZ" ? "12" : month;
  const std::string_view filled_year = year == "ZZZZ" ? "2000" : year;
  if (filled_day.size() + filled_month.size() + filled_year.size() + 2 > sizeof(buffer)) return {};
  size_t n = 0;
  for (std::string_view part :
       {filled_day, std::string_view("/"), filled_month, std::string_view("/"), filled_year}) {
    for (char ch : part) buffer[n++] = ch;
  }
  std::optional<core::Date> date = ParseLacDate(std::string_view(buffer, n));
  if (!date) return {};
  if (day == "ZZ") *date = core::AddMonths(*date, 1).AddDays(-1);
  PermanenceDate result{true, date};
  if (year == "ZZZZ") result.latest.reset();
  return result;
}

// 112: the date the child should be placed for adoption is a valid date.
void Rule112(const LacContext& lac, LacFlagger& flag) {
  for (const Ad1Row& row : lac.current.ad1) {
    if (row.date_int.BadDate()) flag(row);
  }
}

// 113: the date of matching child and adopters is a valid date.
void Rule113(const LacContext& lac, LacFlagger& flag) {
  for (const Ad1Row& row : lac.current.ad1) {
    if (row.date_match.BadDate()) flag(row);
  }
}

// 114: whether the adopters were the child's foster carers is 0 or 1.
void Rule114(const LacContext& lac, LacFlagger& flag) {
  for (const Ad1Row& row : lac.current.ad1) {
    if (!row.foster_care.blank() && !row.foster_care.Is("0") && !row.foster_care.Is("1")) {
      flag(row);
    }
  }
}

// 115: the date of the decision to place for adoption is a valid date.
void Rule115(const LacContext& lac, LacFlagger& flag) {
  for (const PlacedAdoptionRow& row : lac.current.placed_adoption) {
    if (row.date_placed.BadDate()) flag(row);
  }
}

// 116: the date of the decision no longer to place for adoption is a valid
// date.
void Rule116(const LacContext& lac, LacFlagger& flag) {
  for (const PlacedAdoptionRow& row : lac.current.placed_adoption) {
    if (row.date_placed_ceased.BadDate()) flag(row);
  }
}

// 117: adoption decisions are not after the year end, nor after the child's
// care ended (the end of the latest episode not ended by a placement change).
void Rule117(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.empty()) continue;
    const EpisodeRow* last = nullptr;
    for (const EpisodeRow& e : lac.children.Of<EpisodeRow>(c)) {
      if (e.decom.date && !e.rec.Is("X1")) last = &e;  // DECOM order: the latest wins
    }
    const Cell* care_ended = last != nullptr ? &last->dec : nullptr;
    for (const PlacedAdoptionRow& row : decisions) {
      bool bad = false;
      for (const Cell* decided : {&row.date_placed, &row.date_placed_ceased}) {
        if (!decided->date) continue;
        bad = bad || *decided->date > lac.collection_end ||
              (care_ended != nullptr && care_ended->date && *decided->date > *care_ended->date);
      }
      if (!bad) continue;
      flag(row);
      if (last != nullptr) flag(*last);
    }
  }
}

// 118: the decision no longer to place for adoption is not before the year
// starts nor before the child's care started (the earliest episode other
// than a short break).
void Rule118(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.empty()) continue;
    const EpisodeRow* first = nullptr;
    for (const EpisodeRow& e : lac.children.Of<EpisodeRow>(c)) {
      if (e.decom.date && !ShortBreak(e)) {
        first = &e;
        break;
      }
    }
    for (const PlacedAdoptionRow& row : decisions) {
      const std::optional<core::Date>& ceased = row.date_placed_ceased.date;
      if (!ceased) continue;
      if (*ceased < lac.collection_start || (first && *ceased < *first->decom.date)) {
        flag(row);
        if (first != nullptr) flag(*first);
      }
    }
  }
}

// 119: the date of and the reason for reversing the adoption decision are
// given together.
void Rule119(const LacContext& lac, LacFlagger& flag) {
  for (const PlacedAdoptionRow& row : lac.current.placed_adoption) {
    if (row.date_placed_ceased.blank() != row.reason_placed_ceased.blank()) flag(row);
  }
}

// 120: the reason for reversing the adoption decision is a valid code.
void Rule120(const LacContext& lac, LacFlagger& flag) {
  for (const PlacedAdoptionRow& row : lac.current.placed_adoption) {
    const Cell& reason = row.reason_placed_ceased;
    if (!reason.blank() && !reason.Is("RD1") && !reason.Is("RD2") && !reason.Is("RD3") &&
        !reason.Is("RD4")) {
      flag(row);
    }
  }
}

// 601: a child adopted in the year has all the adoption details.
void Rule601(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto episodes = lac.children.Of<EpisodeRow>(c);
    if (!AnyOf(episodes, [&](const EpisodeRow& e) { return AdoptedInYear(lac, e); })) continue;
    auto details = lac.children.Of<Ad1Row>(c);
    // The peer says nothing when the AD1 row is missing altogether, the
    // plainest case of details not completed.
    bool incomplete = details.empty();
    for (const Ad1Row& row : details) {
      if (row.date_int.blank() || row.date_match.blank() || row.foster_care.blank() ||
          row.nb_adoptr.blank() || row.sex_adoptr.blank() || row.ls_adoptr.blank()) {
        incomplete = true;
        flag(row);
      }
    }
    if (!incomplete) continue;
    for (const EpisodeRow& e : episodes) {
      if (AdoptedInYear(lac, e)) flag(e);
    }
  }
}

// 602: adoption details are only given for a child adopted in the year.
void Rule602(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto details = lac.children.Of<Ad1Row>(c);
    if (details.empty()) continue;
    if (AnyOf(lac.children.Of<EpisodeRow>(c),
              [&](const EpisodeRow& e) { return AdoptedInYear(lac, e); })) {
      continue;
    }
    for (const Ad1Row& row : details) {
      if (AdoptionInfoGiven(row)) flag(row);
    }
  }
}

// 630: a child starting a new period of care this year has a previous
// permanence option, with the authority and date unless it is Z1.
void Rule630(const LacContext& lac, LacFlagger& flag) {
  auto starts_care = [&](const EpisodeRow& e) {
    return e.decom.date && *e.decom.date >= lac.collection_start && e.rne.Is("S");
  };
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto episodes = lac.children.Of<EpisodeRow>(c);
    if (!AnyOf(episodes, starts_care)) continue;
    auto options = lac.children.Of<PrevPermRow>(c);
    bool complete = !options.empty();
    for (const PrevPermRow& row : options) {
      const bool needs_details = !row.prev_perm.Is("Z1");
      if (row.prev_perm.blank() ||
          (needs_details && (row.la_perm.blank() || row.date_perm.blank()))) {
        complete = false;
      }
    }
    if (complete) continue;
    for (const EpisodeRow& e : episodes) {
      if (starts_care(e)) flag(e);
    }
  }
}

// 631: the previous permanence option is a valid code.
void Rule631(const LacContext& lac, LacFlagger& flag) {
  for (const PrevPermRow& row : lac.current.prev_perm) {
    const Cell& option = row.prev_perm;
    if (!option.blank() && !option.Is("P1") && !option.Is("P2") && !option.Is("P3") &&
        !option.Is("P4") && !option.Is("Z1")) {
      flag(row);
    }
  }
}

// 632: the date of the previous permanence order is a date (parts may be ZZ)
// before the child's current period of care started: the latest new period
// (RNE S) in the return, else the first episode.
void Rule632(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto options = lac.children.Of<PrevPermRow>(c);
    if (options.empty()) continue;
    // The peer takes the first episode, which objects to an order made
    // between two periods of care in the same year.
    const EpisodeRow* start = nullptr;
    for (const EpisodeRow& e : lac.children.Of<EpisodeRow>(c)) {  // DECOM order
      if (!e.decom.date) break;
      if (start == nullptr || e.rne.Is("S")) start = &e;
    }
    if (start == nullptr) continue;
    for (const PrevPermRow& row : options) {
      if (row.date_perm.blank()) continue;
      PermanenceDate date = ParsePermanenceDate(row.date_perm.text);
      if (!date.valid || (date.latest && *date.latest >= *start->decom.date)) {
        flag(row);
        flag(*start);
      }
    }
  }
}

// 633: the authority that arranged the previous permanence option is a valid
// (pre-2019 numeric) authority code or one of WAL, SCO, NIR, NUK.
void Rule633(const LacContext& lac, LacFlagger& flag) {
  static const std::unordered_set<std::string_view> kValid = {
      "800", "889", "822", "301", "304", "303", "330", "825", "837", "302", "846", "370", "350",
      "890", "867", "380", "305", "801", "351", "873", "823", "895", "896", "381", "909", "202",
      "908", "331", "306", "841", "830", "831", "878", "371", "835", "332", "840", "307", "308",
      "811", "881", "845", "390", "916", "203", "876", "850", "311", "204", "884", "312", "205",
      "313", "805", "919", "310", "309", "420", "921", "206", "207", "886", "810", "382", "314",
      "340", "888", "208", "856", "383", "855", "209", "925", "341", "201", "821", "352", "806",
      "887", "826", "315", "929", "812", "391", "926", "892", "813", "802", "928", "891", "392",
      "316", "815", "353", "931", "879", "836", "851", "874", "807", "354", "317", "870", "318",
      "372", "857", "333", "935", "343", "803", "373", "342", "893", "356", "355", "871", "394",
      "334", "933", "882", "936", "861", "852", "319", "860", "808", "393", "866", "210", "357",
      "894", "883", "880", "358", "211", "937", "869", "320", "359", "865", "384", "335", "336",
      "212", "868", "872", "885", "344", "877", "213", "938", "816", "999", "WAL", "SCO", "NUK",
      "NIR"};
  for (const PrevPermRow& row : lac.current.prev_perm) {
    if (!row.la_perm.blank() && !kValid.contains(row.la_perm.text)) flag(row);
  }
}

// 634: previous permanence is only reported for a child whose care started on
// or after 1 April 2016, when the item was introduced.
void Rule634(const LacContext& lac, LacFlagger& flag) {
  // The peer compares with the collection start; the DfE's rule names 1 April
  // 2016.
  static const core::Date kIntroduced = core::Date::FromYmd(2016, 4, 1);
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto options = lac.children.Of<PrevPermRow>(c);
    if (options.empty()) continue;
    auto episodes = lac.children.Of<EpisodeRow>(c);
    std::optional<core::Date> latest_start;
    for (const EpisodeRow& e : episodes) {
      if (e.decom.date) latest_start = e.decom.date;  // DECOM order
    }
    if (!latest_start || *latest_start >= kIntroduced) continue;
    bool reported = false;
    for (const PrevPermRow& row : options) {
      if (!row.prev_perm.blank() || !row.la_perm.blank() || !row.date_perm.blank()) {
        reported = true;
        flag(row);
      }
    }
    if (!reported) continue;
    for (const EpisodeRow& e : episodes) flag(e);
  }
}

// 635: no authority or date of order when there was no previous permanence
// option (Z1, or none given).
void Rule635(const LacContext& lac, LacFlagger& flag) {
  for (const PrevPermRow& row : lac.current.prev_perm) {
    // The peer objects only to a blank option; the DfE message names Z1.
    const bool none = row.prev_perm.blank() || row.prev_perm.Is("Z1");
    if (none && (!row.la_perm.blank() || !row.date_perm.blank())) flag(row);
  }
}

constexpr LacRule kRules[] = {
    {"112", Rule112, Needs({T::kAd1})},
    {"113", Rule113, Needs({T::kAd1})},
    {"114", Rule114, Needs({T::kAd1})},
    {"115", Rule115, Needs({T::kPlacedAdoption})},
    {"116", Rule116, Needs({T::kPlacedAdoption})},
    {"117", Rule117, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"118", Rule118, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"119", Rule119, Needs({T::kPlacedAdoption})},
    {"120", Rule120, Needs({T::kPlacedAdoption})},
    {"601", Rule601, Needs({T::kEpisodes, T::kAd1})},
    {"602", Rule602, Needs({T::kEpisodes, T::kAd1})},
    {"630", Rule630, Needs({T::kEpisodes, T::kPrevPerm})},
    {"631", Rule631, Needs({T::kPrevPerm})},
    {"632", Rule632, Needs({T::kEpisodes, T::kPrevPerm})},
    {"633", Rule633, Needs({T::kPrevPerm})},
    {"634", Rule634, Needs({T::kEpisodes, T::kPrevPerm})},
    {"635", Rule635, Needs({T::kPrevPerm})},
};

}  // namespace

std::span<const LacRule> LacRulesPermanence() {
  return kRules;
}

}  // namespace sg::returns
