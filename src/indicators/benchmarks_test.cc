#include "indicators/benchmarks.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "indicators/benchmark_files.h"
#include "indicators/indicator.h"

namespace sg::indicators {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

std::filesystem::path ShippedDirectory() {
  return std::filesystem::path(SG_TESTDATA_DIR) / ".." / "data" / "benchmarks";
}

// The shipped data, loaded once for the whole suite.
const BenchmarkData& Shipped() {
  static const BenchmarkData* data = [] {
    auto loaded = BenchmarkData::Load(ShippedDirectory());
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message();
    return new BenchmarkData(std::move(loaded).value());
  }();
  return *data;
}

const BenchmarkRow& Row(const BenchmarkReport& report, std::string_view id) {
  auto it = std::find_if(report.rows.begin(), report.rows.end(),
                         [id](const BenchmarkRow& row) { return row.id == id; });
  EXPECT_NE(it, report.rows.end()) << id;
  return *it;
}

std::vector<std::string> Numbers(const std::vector<Authority>& authorities) {
  std::vector<std::string> numbers;
  for (const Authority& a : authorities) numbers.push_back(a.number);
  return numbers;
}

// A scratch directory, removed at the end of the test.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (std::string("sg_benchmarks_") + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }
  // Copies every shipped file except `except`.
  void CopyShipped(std::string_view except = {}) const {
    for (const auto& entry : std::filesystem::directory_iterator(ShippedDirectory())) {
      const std::string name = entry.path().filename().string();
      if (!name.ends_with(".csv.gz") || (!except.empty() && name.starts_with(except))) continue;
      std::filesystem::copy_file(entry.path(), path_ / name);
    }
  }

 private:
  std::filesystem::path path_;
};

// ---- The check values (Cheshire East, 2020-21) ----

TEST(BenchmarksTest, CheshireEast2021CinRateIs269Point4FromOnsMid2020) {
  EXPECT_THAT(Shipped().ChildPopulation("895", 2021), Optional(77292.0));
  EXPECT_THAT(Shipped().Published("cin_at_31_march", Level::kAuthority, "895", 2021),
              Optional(2082.0));
  EXPECT_THAT(Shipped().Published("cin_rate_per_10k", Level::kAuthority, "895", 2021),
              Optional(269.4));
  EXPECT_THAT(Shipped().Published("cin_rate_per_10k", Level::kEngland, "895", 2021),
              Optional(329.6));
}

TEST(BenchmarksTest, CheshireEast2021SectionFortySevensAre940) {
  EXPECT_THAT(Shipped().Published("s47_started", Level::kAuthority, "895", 2021), Optional(940.0));
  // 326 ICPCs of 940 enquiries; 22 + 231 of the 326 ICPCs within 15 working days.
  EXPECT_THAT(Shipped().Published("s47_to_icpc_pct", Level::kAuthority, "895", 2021),
              Optional(34.7));
  EXPECT_THAT(Shipped().Published("icpc_within_15wd_pct", Level::kAuthority, "895", 2021),
              Optional(77.6));
}

TEST(BenchmarksTest, CheshireEast2021AssessmentsFromLaitWithEnglandAndNorthWest) {
  const BenchmarkData& data = Shipped();
  EXPECT_THAT(data.Published("assessments_within_45wd_pct", Level::kAuthority, "895", 2021),
              Optional(73.6));
  EXPECT_THAT(data.Published("assessments_within_45wd_pct", Level::kEngland, "895", 2021),
              Optional(87.6));
  EXPECT_THAT(data.Published("assessments_within_45wd_pct", Level::kRegion, "895", 2021),
              Optional(86.5));
}

TEST(BenchmarksTest, CheshireEastReportHasAuthorityRegionAndNeighbourMedian) {
  auto report = CompareWithBenchmarks(Shipped(), "895", 2021);
  ASSERT_TRUE(report.has_value()) << report.error().message();
  EXPECT_EQ(report->la.name, "Cheshire East");
  EXPECT_EQ(report->la.ons_code, "E06000049");
  EXPECT_EQ(report->la.region_name, "North West");
  const BenchmarkRow& rate = Row(*report, "cin_rate_per_10k");
  EXPECT_THAT(rate.authority, Optional(269.4));
  EXPECT_THAT(rate.region, Optional(369.6));
  // The ten neighbours' rates (each rounded as published) have median
  // (273.1 + 285.4) / 2 = 279.25 and mean 276.21.
  EXPECT_EQ(rate.neighbours_with_value, 10);
  EXPECT_THAT(rate.neighbours_median, Optional(279.3));
  EXPECT_THAT(rate.neighbours_mean, Optional(276.2));
  EXPECT_THAT(rate.source, HasSubstr("At31_episodes"));
  EXPECT_THAT(report->notes, Contains(HasSubstr("ONS mid-2020 estimate")));
  EXPECT_THAT(report->notes, Contains(HasSubstr("contacts")));  // DfE publishes none
}

TEST(BenchmarksTest, AuthorityFoundByOnsCodeToo) {
  auto la = Shipped().FindAuthority("E06000049");
  ASSERT_TRUE(la.has_value()) << la.error().message();
  EXPECT_EQ(la->number, "895");
}

// ---- Bad input ----

TEST(BenchmarksTest, UnknownAuthorityIsNotFoundAndNamed) {
  auto report = CompareWithBenchmarks(Shipped(), "999", 2021);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code(), core::Code::kNotFound);
  EXPECT_THAT(report.error().message(), HasSubstr("999"));
}

TEST(BenchmarksTest, YearBefore2000IsOutOfRange) {
  auto report = CompareWithBenchmarks(Shipped(), "895", 1999);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code(), core::Code::kOutOfRange);
  EXPECT_THAT(report.error().message(), HasSubstr("1999"));
}

TEST(BenchmarksTest, YearWithoutDataGivesNullValuesAndANoteNotZero) {
  auto report = CompareWithBenchmarks(Shipped(), "895", 2010);
  ASSERT_TRUE(report.has_value()) << report.error().message();
  ASSERT_FALSE(report->rows.empty());
  for (const BenchmarkRow& row : report->rows) {
    EXPECT_EQ(row.authority, std::nullopt) << row.id;
    EXPECT_EQ(row.england, std::nullopt) << row.id;
    EXPECT_EQ(row.region, std::nullopt) << row.id;
    EXPECT_EQ(row.neighbours_median, std::nullopt) << row.id;
    EXPECT_EQ(row.neighbours_with_value, 0) << row.id;
  }
  EXPECT_THAT(report->notes,
              Contains(AllOf(HasSubstr("2009-10"), HasSubstr("2012-13 to 2024-25"))));
}

TEST(BenchmarksTest, AuthorityThatNoLongerExistsGetsANoteNotZeros) {
  // Northamptonshire (928) was split in 2021; the 2025 model does not list it.
  auto report = CompareWithBenchmarks(Shipped(), "928", 2025);
  ASSERT_TRUE(report.has_value()) << report.error().message();
  EXPECT_EQ(Row(*report, "cin_at_31_march").authority, std::nullopt);
  EXPECT_TRUE(Row(*report, "cin_at_31_march").england.has_value());
  EXPECT_TRUE(report->neighbours.empty());
  EXPECT_THAT(report->notes, Contains(HasSubstr("Northamptonshire (928) has no published figures "
                                                "for 2024-25")));
  EXPECT_THAT(report->notes, Contains(HasSubstr("does not list Northamptonshire (928)")));
}

TEST(BenchmarksTest, DefaultDirectoryIsTheEnvironmentsThenTheRepositorys) {
  const char* before = std::getenv("SAFEGUARD_BENCHMARKS");
  std::string saved = before != nullptr ? before : "";
  ::setenv("SAFEGUARD_BENCHMARKS", "/somewhere/benchmarks", 1);
  EXPECT_EQ(BenchmarkData::DefaultDirectory(), std::filesystem::path("/somewhere/benchmarks"));
  ::unsetenv("SAFEGUARD_BENCHMARKS");
  // A test binary built under the repository (build/<preset>/src/indicators/)
  // finds the repository's data/benchmarks.
  std::filesystem::path repository = std::filesystem::canonical(ShippedDirectory() / ".." / "..");
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe");
  if (exe.string().starts_with(repository.string() + "/")) {
    EXPECT_TRUE(std::filesystem::equivalent(BenchmarkData::DefaultDirectory(), ShippedDirectory()));
  }
  if (before != nullptr) ::setenv("SAFEGUARD_BENCHMARKS", saved.c_str(), 1);
}

TEST(BenchmarksTest, MissingDirectoryIsNotFound) {
  auto data = BenchmarkData::Load("/nonexistent/benchmarks");
  ASSERT_FALSE(data.has_value());
  EXPECT_EQ(data.error().code(), core::Code::kNotFound);
  EXPECT_THAT(data.error().message(), HasSubstr("/nonexistent/benchmarks"));
}

TEST(BenchmarksTest, MissingFileIsNamedInNotesAndItsMeasuresAreAbsent) {
  ScratchDirectory dir;
  dir.CopyShipped("c4_");
  auto data = BenchmarkData::Load(dir.path());
  ASSERT_TRUE(data.has_value()) << data.error().message();
  EXPECT_THAT(data->notes(),
              ElementsAre(AllOf(HasSubstr("c4_children_in_need_section_47s_and_icpcs"),
                                HasSubstr("s47_started"), HasSubstr("icpc_within_15wd_pct"))));
  auto report = CompareWithBenchmarks(*data, "895", 2021);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(Row(*report, "s47_started").authority, std::nullopt);
  EXPECT_THAT(Row(*report, "cin_at_31_march").authority, Optional(2082.0));
  EXPECT_THAT(report->notes, Contains(HasSubstr("c4_children_in_need_section_47s_and_icpcs")));
}

TEST(BenchmarksTest, MissingPopulationFileMakesEveryRateAbsent) {
  ScratchDirectory dir;
  dir.CopyShipped("ons_");
  auto data = BenchmarkData::Load(dir.path());
  ASSERT_TRUE(data.has_value()) << data.error().message();
  EXPECT_THAT(data->notes(), ElementsAre(AllOf(HasSubstr("ons_mid-year_population_estimates"),
                                               HasSubstr("cin_rate_per_10k"))));
  EXPECT_EQ(data->Published("cin_rate_per_10k", Level::kAuthority, "895", 2021), std::nullopt);
  EXPECT_EQ(data->ChildPopulation("895", 2021).error().code(), core::Code::kNotFound);
}

TEST(BenchmarksTest, MissingNeighbourModelIsANoteAndNoNeighbours) {
  ScratchDirectory dir;
  dir.CopyShipped("sn_model_2025");
  auto data = BenchmarkData::Load(dir.path());
  ASSERT_TRUE(data.has_value()) << data.error().message();
  auto report = CompareWithBenchmarks(*data, "895", 2025);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->neighbours.empty());
  EXPECT_EQ(Row(*report, "cin_at_31_march").neighbours_median, std::nullopt);
  EXPECT_THAT(report->notes, Contains(HasSubstr("sn_model_2025_wide")));
}

TEST(BenchmarksTest, TruncatedGzipIsDataLoss) {
  ScratchDirectory dir;
  std::ifstream in(ShippedDirectory() / "b1_children_in_need.csv.gz", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  dir.Write("b1_children_in_need.csv.gz", bytes.substr(0, bytes.size() / 2));
  auto data = BenchmarkData::Load(dir.path());
  ASSERT_FALSE(data.has_value());
  EXPECT_EQ(data.error().code(), core::Code::kDataLoss);
  EXPECT_THAT(data.error().message(), HasSubstr("b1_children_in_need.csv.gz"));
}

TEST(BenchmarksTest, FileWithoutAColumnFailsNamingFileAndColumn) {
  ScratchDirectory dir;
  dir.Write("b1_children_in_need.csv", "time_period,geographic_level,la_name\n2021,National,\n");
  auto data = BenchmarkData::Load(dir.path());
  ASSERT_FALSE(data.has_value());
  EXPECT_EQ(data.error().code(), core::Code::kInvalidArgument);
  EXPECT_THAT(data.error().message(),
              AllOf(HasSubstr("b1_children_in_need.csv"), HasSubstr("old_la_code")));
}

// ---- Suppression, formulas, file format ----

constexpr std::string_view kExploreHeader =
    "time_period,geographic_level,region_code,region_name,old_la_code,new_la_code,la_name";

TEST(BenchmarksTest, SuppressedCellsAreAbsentNeverZero) {
  for (std::string_view marker : {"c", "x", "z", "u", "k", "low", ":", "-", "", "NA"}) {
    EXPECT_EQ(benchmark_files::ParseCell(marker), std::nullopt) << marker;
  }
  EXPECT_THAT(benchmark_files::ParseCell("0"), Optional(0.0));
  EXPECT_THAT(benchmark_files::ParseCell("73.599999999999994"), Optional(73.6));
  // In the shipped data: Cheshire East's plans open two years or more at
  // 31 March 2021 are published as "c".
  EXPECT_EQ(Shipped().Published("cpp_open_2y_plus_pct", Level::kAuthority, "895", 2021),
            std::nullopt);
}

TEST(BenchmarksTest, PlainCsvWithByteOrderMarkAndSuppressedNumerator) {
  ScratchDirectory dir;
  const std::string header = std::string(kExploreHeader) + ",At31_episodes,Started_episodes\n";
  dir.Write("b1_children_in_need.csv",
            "\xEF\xBB\xBF" + header +
                "2021,National,,,,,,1000,x\n"
                "2021,Regional,E12000002,North West,,,,300,c\n"
                "2021,Local authority,E12000002,North West,901,E06000901,Alpha,c,5\n"
                "2021,Local authority,E12000002,North West,902,E06000902,Beta,\"40\",6\n");
  dir.Write("ons_mid-year_population_estimates.csv",
            std::string(kExploreHeader) +
                ",population_estimate\n"
                "2020,National,,,,,,100000\n"
                "2020,Regional,E12000002,North West,,,,30000\n"
                "2020,Local authority,E12000002,North West,902,E06000902,Beta,3000\n");
  auto data = BenchmarkData::Load(dir.path());
  ASSERT_TRUE(data.has_value()) << data.error().message();
  EXPECT_EQ(data->Published("cin_at_31_march", Level::kAuthority, "901", 2021), std::nullopt);
  EXPECT_EQ(data->Published("cin_rate_per_10k", Level::kAuthority, "901", 2021), std::nullopt);
  EXPECT_THAT(data->Published("cin_rate_per_10k", Level::kAuthority, "902", 2021),
              Optional(133.3));  // 40 / 3000 * 10,000
  EXPECT_THAT(data->Published("cin_rate_per_10k", Level::kRegion, "902", 2021), Optional(100.0));
  EXPECT_THAT(data->Published("cin_rate_per_10k", Level::kEngland, "", 2021), Optional(100.0));
  EXPECT_EQ(data->Published("cin_started", Level::kEngland, "", 2021), std::nullopt);
  EXPECT_EQ(data->Published("cin_at_31_march", Level::kAuthority, "902", 2022), std::nullopt);
  auto la = data->FindAuthority("902");
  ASSERT_TRUE(la.has_value());
  EXPECT_EQ(la->name, "Beta");
  EXPECT_EQ(la->region_code, "E12000002");
}

TEST(BenchmarksTest, LaitLondonBoroughComparesWithItsHalfOfLondon) {
  // Camden (202) is "Inner London" in LAIT's Region column; the region's own
  // rows are "London (Inner)".
  const BenchmarkData& data = Shipped();
  auto camden = data.Published("cla_outside_la_over_20_miles_pct", Level::kRegion, "202", 2021);
  auto barnet = data.Published("cla_outside_la_over_20_miles_pct", Level::kRegion, "302", 2021);
  ASSERT_TRUE(camden.has_value());
  ASSERT_TRUE(barnet.has_value());
  EXPECT_NE(*camden, *barnet);  // Inner and Outer London
  EXPECT_EQ(data.FindAuthority("202")->region_name, "Inner London");
  EXPECT_THAT(data.Published("assessments_within_45wd_pct", Level::kRegion, "815", 2021),
              Optional(::testing::Gt(0.0)));  // "Yorkshire and The Humber" vs "... the Humber"
}

// ---- Statistical neighbours ----

TEST(BenchmarksTest, CheshireEastNeighboursUnderThe2021ModelUpTo2024) {
  auto neighbours = Shipped().Neighbours("895", 2024);
  ASSERT_TRUE(neighbours.has_value()) << neighbours.error().message();
  EXPECT_EQ(neighbours->model, "DfE statistical neighbours, April 2021 model");
  EXPECT_THAT(Numbers(neighbours->authorities),
              ElementsAre("896", "937", "823", "815", "850", "877", "802", "811", "885", "855"));
  EXPECT_EQ(neighbours->authorities[0].name, "Cheshire West and Chester");
}

TEST(BenchmarksTest, CheshireEastNeighboursUnderThe2025ModelFrom2025) {
  auto neighbours = Shipped().Neighbours("895", 2025);
  ASSERT_TRUE(neighbours.has_value()) << neighbours.error().message();
  EXPECT_EQ(neighbours->model, "DfE statistical neighbours, 2025 model");
  EXPECT_THAT(Numbers(neighbours->authorities),
              ElementsAre("916", "937", "815", "877", "865", "850", "896", "931", "885", "855"));
  EXPECT_EQ(neighbours->authorities[0].name, "Gloucestershire");
}

TEST(BenchmarksTest, NeighbourThatDidNotExistThatYearIsNotCounted) {
  // Derbyshire's 2021-model neighbours include Cumbria (909), whose last
  // figures are for 2022-23, and North Northamptonshire (940), whose first
  // are for 2021-22.
  auto report = CompareWithBenchmarks(Shipped(), "830", 2024);
  ASSERT_TRUE(report.has_value()) << report.error().message();
  EXPECT_EQ(Row(*report, "cin_at_31_march").neighbours_with_value, 9);
  EXPECT_THAT(report->notes, Contains(AllOf(HasSubstr("Cumbria (909)"), HasSubstr("2023-24"))));
  auto earlier = CompareWithBenchmarks(Shipped(), "830", 2021);
  ASSERT_TRUE(earlier.has_value());
  EXPECT_EQ(Row(*earlier, "cin_at_31_march").neighbours_with_value, 9);
  EXPECT_THAT(earlier->notes, Contains(HasSubstr("North Northamptonshire (940)")));
}

TEST(BenchmarksTest, MedianAndMeanOverNeighboursWithAValueOddCount) {
  std::vector<std::optional<double>> values = {1.0, std::nullopt, 10.0, 2.0};
  NeighbourAggregate aggregate = AggregateNeighbours(values);
  EXPECT_EQ(aggregate.with_value, 3);
  EXPECT_THAT(aggregate.median, Optional(2.0));
  EXPECT_THAT(aggregate.mean, Optional(4.3));  // 13 / 3
}

TEST(BenchmarksTest, MedianOfEvenCountIsMeanOfMiddleTwo) {
  std::vector<std::optional<double>> values = {10.0, 1.0, 3.0, 2.0};
  NeighbourAggregate aggregate = AggregateNeighbours(values);
  EXPECT_EQ(aggregate.with_value, 4);
  EXPECT_THAT(aggregate.median, Optional(2.5));
  EXPECT_THAT(aggregate.mean, Optional(4.0));
}

TEST(BenchmarksTest, NoNeighbourValuesGiveNoMedianOrMean) {
  std::vector<std::optional<double>> values = {std::nullopt, std::nullopt};
  NeighbourAggregate aggregate = AggregateNeighbours(values);
  EXPECT_EQ(aggregate.with_value, 0);
  EXPECT_EQ(aggregate.median, std::nullopt);
  EXPECT_EQ(aggregate.mean, std::nullopt);
}

// ---- The mapping table ----

TEST(BenchmarksTest, EveryMappedIdIsInTheCatalogueAndHasASource) {
  for (std::string_view id : BenchmarkData::MappedIds()) {
    EXPECT_FALSE(BenchmarkData::Source(id).empty()) << id;
    EXPECT_NE(FindDefinition(id), nullptr) << id;
  }
  EXPECT_TRUE(BenchmarkData::Source("contacts").empty());
}

TEST(BenchmarksTest, EveryMappedIdHasAnEnglandValueFor2024) {
  // 2023-24 is the one year every shipped file covers (the ceased file
  // ends there, the CLA file starts in 2020-21).
  for (std::string_view id : BenchmarkData::MappedIds()) {
    EXPECT_TRUE(Shipped().Published(id, Level::kEngland, "895", 2024).has_value()) << id;
  }
}

TEST(BenchmarksTest, ShippedDataLoadsWithoutNotes) {
  EXPECT_THAT(Shipped().notes(), ElementsAre());
}

}  // namespace
}  // namespace sg::indicators
