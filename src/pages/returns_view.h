// Data returns' shared insides (internal to src/pages): what the upload
// pages (return_pages.cc) and the pages after the upload (job_pages.cc: a
// job's progress, a check's findings, the import) both need.
//
// Design. A check of a return runs as a job (api::Jobs) and leaves one
// private file, the check's file: a POSIX tar of findings.json and the
// uploaded bytes (upload/<name>). return_pages.cc writes it from the check
// job (WriteCheckFile); job_pages.cc reads it for the findings page and for
// the import (ReadCheckFile), so the file's format is defined in one place,
// job_pages.cc. The returns themselves (which return, its paths, its job
// kinds, its collection years) are small and inline here.
#ifndef SAFEGUARD_PAGES_RETURNS_VIEW_H_
#define SAFEGUARD_PAGES_RETURNS_VIEW_H_

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/policy.h"
#include "api/app.h"
#include "core/date.h"
#include "core/error.h"
#include "pages/page.h"

namespace sg::pages {

// The job pages, a check's findings and the import (job_pages.cc), added by
// AddReturnPages.
void AddJobPages(api::RouteTable& routes);

namespace return_view {

// A return with many problems repeats a few rules thousands of times; the
// check keeps this many findings of each rule (and counts them all).
constexpr size_t kFindingsKeptPerRule = 500;

// ---- the two returns ---------------------------------------------------------

enum class Return { kCin, kSsda903 };

struct ReturnInfo {
  Return kind;
  std::string_view slug;        // in paths and job kinds
  std::string_view name;        // in sentences
  std::string_view title;       // in headings
  std::string_view file_field;  // the form's file input
  std::string_view year_field;  // the form's year select
};

constexpr std::array<ReturnInfo, 2> kReturns = {{
    {Return::kCin, "cin", "CIN census", "CIN census", "cin-file", "cin-year"},
    {Return::kSsda903, "ssda903", "SSDA903 return", "SSDA903 return (children looked after)",
     "ssda903-files", "ssda903-year"},
}};

inline const ReturnInfo& Info(Return kind) {
  return kReturns[kind == Return::kCin ? 0 : 1];
}

inline std::string CheckKind(Return kind) {
  return fmt::format("check-{}", Info(kind).slug);
}

inline std::optional<Return> ReturnOfCheck(std::string_view job_kind) {
  for (const ReturnInfo& info : kReturns) {
    if (job_kind == CheckKind(info.kind)) return info.kind;
  }
  return std::nullopt;
}

// ---- collection years ----------------------------------------------------------

// A return's collection year is named by its end: 2025 is 1 April 2024 to
// 31 March 2025.
inline std::string YearText(int year) {
  return fmt::format("{} to {}", year - 1, year);
}

// The collection year that ended most recently: the one a return is made for.
inline int LatestEndedYear(core::Date today) {
  return today.month() >= 4 ? today.year() : today.year() - 1;
}

// A collection year select's options, latest first; `with_file_year` adds
// "The year written in the file" (value "") at the top.
inline nlohmann::json YearOptions(int first, int last, const std::string& selected,
                                  bool with_file_year) {
  std::vector<std::pair<std::string, std::string>> values;
  if (with_file_year) values.emplace_back("", "The year written in the file");
  for (int year = last; year >= first; --year) {
    values.emplace_back(std::to_string(year), YearText(year));
  }
  return Options(values, {selected});
}

// A year chosen in a select, when it is one of first..last.
inline std::optional<int> ParseYear(std::string_view text, int first, int last) {
  int year = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (ec != std::errc() || end != text.data() + text.size() || year < first || year > last) {
    return std::nullopt;
  }
  return year;
}

// ---- uploads ----------------------------------------------------------------------

struct Upload {
  std::string name;  // safe: letters, digits, '.', '_', '-'
  std::string content;
};
using Uploads = std::vector<Upload>;

// Who may check and import returns: the Policy's kImportReturn (partnership
// analysts, administrators).
inline core::Status MayImport(const api::Call& call) {
  return access::Policy().Decide(call.actor(), access::Action::kImportReturn);
}

// ---- the check's file ---------------------------------------------------------

// A new private file (0600) holding `findings` (findings.json) and the
// uploads, for the check job's result; api::Jobs moves it under its own
// directory.
core::Result<std::filesystem::path> WriteCheckFile(const nlohmann::json& findings,
                                                   const Uploads& files);

// The entries of a check's file, in order, findings.json first; with
// `first_only`, findings.json alone (the findings page does not need the
// uploads).
core::Result<std::vector<std::pair<std::string, std::string>>> ReadCheckFile(
    const std::string& path, bool first_only);

}  // namespace return_view
}  // namespace sg::pages

#endif  // SAFEGUARD_PAGES_RETURNS_VIEW_H_
