// Local authorities for the SSDA903 return: which children's services
// authority a postcode's district belongs to, the DfE's three-digit LA
// numbers beside the ONS codes, and whether a placement is inside the
// responsible authority (PL_LOCATION).
//
// Three tables, embedded at build time (provenance in data/PROVENANCE.md):
//   data/authorities/ltla_to_utla_april_2021.csv  ONS lower tier -> upper tier
//     local authority, England and Wales, April 2021;
//   data/authorities/la-codes.csv  la_number,ons_code,name: one row per DfE LA
//     number (abolished authorities included), with the newest ONS code and
//     name the DfE publishes for it;
//   data/authorities/ons-code-aliases.csv  ons_code,la_number,reason: other
//     ONS codes that denote the same DfE authority (a county's code before it
//     became a unitary; the new codes the ONSPD gives Barnsley and Sheffield).
//
// The upper tier of a district: English non-metropolitan districts (E07) map
// through the 2021 table to their county (E10), which runs children's
// services. Unitaries (E06), metropolitan districts (E08), London boroughs
// (E09), Welsh unitaries (W06), Scottish councils (S12) and Northern Irish
// districts (N09) are their own upper tier, also when they are newer than
// the 2021 table (Cumberland, Westmorland and Furness, North Yorkshire and
// Somerset became unitaries in 2023).
//
// PL_LOCATION follows the DfE and the sector's validator: IN when the
// placement postcode's upper-tier authority is the child's responsible
// authority, OUT otherwise (so every placement in Wales, Scotland, Northern
// Ireland, the Channel Islands or the Isle of Man is OUT for an English
// authority), unknown when the postcode is not in the directory or has no
// district. The two authorities are compared as DfE authorities (through
// FindByCode), so an old or alias code of the same authority still matches.
//
// Thread safety: an Authorities object is immutable after construction.
#ifndef SAFEGUARD_PLACES_AUTHORITIES_H_
#define SAFEGUARD_PLACES_AUTHORITIES_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "places/postcode.h"

namespace sg::places {

// A DfE local authority. The views point into the Authorities object.
struct Authority {
  int number = 0;             // DfE LA number, e.g. 895
  std::string_view ons_code;  // newest ONS code the DfE uses, e.g. "E06000049"
  std::string_view name;      // e.g. "Cheshire East"
};

enum class PlacementLocation { kIn, kOut, kUnknown };

// "IN", "OUT" (the 903 codes), or "" for unknown.
std::string_view PlacementLocationCode(PlacementLocation location);

class Authorities {
 public:
  // Parses the three CSV files described above (a UTF-8 byte order mark is
  // allowed). Fails with kInvalidArgument naming the file and line of the
  // first bad row: a missing column, a code that is not a 9-character ONS
  // code, an LA number outside 1-999, a repeated code or number, an alias of
  // an unknown number.
  static core::Result<Authorities> Parse(std::string_view ltla_to_utla_csv,
                                         std::string_view la_codes_csv,
                                         std::string_view aliases_csv);
  // The tables embedded in the binary. Aborts only if the build embedded a
  // broken file, which the tests rule out.
  static const Authorities& Embedded();

  // The ONS code of the upper-tier (children's services) authority of the
  // district `lad_code`; nullopt for an E07 district missing from the 2021
  // table, the pseudo codes L99999999 and M99999999, and anything that is not
  // an ONS code. The code is returned as ONS geography has it (E08000038 for
  // Barnsley); FindByCode maps it to the DfE authority.
  std::optional<std::string> UpperTier(std::string_view lad_code) const;

  std::optional<Authority> FindByNumber(int la_number) const;
  // By the newest code (la-codes.csv) or an alias (ons-code-aliases.csv).
  std::optional<Authority> FindByCode(std::string_view ons_code) const;

  // PL_LOCATION of a placement at `placement` (a PostcodeDirectory::Find
  // result) for a child looked after by `responsible_authority` (an ONS
  // code). Unknown when `placement` is nullopt or has no district, when the
  // district's upper tier is unknown, or when `responsible_authority` is not
  // an ONS code.
  PlacementLocation Locate(std::string_view responsible_authority,
                           const std::optional<PostcodeInfo>& placement) const;

  // Every DfE authority in la-codes.csv, abolished ones included, by number.
  std::vector<Authority> All() const;

 private:
  struct Entry {
    int number;
    std::string ons_code;
    std::string name;
  };

  Authority View(const Entry& entry) const {
    return Authority{entry.number, entry.ons_code, entry.name};
  }

  std::vector<Entry> entries_;                             // by number
  std::map<std::string, size_t, std::less<>> by_code_;     // newest codes and aliases
  std::map<std::string, std::string, std::less<>> upper_;  // LTLA21CD -> UTLA21CD
};

// Shorthands for Authorities::Embedded().
std::optional<std::string> UpperTier(std::string_view lad_code);
std::optional<Authority> FindByNumber(int la_number);
std::optional<Authority> FindByCode(std::string_view ons_code);

}  // namespace sg::places

#endif  // SAFEGUARD_PLACES_AUTHORITIES_H_
