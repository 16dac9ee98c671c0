// The tables of the SSDA903 return: their DfE names, columns, the years they
// are collected, and how each column maps to a field of the model.
//
// Readers and writers are written once over these descriptions, so adding a
// column or a table (the DfE added SWEpisodes in 2023-24 and DoLo in 2026-27)
// is a change here and in ssda903_model.h, nowhere else.
#ifndef SAFEGUARD_RETURNS_SSDA903_TABLES_H_
#define SAFEGUARD_RETURNS_SSDA903_TABLES_H_

#include <optional>
#include <span>
#include <string_view>

#include "core/date.h"
#include "returns/ssda903_model.h"

namespace sg::returns {

inline constexpr int kFirstLacYear = 2017;
inline constexpr int kLastLacYear = 2027;

struct LacTableSpec {
  LacTable table;
  std::string_view name;       // "Episodes"
  std::string_view file_name;  // what export writes: "episodes.csv"
  std::span<const std::string_view> columns;  // in the DfE's order; CHILD first
  int first_year;  // first collection year with this table
};

const LacTableSpec& SpecOf(LacTable table);
std::span<const LacTableSpec> AllLacTables();

// True when the table is part of the return in `collection_year`.
bool CollectedIn(LacTable table, int collection_year);

// Columns that hold dates (dd/mm/yyyy).
bool IsLacDateColumn(std::string_view column);

// Parses the 903's dd/mm/yyyy (day and month may have one digit, as
// spreadsheets write them); nothing for any other form.
std::optional<core::Date> ParseLacDate(std::string_view text);

// The model's field for each column of a table, in the columns' order.
template <class Row> std::span<Cell Row::* const> CellsOf();
template <> std::span<Cell HeaderRow::* const> CellsOf<HeaderRow>();
template <> std::span<Cell EpisodeRow::* const> CellsOf<EpisodeRow>();
template <> std::span<Cell UascRow::* const> CellsOf<UascRow>();
template <> std::span<Cell ReviewRow::* const> CellsOf<ReviewRow>();
template <> std::span<Cell Oc2Row::* const> CellsOf<Oc2Row>();
template <> std::span<Cell Oc3Row::* const> CellsOf<Oc3Row>();
template <> std::span<Cell Ad1Row::* const> CellsOf<Ad1Row>();
template <> std::span<Cell PlacedAdoptionRow::* const> CellsOf<PlacedAdoptionRow>();
template <> std::span<Cell PrevPermRow::* const> CellsOf<PrevPermRow>();
template <> std::span<Cell MissingRow::* const> CellsOf<MissingRow>();
template <> std::span<Cell SwEpisodeRow::* const> CellsOf<SwEpisodeRow>();
template <> std::span<Cell DoloRow::* const> CellsOf<DoloRow>();

// Calls f(table, rows) for every table of `lac`, with rows the table's
// std::vector<Row>.
template <class Return, class F>
void ForEachTable(Return& lac, F&& f) {
  f(LacTable::kHeader, lac.header);
  f(LacTable::kEpisodes, lac.episodes);
  f(LacTable::kUasc, lac.uasc);
  f(LacTable::kReviews, lac.reviews);
  f(LacTable::kOc2, lac.oc2);
  f(LacTable::kOc3, lac.oc3);
  f(LacTable::kAd1, lac.ad1);
  f(LacTable::kPlacedAdoption, lac.placed_adoption);
  f(LacTable::kPrevPerm, lac.prev_perm);
  f(LacTable::kMissing, lac.missing);
  f(LacTable::kSwEpisodes, lac.sw_episodes);
  f(LacTable::kDolo, lac.dolo);
}

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_TABLES_H_
