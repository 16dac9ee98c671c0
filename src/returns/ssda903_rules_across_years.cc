// SSDA903 rules: the episodes from one year to the next. A child still in
// care on 31 March ends last year's return with an open episode, and this
// year's return must carry that same episode on (rules 452, 453, 502, 503*);
// a child who started care before this year must be in last year's return
// (NoE). Also the order of a child's own episodes (501, 504).
#include <cmath>

#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

using T = LacTable;

// The child's first episode this year (the earliest valid DECOM), if any.
const EpisodeRow* FirstEpisode(const LacContext& lac, uint32_t child) {
  ChildRows<EpisodeRow> episodes = lac.children.Of<EpisodeRow>(child);
  if (episodes.empty() || !episodes.front().decom.date) return nullptr;
  return &episodes.front();
}

// The child's latest episode in last year's return, if any (the one with
// the latest valid DECOM).
const EpisodeRow* LastYearsLastEpisode(const LacContext& lac, std::string_view child) {
  ChildRows<EpisodeRow> episodes = lac.previous_children->Of<EpisodeRow>(child);
  const EpisodeRow* last = nullptr;
  for (const EpisodeRow& e : episodes) {
    if (e.decom.date) last = &e;  // in DECOM order, undated last
  }
  return last;
}

// Calls `check(first, carried)` for every child whose last episode of last
// year was still open: `first` is this year's first episode, `carried` that
// open one.
template <class Check>
void ForEachCarriedEpisode(const LacContext& lac, LacFlagger& flag, Check check) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const EpisodeRow* first = FirstEpisode(lac, c);
    if (first == nullptr) continue;
    const EpisodeRow* carried = LastYearsLastEpisode(lac, lac.children.Id(c));
    if (carried == nullptr || !carried->dec.blank()) continue;
    if (check(*first, *carried)) flag(*first);
  }
}

// The placement codes the DfE retired, and what they became: a child in an
// H5 placement on 31 March 2024 appears in K3 in 2024-25, and one in Z1 on
// 31 March 2025 appears in Z11-Z14 in 2025-26.
bool RecodedPlacement(const LacContext& lac, std::string_view now, std::string_view before) {
  if (lac.collection_year >= 2025 && now == "K3" && before == "H5") return true;
  if (lac.collection_year >= 2026 && before == "Z1" &&
      (now == "Z11" || now == "Z12" || now == "Z13" || now == "Z14")) {
    return true;
  }
  return false;
}

template <Cell EpisodeRow::*field>
void SameAsCarried(const LacContext& lac, LacFlagger& flag) {
  ForEachCarriedEpisode(lac, flag, [&](const EpisodeRow& first, const EpisodeRow& carried) {
    std::string_view now = (first.*field).text, before = (carried.*field).text;
    if (now == before) return false;
    if constexpr (field == &EpisodeRow::place) return !RecodedPlacement(lac, now, before);
    return true;
  });
}

// A distance that differs by 0.2 miles or more, or that is known now and
// was not then.
bool DistanceDiffers(const EpisodeRow& first, const EpisodeRow& carried) {
  if (!first.pl_distance) return false;
  if (!carried.pl_distance) return true;
  return std::fabs(*first.pl_distance - *carried.pl_distance) >= 0.2 - 1e-9;
}

// 452: the placement's authority carries over into the first episode (same
// reason for new episode, so the same episode).
void Rule452(const LacContext& lac, LacFlagger& flag) {
  ForEachCarriedEpisode(lac, flag, [](const EpisodeRow& first, const EpisodeRow& carried) {
    return first.rne.text == carried.rne.text && first.pl_la != carried.pl_la;
  });
}

// 453: the placement distance carries over (same reason for new episode).
void Rule453(const LacContext& lac, LacFlagger& flag) {
  ForEachCarriedEpisode(lac, flag, [](const EpisodeRow& first, const EpisodeRow& carried) {
    return first.rne.text == carried.rne.text && DistanceDiffers(first, carried);
  });
}

// 501: no episode starts before the previous one ended.
void Rule501(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const EpisodeRow* previous = nullptr;
    for (const EpisodeRow& e : lac.children.Of<EpisodeRow>(c)) {
      if (previous != nullptr && e.decom.date && previous->dec.date &&
          *e.decom.date < *previous->dec.date) {
        flag(e);
      }
      previous = &e;
    }
  }
}

// 502: last year's open episode is this year's first.
void Rule502(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const EpisodeRow* first = FirstEpisode(lac, c);
    if (first == nullptr) continue;
    for (const EpisodeRow& e : lac.previous_children->Of<EpisodeRow>(lac.children.Id(c))) {
      if (e.dec.blank() && e.decom.date != first->decom.date) {
        flag(*first);
        break;
      }
    }
  }
}

// 503G: the distance of last year's open episode carries over.
void Rule503G(const LacContext& lac, LacFlagger& flag) {
  ForEachCarriedEpisode(lac, flag, DistanceDiffers);
}

// 503H: the placement's authority carries over.
void Rule503H(const LacContext& lac, LacFlagger& flag) {
  ForEachCarriedEpisode(lac, flag, [](const EpisodeRow& first, const EpisodeRow& carried) {
    return first.pl_la != carried.pl_la;
  });
}

// 503J: the placement's location (in or out of the authority) carries over.
void Rule503J(const LacContext& lac, LacFlagger& flag) {
  ForEachCarriedEpisode(lac, flag, [](const EpisodeRow& first, const EpisodeRow& carried) {
    return first.pl_location != carried.pl_location;
  });
}

// 504: within a period of care (episodes joined by X1 on the same day) the
// category of need stays what it was.
void Rule504(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const EpisodeRow* previous = nullptr;
    for (const EpisodeRow& e : lac.children.Of<EpisodeRow>(c)) {
      if (previous != nullptr && previous->rec.Is("X1") && previous->dec.date &&
          previous->dec.date == e.decom.date && e.cin.text != previous->cin.text) {
        flag(e);
      }
      previous = &e;
    }
  }
}

// NoE: a child who started care before this year is in last year's return.
void RuleNoE(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& e : lac.current.episodes) {
    if (e.decom.date && *e.decom.date < lac.collection_start &&
        lac.previous_children->Of<EpisodeRow>(e.child.text).empty()) {
      flag(e);
    }
  }
}

constexpr LacNeeds kBothYears = Needs({T::kEpisodes}, kLastYear);

constexpr LacRule kRules[] = {
    {"452", Rule452, kBothYears},
    {"453", Rule453, kBothYears},
    {"501", Rule501, Needs({T::kEpisodes})},
    {"502", Rule502, kBothYears},
    {"503A", SameAsCarried<&EpisodeRow::rne>, kBothYears},
    {"503B", SameAsCarried<&EpisodeRow::ls>, kBothYears},
    {"503C", SameAsCarried<&EpisodeRow::cin>, kBothYears},
    {"503D", SameAsCarried<&EpisodeRow::place>, kBothYears},
    {"503E", SameAsCarried<&EpisodeRow::place_provider>, kBothYears},
    {"503F", SameAsCarried<&EpisodeRow::urn>, kBothYears},
    {"503G", Rule503G, kBothYears},
    {"503H", Rule503H, kBothYears},
    {"503J", Rule503J, kBothYears},
    {"504", Rule504, Needs({T::kEpisodes})},
    {"NoE", RuleNoE, kBothYears},
};

}  // namespace

std::span<const LacRule> LacRulesAcrossYears() { return kRules; }

}  // namespace sg::returns
