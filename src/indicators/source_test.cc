#include "indicators/source.h"

#include <gtest/gtest.h>

namespace sg::indicators {
namespace {

using core::Date;

TEST(PeriodFor, WholeYearRunsAprilToMarch) {
  auto p = PeriodFor(2021, 0);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->start, Date::FromYmd(2020, 4, 1));
  EXPECT_EQ(p->end, Date::FromYmd(2021, 3, 31));
}

TEST(PeriodFor, QuartersTileTheYear) {
  EXPECT_EQ(PeriodFor(2021, 1)->end, Date::FromYmd(2020, 6, 30));
  EXPECT_EQ(PeriodFor(2021, 2)->start, Date::FromYmd(2020, 7, 1));
  EXPECT_EQ(PeriodFor(2021, 3)->end, Date::FromYmd(2020, 12, 31));
  EXPECT_EQ(PeriodFor(2021, 4)->start, Date::FromYmd(2021, 1, 1));
  EXPECT_EQ(PeriodFor(2021, 4)->end, Date::FromYmd(2021, 3, 31));
}

TEST(PeriodFor, RefusesAQuarterFiveAndANonsenseYear) {
  EXPECT_FALSE(PeriodFor(2021, 5).has_value());
  EXPECT_FALSE(PeriodFor(21, 0).has_value());
}

TEST(ReportingYearOf, MarchBelongsToTheYearItEndsAndAprilToTheNext) {
  EXPECT_EQ(ReportingYearOf(Date::FromYmd(2021, 3, 31)), 2021);
  EXPECT_EQ(ReportingYearOf(Date::FromYmd(2021, 4, 1)), 2022);
}

}  // namespace
}  // namespace sg::indicators
