// Jobs over the API: imports of the DfE returns and the annual report run
// on the job thread (api/jobs.h), with progress to poll and a result to
// download. The request only checks what it can at once (who may, the
// body's shape) and hands the work over: a 64 MB census must not hold the
// database thread that every other request waits for.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/gate.h"
#include "access/policy.h"
#include "api/app.h"
#include "api/figure_sources.h"
#include "api/jobs.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/views.h"
#include "indicators/source.h"
#include "reporting/annual_report.h"
#include "reporting/figures.h"
#include "reporting/pdf.h"
#include "reporting/pending_file.h"
#include "reporting/targets.h"
#include "returns/cin_import.h"
#include "returns/ssda903_import.h"
#include "returns/ssda903_places.h"
#include "store/journey_store.h"

namespace sg::api {
namespace {

using access::Action;
using nlohmann::json;

// ---- jobs -----------------------------------------------------------------

// A private directory for one upload (mkdtemp: mode 0700), removed with
// everything in it when the last owner lets go of it: after the job ran,
// or when the job was never queued or was dropped at shutdown.
class UploadDir {
 public:
  static core::Result<std::shared_ptr<UploadDir>> Create() {
    std::error_code error;
    auto base = std::filesystem::temp_directory_path(error);
    if (error) {
      return core::Fail(core::Code::kUnavailable, "there is no temporary directory for uploads");
    }
    std::string pattern = (base / "safeguard-upload-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return core::Fail(core::Code::kUnavailable,
                        "cannot make a temporary directory for the upload");
    }
    return std::shared_ptr<UploadDir>(new UploadDir(pattern));
  }
  ~UploadDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  UploadDir(const UploadDir&) = delete;
  UploadDir& operator=(const UploadDir&) = delete;

  // The error of a job over these files, naming them as the client did:
  // the server's temporary directory is none of the client's business.
  core::Error Scrub(const core::Error& error) const {
    std::string message = error.message();
    const std::string prefix = path_.string() + "/";
    for (size_t at; (at = message.find(prefix)) != std::string::npos;) {
      message.erase(at, prefix.size());
    }
    return core::Error(error.code(), std::move(message));
  }

  // REQUIRES: `name` is a plain file name (SafeFileName).
  core::Result<std::filesystem::path> Write(std::string_view name, std::string_view content) const {
    auto path = path_ / std::string(name);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) return core::Fail(core::Code::kUnavailable, "cannot keep the upload for its job");
    return path;
  }

 private:
  explicit UploadDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// A name that stays inside the upload directory: letters, digits, '.', '_'
// and '-', not starting with '.', at most 100 bytes.
bool SafeFileName(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == '.') return false;
  return std::ranges::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

json ErrorJson(const core::Error& error) {
  return {{"code", core::CodeName(error.code())}, {"message", error.message()}};
}

json JobJson(const JobStatus& s) {
  json summary = json::parse(s.summary_json, nullptr, false);
  if (summary.is_discarded()) summary = json::object();
  return {
      {"id", s.id},
      {"kind", s.kind},
      {"state", JobStateName(s.state)},
      {"progress", {{"done", s.done}, {"total", s.total}, {"stage", s.stage}}},
      {"submitted_at", s.submitted_at},
      {"finished_at", s.finished_at.empty() ? json(nullptr) : json(s.finished_at)},
      {"summary", summary},
      {"error", s.error ? ErrorJson(*s.error) : json(nullptr)},
      {"result", s.has_result ? json(fmt::format("/api/v1/jobs/{}/result", s.id)) : json(nullptr)}};
}

core::Result<http::Response> Submitted(Call& call, std::string kind, JobFn fn) {
  SG_ASSIGN_OR_RETURN(int64_t id, call.jobs.Submit(call.actor(), std::move(kind), std::move(fn)));
  SG_ASSIGN_OR_RETURN(JobStatus status, call.jobs.Status(call.actor(), id));
  auto response = JsonResponse(202, json{{"job", JobJson(status)}});
  response.SetHeader("Location", fmt::format("/api/v1/jobs/{}", id));
  return response;
}

std::vector<std::string> FirstWarnings(const std::vector<std::string>& warnings) {
  constexpr size_t kShown = 20;
  return {warnings.begin(),
          warnings.begin() + static_cast<std::ptrdiff_t>(std::min(kShown, warnings.size()))};
}

json CinSummaryJson(const returns::CinImportSummary& s) {
  return {{"collection_year", s.collection_year},
          {"bytes", s.bytes},
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
          {"warnings", s.warnings_total},
          {"first_warnings", FirstWarnings(s.warnings)}};
}

json LacSummaryJson(const returns::LacImportSummary& s) {
  return {{"collection_year", s.collection_year},
          {"files", s.files},
          {"bytes", s.bytes},
          {"rows", s.rows},
          {"children", s.children},
          {"episodes", s.episodes},
          {"reviews", s.reviews},
          {"rows_added", s.rows_added},
          {"rows_updated", s.rows_updated},
          {"warnings", s.warnings_total},
          {"first_warnings", FirstWarnings(s.warnings)},
          {"notes", s.notes}};
}

core::Result<http::Response> PostImportCin(Call& call) {
  SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), Action::kImportReturn));
  auto type = call.request.Header("content-type").value_or("");
  const auto media = type.substr(0, type.find(';'));
  if (media != "application/xml" && media != "text/xml") {
    return http::Problem(415, "unsupported_media_type",
                         "send the CIN census file as application/xml");
  }
  if (call.request.body.empty()) {
    return core::Fail(core::Code::kInvalidArgument,
                      "the request has no CIN census file in its body");
  }
  SG_ASSIGN_OR_RETURN(auto dir, UploadDir::Create());
  SG_ASSIGN_OR_RETURN(auto path, dir->Write("cin-census.xml", call.request.body));
  const auto total = static_cast<int64_t>(call.request.body.size());
  const core::Clock* clock = &call.clock;
  return Submitted(call, "import-cin",
                   [dir, path, total, clock](store::Database& db, const access::Actor& actor,
                                             Progress& progress) -> core::Result<JobOutput> {
                     access::Gate gate(db, *clock);
                     returns::CinImportOptions options;
                     options.progress = [&](uint64_t bytes) {
                       progress.Report(static_cast<int64_t>(bytes), total, "importing");
                     };
                     progress.Report(0, total, "importing");
                     auto summary = returns::ImportCinFile(gate, actor, path.string(), options);
                     if (!summary) return std::unexpected(dir->Scrub(summary.error()));
                     progress.Report(total, total, "imported");
                     return JobOutput{CinSummaryJson(*summary).dump(), std::nullopt, "", ""};
                   });
}

// The SSDA903 body: {"year": Y, "files": {"header.csv": "...", ...}}.
struct LacUpload {
  int year = 0;
  std::vector<std::pair<std::string, std::string>> files;
};

core::Result<LacUpload> ReadLacUpload(std::string_view text) {
  SG_ASSIGN_OR_RETURN(JsonBody whole, JsonBody::Parse(text));
  // JsonBody reads scalar fields only; "files" is an object, read here, and
  // the rest of the body through JsonBody so unknown fields are refused.
  json rest = whole.raw();
  json files = rest.contains("files") ? rest["files"] : json();
  rest.erase("files");
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(rest.dump()));
  SG_ASSIGN_OR_RETURN(int64_t year, body.Int("year"));
  SG_RETURN_IF_ERROR(body.Finish());
  if (year < 2000 || year > 2100) {
    return core::Fail(core::Code::kInvalidArgument,
                      "year must be a collection year from 2000 to 2100");
  }
  if (!files.is_object() || files.empty()) {
    return core::Fail(core::Code::kInvalidArgument,
                      "files must be an object of file name to file text, with at least one file");
  }
  LacUpload upload;
  upload.year = static_cast<int>(year);
  for (const auto& [name, content] : files.items()) {
    if (!SafeFileName(name)) {
      return core::Fail(core::Code::kInvalidArgument,
                        "a file name in files may hold only letters, digits, '.', '_' and '-'");
    }
    if (!content.is_string()) {
      return core::Fail(core::Code::kInvalidArgument, fmt::format("files.{} must be text", name));
    }
    upload.files.emplace_back(name, content.get<std::string>());
  }
  return upload;
}

// The authority as `safeguard import ssda903` finds it: the database's own.
core::Status AuthorityOf(store::Database& db, returns::LacImportOptions& options) {
  store::JourneyStore journey(db);
  SG_ASSIGN_OR_RETURN(auto la, journey.GetSetting("la_number"));
  if (!la || la->empty()) return {};
  SG_ASSIGN_OR_RETURN(options.la_code, returns::ResolveAuthority(*la));
  SG_ASSIGN_OR_RETURN(options.la_number, returns::AuthorityNumber(*la));
  return {};
}

core::Result<http::Response> PostImportSsda903(Call& call) {
  SG_ASSIGN_OR_RETURN(LacUpload upload, ReadLacUpload(call.request.body));
  SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), Action::kImportReturn));
  SG_ASSIGN_OR_RETURN(auto dir, UploadDir::Create());
  std::vector<std::filesystem::path> paths;
  int64_t total = 0;
  for (const auto& [name, content] : upload.files) {
    SG_ASSIGN_OR_RETURN(auto path, dir->Write(name, content));
    paths.push_back(std::move(path));
    total += static_cast<int64_t>(content.size());
  }
  const core::Clock* clock = &call.clock;
  const int year = upload.year;
  return Submitted(call, "import-ssda903",
                   [dir, paths, year, total, clock](store::Database& db, const access::Actor& actor,
                                                    Progress& progress) -> core::Result<JobOutput> {
                     access::Gate gate(db, *clock);
                     returns::LacImportOptions options;
                     SG_RETURN_IF_ERROR(AuthorityOf(db, options));
                     options.progress = [&](double fraction) {
                       progress.Report(static_cast<int64_t>(fraction * static_cast<double>(total)),
                                       total, "importing");
                     };
                     progress.Report(0, total, "reading");
                     auto summary = returns::ImportLacReturn(gate, actor, paths, year, options);
                     if (!summary) return std::unexpected(dir->Scrub(summary.error()));
                     progress.Report(total, total, "imported");
                     return JobOutput{LacSummaryJson(*summary).dump(), std::nullopt, "", ""};
                   });
}

struct ReportFormat {
  std::string_view name;
  std::string_view content_type;
};
constexpr std::array<ReportFormat, 3> kReportFormats = {{
    {"html", "text/html; charset=utf-8"},
    {"pdf", "application/pdf"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}};

// A new private file (mkstemps: mode 0600) for a job's result; Jobs moves
// it under its own directory once the job returns.
core::Result<std::filesystem::path> ResultFile(std::string_view suffix) {
  std::error_code error;
  auto base = std::filesystem::temp_directory_path(error);
  if (error) {
    return core::Fail(core::Code::kUnavailable, "there is no temporary directory for the report");
  }
  std::string pattern = (base / "safeguard-report-XXXXXX").string() + std::string(suffix);
  const int fd = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));
  if (fd < 0) return core::Fail(core::Code::kUnavailable, "cannot make a file for the report");
  ::close(fd);
  return std::filesystem::path(pattern);
}

core::Status WriteReport(const reporting::AnnualReport& report, std::string_view format,
                         const std::filesystem::path& path) {
  if (format == "xlsx") return reporting::WriteAnnualReportXlsx(report, path);
  const std::string html = reporting::AnnualReportHtml(report);
  if (format == "html") return reporting::WriteFileAtomically(path, html);
  // PDF: the same HTML, printed by Chromium from a file beside it.
  const auto html_path = std::filesystem::path(path).concat(".print.html");
  SG_RETURN_IF_ERROR(reporting::WriteFileAtomically(html_path, html));
  auto printed = reporting::RenderPdf(html_path, path);
  std::error_code ignored;
  std::filesystem::remove(html_path, ignored);
  return printed;
}

core::Result<JobOutput> RunAnnualReport(store::Database& db, const access::Actor& actor,
                                        Progress& progress, const core::Clock& clock,
                                        const core::WorkingCalendar& calendar, int year,
                                        const ReportFormat& format) {
  constexpr int64_t kSteps = 4;
  access::Gate gate(db, clock);
  progress.Report(0, kSteps, "reading the records");
  SG_ASSIGN_OR_RETURN(Sources sources,
                      LoadSources(gate, actor, fmt::format("annual report {}", year)));
  progress.Report(1, kSteps, "computing the figures");
  auto book = reporting::BuildFigureBook(sources.snapshot, calendar, sources.data, sources.la,
                                         reporting::YearsEnding(year, 5, 0));
  progress.Report(2, kSteps, "writing the report");
  SG_ASSIGN_OR_RETURN(auto report, reporting::BuildAnnualReport(std::move(book), {}));
  const std::string suffix = "." + std::string(format.name);
  SG_ASSIGN_OR_RETURN(auto path, ResultFile(suffix));
  if (auto written = WriteReport(report, format.name, path); !written) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return std::unexpected(written.error());
  }
  progress.Report(kSteps, kSteps, "done");
  JobOutput out;
  out.summary_json = json{{"year", year}, {"format", format.name}}.dump();
  out.result_file = path.string();
  out.result_content_type = std::string(format.content_type);
  out.result_name = fmt::format("annual-report-{}{}", reporting::YearLabel(year), suffix);
  return out;
}

core::Result<http::Response> PostAnnualReport(Call& call) {
  SG_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(call.request.body));
  SG_ASSIGN_OR_RETURN(int64_t year, body.Int("year"));
  SG_ASSIGN_OR_RETURN(auto format_text, body.OptString("format"));
  SG_RETURN_IF_ERROR(body.Finish());
  SG_RETURN_IF_ERROR(indicators::PeriodFor(static_cast<int>(year), 0));
  const std::string wanted = format_text.value_or("html");
  auto format =
      std::ranges::find_if(kReportFormats, [&](const ReportFormat& f) { return f.name == wanted; });
  if (format == kReportFormats.end()) {
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("format '{}' is not html, pdf or xlsx", wanted));
  }
  SG_RETURN_IF_ERROR(access::Policy().Decide(call.actor(), Action::kComputeIndicators));
  const core::Clock* clock = &call.clock;
  const core::WorkingCalendar* calendar = &call.calendar;
  const ReportFormat chosen = *format;
  const int report_year = static_cast<int>(year);
  return Submitted(call, "report-annual",
                   [clock, calendar, chosen, report_year](
                       store::Database& db, const access::Actor& actor, Progress& progress) {
                     return RunAnnualReport(db, actor, progress, *clock, *calendar, report_year,
                                            chosen);
                   });
}

core::Result<http::Response> GetJob(Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t id, IdParam(call.params, "id", "job"));
  SG_ASSIGN_OR_RETURN(JobStatus status, call.jobs.Status(call.actor(), id));
  return JsonResponse(200, JobJson(status));
}

core::Result<http::Response> GetJobResult(Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t id, IdParam(call.params, "id", "job"));
  SG_ASSIGN_OR_RETURN(JobOutput output, call.jobs.Result(call.actor(), id));
  if (!output.result_file) {
    return core::Fail(core::Code::kNotFound, "this job has no result file");
  }
  std::ifstream in(*output.result_file, std::ios::binary);
  if (!in) return core::Fail(core::Code::kNotFound, "the job's result file is no longer kept");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  http::Response response;
  response.status = 200;
  response.content_type = output.result_content_type;
  response.body = std::move(content);
  response.SetHeader("Content-Disposition",
                     fmt::format("attachment; filename=\"{}\"", output.result_name));
  return response;
}

}  // namespace

void AddJobRoutes(RouteTable& routes) {
  routes.Add("POST", "/api/v1/imports/cin", DatabaseRoute(PostImportCin, "returns"));
  routes.Add("POST", "/api/v1/imports/ssda903", DatabaseRoute(PostImportSsda903, "returns"));
  routes.Add("POST", "/api/v1/reports/annual", DatabaseRoute(PostAnnualReport, "indicators"));
  routes.Add("GET", "/api/v1/jobs/{id}", DatabaseRoute(GetJob, "read"));
  routes.Add("GET", "/api/v1/jobs/{id}/result", DatabaseRoute(GetJobResult, "read"));
}

}  // namespace sg::api
