#include "places/distance.h"

#include <gtest/gtest.h>

#include <climits>

namespace sg::places {
namespace {

constexpr GridRef kCrewe{370672, 355784};                  // CW1 2BJ
constexpr GridRef kMacclesfield{391805, 373928};           // SK10 1DX
constexpr GridRef kBelfast{334316, 374675, Grid::kIrish};  // BT1 1AA

TEST(DistanceMiles, FollowsTheGuidanceFormula) {
  auto miles = DistanceMiles(kCrewe, kMacclesfield);
  ASSERT_TRUE(miles.has_value());
  EXPECT_NEAR(*miles, 17.3077, 1e-4);
  EXPECT_EQ(DistanceMiles(kMacclesfield, kCrewe), miles);
  EXPECT_EQ(DistanceMiles(kCrewe, kCrewe), 0.0);
  EXPECT_DOUBLE_EQ(*DistanceMiles(GridRef{0, 0}, GridRef{16093, 0}), 10.0);
  EXPECT_DOUBLE_EQ(*DistanceMiles(GridRef{100, 40200}, GridRef{30100, 200}), 50000 / 1609.3);
}

TEST(DistanceMiles, UnknownAcrossGrids) {
  EXPECT_FALSE(DistanceMiles(kCrewe, kBelfast).has_value());
  EXPECT_FALSE(DistanceMiles(kBelfast, kCrewe).has_value());
  GridRef derry{243552, 416939, Grid::kIrish};  // BT48 6AA
  EXPECT_TRUE(DistanceMiles(kBelfast, derry).has_value());
}

TEST(DistanceMiles, UnknownWithoutAGridReference) {
  PostcodeInfo crewe{kCrewe, "E06000049"};
  PostcodeInfo guernsey{std::nullopt, "L99999999"};
  EXPECT_FALSE(DistanceMiles(crewe, guernsey).has_value());
  EXPECT_FALSE(DistanceMiles(guernsey, crewe).has_value());
  EXPECT_FALSE(DistanceMiles(guernsey, guernsey).has_value());
  PostcodeInfo macclesfield{kMacclesfield, "E06000049"};
  EXPECT_NEAR(*DistanceMiles(crewe, macclesfield), 17.3077, 1e-4);
}

TEST(DistanceMiles, ExtremeCoordinatesDoNotOverflow) {
  auto miles = DistanceMiles(GridRef{INT32_MIN, INT32_MIN}, GridRef{INT32_MAX, INT32_MAX});
  ASSERT_TRUE(miles.has_value());
  EXPECT_GT(*miles, 3.7e6);
}

TEST(RoundMiles, OneDecimalHalvesAwayFromZero) {
  EXPECT_DOUBLE_EQ(RoundMiles(17.3077), 17.3);
  EXPECT_DOUBLE_EQ(RoundMiles(4.3288), 4.3);
  EXPECT_DOUBLE_EQ(RoundMiles(15.9163), 15.9);
  EXPECT_DOUBLE_EQ(RoundMiles(0.6243), 0.6);
  EXPECT_DOUBLE_EQ(RoundMiles(0.25), 0.3);  // half to even would give 0.2
  EXPECT_DOUBLE_EQ(RoundMiles(20.04), 20.0);
  EXPECT_DOUBLE_EQ(RoundMiles(20.05001), 20.1);
  EXPECT_DOUBLE_EQ(RoundMiles(0.0), 0.0);
}

}  // namespace
}  // namespace sg::places
