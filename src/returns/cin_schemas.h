// The text of the CIN census XML Schemas embedded in the binary
// (data/cin/xsd/, provenance in data/PROVENANCE.md).
#ifndef SAFEGUARD_RETURNS_CIN_SCHEMAS_H_
#define SAFEGUARD_RETURNS_CIN_SCHEMAS_H_

#include <string_view>

namespace sg::returns {

// The collection years whose schema Safeguard carries, and so reads and writes.
inline constexpr int kFirstCinYear = 2017;
inline constexpr int kLastCinYear = 2026;

// REQUIRES: kFirstCinYear <= collection_year <= kLastCinYear.
std::string_view CinSchemaText(int collection_year);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_SCHEMAS_H_
