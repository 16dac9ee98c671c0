// SSDA903 rules: the SWEpisodes table (the child's social workers, collected
// from 2023-24: who, when they started and stopped, and why they changed)
// and the DoLo table (deprivations of liberty, from 2026-27), with the checks
// that tie them to the child's episodes of care.
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

using T = LacTable;
using core::Date;

// --- Social worker episodes ---------------------------------------------------

// The collection year from which the DfE wants a second year of social
// worker history, and the reason for a change only when it happened since
// the collection of social workers began.
constexpr int kSwTwoYearsFrom = 2025;

// Social worker episodes were first collected for 1 April 2023 onwards.
Date SwCollectionBegan() { return Date::FromYmd(2023, 4, 1); }

// The first day of the social worker reporting period: the collection year
// in 2023-24, and the year before it as well from 2024-25.
Date SwPeriodStart(const LacContext& lac) {
  return lac.collection_year >= kSwTwoYearsFrom ? AddYears(lac.collection_start, -1)
                                                : lac.collection_start;
}

bool IsSwReason(const Cell& reason) {
  static constexpr std::string_view kReasons[] = {"MANAGE", "FCONTA", "LEFTRL", "ORGRST",
                                                  "TSPROC", "ABSENC", "CHCHAN", "PCCHAN",
                                                  "SWDIED", "OTHERS"};
  return std::find(std::begin(kReasons), std::end(kReasons), reason.text) != std::end(kReasons);
}

// The child's current social worker episode: the latest to start (of those
// with a start date; the last row when none has one). Null for no rows.
const SwEpisodeRow* LatestSwEpisode(const ChildRows<SwEpisodeRow>& rows) {
  if (rows.empty()) return nullptr;
  const SwEpisodeRow* latest = &rows.back();
  for (const SwEpisodeRow& row : rows) {
    if (Has(row.sw_decom)) latest = &row;  // dated rows come first, in start order
  }
  return latest;
}

// Calls f(row) for every social worker episode without an end date that is
// not the child's current one.
template <class F>
void ForEachOpenBeforeLatest(const LacContext& lac, F&& f) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<SwEpisodeRow> rows = lac.children.Of<SwEpisodeRow>(c);
    const SwEpisodeRow* latest = LatestSwEpisode(rows);
    for (const SwEpisodeRow& row : rows) {
      if (&row != latest && !Has(row.sw_dec)) f(row);
    }
  }
}

// Calls f(ended, next) for every social worker episode with an end date,
// `next` being the child's episode that started after it (the next in start
// order; rows without a start date come last), or null.
template <class F>
void ForEachEndedSwEpisode(const LacContext& lac, F&& f) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<SwEpisodeRow> rows = lac.children.Of<SwEpisodeRow>(c);
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!Has(rows[i].sw_dec)) continue;
      f(rows[i], i + 1 < rows.size() ? &rows[i + 1] : nullptr);
    }
  }
}

// The episode that shows the child looked after on 31 March: one still open
// (no DEC) that is not a short break (V3/V4). Null when there is none.
const EpisodeRow* OpenEpisodeAtYearEnd(const LacContext& lac, uint32_t child) {
  for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(child)) {
    if (episode.dec.blank() && !episode.ls.Is("V3") && !episode.ls.Is("V4")) return &episode;
  }
  return nullptr;
}

bool WithinDays(Date a, Date b, int days) { return std::abs(a - b) <= days; }

// SW01STG1: a child looked after on 31 March has social worker information:
// at least one social worker ID, start date and reason among their episodes.
// (The peer flags a child when any one of their rows lacks an item; SW03STG1
// reports incomplete rows, this rule a child with none of an item.)
void RuleSW01STG1(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const EpisodeRow* open = OpenEpisodeAtYearEnd(lac, c);
    if (open == nullptr) continue;
    bool id = false, start = false, reason = false;
    for (const SwEpisodeRow& row : lac.children.Of<SwEpisodeRow>(c)) {
      id = id || !row.sw_id.blank();
      start = start || !row.sw_decom.blank();
      reason = reason || !row.sw_reason.blank();
    }
    if (!id || !start || !reason) flag(*open);
  }
}

// SW01aSTG1: every social worker episode has a start date, and one that
// started before the collection began (1 April 2023) names the social worker.
void RuleSW01aSTG1(const LacContext& lac, LacFlagger& flag) {
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    if (!Has(row.sw_decom) || (*row.sw_decom.date < SwCollectionBegan() && row.sw_id.blank())) {
      flag(row);
    }
  }
}

// SW01bSTG1: every social worker episode has a start date, and one that
// started since the collection began (1 April 2023) names the social worker
// and the reason for the change.
void RuleSW01bSTG1(const LacContext& lac, LacFlagger& flag) {
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    const bool incomplete = row.sw_id.blank() || row.sw_reason.blank();
    if (!Has(row.sw_decom) || (*row.sw_decom.date >= SwCollectionBegan() && incomplete)) {
      flag(row);
    }
  }
}

// SW02STG1: the social worker ID is in the DfE's form, starting SW (or XX
// for an unknown worker).
void RuleSW02STG1(const LacContext& lac, LacFlagger& flag) {
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    if (!row.sw_id.text.starts_with("SW") && !row.sw_id.text.starts_with("XX")) flag(row);
  }
}

// SW03STG1: every social worker episode names the worker, its start date and
// the reason for the change.
void RuleSW03STG1(const LacContext& lac, LacFlagger& flag) {
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    if (row.sw_id.blank() || row.sw_decom.blank() || row.sw_reason.blank()) flag(row);
  }
}

// SW04STG1: the date the social worker episode began, when given, is a real
// date. (The peer accepts the partial "ZZ/MM/YYYY" form of PrevPerm's
// DATE_PERM here; a social worker's start is a full date.)
void RuleSW04STG1(const LacContext& lac, LacFlagger& flag) {
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    if (row.sw_decom.BadDate()) flag(row);
  }
}

// SW05STG1: the date the social worker episode ended, when given, is a real
// date (the same partial dates are refused as in SW04STG1).
void RuleSW05STG1(const LacContext& lac, LacFlagger& flag) {
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    if (row.sw_dec.BadDate()) flag(row);
  }
}

// SW06STG2: no social worker episode starts after the collection year.
void RuleSW06STG2(const LacContext& lac, LacFlagger& flag) {
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    if (Has(row.sw_decom) && *row.sw_decom.date > lac.collection_end) flag(row);
  }
}

// SW07STG2: a social worker episode ends within the social worker reporting
// period (the collection year; from 2024-25 also the year before it). (From
// 2024-25 the peer subtracts 365.2425 days, which refuses 1 April itself.)
void RuleSW07STG2(const LacContext& lac, LacFlagger& flag) {
  const Date period_start = SwPeriodStart(lac);
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    if (!Has(row.sw_dec)) continue;
    if (*row.sw_dec.date < period_start || *row.sw_dec.date > lac.collection_end) flag(row);
  }
}

// SW08STG2: a social worker episode left open has been followed by a new one
// (only the child's latest episode may still be open).
void RuleSW08STG2(const LacContext& lac, LacFlagger& flag) {
  ForEachOpenBeforeLatest(lac, [&](const SwEpisodeRow& row) {
    if (Has(row.sw_decom)) flag(row);
  });
}

// SW09STG2: a social worker episode lasts at least a day (it does not end the
// day it began).
void RuleSW09STG2(const LacContext& lac, LacFlagger& flag) {
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    if (Has(row.sw_decom) && row.sw_dec.date == row.sw_decom.date) flag(row);
  }
}

// SW10STG2: a new social worker starts within 7 days either side of the day
// the previous one stopped; from 2024-25 a change of worker for a foster
// carer's contact (FCONTA) may overlap or leave a gap. (The peer also flags
// a pair where either date is missing; SW04/SW05/SW08 report those.)
void RuleSW10STG2(const LacContext& lac, LacFlagger& flag) {
  const bool fconta_exempt = lac.collection_year >= kSwTwoYearsFrom;
  // Start order, episodes starting the same day by their end (undated last).
  auto by_start_then_end = [](const SwEpisodeRow* a, const SwEpisodeRow* b) {
    if (a->sw_decom.date != b->sw_decom.date) {
      if (!a->sw_decom.date || !b->sw_decom.date) return a->sw_decom.date.has_value();
      return *a->sw_decom.date < *b->sw_decom.date;
    }
    if (a->sw_dec.date != b->sw_dec.date) {
      if (!a->sw_dec.date || !b->sw_dec.date) return a->sw_dec.date.has_value();
      return *a->sw_dec.date < *b->sw_dec.date;
    }
    return false;
  };
  std::vector<const SwEpisodeRow*> order;
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<SwEpisodeRow> rows = lac.children.Of<SwEpisodeRow>(c);
    if (rows.size() < 2) continue;
    order.clear();
    for (const SwEpisodeRow& row : rows) order.push_back(&row);
    std::stable_sort(order.begin(), order.end(), by_start_then_end);
    for (size_t i = 1; i < order.size(); ++i) {
      const SwEpisodeRow& row = *order[i];
      const SwEpisodeRow& previous = *order[i - 1];
      if (!Has(row.sw_decom) || !Has(previous.sw_dec)) continue;
      if (fconta_exempt && row.sw_reason.Is("FCONTA")) continue;
      if (!WithinDays(*row.sw_decom.date, *previous.sw_dec.date, 7)) flag(row);
    }
  }
}

// SW11aSTG2: a social worker episode that ended before the last five days of
// the year is followed by the next worker within five days. (The peer says
// nothing when no later episode is given at all, which is the case the
// message describes; it flags the later episode, we the one that ended.)
void RuleSW11aSTG2(const LacContext& lac, LacFlagger& flag) {
  const Date last_days = lac.collection_end.AddDays(-5);
  ForEachEndedSwEpisode(lac, [&](const SwEpisodeRow& ended, const SwEpisodeRow* next) {
    const Date end = *ended.sw_dec.date;
    if (end > last_days) return;
    if (next == nullptr || !Has(next->sw_decom) || !WithinDays(*next->sw_decom.date, end, 5)) {
      flag(ended);
    }
  });
}

// SW11bSTG2: a social worker episode that ended in the last five days of the
// year (26 to 31 March) is followed by another episode with a start date.
void RuleSW11bSTG2(const LacContext& lac, LacFlagger& flag) {
  const Date last_days = lac.collection_end.AddDays(-5);
  ForEachEndedSwEpisode(lac, [&](const SwEpisodeRow& ended, const SwEpisodeRow* next) {
    const Date end = *ended.sw_dec.date;
    if (end < last_days || end > lac.collection_end) return;
    if (next == nullptr || !Has(next->sw_decom)) flag(ended);
  });
}

// SW12STG2: a child looked after on 31 March has the social worker episodes of
// the whole reporting period: each time they came into care there is a
// worker who started then or later (or was already working with them), and
// each time they left care one who had started by then. (The peer also
// flags every open episode that did not start care, and a worker already
// working with the child when care began, which its own tests call wrong;
// and it does not ask whether the child is looked after on 31 March.)
void RuleSW12STG2(const LacContext& lac, LacFlagger& flag) {
  const Date period_start = SwPeriodStart(lac);
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (OpenEpisodeAtYearEnd(lac, c) == nullptr) continue;
    ChildRows<SwEpisodeRow> workers = lac.children.Of<SwEpisodeRow>(c);
    // A worker who started on or after `day`, or who was working on it.
    auto worker_from = [&](Date day) {
      for (const SwEpisodeRow& w : workers) {
        if (!Has(w.sw_decom)) continue;
        if (*w.sw_decom.date >= day || !Has(w.sw_dec) || *w.sw_dec.date >= day) return true;
      }
      return false;
    };
    auto worker_by = [&](Date day) {
      for (const SwEpisodeRow& w : workers) {
        if (Has(w.sw_decom) && *w.sw_decom.date <= day) return true;
      }
      return false;
    };
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (episode.ls.Is("V3") || episode.ls.Is("V4")) continue;
      if (Has(episode.dec) &&
          (*episode.dec.date < period_start || *episode.dec.date > lac.collection_end)) {
        continue;  // ended outside the reporting period
      }
      const bool came_into_care = episode.rne.Is("S") && Has(episode.decom);
      const bool left_care = Has(episode.dec) && !episode.rec.Is("X1");
      if (!came_into_care && !left_care) continue;
      const bool covered = (came_into_care && worker_from(*episode.decom.date)) ||
                           (left_care && worker_by(*episode.dec.date));
      if (!covered) flag(episode);
    }
  }
}

// SW13STG1: the reason for the change of social worker is a valid code; from
// 2024-25 it may be left blank for an episode that began before the
// collection did (1 April 2023).
void RuleSW13STG1(const LacContext& lac, LacFlagger& flag) {
  const bool blank_allowed_before = lac.collection_year >= kSwTwoYearsFrom;
  for (const SwEpisodeRow& row : lac.current.sw_episodes) {
    if (row.sw_reason.blank() && blank_allowed_before) {
      if (Has(row.sw_decom) && *row.sw_decom.date >= SwCollectionBegan()) flag(row);
    } else if (!IsSwReason(row.sw_reason)) {
      flag(row);
    }
  }
}

// SW14STG2: only the child's current social worker episode may be left
// without an end date.
void RuleSW14STG2(const LacContext& lac, LacFlagger& flag) {
  ForEachOpenBeforeLatest(lac, [&](const SwEpisodeRow& row) { flag(row); });
}

// SW17STG2: the child's latest social worker episode is still open at
// 31 March.
void RuleSW17STG2(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const SwEpisodeRow* latest = LatestSwEpisode(lac.children.Of<SwEpisodeRow>(c));
    if (latest != nullptr && !latest->sw_dec.blank()) flag(*latest);
  }
}

// --- Deprivations of liberty ----------------------------------------------------

// The child's last period of care (episodes each starting no later than the
// one before ended): when it began, and whether it is still open.
struct LastCarePeriod {
  Date start;
  bool open = false;
};

std::optional<LastCarePeriod> LastPeriodOfCare(const LacContext& lac, uint32_t child) {
  std::optional<LastCarePeriod> period;
  std::optional<Date> end;
  for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(child)) {
    if (!Has(episode.decom)) break;  // undated episodes sort last
    const Date start = *episode.decom.date;
    if (!period || (end && start > *end)) period = LastCarePeriod{start};
    period->open = !Has(episode.dec);
    end = episode.dec.date;
  }
  return period;
}

// Calls f(dolo, episode) for every deprivation of liberty with a start and an
// end date and every episode of the child's that overlaps it (an episode
// without a valid end runs on).
template <class F>
void ForEachDoloPlacement(const LacContext& lac, F&& f) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<DoloRow> dolos = lac.children.Of<DoloRow>(c);
    if (dolos.empty()) continue;
    ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(c);
    for (const DoloRow& dolo : dolos) {
      if (!Has(dolo.dolo_start) || !Has(dolo.dolo_end)) continue;
      for (const EpisodeRow& episode : episodes) {
        if (!Has(episode.decom) || *episode.decom.date > *dolo.dolo_end.date) continue;
        if (Has(episode.dec) && *episode.dec.date < *dolo.dolo_start.date) continue;
        f(dolo, episode);
      }
    }
  }
}

// 700: a deprivation of liberty has a real start date.
void Rule700(const LacContext& lac, LacFlagger& flag) {
  for (const DoloRow& row : lac.current.dolo) {
    if (!Has(row.dolo_start)) flag(row);
  }
}

// 701: the end date of a deprivation of liberty, when given, is a real date.
void Rule701(const LacContext& lac, LacFlagger& flag) {
  for (const DoloRow& row : lac.current.dolo) {
    if (row.dolo_end.BadDate()) flag(row);
  }
}

// 702: a deprivation of liberty ends after the day it started.
void Rule702(const LacContext& lac, LacFlagger& flag) {
  for (const DoloRow& row : lac.current.dolo) {
    if (Has(row.dolo_start) && Has(row.dolo_end) && *row.dolo_end.date <= *row.dolo_start.date) {
      flag(row);
    }
  }
}

// 703: no deprivation of liberty starts after the collection year.
void Rule703(const LacContext& lac, LacFlagger& flag) {
  for (const DoloRow& row : lac.current.dolo) {
    if (Has(row.dolo_start) && *row.dolo_start.date > lac.collection_end) flag(row);
  }
}

// 704: a deprivation of liberty that ended did so within the collection year.
void Rule704(const LacContext& lac, LacFlagger& flag) {
  for (const DoloRow& row : lac.current.dolo) {
    if (Has(row.dolo_end) && !lac.InYear(row.dolo_end)) flag(row);
  }
}

// 705: a deprivation of liberty starts only once the one before it (in start
// order) has ended. (The peer orders by end date and reads an invalid end as
// open; 701 reports invalid ends.)
void Rule705(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<DoloRow> rows = lac.children.Of<DoloRow>(c);
    for (size_t i = 1; i < rows.size(); ++i) {
      const DoloRow& row = rows[i];
      const DoloRow& previous = rows[i - 1];
      if (!Has(row.dolo_start) || !Has(previous.dolo_start)) break;  // undated sort last
      const bool still_open =
          previous.dolo_end.blank() ||
          (Has(previous.dolo_end) && *row.dolo_start.date < *previous.dolo_end.date);
      if (still_open) flag(row);
    }
  }
}

// 706: a deprivation of liberty still open at the end of last year's return
// is this year's first, with the same start date. (The peer returns last
// year's rows; we flag this year's first, or the child's Header when this
// year has none for them.)
void Rule706(const LacContext& lac, LacFlagger& flag) {
  if (!lac.previous->Has(T::kDolo)) return;
  const LacChildren& last_year = *lac.previous_children;
  for (uint32_t p = 0; p < last_year.size(); ++p) {
    for (const DoloRow& open : last_year.Of<DoloRow>(p)) {
      if (!Has(open.dolo_start) || !open.dolo_end.blank()) continue;
      ChildRows<DoloRow> rows = lac.children.Of<DoloRow>(last_year.Id(p));
      if (rows.empty()) {
        for (const HeaderRow& header : lac.children.Of<HeaderRow>(last_year.Id(p))) flag(header);
      } else if (rows.front().dolo_start.date != open.dolo_start.date) {
        flag(rows.front());  // undated rows sort last, so this is the earliest
      }
    }
  }
}

// 707: a deprivation of liberty left open needs the child still looked after
// in the care it began in. (The peer also flags ended ones reaching outside
// care; the message is only about those without an end date.)
void Rule707(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<DoloRow> rows = lac.children.Of<DoloRow>(c);
    if (rows.empty()) continue;
    std::optional<LastCarePeriod> period = LastPeriodOfCare(lac, c);
    if (!period) continue;  // no dated episodes: nothing to compare with
    for (const DoloRow& row : rows) {
      if (!Has(row.dolo_start) || !row.dolo_end.blank()) continue;
      if (!period->open || period->start > *row.dolo_start.date) flag(row);
    }
  }
}

// 708: a deprivation of liberty starts after the child was born.
void Rule708(const LacContext& lac, LacFlagger& flag) {
  for (const DoloRow& row : lac.current.dolo) {
    if (Has(row.dolo_start) && Has(row.dob) && *row.dolo_start.date <= *row.dob.date) {
      flag(row);
    }
  }
}

// 709: while deprived of liberty a child is in a children's home (K2) or one
// of the other placements (Z12, Z13) where it is expected.
void Rule709(const LacContext& lac, LacFlagger& flag) {
  ForEachDoloPlacement(lac, [&](const DoloRow& dolo, const EpisodeRow& episode) {
    if (episode.place.Is("K2") || episode.place.Is("Z12") || episode.place.Is("Z13")) return;
    flag(dolo);
    flag(episode);
  });
}

// 710: a child deprived of liberty is not in a secure children's home (K1),
// with parents (P1), in a young offender institution (R5) or in supported
// accommodation (K3).
void Rule710(const LacContext& lac, LacFlagger& flag) {
  ForEachDoloPlacement(lac, [&](const DoloRow& dolo, const EpisodeRow& episode) {
    const Cell& place = episode.place;
    if (!place.Is("K1") && !place.Is("P1") && !place.Is("R5") && !place.Is("K3")) return;
    flag(dolo);
    flag(episode);
  });
}

constexpr LacRule kRules[] = {
    {"SW01STG1", RuleSW01STG1, Needs({T::kSwEpisodes, T::kEpisodes})},
    {"SW01aSTG1", RuleSW01aSTG1, Needs({T::kSwEpisodes})},
    {"SW01bSTG1", RuleSW01bSTG1, Needs({T::kSwEpisodes})},
    {"SW02STG1", RuleSW02STG1, Needs({T::kSwEpisodes})},
    {"SW03STG1", RuleSW03STG1, Needs({T::kSwEpisodes})},
    {"SW04STG1", RuleSW04STG1, Needs({T::kSwEpisodes})},
    {"SW05STG1", RuleSW05STG1, Needs({T::kSwEpisodes})},
    {"SW06STG2", RuleSW06STG2, Needs({T::kSwEpisodes})},
    {"SW07STG2", RuleSW07STG2, Needs({T::kSwEpisodes})},
    {"SW08STG2", RuleSW08STG2, Needs({T::kSwEpisodes})},
    {"SW09STG2", RuleSW09STG2, Needs({T::kSwEpisodes})},
    {"SW10STG2", RuleSW10STG2, Needs({T::kSwEpisodes})},
    {"SW11aSTG2", RuleSW11aSTG2, Needs({T::kSwEpisodes})},
    {"SW11bSTG2", RuleSW11bSTG2, Needs({T::kSwEpisodes})},
    {"SW12STG2", RuleSW12STG2, Needs({T::kSwEpisodes, T::kEpisodes})},
    {"SW13STG1", RuleSW13STG1, Needs({T::kSwEpisodes})},
    {"SW14STG2", RuleSW14STG2, Needs({T::kSwEpisodes})},
    {"SW17STG2", RuleSW17STG2, Needs({T::kSwEpisodes})},
    {"700", Rule700, Needs({T::kDolo})},
    {"701", Rule701, Needs({T::kDolo})},
    {"702", Rule702, Needs({T::kDolo})},
    {"703", Rule703, Needs({T::kDolo})},
    {"704", Rule704, Needs({T::kDolo})},
    {"705", Rule705, Needs({T::kDolo})},
    {"706", Rule706, Needs({T::kDolo}, kLastYear)},
    {"707", Rule707, Needs({T::kDolo, T::kEpisodes})},
    {"708", Rule708, Needs({T::kDolo})},
    {"709", Rule709, Needs({T::kDolo, T::kEpisodes})},
    {"710", Rule710, Needs({T::kDolo, T::kEpisodes})},
};

}  // namespace

std::span<const LacRule> LacRulesSocialWorkers() { return kRules; }

}  // namespace sg::returns
