// Validating a CIN census file: structure (the year's XSD) and every DfE rule
// in force in its collection year, in one streaming pass.
//
// The reader hands over one child at a time; each child is checked by every
// child rule in force and shown to the whole-return rules (duplicates,
// percentages), then dropped. Findings are kept in file order: structural
// problems first (they come from the same pass but are listed before the
// rules' findings), then the rules' findings child by child.
//
// A file that cannot be read (missing, empty, not XML, unknown year, hostile)
// gives a FileReport with `unreadable` set and the findings made before the
// read stopped are discarded: a half-read file's findings would mislead.
#ifndef SAFEGUARD_RETURNS_CIN_VALIDATOR_H_
#define SAFEGUARD_RETURNS_CIN_VALIDATOR_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.h"
#include "returns/findings.h"

namespace sg::returns {

struct CinValidateOptions {
  std::optional<int> collection_year;  // when the header's <Year> is missing or wrong
  bool check_structure = true;         // the XSD check; the rules always run
  const core::WorkingCalendar* calendar = nullptr;  // default: England and Wales
  std::function<void(uint64_t bytes_read)> progress;
};

FileReport ValidateCinFile(const std::string& path, const CinValidateOptions& options);
// `name` stands for the file in the report.
FileReport ValidateCinBytes(std::string_view bytes, std::string_view name,
                            const CinValidateOptions& options);

// The codes for which Safeguard has an implementation (child and return
// rules), for the test that compares them with the catalogue.
std::vector<std::string> ImplementedCinRules();

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_VALIDATOR_H_
