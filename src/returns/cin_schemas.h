// The text of the CIN census XML Schemas embedded in the binary
// (data/cin/xsd/, provenance in data/PROVENANCE.md).
#ifndef SAFEGUARD_RETURNS_CIN_SCHEMAS_H_
#define SAFEGUARD_RETURNS_CIN_SCHEMAS_H_

#include <string_view>

namespace sg::returns {

// REQUIRES: kFirstCinYear <= collection_year <= kLastCinYear (cin_reader.h).
std::string_view CinSchemaText(int collection_year);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_SCHEMAS_H_
