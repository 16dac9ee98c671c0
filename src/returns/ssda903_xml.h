// The XML form of the SSDA903 return (EXPSSDA903): one CHILD element per
// child holding its HEADER (with reviews, missing episodes, permanence, OC2,
// OC3, adoption and placement-decision data inside) and its EPISODEs. The
// reader maps it onto the same tables as the CSV form, so that the rules,
// the import and the export see one model. Read with the same secure
// streaming parser as the CIN census (no DTD, bounded depth and text).
#ifndef SAFEGUARD_RETURNS_SSDA903_XML_H_
#define SAFEGUARD_RETURNS_SSDA903_XML_H_

#include <string_view>

#include "core/error.h"
#include "returns/ssda903_model.h"

namespace sg::returns {

// Reads the whole return from `content` into `into` (empty, with its
// collection year set); every table is then supplied.
core::Status ReadLacXml(std::string_view file_name, std::string_view content, LacReturn& into);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_XML_H_
