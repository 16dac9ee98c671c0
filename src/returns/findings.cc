#include "returns/findings.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sg::returns {
namespace {

using core::Code;
using core::Fail;

std::string Joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string HtmlEscaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

nlohmann::json SummaryJson(const ValidationSummary& summary) {
  nlohmann::json by_rule = nlohmann::json::object();
  for (const auto& [rule, count] : summary.by_rule) by_rule[rule] = count;
  return {{"files", summary.files},       {"unreadable_files", summary.unreadable_files},
          {"children", summary.children}, {"errors", summary.errors},
          {"queries", summary.queries},   {"by_rule", by_rule}};
}

std::string RenderJson(const std::vector<FileReport>& reports) {
  nlohmann::json findings = nlohmann::json::array();
  nlohmann::json files = nlohmann::json::array();
  for (const FileReport& report : reports) {
    nlohmann::json file = {{"file", report.file},         {"collection_year", report.collection_year},
                           {"ruleset", report.ruleset},   {"children", report.children},
                           {"bytes", report.bytes}};
    if (report.unreadable) {
      file["error"] = {{"code", core::CodeName(report.unreadable->code())},
                       {"message", report.unreadable->message()}};
    }
    if (report.findings_dropped > 0) file["findings_not_listed"] = report.findings_dropped;
    files.push_back(std::move(file));
    for (const Finding& f : report.findings) {
      findings.push_back({{"file", f.file},
                          {"rule", f.rule},
                          {"severity", SeverityName(f.severity)},
                          {"la_child_id", f.la_child_id},
                          {"location", f.location},
                          {"fields", f.fields},
                          {"message", f.message}});
    }
  }
  nlohmann::json out = {
      {"findings", std::move(findings)}, {"files", std::move(files)}, {"summary", SummaryJson(Summarise(reports))}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string RenderCsv(const std::vector<FileReport>& reports) {
  std::string out = "file,rule,severity,la_child_id,location,fields,message\n";
  for (const FileReport& report : reports) {
    if (report.unreadable) {
      out += fmt::format("{},READ,error,,,,{}\n", CsvField(report.file),
                         CsvField(report.unreadable->message()));
    }
    for (const Finding& f : report.findings) {
      out += fmt::format("{},{},{},{},{},{},{}\n", CsvField(f.file), CsvField(f.rule),
                         SeverityName(f.severity), CsvField(f.la_child_id), CsvField(f.location),
                         CsvField(Joined(f.fields, " ")), CsvField(f.message));
    }
  }
  return out;
}

std::string RenderTable(const std::vector<FileReport>& reports) {
  std::string out;
  for (const FileReport& report : reports) {
    if (report.unreadable) {
      out += fmt::format("{}: cannot be read: {}\n", report.file, report.unreadable->message());
      continue;
    }
    out += fmt::format("{}: collection year {}-{:02}, rules {}, {} children, {} findings\n",
                       report.file, report.collection_year - 1, report.collection_year % 100,
                       report.ruleset, report.children,
                       report.findings.size() + report.findings_dropped);
    if (report.findings.empty()) continue;
    out += fmt::format("  {:<6} {:<8} {:<20} {:<11} {}\n", "rule", "severity", "child", "location",
                       "message");
    for (const Finding& f : report.findings) {
      out += fmt::format("  {:<6} {:<8} {:<20} {:<11} {}\n", f.rule, SeverityName(f.severity),
                         f.la_child_id.empty() ? "-" : f.la_child_id, f.location, f.message);
    }
    if (report.findings_dropped > 0) {
      out += fmt::format("  ... and {} more structural problems not listed\n",
                         report.findings_dropped);
    }
  }
  ValidationSummary summary = Summarise(reports);
  out += fmt::format("{} file(s), {} children: {} error(s), {} query(ies){}\n", summary.files,
                     summary.children, summary.errors, summary.queries,
                     summary.unreadable_files > 0
                         ? fmt::format(", {} file(s) could not be read", summary.unreadable_files)
                         : "");
  return out;
}

std::string RenderHtml(const std::vector<FileReport>& reports, std::string_view title) {
  ValidationSummary summary = Summarise(reports);
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{0}</title>\n<style>\nbody{{font-family:Arial,sans-serif;margin:2em;color:#0b0c0c}}\n"
      "table{{border-collapse:collapse;width:100%}}th,td{{border-bottom:1px solid #b1b4b6;"
      "padding:.4em;text-align:left;vertical-align:top}}\n.error{{color:#d4351c;font-weight:bold}}"
      ".query{{color:#594d00;font-weight:bold}}\n</style>\n</head>\n<body>\n<h1>{0}</h1>\n"
      "<p>{1} file(s), {2} children: <strong>{3} error(s)</strong>, {4} query(ies).</p>\n",
      HtmlEscaped(title), summary.files, summary.children, summary.errors, summary.queries);
  for (const FileReport& report : reports) {
    out += fmt::format("<h2>{}</h2>\n", HtmlEscaped(report.file));
    if (report.unreadable) {
      out += fmt::format("<p class=\"error\">This file cannot be read: {}</p>\n",
                         HtmlEscaped(report.unreadable->message()));
      continue;
    }
    out += fmt::format("<p>Collection year {}-{:02}, rules {}, {} children.</p>\n",
                       report.collection_year - 1, report.collection_year % 100, report.ruleset,
                       report.children);
    if (report.findings.empty()) {
      out += "<p>No findings.</p>\n";
      continue;
    }
    out += "<table>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th>"
           "<th scope=\"col\">Child</th><th scope=\"col\">Line</th><th scope=\"col\">Fields</th>"
           "<th scope=\"col\">Message</th></tr></thead>\n<tbody>\n";
    for (const Finding& f : report.findings) {
      out += fmt::format(
          "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
          HtmlEscaped(f.rule), SeverityName(f.severity), SeverityName(f.severity),
          HtmlEscaped(f.la_child_id), HtmlEscaped(f.location), HtmlEscaped(Joined(f.fields, ", ")),
          HtmlEscaped(f.message));
    }
    out += "</tbody>\n</table>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace

std::string_view SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "query";
}

ValidationSummary Summarise(const std::vector<FileReport>& reports) {
  ValidationSummary summary;
  for (const FileReport& report : reports) {
    ++summary.files;
    if (report.unreadable) ++summary.unreadable_files;
    summary.children += report.children;
    summary.errors += report.findings_dropped;  // dropped ones are structural errors
    for (const Finding& f : report.findings) {
      (f.severity == Severity::kError ? summary.errors : summary.queries) += 1;
      ++summary.by_rule[f.rule];
    }
    if (report.findings_dropped > 0) summary.by_rule["XSD"] += report.findings_dropped;
  }
  return summary;
}

int ValidationExitStatus(const ValidationSummary& summary) {
  if (summary.unreadable_files > 0) return 2;
  return summary.errors > 0 ? 1 : 0;
}

core::Result<FindingsFormat> ParseFindingsFormat(std::string_view name) {
  if (name == "table") return FindingsFormat::kTable;
  if (name == "json") return FindingsFormat::kJson;
  if (name == "csv") return FindingsFormat::kCsv;
  if (name == "html") return FindingsFormat::kHtml;
  return Fail(Code::kInvalidArgument,
              fmt::format("unknown format '{}': use table, json, csv or html", name));
}

std::string RenderFindings(const std::vector<FileReport>& reports, FindingsFormat format,
                           std::string_view title) {
  switch (format) {
    case FindingsFormat::kJson: return RenderJson(reports);
    case FindingsFormat::kCsv: return RenderCsv(reports);
    case FindingsFormat::kHtml: return RenderHtml(reports, title);
    case FindingsFormat::kTable: break;
  }
  return RenderTable(reports);
}

}  // namespace sg::returns
