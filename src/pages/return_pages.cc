// Return pages: a partnership analyst checks a statutory return (the CIN
// census, or the SSDA903 return of children looked after) against the
// Department for Education's rules, reads the findings, and imports the
// file into the records; and the job pages every long piece of work leads
// to (a check, an import, the annual report).
//
//   GET  /returns                     the two upload forms
//   POST /returns/cin                 check a CIN census file   -> 303 /jobs/{id}
//   POST /returns/ssda903             check an SSDA903 return   -> 303 /jobs/{id}
//   GET  /returns/{id}/findings       the findings of check job {id} (paged)
//   POST /returns/{id}/import         import the file checked by job {id} -> 303 /jobs/{id}
//   GET  /jobs/{id}                   a job's progress, then its outcome
//   GET  /jobs/{id}/result            a job's file (the report), downloaded
//
// Design.
//
// Checking is a job. Validating a 60 MB census takes seconds; page handlers
// run on the database thread, which every signed-in user shares, so the
// page only checks what is cheap (a file was chosen, it is XML or CSV, it is
// the return the form is for, the year agrees) and hands the rest to the
// job thread (api::Jobs), whose progress the job page shows.
//
// The upload survives between "check" and "import" as the check job's
// result: one private file (0600) holding the findings and the uploaded
// bytes, which api::Jobs keeps under its own directory, shows only to the
// user who submitted the job, and removes an hour after the job ended. The
// file is a POSIX tar (findings.json first, then upload/<name> for each file
// as uploaded), so downloading it gives something a person can open. The
// import form names the check job by its id; the server finds the bytes
// through Jobs::Result, never through a path the browser sent.
//
// Importing is the API's own import (POST /api/v1/imports/cin|ssda903 in
// api/routes_work.cc): the page calls that route's handler with the checked
// bytes, so a page import and an API import are one code path (the same
// job, the same progress, the same summary). Likewise the result download
// is the API's GET /api/v1/jobs/{id}/result handler. Until api/ offers
// those as functions in a header, the handlers are found in the API's route
// table (ApiRoute below).
//
// Who: the Policy's kImportReturn (partnership analysts, administrators)
// for the return pages; anyone for /jobs/{id}, since Jobs shows a job only
// to the user who submitted it (others get 404). Analysts and
// administrators never see a child's record, so a finding names its child
// by the reference in the file; a link to the child appears only for a user
// the Gate clears to read that child's record.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
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
#include "api/paging.h"
#include "pages/api_call.h"
#include "pages/page.h"
#include "pages/pages.h"
#include "returns/cin_reader.h"
#include "returns/cin_schemas.h"
#include "returns/cin_validator.h"
#include "returns/findings.h"
#include "returns/ssda903_places.h"
#include "returns/ssda903_reader.h"
#include "returns/ssda903_tables.h"
#include "returns/ssda903_validator.h"
#include "store/journey_store.h"

namespace sg::pages {
namespace {

using core::Code;
using core::Fail;
using nlohmann::json;

constexpr int64_t kFindingsPerPage = 50;
// A return with many problems repeats a few rules thousands of times; the
// check keeps this many findings of each rule (and counts them all).
constexpr size_t kFindingsKeptPerRule = 500;
constexpr size_t kFindingsKept = 20'000;
constexpr std::string_view kFindingsEntry = "findings.json";
constexpr std::string_view kUploadPrefix = "upload/";

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

const ReturnInfo& Info(Return kind) {
  return kReturns[kind == Return::kCin ? 0 : 1];
}

std::string CheckKind(Return kind) {
  return fmt::format("check-{}", Info(kind).slug);
}

std::optional<Return> ReturnOfCheck(std::string_view job_kind) {
  for (const ReturnInfo& info : kReturns) {
    if (job_kind == CheckKind(info.kind)) return info.kind;
  }
  return std::nullopt;
}

// ---- collection years ----------------------------------------------------------

// A return's collection year is named by its end: 2025 is 1 April 2024 to
// 31 March 2025.
std::string YearText(int year) {
  return fmt::format("{} to {}", year - 1, year);
}

// The collection year that ended most recently: the one a return is made for.
int LatestEndedYear(core::Date today) {
  return today.month() >= 4 ? today.year() : today.year() - 1;
}

json YearOptions(int first, int last, const std::string& selected, bool with_file_year) {
  std::vector<std::pair<std::string, std::string>> values;
  if (with_file_year) values.emplace_back("", "The year written in the file");
  for (int year = last; year >= first; --year) {
    values.emplace_back(std::to_string(year), YearText(year));
  }
  return Options(values, {selected});
}

std::optional<int> ParseYear(std::string_view text, int first, int last) {
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

// ---- the check's file: a tar of findings.json and the uploads -----------------------

constexpr size_t kBlock = 512;

std::string TarHeader(std::string_view name, uint64_t size) {
  std::string header(kBlock, '\0');
  auto put = [&](size_t at, std::string_view text) { header.replace(at, text.size(), text); };
  put(0, name.substr(0, 99));
  put(100, "0000600");
  put(108, "0000000");
  put(116, "0000000");
  put(124, fmt::format("{:011o}", size));
  put(136, "00000000000");
  put(148, "        ");
  put(156, "0");
  put(257, std::string_view("ustar\0"
                            "00",
                            8));
  unsigned sum = 0;
  for (char c : header) sum += static_cast<unsigned char>(c);
  put(148, fmt::format("{:06o}", sum));
  header[154] = '\0';
  return header;
}

std::string TarPadding(uint64_t size) {
  return std::string(static_cast<size_t>((kBlock - size % kBlock) % kBlock), '\0');
}

// A new private file (0600) for a job's result, under the temporary
// directory; api::Jobs moves it under its own directory.
core::Result<std::filesystem::path> PrivateFile(std::string_view suffix) {
  std::error_code error;
  auto base = std::filesystem::temp_directory_path(error);
  if (error) return Fail(Code::kUnavailable, "there is no temporary directory for the check");
  std::string pattern = (base / "safeguard-check-XXXXXX").string() + std::string(suffix);
  const int fd = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));
  if (fd < 0) return Fail(Code::kUnavailable, "cannot make a file for the check");
  ::close(fd);
  return std::filesystem::path(pattern);
}

core::Result<std::filesystem::path> WriteCheckFile(const json& findings, const Uploads& files) {
  SG_ASSIGN_OR_RETURN(auto path, PrivateFile(".tar"));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  auto entry = [&](std::string_view name, std::string_view content) {
    out << TarHeader(name, content.size());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out << TarPadding(content.size());
  };
  entry(kFindingsEntry, findings.dump(-1, ' ', false, json::error_handler_t::replace));
  for (const Upload& file : files) entry(std::string(kUploadPrefix) + file.name, file.content);
  out << std::string(2 * kBlock, '\0');
  out.close();
  if (!out) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return Fail(Code::kUnavailable, "cannot keep the checked file");
  }
  return path;
}

// The entries of a check's file, in order; with `first_only`, findings.json
// alone (the findings page does not need the uploads).
core::Result<std::vector<std::pair<std::string, std::string>>> ReadCheckFile(
    const std::string& path, bool first_only) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Code::kNotFound, "the checked file is no longer kept: check it again");
  std::vector<std::pair<std::string, std::string>> entries;
  std::string header(kBlock, '\0');
  while (in.read(header.data(), kBlock)) {
    if (header[0] == '\0') break;
    if (header.compare(257, 5, "ustar") != 0) break;
    std::string name(header.data(), ::strnlen(header.data(), 100));
    uint64_t size = 0;
    std::from_chars(header.data() + 124, header.data() + 135, size, 8);
    std::string content(static_cast<size_t>(size), '\0');
    if (!in.read(content.data(), static_cast<std::streamsize>(size))) break;
    in.ignore(static_cast<std::streamsize>(TarPadding(size).size()));
    entries.emplace_back(std::move(name), std::move(content));
    if (first_only) break;
  }
  if (entries.empty() || entries.front().first != kFindingsEntry) {
    return Fail(Code::kDataLoss, "the checked file cannot be read: check the file again");
  }
  return entries;
}

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

// ---- the API's own handlers ------------------------------------------------------------


// POST /api/v1/imports/{cin,ssda903} with the checked files; the new job's id.
core::Result<int64_t> StartImport(api::Call& call, Return kind, int year, const Uploads& files) {
  http::Response answer;
  if (kind == Return::kCin) {
    SG_ASSIGN_OR_RETURN(answer, CallApiRaw(call, "POST", "/api/v1/imports/cin", "application/xml",
                                         files.front().content));
  } else {
    json named = json::object();
    for (const Upload& file : files) named[file.name] = file.content;
    const json body = {{"year", year}, {"files", named}};
    SG_ASSIGN_OR_RETURN(answer,
                        CallApiRaw(call, "POST", "/api/v1/imports/ssda903", "application/json",
                                 body.dump(-1, ' ', false, json::error_handler_t::replace)));
  }
  json accepted = json::parse(answer.body, nullptr, false);
  if (answer.status != 202 || !accepted.is_object() || !accepted.contains("job")) {
    std::string detail = accepted.is_object() && accepted.contains("detail")
                             ? accepted["detail"].get<std::string>()
                             : std::string("the import could not start");
    return Fail(answer.status == 503 ? Code::kUnavailable : Code::kInvalidArgument, detail);
  }
  return accepted["job"]["id"].get<int64_t>();
}

// ---- access ------------------------------------------------------------------------------

core::Status MayImport(const api::Call& call) {
  return access::Policy().Decide(call.actor(), access::Action::kImportReturn);
}

// ---- GET /returns, POST /returns/{cin,ssda903} ---------------------------------------------

json FileInput(const ReturnInfo& info, const FormErrors& errors, std::string label,
               std::string hint, std::string accept, bool multiple) {
  json all = errors.Json();
  const std::string id(info.file_field);
  return {{"id", id},
          {"label", std::move(label)},
          {"hint", std::move(hint)},
          {"accept", std::move(accept)},
          {"multiple", multiple},
          {"error", all.contains(id) ? all[id] : json(nullptr)}};
}

http::Response UploadPage(const api::Call& call, const http::Form* form, const FormErrors& errors,
                          int status) {
  const int latest = LatestEndedYear(call.clock.Today());
  auto typed = [&](std::string_view field, std::string fallback) {
    return form != nullptr && form->Has(field) ? form->Get(field) : fallback;
  };
  const ReturnInfo& cin = Info(Return::kCin);
  const ReturnInfo& lac = Info(Return::kSsda903);
  json forms = json::array();
  forms.push_back(
      {{"heading", cin.title},
       {"id", cin.slug},
       {"action", "/returns/cin"},
       {"intro",
        "The census of children in need, as an XML file in the Department for "
        "Education's format."},
       {"year", ChoiceField(std::string(cin.year_field), "Collection year",
                            YearOptions(returns::kFirstCinYear, returns::kLastCinYear,
                                        typed(cin.year_field, ""), true),
                            errors, "The year the census covers, from 1 April to 31 March")},
       {"file", FileInput(cin, errors, "Upload the CIN census file", "An XML file, up to 64MB",
                          ".xml,application/xml,text/xml", false)},
       {"button", "Check the file"}});
  forms.push_back(
      {{"heading", lac.title},
       {"id", lac.slug},
       {"action", "/returns/ssda903"},
       {"intro",
        "The return of children looked after: its CSV files (header, episodes, "
        "reviews and the others), or the whole return as one XML file."},
       {"year", ChoiceField(std::string(lac.year_field), "Collection year",
                            YearOptions(returns::kFirstLacYear, returns::kLastLacYear,
                                        typed(lac.year_field, std::to_string(latest)), false),
                            errors, "The year the return covers, from 1 April to 31 March")},
       {"file", FileInput(lac, errors, "Upload the SSDA903 files",
                          "Select all the CSV files at once, or the one XML file",
                          ".csv,.xml,text/csv,application/xml,text/xml", true)},
       {"button", "Check the files"}});
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

// ---- GET /returns/{id}/findings, POST /returns/{id}/import ------------------------------------

struct CheckedFile {
  Return kind = Return::kCin;
  api::JobStatus status;
  std::string path;  // the check's file, under the jobs directory
};

// The check job `id` of the caller, finished; kNotFound for another job.
core::Result<std::optional<CheckedFile>> FindCheck(api::Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t id, api::IdParam(call.params, "id", "check"));
  SG_ASSIGN_OR_RETURN(api::JobStatus status, call.jobs.Status(call.actor(), id));
  auto kind = ReturnOfCheck(status.kind);
  if (!kind) return Fail(Code::kNotFound, fmt::format("job {} is not the check of a return", id));
  if (status.state != api::JobState::kSucceeded) return std::optional<CheckedFile>();
  SG_ASSIGN_OR_RETURN(api::JobOutput output, call.jobs.Result(call.actor(), id));
  return std::optional<CheckedFile>(CheckedFile{*kind, status, output.result_file.value_or("")});
}

// Whether the caller may follow a finding to its child: the Policy first
// (analysts and administrators never read a record, and asking the Gate
// about each child would only fill the log with refusals), then the Gate.
class ChildLinks {
 public:
  explicit ChildLinks(api::Call& call)
      : call_(call),
        may_read_(access::Policy().Decide(call.actor(), access::Action::kReadRecord).has_value()) {}

  core::Result<std::optional<store::Id>> Find(const std::string& la_child_id) {
    if (!may_read_ || la_child_id.empty()) return std::optional<store::Id>();
    if (auto known = known_.find(la_child_id); known != known_.end()) return known->second;
    store::JourneyStore journey(call_.db);
    SG_ASSIGN_OR_RETURN(auto person, journey.FindPersonByLaChildId(la_child_id));
    std::optional<store::Id> link;
    if (person && call_.gate.Clear(call_.actor(), access::Action::kReadRecord, person->id)) {
      link = person->id;
    }
    known_.emplace(la_child_id, link);
    return link;
  }

 private:
  api::Call& call_;
  bool may_read_;
  std::map<std::string, std::optional<store::Id>> known_;
};

struct FindingsQuery {
  int64_t page = 1;
  std::string rule;  // only this rule's findings, when set
};

core::Result<FindingsQuery> ReadFindingsQuery(const http::Request& request) {
  FindingsQuery query;
  if (auto page = request.Query("page")) {
    auto [end, ec] = std::from_chars(page->data(), page->data() + page->size(), query.page);
    if (ec != std::errc() || end != page->data() + page->size() || query.page < 1) {
      return Fail(Code::kNotFound, "there is no such page of findings");
    }
  }
  if (auto rule = request.Query("rule")) query.rule = std::string(*rule);
  return query;
}

std::string FindingsHref(int64_t id, const FindingsQuery& query, int64_t page) {
  std::string href = fmt::format("/returns/{}/findings?page={}", id, page);
  if (!query.rule.empty()) href += "&rule=" + http::UrlEncode(query.rule);
  return href;
}

// GOV.UK pagination: previous, the pages near this one with ellipses, next.
json Pagination(int64_t id, const FindingsQuery& query, int64_t pages) {
  json items = json::array();
  bool gap = false;
  for (int64_t page = 1; page <= pages; ++page) {
    const bool near =
        page == 1 || page == pages || (page >= query.page - 1 && page <= query.page + 1);
    if (!near) {
      if (!gap) {
        items.push_back({{"ellipsis", true}, {"number", 0}, {"href", ""}, {"current", false}});
      }
      gap = true;
      continue;
    }
    gap = false;
    items.push_back({{"ellipsis", false},
                     {"number", page},
                     {"href", FindingsHref(id, query, page)},
                     {"current", page == query.page}});
  }
  return {{"items", items},
          {"previous", query.page > 1 ? json(FindingsHref(id, query, query.page - 1)) : json()},
          {"next", query.page < pages ? json(FindingsHref(id, query, query.page + 1)) : json()}};
}

core::Result<json> FindingRow(const json& finding, bool several_files, ChildLinks& links) {
  const std::string child = finding["child"].get<std::string>();
  SG_ASSIGN_OR_RETURN(auto person, links.Find(child));
  json values = finding["values"];
  for (auto& value : values) value["blank"] = value["value"].get<std::string>().empty();
  const std::string location = finding["location"].get<std::string>();
  const std::string line = location.substr(0, location.find(':'));
  std::string where;
  if (!line.empty()) where = fmt::format("{}ine {}", several_files ? "l" : "L", line);
  if (several_files)
    where = finding["file"].get<std::string>() + (where.empty() ? "" : ", " + where);
  return json{{"rule", finding["rule"]},
              {"is_error", finding["severity"] == "error"},
              {"message", finding["message"]},
              {"child", child.empty() ? json() : json(child)},
              {"child_href", person ? json(ChildPath(*person)) : json()},
              {"fields", finding["fields"]},
              {"has_fields", !finding["fields"].empty()},
              {"values", values},
              {"has_values", !values.empty()},
              {"several", finding["fields"].size() > 1},
              {"where", where}};
}

std::string CheckedText(const json& names) {
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) list += i + 1 == names.size() ? " and " : ", ";
    list += names[i].get<std::string>();
  }
  return fmt::format("The file{} checked: {}.", names.size() == 1 ? "" : "s", list);
}

std::string SkippedText(size_t skipped) {
  if (skipped == 0) return "";
  return fmt::format(
      "{} rule{} could not be checked, because the table{} they check {} not "
      "among the files.",
      skipped, skipped == 1 ? "" : "s", skipped == 1 ? "" : "s", skipped == 1 ? "was" : "were");
}

core::Result<http::Response> GetFindings(api::Call& call) {
  SG_RETURN_IF_ERROR(MayImport(call));
  SG_ASSIGN_OR_RETURN(auto checked, FindCheck(call));
  SG_ASSIGN_OR_RETURN(int64_t id, api::IdParam(call.params, "id", "check"));
  if (!checked) return SeeOther(fmt::format("/jobs/{}", id));
  SG_ASSIGN_OR_RETURN(FindingsQuery query, ReadFindingsQuery(call.request));
  SG_ASSIGN_OR_RETURN(auto entries, ReadCheckFile(checked->path, true));
  json check = json::parse(entries.front().second, nullptr, false);
  if (!check.is_object()) return Fail(Code::kDataLoss, "the check's findings cannot be read");

  std::vector<const json*> chosen;
  for (const json& finding : check["findings"]) {
    if (query.rule.empty() || finding["rule"] == query.rule) chosen.push_back(&finding);
  }
  const int64_t total = static_cast<int64_t>(chosen.size());
  const int64_t pages = std::max<int64_t>(1, (total + kFindingsPerPage - 1) / kFindingsPerPage);
  if (query.page > pages) return Fail(Code::kNotFound, "there is no such page of findings");
  ChildLinks links(call);
  json rows = json::array();
  const int64_t first = (query.page - 1) * kFindingsPerPage;
  for (int64_t i = first; i < std::min(total, first + kFindingsPerPage); ++i) {
    SG_ASSIGN_OR_RETURN(json row, FindingRow(*chosen[static_cast<size_t>(i)],
                                             check["file_names"].size() > 1, links));
    rows.push_back(std::move(row));
  }
  json by_rule = check["by_rule"];
  for (auto& rule : by_rule) {
    rule["href"] = fmt::format("/returns/{}/findings?rule={}", id,
                               http::UrlEncode(rule["rule"].get<std::string>()));
    rule["is_error"] = rule["severity"] == "error";
  }
  const Return kind = checked->kind;
  const int year = check["year"].get<int>();
  const uint64_t all = check["errors"].get<uint64_t>() + check["queries"].get<uint64_t>();
  json data = {{"caption", fmt::format("{} {}", Info(kind).name, year > 0 ? YearText(year) : "")},
               {"checked_text", CheckedText(check["file_names"])},
               {"unreadable", check["unreadable"]},
               {"readable", check["unreadable"].is_null()},
               {"children", check["children"]},
               {"error_count", check["errors"]},
               {"query_count", check["queries"]},
               {"has_errors_found", check["errors"].get<uint64_t>() > 0},
               {"by_rule", by_rule},
               {"has_findings", all > 0},
               {"kept_fewer", check["findings"].size() < all},
               {"kept_per_rule", kFindingsKeptPerRule},
               {"skipped_text", SkippedText(check["skipped_rules"].get<size_t>())},
               {"notes", check["notes"]},
               {"has_notes", !check["notes"].empty()},
               {"rule", query.rule.empty() ? json() : json(query.rule)},
               {"all_href", fmt::format("/returns/{}/findings", id)},
               {"rows", rows},
               {"has_rows", !rows.empty()},
               {"shown_from", total == 0 ? 0 : first + 1},
               {"shown_to", std::min(total, first + kFindingsPerPage)},
               {"shown_of", total},
               {"pagination", pages > 1 ? Pagination(id, query, pages) : json()},
               {"import_action", fmt::format("/returns/{}/import", id)}};
  View view;
  view.title = query.page > 1 ? fmt::format("Findings (page {} of {})", query.page, pages)
                              : std::string("Findings");
  view.template_name = "returns_findings";
  view.section = Section::kReturns;
  view.data = std::move(data);
  return Render(call, std::move(view));
}

core::Result<http::Response> PostImport(api::Call& call) {
  SG_RETURN_IF_ERROR(MayImport(call));
  SG_ASSIGN_OR_RETURN(auto checked, FindCheck(call));
  if (!checked) {
    return Fail(Code::kFailedPrecondition,
                "the file is still being checked: import it once the "
                "check has finished");
  }
  SG_ASSIGN_OR_RETURN(auto entries, ReadCheckFile(checked->path, false));
  json check = json::parse(entries.front().second, nullptr, false);
  if (!check.is_object() || !check["unreadable"].is_null()) {
    return Fail(Code::kFailedPrecondition,
                "the file could not be read, so it cannot be imported: correct it and check it "
                "again");
  }
  Uploads files;
  for (auto& [name, content] : entries) {
    if (name.starts_with(kUploadPrefix)) {
      files.push_back({name.substr(kUploadPrefix.size()), std::move(content)});
    }
  }
  if (files.empty()) return Fail(Code::kDataLoss, "the checked file holds no upload");
  SG_ASSIGN_OR_RETURN(int64_t job,
                      StartImport(call, checked->kind, check["year"].get<int>(), files));
  return SeeOther(fmt::format("/jobs/{}", job), "Import started");
}

// ---- GET /jobs/{id}, GET /jobs/{id}/result -----------------------------------------------------

struct JobWords {
  std::string_view kind;
  std::string_view caption;
  std::string_view running;    // heading while queued or running
  std::string_view succeeded;  // heading when done
  std::string_view failed;     // heading when it failed
  Section section;
};

constexpr std::array<JobWords, 5> kJobWords = {{
    {"check-cin", "Data returns", "Checking the CIN census file", "CIN census file checked",
     "The CIN census file could not be checked", Section::kReturns},
    {"check-ssda903", "Data returns", "Checking the SSDA903 return", "SSDA903 return checked",
     "The SSDA903 return could not be checked", Section::kReturns},
    {"import-cin", "Data returns", "Importing the CIN census", "CIN census imported",
     "The CIN census was not imported", Section::kReturns},
    {"import-ssda903", "Data returns", "Importing the SSDA903 return", "SSDA903 return imported",
     "The SSDA903 return was not imported", Section::kReturns},
    {"report-annual", "Scorecard and report", "Making the annual report", "Annual report ready",
     "The annual report could not be made", Section::kFigures},
}};

JobWords WordsFor(std::string_view kind) {
  for (const JobWords& words : kJobWords) {
    if (words.kind == kind) return words;
  }
  return {kind, "Job", "Working", "Done", "The job stopped", Section::kNone};
}

std::string Sentence(std::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

// An import's summary (api/routes_work.cc's CinSummaryJson, LacSummaryJson)
// as GOV.UK summary list rows, in plain words.
json ImportRows(const json& summary) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kLabels = {{
      {"files", "Files"},
      {"children", "Children"},
      {"referrals", "Referrals"},
      {"assessments", "Assessments"},
      {"cin_plans", "Child in need plans"},
      {"section47s", "Section 47 enquiries"},
      {"icpcs", "Initial child protection conferences"},
      {"cp_plans", "Child protection plans"},
      {"cp_reviews", "Child protection reviews"},
      {"episodes", "Care episodes"},
      {"reviews", "Care reviews"},
      {"rows_added", "Records added"},
      {"rows_updated", "Records updated"},
      {"warnings", "Values left out"},
      {"rows", "Rows read"},
  }};
  json rows = json::array();
  if (summary.contains("collection_year") && summary["collection_year"].is_number_integer()) {
    rows.push_back(
        {{"key", "Collection year"}, {"value", YearText(summary["collection_year"].get<int>())}});
  }
  for (const auto& [key_view, label] : kLabels) {
    const std::string key(key_view);
    if (summary.contains(key) && summary[key].is_number()) {
      rows.push_back({{"key", std::string(label)}, {"value", summary[key].dump()}});
    }
  }
  return rows;
}

json StringList(const json& summary, const std::string& key) {
  return summary.contains(key) && summary[key].is_array() ? summary[key] : json::array();
}

std::string CheckText(const json& summary) {
  if (!summary.contains("errors") || !summary.contains("queries")) return "";
  if (!summary.value("readable", true)) return "The file could not be read.";
  const auto errors = summary["errors"].get<uint64_t>();
  const auto queries = summary["queries"].get<uint64_t>();
  return fmt::format("The check found {} error{} and {} quer{}.", errors, errors == 1 ? "" : "s",
                     queries, queries == 1 ? "y" : "ies");
}

std::string DownloadText(std::string_view kind, const json& summary) {
  if (kind != "report-annual") return "Download the file";
  std::string format = summary.value("format", std::string());
  std::ranges::transform(format, format.begin(),
                         [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return format.empty() ? "Download the annual report"
                        : fmt::format("Download the annual report ({})", format);
}

json JobData(const api::JobStatus& status) {
  const JobWords words = WordsFor(status.kind);
  const bool running =
      status.state == api::JobState::kQueued || status.state == api::JobState::kRunning;
  const bool succeeded = status.state == api::JobState::kSucceeded;
  json summary = json::parse(status.summary_json, nullptr, false);
  if (!summary.is_object()) summary = json::object();
  const bool determinate = status.total > 0;
  const int64_t percent =
      determinate ? std::clamp<int64_t>(status.done * 100 / status.total, 0, 100) : 0;
  const std::string stage = status.state == api::JobState::kQueued ? "Waiting to start"
                            : status.stage.empty()                 ? "Starting"
                                                                   : Sentence(status.stage);
  const bool is_check = ReturnOfCheck(status.kind).has_value();
  const bool is_import = status.kind.starts_with("import-");
  const json warnings = StringList(summary, "first_warnings");
  const bool figures = words.section == Section::kFigures;
  return {
      {"id", status.id},
      {"state", api::JobStateName(status.state)},
      {"caption", std::string(words.caption)},
      {"heading", std::string(running     ? words.running
                              : succeeded ? words.succeeded
                                          : words.failed)},
      {"running", running},
      {"succeeded", succeeded},
      {"failed", status.state == api::JobState::kFailed},
      {"determinate", determinate},
      {"done", status.done},
      {"total", determinate ? status.total : 1},
      {"percent", percent},
      {"stage_text", determinate ? fmt::format("{}: {}% done", stage, percent) : stage},
      {"submitted", LongDateTime(status.submitted_at)},
      {"error", status.error ? json(std::string(status.error->message())) : json()},
      {"is_import", is_import},
      {"check_text", is_check ? CheckText(summary) : ""},
      {"findings_href", is_check ? json(fmt::format("/returns/{}/findings", status.id)) : json()},
      {"download_href", succeeded && status.has_result && !is_check
                            ? json(fmt::format("/jobs/{}/result", status.id))
                            : json()},
      {"download_text", DownloadText(status.kind, summary)},
      {"rows", is_import ? ImportRows(summary) : json::array()},
      {"warnings", warnings},
      {"has_warnings", !warnings.empty()},
      {"back_href", figures                              ? "/reports/annual"
                    : words.section == Section::kReturns ? "/returns"
                                                         : "/"},
      {"back_text", figures                              ? "Back to the annual report"
                    : words.section == Section::kReturns ? "Check and import another file"
                                                         : "Go to the start"}};
}

core::Result<http::Response> GetJob(api::Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t id, api::IdParam(call.params, "id", "job"));
  SG_ASSIGN_OR_RETURN(api::JobStatus status, call.jobs.Status(call.actor(), id));
  const JobWords words = WordsFor(status.kind);
  View view;
  view.data = JobData(status);
  view.title = view.data["heading"].get<std::string>();
  view.template_name = "jobs_progress";
  view.section = words.section;
  http::Response response = Render(call, std::move(view));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

core::Result<http::Response> GetJobResult(api::Call& call) {
  SG_ASSIGN_OR_RETURN(int64_t id, api::IdParam(call.params, "id", "job"));
  return CallApiRaw(call, "GET", fmt::format("/api/v1/jobs/{}/result", id), "", "");
}

}  // namespace

void AddReturnPages(api::RouteTable& routes) {
  routes.Add("GET", "/returns", Page(GetReturns));
  routes.Add("POST", "/returns/cin",
             Page([](api::Call& call) { return PostCheck(call, Return::kCin); }));
  routes.Add("POST", "/returns/ssda903",
             Page([](api::Call& call) { return PostCheck(call, Return::kSsda903); }));
  routes.Add("GET", "/returns/{id}/findings", Page(GetFindings));
  routes.Add("POST", "/returns/{id}/import", Page(PostImport));
  routes.Add("GET", "/jobs/{id}", Page(GetJob));
  routes.Add("GET", "/jobs/{id}/result", Page(GetJobResult));
}

}  // namespace sg::pages
