// After a return's upload: a job's progress page, a check's findings and
// the import of the checked file; and the check's file itself.
//
//   GET  /returns/{id}/findings       the findings of check job {id} (paged)
//   POST /returns/{id}/import         import the file checked by job {id} -> 303 /jobs/{id}
//   GET  /jobs/{id}                   a job's progress, then its outcome
//   GET  /jobs/{id}/result            a job's file (the report), downloaded
//
// Design. Every long piece of work (a check, an import, the annual report)
// is a job of api::Jobs, and leads to /jobs/{id}, which shows its progress
// and then its outcome. A check's upload survives between "check" and
// "import" as the check job's result: one private file (0600) holding the
// findings and the uploaded bytes, which api::Jobs keeps under its own
// directory, shows only to the user who submitted the job, and removes an
// hour after the job ended. The file is a POSIX tar (findings.json first,
// then upload/<name> for each file as uploaded), so downloading it gives
// something a person can open. The import form names the check job by its
// id; the server finds the bytes through Jobs::Result, never through a path
// the browser sent.
//
// Importing is the API's own import (POST /api/v1/imports/cin|ssda903 in
// api/routes_jobs.cc): the page calls that route's handler in process
// (CallApiRaw) with the checked bytes, so a page import and an API import
// are one code path (the same job, the same progress, the same summary).
// Likewise the result download is the API's GET /api/v1/jobs/{id}/result.
//
// Who: the Policy's kImportReturn for the findings and the import; anyone
// for /jobs/{id}, since Jobs shows a job only to the user who submitted it
// (others get 404). Analysts and administrators never see a child's record,
// so a finding names its child by the reference in the file; a link to the
// child appears only for a user the Gate clears to read that child's record.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/policy.h"
#include "api/jobs.h"
#include "api/paging.h"
#include "pages/api_call.h"
#include "pages/page.h"
#include "pages/returns_view.h"
#include "store/journey_store.h"

namespace sg::pages::return_view {

using core::Code;
using core::Fail;
using nlohmann::json;

namespace {

constexpr int64_t kFindingsPerPage = 50;
constexpr std::string_view kFindingsEntry = "findings.json";
constexpr std::string_view kUploadPrefix = "upload/";

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

}  // namespace

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

namespace {

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
    // Which child the reference names: looked up through the Gate (a note
    // left empty records nothing), then cleared like any read.
    std::optional<store::Person> person;
    SG_RETURN_IF_ERROR(call_.gate.Run(
        call_.actor(), access::Action::kReadRecord, [&](access::AuditNote&) -> core::Status {
          SG_ASSIGN_OR_RETURN(person,
                              store::JourneyStore(call_.db).FindPersonByLaChildId(la_child_id));
          return {};
        }));
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

// An import's summary (api/routes_jobs.cc's CinSummaryJson, LacSummaryJson)
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
                                                                   : Capitalised(status.stage);
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
}  // namespace sg::pages::return_view

namespace sg::pages {

void AddJobPages(api::RouteTable& routes) {
  routes.Add("GET", "/returns/{id}/findings", Page(return_view::GetFindings));
  routes.Add("POST", "/returns/{id}/import", Page(return_view::PostImport));
  routes.Add("GET", "/jobs/{id}", Page(return_view::GetJob));
  routes.Add("GET", "/jobs/{id}/result", Page(return_view::GetJobResult));
}

}  // namespace sg::pages
