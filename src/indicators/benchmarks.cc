#include "indicators/benchmarks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <numeric>

#include <fmt/format.h>

#include "core/shipped_path.h"
#include "indicators/benchmark_files.h"
#include "indicators/indicator.h"

namespace sg::indicators {
namespace {

using benchmark_files::FileId;
using benchmark_files::PublishedTable;
using benchmark_files::Tables;

enum class Formula {
  kAsPublished,     // the numerator as published (a sum when it has two terms)
  kPercent,         // numerator ÷ denominator × 100, one decimal place
  kPer10kChildren,  // numerator ÷ ONS children aged 0-17 at mid-(Y-1) × 10,000, one decimal
};

struct Mapping {
  std::string_view id;
  FileId file;
  Formula formula;
  std::array<std::string_view, 2> numerator;    // measures of `file`, summed
  std::array<std::string_view, 4> denominator;  // measures of `file`, summed (kPercent)
  std::string_view caveat = {};                 // where DfE counts differently from us
};

// Measures of the long-format files: their filter values joined by '|'.
constexpr std::string_view kClaAt31 = "Children looked after on 31 March each year";
constexpr std::string_view kClaStarting = "Children starting to be looked after each year";
constexpr std::string_view kClaCeasing = "Children ceasing to be looked after each year";
constexpr std::string_view kCeasedAdopted = "Reason episode ceased|Adopted";
constexpr std::string_view kCeasedSgo = "Reason episode ceased|Special guardianship orders";
constexpr std::string_view kCeasedAged18 = "Age on ceasing|18 years and over";
constexpr std::string_view kLeaversEet =
    "19 to 21 years|Total in education, employment or training";
constexpr std::string_view kLeaversTotal = "19 to 21 years|Total";
constexpr std::string_view kLeaversSuitable = "19 to 21 years|Accommodation considered suitable";
constexpr std::string_view kLeaversAssessed = "19 to 21 years|Suitability total";

using enum FileId;
using enum Formula;

// Every indicator id of INDICATORS.md that DfE publishes, in its order. An id
// that is not here has no benchmark.
// clang-format off
constexpr Mapping kMappings[] = {
    // Referrals, assessments and children in need.
    {"referrals",                   kC1,   kAsPublished,    {"referral_count"}, {}},
    {"referrals_nfa",               kC1,   kAsPublished,    {"no_further_action_count"}, {}},
    {"referral_rate_per_10k",       kC1,   kPer10kChildren, {"referral_count"}, {}},
    {"rereferrals_12m_pct",         kC1,   kAsPublished,    {"rereferral_percent"}, {}},
    {"assessments_within_45wd_pct", kLait, kAsPublished,    {"Continue_Assess_Comp"}, {}},
    {"cin_at_31_march",             kB1,   kAsPublished,    {"At31_episodes"}, {}},
    {"cin_rate_per_10k",            kB1,   kPer10kChildren, {"At31_episodes"}, {}},
    {"cin_started",                 kB1,   kAsPublished,    {"Started_episodes"}, {}},
    // Section 47 and child protection.
    {"s47_started",                  kC4,   kAsPublished,    {"Section47"}, {}},
    {"icpc_held",                    kC4,   kAsPublished,    {"ICPC"}, {}},
    {"s47_to_icpc_pct",              kC4,   kPercent,        {"ICPC"}, {"Section47"}},
    {"icpc_within_15wd_pct",         kC4,   kPercent,
     {"Duration_0-10_days", "Duration_11-15_days"},
     {"Duration_0-10_days", "Duration_11-15_days", "Duration_16-20_days", "Duration_21+_days"}},
    {"cpp_started",                  kD3,   kAsPublished,    {"CPP_start"}, {}},
    {"cpp_second_or_subsequent_pct", kD3,   kAsPublished,    {"CPP_subsequent_percent"}, {}},
    {"cpp_at_31_march",              kD5,   kAsPublished,    {"CPP_At31"}, {}},
    {"cpp_rate_per_10k",             kD5,   kPer10kChildren, {"CPP_At31"}, {}},
    {"cpp_ended_2y_plus_pct",        kLait, kAsPublished,    {"CPPlans2yrs"}, {}},
    {"cpp_open_2y_plus_pct",         kD5,   kAsPublished,    {"2_years_or_more_percent"}, {}},
    {"cpp_reviews_in_time_pct",      kLait, kAsPublished,    {"RevCP"}, {}},
    // Children looked after and care leavers.
    {"cla_at_31_march",    kCla,    kAsPublished,    {kClaAt31}, {}},
    {"cla_rate_per_10k",   kCla,    kPer10kChildren, {kClaAt31}, {}},
    {"cla_started",        kCla,    kAsPublished,    {kClaStarting}, {}},
    {"cla_ceased",         kCla,    kAsPublished,    {kClaCeasing}, {}},
    {"cla_ceased_adopted", kCeased, kAsPublished,    {kCeasedAdopted}, {}},
    {"cla_ceased_sgo",     kCeased, kAsPublished,    {kCeasedSgo}, {}},
    {"cla_ceased_aged_18", kCeased, kAsPublished,    {kCeasedAged18}, {}},
    {"cla_placement_foster_pct", kLait, kAsPublished, {"LAC_Foster_Placements"}, {},
     "whole percentages"},
    {"cla_placement_residential_home_pct", kLait, kAsPublished, {"LAC_SecHome_And_ChildHome"}, {},
     "whole percentages; DfE's group is secure and children's homes (K1, K2) and leaves out "
     "R1, which ours includes"},
    {"cla_outside_la_over_20_miles_pct", kLait, kAsPublished, {"LACDistance"}, {},
     "whole percentages"},
    {"cla_uasc_at_31_march", kLait, kAsPublished, {"Unacc_Asylmn_Seek_Childn"}, {}},
    {"care_leavers_19_21_eet_pct", kLeaversActivity, kPercent,
     {kLeaversEet}, {kLeaversTotal}},
    {"care_leavers_19_21_suitable_accommodation_pct", kLeaversAccommodation, kPercent,
     {kLeaversSuitable}, {kLeaversAssessed}},
};
// clang-format on

constexpr int kFirstSupportedYear = 2000;
constexpr int kLastSupportedYear = 2099;
constexpr int kLastYearOf2021Model = 2024;

const Mapping* FindMapping(std::string_view id) {
  auto it = std::find_if(std::begin(kMappings), std::end(kMappings),
                         [id](const Mapping& m) { return m.id == id; });
  return it == std::end(kMappings) ? nullptr : &*it;
}

// "2020-21" for reporting year 2021.
std::string YearLabel(int year) {
  return fmt::format("{}-{:02}", year - 1, year % 100);
}

// "a + b", or "(a + b)" where it is one side of a division; a long-format
// measure's filter values are shown as "19 to 21 years / Total".
std::string Terms(std::span<const std::string_view> terms, bool bracket) {
  std::vector<std::string> present;
  for (std::string_view term : terms) {
    if (term.empty()) continue;
    std::string shown;
    for (char c : term) shown += c == '|' ? std::string(" / ") : std::string(1, c);
    present.push_back(term.find('|') == std::string_view::npos ? shown : "\"" + shown + "\"");
  }
  std::string joined = fmt::format("{}", fmt::join(present, " + "));
  return bracket && present.size() > 1 ? fmt::format("({})", joined) : joined;
}

// The sum of the measures, or nullopt when any is absent (or none is given).
std::optional<double> Sum(const PublishedTable& table, std::span<const std::string_view> measures,
                          Level level, std::string_view area, int year) {
  std::optional<double> total;
  for (std::string_view measure : measures) {
    if (measure.empty()) continue;
    std::optional<double> value = table.Find(measure, level, area, year);
    if (!value) return std::nullopt;
    total = total.value_or(0) + *value;
  }
  return total;
}

std::optional<double> Ratio(std::optional<double> numerator, std::optional<double> denominator,
                            double scale) {
  if (!numerator || !denominator || *denominator <= 0) return std::nullopt;
  return RoundOneDecimal(*numerator / *denominator * scale);
}

// A rate's population is looked up by the numerator's area key, which the
// ONS file shares with every file a rate is mapped to (the DfE number, the
// ONS region code, England's "").
std::optional<double> Evaluate(const Tables& tables, const Mapping& mapping, Level level,
                               std::string_view area, int year) {
  const PublishedTable& table = *tables.file(mapping.file);
  std::optional<double> numerator = Sum(table, mapping.numerator, level, area, year);
  switch (mapping.formula) {
    case kAsPublished:
      return numerator;
    case kPercent:
      return Ratio(numerator, Sum(table, mapping.denominator, level, area, year), 100);
    case kPer10kChildren:
      return Ratio(numerator, benchmark_files::ChildrenAged0To17(tables, level, area, year),
                   10'000);
  }
  return std::nullopt;
}

std::string MissingFileNote(const std::filesystem::path& dir, FileId file) {
  std::vector<std::string_view> lost;
  for (const Mapping& mapping : kMappings) {
    if (mapping.file == file || (file == kPopulation && mapping.formula == kPer10kChildren)) {
      lost.push_back(mapping.id);
    }
  }
  return fmt::format(
      "{} (.csv.gz or .csv) is missing from {}: {} cannot be benchmarked",
      benchmark_files::Spec(file).name, dir.string(),
      lost.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(lost, ", ")));
}

bool LooksLikeOnsCode(std::string_view code) {
  return !code.empty() && std::isalpha(static_cast<unsigned char>(code.front())) != 0;
}

}  // namespace

// ---- BenchmarkData ----

BenchmarkData::BenchmarkData(std::shared_ptr<const Tables> tables) : tables_(std::move(tables)) {}

core::Result<BenchmarkData> BenchmarkData::Load(const std::filesystem::path& dir) {
  SG_ASSIGN_OR_RETURN(Tables tables, benchmark_files::ReadTables(dir));
  std::vector<std::string> notes;
  for (int i = 0; i < benchmark_files::kFileCount; ++i) {
    auto file = static_cast<FileId>(i);
    if (tables.file(file) == nullptr) notes.push_back(MissingFileNote(dir, file));
  }
  notes.insert(notes.end(), tables.notes.begin(), tables.notes.end());
  tables.notes = std::move(notes);
  return BenchmarkData(std::make_shared<const Tables>(std::move(tables)));
}

std::filesystem::path BenchmarkData::DefaultDirectory() {
  return core::ShippedPath("SAFEGUARD_BENCHMARKS", std::filesystem::path("data") / "benchmarks");
}

core::Result<Authority> BenchmarkData::FindAuthority(std::string_view la_number) const {
  if (LooksLikeOnsCode(la_number)) {
    for (const auto& [number, authority] : tables_->authorities) {
      if (authority.ons_code == la_number) return authority;
    }
  } else if (auto it = tables_->authorities.find(la_number); it != tables_->authorities.end()) {
    return it->second;
  }
  // An authority only a neighbour model names (the files lack its figures).
  for (const auto* model : {&tables_->model_2025, &tables_->model_2021}) {
    if (!*model) continue;
    if (auto it = (*model)->names.find(la_number); it != (*model)->names.end()) {
      return Authority{.number = it->first,
                       .ons_code = {},
                       .name = it->second,
                       .region_code = {},
                       .region_name = {}};
    }
  }
  return core::Fail(core::Code::kNotFound,
                    fmt::format("no local authority has the DfE number or ONS code '{}' in the "
                                "benchmark files (give the DfE LA number, such as 895, or the ONS "
                                "code, such as E06000049)",
                                la_number));
}

core::Result<StatisticalNeighbours> BenchmarkData::Neighbours(std::string_view la_number,
                                                              int year) const {
  const bool old_model = year <= kLastYearOf2021Model;
  const auto& model = old_model ? tables_->model_2021 : tables_->model_2025;
  if (!model) {
    return core::Fail(core::Code::kNotFound,
                      fmt::format("No statistical neighbours for {}: the file of DfE's {} model "
                                  "is missing",
                                  YearLabel(year), old_model ? "April 2021" : "2025"));
  }
  auto it = model->neighbours.find(la_number);
  if (it == model->neighbours.end() || it->second.empty()) {
    auto la = FindAuthority(la_number);
    return core::Fail(
        core::Code::kNotFound,
        fmt::format("No statistical neighbours for {}: the {} does not list {} ({})",
                    YearLabel(year), model->name, la ? la->name : "the authority", la_number));
  }
  StatisticalNeighbours result{.model = model->name, .authorities = {}};
  for (const std::string& number : it->second) {
    auto authority = FindAuthority(number);
    result.authorities.push_back(authority ? *authority
                                           : Authority{.number = number,
                                                       .ons_code = {},
                                                       .name = {},
                                                       .region_code = {},
                                                       .region_name = {}});
  }
  return result;
}

std::optional<double> BenchmarkData::Published(std::string_view indicator_id, Level level,
                                               std::string_view la_number, int year) const {
  const Mapping* mapping = FindMapping(indicator_id);
  if (mapping == nullptr) return std::nullopt;
  const PublishedTable* table = tables_->file(mapping->file);
  if (table == nullptr) return std::nullopt;
  std::string area;
  if (level == Level::kAuthority) {
    area = la_number;
  } else if (level == Level::kRegion) {
    std::optional<std::string> region = table->RegionOf(la_number, year);
    if (!region) return std::nullopt;
    area = std::move(*region);
  }
  return Evaluate(*tables_, *mapping, level, area, year);
}

std::string BenchmarkData::Source(std::string_view indicator_id) {
  const Mapping* mapping = FindMapping(indicator_id);
  if (mapping == nullptr) return {};
  const benchmark_files::FileSpec& spec = benchmark_files::Spec(mapping->file);
  std::string formula;
  switch (mapping->formula) {
    case kAsPublished:
      formula = Terms(mapping->numerator, false);
      break;
    case kPercent:
      formula = fmt::format("{} ÷ {} × 100", Terms(mapping->numerator, true),
                            Terms(mapping->denominator, true));
      break;
    case kPer10kChildren:
      formula = fmt::format("{} ÷ ONS children aged 0-17 at mid-(Y-1) × 10,000",
                            Terms(mapping->numerator, true));
      break;
  }
  std::string source = fmt::format("{} ({}): {}", spec.label, spec.name, formula);
  if (!mapping->caveat.empty()) source += fmt::format(" ({})", mapping->caveat);
  return source;
}

std::vector<std::string_view> BenchmarkData::MappedIds() {
  std::vector<std::string_view> ids;
  for (const Mapping& mapping : kMappings) ids.push_back(mapping.id);
  return ids;
}

// The population file is left out: its years are mid-years, and an
// estimate alone is no figure to compare.
int BenchmarkData::first_year() const {
  int first = 0;
  for (int i = 0; i < benchmark_files::kFileCount; ++i) {
    const PublishedTable* table = tables_->file(static_cast<FileId>(i));
    if (table == nullptr || static_cast<FileId>(i) == kPopulation || table->first_year() == 0) {
      continue;
    }
    if (first == 0 || table->first_year() < first) first = table->first_year();
  }
  return first;
}

int BenchmarkData::last_year() const {
  int last = 0;
  for (int i = 0; i < benchmark_files::kFileCount; ++i) {
    const PublishedTable* table = tables_->file(static_cast<FileId>(i));
    if (table != nullptr && static_cast<FileId>(i) != kPopulation) {
      last = std::max(last, table->last_year());
    }
  }
  return last;
}

const std::vector<std::string>& BenchmarkData::notes() const {
  return tables_->notes;
}

// ---- Comparison ----

NeighbourAggregate AggregateNeighbours(std::span<const std::optional<double>> values) {
  std::vector<double> present;
  for (const std::optional<double>& value : values) {
    if (value) present.push_back(*value);
  }
  NeighbourAggregate aggregate;
  aggregate.with_value = static_cast<int>(present.size());
  if (present.empty()) return aggregate;
  std::sort(present.begin(), present.end());
  size_t middle = present.size() / 2;
  double median =
      present.size() % 2 == 1 ? present[middle] : (present[middle - 1] + present[middle]) / 2;
  double mean =
      std::accumulate(present.begin(), present.end(), 0.0) / static_cast<double>(present.size());
  aggregate.median = RoundOneDecimal(median);
  aggregate.mean = RoundOneDecimal(mean);
  return aggregate;
}

namespace {

// The catalogue ids DfE publishes nothing for, so that a reader knows why
// they have no row.
std::string UnmappedNote() {
  std::vector<std::string_view> unmapped;
  for (const Definition& definition : Catalogue()) {
    if (FindMapping(definition.id) == nullptr) unmapped.push_back(definition.id);
  }
  if (unmapped.empty()) return {};
  return fmt::format("DfE publishes no figure to compare with for: {}", fmt::join(unmapped, ", "));
}

std::string PopulationNote(const BenchmarkData& data, const Authority& la, int year) {
  auto population = data.ChildPopulation(la.number, year);
  if (!population) {
    return fmt::format("Rates per 10,000 are not available: {}", population.error().message());
  }
  std::string people = fmt::format("{:.0f}", *population);
  for (int i = static_cast<int>(people.size()) - 3; i > 0; i -= 3) people.insert(i, ",");
  return fmt::format(
      "Rates per 10,000 use the ONS mid-{} estimate of children aged 0-17 ({} for "
      "{})",
      year - 1, people, la.name);
}

}  // namespace

namespace {

// One indicator for the authority, England, its region and its neighbours;
// counts in `with_value[i]` whether neighbour i had a value.
BenchmarkRow CompareOne(const BenchmarkData& data, std::string_view id, const Authority& la,
                        std::span<const Authority> neighbours, int year,
                        std::vector<int>* with_value) {
  BenchmarkRow row{.id = std::string(id),
                   .authority = data.Published(id, Level::kAuthority, la.number, year),
                   .england = data.Published(id, Level::kEngland, la.number, year),
                   .region = data.Published(id, Level::kRegion, la.number, year),
                   .neighbours_median = {},
                   .neighbours_mean = {},
                   .neighbours_with_value = 0,
                   .source = BenchmarkData::Source(id)};
  std::vector<std::optional<double>> values;
  for (size_t i = 0; i < neighbours.size(); ++i) {
    values.push_back(data.Published(id, Level::kAuthority, neighbours[i].number, year));
    if (values.back()) ++(*with_value)[i];
  }
  NeighbourAggregate aggregate = AggregateNeighbours(values);
  row.neighbours_median = aggregate.median;
  row.neighbours_mean = aggregate.mean;
  row.neighbours_with_value = aggregate.with_value;
  return row;
}

// Says which figures the year lacks: all of them, the authority's own, or
// some neighbours'.
void AddCoverageNotes(const BenchmarkData& data, const std::vector<int>& neighbour_values,
                      BenchmarkReport& report) {
  const std::string year = YearLabel(report.year);
  auto has = [](auto member) {
    return [member](const BenchmarkRow& row) { return (row.*member).has_value(); };
  };
  if (std::none_of(report.rows.begin(), report.rows.end(), has(&BenchmarkRow::england))) {
    report.notes.push_back(
        data.last_year() == 0
            ? fmt::format("No published figures for {}: no benchmark file was loaded", year)
            : fmt::format("No published figures for {} in the benchmark files, which hold "
                          "reporting years {} to {}",
                          year, YearLabel(data.first_year()), YearLabel(data.last_year())));
    return;
  }
  if (std::none_of(report.rows.begin(), report.rows.end(), has(&BenchmarkRow::authority))) {
    report.notes.push_back(fmt::format(
        "{} ({}) has no published figures for {}: the authority did not exist that year, or "
        "all its figures are suppressed",
        report.la.name, report.la.number, year));
  } else {
    report.notes.push_back(PopulationNote(data, report.la, report.year));
  }
  for (size_t i = 0; i < report.neighbours.size(); ++i) {
    if (neighbour_values[i] > 0) continue;
    const Authority& neighbour = report.neighbours[i];
    report.notes.push_back(fmt::format(
        "Neighbour {} ({}) has no published figures for {} (an authority that did not exist "
        "that year, or whose figures are all suppressed); the neighbour figures leave it out",
        neighbour.name, neighbour.number, year));
  }
}

}  // namespace

core::Result<BenchmarkReport> CompareWithBenchmarks(const BenchmarkData& data,
                                                    std::string_view la_number, int year) {
  if (year < kFirstSupportedYear || year > kLastSupportedYear) {
    return core::Fail(core::Code::kOutOfRange,
                      fmt::format("reporting year {} is out of range: give the year in which it "
                                  "ends, from {} to {} (2021 = 2020-21)",
                                  year, kFirstSupportedYear, kLastSupportedYear));
  }
  SG_ASSIGN_OR_RETURN(Authority la, data.FindAuthority(la_number));
  BenchmarkReport report{.la = la,
                         .year = year,
                         .neighbour_model = {},
                         .neighbours = {},
                         .rows = {},
                         .notes = data.notes()};
  if (auto neighbours = data.Neighbours(la.number, year)) {
    report.neighbour_model = neighbours->model;
    report.neighbours = std::move(neighbours->authorities);
  } else {
    report.notes.push_back(neighbours.error().message());
  }
  std::vector<int> neighbour_values(report.neighbours.size(), 0);
  for (std::string_view id : BenchmarkData::MappedIds()) {
    report.rows.push_back(CompareOne(data, id, la, report.neighbours, year, &neighbour_values));
  }
  AddCoverageNotes(data, neighbour_values, report);
  if (std::string note = UnmappedNote(); !note.empty()) report.notes.push_back(std::move(note));
  return report;
}

}  // namespace sg::indicators
