// What an SSDA903 rule is written with (internal to returns/).
//
// A rule is a function over the whole return that flags the rows it objects
// to:
//
//   // 103: the ethnicity code is not valid.
//   void Rule103(const LacContext& lac, LacFlagger& flag) {
//     for (const HeaderRow& row : lac.current.header) {
//       if (!lac.IsValidCode(core::CodeList::kEthnicity, row.ethnic)) flag(row);
//     }
//   }
//
// Rules are registered by code in a table in each ssda903_rules_<area>.cc
// file, with the tables they need; a rule whose tables were not supplied is
// not run (the DfE tool skips them too), so a rule never has to ask. The
// catalogue (ssda903_catalogue.h) decides which codes are in force in the
// return's collection year and supplies the message and fields. A rule that
// changed between years branches on `lac.collection_year` inside one
// function, so each code has exactly one implementation.
//
// Rules that look at one child's rows across tables use `lac.children`, an
// index built once per return: the child's rows of each table, in date
// order. The previous year's return, when given, has its own index.
//
// Conventions every rule follows:
//  - a blank or invalid date is "missing"; a rule about the order of two
//    dates says nothing when either is missing (other rules report those);
//  - flag the row the DfE message is about; flag a row at most once per rule
//    (the flagger also drops repeats);
//  - rules must be linear or n log n in the size of the return: use the
//    index, never a scan of a table per row.
#ifndef SAFEGUARD_RETURNS_SSDA903_RULE_KIT_H_
#define SAFEGUARD_RETURNS_SSDA903_RULE_KIT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/calendar.h"
#include "core/code_lists.h"
#include "core/date.h"
#include "returns/ssda903_model.h"
#include "returns/ssda903_providers.h"

namespace sg::returns {

// The rows of one table, for generic code.
template <class Row>
const std::vector<Row>& RowsOf(const LacReturn& lac) {
  constexpr LacTable t = kTableOf<Row>;
  if constexpr (t == LacTable::kHeader) return lac.header;
  else if constexpr (t == LacTable::kEpisodes) return lac.episodes;
  else if constexpr (t == LacTable::kUasc) return lac.uasc;
  else if constexpr (t == LacTable::kReviews) return lac.reviews;
  else if constexpr (t == LacTable::kOc2) return lac.oc2;
  else if constexpr (t == LacTable::kOc3) return lac.oc3;
  else if constexpr (t == LacTable::kAd1) return lac.ad1;
  else if constexpr (t == LacTable::kPlacedAdoption) return lac.placed_adoption;
  else if constexpr (t == LacTable::kPrevPerm) return lac.prev_perm;
  else if constexpr (t == LacTable::kMissing) return lac.missing;
  else if constexpr (t == LacTable::kSwEpisodes) return lac.sw_episodes;
  else return lac.dolo;
}

// A child's rows of one table, iterated as `const Row&`.
template <class Row>
class ChildRows {
 public:
  class iterator {
   public:
    iterator(const std::vector<Row>* rows, const uint32_t* at) : rows_(rows), at_(at) {}
    const Row& operator*() const { return (*rows_)[*at_]; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const iterator& other) const { return at_ == other.at_; }

   private:
    const std::vector<Row>* rows_;
    const uint32_t* at_;
  };

  ChildRows(const std::vector<Row>& rows, std::span<const uint32_t> order)
      : rows_(&rows), order_(order) {}
  iterator begin() const { return {rows_, order_.data()}; }
  iterator end() const { return {rows_, order_.data() + order_.size()}; }
  size_t size() const { return order_.size(); }
  bool empty() const { return order_.empty(); }
  const Row& operator[](size_t i) const { return (*rows_)[order_[i]]; }
  const Row& front() const { return (*this)[0]; }
  const Row& back() const { return (*this)[order_.size() - 1]; }

 private:
  const std::vector<Row>* rows_;
  std::span<const uint32_t> order_;
};

// Every child of a return and their rows in each table. Children are
// numbered 0..size()-1 in order of first appearance (Header first). Within a
// child, rows are in the order of the table's main date (DECOM, REVIEW,
// MIS_START, SW_DECOM, DATE_PLACED, DOLO_START), rows without a valid one
// last, then by line.
class LacChildren {
 public:
  explicit LacChildren(const LacReturn& lac);
  LacChildren(const LacChildren&) = delete;
  LacChildren& operator=(const LacChildren&) = delete;

  uint32_t size() const { return static_cast<uint32_t>(ids_.size()); }
  std::string_view Id(uint32_t child) const { return ids_[child]; }
  std::optional<uint32_t> Find(std::string_view id) const;

  template <class Row>
  ChildRows<Row> Of(uint32_t child) const {
    return ChildRows<Row>(RowsOf<Row>(*lac_), Rows(child, kTableOf<Row>));
  }
  // The same for the child with `id`; empty when the return does not hold them.
  template <class Row>
  ChildRows<Row> Of(std::string_view id) const {
    std::optional<uint32_t> child = Find(id);
    if (!child) return ChildRows<Row>(RowsOf<Row>(*lac_), {});
    return Of<Row>(*child);
  }
  std::span<const uint32_t> Rows(uint32_t child, LacTable table) const;
  // The child's first Header row, if any.
  const HeaderRow* Header(uint32_t child) const;
  const HeaderRow* Header(std::string_view id) const;

 private:
  const LacReturn* lac_;
  std::vector<std::string_view> ids_;
  std::unordered_map<std::string_view, uint32_t> by_id_;
  // Per table: row numbers grouped by child (CSR), and where each child's
  // group starts (size() + 1 entries).
  std::vector<uint32_t> order_[kLacTableCount];
  std::vector<uint32_t> start_[kLacTableCount];
};

// The return being checked, and what it is checked against.
struct LacContext {
  int collection_year = 0;      // e.g. 2025 for 2024-25
  core::Date collection_start;  // 1 April of the year before
  core::Date collection_end;    // 31 March
  const LacReturn& current;
  const LacChildren& children;
  const LacReturn* previous = nullptr;  // last year's return, when given
  const LacChildren* previous_children = nullptr;
  std::string_view la_code;  // the responsible authority's ONS code; empty when unknown
  const core::CodeLists& codes;
  const core::WorkingCalendar& calendar;
  const LacProviders* providers = nullptr;  // Ofsted's provider lists, when given

  bool InYear(const Cell& cell) const {
    return cell.date && collection_start <= *cell.date && *cell.date <= collection_end;
  }
  bool IsValidCode(core::CodeList list, const Cell& cell) const {
    return !cell.blank() && codes.IsValid(list, cell.text, collection_year);
  }
};

// Records findings of the rule being run.
class LacFlagger {
 public:
  virtual ~LacFlagger() = default;
  // A finding on a row of the current return.
  virtual void Flag(LacTable table, uint32_t line, std::string_view child) = 0;

  template <class Row>
  void operator()(const Row& row) {
    Flag(kTableOf<Row>, row.line, row.child.text);
  }
};

using LacCheck = void (*)(const LacContext& lac, LacFlagger& flag);

// What a rule needs to run: tables of the current return, and whether it
// needs last year's return.
struct LacNeeds {
  uint32_t tables = 0;     // bit per LacTable of the current return
  bool previous = false;   // last year's return must be given
  bool providers = false;  // Ofsted's provider lists must be given
};
inline constexpr bool kLastYear = true;
constexpr LacNeeds Needs(std::initializer_list<LacTable> tables, bool previous = false,
                         bool providers = false) {
  LacNeeds needs{0, previous, providers};
  for (LacTable t : tables) needs.tables |= 1u << static_cast<unsigned>(t);
  return needs;
}

struct LacRule {
  std::string_view code;
  LacCheck check;
  LacNeeds needs;
};

// The tables of each area (ssda903_rules_<area>.cc).
std::span<const LacRule> LacRulesHeader();       // Header, UASC: identity, sex, ethnicity, UPN, mother
std::span<const LacRule> LacRulesEpisodes();     // episodes: codes, dates, sequences
std::span<const LacRule> LacRulesPlacements();   // placements, providers, postcodes, URN
std::span<const LacRule> LacRulesReviews();      // reviews, missing, OC2 health
std::span<const LacRule> LacRulesLeavers();      // OC3 care leavers
std::span<const LacRule> LacRulesAdoption();     // AD1, PlacedAdoption: adoption in the year
std::span<const LacRule> LacRulesPermanence();   // PrevPerm, placement decisions, permanence
std::span<const LacRule> LacRulesSocialWorkers();  // SWEpisodes, DoLo
std::span<const LacRule> LacRulesAcrossYears();  // rules comparing with last year (INT, 1000s)

// Helpers shared by the rules.

// The date when `cell` holds one.
inline bool Has(const Cell& cell) { return cell.date.has_value(); }
// The open end of an episode: a missing DEC counts as "still open".
inline core::Date EndOr(const Cell& end, core::Date open) { return end.date ? *end.date : open; }
// A code in a list: `IsOneOf(episode.place, kFostered)`, `IsOneOf(cell, {"M", "F"})`.
using LacCodes = std::span<const std::string_view>;
inline bool IsOneOf(const Cell& cell, LacCodes codes) {
  for (std::string_view code : codes) {
    if (cell.text == code) return true;
  }
  return false;
}
inline bool IsOneOf(const Cell& cell, std::initializer_list<std::string_view> codes) {
  return IsOneOf(cell, LacCodes(codes.begin(), codes.size()));
}
// Both cells hold dates and the first is strictly before the second.
inline bool Before(const Cell& first, const Cell& second) {
  return first.date && second.date && *first.date < *second.date;
}
// A short break (respite): legal status V3 or V4.
inline bool ShortBreak(const EpisodeRow& episode) {
  return episode.ls.Is("V3") || episode.ls.Is("V4");
}
// Whether any of a child's rows satisfies `pred`.
template <class Row, class Pred>
bool AnyOf(ChildRows<Row> rows, Pred pred) {
  for (const Row& row : rows) {
    if (pred(row)) return true;
  }
  return false;
}

// `birth` plus whole years (29 February births reach their birthday on 28
// February in other years, as the DfE's tools compute it).
core::Date AddYears(core::Date birth, int years);
// Age in whole years on `day`.
int AgeOn(core::Date birth, core::Date day);

// Whether the child was looked after throughout the year (the DfE's
// definition, used by OC2 and the 12-month rules): looked after at some
// point in the year, no episode started the care (RNE S) after 1 April, none
// ended care (REC other than X1) before 31 March, and no V3/V4 short-break
// episode in the year.
bool ContinuouslyLookedAfter(const LacContext& lac, uint32_t child);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_RULE_KIT_H_
