#include "reporting/chart_scale.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace sg::reporting {
namespace {

TEST(NiceScaleTest, PercentagesGetStepsOfTwenty) {
  const ValueScale scale = NiceScale({74, 81, 88}, /*include_zero=*/true);
  EXPECT_EQ(scale.low, 0);
  EXPECT_EQ(scale.high, 100);
  EXPECT_EQ(scale.step, 20);
  EXPECT_EQ(scale.decimals, 0);
  EXPECT_EQ(scale.Ticks(), (std::vector<double>{0, 20, 40, 60, 80, 100}));
}

TEST(NiceScaleTest, StepsAreOneTwoOrFiveTimesAPowerOfTen) {
  for (double high : {0.3, 1.0, 7.0, 13.0, 42.0, 99.0, 270.0, 1234.0, 98765.0}) {
    const ValueScale scale = NiceScale({high}, true);
    const double mantissa = scale.step / std::pow(10.0, std::floor(std::log10(scale.step)));
    EXPECT_TRUE(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
                std::abs(mantissa - 5) < 1e-9)
        << high << " gave step " << scale.step;
    EXPECT_GE(scale.high, high);
    EXPECT_LE(scale.low, 0);
    const size_t intervals = scale.Ticks().size() - 1;
    EXPECT_GE(intervals, 3u) << high;
    EXPECT_LE(intervals, 8u) << high;
  }
}

TEST(NiceScaleTest, StepIsTheNearestNiceNumberNotTheNextOneUp) {
  // 10,432 / 5 = 2,086: a step of 2,000 (axis to 12,000), not 5,000 (to
  // 15,000, a third of it empty).
  const ValueScale scale = NiceScale({10432, 2273}, true);
  EXPECT_EQ(scale.step, 2000);
  EXPECT_EQ(scale.high, 12000);
}

TEST(NiceScaleTest, SmallStepsNeedDecimals) {
  const ValueScale scale = NiceScale({0.3, 1.1, 2.2}, true);
  EXPECT_EQ(scale.step, 0.5);
  EXPECT_EQ(scale.decimals, 1);
  EXPECT_DOUBLE_EQ(scale.high, 2.5);
}

TEST(NiceScaleTest, WithoutZeroTheRangeHugsTheData) {
  const ValueScale scale = NiceScale({196.7, 269.4, 347.2}, /*include_zero=*/false);
  EXPECT_EQ(scale.step, 50);
  EXPECT_EQ(scale.low, 150);
  EXPECT_EQ(scale.high, 350);
}

TEST(NiceScaleTest, NoValuesGiveZeroToOne) {
  const ValueScale scale = NiceScale({}, true);
  EXPECT_EQ(scale.low, 0);
  EXPECT_EQ(scale.high, 1);
  EXPECT_EQ(scale.Ticks().size(), 2u);
}

TEST(NiceScaleTest, AllZeroGivesZeroToOne) {
  const ValueScale scale = NiceScale({0, 0, 0}, true);
  EXPECT_EQ(scale.low, 0);
  EXPECT_GE(scale.high, 1);
}

TEST(NiceScaleTest, OneValueOrAllEqualWithoutZeroStillHasARange) {
  const ValueScale scale = NiceScale({74, 74, 74}, /*include_zero=*/false);
  EXPECT_LT(scale.low, 74);
  EXPECT_GT(scale.high, 74);
  EXPECT_GT(scale.Fraction(74), 0);
  EXPECT_LT(scale.Fraction(74), 1);
}

TEST(NiceScaleTest, NegativeValuesExtendBelowZero) {
  const ValueScale scale = NiceScale({-15, 40}, true);
  EXPECT_EQ(scale.low, -20);
  EXPECT_EQ(scale.high, 40);
  for (double tick : scale.Ticks()) EXPECT_FALSE(std::signbit(tick) && tick == 0);
}

TEST(NiceScaleTest, NonFiniteValuesAreIgnored) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const ValueScale scale = NiceScale({nan, 10, inf, -inf}, true);
  EXPECT_EQ(scale.low, 0);
  EXPECT_EQ(scale.high, 10);
}

TEST(NiceScaleTest, HugeRangeDoesNotOverflow) {
  const double max = std::numeric_limits<double>::max();
  const ValueScale scale = NiceScale({-max, max}, true);
  EXPECT_TRUE(std::isfinite(scale.low));
  EXPECT_TRUE(std::isfinite(scale.high));
}

TEST(FiniteValuesTest, DropsNullsAndNonFinite) {
  const std::vector<std::optional<double>> values = {1.0, std::nullopt, std::nan(""), 2.0};
  EXPECT_EQ(FiniteValues(values), (std::vector<double>{1.0, 2.0}));
}

}  // namespace
}  // namespace sg::reporting
