// Text and numbers as the reports print them.
//
// Every piece of the reporting module writes markup (HTML, SVG) and figures,
// and all of them must agree: the same value reads "2,082" in a chart, a
// table and the narrative, and a name with "&" or "<" in it is escaped the
// same way everywhere. The formats follow the GOV.UK style guide: commas
// between thousands, a fixed number of decimal places, "%" without a space,
// and a true minus sign is not used (a hyphen, as spreadsheets expect).
//
// Thread safety: pure functions.
#ifndef SAFEGUARD_REPORTING_FORMAT_H_
#define SAFEGUARD_REPORTING_FORMAT_H_

#include <string>
#include <string_view>

namespace sg::reporting {

// `text` with &, <, >, " and ' replaced by entities: safe as element content
// and as a quoted attribute value in both HTML and SVG (XML).
std::string EscapeXml(std::string_view text);

// `value` rounded to `decimals` places (0 to 6) with commas between
// thousands: 2082 → "2,082", 269.44 with 1 → "269.4", -1234.5 with 0 →
// "-1,235" (halves round away from zero, so the result does not depend on
// the binary representation of 0.5 steps). Never "-0": a value that rounds
// to zero prints without a sign. A NaN or infinite value gives "".
std::string FormatNumber(double value, int decimals);

// FormatNumber followed by "%": 74.0 with 1 → "74.0%". The value is already
// a percentage (74, not 0.74).
std::string FormatPercent(double value, int decimals);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_FORMAT_H_
