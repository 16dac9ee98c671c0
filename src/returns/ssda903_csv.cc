#include "returns/ssda903_csv.h"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

#include "returns/ssda903_tables.h"

namespace sg::returns {
namespace {

using core::Code;
using core::Fail;

// The widest table has 13 columns; a header far wider is not a 903 table
// (and a hostile one must not cost time in proportion to its width).
constexpr size_t kMaxColumns = 64;
// No 903 row comes near this; a longer line is not a 903 table.
constexpr size_t kMaxLineBytes = 64 * 1024;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Where the first byte that is not UTF-8 is, if any.
std::optional<size_t> FirstNonUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0, n = text.size();
  while (i < n) {
    unsigned char c = bytes[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (length == 0 || i + length > n) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::nullopt;
}

size_t LineOf(std::string_view text, size_t offset) {
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// Splits one line (RFC 4180, no line breaks inside quotes) into `fields`.
// Unquoted fields point into `line`; quoted ones into `scratch`, which is
// sized once so that it never moves.
std::optional<std::string> SplitLine(std::string_view line, std::vector<std::string_view>& fields,
                                     std::string& scratch) {
  fields.clear();
  scratch.clear();
  scratch.reserve(line.size());
  size_t i = 0;
  while (true) {
    if (i < line.size() && line[i] == '"') {
      size_t start = scratch.size();
      ++i;
      while (true) {
        if (i >= line.size()) return "a quoted field is not closed";
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            scratch.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        scratch.push_back(line[i++]);
      }
      fields.push_back(std::string_view(scratch).substr(start));
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size() && line[i] != ',') return "text follows a closing quote";
    } else {
      size_t end = line.find(',', i);
      std::string_view field = line.substr(i, end == std::string_view::npos ? line.npos : end - i);
      if (field.find('"') != std::string_view::npos) return "a quote inside an unquoted field";
      fields.push_back(field);
      i += field.size();
    }
    if (fields.size() > kMaxColumns) return fmt::format("more than {} fields", kMaxColumns);
    if (i >= line.size()) return std::nullopt;
    ++i;  // the comma
    if (i == line.size()) {
      fields.push_back({});
      return std::nullopt;
    }
  }
}

// The header row's delimiter is a comma; say so when the file plainly uses
// another one.
std::optional<std::string> OtherDelimiter(std::string_view header) {
  if (header.find(',') != std::string_view::npos) return std::nullopt;
  for (auto [c, name] : {std::pair{';', "semicolons"}, std::pair{'\t', "tabs"},
                         std::pair{'|', "vertical bars"}}) {
    if (header.find(c) != std::string_view::npos) return name;
  }
  return std::nullopt;
}

template <class Row>
core::Status ReadRows(std::string_view file_name, std::string_view content, size_t line_no,
                      const std::vector<int>& column_of_field, LacReturn& into,
                      std::vector<Row>& out, uint64_t& rows) {
  std::span<Cell Row::* const> cells = CellsOf<Row>();
  const LacTableSpec& spec = SpecOf(kTableOf<Row>);
  std::vector<bool> is_date(cells.size());
  for (size_t c = 0; c < cells.size(); ++c) is_date[c] = IsLacDateColumn(spec.columns[c]);

  std::vector<Row> parsed;
  std::vector<std::string_view> fields;
  std::string scratch;
  const size_t header_fields = column_of_field.size();
  while (!content.empty()) {
    ++line_no;
    size_t end = content.find('\n');
    std::string_view line = content.substr(0, end);
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    auto where = [&] { return fmt::format("{}: line {}", file_name, line_no); };
    if (line.size() > kMaxLineBytes) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("{}: the line is {} bytes long; no SSDA903 row is", where(),
                              line.size()));
    }
    if (auto problem = SplitLine(line, fields, scratch)) {
      return Fail(Code::kInvalidArgument, fmt::format("{}: {}", where(), *problem));
    }
    if (fields.size() != header_fields) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("{}: the row has {} fields but the header row has {}", where(),
                              fields.size(), header_fields));
    }
    Row row;
    row.line = static_cast<uint32_t>(line_no);
    for (size_t f = 0; f < fields.size(); ++f) {
      int column = column_of_field[f];
      if (column < 0) continue;
      Cell& cell = row.*cells[static_cast<size_t>(column)];
      cell.text = into.text->CopyUpper(Trim(fields[f]));
      if (is_date[static_cast<size_t>(column)] && !cell.text.empty()) {
        cell.date = ParseLacDate(cell.text);
      }
    }
    parsed.push_back(row);
  }
  rows = parsed.size();
  if (out.empty()) {
    out = std::move(parsed);
  } else {
    out.insert(out.end(), parsed.begin(), parsed.end());
  }
  return {};
}

}  // namespace

core::Result<LacTable> RecogniseLacHeader(const std::vector<std::string>& columns) {
  // A complete match beats any partial one, and among complete matches the
  // widest table wins (Header's columns are all in UASC's but DUC); among
  // partial ones, the table with most columns present is the closest.
  const LacTableSpec* best = nullptr;
  size_t best_missing = SIZE_MAX;
  size_t best_matched = 0;
  bool tie = false;
  auto rank = [](size_t missing, size_t matched) {
    return std::pair<bool, size_t>{missing == 0, matched};
  };
  for (const LacTableSpec& spec : AllLacTables()) {
    size_t matched = 0;
    for (std::string_view column : spec.columns) {
      if (std::find(columns.begin(), columns.end(), column) != columns.end()) ++matched;
    }
    size_t missing = spec.columns.size() - matched;
    if (best == nullptr || rank(missing, matched) > rank(best_missing, best_matched)) {
      best = &spec;
      best_missing = missing;
      best_matched = matched;
      tie = false;
    } else if (rank(missing, matched) == rank(best_missing, best_matched)) {
      tie = true;
    }
  }
  if (best != nullptr && best_missing == 0 && !tie) return best->table;
  std::string lacks;
  if (best != nullptr && best_matched > 1) {
    for (std::string_view column : best->columns) {
      if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
        lacks += lacks.empty() ? "" : ", ";
        lacks += column;
      }
    }
    return Fail(Code::kInvalidArgument,
                fmt::format("the header row is not an SSDA903 table: it is closest to {}, "
                            "which also needs {}",
                            best->name, lacks));
  }
  return Fail(Code::kInvalidArgument,
              "the first line is not the header row of an SSDA903 table (Header, Episodes, "
              "UASC, Reviews, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing, SWEpisodes, "
              "DoLo)");
}

core::Result<LacCsvRead> ReadLacCsv(std::string_view file_name, std::string_view content,
                                    LacReturn& into) {
  auto fail = [&](std::string message) {
    return Fail(Code::kInvalidArgument, fmt::format("{}: {}", file_name, message));
  };
  if (content.size() >= 2 && ((content[0] == '\xFF' && content[1] == '\xFE') ||
                              (content[0] == '\xFE' && content[1] == '\xFF'))) {
    return fail("the file is UTF-16 text; save it as CSV (UTF-8 or ASCII)");
  }
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  if (auto bad = FirstNonUtf8(content)) {
    return fail(fmt::format("line {}: the file is not UTF-8 text (byte 0x{:02X}); save it as "
                            "CSV (UTF-8 or ASCII)",
                            LineOf(content, *bad),
                            static_cast<unsigned char>(content[*bad])));
  }
  if (content.find('\0') != std::string_view::npos) {
    return fail("the file holds NUL bytes; it is not a CSV table");
  }

  // The header row: the first line that is not blank.
  size_t line_no = 0;
  std::string_view header;
  while (!content.empty() && Trim(header).empty()) {
    ++line_no;
    size_t end = content.find('\n');
    header = content.substr(0, end);
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
  }
  if (Trim(header).empty()) return fail("the file is empty; expected a header row");
  if (header.size() > kMaxLineBytes) {
    return fail(fmt::format("line {}: the header row is {} bytes long; no SSDA903 table's is",
                            line_no, header.size()));
  }
  if (auto delimiter = OtherDelimiter(header)) {
    return fail(fmt::format("line {}: the header row is separated by {}; SSDA903 tables are "
                            "comma-separated",
                            line_no, *delimiter));
  }
  std::vector<std::string_view> fields;
  std::string scratch;
  if (auto problem = SplitLine(header, fields, scratch)) {
    return fail(fmt::format("line {}: {}", line_no, *problem));
  }
  std::vector<std::string> columns;
  for (std::string_view field : fields) {
    std::string name(Trim(field));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
    if (!name.empty() && std::find(columns.begin(), columns.end(), name) != columns.end()) {
      return fail(fmt::format("line {}: the column {} appears twice", line_no, name));
    }
    columns.push_back(std::move(name));
  }
  auto table = RecogniseLacHeader(columns);
  if (!table) return fail(fmt::format("line {}: {}", line_no, table.error().message()));
  const LacTableSpec& spec = SpecOf(*table);
  if (!into.as_previous_year && !CollectedIn(*table, into.collection_year)) {
    return fail(fmt::format("the {} table is collected from {}-{:02}; this return is for {}-{:02}",
                            spec.name, spec.first_year - 1, spec.first_year % 100,
                            into.collection_year - 1, into.collection_year % 100));
  }
  size_t slot = static_cast<size_t>(*table);
  if (into.supplied[slot]) {
    return fail(fmt::format("the {} table was already read from {}", spec.name,
                            into.source[slot]));
  }

  LacCsvRead read{*table, 0, {}};
  std::vector<int> column_of_field(columns.size(), -1);
  for (size_t f = 0; f < columns.size(); ++f) {
    auto at = std::find(spec.columns.begin(), spec.columns.end(), columns[f]);
    if (at == spec.columns.end()) {
      read.ignored_columns.push_back(columns[f].empty() ? "(unnamed)" : columns[f]);
    } else {
      column_of_field[f] = static_cast<int>(at - spec.columns.begin());
    }
  }

  core::Status rows_read;
  ForEachTable(into, [&](LacTable t, auto& rows) {
    if (t == *table) {
      rows_read = ReadRows(file_name, content, line_no, column_of_field, into, rows, read.rows);
    }
  });
  if (!rows_read) return std::unexpected(rows_read.error());
  into.supplied[slot] = true;
  into.source[slot] = std::string(file_name);
  return read;
}

}  // namespace sg::returns
