#include "returns/ssda903_xml.h"

#include <array>
#include <map>

#include <fmt/format.h>

#include "returns/ssda903_tables.h"
#include "returns/xml_stream.h"

namespace sg::returns {
namespace {

using core::Code;
using core::Fail;

// The containers of the XML form and the table each one's rows go to.
struct Container {
  std::string_view element;
  LacTable table;
};
constexpr Container kContainers[] = {
    {"EPISODE", LacTable::kEpisodes},      {"AREVIEW", LacTable::kReviews},
    {"AMISSING", LacTable::kMissing},      {"OC2", LacTable::kOc2},
    {"PERMANENCE", LacTable::kPrevPerm},   {"AD_PLACED", LacTable::kPlacedAdoption},
};

// The tables the XML form carries (it predates SWEpisodes and DoLo).
constexpr LacTable kXmlTables[] = {
    LacTable::kHeader, LacTable::kEpisodes, LacTable::kUasc,           LacTable::kReviews,
    LacTable::kOc2,    LacTable::kOc3,      LacTable::kAd1,            LacTable::kPlacedAdoption,
    LacTable::kPrevPerm, LacTable::kMissing};

// The leaves HEADER may hold directly.
constexpr std::string_view kHeaderLeaves[] = {
    "CHILDID",   "UPN",         "SEX",       "DOB",        "ETHNIC",    "UASC",
    "DUC",       "DATE_INT",    "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
    "LS_ADOPTR", "IN_TOUCH",    "ACTIV",     "ACCOM",      "MOTHER",    "MC_DOB"};

bool Contains(std::span<const std::string_view> names, std::string_view name) {
  for (std::string_view candidate : names) {
    if (candidate == name) return true;
  }
  return false;
}

// A record as read: its leaves by column name, and where it started.
struct Record {
  LacTable table;
  uint32_t line = 0;
  std::map<std::string, std::string, std::less<>> values;
};

class LacXmlReader final : public XmlEvents {
 public:
  explicit LacXmlReader(LacReturn& into) : into_(into) {}

  void StartElement(std::string_view name, Position at) override {
    path_.emplace_back(name);
    const size_t depth = path_.size();
    if (depth == 2 && name == "CHILD") {
      child_ = Record{LacTable::kHeader, at.line, {}};
      records_.clear();
      return;
    }
    if (depth == 3 && name == "EPISODE") {
      records_.push_back(Record{LacTable::kEpisodes, at.line, {}});
      in_record_ = true;
      return;
    }
    if (depth == 4 && path_[2] == "HEADER") {
      for (const Container& container : kContainers) {
        if (container.element == name && container.table != LacTable::kEpisodes) {
          records_.push_back(Record{container.table, at.line, {}});
          in_record_ = true;
        }
      }
    }
  }

  core::Status EndElement(std::string_view name, std::string_view text) override {
    const size_t depth = path_.size();
    auto pop = [&] { path_.pop_back(); };
    if (depth == 1) {
      if (name != "EXPSSDA903") return Unexpected(name);
      pop();
      return {};
    }
    if (depth == 2) {
      if (name != "CHILD") return Unexpected(name);
      FinishChild();
      pop();
      return {};
    }
    if (depth == 3) {
      if (name == "EPISODE" || name == "HEADER") {
        in_record_ = false;
        pop();
        return {};
      }
      return Unexpected(name);
    }
    if (depth == 4 && path_[2] == "HEADER" && !in_record_) {
      if (!Contains(kHeaderLeaves, name)) return Unexpected(name);
      child_.values[std::string(name)] = std::string(text);
      pop();
      return {};
    }
    if (depth == 4 && in_record_ && path_[2] == "HEADER") {  // a container closes
      in_record_ = false;
      pop();
      return {};
    }
    if (in_record_ && ((depth == 4 && path_[2] == "EPISODE") || depth == 5)) {
      Record& record = records_.back();
      std::string column = name == "PL" ? "PLACE" : std::string(name);
      const LacTableSpec& spec = SpecOf(record.table);
      if (column == "CHILD" || column == "DOB" ||
          std::find(spec.columns.begin(), spec.columns.end(), column) == spec.columns.end()) {
        return Unexpected(name);
      }
      record.values[column] = std::string(text);
      pop();
      return {};
    }
    return Unexpected(name);
  }

 private:
  core::Status Unexpected(std::string_view name) {
    std::string where;
    for (const std::string& element : path_) where += (where.empty() ? "" : "/") + element;
    return Fail(Code::kInvalidArgument,
                fmt::format("{} is not part of the SSDA903 XML form", where.empty() ? name : where));
  }

  std::string_view Value(const Record& record, std::string_view column) const {
    auto at = record.values.find(column);
    return at == record.values.end() ? std::string_view() : std::string_view(at->second);
  }

  template <class Row>
  void Emit(const Record& record, std::vector<Row>& rows) {
    Row row;
    row.line = record.line;
    std::span<Cell Row::* const> cells = CellsOf<Row>();
    const LacTableSpec& spec = SpecOf(kTableOf<Row>);
    for (size_t c = 0; c < cells.size(); ++c) {
      std::string_view column = spec.columns[c];
      // CHILD, DOB and SEX of every table are the header's.
      std::string_view text = column == "CHILD"                            ? Value(child_, "CHILDID")
                              : column == "DOB" || column == "SEX"         ? Value(child_, column)
                              : &record == &child_                         ? Value(child_, column)
                                                                           : Value(record, column);
      Cell& cell = row.*cells[c];
      cell.text = into_.text->CopyUpper(Trim(text));
      if (IsLacDateColumn(column) && !cell.text.empty()) cell.date = ParseLacDate(cell.text);
    }
    if constexpr (std::is_same_v<Row, HeaderRow>) {
      row.uasc.text = into_.text->CopyUpper(Trim(Value(child_, "UASC")));
    }
    rows.push_back(row);
  }

  static std::string_view Trim(std::string_view text) {
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    size_t last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
  }

  void FinishChild() {
    Emit(child_, into_.header);
    // The header's optional groups, as the DfE's tool reads them: a UASC
    // row when the flag has a value, OC3 when IN_TOUCH does, AD1 when
    // DATE_INT does.
    if (!Trim(Value(child_, "UASC")).empty()) Emit(child_, into_.uasc);
    if (!Trim(Value(child_, "IN_TOUCH")).empty()) Emit(child_, into_.oc3);
    if (!Trim(Value(child_, "DATE_INT")).empty()) Emit(child_, into_.ad1);
    for (const Record& record : records_) {
      ForEachTable(into_, [&](LacTable table, auto& rows) {
        if (table == record.table) Emit(record, rows);
      });
    }
    records_.clear();
  }

  LacReturn& into_;
  std::vector<std::string> path_;
  Record child_{LacTable::kHeader, 0, {}};
  std::vector<Record> records_;
  bool in_record_ = false;
};

}  // namespace

core::Status ReadLacXml(std::string_view file_name, std::string_view content, LacReturn& into) {
  LacReturn read;
  read.collection_year = into.collection_year;
  read.la_code = into.la_code;
  read.text = into.text;
  LacXmlReader reader(read);
  XmlStreamOptions options;
  auto result = ReadXmlBytes(content, reader, options);
  if (!result) return std::unexpected(result.error().WithContext(file_name));
  for (LacTable table : kXmlTables) {
    read.supplied[static_cast<size_t>(table)] = true;
    read.source[static_cast<size_t>(table)] = std::string(file_name);
  }
  into = std::move(read);
  return {};
}

}  // namespace sg::returns
