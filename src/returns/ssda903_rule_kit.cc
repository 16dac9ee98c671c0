#include "returns/ssda903_rule_kit.h"

#include <algorithm>
#include <cassert>

#include "returns/ssda903_tables.h"

namespace sg::returns {
namespace {

// The date a table's rows are ordered by within a child, if it has one.
// (nullptr_t for the tables without one: their rows stay in file order.)
template <class Row>
auto MainDate(const Row& row) {
  if constexpr (std::is_same_v<Row, EpisodeRow>) return &row.decom;
  else if constexpr (std::is_same_v<Row, ReviewRow>) return &row.review;
  else if constexpr (std::is_same_v<Row, MissingRow>) return &row.mis_start;
  else if constexpr (std::is_same_v<Row, SwEpisodeRow>) return &row.sw_decom;
  else if constexpr (std::is_same_v<Row, PlacedAdoptionRow>) return &row.date_placed;
  else if constexpr (std::is_same_v<Row, DoloRow>) return &row.dolo_start;
  else return nullptr;
}

}  // namespace

LacChildren::LacChildren(const LacReturn& lac) : lac_(&lac) {
  std::vector<std::vector<uint32_t>> child_of_row(kLacTableCount);
  ForEachTable(lac, [&](LacTable table, const auto& rows) {
    auto& owners = child_of_row[static_cast<size_t>(table)];
    owners.reserve(rows.size());
    for (const auto& row : rows) {
      auto [at, added] = by_id_.try_emplace(row.child.text, size());
      if (added) ids_.push_back(row.child.text);
      owners.push_back(at->second);
    }
  });
  const uint32_t children = size();
  ForEachTable(lac, [&](LacTable table, const auto& rows) {
    const size_t t = static_cast<size_t>(table);
    const auto& owners = child_of_row[t];
    std::vector<uint32_t>& start = start_[t];
    std::vector<uint32_t>& order = order_[t];
    start.assign(children + 1, 0);
    for (uint32_t owner : owners) ++start[owner + 1];
    for (uint32_t c = 0; c < children; ++c) start[c + 1] += start[c];
    order.resize(rows.size());
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (uint32_t r = 0; r < rows.size(); ++r) order[next[owners[r]]++] = r;
    using Row = typename std::decay_t<decltype(rows)>::value_type;
    if constexpr (std::is_same_v<decltype(MainDate(std::declval<const Row&>())), std::nullptr_t>) {
      return;  // file order is the order
    }
    else {
    for (uint32_t c = 0; c < children; ++c) {
      auto first = order.begin() + start[c], last = order.begin() + start[c + 1];
      if (last - first < 2) continue;
      std::stable_sort(first, last, [&](uint32_t a, uint32_t b) {
        const Cell* da = MainDate(rows[a]);
        const Cell* db = MainDate(rows[b]);
        if (da->date.has_value() != db->date.has_value()) return da->date.has_value();
        if (da->date && *da->date != *db->date) return *da->date < *db->date;
        return false;
      });
    }
    }
  });
}

std::optional<uint32_t> LacChildren::Find(std::string_view id) const {
  auto at = by_id_.find(id);
  if (at == by_id_.end()) return std::nullopt;
  return at->second;
}

std::span<const uint32_t> LacChildren::Rows(uint32_t child, LacTable table) const {
  assert(child < size());
  const size_t t = static_cast<size_t>(table);
  return std::span<const uint32_t>(order_[t]).subspan(start_[t][child],
                                                      start_[t][child + 1] - start_[t][child]);
}

const HeaderRow* LacChildren::Header(uint32_t child) const {
  std::span<const uint32_t> rows = Rows(child, LacTable::kHeader);
  return rows.empty() ? nullptr : &lac_->header[rows.front()];
}

const HeaderRow* LacChildren::Header(std::string_view id) const {
  std::optional<uint32_t> child = Find(id);
  return child ? Header(*child) : nullptr;
}

core::Date AddYears(core::Date birth, int years) { return core::AddMonths(birth, 12 * years); }

int AgeOn(core::Date birth, core::Date day) { return core::AgeInYears(birth, day); }

bool ContinuouslyLookedAfter(const LacContext& lac, uint32_t child) {
  bool in_care_in_year = false;
  for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(child)) {
    const bool started_in_year = episode.decom.date && *episode.decom.date <= lac.collection_end;
    const bool open_in_year =
        started_in_year && (!episode.dec.date || *episode.dec.date >= lac.collection_start);
    if (open_in_year) in_care_in_year = true;
    if (episode.rne.Is("S") && episode.decom.date && *episode.decom.date > lac.collection_start &&
        *episode.decom.date <= lac.collection_end) {
      return false;  // came into care during the year
    }
    if (!episode.rec.Is("X1") && episode.dec.date &&
        *episode.dec.date >= lac.collection_start && *episode.dec.date < lac.collection_end) {
      return false;  // left care during the year
    }
    if (open_in_year && (episode.ls.Is("V3") || episode.ls.Is("V4"))) return false;
  }
  return in_care_in_year;
}

}  // namespace sg::returns
