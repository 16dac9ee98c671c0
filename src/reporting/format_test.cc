#include "reporting/format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace sg::reporting {
namespace {

TEST(EscapeXmlTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(EscapeXml(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(EscapeXmlTest, LeavesPlainAndNonAsciiTextAlone) {
  EXPECT_EQ(EscapeXml("Children’s services 2020-21"), "Children’s services 2020-21");
  EXPECT_EQ(EscapeXml(""), "");
}

TEST(FormatNumberTest, CommasBetweenThousands) {
  EXPECT_EQ(FormatNumber(2082, 0), "2,082");
  EXPECT_EQ(FormatNumber(999, 0), "999");
  EXPECT_EQ(FormatNumber(1000, 0), "1,000");
  EXPECT_EQ(FormatNumber(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(FormatNumber(0, 1), "0.0");
}

TEST(FormatNumberTest, FixedDecimalPlaces) {
  EXPECT_EQ(FormatNumber(269.44, 1), "269.4");
  EXPECT_EQ(FormatNumber(74, 1), "74.0");
  EXPECT_EQ(FormatNumber(3.14159, 3), "3.142");
}

TEST(FormatNumberTest, HalvesRoundAwayFromZero) {
  EXPECT_EQ(FormatNumber(0.125, 2), "0.13");
  EXPECT_EQ(FormatNumber(0.135, 2), "0.14");
  EXPECT_EQ(FormatNumber(2.5, 0), "3");
  EXPECT_EQ(FormatNumber(-2.5, 0), "-3");
}

TEST(FormatNumberTest, NegativeValuesAndNoNegativeZero) {
  EXPECT_EQ(FormatNumber(-1234.5, 1), "-1,234.5");
  EXPECT_EQ(FormatNumber(-0.04, 1), "0.0");
  EXPECT_EQ(FormatNumber(-0.0, 0), "0");
}

TEST(FormatNumberTest, NotANumberGivesEmptyText) {
  EXPECT_EQ(FormatNumber(std::nan(""), 1), "");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::infinity(), 1), "");
  EXPECT_EQ(FormatPercent(std::nan(""), 1), "");
}

TEST(FormatNumberTest, DecimalsOutOfRangeAreClamped) {
  EXPECT_EQ(FormatNumber(1.5, -3), "2");
  EXPECT_EQ(FormatNumber(1, 12), "1.000000");
}

TEST(FormatPercentTest, AddsPercentSignWithoutSpace) {
  EXPECT_EQ(FormatPercent(74, 1), "74.0%");
  EXPECT_EQ(FormatPercent(3.2, 0), "3%");
}

}  // namespace
}  // namespace sg::reporting
