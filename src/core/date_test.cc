#include "core/date.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace sg::core {
namespace {

Date Ymd(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

// Returns the error message, or "" if `text` parsed.
std::string IsoError(std::string_view text, std::string_view what = "date") {
  auto parsed = Date::ParseIso(text, what);
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code(), Code::kInvalidArgument);
  return parsed.error().message();
}

std::string UkError(std::string_view text, std::string_view what = "date") {
  auto parsed = Date::ParseUk(text, what);
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code(), Code::kInvalidArgument);
  return parsed.error().message();
}

TEST(DateTest, ParseIsoAcceptsRealDays) {
  auto d = Date::ParseIso("2024-02-29");
  ASSERT_TRUE(d.has_value()) << d.error().message();
  EXPECT_EQ(d->year(), 2024);
  EXPECT_EQ(d->month(), 2u);
  EXPECT_EQ(d->day(), 29u);
  EXPECT_EQ(*d, Ymd(2024, 2, 29));
  EXPECT_EQ(Date::ParseIso("2000-02-29").value(), Ymd(2000, 2, 29));  // 400-year leap
  EXPECT_EQ(Date::ParseIso("1970-01-01").value().days(), 0);
  EXPECT_EQ(Date::ParseIso("2023-12-31").value(), Ymd(2023, 12, 31));
}

TEST(DateTest, ParseIsoRejectsMalformed) {
  for (std::string_view bad :
       {"2023-02-29", "1900-02-29", "2023-2-1", "2023-02-1", "", "2023-13-01", "2023-00-10",
        "2023-04-31", "2023-01-00", "2023-01-32", "abcd-01-01", "2023-ab-01", "2023-01-0x",
        "2023-01-01 ", " 2023-01-01", "2023/01/01", "01/01/2023", "20230101", "+023-01-01",
        "2023-01-01T00:00", "2023--1-01"}) {
    EXPECT_NE(IsoError(bad), "") << "accepted '" << bad << "'";
  }
}

TEST(DateTest, ParseIsoErrorQuotesInputAndField) {
  const std::string msg = IsoError("2023-02-29", "date of birth");
  EXPECT_NE(msg.find("'2023-02-29'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("date of birth"), std::string::npos) << msg;
  const std::string shape = IsoError("2023-2-1", "referral date");
  EXPECT_NE(shape.find("'2023-2-1'"), std::string::npos) << shape;
  EXPECT_NE(shape.find("referral date"), std::string::npos) << shape;
  EXPECT_NE(shape.find("YYYY-MM-DD"), std::string::npos) << shape;
  const std::string empty = IsoError("", "start date");
  EXPECT_NE(empty.find("''"), std::string::npos) << empty;
  EXPECT_NE(empty.find("start date"), std::string::npos) << empty;
}

TEST(DateTest, ParseUkStrict) {
  auto d = Date::ParseUk("29/02/2024");
  ASSERT_TRUE(d.has_value()) << d.error().message();
  EXPECT_EQ(*d, Ymd(2024, 2, 29));
  EXPECT_EQ(Date::ParseUk("01/02/2023").value(), Ymd(2023, 2, 1));  // day first
  EXPECT_EQ(Date::ParseUk("31/12/2023").value(), Ymd(2023, 12, 31));
  for (std::string_view bad : {"29/02/2023", "1/2/2023", "01/2/2023", "", "01/13/2023",
                               "32/01/2023", "00/01/2023", "ab/01/2023", "01/01/2023 ",
                               "2023-01-01", "01-01-2023", "12/31/2023"}) {
    EXPECT_NE(UkError(bad), "") << "accepted '" << bad << "'";
  }
  const std::string msg = UkError("31/04/2023", "DOB");
  EXPECT_NE(msg.find("'31/04/2023'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("DOB"), std::string::npos) << msg;
  const std::string shape = UkError("2023-04-01", "DOB");
  EXPECT_NE(shape.find("DD/MM/YYYY"), std::string::npos) << shape;
}

TEST(DateTest, TextRoundTrip) {
  EXPECT_EQ(Ymd(2024, 2, 29).Iso(), "2024-02-29");
  EXPECT_EQ(Ymd(2024, 2, 29).Uk(), "29/02/2024");
  EXPECT_EQ(Ymd(2023, 1, 5).Iso(), "2023-01-05");
  EXPECT_EQ(Ymd(2023, 1, 5).Uk(), "05/01/2023");
  EXPECT_EQ(Date().Iso(), "1970-01-01");
  for (Date d = Ymd(1999, 12, 1); d <= Ymd(2031, 1, 31); d = d.AddDays(1)) {
    auto iso = Date::ParseIso(d.Iso());
    ASSERT_TRUE(iso.has_value()) << d.Iso();
    ASSERT_EQ(*iso, d);
    auto uk = Date::ParseUk(d.Uk());
    ASSERT_TRUE(uk.has_value()) << d.Uk();
    ASSERT_EQ(*uk, d);
    ASSERT_EQ(Ymd(d.year(), d.month(), d.day()), d);
    ASSERT_EQ(d.AddDays(1) - d, 1);
  }
}

TEST(DateTest, Weekday) {
  EXPECT_EQ(Ymd(2026, 11, 26).weekday(), 3);  // Thursday
  EXPECT_EQ(Ymd(1970, 1, 1).weekday(), 3);    // Thursday
  EXPECT_EQ(Ymd(1969, 12, 31).weekday(), 2);  // Wednesday, before the epoch
  EXPECT_EQ(Ymd(1900, 1, 1).weekday(), 0);    // Monday
  EXPECT_EQ(Ymd(2024, 2, 29).weekday(), 3);   // Thursday
  EXPECT_EQ(Ymd(2023, 6, 5).weekday(), 0);    // Monday
  EXPECT_EQ(Ymd(2000, 1, 1).weekday(), 5);    // Saturday
  EXPECT_EQ(Ymd(2023, 6, 11).weekday(), 6);   // Sunday
  EXPECT_TRUE(Ymd(2000, 1, 1).is_weekend());
  EXPECT_TRUE(Ymd(2023, 6, 11).is_weekend());
  EXPECT_FALSE(Ymd(2023, 6, 9).is_weekend());  // Friday
  EXPECT_FALSE(Ymd(1969, 12, 29).is_weekend());  // Monday
  EXPECT_TRUE(Ymd(1969, 12, 28).is_weekend());   // Sunday
}

TEST(DateTest, OrderingAndArithmetic) {
  EXPECT_LT(Ymd(2023, 12, 31), Ymd(2024, 1, 1));
  EXPECT_EQ(Ymd(2024, 3, 1) - Ymd(2024, 2, 1), 29);
  EXPECT_EQ(Ymd(2023, 3, 1) - Ymd(2023, 2, 1), 28);
  EXPECT_EQ(Ymd(2024, 1, 1).AddDays(-1), Ymd(2023, 12, 31));
  EXPECT_EQ(Date::FromDays(19723), Ymd(2024, 1, 1));
}

TEST(AddMonthsTest, KeepsDayOfMonth) {
  EXPECT_EQ(AddMonths(Ymd(2023, 3, 15), 1), Ymd(2023, 4, 15));
  EXPECT_EQ(AddMonths(Ymd(2023, 11, 30), 2), Ymd(2024, 1, 30));
  EXPECT_EQ(AddMonths(Ymd(2023, 3, 15), 0), Ymd(2023, 3, 15));
  EXPECT_EQ(AddMonths(Ymd(2023, 3, 31), 0), Ymd(2023, 3, 31));
  EXPECT_EQ(AddMonths(Ymd(2020, 1, 10), 120), Ymd(2030, 1, 10));
}

TEST(AddMonthsTest, ClampsToEndOfMonth) {
  EXPECT_EQ(AddMonths(Ymd(2022, 8, 31), 6), Ymd(2023, 2, 28));
  EXPECT_EQ(AddMonths(Ymd(2023, 8, 31), 6), Ymd(2024, 2, 29));
  EXPECT_EQ(AddMonths(Ymd(2023, 1, 31), 1), Ymd(2023, 2, 28));
  EXPECT_EQ(AddMonths(Ymd(2024, 1, 31), 1), Ymd(2024, 2, 29));
  EXPECT_EQ(AddMonths(Ymd(2023, 3, 31), 1), Ymd(2023, 4, 30));
  EXPECT_EQ(AddMonths(Ymd(2023, 11, 30), 3), Ymd(2024, 2, 29));
  EXPECT_EQ(AddMonths(Ymd(2024, 2, 29), 12), Ymd(2025, 2, 28));
  EXPECT_EQ(AddMonths(Ymd(2024, 2, 29), 48), Ymd(2028, 2, 29));
  // Clamping does not carry: 31 Jan + 1 + 1 is 28 Mar, not 31 Mar.
  EXPECT_EQ(AddMonths(AddMonths(Ymd(2023, 1, 31), 1), 1), Ymd(2023, 3, 28));
  EXPECT_EQ(AddMonths(Ymd(2023, 1, 31), 2), Ymd(2023, 3, 31));
}

TEST(AddMonthsTest, NegativeMonths) {
  EXPECT_EQ(AddMonths(Ymd(2024, 3, 31), -3), Ymd(2023, 12, 31));
  EXPECT_EQ(AddMonths(Ymd(2024, 3, 31), -1), Ymd(2024, 2, 29));
  EXPECT_EQ(AddMonths(Ymd(2023, 3, 31), -1), Ymd(2023, 2, 28));
  EXPECT_EQ(AddMonths(Ymd(2023, 5, 31), -1), Ymd(2023, 4, 30));
  EXPECT_EQ(AddMonths(Ymd(2024, 2, 29), -12), Ymd(2023, 2, 28));
  EXPECT_EQ(AddMonths(Ymd(2024, 3, 15), -12), Ymd(2023, 3, 15));
  EXPECT_EQ(AddMonths(Ymd(2024, 1, 15), -1), Ymd(2023, 12, 15));
  EXPECT_EQ(AddMonths(Ymd(2024, 1, 15), -13), Ymd(2022, 12, 15));
}

TEST(AgeInYearsTest, Birthdays) {
  const Date birth = Ymd(2010, 5, 15);
  EXPECT_EQ(AgeInYears(birth, Ymd(2026, 5, 15)), 16);  // birthday today
  EXPECT_EQ(AgeInYears(birth, Ymd(2026, 5, 14)), 15);  // day before
  EXPECT_EQ(AgeInYears(birth, Ymd(2026, 5, 16)), 16);
  EXPECT_EQ(AgeInYears(birth, Ymd(2026, 12, 31)), 16);
  EXPECT_EQ(AgeInYears(birth, Ymd(2027, 1, 1)), 16);
  EXPECT_EQ(AgeInYears(birth, birth), 0);
  EXPECT_EQ(AgeInYears(birth, Ymd(2011, 5, 14)), 0);
  EXPECT_EQ(AgeInYears(birth, Ymd(2011, 5, 15)), 1);
  // Born 31 December: the whole next year is age 0 until its last day.
  EXPECT_EQ(AgeInYears(Ymd(2007, 12, 31), Ymd(2025, 12, 30)), 17);
  EXPECT_EQ(AgeInYears(Ymd(2007, 12, 31), Ymd(2025, 12, 31)), 18);
}

TEST(AgeInYearsTest, LeapDayBirth) {
  const Date birth = Ymd(2008, 2, 29);
  EXPECT_EQ(AgeInYears(birth, Ymd(2026, 2, 27)), 17);
  EXPECT_EQ(AgeInYears(birth, Ymd(2026, 2, 28)), 18);  // 28 Feb in a common year
  EXPECT_EQ(AgeInYears(birth, Ymd(2026, 3, 1)), 18);
  EXPECT_EQ(AgeInYears(birth, Ymd(2012, 2, 28)), 3);   // leap year: wait for the 29th
  EXPECT_EQ(AgeInYears(birth, Ymd(2012, 2, 29)), 4);
  EXPECT_EQ(AgeInYears(birth, Ymd(2009, 2, 28)), 1);
}

TEST(ReportingYearTest, Boundaries) {
  const Period y = ReportingYear(2021);
  EXPECT_EQ(y.start, Ymd(2020, 4, 1));
  EXPECT_EQ(y.end, Ymd(2021, 3, 31));
  EXPECT_FALSE(y.Contains(Ymd(2020, 3, 31)));
  EXPECT_TRUE(y.Contains(Ymd(2020, 4, 1)));
  EXPECT_TRUE(y.Contains(Ymd(2020, 12, 25)));
  EXPECT_TRUE(y.Contains(Ymd(2021, 3, 31)));
  EXPECT_FALSE(y.Contains(Ymd(2021, 4, 1)));
  const Period y24 = ReportingYear(2024);
  EXPECT_EQ(y24.start, Ymd(2023, 4, 1));
  EXPECT_EQ(y24.end, Ymd(2024, 3, 31));
  EXPECT_EQ(y24.end - y24.start, 365);  // includes 29 Feb 2024
  EXPECT_EQ(y.end - y.start, 364);
}

}  // namespace
}  // namespace sg::core
