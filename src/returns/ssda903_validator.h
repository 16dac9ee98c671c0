// Validating an SSDA903 return: every DfE rule in force in its collection
// year, applied to the tables supplied, optionally against last year's
// return.
//
// The findings of a table are reported under the file that table came from,
// so an analyst sees them beside the file to fix; the report of the Header
// file counts the children. A rule that needs a table that was not supplied
// (or last year's return when it was not given) is not run, and the report
// says how many were skipped.
#ifndef SAFEGUARD_RETURNS_SSDA903_VALIDATOR_H_
#define SAFEGUARD_RETURNS_SSDA903_VALIDATOR_H_

#include <set>
#include <string>
#include <vector>

#include "returns/findings.h"
#include "returns/ssda903_model.h"
#include "returns/ssda903_providers.h"

namespace sg::returns {

struct LacValidateOptions {
  std::string la_code;                // the authority's ONS code, when known
  std::set<std::string> only_rules;   // when not empty, run just these codes
  const LacProviders* providers = nullptr;  // Ofsted's provider lists, when given
};

struct LacValidation {
  std::vector<FileReport> reports;  // one per file of the current return
  std::vector<std::string> skipped_rules;  // in force but not run: tables not supplied
};

LacValidation ValidateLac(const LacReturn& current, const LacReturn* previous,
                          const LacValidateOptions& options);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_VALIDATOR_H_
