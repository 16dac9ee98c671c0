// SSDA903 rules: reviews, OC2 health and wellbeing (children looked after
// for twelve months), and missing or away-from-placement periods.
#include <algorithm>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

using T = LacTable;
using core::Date;

// --- Helpers -------------------------------------------------------------

// Whether someone born on `birth` is `years` old or more on `day` (a 29
// February birthday falls on 28 February in other years). Years span 365 to
// 366 days each, so the day count settles most rows without calendar
// arithmetic.
bool AgedAtLeast(Date birth, int years, Date day) {
  const int32_t days = day - birth;
  if (days >= years * 366) return true;
  if (days < years * 365) return false;
  return AddYears(birth, years) <= day;
}

// Whether `dob` is a date and the child was `years` old or more on `day`.
bool AgedAtLeast(const Cell& dob, int years, Date day) {
  return dob.date && AgedAtLeast(*dob.date, years, day);
}
// Whether `dob` is a date and the child was under `years` on `day`.
bool AgedUnder(const Cell& dob, int years, Date day) {
  return dob.date && !AgedAtLeast(*dob.date, years, day);
}
// Whether the child reaches `years` of age on `day` itself.
bool TurnsOn(const Cell& dob, int years, Date day) {
  return AgedUnder(dob, years, day.AddDays(-1)) && AgedAtLeast(dob, years, day);
}
// Whether the child reaches `years` of age within the collection year.
bool TurnsInYear(const LacContext& lac, const Cell& dob, int years) {
  return AgedUnder(dob, years, lac.collection_start.AddDays(-1)) &&
         AgedAtLeast(dob, years, lac.collection_end);
}

// Review participation: 0 for PN0 (under 4), 1-7 for PN1-PN7, -1 otherwise.
int ParticipationCode(const Cell& code) {
  const std::string_view text = code.text;
  if (text.size() != 3 || !text.starts_with("PN") || text[2] < '0' || text[2] > '7') return -1;
  return text[2] - '0';
}

// The items of OC2 about children looked after for twelve months.
using Oc2Item = Cell Oc2Row::*;
constexpr Oc2Item kTwelveMonthItems[] = {&Oc2Row::convicted,
                                         &Oc2Row::health_check,
                                         &Oc2Row::immunisations,
                                         &Oc2Row::teeth_check,
                                         &Oc2Row::health_assessment,
                                         &Oc2Row::substance_misuse,
                                         &Oc2Row::intervention_received,
                                         &Oc2Row::intervention_offered};
// Of those, the four every such child must have.
constexpr Oc2Item kCoreItems[] = {&Oc2Row::immunisations, &Oc2Row::teeth_check,
                                  &Oc2Row::health_assessment, &Oc2Row::substance_misuse};

bool AnyGiven(const Oc2Row& row, std::span<const Oc2Item> items) {
  return std::any_of(items.begin(), items.end(),
                     [&](Oc2Item item) { return !(row.*item).blank(); });
}
bool AnyBlank(const Oc2Row& row, std::span<const Oc2Item> items) {
  return std::any_of(items.begin(), items.end(), [&](Oc2Item item) { return (row.*item).blank(); });
}

// A whole number from 0 to 40; a fraction of zeros is allowed ("20.0" is 20,
// as a spreadsheet may write it).
bool IsSdqScore(std::string_view text) {
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  if (whole.empty() || whole.size() > 3 || !std::all_of(whole.begin(), whole.end(), digit) ||
      !std::all_of(fraction.begin(), fraction.end(), [](char ch) { return ch == '0'; })) {
    return false;
  }
  int score = 0;
  for (char ch : whole) score = score * 10 + (ch - '0');
  return score <= 40;
}

bool SdqGiven(const Oc2Row& row) {
  return !row.sdq_score.blank() || !row.sdq_reason.blank();
}

// Aged 4 or over on 1 April and under 17 on 31 March: of SDQ age all year.
bool OfSdqAgeAllYear(const LacContext& lac, const Cell& dob) {
  return AgedAtLeast(dob, 4, lac.collection_start) && AgedUnder(dob, 17, lac.collection_end);
}

// Whether a child was looked after continuously throughout the year, worked
// out when first asked (it walks the child's episodes): ask it last.
class AllYear {
 public:
  AllYear(const LacContext& lac, uint32_t child) : lac_(lac), child_(child) {}
  bool operator()() {
    if (!known_) {
      value_ = ContinuouslyLookedAfter(lac_, child_);
      known_ = true;
    }
    return value_;
  }

 private:
  const LacContext& lac_;
  uint32_t child_;
  bool known_ = false;
  bool value_ = false;
};

// Calls f(row, all_year) for every OC2 row, all_year() telling whether its
// child was looked after throughout the year.
template <class F>
void ForEachOc2(const LacContext& lac, F&& f) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<Oc2Row> rows = lac.children.Of<Oc2Row>(c);
    if (rows.empty()) continue;
    AllYear all_year(lac, c);
    for (const Oc2Row& row : rows) f(row, all_year);
  }
}

// A period of care: episodes each starting no later than the one before
// ended. `end` is the last episode's DEC; none while the period is open.
struct CarePeriod {
  Date start;
  std::optional<Date> end;
};

// The child's periods of care, in order (episodes without a start date are
// left out). `out` is reused between children.
void PeriodsOfCare(const LacContext& lac, uint32_t child, std::vector<CarePeriod>& out) {
  out.clear();
  for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(child)) {
    if (!episode.decom.date) break;  // undated episodes sort last
    if (out.empty() || (out.back().end && *episode.decom.date > *out.back().end)) {
      out.push_back({*episode.decom.date, episode.dec.date});
    } else {
      out.back().end = episode.dec.date;
    }
  }
}

// Where a day falls relative to a child's periods of care.
struct CareStatus {
  bool in_care = false;       // within a period (an open one runs on)
  bool after_ceased = false;  // after the end of some period
  bool before_start = false;  // before the start of some period
};

CareStatus StatusOn(std::span<const CarePeriod> periods, Date day) {
  CareStatus status;
  for (const CarePeriod& period : periods) {
    if (period.start <= day && (!period.end || day <= *period.end)) status.in_care = true;
    if (period.end && *period.end < day) status.after_ceased = true;
    if (day < period.start) status.before_start = true;
  }
  return status;
}

// Calls f(row, periods) for every Missing row of a child with episodes.
template <class F>
void ForEachMissingInCare(const LacContext& lac, F&& f) {
  std::vector<CarePeriod> periods;
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<MissingRow> rows = lac.children.Of<MissingRow>(c);
    if (rows.empty()) continue;
    PeriodsOfCare(lac, c, periods);
    if (periods.empty()) continue;
    for (const MissingRow& row : rows) f(row, std::span<const CarePeriod>(periods));
  }
}

bool IsMissingType(const Cell& cell) {
  return cell.Is("M") || cell.Is("A");
}

// --- Reviews --------------------------------------------------------------

// 166: a review must have a valid date.
void Rule166(const LacContext& lac, LacFlagger& flag) {
  for (const ReviewRow& row : lac.current.reviews) {
    if (!Has(row.review)) flag(row);
  }
}

// 167: a review must say how the child took part (PN0-PN7); a row without a
// review date must leave it blank.
void Rule167(const LacContext& lac, LacFlagger& flag) {
  for (const ReviewRow& row : lac.current.reviews) {
    const bool valid =
        row.review.blank() ? row.review_code.blank() : ParticipationCode(row.review_code) >= 0;
    if (!valid) flag(row);
  }
}

// 440: PN0 is for children under 4 at the review.
void Rule440(const LacContext& lac, LacFlagger& flag) {
  for (const ReviewRow& row : lac.current.reviews) {
    // The peer lets PN0 pass on the 4th birthday; the child is 4 that day.
    if (ParticipationCode(row.review_code) == 0 && Has(row.review) &&
        AgedAtLeast(row.dob, 4, *row.review.date)) {
      flag(row);
    }
  }
}

// 441: PN1-PN7 are for children aged 4 or over at the review.
void Rule441(const LacContext& lac, LacFlagger& flag) {
  for (const ReviewRow& row : lac.current.reviews) {
    if (ParticipationCode(row.review_code) >= 1 && Has(row.review) &&
        AgedUnder(row.dob, 4, *row.review.date)) {
      flag(row);
    }
  }
}

// --- OC2: SDQ --------------------------------------------------------------

// 157: SDQ1 (child too young or too old) cannot be the reason for no SDQ
// score for a child of SDQ age all year.
void Rule157(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    // The peer takes "16 or under at the end" as DOB + 16 >= 31 March; we
    // follow the message (under 17 on 31 March), as rule 186 does.
    if (row.sdq_score.blank() && row.sdq_reason.Is("SDQ1") && OfSdqAgeAllYear(lac, row.dob) &&
        all_year()) {
      flag(row);
    }
  });
}

// 180: an SDQ score is a whole number from 0 to 40.
void Rule180(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (!row.sdq_score.blank() && !IsSdqScore(row.sdq_score.text)) flag(row);
  }
}

// 185: only children looked after for twelve months have an SDQ score.
void Rule185(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    if (!row.sdq_score.blank() && !all_year()) flag(row);
  });
}

// 186: a child of SDQ age all year, looked after for twelve months, has an
// SDQ score or a reason for none.
void Rule186(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    if (!SdqGiven(row) && OfSdqAgeAllYear(lac, row.dob) && all_year()) flag(row);
  });
}

// 188: a child under 4 on 31 March has no SDQ score nor reason for none.
void Rule188(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (SdqGiven(row) && AgedUnder(row.dob, 4, lac.collection_end)) flag(row);
  }
}

// 189: a child already past 17 on 1 April has no SDQ score nor reason for
// none (one turning 17 on 1 April is still asked for it by 197B).
void Rule189(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (SdqGiven(row) && AgedAtLeast(row.dob, 17, lac.collection_start.AddDays(-1))) flag(row);
  }
}

// 196: the reason for no SDQ score is SDQ1-SDQ5.
void Rule196(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    const std::string_view text = row.sdq_reason.text;
    const bool valid = text.empty() || (text.size() == 4 && text.starts_with("SDQ") &&
                                        text[3] >= '1' && text[3] <= '5');
    if (!valid) flag(row);
  }
}

// 197B: a child looked after for twelve months who turns 4 or 17 in the year
// has an SDQ score or a reason for none.
void Rule197B(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    const bool turns = TurnsInYear(lac, row.dob, 4) || TurnsInYear(lac, row.dob, 17);
    if (!SdqGiven(row) && turns && all_year()) flag(row);
  });
}

// 197a: a reason for no SDQ score is not given alongside a score.
void Rule197a(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (!row.sdq_score.blank() && !row.sdq_reason.blank()) flag(row);
  }
}

// 198: only children looked after for twelve months have a reason for no
// SDQ score.
void Rule198(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    if (!row.sdq_reason.blank() && !all_year()) flag(row);
  });
}

// --- OC2: health, offending, substance misuse -------------------------------

// 158: an intervention offered is only asked when none was received.
void Rule158(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (row.intervention_received.Is("1") && !row.intervention_offered.blank()) flag(row);
  }
}

// 159: with a substance misuse problem and no intervention received, say
// whether one was offered.
void Rule159(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (row.substance_misuse.Is("1") && row.intervention_received.Is("0") &&
        row.intervention_offered.blank()) {
      flag(row);
    }
  }
}

// 181: the twelve-month items are 0 or 1 when given.
void Rule181(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    const bool bad =
        std::any_of(std::begin(kTwelveMonthItems), std::end(kTwelveMonthItems), [&](Oc2Item item) {
          const Cell& cell = row.*item;
          return !cell.blank() && !cell.Is("0") && !cell.Is("1");
        });
    if (bad) flag(row);
  }
}

// 182: OC2 is either all blank or has its four core items (immunisations,
// teeth, health assessment, substance misuse).
void Rule182(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    // The peer only counts the four other items as "not all blank"; the
    // message covers any item, so a core item alone also needs the rest.
    if (AnyBlank(row, kCoreItems) && AnyGiven(row, kTwelveMonthItems)) flag(row);
  }
}

// 190: only children looked after for twelve months have the twelve-month
// items.
void Rule190(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    if (AnyGiven(row, kTwelveMonthItems) && !all_year()) flag(row);
  });
}

// 191: a child looked after for twelve months has an OC2 row with its four
// core items.
void Rule191(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    if (AnyBlank(row, kCoreItems) && all_year()) flag(row);
  });
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    if (episodes.empty() || !lac.children.Of<Oc2Row>(c).empty()) continue;
    if (ContinuouslyLookedAfter(lac, c)) flag(episodes.front());
  }
}

// 192: a substance misuse problem needs "intervention received".
void Rule192(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (row.substance_misuse.Is("1") && row.intervention_received.blank()) flag(row);
  }
}

// 193: without a substance misuse problem the intervention items are blank.
void Rule193(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    const bool no_problem = row.substance_misuse.blank() || row.substance_misuse.Is("0");
    if (no_problem && (!row.intervention_received.blank() || !row.intervention_offered.blank())) {
      flag(row);
    }
  }
}

// 215: a care leaver (OC3 filled in) has no twelve-month OC2 items.
void Rule215(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<Oc3Row> leaver_rows = lac.children.Of<Oc3Row>(c);
    ChildRows<Oc2Row> oc2_rows = lac.children.Of<Oc2Row>(c);
    if (leaver_rows.empty() || oc2_rows.empty()) continue;
    bool has_oc2_items = false;
    for (const Oc2Row& row : oc2_rows) {
      if (AnyGiven(row, kTwelveMonthItems)) {
        has_oc2_items = true;
        break;
      }
    }
    if (!has_oc2_items) continue;
    bool is_leaver = false;
    for (const Oc3Row& row : leaver_rows) {
      if (!row.in_touch.blank() || !row.activ.blank() || !row.accom.blank()) {
        is_leaver = true;
        flag(row);
      }
    }
    if (!is_leaver) continue;
    for (const Oc2Row& row : oc2_rows) {
      if (AnyGiven(row, kTwelveMonthItems)) flag(row);
    }
  }
}

// 542: a child under 10 on 31 March has no conviction information.
void Rule542(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (!row.convicted.blank() && AgedUnder(row.dob, 10, lac.collection_end)) flag(row);
  }
}

// 543: a child aged 10 or over on 31 March, looked after for twelve months,
// has conviction information.
void Rule543(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    // The peer skips a 10th birthday on 31 March itself; the child is 10 then.
    if (row.convicted.blank() && AgedAtLeast(row.dob, 10, lac.collection_end) && all_year()) {
      flag(row);
    }
  });
}

// 544: conviction information comes with the four core items.
void Rule544(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (row.convicted.Is("1") && AnyBlank(row, kCoreItems)) flag(row);
  }
}

// 545: a child under 5 on 31 March, looked after for twelve months, has
// health promotion (development check) information.
void Rule545(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    if (row.health_check.blank() && AgedUnder(row.dob, 5, lac.collection_end) && all_year()) {
      flag(row);
    }
  });
}

// 546: a child aged 5 or over on 31 March, looked after for twelve months,
// has no health promotion information.
void Rule546(const LacContext& lac, LacFlagger& flag) {
  ForEachOc2(lac, [&](const Oc2Row& row, AllYear& all_year) {
    if (!row.health_check.blank() && AgedAtLeast(row.dob, 5, lac.collection_end) && all_year()) {
      flag(row);
    }
  });
}

// 547: health promotion information comes with the four core items.
void Rule547(const LacContext& lac, LacFlagger& flag) {
  for (const Oc2Row& row : lac.current.oc2) {
    if (row.health_check.Is("1") && AnyBlank(row, kCoreItems)) flag(row);
  }
}

// --- Missing ----------------------------------------------------------------

// 564: a missing or away period has a start date.
void Rule564(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (IsMissingType(row.missing) && row.mis_start.blank()) flag(row);
  }
}

// 565: a period with a start date says whether the child was missing or away.
void Rule565(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (!row.mis_start.blank() && row.missing.blank()) flag(row);
  }
}

// 566: a period with an end date says whether the child was missing or away.
void Rule566(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (!row.mis_end.blank() && row.missing.blank()) flag(row);
  }
}

// 567: a missing period does not end before it starts.
void Rule567(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (Has(row.mis_start) && Has(row.mis_end) && *row.mis_end.date < *row.mis_start.date) {
      flag(row);
    }
  }
}

// 570: a missing period does not start after the collection year.
void Rule570(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (Has(row.mis_start) && *row.mis_start.date > lac.collection_end) flag(row);
  }
}

// 571: a missing period ends within the collection year.
void Rule571(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (Has(row.mis_end) && !lac.InYear(row.mis_end)) flag(row);
  }
}

// 574: a child's missing periods neither overlap nor follow one still open.
void Rule574(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    bool earlier_open = false;
    std::optional<Date> latest_end;
    for (const MissingRow& row : lac.children.Of<MissingRow>(c)) {
      if (!row.mis_start.date) break;  // undated periods sort last
      const Date start = *row.mis_start.date;
      if (earlier_open || (latest_end && start < *latest_end)) flag(row);
      if (!row.mis_end.date) {
        earlier_open = true;
      } else if (!latest_end || *row.mis_end.date > *latest_end) {
        latest_end = row.mis_end.date;
      }
    }
  }
}

// 575: when the placement the child went missing from has ended, so has the
// missing period.
void Rule575(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<MissingRow> rows = lac.children.Of<MissingRow>(c);
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    if (rows.empty() || episodes.empty()) continue;
    for (const MissingRow& row : rows) {
      if (!row.mis_start.date || Has(row.mis_end)) continue;
      const Date start = *row.mis_start.date;
      // The placement then: the latest to have started by that day (on a day
      // of moves, the new one; the peer also blames the one that ended).
      const EpisodeRow* placement = nullptr;
      for (const EpisodeRow& episode : episodes) {
        if (!episode.decom.date || *episode.decom.date > start) break;
        placement = &episode;
      }
      if (placement != nullptr && placement->dec.date && start <= *placement->dec.date) flag(row);
    }
  }
}

// 576: a period open at the end of last year's return is the first period of
// this year's.
void Rule576(const LacContext& lac, LacFlagger& flag) {
  if (!lac.previous->Has(T::kMissing)) return;
  const LacChildren& last_year = *lac.previous_children;
  for (uint32_t p = 0; p < last_year.size(); ++p) {
    for (const MissingRow& open : last_year.Of<MissingRow>(p)) {
      if (!open.mis_start.date || Has(open.mis_end)) continue;
      ChildRows<MissingRow> rows = lac.children.Of<MissingRow>(last_year.Id(p));
      // Undated periods sort last, so the first row is the earliest.
      if (!rows.empty() && rows.front().mis_start.date != open.mis_start.date) {
        flag(rows.front());
      }
    }
  }
}

// 577: a missing period left open needs the child still in the care from
// which they went missing.
void Rule577(const LacContext& lac, LacFlagger& flag) {
  // The peer also flags ended periods reaching outside care; the message is
  // only about periods without an end date.
  ForEachMissingInCare(lac, [&](const MissingRow& row, std::span<const CarePeriod> periods) {
    if (!row.mis_start.date || Has(row.mis_end)) return;
    const Date start = *row.mis_start.date;
    const bool still_in_care =
        std::any_of(periods.begin(), periods.end(),
                    [&](const CarePeriod& p) { return !p.end && p.start <= start; });
    if (!still_in_care) flag(row);
  });
}

// 578: a child does not go missing after they have ceased to be looked after.
void Rule578(const LacContext& lac, LacFlagger& flag) {
  // The peer also flags periods before care began; that is rule 581.
  ForEachMissingInCare(lac, [&](const MissingRow& row, std::span<const CarePeriod> periods) {
    if (!row.mis_start.date) return;
    CareStatus status = StatusOn(periods, *row.mis_start.date);
    if (!status.in_care && status.after_ceased) flag(row);
  });
}

// 580: a child who reaches 18 while missing, and so leaves care that day,
// has reason episode ceased E8.
void Rule580(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<MissingRow> rows = lac.children.Of<MissingRow>(c);
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    if (rows.empty() || episodes.empty()) continue;
    for (const MissingRow& row : rows) {
      if (!row.mis_end.date || !TurnsOn(row.dob, 18, *row.mis_end.date)) continue;
      for (const EpisodeRow& episode : episodes) {
        if (episode.dec.date == row.mis_end.date && !episode.rec.Is("E8")) flag(episode);
      }
    }
  }
}

// 581: a child does not go missing before they have started to be looked
// after.
void Rule581(const LacContext& lac, LacFlagger& flag) {
  // The peer also flags periods after care ended (rule 578) and undated ones
  // (rule 1004).
  ForEachMissingInCare(lac, [&](const MissingRow& row, std::span<const CarePeriod> periods) {
    if (!row.mis_start.date) return;
    CareStatus status = StatusOn(periods, *row.mis_start.date);
    if (!status.in_care && status.before_start) flag(row);
  });
}

// 586: a missing period starts after the child was born.
void Rule586(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (Has(row.mis_start) && Has(row.dob) && *row.mis_start.date <= *row.dob.date) flag(row);
  }
}

// 1004: a missing period's start is a valid date.
void Rule1004(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (!Has(row.mis_start)) flag(row);
  }
}

// 1005: a missing period's end, when given, is a valid date.
void Rule1005(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (row.mis_end.BadDate()) flag(row);
  }
}

// 1006: the missing type, when given, is M (missing) or A (away).
void Rule1006(const LacContext& lac, LacFlagger& flag) {
  for (const MissingRow& row : lac.current.missing) {
    if (!row.missing.blank() && !IsMissingType(row.missing)) flag(row);
  }
}

constexpr LacRule kRules[] = {
    {"157", Rule157, Needs({T::kOc2, T::kEpisodes})},
    {"158", Rule158, Needs({T::kOc2})},
    {"159", Rule159, Needs({T::kOc2})},
    {"166", Rule166, Needs({T::kReviews})},
    {"167", Rule167, Needs({T::kReviews})},
    {"180", Rule180, Needs({T::kOc2})},
    {"181", Rule181, Needs({T::kOc2})},
    {"182", Rule182, Needs({T::kOc2})},
    {"185", Rule185, Needs({T::kOc2, T::kEpisodes})},
    {"186", Rule186, Needs({T::kOc2, T::kEpisodes})},
    {"188", Rule188, Needs({T::kOc2})},
    {"189", Rule189, Needs({T::kOc2})},
    {"190", Rule190, Needs({T::kOc2, T::kEpisodes})},
    {"191", Rule191, Needs({T::kOc2, T::kEpisodes})},
    {"192", Rule192, Needs({T::kOc2})},
    {"193", Rule193, Needs({T::kOc2})},
    {"196", Rule196, Needs({T::kOc2})},
    {"197B", Rule197B, Needs({T::kOc2, T::kEpisodes})},
    {"197a", Rule197a, Needs({T::kOc2})},
    {"198", Rule198, Needs({T::kOc2, T::kEpisodes})},
    {"215", Rule215, Needs({T::kOc2, T::kOc3})},
    {"440", Rule440, Needs({T::kReviews})},
    {"441", Rule441, Needs({T::kReviews})},
    {"542", Rule542, Needs({T::kOc2})},
    {"543", Rule543, Needs({T::kOc2, T::kEpisodes})},
    {"544", Rule544, Needs({T::kOc2})},
    {"545", Rule545, Needs({T::kOc2, T::kEpisodes})},
    {"546", Rule546, Needs({T::kOc2, T::kEpisodes})},
    {"547", Rule547, Needs({T::kOc2})},
    {"564", Rule564, Needs({T::kMissing})},
    {"565", Rule565, Needs({T::kMissing})},
    {"566", Rule566, Needs({T::kMissing})},
    {"567", Rule567, Needs({T::kMissing})},
    {"570", Rule570, Needs({T::kMissing})},
    {"571", Rule571, Needs({T::kMissing})},
    {"574", Rule574, Needs({T::kMissing})},
    {"575", Rule575, Needs({T::kMissing, T::kEpisodes})},
    {"576", Rule576, Needs({T::kMissing}, kLastYear)},
    {"577", Rule577, Needs({T::kMissing, T::kEpisodes})},
    {"578", Rule578, Needs({T::kMissing, T::kEpisodes})},
    {"580", Rule580, Needs({T::kMissing, T::kEpisodes})},
    {"581", Rule581, Needs({T::kMissing, T::kEpisodes})},
    {"586", Rule586, Needs({T::kMissing})},
    {"1004", Rule1004, Needs({T::kMissing})},
    {"1005", Rule1005, Needs({T::kMissing})},
    {"1006", Rule1006, Needs({T::kMissing})},
};

}  // namespace

std::span<const LacRule> LacRulesReviews() {
  return kRules;
}

}  // namespace sg::returns
