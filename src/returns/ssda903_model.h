// The SSDA903 return (children looked after) as it stands in the files.
//
// An authority sends the return as up to twelve CSV tables (or one XML file
// that holds the same data per child). Each table has a row per fact: a
// child's header, an episode of care, a review, a missing episode, and so
// on. Rows carry no ids beyond the child's (CHILD); an episode is known by
// its child and start date.
//
// The model keeps what the file says, not what it should say: every cell is
// the field's text (trimmed, upper case, as the DfE's own tooling reads it)
// and, for the date columns, the parsed date when the text is a valid
// dd/mm/yyyy. A rule can therefore tell "blank" from "not a date", and the
// finding names the line of the row it objects to. The text is owned by the
// return's arena, so rows are cheap to copy and never dangle while the
// return lives.
//
// Derived values (placement distance, inside or outside the authority) are
// filled by the reader from the postcode directory, when one is given.
#ifndef SAFEGUARD_RETURNS_SSDA903_MODEL_H_
#define SAFEGUARD_RETURNS_SSDA903_MODEL_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace sg::returns {

enum class LacTable : uint8_t {
  kHeader,
  kEpisodes,
  kUasc,
  kReviews,
  kOc2,
  kOc3,
  kAd1,
  kPlacedAdoption,
  kPrevPerm,
  kMissing,
  kSwEpisodes,
  kDolo,
};
inline constexpr int kLacTableCount = 12;

// The DfE's name for a table: "Header", "Episodes", ..., "SWEpisodes", "DoLo".
std::string_view LacTableName(LacTable table);

// A field as written.
struct Cell {
  std::string_view text;           // trimmed, upper case; empty when blank
  std::optional<core::Date> date;  // date columns: set when `text` is a valid dd/mm/yyyy

  bool blank() const { return text.empty(); }
  bool Is(std::string_view code) const { return text == code; }
  // Present but not a date (date columns only).
  bool BadDate() const { return !text.empty() && !date; }
};

// What every row has: the line it came from (1-based, in its table's file)
// and the child it is about.
struct LacRow {
  uint32_t line = 0;
  Cell child;  // CHILD
};

struct HeaderRow : LacRow {
  Cell sex, dob, ethnic, upn, mother, mc_dob;
  // Derived: "1" when the child has a UASC row (CSV) or the XML's UASC flag
  // is set, "0" otherwise; blank when the UASC table was not supplied.
  Cell uasc;
};

// Where a placement is, relative to the responsible authority.
enum class PlacementLocation : uint8_t { kUnknown, kInside, kOutside };

struct EpisodeRow : LacRow {
  Cell decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change, home_post,
      pl_post, urn;
  // Derived from the postcodes; unknown when either postcode is blank, not
  // in the directory, or not locatable.
  std::optional<double> pl_distance;   // straight-line miles, 1 decimal place
  std::string_view pl_la;              // ONS code of the placement's upper-tier authority
  PlacementLocation pl_location = PlacementLocation::kUnknown;
};

struct UascRow : LacRow {
  Cell sex, dob, duc;
};

struct ReviewRow : LacRow {
  Cell dob, review, review_code;
};

struct Oc2Row : LacRow {
  Cell dob, sdq_score, sdq_reason, convicted, health_check, immunisations, teeth_check,
      health_assessment, substance_misuse, intervention_received, intervention_offered;
};

struct Oc3Row : LacRow {
  Cell dob, in_touch, activ, accom;
};

struct Ad1Row : LacRow {
  Cell dob, date_int, date_match, foster_care, nb_adoptr, sex_adoptr, ls_adoptr;
};

struct PlacedAdoptionRow : LacRow {
  Cell dob, date_placed, date_placed_ceased, reason_placed_ceased;
};

struct PrevPermRow : LacRow {
  Cell dob, prev_perm, la_perm, date_perm;  // DATE_PERM may be partial: "ZZ/MM/YYYY"
};

struct MissingRow : LacRow {
  Cell dob, missing, mis_start, mis_end;
};

struct SwEpisodeRow : LacRow {
  Cell dob, sw_id, sw_decom, sw_dec, sw_reason;
};

struct DoloRow : LacRow {
  Cell dob, dolo_start, dolo_end;
};

// Owns the text of every cell of a return; what it hands out stays valid and
// unmoved for its lifetime.
class TextArena {
 public:
  std::string_view Copy(std::string_view text);
  std::string_view CopyUpper(std::string_view text);  // ASCII letters upper-cased


 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = 0;
  size_t capacity_ = 0;
};

// One year's return.
struct LacReturn {
  int collection_year = 0;  // e.g. 2025 for 2024-25 (1 April 2024 to 31 March 2025)
  std::string la_code;      // the responsible authority's ONS code, when known
  // Read as last year's return: a table the year did not collect is kept
  // rather than refused (the rules that compare years use what is there).
  bool as_previous_year = false;

  // Which tables were supplied (a table with a header row and no data rows
  // counts: it says "none"), and the file each came from.
  std::array<bool, kLacTableCount> supplied{};
  std::array<std::string, kLacTableCount> source{};

  std::vector<HeaderRow> header;
  std::vector<EpisodeRow> episodes;
  std::vector<UascRow> uasc;
  std::vector<ReviewRow> reviews;
  std::vector<Oc2Row> oc2;
  std::vector<Oc3Row> oc3;
  std::vector<Ad1Row> ad1;
  std::vector<PlacedAdoptionRow> placed_adoption;
  std::vector<PrevPermRow> prev_perm;
  std::vector<MissingRow> missing;
  std::vector<SwEpisodeRow> sw_episodes;
  std::vector<DoloRow> dolo;

  std::shared_ptr<TextArena> text = std::make_shared<TextArena>();

  bool Has(LacTable table) const { return supplied[static_cast<int>(table)]; }
  uint64_t RowCount() const;
};

// The table each row type belongs to, for code that is generic over rows.
template <class Row> inline constexpr LacTable kTableOf = LacTable::kHeader;
template <> inline constexpr LacTable kTableOf<EpisodeRow> = LacTable::kEpisodes;
template <> inline constexpr LacTable kTableOf<UascRow> = LacTable::kUasc;
template <> inline constexpr LacTable kTableOf<ReviewRow> = LacTable::kReviews;
template <> inline constexpr LacTable kTableOf<Oc2Row> = LacTable::kOc2;
template <> inline constexpr LacTable kTableOf<Oc3Row> = LacTable::kOc3;
template <> inline constexpr LacTable kTableOf<Ad1Row> = LacTable::kAd1;
template <> inline constexpr LacTable kTableOf<PlacedAdoptionRow> = LacTable::kPlacedAdoption;
template <> inline constexpr LacTable kTableOf<PrevPermRow> = LacTable::kPrevPerm;
template <> inline constexpr LacTable kTableOf<MissingRow> = LacTable::kMissing;
template <> inline constexpr LacTable kTableOf<SwEpisodeRow> = LacTable::kSwEpisodes;
template <> inline constexpr LacTable kTableOf<DoloRow> = LacTable::kDolo;

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_MODEL_H_
