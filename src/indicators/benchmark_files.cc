#include "indicators/benchmark_files.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>
#include <span>

#include <fmt/format.h>

#include "core/csv.h"

namespace sg::indicators::benchmark_files {
namespace {

using core::Code;
using core::Fail;
using core::Result;
using core::Status;

constexpr FileSpec kSpecs[kFileCount] = {
    {FileId::kB1, "b1_children_in_need", "DfE CIN census B1"},
    {FileId::kC1, "c1_children_in_need_referrals_and_rereferrals", "DfE CIN census C1"},
    {FileId::kC4, "c4_children_in_need_section_47s_and_icpcs", "DfE CIN census C4"},
    {FileId::kD3, "d3_cpps_subsequent_plan", "DfE CIN census D3"},
    {FileId::kD5, "d5_cpps_at31march_by_duration", "DfE CIN census D5"},
    {FileId::kCla, "cla_number_and_rate_per_10k_children", "DfE children looked after"},
    {FileId::kCeased, "la_children_who_ceased_during_the_year",
     "DfE children who ceased to be looked after"},
    {FileId::kLeaversActivity, "la_care_leavers_activity", "DfE care leavers' activity"},
    {FileId::kLeaversAccommodation, "la_care_leavers_accommodation_suitability",
     "DfE care leavers' accommodation"},
    {FileId::kPopulation, "ons_mid-year_population_estimates", "ONS mid-year estimates"},
    {FileId::kLait, "lait_subset", "DfE LAIT"},
};

constexpr bool SpecsInFileIdOrder() {
  for (int i = 0; i < kFileCount; ++i) {
    if (static_cast<int>(kSpecs[i].id) != i) return false;
  }
  return true;
}
static_assert(SpecsInFileIdOrder(), "Spec() indexes kSpecs by FileId");

constexpr std::string_view kModel2021File = "New_Statistical_Neighbour_Groupings_April_2021";
constexpr std::string_view kModel2025File = "sn_model_2025_wide";

// How the rows of a file name their area and year.
enum class Geography {
  kExploreEducationStatistics,  // time_period, geographic_level, old_la_code, region_code, ...
  kLait,                        // Years, LA and Regions, LA Number, Region
};

struct Layout {
  Geography geography = Geography::kExploreEducationStatistics;
  std::vector<std::string_view> filters;  // long format: the columns that name the measure
  std::string_view value;                 // long format: the value column; empty = wide
};

Layout LayoutOf(FileId id) {
  using enum FileId;
  switch (id) {
    case kCla:
      return {.filters = {"population_type"}, .value = "children_count"};
    case kCeased:
      return {.filters = {"cla_group", "characteristic"}, .value = "number"};
    case kLeaversActivity:
    case kLeaversAccommodation:
      return {.filters = {"care_leaver_age", "breakdown"}, .value = "care_leaver_count"};
    case kLait:
      return {.geography = Geography::kLait, .filters = {"Short Desc"}, .value = "Values"};
    default:
      return {};
  }
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// LAIT names its regions in two ways ("London (Outer)" for the region's own
// rows, "Outer London" in an authority's Region column; "Yorkshire and the
// Humber" and "... The Humber"): one key for both.
std::string LaitRegionKey(std::string_view name) {
  std::string key = Lower(name);
  if (key == "inner london") return "london (inner)";
  if (key == "outer london") return "london (outer)";
  return key;
}

// "2021" is reporting year 2021; "202021" (2020-21) is 2021 too.
std::optional<int> ParseYear(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (text.size() == 4) return value;
  if (text.size() == 6 && (value / 100 + 1) % 100 == value % 100) return value / 100 + 1;
  return std::nullopt;
}

// "895" or LAIT's "895.0": the DfE number as the other files write it.
std::optional<std::string> ParseLaNumber(std::string_view text) {
  std::optional<double> number = ParseCell(text);
  if (!number || *number < 0 || *number != std::floor(*number)) return std::nullopt;
  return std::to_string(static_cast<long>(*number));
}

// The header of a CSV text and a way to find its columns.
class Header {
 public:
  Header(std::string file, std::vector<std::string> names)
      : file_(std::move(file)), names_(std::move(names)) {}

  Result<size_t> Column(std::string_view name) const {
    auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end()) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("{} has no column '{}'; a newer DfE release must keep the column "
                              "names of the one it replaces",
                              file_, name));
    }
    return static_cast<size_t>(it - names_.begin());
  }
  size_t size() const { return names_.size(); }
  const std::string& name(size_t i) const { return names_[i]; }

 private:
  std::string file_;
  std::vector<std::string> names_;
};

using Fields = std::span<const std::string_view>;

// Splits a CSV line into `fields`. Lines without quotes (nearly all) are cut
// in place; a quoted line goes through core::SplitCsvRecord, whose strings
// `owned` keeps alive.
core::Status SplitLine(std::string_view line, std::vector<std::string_view>* fields,
                       std::vector<std::string>* owned) {
  fields->clear();
  if (line.find('"') == std::string_view::npos) {
    size_t start = 0;
    while (true) {
      size_t comma = line.find(',', start);
      fields->push_back(line.substr(start, comma - start));
      if (comma == std::string_view::npos) return {};
      start = comma + 1;
    }
  }
  SG_ASSIGN_OR_RETURN(*owned, core::SplitCsvRecord(line));
  fields->assign(owned->begin(), owned->end());
  return {};
}

// Calls `row(fields)` for every record of a CSV text after its header.
template <typename RowFn>
Status ForEachRecord(std::string_view text, const std::string& file, std::optional<Header>* header,
                     RowFn row) {
  std::string_view first = core::NextCsvLine(text);
  auto names = core::SplitCsvRecord(first);
  if (!names || names->empty() || (names->size() == 1 && names->front().empty())) {
    return Fail(Code::kInvalidArgument, fmt::format("{} has no header line", file));
  }
  header->emplace(file, std::move(*names));
  std::vector<std::string_view> fields;
  std::vector<std::string> owned;
  size_t line_number = 1;
  while (!text.empty()) {
    std::string_view line = core::NextCsvLine(text);
    ++line_number;
    if (line.empty()) continue;
    if (auto split = SplitLine(line, &fields, &owned); !split) {
      return std::unexpected(
          split.error().WithContext(fmt::format("{} line {}", file, line_number)));
    }
    if (fields.size() != (*header)->size()) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("{} line {} has {} fields where the header has {}", file, line_number,
                              fields.size(), (*header)->size()));
    }
    SG_RETURN_IF_ERROR(row(Fields(fields)));
  }
  return {};
}

struct AuthoritySeen {
  int year = 0;
  Authority authority;
};
using AuthorityMap = std::map<std::string, AuthoritySeen, std::less<>>;

// Where a row of a file is: its year, level, area and (for an authority) the
// key of its region.
struct Place {
  int year = 0;
  Level level = Level::kEngland;
  std::string_view area;  // into the row, or into the reader's last key
  std::string_view region;
};

class PlaceReader {
 public:
  static Result<PlaceReader> Make(const Header& header, Geography geography) {
    PlaceReader reader;
    reader.geography_ = geography;
    if (geography == Geography::kLait) {
      SG_ASSIGN_OR_RETURN(reader.year_, header.Column("Years"));
      SG_ASSIGN_OR_RETURN(reader.name_, header.Column("LA and Regions"));
      SG_ASSIGN_OR_RETURN(reader.number_, header.Column("LA Number"));
      SG_ASSIGN_OR_RETURN(reader.region_, header.Column("Region"));
      return reader;
    }
    SG_ASSIGN_OR_RETURN(reader.year_, header.Column("time_period"));
    SG_ASSIGN_OR_RETURN(reader.level_, header.Column("geographic_level"));
    SG_ASSIGN_OR_RETURN(reader.number_, header.Column("old_la_code"));
    SG_ASSIGN_OR_RETURN(reader.ons_code_, header.Column("new_la_code"));
    SG_ASSIGN_OR_RETURN(reader.name_, header.Column("la_name"));
    SG_ASSIGN_OR_RETURN(reader.region_, header.Column("region_code"));
    SG_ASSIGN_OR_RETURN(reader.region_name_, header.Column("region_name"));
    return reader;
  }

  // The columns that say where a row is, which are never measures.
  bool IsPlaceColumn(size_t i) const {
    return i == year_ || i == level_ || i == number_ || i == ons_code_ || i == name_ ||
           i == region_ || i == region_name_;
  }

  // Where the row is; nullopt for a row of another level (a district, a
  // span of years) that no measure uses. The place may point into the
  // reader, so it lasts until the next call.
  std::optional<Place> Read(Fields row, AuthorityMap* authorities) {
    std::optional<int> year = ParseYear(row[year_]);
    if (!year) return std::nullopt;
    return geography_ == Geography::kLait ? ReadLait(row, *year)
                                          : ReadExplore(row, *year, authorities);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  std::optional<Place> ReadExplore(Fields row, int year, AuthorityMap* authorities) const {
    std::string_view level = row[level_];
    if (level == "National") return Place{year, Level::kEngland, "", ""};
    if (level == "Regional") return Place{year, Level::kRegion, row[region_], ""};
    if (level != "Local authority" || row[number_].empty()) return std::nullopt;
    auto it = authorities->find(row[number_]);
    if (it == authorities->end())
      it = authorities->emplace(std::string(row[number_]), AuthoritySeen()).first;
    if (year > it->second.year) {
      it->second = {
          year,
          {std::string(row[number_]), std::string(row[ons_code_]), std::string(row[name_]),
           std::string(row[region_]), std::string(row[region_name_])}};
    }
    return Place{year, Level::kAuthority, row[number_], row[region_]};
  }

  std::optional<Place> ReadLait(Fields row, int year) {
    constexpr double kEnglandNumber = 970;
    std::optional<double> number = ParseCell(row[number_]);
    if (row[name_] == "England" || number == kEnglandNumber) {
      return Place{year, Level::kEngland, "", ""};
    }
    if (row[region_].empty() || row[region_] == "NA") {
      area_ = LaitRegionKey(row[name_]);
      return Place{year, Level::kRegion, area_, ""};
    }
    std::optional<std::string> la = ParseLaNumber(row[number_]);
    if (!la) return std::nullopt;
    area_ = std::move(*la);
    region_key_ = LaitRegionKey(row[region_]);
    return Place{year, Level::kAuthority, area_, region_key_};
  }

  std::string area_, region_key_;  // what a LAIT place points to
  Geography geography_ = Geography::kExploreEducationStatistics;
  size_t year_ = kNone, level_ = kNone, number_ = kNone, ons_code_ = kNone, name_ = kNone,
         region_ = kNone, region_name_ = kNone;
};

// Turns the rows of one table file into a PublishedTable.
class TableReader {
 public:
  TableReader(FileId id, AuthorityMap* authorities)
      : layout_(LayoutOf(id)), authorities_(authorities) {}

  // Finds the columns the layout needs; fails naming a missing one.
  Status Prepare(const Header& header) {
    SG_ASSIGN_OR_RETURN(places_, PlaceReader::Make(header, layout_.geography));
    for (std::string_view filter : layout_.filters) {
      SG_ASSIGN_OR_RETURN(size_t column, header.Column(filter));
      filters_.push_back(column);
    }
    if (!layout_.value.empty()) {
      SG_ASSIGN_OR_RETURN(value_, header.Column(layout_.value));
      return {};
    }
    for (size_t i = 0; i < header.size(); ++i) {
      wide_measures_.push_back(places_->IsPlaceColumn(i)
                                   ? std::nullopt
                                   : std::optional(table_.MeasureId(header.name(i))));
    }
    return {};
  }
  bool prepared() const { return places_.has_value(); }

  void Read(Fields row) {
    std::optional<Place> place = places_->Read(row, authorities_);
    if (!place) return;
    PublishedTable::Id area = table_.AreaId(place->level, place->area);
    if (place->level == Level::kAuthority) table_.SetRegion(area, place->year, place->region);
    if (layout_.value.empty()) {
      for (size_t i = 0; i < row.size(); ++i) {
        std::optional<double> number = wide_measures_[i] ? ParseCell(row[i]) : std::nullopt;
        if (number) table_.Add(*wide_measures_[i], area, place->year, *number);
      }
    } else if (std::optional<double> number = ParseCell(row[value_])) {
      table_.Add(table_.MeasureId(LongMeasure(row)), area, place->year, *number);
    }
  }

  PublishedTable Take() { return std::move(table_); }

 private:
  // The filter values of a long-format row, joined by '|'.
  const std::string& LongMeasure(Fields row) {
    measure_.clear();
    for (size_t column : filters_) {
      if (!measure_.empty()) measure_ += '|';
      measure_ += row[column];
    }
    return measure_;
  }

  const Layout layout_;
  AuthorityMap* authorities_;
  PublishedTable table_;
  std::optional<PlaceReader> places_;
  std::vector<size_t> filters_;
  size_t value_ = 0;
  std::vector<std::optional<PublishedTable::Id>> wide_measures_;  // by column; nullopt: a place
  std::string measure_;
};

Result<PublishedTable> ReadTable(const std::filesystem::path& path, FileId id,
                                 AuthorityMap* authorities) {
  SG_ASSIGN_OR_RETURN(std::string text, ReadText(path));
  TableReader reader(id, authorities);
  std::optional<Header> header;
  auto read_row = [&](Fields row) -> Status {
    if (!reader.prepared()) SG_RETURN_IF_ERROR(reader.Prepare(*header));
    reader.Read(row);
    return {};
  };
  SG_RETURN_IF_ERROR(ForEachRecord(text, path.filename().string(), &header, read_row));
  // A header and no rows: its columns are still checked.
  if (!reader.prepared()) SG_RETURN_IF_ERROR(reader.Prepare(*header));
  return reader.Take();
}

// "SN1", "SN_10": a neighbour column (not its closeness, "SNP", "SN_1P").
bool IsNeighbourColumn(std::string_view name) {
  std::string compact;
  for (char c : name) {
    if (c != '_') compact += c;
  }
  if (compact.size() < 3 || compact.substr(0, 2) != "SN") return false;
  return std::all_of(compact.begin() + 2, compact.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

Result<NeighbourModel> ReadModel(const std::filesystem::path& path, std::string name) {
  const std::string file = path.filename().string();
  SG_ASSIGN_OR_RETURN(std::string text, ReadText(path));
  NeighbourModel model{.name = std::move(name), .neighbours = {}, .names = {}};
  std::optional<Header> header;
  std::vector<size_t> columns;
  auto read_row = [&](Fields row) -> Status {
    if (columns.empty()) {
      for (size_t i = 0; i < header->size(); ++i) {
        if (IsNeighbourColumn(header->name(i))) columns.push_back(i);
      }
      if (columns.empty() || header->size() < 2) {
        return Fail(Code::kInvalidArgument,
                    fmt::format("{} has no neighbour columns (SN1 or SN_1, ...)", file));
      }
    }
    std::optional<std::string> la = ParseLaNumber(row[0]);
    if (!la) return {};
    model.names[*la] = std::string(row[1]);
    std::vector<std::string>& neighbours = model.neighbours[*la];
    for (size_t column : columns) {
      if (auto neighbour = ParseLaNumber(row[column])) neighbours.push_back(*neighbour);
    }
    return {};
  };
  SG_RETURN_IF_ERROR(ForEachRecord(text, file, &header, read_row));
  return model;
}

Result<std::optional<NeighbourModel>> ReadModelIfPresent(const std::filesystem::path& dir,
                                                         std::string_view file_name,
                                                         std::string model_name,
                                                         std::vector<std::string>* notes) {
  std::optional<std::filesystem::path> path = FindFile(dir, file_name);
  if (!path) {
    notes->push_back(
        fmt::format("{} (.csv.gz or .csv) is missing from {}: the {} is not "
                    "available",
                    file_name, dir.string(), model_name));
    return std::nullopt;
  }
  SG_ASSIGN_OR_RETURN(NeighbourModel model, ReadModel(*path, std::move(model_name)));
  return model;
}

}  // namespace

const FileSpec& Spec(FileId id) {
  return kSpecs[static_cast<size_t>(id)];
}

std::optional<PublishedTable::Id> PublishedTable::Lookup(const Names& names,
                                                         std::string_view name) {
  auto it = names.find(name);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

PublishedTable::Id PublishedTable::Intern(Names& names, std::string_view name, Id next) {
  auto it = names.find(name);
  if (it != names.end()) return it->second;
  names.emplace(std::string(name), next);
  return next;
}

uint64_t PublishedTable::CellKey(Id measure, Id area, int year) {
  return (uint64_t{measure} << 40) | (uint64_t{area} << 16) | static_cast<uint16_t>(year);
}

std::optional<double> PublishedTable::Find(std::string_view measure, Level level,
                                           std::string_view area, int year) const {
  std::optional<Id> measure_id = Lookup(measures_, measure);
  std::optional<Id> area_id = Lookup(areas_[static_cast<size_t>(level)], area);
  if (!measure_id || !area_id) return std::nullopt;
  auto it = values_.find(CellKey(*measure_id, *area_id, year));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> PublishedTable::RegionOf(std::string_view la_number, int year) const {
  std::optional<Id> area = Lookup(areas_[static_cast<size_t>(Level::kAuthority)], la_number);
  if (!area) return std::nullopt;
  auto it = regions_.find(CellKey(0, *area, year));
  if (it == regions_.end()) return std::nullopt;
  return it->second;
}

PublishedTable::Id PublishedTable::MeasureId(std::string_view measure) {
  return Intern(measures_, measure, static_cast<Id>(measures_.size()));
}

PublishedTable::Id PublishedTable::AreaId(Level level, std::string_view area) {
  Id id = Intern(areas_[static_cast<size_t>(level)], area, area_count_);
  if (id == area_count_) ++area_count_;
  return id;
}

void PublishedTable::Add(Id measure, Id area, int year, double value) {
  values_[CellKey(measure, area, year)] = value;
  if (first_year_ == 0 || year < first_year_) first_year_ = year;
  last_year_ = std::max(last_year_, year);
}

void PublishedTable::SetRegion(Id authority, int year, std::string_view region) {
  auto [it, added] = regions_.try_emplace(CellKey(0, authority, year));
  if (added) it->second = region;
}

std::optional<std::filesystem::path> FindFile(const std::filesystem::path& dir,
                                              std::string_view name) {
  for (std::string_view extension : {".csv.gz", ".csv"}) {
    std::filesystem::path path = dir / fmt::format("{}{}", name, extension);
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error)) return path;
  }
  return std::nullopt;
}

Result<std::string> ReadText(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  struct Closer {
    void operator()(gzFile file) const { gzclose(file); }
  };
  std::unique_ptr<gzFile_s, Closer> file(gzopen(path.c_str(), "rb"));
  if (file == nullptr) {
    return Fail(Code::kUnavailable, fmt::format("cannot open {}", path.string()));
  }
  std::string text;
  std::vector<char> buffer(1 << 16);
  while (true) {
    int n = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
    int error = Z_OK;
    const char* message = gzerror(file.get(), &error);
    if (n < 0 || (error != Z_OK && error != Z_STREAM_END && error != Z_BUF_ERROR)) {
      return Fail(Code::kDataLoss, fmt::format("cannot read {}: {}", name, message));
    }
    if (n == 0 && error == Z_BUF_ERROR) {
      return Fail(
          Code::kDataLoss,
          fmt::format("{} ends in the middle of its compressed data (truncated .gz)", name));
    }
    if (n == 0) break;
    text.append(buffer.data(), static_cast<size_t>(n));
  }
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.starts_with(kByteOrderMark)) text.erase(0, kByteOrderMark.size());
  return text;
}

std::optional<double> ParseCell(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  // LAIT prints its binary floats with 17 digits (73.599999999999994): back
  // to the figure DfE published, which never has more than 6 decimals.
  constexpr double kScale = 1e6;
  return std::round(value * kScale) / kScale;
}

Result<Tables> ReadTables(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return Fail(Code::kNotFound,
                fmt::format("the benchmark data folder {} does not exist", dir.string()));
  }
  Tables tables;
  AuthorityMap authorities;
  for (const FileSpec& spec : kSpecs) {
    std::optional<std::filesystem::path> path = FindFile(dir, spec.name);
    if (!path) continue;
    SG_ASSIGN_OR_RETURN(tables.files[static_cast<size_t>(spec.id)],
                        ReadTable(*path, spec.id, &authorities));
  }
  SG_ASSIGN_OR_RETURN(
      tables.model_2021,
      ReadModelIfPresent(dir, kModel2021File, "DfE statistical neighbours, April 2021 model",
                         &tables.notes));
  SG_ASSIGN_OR_RETURN(tables.model_2025,
                      ReadModelIfPresent(dir, kModel2025File,
                                         "DfE statistical neighbours, 2025 model", &tables.notes));
  for (auto& [number, seen] : authorities) tables.authorities.emplace(number, seen.authority);
  return tables;
}

}  // namespace sg::indicators::benchmark_files
