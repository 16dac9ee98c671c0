// safeguard validate ssda903 (and, below, import and export): the children
// looked after return in and out of the records, and its checks.
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli/common.h"
#include "returns/ssda903_reader.h"
#include "returns/ssda903_validator.h"

namespace sg::cli {
namespace {

std::vector<std::filesystem::path> Paths(const std::vector<std::string>& files) {
  return {files.begin(), files.end()};
}

// Reads one year's return; on failure, the report of the file at fault.
std::optional<returns::LacReturn> ReadReturn(const std::vector<std::string>& files, int year,
                                             std::vector<returns::FileReport>& reports) {
  returns::LacReadReport read_report;
  auto lac = returns::ReadLacReturn(Paths(files), year, &read_report);
  for (const std::string& note : read_report.notes) {
    std::fprintf(stderr, "safeguard: %s\n", note.c_str());
  }
  if (lac) return std::move(*lac);
  returns::FileReport failed;
  failed.file = files.empty() ? "" : files[std::min(read_report.failed_file, files.size() - 1)];
  failed.collection_year = year;
  failed.unreadable = lac.error();
  std::fprintf(stderr, "safeguard: %s\n", lac.error().message().c_str());
  reports.push_back(std::move(failed));
  return std::nullopt;
}

}  // namespace

int RunValidateLac(const Context&, const ValidateLacArgs& args) {
  auto format = returns::ParseFindingsFormat(args.format);
  if (!format) return Report(format.error());
  std::vector<returns::FileReport> reports;
  std::optional<returns::LacReturn> current = ReadReturn(args.files, args.year, reports);
  std::optional<returns::LacReturn> previous;
  if (!args.previous.empty()) previous = ReadReturn(args.previous, args.year - 1, reports);
  if (current && (args.previous.empty() || previous)) {
    returns::LacValidateOptions options;
    options.la_code = args.la;
    returns::LacValidation validation =
        returns::ValidateLac(*current, previous ? &*previous : nullptr, options);
    reports = std::move(validation.reports);
    if (*format == returns::FindingsFormat::kTable && !validation.skipped_rules.empty()) {
      std::fprintf(stderr,
                   "safeguard: %zu rule(s) not run: the tables they check were not given%s\n",
                   validation.skipped_rules.size(),
                   previous ? "" : " (give last year's return with --previous)");
    }
  }
  std::string out = returns::RenderFindings(reports, *format, "SSDA903 validation");
  std::fwrite(out.data(), 1, out.size(), stdout);
  return returns::ValidationExitStatus(returns::Summarise(reports));
}

}  // namespace sg::cli
