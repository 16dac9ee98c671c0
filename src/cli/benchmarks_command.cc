// safeguard benchmarks: see benchmarks_command.h.
#include "cli/benchmarks_command.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "indicators/benchmarks.h"
#include "indicators/indicator.h"

namespace sg::cli {
namespace {

using indicators::BenchmarkReport;
using indicators::BenchmarkRow;

constexpr std::string_view kNeighbourAggregate = "median (mean also given)";
constexpr std::string_view kAbsent = "—";

std::string Title(std::string_view id) {
  const indicators::Definition* definition = indicators::FindDefinition(id);
  return std::string(definition != nullptr ? definition->title : id);
}

using Json = nlohmann::ordered_json;  // keys in the documented order

indicators::Unit UnitOf(std::string_view id) {
  const indicators::Definition* definition = indicators::FindDefinition(id);
  if (definition != nullptr) return definition->unit;
  if (id.ends_with("_pct")) return indicators::Unit::kPercent;
  if (id.ends_with("_10k")) return indicators::Unit::kPer10k;
  return indicators::Unit::kCount;
}

// A whole count as a JSON integer (2082, not 2082.0); anything else as a
// decimal (a percentage of 2.0 stays 2.0).
Json Number(std::string_view id, const std::optional<double>& value) {
  if (!value) return nullptr;
  constexpr double kLargestExact = 1e15;
  if (UnitOf(id) == indicators::Unit::kCount && *value == std::floor(*value) &&
      std::abs(*value) < kLargestExact) {
    return static_cast<int64_t>(*value);
  }
  return *value;
}

Json ReportJson(const BenchmarkReport& report) {
  Json neighbours = Json::array();
  for (const auto& n : report.neighbours) {
    neighbours.push_back({{"number", n.number}, {"name", n.name}});
  }
  Json rows = Json::array();
  for (const BenchmarkRow& row : report.rows) {
    rows.push_back({{"id", row.id},
                    {"title", Title(row.id)},
                    {"authority", Number(row.id, row.authority)},
                    {"england", Number(row.id, row.england)},
                    {"region", Number(row.id, row.region)},
                    {"neighbours_median", Number(row.id, row.neighbours_median)},
                    {"neighbours_mean", Number(row.id, row.neighbours_mean)},
                    {"neighbours_with_value", row.neighbours_with_value},
                    {"source", row.source}});
  }
  return {{"la",
           {{"number", report.la.number},
            {"name", report.la.name},
            {"ons_code", report.la.ons_code},
            {"region", report.la.region_name}}},
          {"year", report.year},
          {"neighbour_model",
           report.neighbour_model.empty() ? Json(nullptr) : Json(report.neighbour_model)},
          {"neighbour_aggregate", kNeighbourAggregate},
          {"neighbours", neighbours},
          {"indicators", rows},
          {"notes", report.notes}};
}

// ---- The table for people ----

// Characters as a terminal shows them: UTF-8 continuation bytes take no column.
size_t Columns(std::string_view text) {
  size_t columns = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++columns;
  }
  return columns;
}

std::string PadRight(std::string_view text, size_t width) {
  size_t columns = Columns(text);
  return std::string(text) + std::string(width > columns ? width - columns : 0, ' ');
}

std::string PadLeft(std::string_view text, size_t width) {
  size_t columns = Columns(text);
  return std::string(width > columns ? width - columns : 0, ' ') + std::string(text);
}

// 597760 with 0 decimals -> "597,760"; 5076.67 with 1 -> "5,076.7".
std::string WithThousands(double value, int decimals) {
  const std::string plain = fmt::format("{:.{}f}", value, decimals);
  const size_t begin = plain.starts_with('-') ? 1 : 0;
  size_t end = plain.find('.');
  if (end == std::string::npos) end = plain.size();
  std::string out = plain.substr(0, begin);
  for (size_t i = begin; i < end; ++i) {
    if (i > begin && (end - i) % 3 == 0) out += ',';
    out += plain[i];
  }
  return out + plain.substr(end);
}

std::string Shown(std::string_view id, const std::optional<double>& value) {
  if (!value) return std::string(kAbsent);
  switch (UnitOf(id)) {
    case indicators::Unit::kPercent:
      return WithThousands(*value, 1) + "%";
    case indicators::Unit::kPer10k:
      return WithThousands(*value, 1);
    case indicators::Unit::kCount:
      break;
  }
  // A count; the neighbours' median of an even number, or their mean, may
  // have a fraction.
  return WithThousands(*value, *value == std::floor(*value) ? 0 : 1);
}

std::string NeighboursShown(const BenchmarkRow& row) {
  if (!row.neighbours_median) return std::string(kAbsent);
  return fmt::format("{} ({})", Shown(row.id, row.neighbours_median),
                     Shown(row.id, row.neighbours_mean));
}

void PrintHeading(const BenchmarkReport& report) {
  const indicators::Authority& la = report.la;
  std::printf("%s\n", fmt::format("{} ({}{}), {}: DfE published figures for {}-{:02}", la.name,
                                   la.number, la.ons_code.empty() ? "" : ", " + la.ons_code,
                                   la.region_name, report.year - 1, report.year % 100)
                          .c_str());
  if (report.neighbours.empty()) return;
  std::vector<std::string> names;
  for (const auto& n : report.neighbours) {
    names.push_back(fmt::format("{} ({})", n.name, n.number));
  }
  std::printf("Statistical neighbours (%s): %s\n", report.neighbour_model.c_str(),
              fmt::format("{}", fmt::join(names, ", ")).c_str());
  std::printf("Neighbours: the median over those with a value, the mean in brackets; n = how "
              "many had a value.\n");
}

// One line per indicator, the columns aligned.
void PrintFigures(const BenchmarkReport& report) {
  std::vector<std::array<std::string, 6>> lines;
  lines.push_back({"Indicator", report.la.name, "England",
                   report.la.region_name.empty() ? "Region" : report.la.region_name, "Neighbours",
                   "n"});
  for (const BenchmarkRow& row : report.rows) {
    lines.push_back({Title(row.id), Shown(row.id, row.authority), Shown(row.id, row.england),
                     Shown(row.id, row.region), NeighboursShown(row),
                     std::to_string(row.neighbours_with_value)});
  }
  std::array<size_t, 6> widths{};
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], Columns(line[i]));
  }
  for (const auto& line : lines) {
    std::string text = PadRight(line[0], widths[0]);
    for (size_t i = 1; i < line.size(); ++i) text += "  " + PadLeft(line[i], widths[i]);
    std::printf("%s\n", text.c_str());
  }
}

void PrintTable(const BenchmarkReport& report) {
  PrintHeading(report);
  std::printf("\n");
  PrintFigures(report);
  std::printf("\nSources\n");
  for (const BenchmarkRow& row : report.rows) {
    std::printf("  %s: %s\n", row.id.c_str(), row.source.c_str());
  }
  if (!report.notes.empty()) {
    std::printf("\nNotes\n");
    for (const std::string& note : report.notes) std::printf("  - %s\n", note.c_str());
  }
}

core::Result<indicators::BenchmarkData> LoadData(const BenchmarksArgs& args) {
  const std::filesystem::path dir = args.data_dir.empty()
                                        ? indicators::BenchmarkData::DefaultDirectory()
                                        : std::filesystem::path(args.data_dir);
  auto data = indicators::BenchmarkData::Load(dir);
  std::error_code error;
  if (!data && !std::filesystem::is_directory(dir, error)) {
    return core::Fail(data.error().code(),
                      fmt::format("{} (give --data <folder of DfE files>, or set "
                                  "SAFEGUARD_BENCHMARKS to the data/benchmarks folder)",
                                  data.error().message()));
  }
  return data;
}

}  // namespace

int RunBenchmarks(const BenchmarksArgs& args) {
  if (args.format != "table" && args.format != "json") {
    return Report(core::Error(core::Code::kInvalidArgument,
                              fmt::format("--format '{}' is not table or json", args.format)));
  }
  if (args.la.empty()) {
    return Report(core::Error(core::Code::kInvalidArgument,
                              "give the authority with --la, its DfE number (895) or ONS code"));
  }
  auto data = LoadData(args);
  if (!data) return Report(data.error());
  auto report = indicators::CompareWithBenchmarks(*data, args.la, args.year);
  if (!report) return Report(report.error());
  if (args.format == "json") {
    std::printf("%s\n", ReportJson(*report).dump(2).c_str());
  } else {
    PrintTable(*report);
  }
  return 0;
}

}  // namespace sg::cli
