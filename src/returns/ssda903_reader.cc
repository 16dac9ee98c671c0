#include "returns/ssda903_reader.h"

#include <fstream>
#include <sstream>
#include <unordered_set>

#include <fmt/format.h>

#include "returns/ssda903_csv.h"
#include "returns/ssda903_places.h"
#include "returns/ssda903_tables.h"
#include "returns/ssda903_xml.h"

namespace sg::returns {

using core::Code;
using core::Fail;

bool LooksLikeXml(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  size_t first = content.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && content[first] == '<';
}

void DeriveUascFlags(LacReturn& lac) {
  if (!lac.Has(LacTable::kUasc)) return;
  std::unordered_set<std::string_view> uasc;
  for (const UascRow& row : lac.uasc) uasc.insert(row.child.text);
  for (HeaderRow& row : lac.header) {
    row.uasc.text = uasc.contains(row.child.text) ? "1" : "0";
  }
}

core::Status ReadLacFiles(std::span<const LacSourceFile> files, LacReturn& into,
                          LacReadReport* report) {
  if (into.collection_year < kFirstLacYear || into.collection_year > kLastLacYear) {
    return Fail(Code::kOutOfRange,
                fmt::format("collection year {} is not one Safeguard reads: SSDA903 returns from "
                            "{} to {}",
                            into.collection_year, kFirstLacYear, kLastLacYear));
  }
  if (files.empty()) return Fail(Code::kInvalidArgument, "no SSDA903 files were given");
  bool xml_read = false;
  for (const LacSourceFile& file : files) {
    if (report != nullptr) {
      report->bytes += file.content.size();
      report->failed_file = static_cast<size_t>(&file - files.data());
    }
    if (LooksLikeXml(file.content)) {
      if (files.size() > 1) {
        return Fail(Code::kInvalidArgument,
                    fmt::format("{}: the XML form holds the whole return; give it alone, not "
                                "with other files",
                                file.name));
      }
      auto read = ReadLacXml(file.name, file.content, into);
      if (!read) return read;
      xml_read = true;
      continue;
    }
    auto read = ReadLacCsv(file.name, file.content, into);
    if (!read) return std::unexpected(read.error());
    if (report != nullptr && !read->ignored_columns.empty()) {
      std::string columns;
      for (const std::string& column : read->ignored_columns) {
        columns += columns.empty() ? column : ", " + column;
      }
      report->notes.push_back(fmt::format("{}: columns not in the {} table were ignored: {}",
                                          file.name, LacTableName(read->table), columns));
    }
  }
  if (!xml_read) DeriveUascFlags(into);
  // Without the postcode directory the derived fields stay unknown, which
  // the rules treat as "say nothing"; the command line says so.
  if (auto derived = DerivePlacements(into); !derived && report != nullptr) {
    report->notes.push_back("placement distances and locations are unknown: " +
                            derived.error().message());
  }
  return {};
}

core::Result<LacReturn> ReadLacReturn(std::span<const std::filesystem::path> paths,
                                      int collection_year, std::string_view la_code,
                                      LacReadReport* report, bool as_previous_year) {
  std::vector<LacSourceFile> files;
  for (const std::filesystem::path& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      if (report != nullptr) report->failed_file = files.size();
      return Fail(Code::kNotFound, fmt::format("{}: cannot open the file", path.string()));
    }
    std::ostringstream content;
    content << in.rdbuf();
    files.push_back({path.string(), std::move(content).str()});
  }
  LacReturn lac;
  lac.collection_year = collection_year;
  lac.la_code = std::string(la_code);
  lac.as_previous_year = as_previous_year;
  if (auto read = ReadLacFiles(files, lac, report); !read) return std::unexpected(read.error());
  return lac;
}

}  // namespace sg::returns
