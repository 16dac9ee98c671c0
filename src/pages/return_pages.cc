// Return pages: a partnership analyst checks a statutory return (the CIN
// census, or the SSDA903 return of children looked after) against the
// Department for Education's rules; the findings, the import and the job
// pages every long piece of work leads to are in job_pages.cc.
//
//   GET  /returns                     the two upload forms
//   POST /returns/cin                 check a CIN census file   -> 303 /jobs/{id}
//   POST /returns/ssda903             check an SSDA903 return   -> 303 /jobs/{id}
//
// Design.
//
// Checking is a job. Validating a 60 MB census takes seconds; page handlers
// run on the database thread, which every signed-in user shares, so the
// page only checks what is cheap (a file was chosen, it is XML or CSV, it is
// the return the form is for, the year agrees) and hands the rest to the
// job thread (api::Jobs), whose progress the job page shows. The check job
// keeps the findings, each with the values it points at in the file, and
// the uploaded bytes in the check's file (returns_view.h), from which the
// findings page and the import read.
//
// Who: the Policy's kImportReturn (partnership analysts, administrators).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/policy.h"
#include "api/jobs.h"
#include "pages/page.h"
#include "pages/pages.h"
#include "pages/returns_view.h"
#include "returns/cin_reader.h"
#include "returns/cin_schemas.h"
#include "returns/cin_validator.h"
#include "returns/findings.h"
#include "returns/ssda903_places.h"
#include "returns/ssda903_reader.h"
#include "returns/ssda903_tables.h"
#include "returns/ssda903_validator.h"
#include "store/journey_store.h"

namespace sg::pages::return_view {
namespace {

using core::Code;
using nlohmann::json;

constexpr size_t kFindingsKept = 20'000;

// ---- uploads ----------------------------------------------------------------------

// A name of our making from the browser's file name: its last path part,
// other characters as '_', never hidden, unique among `taken`.
std::string SafeName(std::string_view client, size_t index, const std::set<std::string>& taken) {
  if (auto slash = client.find_last_of("/\\"); slash != std::string_view::npos) {
    client.remove_prefix(slash + 1);
  }
  std::string name;
  for (char c : client.substr(0, 80)) {
    const bool plain =
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    name += plain ? c : '_';
  }
  while (!name.empty() && name.front() == '.') name.erase(0, 1);
  if (name.empty()) name = fmt::format("file-{}", index + 1);
  if (taken.contains(name)) name = fmt::format("{}-{}", index + 1, name);
  return name;
}

// The files chosen in the input `field` (a browser sends an empty part with
// an empty file name when none was chosen).
Uploads FilesOf(const http::Form& form, std::string_view field) {
  Uploads uploads;
  std::set<std::string> taken;
  for (const http::FormField& part : form.fields()) {
    if (part.name != field || !part.filename) continue;
    if (part.filename->empty() && part.value.empty()) continue;
    std::string name = SafeName(*part.filename, uploads.size(), taken);
    taken.insert(name);
    uploads.push_back({std::move(name), part.value});
  }
  return uploads;
}

std::string_view WithoutBom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

// The name of an XML document's first element, past the declaration,
// comments and doctype; "" when there is none in the first 64 KB.
std::string RootElement(std::string_view content) {
  content = WithoutBom(content.substr(0, 64 * 1024));
  size_t at = 0;
  while ((at = content.find('<', at)) != std::string_view::npos) {
    std::string_view rest = content.substr(at);
    if (rest.starts_with("<?") || rest.starts_with("<!")) {
      const auto close = rest.starts_with("<!--") ? rest.find("-->") : rest.find('>');
      if (close == std::string_view::npos) return "";
      at += close + 1;
      continue;
    }
    size_t end = 1;
    while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end])) &&
           rest[end] != '>' && rest[end] != '/') {
      ++end;
    }
    return std::string(rest.substr(1, end - 1));
  }
  return "";
}

bool LooksBinary(std::string_view content) {
  return content.substr(0, 8192).find('\0') != std::string_view::npos;
}

// The first row of a CSV file, upper-cased, split at commas.
std::vector<std::string> CsvColumns(std::string_view content);

constexpr std::string_view kCinRoot = "Message";
constexpr std::string_view kLacRoot = "EXPSSDA903";

// The page's checks of a CIN census upload; the file's year on success.
std::optional<int> CheckCinUpload(const Uploads& files, std::optional<int> year,
                                  FormErrors& errors) {
  const std::string field(Info(Return::kCin).file_field);
  if (files.empty()) {
    errors.Add(field, "Select a CIN census file");
    return std::nullopt;
  }
  if (files.size() > 1) {
    errors.Add(field, "Select one CIN census file");
    return std::nullopt;
  }
  const std::string& content = files.front().content;
  if (content.empty()) {
    errors.Add(field, "The selected file is empty");
    return std::nullopt;
  }
  if (!returns::LooksLikeXml(content)) {
    errors.Add(field, "The selected file must be an XML file");
    return std::nullopt;
  }
  const std::string root = RootElement(content);
  if (root == kLacRoot) {
    errors.Add(field,
               "The selected file is an SSDA903 return, not a CIN census: check it "
               "under SSDA903 return");
    return std::nullopt;
  }
  if (root != kCinRoot) {
    errors.Add(field, "The selected file is not a CIN census file");
    return std::nullopt;
  }
  auto detected = returns::DetectCinYear(std::string_view(content).substr(0, 64 * 1024));
  if (!detected) {
    errors.Add(field,
               detected.error().code() == Code::kOutOfRange
                   ? fmt::format("The selected file is for a year Safeguard cannot check: "
                                 "it checks {} up to {}",
                                 YearText(returns::kFirstCinYear), YearText(returns::kLastCinYear))
                   : std::string("The selected file has no collection year in its header"));
    return std::nullopt;
  }
  if (year && *year != *detected) {
    errors.Add(std::string(Info(Return::kCin).year_field),
               fmt::format("The selected file is for {}: choose that year, or the year written "
                           "in the file",
                           YearText(*detected)));
    return std::nullopt;
  }
  return *detected;
}

// The page's checks of an SSDA903 upload: its CSV tables, or its XML alone.
void CheckLacUpload(const Uploads& files, FormErrors& errors) {
  const std::string field(Info(Return::kSsda903).file_field);
  if (files.empty()) {
    errors.Add(field, "Select the SSDA903 return's files");
    return;
  }
  const auto xml = std::ranges::count_if(
      files, [](const Upload& file) { return returns::LooksLikeXml(file.content); });
  if (xml > 0 && files.size() > 1) {
    errors.Add(field, "Select the return's XML file on its own, or its CSV files");
    return;
  }
  for (const Upload& file : files) {
    if (file.content.empty()) {
      errors.Add(field, fmt::format("The selected file {} is empty", file.name));
      return;
    }
    if (returns::LooksLikeXml(file.content)) {
      const std::string root = RootElement(file.content);
      if (root == kCinRoot) {
        errors.Add(field,
                   "The selected file is a CIN census, not an SSDA903 return: check it "
                   "under CIN census");
      } else if (root != kLacRoot) {
        errors.Add(field, "The selected file is not an SSDA903 return");
      }
      return;
    }
    if (LooksBinary(file.content)) {
      errors.Add(field, fmt::format("The selected file {} must be a CSV or XML file", file.name));
      return;
    }
    if (auto columns = CsvColumns(file.content);
        std::ranges::find(columns, "CHILD") == columns.end()) {
      errors.Add(field, fmt::format("The selected file {} is not an SSDA903 table: its first row "
                                    "must name the columns, starting with CHILD",
                                    file.name));
      return;
    }
  }
}

// ---- CSV cells, for the value a finding is about -----------------------------------

// One CSV line split into cells (RFC 4180 quotes).
std::vector<std::string> CsvCells(std::string_view line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

std::vector<std::string> CsvColumns(std::string_view content) {
  content = WithoutBom(content);
  auto columns = CsvCells(content.substr(0, content.find('\n')));
  for (std::string& column : columns) {
    std::ranges::transform(column, column.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    while (!column.empty() && std::isspace(static_cast<unsigned char>(column.back()))) {
      column.pop_back();
    }
  }
  return columns;
}

// One uploaded file, indexed by line, to read the values findings point at:
// a CSV table's cell (the finding's line and field), or a CIN census
// element on the finding's line (<Field>value</Field>).
class ValueReader {
 public:
  ValueReader(std::string_view content, bool xml) : content_(content), xml_(xml) {
    starts_.push_back(0);
    for (size_t at = 0; (at = content_.find('\n', at)) != std::string_view::npos; ++at) {
      starts_.push_back(at + 1);
    }
    if (!xml_) columns_ = CsvColumns(content_);
  }

  // `field` = value for each field found at `location` ("line" or "line:column").
  json Values(std::string_view location, const std::vector<std::string>& fields) const {
    json out = json::array();
    size_t line = 0;
    auto [end, ec] = std::from_chars(location.data(), location.data() + location.size(), line);
    if (ec != std::errc() || line == 0 || line > starts_.size()) return out;
    std::string_view text = Line(line - 1);
    if (xml_ && text.size() > 4096) return out;  // a file on one line says nothing by line
    std::vector<std::string> cells;
    if (!xml_) cells = CsvCells(text);
    for (const std::string& field : fields) {
      std::optional<std::string> value = xml_ ? XmlValue(text, field) : CsvValue(cells, field);
      if (value) out.push_back({{"field", field}, {"value", *value}});
    }
    return out;
  }

 private:
  std::string_view Line(size_t index) const {
    const size_t begin = starts_[index];
    const size_t end = index + 1 < starts_.size() ? starts_[index + 1] - 1 : content_.size();
    return content_.substr(begin, end - begin);
  }

  static std::optional<std::string> XmlValue(std::string_view line, const std::string& field) {
    const std::string open = "<" + field + ">";
    const auto at = line.find(open);
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view rest = line.substr(at + open.size());
    return std::string(rest.substr(0, rest.find('<')));
  }

  std::optional<std::string> CsvValue(const std::vector<std::string>& cells,
                                      const std::string& field) const {
    auto column = std::ranges::find(columns_, field);
    if (column == columns_.end()) return std::nullopt;
    const auto index = static_cast<size_t>(column - columns_.begin());
    return index < cells.size() ? cells[index] : std::string();
  }

  std::string_view content_;
  bool xml_;
  std::vector<size_t> starts_;
  std::vector<std::string> columns_;
};

// ---- the check job -------------------------------------------------------------------

struct CheckInput {
  Return kind = Return::kCin;
  int year = 0;
  Uploads files;
};

json FindingJson(const returns::Finding& finding, const ValueReader* reader) {
  return {{"rule", finding.rule},
          {"severity", returns::SeverityName(finding.severity)},
          {"child", finding.la_child_id},
          {"file", finding.file},
          {"location", finding.location},
          {"fields", finding.fields},
          {"values",
           reader != nullptr ? reader->Values(finding.location, finding.fields) : json::array()},
          {"message", finding.message}};
}

// What the findings page shows, from the validator's reports: the counts of
// every finding, and the findings themselves (at most kFindingsKeptPerRule
// of a rule), each with the values it points at.
json CheckJson(const CheckInput& input, const std::vector<returns::FileReport>& reports,
               const std::vector<std::string>& notes, size_t skipped_rules) {
  const returns::ValidationSummary summary = returns::Summarise(reports);
  std::map<std::string, std::unique_ptr<ValueReader>> readers;
  for (const Upload& file : input.files) {
    readers[file.name] = std::make_unique<ValueReader>(
        file.content, input.kind == Return::kCin || returns::LooksLikeXml(file.content));
  }
  json files = json::array();
  json findings = json::array();
  json unreadable = nullptr;
  std::map<std::string, size_t> kept;
  std::map<std::string, std::string> severity_of;
  for (const returns::FileReport& report : reports) {
    files.push_back({{"name", report.file}, {"children", report.children}});
    if (report.unreadable)
      unreadable = fmt::format("{}: {}", report.file, report.unreadable->message());
    auto reader = readers.find(report.file);
    for (const returns::Finding& finding : report.findings) {
      severity_of.emplace(finding.rule, returns::SeverityName(finding.severity));
      if (++kept[finding.rule] > kFindingsKeptPerRule || findings.size() >= kFindingsKept) continue;
      findings.push_back(
          FindingJson(finding, reader == readers.end() ? nullptr : reader->second.get()));
    }
  }
  json by_rule = json::array();
  for (const auto& [rule, count] : summary.by_rule) {
    by_rule.push_back({{"rule", rule}, {"count", count}, {"severity", severity_of[rule]}});
  }
  json names = json::array();
  for (const Upload& file : input.files) names.push_back(file.name);
  return {{"return", Info(input.kind).slug},
          {"year", input.year},
          {"file_names", names},
          {"files", files},
          {"unreadable", unreadable},
          {"children", summary.children},
          {"errors", summary.errors},
          {"queries", summary.queries},
          {"by_rule", by_rule},
          {"findings", findings},
          {"skipped_rules", skipped_rules},
          {"notes", notes}};
}

core::Result<std::vector<returns::FileReport>> CheckCin(const CheckInput& input,
                                                        const core::WorkingCalendar* calendar,
                                                        api::Progress& progress) {
  const Upload& file = input.files.front();
  const auto total = static_cast<int64_t>(file.content.size());
  returns::CinValidateOptions options;
  options.calendar = calendar;
  options.progress = [&](uint64_t bytes) {
    progress.Report(static_cast<int64_t>(bytes), total, "checking the file");
  };
  progress.Report(0, total, "checking the file");
  std::vector<returns::FileReport> reports;
  reports.push_back(returns::ValidateCinBytes(file.content, file.name, options));
  return reports;
}

// The authority's ONS code, as the import finds it: the database's own.
core::Result<std::string> AuthorityCode(store::Database& db) {
  store::JourneyStore journey(db);
  SG_ASSIGN_OR_RETURN(auto la, journey.GetSetting("la_number"));
  if (!la || la->empty()) return std::string();
  return returns::ResolveAuthority(*la);
}

core::Result<std::vector<returns::FileReport>> CheckLac(const CheckInput& input,
                                                        store::Database& db,
                                                        api::Progress& progress,
                                                        std::vector<std::string>& notes,
                                                        size_t& skipped_rules) {
  constexpr int64_t kSteps = 3;
  progress.Report(0, kSteps, "reading the files");
  returns::LacReturn lac;
  lac.collection_year = input.year;
  SG_ASSIGN_OR_RETURN(lac.la_code, AuthorityCode(db));
  std::vector<returns::LacSourceFile> sources;
  for (const Upload& file : input.files) sources.push_back({file.name, file.content});
  returns::LacReadReport read_report;
  auto read = returns::ReadLacFiles(sources, lac, &read_report);
  notes = read_report.notes;
  if (!read) {
    returns::FileReport failed;
    failed.file = sources[std::min(read_report.failed_file, sources.size() - 1)].name;
    failed.collection_year = input.year;
    failed.unreadable = read.error();
    return std::vector<returns::FileReport>{std::move(failed)};
  }
  progress.Report(1, kSteps, "checking the rules");
  returns::LacValidateOptions options;
  options.la_code = lac.la_code;
  returns::LacValidation validation = returns::ValidateLac(lac, nullptr, options);
  skipped_rules = validation.skipped_rules.size();
  return std::move(validation.reports);
}

core::Result<api::JobOutput> RunCheck(const CheckInput& input, store::Database& db,
                                      const core::WorkingCalendar* calendar,
                                      api::Progress& progress) {
  std::vector<std::string> notes;
  size_t skipped_rules = 0;
  SG_ASSIGN_OR_RETURN(auto reports, input.kind == Return::kCin
                                        ? CheckCin(input, calendar, progress)
                                        : CheckLac(input, db, progress, notes, skipped_rules));
  CheckInput resolved = input;
  if (resolved.year == 0 && !reports.empty()) resolved.year = reports.front().collection_year;
  json check = CheckJson(resolved, reports, notes, skipped_rules);
  progress.Report(1, 1, "checked");
  SG_ASSIGN_OR_RETURN(auto path, WriteCheckFile(check, input.files));
  api::JobOutput out;
  out.summary_json =
      json{{"return", check["return"]},     {"year", check["year"]},
           {"children", check["children"]}, {"errors", check["errors"]},
           {"queries", check["queries"]},   {"readable", check["unreadable"].is_null()}}
          .dump(-1, ' ', false, json::error_handler_t::replace);
  out.result_file = path.string();
  out.result_content_type = "application/x-tar";
  out.result_name = fmt::format("{}-check.tar", Info(input.kind).slug);
  return out;
}

core::Result<int64_t> SubmitCheck(api::Call& call, CheckInput input) {
  auto shared = std::make_shared<const CheckInput>(std::move(input));
  const core::WorkingCalendar* calendar = &call.calendar;
  return call.jobs.Submit(
      call.actor(), CheckKind(shared->kind),
      [shared, calendar](store::Database& db, const access::Actor&, api::Progress& progress) {
        return RunCheck(*shared, db, calendar, progress);
      });
}

// ---- GET /returns, POST /returns/{cin,ssda903} ---------------------------------------------

// What each return's upload form says and accepts.
struct UploadWords {
  Return kind;
  std::string_view intro;
  std::string_view year_hint;
  int first_year;
  int last_year;
  // The file names its year: the select offers "the year written in the
  // file" and starts there (else at the collection year that ended last).
  bool year_in_file;
  std::string_view file_label;
  std::string_view file_hint;
  std::string_view accept;
  bool multiple;  // several files at once (SSDA903's CSV tables)
  std::string_view button;
};

constexpr std::array<UploadWords, 2> kUploadWords = {{
    {Return::kCin,
     "The census of children in need, as an XML file in the Department for Education's format.",
     "The year the census covers, from 1 April to 31 March", returns::kFirstCinYear,
     returns::kLastCinYear, true, "Upload the CIN census file", "An XML file, up to 64MB",
     ".xml,application/xml,text/xml", false, "Check the file"},
    {Return::kSsda903,
     "The return of children looked after: its CSV files (header, episodes, reviews and the "
     "others), or the whole return as one XML file.",
     "The year the return covers, from 1 April to 31 March", returns::kFirstLacYear,
     returns::kLastLacYear, false, "Upload the SSDA903 files",
     "Select all the CSV files at once, or the one XML file",
     ".csv,.xml,text/csv,application/xml,text/xml", true, "Check the files"},
}};

// One return's form, with what was typed (`form`, when shown again).
json UploadForm(const UploadWords& words, const http::Form* form, const FormErrors& errors,
                int latest_year) {
  const ReturnInfo& info = Info(words.kind);
  const json all = errors.Json();
  std::string year = words.year_in_file ? "" : std::to_string(latest_year);
  if (form != nullptr && form->Has(info.year_field)) year = form->Get(info.year_field);
  return {
      {"heading", info.title},
      {"id", info.slug},
      {"action", fmt::format("/returns/{}", info.slug)},
      {"intro", words.intro},
      {"year", ChoiceField(std::string(info.year_field), "Collection year",
                           YearOptions(words.first_year, words.last_year, year, words.year_in_file),
                           errors, std::string(words.year_hint))},
      {"file",
       {{"id", info.file_field},
        {"label", words.file_label},
        {"hint", words.file_hint},
        {"accept", words.accept},
        {"multiple", words.multiple},
        {"error", all.contains(info.file_field) ? all[std::string(info.file_field)] : json()}}},
      {"button", words.button}};
}

http::Response UploadPage(const api::Call& call, const http::Form* form, const FormErrors& errors,
                          int status) {
  const int latest = LatestEndedYear(call.clock.Today());
  json forms = json::array();
  for (const UploadWords& words : kUploadWords) {
    forms.push_back(UploadForm(words, form, errors, latest));
  }
  View view;
  view.title = "Data returns";
  view.template_name = "returns_upload";
  view.section = Section::kReturns;
  view.status = status;
  view.errors = &errors;
  view.data = {{"forms", forms}};
  return Render(call, std::move(view));
}

core::Result<http::Response> GetReturns(api::Call& call) {
  SG_RETURN_IF_ERROR(MayImport(call));
  return UploadPage(call, nullptr, FormErrors(), 200);
}

core::Result<http::Response> PostCheck(api::Call& call, Return kind) {
  SG_RETURN_IF_ERROR(MayImport(call));
  SG_ASSIGN_OR_RETURN(http::Form form, ReadForm(call));
  const ReturnInfo& info = Info(kind);
  FormErrors errors;
  const std::string year_text = form.Get(info.year_field);
  std::optional<int> year;
  if (kind == Return::kCin) {
    if (!year_text.empty()) {
      year = ParseYear(year_text, returns::kFirstCinYear, returns::kLastCinYear);
      if (!year) errors.Add(std::string(info.year_field), "Select a collection year from the list");
    }
  } else {
    year = ParseYear(year_text, returns::kFirstLacYear, returns::kLastLacYear);
    if (!year) errors.Add(std::string(info.year_field), "Select the collection year");
  }
  Uploads files = FilesOf(form, info.file_field);
  if (kind == Return::kCin) {
    if (auto file_year = CheckCinUpload(files, year, errors)) year = file_year;
  } else {
    CheckLacUpload(files, errors);
  }
  if (!errors.empty()) return UploadPage(call, &form, errors, 400);
  SG_ASSIGN_OR_RETURN(int64_t job, SubmitCheck(call, {kind, year.value_or(0), std::move(files)}));
  return SeeOther(fmt::format("/jobs/{}", job));
}

}  // namespace
}  // namespace sg::pages::return_view

namespace sg::pages {

void AddReturnPages(api::RouteTable& routes) {
  using return_view::Return;
  routes.Add("GET", "/returns", Page(return_view::GetReturns));
  routes.Add("POST", "/returns/cin",
             Page([](api::Call& call) { return return_view::PostCheck(call, Return::kCin); }));
  routes.Add("POST", "/returns/ssda903",
             Page([](api::Call& call) { return return_view::PostCheck(call, Return::kSsda903); }));
  AddJobPages(routes);
}

}  // namespace sg::pages
