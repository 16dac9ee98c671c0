#include "returns/ssda903_tables.h"

#include <array>
#include <cassert>
#include <cstring>

namespace sg::returns {
namespace {

using std::string_view;

constexpr string_view kHeaderColumns[] = {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER",
                                          "MC_DOB"};
constexpr string_view kEpisodeColumns[] = {
    "CHILD", "DECOM",  "RNE", "LS",       "CIN",     "PLACE", "PLACE_PROVIDER",
    "DEC",   "REC",    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"};
constexpr string_view kUascColumns[] = {"CHILD", "SEX", "DOB", "DUC"};
constexpr string_view kReviewColumns[] = {"CHILD", "DOB", "REVIEW", "REVIEW_CODE"};
constexpr string_view kOc2Columns[] = {
    "CHILD",         "DOB",         "SDQ_SCORE",         "SDQ_REASON",
    "CONVICTED",     "HEALTH_CHECK", "IMMUNISATIONS",    "TEETH_CHECK",
    "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"};
constexpr string_view kOc3Columns[] = {"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"};
constexpr string_view kAd1Columns[] = {"CHILD",       "DOB",       "DATE_INT",   "DATE_MATCH",
                                       "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"};
constexpr string_view kPlacedAdoptionColumns[] = {"CHILD", "DOB", "DATE_PLACED",
                                                  "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"};
constexpr string_view kPrevPermColumns[] = {"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"};
constexpr string_view kMissingColumns[] = {"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"};
constexpr string_view kSwEpisodeColumns[] = {"CHILD",    "DOB",    "SW_ID",
                                             "SW_DECOM", "SW_DEC", "SW_REASON"};
constexpr string_view kDoloColumns[] = {"CHILD", "DOB", "DOLO_START", "DOLO_END"};

constexpr std::array<LacTableSpec, kLacTableCount> kSpecs = {{
    {LacTable::kHeader, "Header", "header.csv", kHeaderColumns, kFirstLacYear},
    {LacTable::kEpisodes, "Episodes", "episodes.csv", kEpisodeColumns, kFirstLacYear},
    {LacTable::kUasc, "UASC", "uasc.csv", kUascColumns, kFirstLacYear},
    {LacTable::kReviews, "Reviews", "reviews.csv", kReviewColumns, kFirstLacYear},
    {LacTable::kOc2, "OC2", "oc2.csv", kOc2Columns, kFirstLacYear},
    {LacTable::kOc3, "OC3", "oc3.csv", kOc3Columns, kFirstLacYear},
    {LacTable::kAd1, "AD1", "ad1.csv", kAd1Columns, kFirstLacYear},
    {LacTable::kPlacedAdoption, "PlacedAdoption", "placed_for_adoption.csv",
     kPlacedAdoptionColumns, kFirstLacYear},
    {LacTable::kPrevPerm, "PrevPerm", "previous_permanence.csv", kPrevPermColumns,
     kFirstLacYear},
    {LacTable::kMissing, "Missing", "missing.csv", kMissingColumns, kFirstLacYear},
    {LacTable::kSwEpisodes, "SWEpisodes", "sw_episodes.csv", kSwEpisodeColumns, 2024},
    {LacTable::kDolo, "DoLo", "dolo.csv", kDoloColumns, 2027},
}};

constexpr string_view kDateColumns[] = {
    "DOB",         "MC_DOB",    "DECOM",     "DEC",        "DUC",      "REVIEW",
    "DATE_INT",    "DATE_MATCH", "DATE_PLACED", "DATE_PLACED_CEASED", "DATE_PERM", "MIS_START",
    "MIS_END",     "SW_DECOM",  "SW_DEC",    "DOLO_START", "DOLO_END"};

// `min_digits` to `max_digits` digits at `text[pos]`, as a number in `out`.
bool TakeNumber(string_view text, size_t& pos, size_t min_digits, size_t max_digits, int& out) {
  size_t start = pos;
  out = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (pos - start == max_digits) return false;  // too long, and would overflow
    out = out * 10 + (text[pos] - '0');
    ++pos;
  }
  size_t digits = pos - start;
  return digits >= min_digits && digits <= max_digits;
}

}  // namespace

std::string_view LacTableName(LacTable table) { return SpecOf(table).name; }

const LacTableSpec& SpecOf(LacTable table) {
  const LacTableSpec& spec = kSpecs[static_cast<size_t>(table)];
  assert(spec.table == table);
  return spec;
}

std::span<const LacTableSpec> AllLacTables() { return kSpecs; }

bool CollectedIn(LacTable table, int collection_year) {
  return collection_year >= SpecOf(table).first_year;
}

bool IsLacDateColumn(std::string_view column) {
  for (string_view date_column : kDateColumns) {
    if (column == date_column) return true;
  }
  return false;
}

std::optional<core::Date> ParseLacDate(std::string_view text) {
  size_t pos = 0;
  int day = 0, month = 0, year = 0;
  if (!TakeNumber(text, pos, 1, 2, day) || pos >= text.size() || text[pos++] != '/') return {};
  if (!TakeNumber(text, pos, 1, 2, month) || pos >= text.size() || text[pos++] != '/') return {};
  if (!TakeNumber(text, pos, 4, 4, year) || pos != text.size()) return {};
  if (month < 1 || month > 12 || day < 1 || year < 1900) return {};
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int last = month == 2 && !leap ? 28 : kDays[month - 1];
  if (day > last) return {};
  return core::Date::FromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

template <>
std::span<Cell HeaderRow::* const> CellsOf<HeaderRow>() {
  static constexpr Cell HeaderRow::* kCells[] = {&HeaderRow::child, &HeaderRow::sex,
                                                 &HeaderRow::dob,   &HeaderRow::ethnic,
                                                 &HeaderRow::upn,   &HeaderRow::mother,
                                                 &HeaderRow::mc_dob};
  return kCells;
}

template <>
std::span<Cell EpisodeRow::* const> CellsOf<EpisodeRow>() {
  static constexpr Cell EpisodeRow::* kCells[] = {
      &EpisodeRow::child, &EpisodeRow::decom,    &EpisodeRow::rne,   &EpisodeRow::ls,
      &EpisodeRow::cin,   &EpisodeRow::place,    &EpisodeRow::place_provider,
      &EpisodeRow::dec,   &EpisodeRow::rec,      &EpisodeRow::reason_place_change,
      &EpisodeRow::home_post, &EpisodeRow::pl_post, &EpisodeRow::urn};
  return kCells;
}

template <>
std::span<Cell UascRow::* const> CellsOf<UascRow>() {
  static constexpr Cell UascRow::* kCells[] = {&UascRow::child, &UascRow::sex, &UascRow::dob,
                                               &UascRow::duc};
  return kCells;
}

template <>
std::span<Cell ReviewRow::* const> CellsOf<ReviewRow>() {
  static constexpr Cell ReviewRow::* kCells[] = {&ReviewRow::child, &ReviewRow::dob,
                                                 &ReviewRow::review, &ReviewRow::review_code};
  return kCells;
}

template <>
std::span<Cell Oc2Row::* const> CellsOf<Oc2Row>() {
  static constexpr Cell Oc2Row::* kCells[] = {
      &Oc2Row::child,        &Oc2Row::dob,           &Oc2Row::sdq_score,
      &Oc2Row::sdq_reason,   &Oc2Row::convicted,     &Oc2Row::health_check,
      &Oc2Row::immunisations, &Oc2Row::teeth_check,  &Oc2Row::health_assessment,
      &Oc2Row::substance_misuse, &Oc2Row::intervention_received,
      &Oc2Row::intervention_offered};
  return kCells;
}

template <>
std::span<Cell Oc3Row::* const> CellsOf<Oc3Row>() {
  static constexpr Cell Oc3Row::* kCells[] = {&Oc3Row::child, &Oc3Row::dob, &Oc3Row::in_touch,
                                              &Oc3Row::activ, &Oc3Row::accom};
  return kCells;
}

template <>
std::span<Cell Ad1Row::* const> CellsOf<Ad1Row>() {
  static constexpr Cell Ad1Row::* kCells[] = {
      &Ad1Row::child,       &Ad1Row::dob,       &Ad1Row::date_int,   &Ad1Row::date_match,
      &Ad1Row::foster_care, &Ad1Row::nb_adoptr, &Ad1Row::sex_adoptr, &Ad1Row::ls_adoptr};
  return kCells;
}

template <>
std::span<Cell PlacedAdoptionRow::* const> CellsOf<PlacedAdoptionRow>() {
  static constexpr Cell PlacedAdoptionRow::* kCells[] = {
      &PlacedAdoptionRow::child, &PlacedAdoptionRow::dob, &PlacedAdoptionRow::date_placed,
      &PlacedAdoptionRow::date_placed_ceased, &PlacedAdoptionRow::reason_placed_ceased};
  return kCells;
}

template <>
std::span<Cell PrevPermRow::* const> CellsOf<PrevPermRow>() {
  static constexpr Cell PrevPermRow::* kCells[] = {&PrevPermRow::child, &PrevPermRow::dob,
                                                   &PrevPermRow::prev_perm,
                                                   &PrevPermRow::la_perm,
                                                   &PrevPermRow::date_perm};
  return kCells;
}

template <>
std::span<Cell MissingRow::* const> CellsOf<MissingRow>() {
  static constexpr Cell MissingRow::* kCells[] = {&MissingRow::child, &MissingRow::dob,
                                                  &MissingRow::missing, &MissingRow::mis_start,
                                                  &MissingRow::mis_end};
  return kCells;
}

template <>
std::span<Cell SwEpisodeRow::* const> CellsOf<SwEpisodeRow>() {
  static constexpr Cell SwEpisodeRow::* kCells[] = {
      &SwEpisodeRow::child,    &SwEpisodeRow::dob,    &SwEpisodeRow::sw_id,
      &SwEpisodeRow::sw_decom, &SwEpisodeRow::sw_dec, &SwEpisodeRow::sw_reason};
  return kCells;
}

template <>
std::span<Cell DoloRow::* const> CellsOf<DoloRow>() {
  static constexpr Cell DoloRow::* kCells[] = {&DoloRow::child, &DoloRow::dob,
                                               &DoloRow::dolo_start, &DoloRow::dolo_end};
  return kCells;
}

uint64_t LacReturn::RowCount() const {
  uint64_t rows = 0;
  ForEachTable(*this, [&](LacTable, const auto& table) { rows += table.size(); });
  return rows;
}

std::string_view TextArena::CopyUpper(std::string_view text) {
  std::string_view copy = Copy(text);
  char* at = const_cast<char*>(copy.data());  // the arena's own, writable block
  for (size_t i = 0; i < copy.size(); ++i) {
    if (at[i] >= 'a' && at[i] <= 'z') at[i] = static_cast<char>(at[i] - 'a' + 'A');
  }
  return copy;
}

std::string_view TextArena::Copy(std::string_view text) {
  if (text.empty()) return {};
  if (used_ + text.size() > capacity_) {
    size_t size = std::max<size_t>(text.size(), 1 << 20);
    blocks_.push_back(std::make_unique<char[]>(size));
    used_ = 0;
    capacity_ = size;
  }
  char* at = blocks_.back().get() + used_;
  std::memcpy(at, text.data(), text.size());
  used_ += text.size();
  return {at, text.size()};
}

}  // namespace sg::returns
