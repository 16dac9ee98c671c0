// SSDA903 rules: adoption (AD1: the adoption in the year and the adopters;
// PlacedAdoption: decisions that the child should be placed for adoption),
// with the placement provider codes that go with placement types.
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>

#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

using T = LacTable;
using Codes = std::span<const std::string_view>;
using Choices = std::initializer_list<std::string_view>;

// Placement types meaning "placed for adoption".
constexpr std::string_view kPlacedForAdoption[] = {"A3", "A4", "A5", "A6"};
// Foster placements.
constexpr std::string_view kFosterPlacements[] = {"U1", "U2", "U3", "U4", "U5", "U6"};
// Reasons an episode ceased meaning "adopted".
constexpr std::string_view kAdopted[] = {"E11", "E12"};
// Placements that need no provider code: temporary moves and "other"
// placements (Z1, split into Z11-Z14 from 2025-26).
constexpr std::string_view kNoProviderUntil2025[] = {"T0", "T1", "T2", "T3", "T4", "Z1"};
constexpr std::string_view kNoProviderFrom2026[] = {"T0",  "T1",  "T2",  "T3", "T4",
                                                    "Z11", "Z12", "Z13", "Z14"};
// Legal statuses that are an order towards adoption: placement order (E1)
// and, until 2023-24, freeing order (D1).
constexpr std::string_view kAdoptionOrdersUntil2024[] = {"D1", "E1"};
constexpr std::string_view kAdoptionOrdersFrom2025[] = {"E1"};

bool SameDate(const Cell& a, const Cell& b) {
  return a.date && b.date && *a.date == *b.date;
}

// A decision to place for adoption that has been reversed (either ceased item given).
bool Ceased(const PlacedAdoptionRow& row) {
  return !row.date_placed_ceased.blank() || !row.reason_placed_ceased.blank();
}

// The child's latest episode (by DECOM) matching `pick`, or null.
template <class Pick>
const EpisodeRow* LastEpisode(const LacChildren& children, uint32_t child, Pick pick) {
  const EpisodeRow* found = nullptr;
  for (const EpisodeRow& episode : children.Of<EpisodeRow>(child)) {
    if (Has(episode.decom) && pick(episode)) found = &episode;
  }
  return found;
}

// The child's earliest episode (by DECOM) matching `pick`, or null.
template <class Pick>
const EpisodeRow* FirstEpisode(const LacChildren& children, uint32_t child, Pick pick) {
  for (const EpisodeRow& episode : children.Of<EpisodeRow>(child)) {
    if (Has(episode.decom) && pick(episode)) return &episode;
  }
  return nullptr;
}

// The child's decision with the latest DATE_PLACED, or null when none has one.
const PlacedAdoptionRow* LatestDecision(ChildRows<PlacedAdoptionRow> decisions) {
  const PlacedAdoptionRow* latest = nullptr;
  for (const PlacedAdoptionRow& row : decisions) {
    if (Has(row.date_placed)) latest = &row;  // rows come in DATE_PLACED order
  }
  return latest;
}

// An AD1 code field holds one of the codes of its list (blank is left to 151).
void CheckAd1Code(const LacContext& lac, LacFlagger& flag, Cell Ad1Row::*field, Choices valid) {
  for (const Ad1Row& row : lac.current.ad1) {
    const Cell& cell = row.*field;
    if (!cell.blank() && !IsOneOf(cell, valid)) flag(row);
  }
}

// Adopters with legal status `status` must have one of the `sexes` codes.
void CheckAdopterSexes(const LacContext& lac, LacFlagger& flag, std::string_view status,
                       Choices sexes) {
  for (const Ad1Row& row : lac.current.ad1) {
    if (row.ls_adoptr.Is(status) && !IsOneOf(row.sex_adoptr, sexes)) flag(row);
  }
}

// A placement provider code cannot go with any of `places`.
void CheckProviderNotWith(const LacContext& lac, LacFlagger& flag, std::string_view provider,
                          Choices places) {
  for (const EpisodeRow& row : lac.current.episodes) {
    if (row.place_provider.Is(provider) && IsOneOf(row.place, places)) flag(row);
  }
}

// An order (legal status `order`) was granted but no decision to place for
// adoption is recorded: an episode under the order with no PlacedAdoption
// row, or an order still open while every decision recorded has ceased.
void CheckOrderHasDecision(const LacContext& lac, LacFlagger& flag, std::string_view order) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    bool open_order = false;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (!episode.ls.Is(order)) continue;
      if (decisions.empty()) flag(episode);
      if (episode.dec.blank()) open_order = true;
    }
    if (!open_order || decisions.empty()) continue;
    bool open_decision = false;
    for (const PlacedAdoptionRow& row : decisions) open_decision = open_decision || !Ceased(row);
    // Deviation from the peer: an earlier reversed decision is no error when a
    // later decision is still open.
    if (open_decision) continue;
    for (const PlacedAdoptionRow& row : decisions) flag(row);
  }
}

// The previous return's PlacedAdoption rows of a child (empty when last
// year's return has no such table or child).
ChildRows<PlacedAdoptionRow> LastYearDecisions(const LacContext& lac, std::string_view child) {
  return lac.previous_children->Of<PlacedAdoptionRow>(child);
}

bool LastYearHasDecisions(const LacContext& lac) {
  return lac.previous != nullptr && lac.previous_children != nullptr &&
         lac.previous->Has(T::kPlacedAdoption);
}

// 151: the adoption items are either all given or all left blank.
void Rule151(const LacContext& lac, LacFlagger& flag) {
  for (const Ad1Row& row : lac.current.ad1) {
    const Cell* items[] = {&row.date_int,  &row.date_match, &row.foster_care,
                           &row.nb_adoptr, &row.sex_adoptr, &row.ls_adoptr};
    int blank = 0;
    for (const Cell* item : items) blank += item->blank() ? 1 : 0;
    if (blank != 0 && blank != 6) flag(row);
  }
}

// 175: number of adopters is 1 or 2.
void Rule175(const LacContext& lac, LacFlagger& flag) {
  CheckAd1Code(lac, flag, &Ad1Row::nb_adoptr, {"1", "2"});
}

// 176: sex of adopters is a valid code.
void Rule176(const LacContext& lac, LacFlagger& flag) {
  CheckAd1Code(lac, flag, &Ad1Row::sex_adoptr, {"M1", "F1", "MM", "FF", "MF"});
}

// 177: legal status of adopters is a valid code.
void Rule177(const LacContext& lac, LacFlagger& flag) {
  CheckAd1Code(lac, flag, &Ad1Row::ls_adoptr, {"L0", "L11", "L12", "L2", "L3", "L4"});
}

// 184: a child cannot be the subject of an adoption decision before birth.
void Rule184(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr) continue;
    for (const PlacedAdoptionRow& row : lac.children.Of<PlacedAdoptionRow>(c)) {
      if (Before(row.date_placed, header->dob)) flag(row);
    }
  }
}

// Flags an adopted child's episodes whose `code` is one of `codes` and that
// began before the AD1 date `date`, with the AD1 row.
void FlagEpisodesBeforeAdoptionDate(const LacContext& lac, LacFlagger& flag,
                                    Cell EpisodeRow::*code, LacCodes codes,
                                    Cell Ad1Row::*date) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto adoptions = lac.children.Of<Ad1Row>(c);
    if (adoptions.empty()) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (!IsOneOf(episode.*code, codes)) continue;
      for (const Ad1Row& adoption : adoptions) {
        if (Before(episode.decom, adoption.*date)) {
          flag(adoption);
          flag(episode);
        }
      }
    }
  }
}

// 331: a child is matched with adopters no later than the placement that
// ended in adoption began.
void Rule331(const LacContext& lac, LacFlagger& flag) {
  FlagEpisodesBeforeAdoptionDate(lac, flag, &EpisodeRow::rec, kAdopted, &Ad1Row::date_match);
}

// 333: the decision that the child should be placed for adoption is given,
// and no later than the match with adopters, when a match is recorded.
void Rule333(const LacContext& lac, LacFlagger& flag) {
  for (const Ad1Row& row : lac.current.ad1) {
    if (!Has(row.date_match)) continue;
    if (!Has(row.date_int) || Before(row.date_match, row.date_int)) flag(row);
  }
}

// 334: the decision that the child should be placed for adoption comes no
// earlier than the start of the latest period of care.
void Rule334(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto adoptions = lac.children.Of<Ad1Row>(c);
    if (adoptions.empty()) continue;
    const EpisodeRow* start =
        LastEpisode(lac.children, c, [](const EpisodeRow& e) { return e.rne.Is("S"); });
    if (start == nullptr) continue;
    for (const Ad1Row& adoption : adoptions) {
      if (Before(adoption.date_int, start->decom)) {
        flag(adoption);
        flag(*start);
      }
    }
  }
}

// 335: "adopted by the current foster carer" agrees with the adoption
// placement type (A3/A5 are with the current foster carer, A4/A6 are not).
void Rule335(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto adoptions = lac.children.Of<Ad1Row>(c);
    if (adoptions.empty()) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (!IsOneOf(episode.rec, {"E1", "E11", "E12"})) continue;
      const bool with_foster_carer = IsOneOf(episode.place, {"A2", "A3", "A5"});
      const bool not_with_foster_carer = IsOneOf(episode.place, {"A1", "A4", "A6"});
      for (const Ad1Row& adoption : adoptions) {
        if ((with_foster_carer && adoption.foster_care.Is("0")) ||
            (not_with_foster_carer && adoption.foster_care.Is("1"))) {
          flag(adoption);
          flag(episode);
        }
      }
    }
  }
}

// 336: a child placed for adoption with their current foster carer (A3, A5)
// was in a foster (or adoption) placement immediately before.
// Deviation from the peer, which checks A3/A4: the DfE's condition (quoted in
// the peer's own comment) is A3 or A5, the "with current foster carer" codes.
void Rule336(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const EpisodeRow* previous = nullptr;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (!Has(episode.decom)) continue;
      if (previous != nullptr && IsOneOf(episode.place, {"A3", "A5"}) &&
          !IsOneOf(previous->place, kPlacedForAdoption) &&
          !IsOneOf(previous->place, kFosterPlacements)) {
        flag(episode);
      }
      previous = &episode;
    }
  }
}

// 511: two adopters are a couple (MM, FF or MF), not a single sex code.
void Rule511(const LacContext& lac, LacFlagger& flag) {
  for (const Ad1Row& row : lac.current.ad1) {
    if (row.nb_adoptr.Is("2") && IsOneOf(row.sex_adoptr, {"M1", "F1"})) flag(row);
  }
}

// 514: a single adopter (L0) has a single adopter's sex code.
void Rule514(const LacContext& lac, LacFlagger& flag) {
  CheckAdopterSexes(lac, flag, "L0", {"M1", "F1"});
}

// 516: special guardianship to former foster carers (E45/E46) follows a
// foster placement.
void Rule516(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& row : lac.current.episodes) {
    if (IsOneOf(row.rec, {"E45", "E46"}) && !IsOneOf(row.place, kFosterPlacements)) flag(row);
  }
}

// 517: adopters with legal status L3 are a male and female couple.
void Rule517(const LacContext& lac, LacFlagger& flag) {
  CheckAdopterSexes(lac, flag, "L3", {"MF"});
}

// 518: adopters with legal status L4 are a same-sex couple.
void Rule518(const LacContext& lac, LacFlagger& flag) {
  CheckAdopterSexes(lac, flag, "L4", {"MM", "FF"});
}

// 519: civil partners adopting (L2) are a couple.
void Rule519(const LacContext& lac, LacFlagger& flag) {
  CheckAdopterSexes(lac, flag, "L2", {"MM", "FF", "MF"});
}

// 520: a different-sex married couple adopting (L11) is coded MF.
void Rule520(const LacContext& lac, LacFlagger& flag) {
  CheckAdopterSexes(lac, flag, "L11", {"MF"});
}

// 521: the decision that adoption is in the child's best interests comes no
// later than any placement for adoption.
void Rule521(const LacContext& lac, LacFlagger& flag) {
  FlagEpisodesBeforeAdoptionDate(lac, flag, &EpisodeRow::place, kPlacedForAdoption,
                                 &Ad1Row::date_int);
}

// 522: a decision to place for adoption cannot be reversed before it was made.
void Rule522(const LacContext& lac, LacFlagger& flag) {
  for (const PlacedAdoptionRow& row : lac.current.placed_adoption) {
    if (Before(row.date_placed_ceased, row.date_placed)) flag(row);
  }
}

// 523: the decision date in PlacedAdoption is the AD1 "date should be placed".
void Rule523(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto adoptions = lac.children.Of<Ad1Row>(c);
    if (adoptions.empty()) continue;
    for (const PlacedAdoptionRow& decision : lac.children.Of<PlacedAdoptionRow>(c)) {
      if (!Has(decision.date_placed)) continue;
      for (const Ad1Row& adoption : adoptions) {
        if (Has(adoption.date_int) && *adoption.date_int.date != *decision.date_placed.date) {
          flag(decision);
          flag(adoption);
        }
      }
    }
  }
}

// 524: adopters with legal status L12 are a same-sex couple.
void Rule524(const LacContext& lac, LacFlagger& flag) {
  CheckAdopterSexes(lac, flag, "L12", {"MM", "FF"});
}

// 525: a child whose decision to place for adoption was reversed has no
// adoption details.
void Rule525(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto adoptions = lac.children.Of<Ad1Row>(c);
    if (adoptions.empty()) continue;
    for (const PlacedAdoptionRow& decision : lac.children.Of<PlacedAdoptionRow>(c)) {
      if (decision.date_placed_ceased.blank()) continue;
      for (const Ad1Row& adoption : adoptions) {
        if (!adoption.date_int.blank() || !adoption.date_match.blank() ||
            !adoption.foster_care.blank() || !adoption.nb_adoptr.blank() ||
            !adoption.sex_adoptr.blank() || !adoption.ls_adoptr.blank()) {
          flag(decision);
          flag(adoption);
        }
      }
    }
  }
}

// 526: every placement except temporary and "other" ones has a provider code.
void Rule526(const LacContext& lac, LacFlagger& flag) {
  const Codes exempt =
      lac.collection_year >= 2026 ? Codes(kNoProviderFrom2026) : Codes(kNoProviderUntil2025);
  for (const EpisodeRow& row : lac.current.episodes) {
    if (row.place_provider.blank() && !IsOneOf(row.place, exempt)) flag(row);
  }
}

// 527: the authority's own provision (PR1) cannot be a parent, NHS or YOI placement.
void Rule527(const LacContext& lac, LacFlagger& flag) {
  CheckProviderNotWith(lac, flag, "PR1", {"P1", "R2", "R5"});
}

// 528: another authority's provision (PR2) cannot be a parent, NHS or YOI placement.
void Rule528(const LacContext& lac, LacFlagger& flag) {
  CheckProviderNotWith(lac, flag, "PR2", {"P1", "R2", "R5"});
}

// 529: other public provision (PR3) cannot provide parent, adoption,
// children's home or foster placements.
void Rule529(const LacContext& lac, LacFlagger& flag) {
  CheckProviderNotWith(
      lac, flag, "PR3",
      {"A3", "A4", "A5", "A6", "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6"});
}

// 530: private provision (PR4) cannot be a placement with parents.
void Rule530(const LacContext& lac, LacFlagger& flag) {
  CheckProviderNotWith(lac, flag, "PR4", {"P1"});
}

// 531: voluntary provision (PR5) cannot be a placement with parents.
void Rule531(const LacContext& lac, LacFlagger& flag) {
  CheckProviderNotWith(lac, flag, "PR5", {"P1"});
}

// 550: "provided by parents" (PR0) goes only with a placement with parents (P1).
void Rule550(const LacContext& lac, LacFlagger& flag) {
  for (const EpisodeRow& row : lac.current.episodes) {
    if (row.place_provider.Is("PR0") && !row.place.Is("P1")) flag(row);
  }
}

// 551: a child placed for adoption has a recorded decision date that they
// should be placed for adoption.
void Rule551(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    bool undated = decisions.empty();
    for (const PlacedAdoptionRow& row : decisions) undated = undated || row.date_placed.blank();
    if (!undated) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (IsOneOf(episode.place, kPlacedForAdoption)) flag(episode);
    }
  }
}

// 552: the (latest) decision to place for adoption comes no later than the
// child was first placed for adoption.
void Rule552(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const PlacedAdoptionRow* decision = LatestDecision(lac.children.Of<PlacedAdoptionRow>(c));
    if (decision == nullptr) continue;
    const EpisodeRow* placed = FirstEpisode(
        lac.children, c, [](const EpisodeRow& e) { return IsOneOf(e.place, kPlacedForAdoption); });
    if (placed != nullptr && Before(placed->decom, decision->date_placed)) {
      flag(*decision);
      flag(*placed);
    }
  }
}

// 553: a placement order (E1) comes with a decision that the child should be
// placed for adoption, not (while the order lasts) a reversed one.
void Rule553(const LacContext& lac, LacFlagger& flag) {
  CheckOrderHasDecision(lac, flag, "E1");
}

// 554: the decision to place for adoption comes no later than the first
// placement order (E1) in the return.
void Rule554(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.empty()) continue;
    const EpisodeRow* order =
        FirstEpisode(lac.children, c, [](const EpisodeRow& e) { return e.ls.Is("E1"); });
    if (order == nullptr) continue;
    for (const PlacedAdoptionRow& decision : decisions) {
      if (Before(order->decom, decision.date_placed)) {
        flag(decision);
        flag(*order);
      }
    }
  }
}

// 555: a freeing order (D1) comes with a decision that the child should be
// placed for adoption, not (while the order lasts) a reversed one.
void Rule555(const LacContext& lac, LacFlagger& flag) {
  CheckOrderHasDecision(lac, flag, "D1");
}

// 556: the decision to place for adoption comes no later than a freeing order
// (D1) episode.
void Rule556(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.empty()) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (!episode.ls.Is("D1")) continue;
      for (const PlacedAdoptionRow& decision : decisions) {
        if (Before(episode.decom, decision.date_placed)) flag(episode);
      }
    }
  }
}

// 557: a child placed for adoption (or under a placement or freeing order)
// who left care other than by adoption has the decision recorded as reversed
// (date and reason). Freeing orders (D1) no longer count from 2024-25.
void Rule557(const LacContext& lac, LacFlagger& flag) {
  const Codes orders = lac.collection_year >= 2025 ? Codes(kAdoptionOrdersFrom2025)
                                                   : Codes(kAdoptionOrdersUntil2024);
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      const bool towards_adoption =
          IsOneOf(episode.place, kPlacedForAdoption) || IsOneOf(episode.ls, orders);
      const bool left_not_adopted =
          !episode.rec.blank() && !episode.rec.Is("X1") && !IsOneOf(episode.rec, kAdopted);
      if (!towards_adoption || !left_not_adopted) continue;
      if (decisions.empty()) flag(episode);
      for (const PlacedAdoptionRow& decision : decisions) {
        if (decision.date_placed_ceased.blank() || decision.reason_placed_ceased.blank()) {
          flag(episode);
          flag(decision);
        }
      }
    }
  }
}

// 558: an adopted child's decision to place for adoption was not reversed:
// with more than one decision, they cannot all have been ceased.
void Rule558(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.size() < 2) continue;
    bool all_ceased = true;
    for (const PlacedAdoptionRow& row : decisions) {
      all_ceased = all_ceased && !row.date_placed_ceased.blank();
    }
    if (!all_ceased) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (IsOneOf(episode.rec, kAdopted)) flag(episode);
    }
  }
}

// 559: a decision made before this year was reported (dated) last year.
void Rule559(const LacContext& lac, LacFlagger& flag) {
  if (!LastYearHasDecisions(lac)) return;
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    std::optional<bool> reported;  // computed when first needed
    for (const PlacedAdoptionRow& row : lac.children.Of<PlacedAdoptionRow>(c)) {
      if (!row.date_placed.date || *row.date_placed.date >= lac.collection_start) continue;
      if (!reported) {
        reported = false;
        for (const PlacedAdoptionRow& last : LastYearDecisions(lac, lac.children.Id(c))) {
          if (Has(last.date_placed)) reported = true;
        }
      }
      if (!*reported) flag(row);
    }
  }
}

// 560: a decision still open at the end of last year keeps its date this year.
// Deviation from the peer, which compares every pair of rows: a new decision
// this year is no error when last year's open decision is also reported with
// its date (it has since changed).
void Rule560(const LacContext& lac, LacFlagger& flag) {
  if (!LastYearHasDecisions(lac)) return;
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.empty()) continue;
    for (const PlacedAdoptionRow& last : LastYearDecisions(lac, lac.children.Id(c))) {
      if (!Has(last.date_placed) || !last.date_placed_ceased.blank()) continue;
      bool kept = false;
      for (const PlacedAdoptionRow& row : decisions) {
        kept = kept || SameDate(row.date_placed, last.date_placed);
      }
      if (kept) continue;
      for (const PlacedAdoptionRow& row : decisions) flag(row);
    }
  }
}

// 561: a decision reversed last year is not reported again this year.
void Rule561(const LacContext& lac, LacFlagger& flag) {
  if (!LastYearHasDecisions(lac)) return;
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.empty()) continue;
    for (const PlacedAdoptionRow& last : LastYearDecisions(lac, lac.children.Id(c))) {
      if (!Ceased(last)) continue;
      for (const PlacedAdoptionRow& row : decisions) {
        if (SameDate(row.date_placed, last.date_placed)) flag(row);
      }
    }
  }
}

// 562: the earliest episode that started before this year continues the
// latest episode of last year's return.
void Rule562(const LacContext& lac, LacFlagger& flag) {
  if (!lac.previous->Has(T::kEpisodes)) return;
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const EpisodeRow* first = FirstEpisode(lac.children, c, [](const EpisodeRow&) { return true; });
    if (first == nullptr || *first->decom.date >= lac.collection_start) continue;
    const EpisodeRow* last_year = nullptr;
    if (std::optional<uint32_t> p = lac.previous_children->Find(lac.children.Id(c))) {
      last_year = LastEpisode(*lac.previous_children, *p, [](const EpisodeRow&) { return true; });
    }
    if (last_year == nullptr || *last_year->decom.date != *first->decom.date) flag(*first);
  }
}

// 563: a reversed decision to place for adoption says when it was made.
void Rule563(const LacContext& lac, LacFlagger& flag) {
  for (const PlacedAdoptionRow& row : lac.current.placed_adoption) {
    if (!row.reason_placed_ceased.blank() && !row.date_placed_ceased.blank() &&
        row.date_placed.blank()) {
      flag(row);
    }
  }
}

// 579: decisions to place for adoption do not overlap: each one starts after
// the one before it has ceased.
void Rule579(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const PlacedAdoptionRow* previous = nullptr;
    for (const PlacedAdoptionRow& row : lac.children.Of<PlacedAdoptionRow>(c)) {
      if (!Has(row.date_placed)) continue;  // an undated decision cannot be placed in order
      if (previous != nullptr && (!Has(previous->date_placed_ceased) ||
                                  Before(row.date_placed, previous->date_placed_ceased))) {
        flag(row);
      }
      previous = &row;
    }
  }
}

// 582: the child is matched with adopters before (not on) the day of adoption.
void Rule582(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto adoptions = lac.children.Of<Ad1Row>(c);
    if (adoptions.empty()) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (!IsOneOf(episode.rec, kAdopted)) continue;
      for (const Ad1Row& adoption : adoptions) {
        if (SameDate(episode.dec, adoption.date_match)) flag(episode);
      }
    }
  }
}

// 583: of several decisions to place for adoption, all but the latest have
// been reversed.
void Rule583(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.size() < 2) continue;
    const PlacedAdoptionRow* latest = LatestDecision(decisions);
    if (latest == nullptr) latest = &decisions.front();
    for (const PlacedAdoptionRow& row : decisions) {
      if (&row != latest && row.date_placed_ceased.blank()) flag(row);
    }
  }
}

// 584: after a decision was reversed last year, any decision this year is a
// new one, dated after it.
void Rule584(const LacContext& lac, LacFlagger& flag) {
  if (!LastYearHasDecisions(lac)) return;
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.empty()) continue;
    for (const PlacedAdoptionRow& last : LastYearDecisions(lac, lac.children.Id(c))) {
      if (!Has(last.date_placed) || !Ceased(last)) continue;
      for (const PlacedAdoptionRow& row : decisions) {
        if (!Has(row.date_placed) || *row.date_placed.date <= *last.date_placed.date) flag(row);
      }
    }
  }
}

// 1003: the decision to place for adoption comes no earlier than the child
// first started to be looked after.
void Rule1003(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    auto decisions = lac.children.Of<PlacedAdoptionRow>(c);
    if (decisions.empty()) continue;
    const EpisodeRow* start =
        FirstEpisode(lac.children, c, [](const EpisodeRow& e) { return e.rne.Is("S"); });
    if (start == nullptr) continue;
    for (const PlacedAdoptionRow& decision : decisions) {
      if (Before(decision.date_placed, start->decom)) {
        flag(decision);
        flag(*start);
      }
    }
  }
}

constexpr LacRule kRules[] = {
    {"151", Rule151, Needs({T::kAd1})},
    {"175", Rule175, Needs({T::kAd1})},
    {"176", Rule176, Needs({T::kAd1})},
    {"177", Rule177, Needs({T::kAd1})},
    {"184", Rule184, Needs({T::kHeader, T::kPlacedAdoption})},
    {"331", Rule331, Needs({T::kAd1, T::kEpisodes})},
    {"333", Rule333, Needs({T::kAd1})},
    {"334", Rule334, Needs({T::kEpisodes, T::kAd1})},
    {"335", Rule335, Needs({T::kEpisodes, T::kAd1})},
    {"336", Rule336, Needs({T::kEpisodes})},
    {"511", Rule511, Needs({T::kAd1})},
    {"514", Rule514, Needs({T::kAd1})},
    {"516", Rule516, Needs({T::kEpisodes})},
    {"517", Rule517, Needs({T::kAd1})},
    {"518", Rule518, Needs({T::kAd1})},
    {"519", Rule519, Needs({T::kAd1})},
    {"520", Rule520, Needs({T::kAd1})},
    {"521", Rule521, Needs({T::kEpisodes, T::kAd1})},
    {"522", Rule522, Needs({T::kPlacedAdoption})},
    {"523", Rule523, Needs({T::kPlacedAdoption, T::kAd1})},
    {"524", Rule524, Needs({T::kAd1})},
    {"525", Rule525, Needs({T::kPlacedAdoption, T::kAd1})},
    {"526", Rule526, Needs({T::kEpisodes})},
    {"527", Rule527, Needs({T::kEpisodes})},
    {"528", Rule528, Needs({T::kEpisodes})},
    {"529", Rule529, Needs({T::kEpisodes})},
    {"530", Rule530, Needs({T::kEpisodes})},
    {"531", Rule531, Needs({T::kEpisodes})},
    {"550", Rule550, Needs({T::kEpisodes})},
    {"551", Rule551, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"552", Rule552, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"553", Rule553, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"554", Rule554, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"555", Rule555, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"556", Rule556, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"557", Rule557, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"558", Rule558, Needs({T::kEpisodes, T::kPlacedAdoption})},
    {"559", Rule559, Needs({T::kPlacedAdoption}, kLastYear)},
    {"560", Rule560, Needs({T::kPlacedAdoption}, kLastYear)},
    {"561", Rule561, Needs({T::kPlacedAdoption}, kLastYear)},
    {"562", Rule562, Needs({T::kEpisodes}, kLastYear)},
    {"563", Rule563, Needs({T::kPlacedAdoption})},
    {"579", Rule579, Needs({T::kPlacedAdoption})},
    {"582", Rule582, Needs({T::kEpisodes, T::kAd1})},
    {"583", Rule583, Needs({T::kPlacedAdoption})},
    {"584", Rule584, Needs({T::kPlacedAdoption}, kLastYear)},
    {"1003", Rule1003, Needs({T::kEpisodes, T::kPlacedAdoption})},
};

}  // namespace

std::span<const LacRule> LacRulesAdoption() {
  return kRules;
}

}  // namespace sg::returns
