// The report model: targets and RAG, the figure book, the scorecard and the
// annual report, over a small hand-built snapshot (and, where benchmarks
// matter, the shipped DfE files).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/date.h"
#include "indicators/benchmarks.h"
#include "indicators/indicator.h"
#include "reporting/annual_report.h"
#include "reporting/figures.h"
#include "reporting/scorecard.h"
#include "reporting/targets.h"
#include "reporting/test_util.h"
#include "store/snapshot.h"

namespace sg::reporting {
namespace {

using core::Code;
using indicators::Definition;
using indicators::Polarity;
using indicators::Unit;
using store::ContactOutcome;
using store::kOpen;
using ::testing::Each;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;
using testing::ReadFile;
using testing::ScratchDir;
using testing::WriteFile;

// ---- Targets::Parse ----

core::Result<Targets> Parse(std::string_view text) {
  return Targets::Parse(text, "targets.conf");
}

template <typename T>
void ExpectInvalid(const core::Result<T>& result, std::string_view part) {
  ASSERT_FALSE(result.has_value()) << "expected an error containing '" << part << "'";
  EXPECT_EQ(result.error().code(), Code::kInvalidArgument) << result.error().message();
  EXPECT_THAT(result.error().message(), HasSubstr(part));
}

TEST(TargetsParseTest, CommentsAndBlankLinesAreSkipped) {
  auto targets = Parse(
      "# Targets for 2021\n"
      "\n"
      "   \n"
      "   # an indented comment\n"
      "assessments_within_45wd_pct = 85\n"
      "\t rereferrals_12m_pct=20 \t\n");
  ASSERT_TRUE(targets) << targets.error().message();
  EXPECT_EQ(targets->size(), 2u);
  ASSERT_NE(targets->Find("assessments_within_45wd_pct"), nullptr);
  EXPECT_EQ(targets->Find("assessments_within_45wd_pct")->value, 85);
  EXPECT_EQ(targets->Find("assessments_within_45wd_pct")->amber, std::nullopt);
  ASSERT_NE(targets->Find("rereferrals_12m_pct"), nullptr);
  EXPECT_EQ(targets->Find("rereferrals_12m_pct")->value, 20);
  EXPECT_EQ(targets->Find("contacts"), nullptr);
}

TEST(TargetsParseTest, EmptyTextHasNoTargets) {
  auto targets = Parse("");
  ASSERT_TRUE(targets) << targets.error().message();
  EXPECT_EQ(targets->size(), 0u);
}

TEST(TargetsParseTest, AmberLineIsKeptBesideTheTarget) {
  auto targets =
      Parse("assessments_within_45wd_pct.amber = 80\nassessments_within_45wd_pct = 85.5\n");
  ASSERT_TRUE(targets) << targets.error().message();
  const Target* target = targets->Find("assessments_within_45wd_pct");
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(target->value, 85.5);
  EXPECT_THAT(target->amber, Optional(80.0));
  EXPECT_EQ(targets->size(), 1u);
}

TEST(TargetsParseTest, UnknownIdNamesFileLineAndClosestId) {
  auto targets = Parse("# comment\ncontacts = 100\nassesments_within_45wd_pct = 85\n");
  ExpectInvalid(targets, "targets.conf line 3");
  ExpectInvalid(targets, "'assesments_within_45wd_pct' is not an indicator id");
  ExpectInvalid(targets, "did you mean 'assessments_within_45wd_pct'?");
}

TEST(TargetsParseTest, UnknownIdOnAnAmberLineNamesTheId) {
  ExpectInvalid(Parse("contcts.amber = 3\n"),
                "'contcts' is not an indicator id (did you mean 'contacts'?)");
}

TEST(TargetsParseTest, LineWithoutEqualsIsAnError) {
  ExpectInvalid(Parse("contacts 100\n"), "targets.conf line 1: expected 'indicator_id = target'");
}

TEST(TargetsParseTest, ValueThatIsNotANumberIsAnError) {
  ExpectInvalid(Parse("contacts = lots\n"),
                "line 1: the target for contacts is 'lots', not a number");
  ExpectInvalid(Parse("contacts =\n"), "not a number");
  ExpectInvalid(Parse("assessments_within_45wd_pct = 85%\n"), "'85%', not a number");
  ExpectInvalid(Parse("contacts = 1 000\n"), "not a number");
}

// strtod reads "nan", but NaN is not a target: every comparison with it is
// false, so every value would rate red (and NaN slips past the 0-100 check).
TEST(TargetsParseTest, NanIsNotANumber) {
  ExpectInvalid(Parse("contacts = nan\n"), "line 1");
  ExpectInvalid(Parse("assessments_within_45wd_pct = nan\n"), "line 1");
  ExpectInvalid(
      Parse("assessments_within_45wd_pct = 85\nassessments_within_45wd_pct.amber = NAN\n"),
      "line 2");
}

// strtod reads "inf" too; a target no value can reach is a typo, not a goal.
TEST(TargetsParseTest, InfinityIsAnError) {
  ExpectInvalid(Parse("contacts = inf\n"), "line 1");
  ExpectInvalid(Parse("rereferrals_12m_pct = 20\nrereferrals_12m_pct.amber = infinity\n"),
                "line 2");
}

TEST(TargetsParseTest, PercentageOutsideZeroToHundredIsAnError) {
  ExpectInvalid(Parse("assessments_within_45wd_pct = 100.5\n"),
                "assessments_within_45wd_pct is a percentage: 100.5 is outside 0 to 100");
  ExpectInvalid(Parse("assessments_within_45wd_pct = -1\n"), "outside 0 to 100");
  ExpectInvalid(
      Parse("assessments_within_45wd_pct = 85\nassessments_within_45wd_pct.amber = 120\n"),
      "line 2");
}

TEST(TargetsParseTest, PercentageAtZeroAndHundredIsAccepted) {
  auto targets = Parse("assessments_within_45wd_pct = 100\nrereferrals_12m_pct = 0\n");
  ASSERT_TRUE(targets) << targets.error().message();
  EXPECT_EQ(targets->Find("assessments_within_45wd_pct")->value, 100);
  EXPECT_EQ(targets->Find("rereferrals_12m_pct")->value, 0);
}

TEST(TargetsParseTest, CountIsNotLimitedToHundred) {
  auto targets = Parse("contacts = 25000\n");
  ASSERT_TRUE(targets) << targets.error().message();
  EXPECT_EQ(targets->Find("contacts")->value, 25000);
}

TEST(TargetsParseTest, DuplicateKeyIsAnError) {
  ExpectInvalid(Parse("contacts = 1\ncontacts = 2\n"),
                "targets.conf line 2: contacts is given twice");
  ExpectInvalid(Parse("contacts = 1\ncontacts.amber = 2\ncontacts.amber = 3\n"),
                "line 3: contacts.amber is given twice");
}

TEST(TargetsParseTest, AmberWithoutTargetIsAnError) {
  ExpectInvalid(
      Parse("assessments_within_45wd_pct.amber = 80\n"),
      "assessments_within_45wd_pct.amber is set but assessments_within_45wd_pct has no target");
}

TEST(TargetsLoadTest, MissingFileIsNotFound) {
  ScratchDir dir("sg_targets_test_");
  auto targets = Targets::Load(dir.path() / "no-such.conf");
  ASSERT_FALSE(targets);
  EXPECT_EQ(targets.error().code(), Code::kNotFound);
}

TEST(TargetsLoadTest, FileNameAppearsInMessages) {
  ScratchDir dir("sg_targets_test_");
  WriteFile(dir.path() / "local.conf", "contacts = x\n");
  ExpectInvalid(Targets::Load(dir.path() / "local.conf"), "local.conf line 1");
}

// ---- RateAgainst ----

constexpr Definition Defined(Polarity polarity) {
  return Definition{.id = "test",
                    .section = "",
                    .title = "",
                    .rule = "",
                    .source = "",
                    .unit = Unit::kPercent,
                    .polarity = polarity};
}
constexpr Definition kHigher = Defined(Polarity::kHigherIsBetter);
constexpr Definition kLower = Defined(Polarity::kLowerIsBetter);
constexpr Definition kNeutral = Defined(Polarity::kNeutral);

TEST(RateAgainstTest, HigherIsBetterWithDefaultAmberAtNinetyFivePercent) {
  const Target target{.value = 80, .amber = std::nullopt};  // amber line 76
  EXPECT_EQ(RateAgainst(kHigher, 90.0, &target), Rag::kGreen);
  EXPECT_EQ(RateAgainst(kHigher, 80.0, &target), Rag::kGreen);  // exactly on target
  EXPECT_EQ(RateAgainst(kHigher, 79.9, &target), Rag::kAmber);
  EXPECT_EQ(RateAgainst(kHigher, 76.0, &target), Rag::kAmber);  // exactly on the amber line
  EXPECT_EQ(RateAgainst(kHigher, 75.9, &target), Rag::kRed);
  EXPECT_EQ(RateAgainst(kHigher, 0.0, &target), Rag::kRed);
}

TEST(RateAgainstTest, HigherIsBetterWithExplicitAmber) {
  const Target target{.value = 85, .amber = 80};
  EXPECT_EQ(RateAgainst(kHigher, 85.0, &target), Rag::kGreen);
  EXPECT_EQ(RateAgainst(kHigher, 80.0, &target), Rag::kAmber);
  EXPECT_EQ(RateAgainst(kHigher, 79.99, &target), Rag::kRed);
}

TEST(RateAgainstTest, LowerIsBetterWithDefaultAmberAtHundredAndFivePercent) {
  const Target target{.value = 20, .amber = std::nullopt};  // amber line 21
  EXPECT_EQ(RateAgainst(kLower, 5.0, &target), Rag::kGreen);
  EXPECT_EQ(RateAgainst(kLower, 20.0, &target), Rag::kGreen);  // exactly on target
  EXPECT_EQ(RateAgainst(kLower, 20.1, &target), Rag::kAmber);
  EXPECT_EQ(RateAgainst(kLower, 21.0, &target), Rag::kAmber);  // exactly on the amber line
  EXPECT_EQ(RateAgainst(kLower, 21.1, &target), Rag::kRed);
}

TEST(RateAgainstTest, LowerIsBetterWithExplicitAmber) {
  const Target target{.value = 10, .amber = 12};
  EXPECT_EQ(RateAgainst(kLower, 10.0, &target), Rag::kGreen);
  EXPECT_EQ(RateAgainst(kLower, 12.0, &target), Rag::kAmber);
  EXPECT_EQ(RateAgainst(kLower, 12.01, &target), Rag::kRed);
}

TEST(RateAgainstTest, NeutralIsNotRatedEvenWithATarget) {
  const Target target{.value = 50, .amber = std::nullopt};
  EXPECT_EQ(RateAgainst(kNeutral, 50.0, &target), Rag::kNotRated);
  EXPECT_EQ(RateAgainst(kNeutral, 0.0, &target), Rag::kNotRated);
}

TEST(RateAgainstTest, NullValueIsNoData) {
  const Target target{.value = 50, .amber = std::nullopt};
  EXPECT_EQ(RateAgainst(kHigher, std::nullopt, &target), Rag::kNoData);
  EXPECT_EQ(RateAgainst(kLower, std::nullopt, nullptr), Rag::kNoData);
  EXPECT_EQ(RateAgainst(kNeutral, std::nullopt, &target), Rag::kNoData);
}

TEST(RateAgainstTest, NoTargetIsNotRated) {
  EXPECT_EQ(RateAgainst(kHigher, 50.0, nullptr), Rag::kNotRated);
  EXPECT_EQ(RateAgainst(kLower, 50.0, nullptr), Rag::kNotRated);
}

TEST(RagTest, NamesAndLabels) {
  EXPECT_EQ(RagName(Rag::kGreen), "green");
  EXPECT_EQ(RagName(Rag::kAmber), "amber");
  EXPECT_EQ(RagName(Rag::kRed), "red");
  EXPECT_EQ(RagName(Rag::kNotRated), "not_rated");
  EXPECT_EQ(RagName(Rag::kNoData), "no_data");
  EXPECT_EQ(RagLabel(Rag::kAmber), "Amber");
  EXPECT_EQ(RagLabel(Rag::kNotRated), "Not rated");
  EXPECT_EQ(RagLabel(Rag::kNoData), "No data");
}

// ---- The hand-built snapshot ----

store::DayNumber Day(int year, unsigned month, unsigned day) {
  return core::Date::FromYmd(year, month, day).days();
}

// Three children; contacts in the second quarter (July to September) of
// 2017-18, 2019-20 and 2020-21 and one at the very end of 2020-21; two
// referrals. Per reporting year the contacts are: 2016-17 none recorded
// (the records begin on 1 August 2017), 2017-18 1, 2018-19 0, 2019-20 2,
// 2020-21 4. Child exploitation contacts with a CE screening tool: 1 of 1
// in Q2 2019-20, 1 of 2 in Q2 2020-21 (and in the year 2020-21).
store::Snapshot HandBuiltSnapshot() {
  store::Snapshot s;
  s.persons = {.id = {1, 2, 3},
               .birth = {Day(2010, 1, 1), Day(2012, 6, 30), Day(2015, 3, 3)},
               .uasc = {0, 0, 0},
               .uasc_ceased = {kOpen, kOpen, kOpen}};
  auto& c = s.contacts;
  c.factor_names = {"child_sexual_exploitation", "child_criminal_exploitation", "neglect"};
  c.tool_names = {"CE screening tool"};
  c.factors.offsets = {0};
  c.tools.offsets = {0};
  auto contact = [&](int32_t person, store::DayNumber date, ContactOutcome outcome,
                     std::vector<uint16_t> factors, std::vector<uint16_t> tools) {
    c.person.push_back(person);
    c.date.push_back(date);
    c.outcome.push_back(outcome);
    c.factor_values.insert(c.factor_values.end(), factors.begin(), factors.end());
    c.factors.offsets.push_back(static_cast<uint32_t>(c.factor_values.size()));
    c.tool_values.insert(c.tool_values.end(), tools.begin(), tools.end());
    c.tools.offsets.push_back(static_cast<uint32_t>(c.tool_values.size()));
  };
  contact(0, Day(2017, 8, 1), ContactOutcome::kAdvice, {}, {});
  contact(0, Day(2020, 7, 1), ContactOutcome::kReferral, {0}, {0});
  contact(1, Day(2019, 7, 15), ContactOutcome::kReferral, {0}, {0});
  contact(1, Day(2020, 8, 1), ContactOutcome::kNfa, {1}, {});
  contact(2, Day(2019, 8, 20), ContactOutcome::kAdvice, {}, {});
  contact(2, Day(2020, 9, 30), ContactOutcome::kAdvice, {2}, {});
  contact(2, Day(2021, 3, 31), ContactOutcome::kEarlyHelp, {}, {});
  s.referrals = {.person = {0, 1},
                 .date = {Day(2020, 7, 1), Day(2019, 7, 15)},
                 .nfa = {0, 0},
                 .closure = {kOpen, kOpen},
                 .closure_reason = {store::ShortCode(), store::ShortCode()}};
  return s;
}

const core::WorkingCalendar& Calendar() {
  return core::WorkingCalendar::EnglandAndWales();
}

// The shipped DfE files, loaded once for the whole test program.
const indicators::BenchmarkData* Shipped() {
  static const std::optional<indicators::BenchmarkData> data =
      []() -> std::optional<indicators::BenchmarkData> {
    auto loaded = indicators::BenchmarkData::Load(indicators::BenchmarkData::DefaultDirectory());
    EXPECT_TRUE(loaded) << loaded.error().message();
    if (!loaded) return std::nullopt;
    return std::move(*loaded);
  }();
  return data ? &*data : nullptr;
}

std::vector<std::optional<double>> ValuesOf(const FigureBook& book, std::string_view id) {
  std::vector<std::optional<double>> out;
  for (const auto& v : book.Find(id).values) out.push_back(v.value);
  return out;
}

std::vector<std::string> Labels(const std::vector<BookPeriod>& periods) {
  std::vector<std::string> out;
  for (const auto& p : periods) out.push_back(p.label);
  return out;
}

TEST(HandBuiltSnapshotTest, KeepsTheInvariants) {
  auto valid = HandBuiltSnapshot().Validate();
  EXPECT_TRUE(valid) << valid.error().message();
}

// ---- Periods ----

TEST(YearsEndingTest, YearLabels) {
  EXPECT_EQ(YearLabel(2021), "2020-21");
  EXPECT_EQ(YearLabel(2000), "1999-00");
  EXPECT_EQ(YearLabel(2010), "2009-10");
}

TEST(YearsEndingTest, FiveWholeYearsOldestFirst) {
  auto periods = YearsEnding(2021, 5, 0);
  EXPECT_THAT(Labels(periods),
              ::testing::ElementsAre("2016-17", "2017-18", "2018-19", "2019-20", "2020-21"));
  ASSERT_EQ(periods.size(), 5u);
  EXPECT_EQ(periods.front().year, 2017);
  EXPECT_EQ(periods.back().year, 2021);
  EXPECT_EQ(periods.back().quarter, 0);
  EXPECT_EQ(periods.front().period.start, core::Date::FromYmd(2016, 4, 1));
  EXPECT_EQ(periods.back().period.end, core::Date::FromYmd(2021, 3, 31));
}

TEST(YearsEndingTest, QuarterOfEachYear) {
  auto periods = YearsEnding(2021, 5, 2);
  EXPECT_THAT(Labels(periods), ::testing::ElementsAre("Q2 2016-17", "Q2 2017-18", "Q2 2018-19",
                                                      "Q2 2019-20", "Q2 2020-21"));
  EXPECT_EQ(periods.back().quarter, 2);
  EXPECT_EQ(periods.back().period.start, core::Date::FromYmd(2020, 7, 1));
  EXPECT_EQ(periods.back().period.end, core::Date::FromYmd(2020, 9, 30));
  auto q4 = YearsEnding(2021, 1, 4);
  ASSERT_EQ(q4.size(), 1u);
  EXPECT_EQ(q4[0].label, "Q4 2020-21");
  EXPECT_EQ(q4[0].period.start, core::Date::FromYmd(2021, 1, 1));
  EXPECT_EQ(q4[0].period.end, core::Date::FromYmd(2021, 3, 31));
}

// ---- BuildFigureBook without benchmarks ----

TEST(FigureBookTest, ValuesPerYearWithoutBenchmarkData) {
  const store::Snapshot snapshot = HandBuiltSnapshot();
  FigureBook book = BuildFigureBook(snapshot, Calendar(), nullptr, "", YearsEnding(2021, 5, 0));
  EXPECT_EQ(book.la_number, "");
  EXPECT_EQ(book.AuthorityName(), "the authority");
  EXPECT_FALSE(book.authority.has_value());
  EXPECT_EQ(book.neighbour_model, "");
  EXPECT_THAT(Labels(book.periods),
              ::testing::ElementsAre("2016-17", "2017-18", "2018-19", "2019-20", "2020-21"));
  ASSERT_EQ(book.indicators.size(), indicators::Catalogue().size());
  for (size_t i = 0; i < book.indicators.size(); ++i) {
    EXPECT_EQ(book.indicators[i].definition->id, indicators::Catalogue()[i].id);
    EXPECT_EQ(book.indicators[i].values.size(), 5u);
    EXPECT_EQ(book.indicators[i].published.size(), 5u);
    EXPECT_EQ(book.indicators[i].benchmark_source, "");
  }
  // 2016-17 ends before the first record: no data, not 0.
  EXPECT_THAT(ValuesOf(book, "contacts"),
              ::testing::ElementsAre(std::nullopt, Optional(1.0), Optional(0.0), Optional(2.0),
                                     Optional(4.0)));
  EXPECT_NE(book.Find("contacts").values[0].reason, "");
  EXPECT_THAT(ValuesOf(book, "contacts_child_exploitation"),
              ::testing::ElementsAre(std::nullopt, Optional(0.0), Optional(0.0), Optional(1.0),
                                     Optional(2.0)));
  EXPECT_THAT(ValuesOf(book, "contacts_child_exploitation_screening_pct").back(), Optional(50.0));
  EXPECT_THAT(ValuesOf(book, "referrals"),
              ::testing::ElementsAre(std::nullopt, std::nullopt, std::nullopt, Optional(1.0),
                                     Optional(1.0)));
  // No care episodes at all: every care figure is null.
  EXPECT_THAT(ValuesOf(book, "cla_at_31_march"), Each(std::nullopt));
  // Rates need a population, which comes with the benchmark data.
  EXPECT_THAT(ValuesOf(book, "referral_rate_per_10k"), Each(std::nullopt));
  EXPECT_THAT(book.population, Each(std::nullopt));
  ASSERT_EQ(book.population.size(), 5u);
  for (const auto& h : book.indicators) {
    for (const Published& p : h.published) {
      EXPECT_EQ(p.england, std::nullopt) << h.definition->id;
      EXPECT_EQ(p.authority, std::nullopt) << h.definition->id;
    }
  }
}

TEST(FigureBookTest, NotesSayBenchmarksAreNotLoadedAndWhereRecordsBegin) {
  FigureBook book =
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), nullptr, "", YearsEnding(2021, 5, 0));
  EXPECT_THAT(book.notes, ::testing::Contains(HasSubstr("benchmark data is not loaded")));
  EXPECT_THAT(book.notes,
              ::testing::Contains("The records begin on 2017-08-01, so the figures for 2017-18 "
                                  "cover part of it only."));
}

TEST(FigureBookTest, LaNumberWithoutBenchmarkDataNamesTheNumber) {
  FigureBook book =
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), nullptr, "895", YearsEnding(2021, 1, 0));
  EXPECT_EQ(book.la_number, "895");
  EXPECT_EQ(book.AuthorityName(), "authority 895");
  EXPECT_FALSE(book.authority.has_value());
}

TEST(FigureBookTest, ValuesPerQuarter) {
  FigureBook book =
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), nullptr, "", YearsEnding(2021, 5, 2));
  EXPECT_THAT(Labels(book.periods), ::testing::ElementsAre("Q2 2016-17", "Q2 2017-18", "Q2 2018-19",
                                                           "Q2 2019-20", "Q2 2020-21"));
  // The contact of 31 March 2021 is in Q4, not Q2.
  EXPECT_THAT(ValuesOf(book, "contacts"),
              ::testing::ElementsAre(std::nullopt, Optional(1.0), Optional(0.0), Optional(2.0),
                                     Optional(3.0)));
  EXPECT_THAT(ValuesOf(book, "contacts_child_exploitation_screening_pct"),
              ::testing::ElementsAre(std::nullopt, std::nullopt, std::nullopt, Optional(100.0),
                                     Optional(50.0)));
}

TEST(FigureBookTest, EmptySnapshotHasNoFiguresAndNoRecordsNote) {
  FigureBook book =
      BuildFigureBook(store::Snapshot{}, Calendar(), nullptr, "", YearsEnding(2021, 2, 0));
  EXPECT_THAT(ValuesOf(book, "contacts"), Each(std::nullopt));
  EXPECT_THAT(book.notes, Not(::testing::Contains(HasSubstr("The records begin"))));
}

// ---- BuildFigureBook with the shipped DfE files ----

TEST(FigureBookBenchmarksTest, CheshireEastWithPublishedEnglandValues) {
  const indicators::BenchmarkData* data = Shipped();
  ASSERT_NE(data, nullptr);
  FigureBook book =
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), data, "895", YearsEnding(2021, 5, 0));
  ASSERT_TRUE(book.authority.has_value());
  EXPECT_EQ(book.authority->name, "Cheshire East");
  EXPECT_EQ(book.AuthorityName(), "Cheshire East");
  EXPECT_THAT(book.neighbour_model, HasSubstr("statistical neighbours"));
  EXPECT_FALSE(book.neighbours.empty());
  EXPECT_THAT(book.notes, Not(::testing::Contains(HasSubstr("benchmark data is not loaded"))));

  const IndicatorHistory& cin_rate = book.Find("cin_rate_per_10k");
  EXPECT_NE(cin_rate.benchmark_source, "");
  const Published& latest = cin_rate.published.back();  // 2020-21
  EXPECT_THAT(latest.england, Optional(329.6));
  EXPECT_THAT(latest.authority, Optional(269.4));
  EXPECT_TRUE(latest.region.has_value());
  EXPECT_TRUE(latest.neighbours_median.has_value());
  EXPECT_GT(latest.neighbours_with_value, 0);
  // ONS mid-2020 estimate of children aged 0-17 for 2020-21.
  EXPECT_THAT(book.population.back(), Optional(77292.0));
  // With a population, our own rate is computed: 1 referral in 2020-21.
  EXPECT_TRUE(book.Find("referral_rate_per_10k").values.back().value.has_value());
}

TEST(FigureBookBenchmarksTest, UnknownAuthorityIsANoteNotAFailure) {
  const indicators::BenchmarkData* data = Shipped();
  ASSERT_NE(data, nullptr);
  FigureBook book =
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), data, "999", YearsEnding(2021, 1, 0));
  EXPECT_FALSE(book.authority.has_value());
  EXPECT_EQ(book.AuthorityName(), "authority 999");
  EXPECT_THAT(book.notes, ::testing::Contains(HasSubstr("999")));
}

// ---- BuildScorecard ----

Targets ScorecardTargets() {
  auto targets = Targets::Parse(
      "contacts_child_exploitation_screening_pct = 80\n"  // higher is better: 50.0 is red
      "rereferrals_12m_pct = 20\n"                        // lower is better: 0.0 is green
      "contacts = 5\n"                                    // neutral: not rated
      "cla_at_31_march = 100\n",                          // no care records: no data
      "scorecard.conf");
  EXPECT_TRUE(targets) << targets.error().message();
  return targets.value_or(Targets{});
}

Scorecard QuarterTwoScorecard(const Targets* targets) {
  FigureBook book =
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), nullptr, "", YearsEnding(2021, 5, 2));
  return BuildScorecard(std::move(book), targets, "scorecard.conf", nullptr);
}

const ScorecardRow& RowFor(const Scorecard& card, std::string_view id) {
  for (const auto& row : card.rows)
    if (card.history(row).definition->id == id) return row;
  ADD_FAILURE() << "no row for " << id;
  return card.rows.front();
}

TEST(ScorecardTest, RowsInCatalogueOrder) {
  const Targets targets = ScorecardTargets();
  Scorecard card = QuarterTwoScorecard(&targets);
  EXPECT_EQ(card.year, 2021);
  EXPECT_EQ(card.quarter, 2);
  EXPECT_EQ(card.targets_source, "scorecard.conf");
  ASSERT_EQ(card.rows.size(), indicators::Catalogue().size());
  for (size_t i = 0; i < card.rows.size(); ++i) {
    EXPECT_EQ(card.rows[i].indicator, i);
    EXPECT_EQ(card.history(card.rows[i]).definition->id, indicators::Catalogue()[i].id);
    EXPECT_EQ(card.rows[i].benchmark_year, 0);  // no benchmark data
  }
}

TEST(ScorecardTest, RagFromTheLastPeriodAgainstTheTargets) {
  const Targets targets = ScorecardTargets();
  Scorecard card = QuarterTwoScorecard(&targets);
  const ScorecardRow& screening = RowFor(card, "contacts_child_exploitation_screening_pct");
  EXPECT_THAT(card.value(screening).value, Optional(50.0));
  EXPECT_THAT(screening.target, Optional(80.0));
  EXPECT_EQ(screening.rag, Rag::kRed);
  const ScorecardRow& rereferrals = RowFor(card, "rereferrals_12m_pct");
  EXPECT_THAT(card.value(rereferrals).value, Optional(0.0));
  EXPECT_EQ(rereferrals.rag, Rag::kGreen);
  EXPECT_EQ(RowFor(card, "contacts").rag, Rag::kNotRated);
  EXPECT_THAT(RowFor(card, "contacts").target, Optional(5.0));
  EXPECT_EQ(RowFor(card, "cla_at_31_march").rag, Rag::kNoData);
  const ScorecardRow& no_target = RowFor(card, "contacts_to_referral_pct");
  EXPECT_EQ(no_target.target, std::nullopt);
  EXPECT_EQ(no_target.rag, Rag::kNotRated);
  for (const auto& row : card.rows) {
    const Target* target = targets.Find(card.history(row).definition->id);
    EXPECT_EQ(row.rag, RateAgainst(*card.history(row).definition, card.value(row).value, target))
        << card.history(row).definition->id;
  }
}

TEST(ScorecardTest, WithoutTargetsNothingIsRated) {
  Scorecard card = QuarterTwoScorecard(nullptr);
  for (const auto& row : card.rows) {
    EXPECT_EQ(row.target, std::nullopt);
    EXPECT_THAT(row.rag, ::testing::AnyOf(Rag::kNotRated, Rag::kNoData));
  }
}

TEST(ScorecardTest, LastYearIsThePreviousPeriodsValue) {
  Scorecard card = QuarterTwoScorecard(nullptr);
  const ScorecardRow& screening = RowFor(card, "contacts_child_exploitation_screening_pct");
  ASSERT_NE(card.last_year(screening), nullptr);
  EXPECT_THAT(card.last_year(screening)->value, Optional(100.0));
  const ScorecardRow& contacts = RowFor(card, "contacts");
  ASSERT_NE(card.last_year(contacts), nullptr);
  EXPECT_THAT(card.last_year(contacts)->value, Optional(2.0));
  EXPECT_EQ(card.last_year(contacts), &card.history(contacts).values[3]);
}

TEST(ScorecardTest, OnePeriodHasNoLastYear) {
  FigureBook book =
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), nullptr, "", YearsEnding(2021, 1, 2));
  Scorecard card = BuildScorecard(std::move(book), nullptr, "none", nullptr);
  EXPECT_EQ(card.last_year(card.rows.front()), nullptr);
}

TEST(ScorecardTest, BenchmarksAreForTheLatestYearEndedByTheQuarter) {
  const indicators::BenchmarkData* data = Shipped();
  ASSERT_NE(data, nullptr);
  // Q2 2020-21 ends 30 September 2020: 2020-21 has not ended, so 2019-20.
  Scorecard q2 = BuildScorecard(
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), data, "895", YearsEnding(2021, 2, 2)),
      nullptr, "none", data);
  const ScorecardRow& q2_rate = RowFor(q2, "cin_rate_per_10k");
  EXPECT_EQ(q2_rate.benchmark_year, 2020);
  EXPECT_TRUE(q2_rate.benchmark.england.has_value());
  // Q4 2020-21 ends on 31 March 2021, the day 2020-21 ends.
  Scorecard q4 = BuildScorecard(
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), data, "895", YearsEnding(2021, 2, 4)),
      nullptr, "none", data);
  const ScorecardRow& q4_rate = RowFor(q4, "cin_rate_per_10k");
  EXPECT_EQ(q4_rate.benchmark_year, 2021);
  EXPECT_THAT(q4_rate.benchmark.england, Optional(329.6));
  EXPECT_THAT(q4_rate.benchmark.authority, Optional(269.4));
}

TEST(ScorecardTest, JsonParsesWithEveryIndicator) {
  const Targets targets = ScorecardTargets();
  Scorecard card = QuarterTwoScorecard(&targets);
  nlohmann::json json = nlohmann::json::parse(ScorecardJson(card), nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << "ScorecardJson is not JSON";
  EXPECT_EQ(json["year"], 2021);
  EXPECT_EQ(json["quarter"], 2);
  EXPECT_TRUE(json["la"].is_null());
  EXPECT_EQ(json["targets"], "scorecard.conf");
  EXPECT_EQ(json["period"]["start"], "2020-07-01");
  EXPECT_EQ(json["period"]["end"], "2020-09-30");
  EXPECT_EQ(json["trend_periods"].size(), 5u);
  ASSERT_TRUE(json["indicators"].is_array());
  ASSERT_EQ(json["indicators"].size(), 48u);
  ASSERT_EQ(json["indicators"].size(), indicators::Catalogue().size());
  for (size_t i = 0; i < json["indicators"].size(); ++i)
    EXPECT_EQ(json["indicators"][i]["id"], std::string(indicators::Catalogue()[i].id));
  const nlohmann::json* screening = nullptr;
  for (const auto& row : json["indicators"])
    if (row["id"] == "contacts_child_exploitation_screening_pct") screening = &row;
  ASSERT_NE(screening, nullptr);
  EXPECT_EQ((*screening)["rag"], "red");
  EXPECT_EQ((*screening)["target"], 80);
  EXPECT_EQ((*screening)["value"]["value"], 50);
  EXPECT_EQ((*screening)["same_quarter_last_year"]["value"], 100);
  EXPECT_EQ((*screening)["trend"].size(), 5u);
  EXPECT_TRUE((*screening)["trend"][0].is_null());
  EXPECT_TRUE((*screening)["benchmark"].is_null());
}

TEST(ScorecardTest, HtmlHasRagTagsAndNoPlaceholders) {
  const Targets targets = ScorecardTargets();
  const std::string html = ScorecardHtml(QuarterTwoScorecard(&targets));
  EXPECT_THAT(html, HasSubstr("govuk-tag"));
  EXPECT_THAT(html, HasSubstr("govuk-tag--red"));
  EXPECT_THAT(html, HasSubstr("Red"));
  EXPECT_THAT(html, Not(HasSubstr("{{")));
}

TEST(ScorecardTest, XlsxIsAZipFile) {
  ScratchDir dir("sg_scorecard_test_");
  const auto path = dir.path() / "scorecard.xlsx";
  auto written = WriteScorecardXlsx(QuarterTwoScorecard(nullptr), path);
  ASSERT_TRUE(written) << written.error().message();
  EXPECT_TRUE(ReadFile(path).starts_with("PK"));
}

// ---- BuildAnnualReport ----

class AnnualReportTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.path().empty()); }

  core::Result<AnnualReport> Build(std::string_view la = "") {
    FigureBook book =
        BuildFigureBook(HandBuiltSnapshot(), Calendar(), nullptr, la, YearsEnding(2021, 5, 0));
    return BuildAnnualReport(std::move(book),
                             {.narrative_dir = dir_.path(), .partnership_name = ""});
  }

  const ReportSection* Section(const AnnualReport& report, std::string_view id) {
    for (const auto& s : report.sections)
      if (s.id == id) return &s;
    ADD_FAILURE() << "no section " << id;
    return nullptr;
  }

  ScratchDir dir_{"sg_narrative_test_"};
};

TEST_F(AnnualReportTest, PlaceholdersRenderFormattedFigures) {
  WriteFile(dir_.path() / "summary.md",
            "In {{ year }} {{authority}} had {{contacts}} contacts; "
            "{{contacts_child_exploitation_screening_pct}} of exploitation contacts were screened "
            "({{contacts_child_exploitation_screening_pct.last_year}} the year before, "
            "{{contacts_child_exploitation_screening_pct.numerator}} of "
            "{{contacts_child_exploitation_screening_pct.denominator}}). "
            "Cared for: {{cla_at_31_march}}. England: {{contacts.england}}.\n");
  auto report = Build("895");
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->year, 2021);
  EXPECT_EQ(report->title, "authority 895 Safeguarding Children Partnership Annual Report 2020-21");
  const ReportSection* summary = Section(*report, "summary");
  ASSERT_NE(summary, nullptr);
  EXPECT_THAT(summary->narrative_html,
              HasSubstr("In 2020-21 authority 895 had 4 contacts; 50.0% of exploitation contacts "
                        "were screened (100.0% the year before, 1 of 2)."));
  EXPECT_THAT(summary->narrative_html, HasSubstr("Cared for: not available."));
  EXPECT_THAT(summary->narrative_html, HasSubstr("England: not available."));
  const ReportSection* foreword = Section(*report, "foreword");
  ASSERT_NE(foreword, nullptr);
  EXPECT_EQ(foreword->narrative_html, "");  // no file, no words
}

TEST_F(AnnualReportTest, AuthorityAndPartnershipPlaceholders) {
  WriteFile(dir_.path() / "foreword.md", "{{partnership}} for {{authority}}, {{next_year}}.\n");
  auto report = Build();
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_THAT(
      Section(*report, "foreword")->narrative_html,
      HasSubstr("the authority Safeguarding Children Partnership for the authority, 2021-22."));
}

TEST_F(AnnualReportTest, MisspeltKeyFailsNamingFileAndKey) {
  WriteFile(dir_.path() / "front-door.md", "# The front door\n\nWe had {{contcts}} contacts.\n");
  auto report = Build();
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(report.error().message(), HasSubstr("front-door.md"));
  EXPECT_THAT(report.error().message(), HasSubstr("contcts"));
  EXPECT_THAT(report.error().message(), HasSubstr("line 3"));
}

TEST_F(AnnualReportTest, UnknownPartOfAKnownIdFails) {
  WriteFile(dir_.path() / "summary.md", "{{contacts.englnd}}\n");
  auto report = Build();
  ASSERT_FALSE(report);
  EXPECT_THAT(report.error().message(), HasSubstr("contacts.englnd"));
}

TEST_F(AnnualReportTest, MissingNarrativeFolderIsNotFound) {
  FigureBook book =
      BuildFigureBook(HandBuiltSnapshot(), Calendar(), nullptr, "", YearsEnding(2021, 5, 0));
  const auto missing = dir_.path() / "no-such-folder";
  auto report =
      BuildAnnualReport(std::move(book), {.narrative_dir = missing, .partnership_name = ""});
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code(), Code::kNotFound);
  EXPECT_THAT(report.error().message(), HasSubstr(missing.string()));
}

TEST_F(AnnualReportTest, SectionsWithoutRecordsSayNoDataRecorded) {
  auto report = Build();
  ASSERT_TRUE(report) << report.error().message();
  for (std::string_view id : {"audits", "case-reviews", "section-175", "training"}) {
    const ReportSection* section = Section(*report, id);
    ASSERT_NE(section, nullptr);
    EXPECT_THAT(section->no_data, ::testing::StartsWith("No data recorded")) << id;
    EXPECT_THAT(section->tables, IsEmpty()) << id;
  }
  EXPECT_EQ(Section(*report, "front-door")->no_data, "");
}

TEST_F(AnnualReportTest, TablesShowTheFiveYears) {
  auto report = Build();
  ASSERT_TRUE(report) << report.error().message();
  const ReportSection* front_door = Section(*report, "front-door");
  ASSERT_NE(front_door, nullptr);
  ASSERT_FALSE(front_door->tables.empty());
  const ReportTable& table = front_door->tables.front();
  EXPECT_EQ(table.id, "consultations");
  EXPECT_THAT(table.caption, HasSubstr("2016-17 to 2020-21"));
  EXPECT_THAT(table.columns,
              ::testing::ElementsAre("2016-17", "2017-18", "2018-19", "2019-20", "2020-21"));
  ASSERT_FALSE(table.rows.empty());
  EXPECT_THAT(table.rows.front().values,
              ::testing::ElementsAre(std::nullopt, Optional(1.0), Optional(0.0), Optional(2.0),
                                     Optional(4.0)));
}

TEST_F(AnnualReportTest, HtmlHasEverySectionAsAnAnchor) {
  WriteFile(dir_.path() / "summary.md", "A summary for {{authority}}.\n");
  auto report = Build();
  ASSERT_TRUE(report) << report.error().message();
  const std::string html = AnnualReportHtml(*report);
  ASSERT_FALSE(report->sections.empty());
  for (const auto& section : report->sections) {
    EXPECT_THAT(html, HasSubstr("id=\"" + section.id + "\"")) << section.id;
    EXPECT_THAT(html, HasSubstr("href=\"#" + section.id + "\"")) << section.id;
  }
  EXPECT_THAT(html, HasSubstr("A summary for the authority."));
  EXPECT_THAT(html, HasSubstr("No data recorded"));
  EXPECT_THAT(html, Not(HasSubstr("{{")));
}

TEST_F(AnnualReportTest, XlsxIsAZipFile) {
  auto report = Build();
  ASSERT_TRUE(report) << report.error().message();
  const auto path = dir_.path() / "annual-report.xlsx";
  auto written = WriteAnnualReportXlsx(*report, path);
  ASSERT_TRUE(written) << written.error().message();
  EXPECT_TRUE(ReadFile(path).starts_with("PK"));
}

}  // namespace
}  // namespace sg::reporting
