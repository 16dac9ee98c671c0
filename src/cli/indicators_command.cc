// safeguard indicators: every indicator of the catalogue for a reporting
// year, a quarter or any date range, as JSON (the shape INDICATORS.md
// fixes), CSV or a table for people.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "cli/figure_sources.h"
#include "cli/indicators_command.h"
#include "indicators/benchmarks.h"
#include "indicators/source.h"
#include "reporting/figures.h"
#include "reporting/indicators_json.h"

namespace sg::cli {
namespace {

using indicators::Unit;
using indicators::Value;


std::string Shown(const Value& v) { return reporting::FormatFigure(v.value, v.unit, "—"); }

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Plain(const std::optional<double>& v) {
  if (!v) return "";
  return fmt::format("{}", *v);
}

void PrintCsv(const std::vector<Value>& values) {
  std::printf("id,title,unit,value,numerator,denominator,reason\n");
  for (const auto& v : values) {
    const auto* def = indicators::FindDefinition(v.id);
    std::printf("%s,%s,%s,%s,%s,%s,%s\n", std::string(v.id).c_str(), CsvField(def->title).c_str(),
                std::string(indicators::UnitName(v.unit)).c_str(), Plain(v.value).c_str(),
                Plain(v.numerator).c_str(), Plain(v.denominator).c_str(), CsvField(v.reason).c_str());
  }
}

void PrintTable(const std::vector<Value>& values, const std::string& heading) {
  std::printf("%s\n", heading.c_str());
  std::string_view section;
  for (const auto& v : values) {
    const auto* def = indicators::FindDefinition(v.id);
    if (def->section != section) {
      section = def->section;
      std::printf("\n%s\n", std::string(section).c_str());
    }
    std::string detail;
    if (v.value && v.unit == Unit::kPercent)
      detail = fmt::format("({} of {})", Plain(v.numerator), Plain(v.denominator));
    if (!v.value) detail = v.reason;
    std::printf("  %-62s %10s  %s\n", std::string(def->title).c_str(), Shown(v).c_str(), detail.c_str());
  }
}

core::Result<core::Period> RequestedPeriod(const IndicatorsArgs& args) {
  if (!args.from.empty() || !args.to.empty()) {
    if (args.year != 0 || args.quarter != 0)
      return core::Fail(core::Code::kInvalidArgument, "give --year (and --quarter) or --from and --to, not both");
    auto from = core::Date::ParseIso(args.from, "--from");
    if (!from) return std::unexpected(from.error());
    auto to = core::Date::ParseIso(args.to, "--to");
    if (!to) return std::unexpected(to.error());
    if (*to < *from)
      return core::Fail(core::Code::kInvalidArgument,
                        fmt::format("--to {} is before --from {}", to->Iso(), from->Iso()));
    return core::Period{*from, *to};
  }
  if (args.year == 0) return core::Fail(core::Code::kInvalidArgument, "give --year (or --from and --to)");
  return indicators::PeriodFor(args.year, args.quarter);
}

}  // namespace

int RunIndicators(const Context& context, const IndicatorsArgs& args) {
  if (args.catalogue) {
    std::fputs(indicators::CatalogueMarkdown().c_str(), stdout);
    return 0;
  }
  if (args.format != "json" && args.format != "csv" && args.format != "table")
    return Report(core::Error(core::Code::kInvalidArgument,
                              fmt::format("--format '{}' is not json, csv or table", args.format)));
  if (args.db.empty()) return Report(core::Error(core::Code::kInvalidArgument, "--db is required"));
  auto period = RequestedPeriod(args);
  if (!period) return Report(period.error());
  auto sources = LoadFigureSources(context, args.db, args.la,
                                   fmt::format("indicators {} to {}", period->start.Iso(), period->end.Iso()));
  if (!sources) return Report(sources.error());
  const std::string& la = sources->la;
  auto values = indicators::ComputeFor(sources->snapshot, *period, *context.calendar, sources->data(), la);
  auto population = indicators::PopulationFor(sources->data(), la, *period);

  if (args.format == "json") {
    auto out = reporting::IndicatorsJson(values, population, la, args.year, args.quarter, *period);
    std::printf("%s\n", out.dump(2).c_str());
  } else if (args.format == "csv") {
    PrintCsv(values);
  } else {
    PrintTable(values, fmt::format("Indicators for {} to {}{}", period->start.Iso(), period->end.Iso(),
                                   la.empty() ? "" : fmt::format(", authority {}", la)));
  }
  return 0;
}

}  // namespace sg::cli
