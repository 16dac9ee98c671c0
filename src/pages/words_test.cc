#include <gtest/gtest.h>

#include "pages/page.h"

namespace sg::pages {
namespace {

TEST(WordsTest, DatesAreWrittenTheGovukWay) {
  EXPECT_EQ(LongDate(core::Date::FromYmd(2025, 6, 2)), "2 June 2025");
  EXPECT_EQ(ShortDate(core::Date::FromYmd(2025, 9, 30)), "30 Sep 2025");
}

TEST(WordsTest, TimesUseAmPmMiddayAndMidnight) {
  EXPECT_EQ(LongDateTime("2025-06-02T09:05:00Z"), "2 June 2025 at 9:05am UTC");
  EXPECT_EQ(LongDateTime("2025-06-02T12:00:00Z"), "2 June 2025 at midday UTC");
  EXPECT_EQ(LongDateTime("2025-06-02T00:00:00Z"), "2 June 2025 at midnight UTC");
  EXPECT_EQ(LongDateTime("2025-06-02T17:30:00Z"), "2 June 2025 at 5:30pm UTC");
}

TEST(WordsTest, TextThatIsNotATimeIsShownAsItIs) {
  EXPECT_EQ(LongDateTime("soon"), "soon");
  EXPECT_EQ(LongDateTime("2025-13-45T99:99"), "2025-13-45T99:99");
}

}  // namespace
}  // namespace sg::pages
