// Findings: what a validation says about a return, in every output form.
//
// A finding names the DfE rule (its code as the DfE publishes it: "8606",
// "2887Q"; "XSD" for a structural problem), whether it is an error (the
// return would be rejected) or a query (it must be confirmed or explained),
// the child it concerns (empty for the header and whole-return rules), where
// in the file, which fields, and the DfE's message. The output forms are
// shared by every return Safeguard validates, so an analyst sees the same
// columns for the CIN census and the SSDA903 return.
#ifndef SAFEGUARD_RETURNS_FINDINGS_H_
#define SAFEGUARD_RETURNS_FINDINGS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sg::returns {

enum class Severity { kError, kQuery };
std::string_view SeverityName(Severity severity);  // "error", "query"

struct Finding {
  std::string file;  // the file the finding is in
  std::string rule;
  Severity severity = Severity::kError;
  std::string la_child_id;
  std::string location;  // "line:column"
  std::vector<std::string> fields;
  std::string message;
};

// One file's outcome: its findings, or why it could not be read.
struct FileReport {
  std::string file;
  int collection_year = 0;        // 0 when unknown
  std::string ruleset;            // e.g. "cin2024_25"
  uint64_t children = 0;
  uint64_t bytes = 0;
  std::optional<core::Error> unreadable;  // set when the file could not be read
  std::vector<Finding> findings;
  uint64_t findings_dropped = 0;  // structural problems beyond the cap
};

struct ValidationSummary {
  uint64_t files = 0;
  uint64_t unreadable_files = 0;
  uint64_t children = 0;
  uint64_t errors = 0;
  uint64_t queries = 0;
  std::map<std::string, uint64_t> by_rule;  // rule code -> findings
};

ValidationSummary Summarise(const std::vector<FileReport>& reports);

// Exit status of a validate command: 2 when a file could not be read, 1 when
// there is an error finding, 0 otherwise (queries alone do not fail).
int ValidationExitStatus(const ValidationSummary& summary);

enum class FindingsFormat { kTable, kJson, kCsv, kHtml };
core::Result<FindingsFormat> ParseFindingsFormat(std::string_view name);

// The whole report in `format`. JSON is
//   {"findings": [{"file", "rule", "severity", "la_child_id", "location",
//                  "fields", "message"}...],
//    "files": [{"file", "collection_year", "ruleset", "children", "bytes",
//               "error"?}...],
//    "summary": {"files", "unreadable_files", "children", "errors", "queries",
//                "by_rule": {code: n}}}
// CSV has one row per finding with a header row; HTML is a standalone page.
std::string RenderFindings(const std::vector<FileReport>& reports, FindingsFormat format,
                           std::string_view title);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_FINDINGS_H_
