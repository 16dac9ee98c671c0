// safeguard validate ssda903 (and, below, import and export): the children
// looked after return in and out of the records, and its checks.
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/gate.h"
#include "cli/common.h"
#include "cli/progress.h"
#include "returns/ssda903_export.h"
#include "returns/ssda903_import.h"
#include "returns/ssda903_places.h"
#include "store/journey_store.h"
#include "returns/ssda903_reader.h"
#include "returns/ssda903_validator.h"

namespace sg::cli {
namespace {

std::vector<std::filesystem::path> Paths(const std::vector<std::string>& files) {
  return {files.begin(), files.end()};
}

// Reads one year's return; on failure, the report of the file at fault.
std::optional<returns::LacReturn> ReadReturn(const std::vector<std::string>& files, int year,
                                             const std::string& la_code, bool as_previous_year,
                                             std::vector<returns::FileReport>& reports) {
  returns::LacReadReport read_report;
  auto lac = returns::ReadLacReturn(Paths(files), year, la_code, &read_report, as_previous_year);
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
  std::string la_code;
  if (!args.la.empty()) {
    auto resolved = returns::ResolveAuthority(args.la);
    if (!resolved) return Report(resolved.error().WithContext("--la"));
    la_code = *resolved;
  }
  std::vector<returns::FileReport> reports;
  std::optional<returns::LacReturn> current = ReadReturn(args.files, args.year, la_code, false, reports);
  std::optional<returns::LacReturn> previous;
  if (!args.previous.empty()) {
    previous = ReadReturn(args.previous, args.year - 1, la_code, true, reports);
  }
  if (current && (args.previous.empty() || previous)) {
    returns::LacValidateOptions options;
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

namespace sg::cli {
namespace {

constexpr size_t kWarningsShown = 20;

nlohmann::json ImportJson(const returns::LacImportSummary& s) {
  return {{"collection_year", s.collection_year}, {"files", s.files},
          {"bytes", s.bytes},                     {"rows", s.rows},
          {"children", s.children},               {"episodes", s.episodes},
          {"reviews", s.reviews},                 {"rows_added", s.rows_added},
          {"rows_updated", s.rows_updated},       {"warnings", s.warnings_total}};
}

}  // namespace

int RunImportLac(const Context& context, const ImportLacArgs& args) {
  if (args.format != "table" && args.format != "json") {
    return Report(core::Error(core::Code::kInvalidArgument,
                              fmt::format("--format '{}' is not table or json", args.format)));
  }
  auto db = store::OpenSqlite(args.db, store::OpenMode::kCreateIfMissing);
  if (!db) return Report(db.error());
  auto clock = MakeClock(context);
  access::Gate gate(**db, *clock);
  auto actor = access::Actor::System("cli", "import the SSDA903 return");
  std::optional<ProgressBar> bar;
  returns::LacImportOptions options;
  std::string la = args.la;
  if (la.empty()) {
    store::JourneyStore journey(**db);
    if (auto known = journey.GetSetting("la_number"); known && *known) la = **known;
  }
  if (!la.empty()) {
    auto resolved = returns::ResolveAuthority(la);
    if (!resolved) return Report(resolved.error().WithContext("--la"));
    options.la_code = *resolved;
    options.la_number = *returns::AuthorityNumber(la);
  }
  uint64_t bytes = 0;
  for (const std::string& file : args.files) {
    std::error_code error;
    bytes += std::filesystem::file_size(file, error);
  }
  if (bytes > (8u << 20)) {
    bar.emplace("Importing SSDA903");
    options.progress = [&](double fraction) { bar->Update(fraction); };
  }
  auto summary = returns::ImportLacReturn(gate, actor, Paths(args.files), args.year, options);
  if (bar) bar->Finish();
  if (!summary) return Report(summary.error());
  for (const std::string& note : summary->notes) std::fprintf(stderr, "safeguard: %s\n", note.c_str());
  for (size_t i = 0; i < summary->warnings.size() && i < kWarningsShown; ++i) {
    std::fprintf(stderr, "safeguard: %s\n", summary->warnings[i].c_str());
  }
  if (summary->warnings_total > kWarningsShown) {
    std::fprintf(stderr, "safeguard: ... and %llu more left out\n",
                 static_cast<unsigned long long>(summary->warnings_total - kWarningsShown));
  }
  if (args.format == "json") {
    std::printf("%s\n", ImportJson(*summary).dump(2).c_str());
  } else {
    std::printf("SSDA903 %d-%02d: %llu files, %llu rows: %llu children, %llu episodes, %llu "
                "reviews; %lld rows added, %lld updated%s\n",
                summary->collection_year - 1, summary->collection_year % 100,
                static_cast<unsigned long long>(summary->files),
                static_cast<unsigned long long>(summary->rows),
                static_cast<unsigned long long>(summary->children),
                static_cast<unsigned long long>(summary->episodes),
                static_cast<unsigned long long>(summary->reviews),
                static_cast<long long>(summary->rows_added),
                static_cast<long long>(summary->rows_updated),
                summary->warnings_total > 0
                    ? fmt::format("; {} record(s) left out (see above)", summary->warnings_total)
                          .c_str()
                    : "");
  }
  return 0;
}

int RunExportLac(const Context& context, const ExportLacArgs& args) {
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  auto clock = MakeClock(context);
  access::Gate gate(**db, *clock);
  auto actor = access::Actor::System("cli", "export the SSDA903 return");
  auto summary = returns::ExportLac(gate, actor, args.year, args.output);
  if (!summary) return Report(summary.error());
  std::printf("%s: SSDA903 %d-%02d: %llu children, %llu episodes, %llu files, %llu bytes\n",
              summary->folder.string().c_str(), summary->collection_year - 1,
              summary->collection_year % 100, static_cast<unsigned long long>(summary->children),
              static_cast<unsigned long long>(summary->episodes),
              static_cast<unsigned long long>(summary->files),
              static_cast<unsigned long long>(summary->bytes));
  return 0;
}

}  // namespace sg::cli
