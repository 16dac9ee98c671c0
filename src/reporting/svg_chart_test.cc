#include "reporting/svg_chart.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>

#include <cmath>
#include <limits>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace sg::reporting {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string> kYears = {"2016-17", "2017-18", "2018-19", "2019-20", "2020-21"};

ChartOptions Options(std::string title) {
  ChartOptions options;
  options.title = std::move(title);
  options.value_suffix = "%";
  return options;
}

bool WellFormedXml(const std::string& text) {
  xmlDocPtr doc = xmlReadMemory(text.data(), static_cast<int>(text.size()), "chart.svg", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return false;
  xmlFreeDoc(doc);
  return true;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

std::string Desc(const std::string& svg) {
  const size_t open = svg.find("<desc");
  const size_t start = svg.find('>', open) + 1;
  return svg.substr(start, svg.find("</desc>") - start);
}

// --- Line charts --------------------------------------------------------------

TEST(LineChartTest, AccessibleSvgWithTitleAndDescribedFigures) {
  ChartOptions options = Options("Assessments completed within 45 days");
  options.summary = "The share of assessments completed within 45 working days.";
  const std::string svg = LineChart(kYears,
                                    {{"Cheshire East", {88, std::nullopt, 81, 86, 74}},
                                     {"England", {83, 83, 83, 84, std::nullopt}}},
                                    options);
  EXPECT_TRUE(WellFormedXml(svg)) << svg;
  EXPECT_THAT(svg, HasSubstr("role=\"img\""));
  EXPECT_THAT(svg, HasSubstr("<title id=\""));
  EXPECT_THAT(svg, HasSubstr(">Assessments completed within 45 days</title>"));
  EXPECT_EQ(Desc(svg),
            "The share of assessments completed within 45 working days. "
            "Cheshire East: from 88.0% in 2016-17 to 74.0% in 2020-21, no data for 2017-18. "
            "England: from 83.0% in 2016-17 to 84.0% in 2019-20, no data for 2020-21.");
  EXPECT_THAT(svg, HasSubstr("fill=\"#1d70b8\""));
  EXPECT_THAT(svg, HasSubstr("stroke=\"#f47738\""));
}

TEST(LineChartTest, NullsLeaveGapsInTheLine) {
  const std::string svg =
      LineChart(kYears, {{"Cheshire East", {88, 81, std::nullopt, 86, 74}}}, Options("Gaps"));
  // Two stretches: 2016-17 to 2017-18 and 2019-20 to 2020-21.
  const std::regex path("<path d=\"([^\"]*)\"");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(svg, match, path));
  EXPECT_EQ(Count(match[1].str(), "M"), 2u) << match[1];
  EXPECT_EQ(Count(match[1].str(), "L"), 2u) << match[1];
  EXPECT_EQ(Count(svg, "<circle"), 4u + 1u);  // four points and the legend's marker
}

TEST(LineChartTest, OnePointIsAMarkerWithoutALine) {
  const std::string svg = LineChart({"2020-21"}, {{"Cheshire East", {74}}}, Options("One point"));
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_THAT(svg, Not(HasSubstr("<path")));
  EXPECT_EQ(Count(svg, "<circle"), 2u);
  EXPECT_THAT(Desc(svg), HasSubstr("Cheshire East: 74.0% in 2020-21."));
}

TEST(LineChartTest, IsolatedPointBetweenNullsHasOnlyAMarker) {
  const std::string svg =
      LineChart(kYears, {{"A", {std::nullopt, 5, std::nullopt, 6, 7}}}, Options("Isolated"));
  const std::regex path("<path d=\"([^\"]*)\"");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(svg, match, path));
  EXPECT_EQ(Count(match[1].str(), "M"), 1u) << match[1];
  EXPECT_EQ(Count(svg, "<circle"), 3u + 1u);
}

TEST(LineChartTest, AllValuesEqualStillDrawAFlatLine) {
  ChartOptions options = Options("Flat");
  options.zero_based = false;
  const std::string svg = LineChart(kYears, {{"A", {50, 50, 50, 50, 50}}}, options);
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, HasSubstr("<path"));
}

TEST(LineChartTest, AllNullSaysNoData) {
  const std::string svg =
      LineChart(kYears, {{"A", {std::nullopt, std::nullopt}}}, Options("Nothing"));
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_THAT(svg, Not(HasSubstr("<path")));
  EXPECT_THAT(Desc(svg), HasSubstr("A: no data."));
}

TEST(LineChartTest, NoCategoriesOrSeriesDoesNotFail) {
  EXPECT_TRUE(WellFormedXml(LineChart({}, {}, Options("Empty"))));
  EXPECT_TRUE(WellFormedXml(LineChart(kYears, {}, Options("No series"))));
}

TEST(LineChartTest, NonFiniteValuesAreTreatedAsNull) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::string svg = LineChart(kYears, {{"A", {1, nan, inf, 4, 5}}}, Options("Odd"));
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf")));
  EXPECT_THAT(Desc(svg), HasSubstr("no data for 2017-18 and 2018-19"));
}

TEST(LineChartTest, SeriesShorterOrLongerThanCategories) {
  const std::string svg =
      LineChart(kYears, {{"Short", {1, 2}}, {"Long", {1, 2, 3, 4, 5, 6, 7}}}, Options("Lengths"));
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_THAT(Desc(svg), HasSubstr("Short: from 1.0% in 2016-17 to 2.0% in 2017-18, no data for "
                                   "2018-19, 2019-20 and 2020-21."));
  EXPECT_THAT(Desc(svg), HasSubstr("Long: from 1.0% in 2016-17 to 5.0% in 2020-21."));
}

TEST(LineChartTest, NegativeValuesDoNotFail) {
  const std::string svg = LineChart(kYears, {{"Change", {-5, 3, -12.5, 0, 7}}}, Options("Change"));
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_THAT(svg, HasSubstr(">-15<"));  // the axis reaches below the lowest value
}

TEST(LineChartTest, ManySeriesRepeatColoursWithDashesAndGrowTheChart) {
  std::vector<Series> series;
  for (int i = 0; i < 14; ++i) {
    series.push_back(
        {"Statistical neighbour number " + std::to_string(i + 1), {1.0 * i, 2, 3, 4, 5}});
  }
  ChartOptions options = Options("Neighbours");
  options.height = 200;
  const std::string svg = LineChart(kYears, series, options);
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_EQ(Count(svg, "class=\"sg-chart-series\""), 14u);
  EXPECT_THAT(svg, HasSubstr("stroke-dasharray=\"8 4\""));
  EXPECT_THAT(svg, HasSubstr("stroke-dasharray=\"2 3\""));
  // The legend needs several rows, so the chart is taller than asked.
  std::smatch match;
  ASSERT_TRUE(std::regex_search(svg, match, std::regex("height=\"(\\d+)\"")));
  EXPECT_GT(std::stoi(match[1]), options.height);
}

TEST(LineChartTest, TextIsEscaped) {
  ChartOptions options = Options("Rates <2020> & \"trends\"");
  options.axis_label = "Rate per 10,000 <children>";
  options.summary = "Tom's & Jerry's";
  const std::string svg =
      LineChart({"Q1 & Q2", "<Q3>"}, {{"Authority \"A\" & <B>", {1, 2}}}, options);
  EXPECT_TRUE(WellFormedXml(svg)) << svg;
  EXPECT_THAT(svg, HasSubstr("Rates &lt;2020&gt; &amp; &quot;trends&quot;"));
  EXPECT_THAT(svg, HasSubstr("Rate per 10,000 &lt;children&gt;"));
  EXPECT_THAT(svg, HasSubstr("Authority &quot;A&quot; &amp; &lt;B&gt;"));
  EXPECT_THAT(svg, HasSubstr("Q1 &amp; Q2"));
  EXPECT_THAT(svg, Not(HasSubstr("<B>")));
  EXPECT_THAT(svg, Not(HasSubstr("<Q3>")));
}

TEST(LineChartTest, SameInputSameBytes) {
  const std::vector<Series> series = {{"A", {1.23456, 2, std::nullopt, 4, 5}},
                                      {"B", {5, 4, 3, 2, 1}}};
  EXPECT_EQ(LineChart(kYears, series, Options("Same")), LineChart(kYears, series, Options("Same")));
}

TEST(LineChartTest, IdsFollowTheOptionOrTheContent) {
  ChartOptions options = Options("Rate");
  options.id = "cin rate/2021";
  const std::string named = LineChart(kYears, {{"A", {1, 2, 3, 4, 5}}}, options);
  EXPECT_THAT(named, HasSubstr("id=\"cin-rate-2021\""));
  EXPECT_THAT(named, HasSubstr("aria-labelledby=\"cin-rate-2021-title\""));
  EXPECT_THAT(named, HasSubstr("aria-describedby=\"cin-rate-2021-desc\""));
  const std::string a = LineChart(kYears, {{"A", {1}}}, Options("First"));
  const std::string b = LineChart(kYears, {{"A", {1}}}, Options("Second"));
  std::smatch ma;
  std::smatch mb;
  ASSERT_TRUE(std::regex_search(a, ma, std::regex("id=\"(chart-[0-9a-f]{8})\"")));
  ASSERT_TRUE(std::regex_search(b, mb, std::regex("id=\"(chart-[0-9a-f]{8})\"")));
  EXPECT_NE(ma[1], mb[1]);
}

TEST(LineChartTest, NumbersHaveFixedPrecision) {
  const std::string svg =
      LineChart(kYears, {{"A", {1.0 / 3, 2.0 / 3, 1, 4.0 / 3, 5.0 / 3}}}, Options("Thirds"));
  // Every coordinate in a path or circle has exactly two decimals.
  const std::regex coordinate("c[xy]=\"(-?\\d+\\.\\d\\d)\"");
  EXPECT_TRUE(std::regex_search(svg, coordinate));
  EXPECT_FALSE(std::regex_search(svg, std::regex("c[xy]=\"-?\\d+(\\.\\d{3,})?\"")));
  EXPECT_THAT(svg, Not(HasSubstr("-0.00")));
}

// --- Bar charts ---------------------------------------------------------------

const std::vector<Bar> kComparison = {{"Cheshire East", 74, true},
                                      {"North West", 81, false},
                                      {"Statistical neighbours", std::nullopt, false},
                                      {"England", 84, false}};

TEST(BarChartTest, HorizontalBarsHighlightTheAuthorityAndShowNoData) {
  const std::string svg = BarChart(kComparison, Options("Assessments within 45 days, 2020-21"));
  EXPECT_TRUE(WellFormedXml(svg)) << svg;
  EXPECT_EQ(Count(svg, "<rect"), 3u);
  EXPECT_EQ(Count(svg, "fill=\"#1d70b8\""), 1u);
  EXPECT_EQ(Count(svg, "fill=\"#505a5f\"/>"), 2u);
  EXPECT_THAT(svg, HasSubstr(">no data</text>"));
  EXPECT_THAT(svg, HasSubstr(">74.0%</text>"));
  EXPECT_EQ(Desc(svg),
            "Cheshire East: 74.0%. North West: 81.0%. Statistical neighbours: no data. "
            "England: 84.0%.");
}

TEST(BarChartTest, VerticalBarsPrintFiguresAboveBars) {
  const std::string svg = BarChart(kComparison, Options("Assessments"), Orientation::kVertical);
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_EQ(Count(svg, "<rect"), 3u);
  EXPECT_THAT(svg, HasSubstr(">81.0%</text>"));
  EXPECT_THAT(svg, HasSubstr(">no data</text>"));
}

TEST(BarChartTest, WithoutHighlightAllBarsAreBlue) {
  const std::string svg = BarChart({{"A", 1}, {"B", 2}}, Options("Plain"));
  EXPECT_EQ(Count(svg, "fill=\"#1d70b8\""), 2u);
}

TEST(BarChartTest, NegativeAndEqualValuesDoNotFail) {
  for (Orientation orientation : {Orientation::kHorizontal, Orientation::kVertical}) {
    EXPECT_TRUE(WellFormedXml(BarChart({{"A", -3}, {"B", 4}}, Options("Neg"), orientation)));
    EXPECT_TRUE(WellFormedXml(BarChart({{"A", 5}, {"B", 5}}, Options("Eq"), orientation)));
    EXPECT_TRUE(WellFormedXml(BarChart({{"A", 0}}, Options("Zero"), orientation)));
    EXPECT_TRUE(WellFormedXml(BarChart({}, Options("None"), orientation)));
  }
}

TEST(BarChartTest, LongLabelsWrapAndAreCut) {
  const std::string label =
      "A very long comparator name that goes on and on and on well beyond any reasonable width "
      "for a label in a chart";
  const std::string svg = BarChart({{label, 1}}, Options("Long"));
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_THAT(svg, HasSubstr("<tspan"));
  EXPECT_THAT(svg, HasSubstr("…"));
  EXPECT_THAT(Desc(svg), HasSubstr(label));  // the description keeps the whole name
}

TEST(BarChartTest, AxisBoundsWidenTheAxis) {
  ChartOptions options = Options("Percent");
  options.axis_max = 100;
  const std::string svg = BarChart({{"A", 30}}, options);
  EXPECT_THAT(svg, HasSubstr(">100</text>"));
}

// --- Breakdowns ---------------------------------------------------------------

const std::vector<std::string> kYearsShort = {"2019-20", "2020-21"};
const std::vector<Series> kCategories = {
    {"Neglect", {150, 160}}, {"Emotional abuse", {90, std::nullopt}}, {"Physical abuse", {20, 25}}};

TEST(BreakdownChartTest, StackedBarsHaveTotalsInTheDescription) {
  ChartOptions options = Options("Child protection plans by category");
  options.value_suffix = "";
  options.decimals = 0;
  const std::string svg = BreakdownChart(kYearsShort, kCategories, options, BarLayout::kStacked);
  EXPECT_TRUE(WellFormedXml(svg)) << svg;
  EXPECT_EQ(Count(svg, "stroke=\"#ffffff\""), 5u);  // five values, one missing
  EXPECT_EQ(Desc(svg),
            "2019-20: Neglect 150, Emotional abuse 90, Physical abuse 20, total 260. "
            "2020-21: Neglect 160, Emotional abuse no data, Physical abuse 25, total 185.");
  // The axis reaches the tallest stack, not just the largest piece.
  EXPECT_THAT(svg, HasSubstr(">300</text>"));
}

TEST(BreakdownChartTest, GroupedBarsSideBySideWithLegend) {
  ChartOptions options = Options("Plans");
  options.value_suffix = "";
  const std::string svg = BreakdownChart(kYearsShort, kCategories, options, BarLayout::kGrouped);
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_EQ(Count(svg, "<rect"), 5u + 3u);  // five bars and three legend swatches
  EXPECT_THAT(Desc(svg), Not(HasSubstr("total")));
  EXPECT_THAT(svg, HasSubstr(">Emotional abuse</text>"));
}

TEST(BreakdownChartTest, NegativeValuesStackDownwards) {
  for (BarLayout layout : {BarLayout::kGrouped, BarLayout::kStacked}) {
    const std::string svg =
        BreakdownChart({"X"}, {{"Up", {5}}, {"Down", {-3}}}, Options("Mixed"), layout);
    EXPECT_TRUE(WellFormedXml(svg));
    EXPECT_THAT(svg, Not(HasSubstr("nan")));
  }
}

TEST(BreakdownChartTest, EmptyInputsDoNotFail) {
  EXPECT_TRUE(WellFormedXml(BreakdownChart({}, {}, Options("E"), BarLayout::kStacked)));
  EXPECT_TRUE(WellFormedXml(BreakdownChart({"A"}, {}, Options("E"), BarLayout::kGrouped)));
}

}  // namespace
}  // namespace sg::reporting
