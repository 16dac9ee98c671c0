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

TEST(ReadableTest, CapitalisesTheFirstLetterAndWritesDatesOut) {
  EXPECT_EQ(Readable("the decision date 2025-03-04 is before the contact on 2025-03-05"),
            "The decision date 4 March 2025 is before the contact on 5 March 2025");
  EXPECT_EQ(Readable("2025-06-02 is a Monday"), "2 June 2025 is a Monday");
}

TEST(ReadableTest, EmptyAndAlreadyCapitalisedMessagesStayAsTheyAre) {
  EXPECT_EQ(Readable(""), "");
  EXPECT_EQ(Readable("Select a team"), "Select a team");
}

TEST(ReadableTest, LeavesWhatIsNotARealStandaloneDateAlone) {
  EXPECT_EQ(Readable("due 2025-02-30"), "Due 2025-02-30");    // no 30 February
  EXPECT_EQ(Readable("ref 12025-03-04"), "Ref 12025-03-04");  // digit before
  EXPECT_EQ(Readable("ref 2025-03-045"), "Ref 2025-03-045");  // digit after
  EXPECT_EQ(Readable("ends 2025-03-0"), "Ends 2025-03-0");    // cut short at the end
  EXPECT_EQ(Readable("code 2025/03/04"), "Code 2025/03/04");
}

TEST(TrimTest, RemovesWhiteSpaceAtBothEndsOnly) {
  EXPECT_EQ(Trim("  Sam Jones \t\n"), "Sam Jones");
  EXPECT_EQ(Trim("Sam  Jones"), "Sam  Jones");
  EXPECT_EQ(Trim(" \t "), "");
  EXPECT_EQ(Trim(""), "");
}

}  // namespace
}  // namespace sg::pages
