// safeguard import cin / export cin / validate cin: the CIN census in and out
// of the records, and its checks.
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/gate.h"
#include "cli/common.h"
#include "cli/progress.h"
#include "returns/cin_export.h"
#include "returns/cin_import.h"
#include "returns/cin_validator.h"

namespace sg::cli {
namespace {

constexpr size_t kWarningsShown = 20;

bool IsTableOrJson(const std::string& format) { return format == "table" || format == "json"; }

// A progress callback for a file, with a bar on stderr for files big enough
// to wait for.
class FileProgress {
 public:
  FileProgress(const std::string& label, const std::string& path) {
    std::error_code error;
    size_ = std::filesystem::file_size(path, error);
    if (!error && size_ > (8u << 20)) bar_.emplace(label);
  }
  std::function<void(uint64_t)> callback() {
    if (!bar_) return {};
    return [this](uint64_t bytes) { bar_->Update(static_cast<double>(bytes) / size_); };
  }
  void Finish() {
    if (bar_) bar_->Finish();
  }

 private:
  uint64_t size_ = 0;
  std::optional<ProgressBar> bar_;
};

nlohmann::json ImportJson(const returns::CinImportSummary& s) {
  return {{"file", s.file},
          {"collection_year", s.collection_year},
          {"children", s.children},
          {"referrals", s.referrals},
          {"assessments", s.assessments},
          {"cin_plans", s.cin_plans},
          {"section47s", s.section47s},
          {"icpcs", s.icpcs},
          {"cp_plans", s.cp_plans},
          {"cp_reviews", s.cp_reviews},
          {"rows_added", s.rows_added},
          {"rows_updated", s.rows_updated},
          {"warnings", s.warnings_total}};
}

void PrintImportTable(const returns::CinImportSummary& s) {
  std::printf(
      "%s: CIN census %d-%02d: %llu children, %llu referrals, %llu assessments, %llu CIN plans, "
      "%llu section 47 enquiries, %llu initial conferences, %llu CP plans (%llu reviews); "
      "%lld rows added, %lld updated%s\n",
      s.file.c_str(), s.collection_year - 1, s.collection_year % 100,
      static_cast<unsigned long long>(s.children), static_cast<unsigned long long>(s.referrals),
      static_cast<unsigned long long>(s.assessments), static_cast<unsigned long long>(s.cin_plans),
      static_cast<unsigned long long>(s.section47s), static_cast<unsigned long long>(s.icpcs),
      static_cast<unsigned long long>(s.cp_plans), static_cast<unsigned long long>(s.cp_reviews),
      static_cast<long long>(s.rows_added), static_cast<long long>(s.rows_updated),
      s.warnings_total > 0
          ? fmt::format("; {} value(s) or record(s) left out (see above)", s.warnings_total).c_str()
          : "");
}

void PrintWarnings(const returns::CinImportSummary& s) {
  for (size_t i = 0; i < s.warnings.size() && i < kWarningsShown; ++i) {
    std::fprintf(stderr, "safeguard: %s: %s\n", s.file.c_str(), s.warnings[i].c_str());
  }
  if (s.warnings_total > kWarningsShown) {
    std::fprintf(stderr, "safeguard: %s: ... and %llu more left out\n", s.file.c_str(),
                 static_cast<unsigned long long>(s.warnings_total - kWarningsShown));
  }
}

}  // namespace

int RunImportCin(const Context& context, const ImportCinArgs& args) {
  if (!IsTableOrJson(args.format)) {
    return Report(core::Error(core::Code::kInvalidArgument,
                              fmt::format("--format '{}' is not table or json", args.format)));
  }
  auto db = store::OpenSqlite(args.db, store::OpenMode::kCreateIfMissing);
  if (!db) return Report(db.error());
  auto clock = MakeClock(context);
  access::Gate gate(**db, *clock);
  auto actor = access::Actor::System("cli", "import the CIN census");
  nlohmann::json files = nlohmann::json::array();
  int exit_code = 0;
  for (const std::string& file : args.files) {
    FileProgress progress("Importing " + std::filesystem::path(file).filename().string(), file);
    returns::CinImportOptions options;
    options.progress = progress.callback();
    auto summary = returns::ImportCinFile(gate, actor, file, options);
    progress.Finish();
    if (!summary) {
      // The file's transaction was rolled back; carry on with the others.
      int status = Report(summary.error());
      if (exit_code == 0) exit_code = status;
      files.push_back({{"file", file}, {"error", summary.error().message()}});
      continue;
    }
    PrintWarnings(*summary);
    if (args.format == "json") {
      files.push_back(ImportJson(*summary));
    } else {
      PrintImportTable(*summary);
    }
  }
  if (args.format == "json") std::printf("%s\n", nlohmann::json{{"files", files}}.dump(2).c_str());
  return exit_code;
}

int RunExportCin(const Context& context, const ExportCinArgs& args) {
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  auto clock = MakeClock(context);
  access::Gate gate(**db, *clock);
  auto actor = access::Actor::System("cli", "export the CIN census");
  returns::CinExportOptions options;
  options.collection_year = args.year;
  if (!args.la_number.empty()) options.la_number = args.la_number;
  auto summary = returns::ExportCin(gate, actor, options, args.output);
  if (!summary) return Report(summary.error());
  std::printf("%s: CIN census %d-%02d: %llu children, %llu referrals, %llu bytes\n",
              summary->file.c_str(), summary->collection_year - 1, summary->collection_year % 100,
              static_cast<unsigned long long>(summary->children),
              static_cast<unsigned long long>(summary->referrals),
              static_cast<unsigned long long>(summary->bytes));
  return 0;
}

int RunValidateCin(const Context& context, const ValidateCinArgs& args) {
  auto format = returns::ParseFindingsFormat(args.format);
  if (!format) return Report(format.error());
  std::vector<returns::FileReport> reports;
  for (const std::string& file : args.files) {
    FileProgress progress("Checking " + std::filesystem::path(file).filename().string(), file);
    returns::CinValidateOptions options;
    if (args.year != 0) options.collection_year = args.year;
    options.check_structure = !args.skip_structure;
    options.calendar = context.calendar;
    options.progress = progress.callback();
    reports.push_back(returns::ValidateCinFile(file, options));
    progress.Finish();
    if (reports.back().unreadable) {
      std::fprintf(stderr, "safeguard: %s: %s\n", file.c_str(),
                   reports.back().unreadable->message().c_str());
    }
  }
  std::string out = returns::RenderFindings(reports, *format, "CIN census validation");
  std::fwrite(out.data(), 1, out.size(), stdout);
  return returns::ValidationExitStatus(returns::Summarise(reports));
}

}  // namespace sg::cli
