#include "core/calendar.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.h"

namespace sg::core {
namespace {

// Every date asserted below was checked against
// data/bank-holidays-england-wales.csv (the shared research copy of GOV.UK's list).

Date D(std::string_view iso) {
  auto parsed = Date::ParseIso(iso);
  EXPECT_TRUE(parsed.has_value()) << iso;
  return parsed.value_or(Date());
}

const WorkingCalendar& Cal() { return WorkingCalendar::EnglandAndWales(); }

int32_t WD(std::string_view a, std::string_view b) { return Cal().WorkingDaysBetween(D(a), D(b)); }

// Independent oracle: the 131 England and Wales bank holidays 2015-2030,
// typed in from the CSV (all fall on weekdays).
constexpr std::string_view kHolidays =
    "2015-01-01 2015-04-03 2015-04-06 2015-05-04 2015-05-25 2015-08-31 2015-12-25 2015-12-28 "
    "2016-01-01 2016-03-25 2016-03-28 2016-05-02 2016-05-30 2016-08-29 2016-12-26 2016-12-27 "
    "2017-01-02 2017-04-14 2017-04-17 2017-05-01 2017-05-29 2017-08-28 2017-12-25 2017-12-26 "
    "2018-01-01 2018-03-30 2018-04-02 2018-05-07 2018-05-28 2018-08-27 2018-12-25 2018-12-26 "
    "2019-01-01 2019-04-19 2019-04-22 2019-05-06 2019-05-27 2019-08-26 2019-12-25 2019-12-26 "
    "2020-01-01 2020-04-10 2020-04-13 2020-05-08 2020-05-25 2020-08-31 2020-12-25 2020-12-28 "
    "2021-01-01 2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28 "
    "2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19 "
    "2022-12-26 2022-12-27 2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29 "
    "2023-08-28 2023-12-25 2023-12-26 2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 "
    "2024-08-26 2024-12-25 2024-12-26 2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 "
    "2025-08-25 2025-12-25 2025-12-26 2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 "
    "2026-08-31 2026-12-25 2026-12-28 2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 "
    "2027-08-30 2027-12-27 2027-12-28 2028-01-03 2028-04-14 2028-04-17 2028-05-01 2028-05-29 "
    "2028-08-28 2028-12-25 2028-12-26 2029-01-01 2029-03-30 2029-04-02 2029-05-07 2029-05-28 "
    "2029-08-27 2029-12-25 2029-12-26 2030-01-01 2030-04-19 2030-04-22 2030-05-06 2030-05-27 "
    "2030-08-26 2030-12-25 2030-12-26";

std::set<int32_t> OracleHolidays() {
  std::set<int32_t> out;
  std::istringstream in{std::string(kHolidays)};
  std::string word;
  while (in >> word) out.insert(D(word).days());
  return out;
}

// WD by walking day by day with IsWorkingDay, signed like WD.
int32_t LoopCount(const WorkingCalendar& cal, Date a, Date b) {
  int sign = 1;
  if (b < a) std::swap(a, b), sign = -1;
  int32_t n = 0;
  for (Date d = a.AddDays(1); d <= b; d = d.AddDays(1)) n += cal.IsWorkingDay(d) ? 1 : 0;
  return sign * n;
}

TEST(WorkingCalendarTest, EmbeddedHolidaysMatchIndependentList) {
  const std::set<int32_t> oracle = OracleHolidays();
  ASSERT_EQ(oracle.size(), 131u);
  EXPECT_EQ(Cal().first_covered(), D("2015-01-01"));
  EXPECT_EQ(Cal().last_covered(), D("2030-12-31"));
  int found = 0;
  for (Date d = D("2015-01-01"); d <= D("2030-12-31"); d = d.AddDays(1)) {
    const bool holiday = oracle.contains(d.days());
    ASSERT_EQ(Cal().IsBankHoliday(d), holiday) << d.Iso();
    ASSERT_EQ(Cal().IsWorkingDay(d), !holiday && !d.is_weekend()) << d.Iso();
    found += holiday ? 1 : 0;
  }
  EXPECT_EQ(found, 131);
}

TEST(WorkingCalendarTest, SameDayIsZero) {
  EXPECT_EQ(WD("2023-06-07", "2023-06-07"), 0);  // Wednesday
  EXPECT_EQ(WD("2023-06-10", "2023-06-10"), 0);  // Saturday
  EXPECT_EQ(WD("2023-12-25", "2023-12-25"), 0);  // Christmas Day
}

TEST(WorkingCalendarTest, PlainWeek) {
  EXPECT_EQ(WD("2023-06-05", "2023-06-12"), 5);  // Mon -> next Mon
  EXPECT_EQ(WD("2023-06-05", "2023-06-09"), 4);  // Mon -> Fri (start excluded)
  EXPECT_EQ(WD("2023-06-05", "2023-06-06"), 1);
}

TEST(WorkingCalendarTest, FridayToMondayIsOne) {
  EXPECT_EQ(WD("2023-06-09", "2023-06-12"), 1);
  EXPECT_EQ(WD("2023-06-09", "2023-06-10"), 0);  // Fri -> Sat
  EXPECT_EQ(WD("2023-06-09", "2023-06-11"), 0);  // Fri -> Sun
}

TEST(WorkingCalendarTest, WeekendStart) {
  EXPECT_EQ(WD("2023-06-10", "2023-06-12"), 1);  // Sat -> Mon
  EXPECT_EQ(WD("2023-06-11", "2023-06-16"), 5);  // Sun -> Fri
  EXPECT_EQ(WD("2023-06-10", "2023-06-11"), 0);  // Sat -> Sun
}

TEST(WorkingCalendarTest, VeDay2020MovedEarlyMayHoliday) {
  EXPECT_TRUE(Cal().IsBankHoliday(D("2020-05-08")));  // Friday, VE Day
  EXPECT_FALSE(Cal().IsWorkingDay(D("2020-05-08")));
  EXPECT_FALSE(Cal().IsBankHoliday(D("2020-05-04")));  // the usual Monday was worked
  EXPECT_TRUE(Cal().IsWorkingDay(D("2020-05-04")));
  EXPECT_EQ(WD("2020-05-07", "2020-05-11"), 1);
  EXPECT_EQ(WD("2020-05-01", "2020-05-05"), 2);
}

TEST(WorkingCalendarTest, PlatinumJubilee2022) {
  EXPECT_TRUE(Cal().IsBankHoliday(D("2022-06-02")));  // Thu: Spring bank holiday moved
  EXPECT_TRUE(Cal().IsBankHoliday(D("2022-06-03")));  // Fri: Platinum Jubilee
  EXPECT_EQ(WD("2022-06-01", "2022-06-06"), 1);
  EXPECT_FALSE(Cal().IsBankHoliday(D("2022-05-30")));  // last Monday of May: NOT a holiday
  EXPECT_TRUE(Cal().IsWorkingDay(D("2022-05-30")));
  EXPECT_EQ(WD("2022-05-27", "2022-05-31"), 2);
  EXPECT_TRUE(Cal().IsBankHoliday(D("2022-08-29")));  // Summer bank holiday unaffected
  EXPECT_EQ(WD("2022-08-26", "2022-08-30"), 1);
}

TEST(WorkingCalendarTest, StateFuneral2022) {
  EXPECT_TRUE(Cal().IsBankHoliday(D("2022-09-19")));
  EXPECT_EQ(WD("2022-09-16", "2022-09-20"), 1);
  EXPECT_FALSE(Cal().IsBankHoliday(D("2022-09-20")));
}

TEST(WorkingCalendarTest, Coronation2023) {
  EXPECT_TRUE(Cal().IsBankHoliday(D("2023-05-08")));
  EXPECT_TRUE(Cal().IsBankHoliday(D("2023-05-01")));
  EXPECT_EQ(WD("2023-04-28", "2023-05-12"), 8);  // two weeks minus two holidays
}

TEST(WorkingCalendarTest, SubstituteDays2021) {
  EXPECT_TRUE(Cal().IsBankHoliday(D("2021-12-27")));  // Christmas substitute
  EXPECT_TRUE(Cal().IsBankHoliday(D("2021-12-28")));  // Boxing Day substitute
  EXPECT_FALSE(Cal().IsBankHoliday(D("2021-12-25")));  // fell on Saturday
  EXPECT_TRUE(Cal().IsWorkingDay(D("2021-12-31")));
  EXPECT_TRUE(Cal().IsBankHoliday(D("2022-01-03")));  // New Year substitute
  EXPECT_EQ(WD("2021-12-24", "2021-12-29"), 1);
  EXPECT_EQ(WD("2021-12-31", "2022-01-04"), 1);
  EXPECT_EQ(WD("2021-12-24", "2022-01-04"), 4);
}

TEST(WorkingCalendarTest, SubstituteDays2016) {
  EXPECT_TRUE(Cal().IsBankHoliday(D("2016-12-26")));  // Boxing Day (Monday)
  EXPECT_TRUE(Cal().IsBankHoliday(D("2016-12-27")));  // Christmas substitute (Tuesday)
  EXPECT_TRUE(Cal().IsBankHoliday(D("2017-01-02")));  // New Year substitute
  EXPECT_EQ(WD("2016-12-23", "2016-12-28"), 1);
  EXPECT_EQ(WD("2016-12-30", "2017-01-03"), 1);
}

TEST(WorkingCalendarTest, Easter2024) {
  EXPECT_TRUE(Cal().IsBankHoliday(D("2024-03-29")));  // Good Friday
  EXPECT_TRUE(Cal().IsBankHoliday(D("2024-04-01")));  // Easter Monday
  EXPECT_EQ(WD("2024-03-28", "2024-04-02"), 1);
  EXPECT_EQ(Cal().AddWorkingDays(D("2024-03-28"), 1), D("2024-04-02"));
}

TEST(WorkingCalendarTest, FortyFiveWorkingDayAssessmentOverChristmas) {
  // Started Monday 20 Nov 2023: 25, 26 Dec and 1 Jan fall inside the window.
  const Date start = D("2023-11-20");
  const Date due = Cal().AddWorkingDays(start, 45);
  EXPECT_EQ(due, D("2024-01-25"));
  EXPECT_EQ(Cal().WorkingDaysBetween(start, due), 45);
  EXPECT_EQ(Cal().WorkingDaysBetween(start, due.AddDays(-1)), 44);
  EXPECT_EQ(Cal().AddWorkingDays(D("2023-11-01"), 45), D("2024-01-08"));
  EXPECT_EQ(WD("2023-12-01", "2024-01-02"), 19);
}

TEST(WorkingCalendarTest, AddWorkingDaysAcrossBankHolidayWeekend) {
  EXPECT_EQ(Cal().AddWorkingDays(D("2023-05-26"), 1), D("2023-05-30"));  // Spring bank holiday
  EXPECT_EQ(Cal().AddWorkingDays(D("2020-05-07"), 1), D("2020-05-11"));
  EXPECT_EQ(Cal().AddWorkingDays(D("2022-06-01"), 1), D("2022-06-06"));
  EXPECT_EQ(Cal().AddWorkingDays(D("2021-12-24"), 1), D("2021-12-29"));
  EXPECT_EQ(Cal().AddWorkingDays(D("2021-12-24"), 3), D("2021-12-31"));
  EXPECT_EQ(Cal().AddWorkingDays(D("2023-06-10"), 1), D("2023-06-12"));  // Saturday start
}

TEST(WorkingCalendarTest, AddWorkingDaysZeroReturnsStart) {
  EXPECT_EQ(Cal().AddWorkingDays(D("2023-06-10"), 0), D("2023-06-10"));
  EXPECT_EQ(Cal().AddWorkingDays(D("2023-12-25"), 0), D("2023-12-25"));
}

TEST(WorkingCalendarTest, AddWorkingDaysIsSmallestDayReachingN) {
  const int32_t ns[] = {1, 2, 3, 5, 10, 15, 20, 45, 65, 120, 400};
  for (Date start = D("2014-12-01"); start <= D("2031-01-31"); start = start.AddDays(5)) {
    for (int32_t n : ns) {
      const Date d = Cal().AddWorkingDays(start, n);
      ASSERT_EQ(Cal().WorkingDaysBetween(start, d), n) << start.Iso() << " + " << n;
      ASSERT_TRUE(Cal().IsWorkingDay(d)) << start.Iso() << " + " << n << " = " << d.Iso();
      ASSERT_EQ(Cal().WorkingDaysBetween(start, d.AddDays(-1)), n - 1) << start.Iso() << " + " << n;
    }
  }
}

TEST(WorkingCalendarTest, SubtractWorkingDaysSkipsEasterBackwards) {
  // 31 March 2024 is Easter Sunday; Good Friday 29 March is a bank holiday.
  EXPECT_EQ(Cal().SubtractWorkingDays(D("2024-03-31"), 1), D("2024-03-28"));
  EXPECT_EQ(Cal().SubtractWorkingDays(D("2024-04-02"), 1), D("2024-03-28"));  // over Easter Monday
  EXPECT_EQ(Cal().SubtractWorkingDays(D("2026-03-31"), 0), D("2026-03-31"));
}

TEST(WorkingCalendarTest, SubtractWorkingDaysUndoesAddOnWorkingDays) {
  for (Date d = D("2024-01-02"); d < D("2024-12-31"); d = d.AddDays(1)) {
    if (!Cal().IsWorkingDay(d)) continue;
    for (int n : {1, 15, 45}) {
      EXPECT_EQ(Cal().SubtractWorkingDays(Cal().AddWorkingDays(d, n), n), d) << d.Iso() << " " << n;
    }
  }
}

TEST(WorkingCalendarTest, AddWorkingDaysPastCoverage) {
  // 25, 26 Dec 2030 are holidays; 1 Jan 2031 is outside the file, so worked.
  EXPECT_EQ(Cal().AddWorkingDays(D("2030-12-20"), 10), D("2031-01-07"));
}

TEST(WorkingCalendarTest, ReversedArgumentsNegate) {
  EXPECT_EQ(WD("2021-12-29", "2021-12-24"), -1);
  EXPECT_EQ(WD("2024-01-25", "2023-11-20"), -45);
  Random rng(20240401);
  for (int i = 0; i < 500; ++i) {
    const Date a = D("2014-06-01").AddDays(static_cast<int32_t>(rng.Between(0, 6400)));
    const Date b = a.AddDays(static_cast<int32_t>(rng.Between(0, 400)));
    ASSERT_EQ(Cal().WorkingDaysBetween(b, a), -Cal().WorkingDaysBetween(a, b)) << a.Iso() << " " << b.Iso();
  }
}

TEST(WorkingCalendarTest, OutsideCoveredYearsCountsWeekendsOnly) {
  EXPECT_FALSE(Cal().Covers(D("2014-12-25")));
  EXPECT_FALSE(Cal().Covers(D("2014-12-31")));
  EXPECT_TRUE(Cal().Covers(D("2015-01-01")));
  EXPECT_TRUE(Cal().Covers(D("2030-12-31")));
  EXPECT_FALSE(Cal().Covers(D("2031-01-01")));
  EXPECT_FALSE(Cal().IsBankHoliday(D("2014-12-25")));
  EXPECT_TRUE(Cal().IsWorkingDay(D("2014-12-25")));
  EXPECT_FALSE(Cal().IsBankHoliday(D("2031-12-25")));
  EXPECT_TRUE(Cal().IsWorkingDay(D("2031-12-25")));
  EXPECT_FALSE(Cal().IsWorkingDay(D("2031-12-27")));  // still a Saturday
  EXPECT_EQ(WD("2014-12-24", "2014-12-29"), 3);
  EXPECT_EQ(WD("2031-12-24", "2031-12-29"), 3);
  EXPECT_EQ(WD("2030-12-24", "2030-12-29"), 1);  // covered: 25, 26 excluded
  EXPECT_EQ(WD("2014-12-31", "2015-01-02"), 1);  // into coverage: 1 Jan 2015 excluded
  // 18 years: 4695 weekdays minus the 131 holidays.
  EXPECT_EQ(WD("2014-01-01", "2031-12-31"), 4564);
}

TEST(WorkingCalendarTest, BruteForceAgainstDayLoop) {
  const WorkingCalendar& cal = Cal();
  // Every 7th start day, each end up to 120 days later (running loop count).
  for (Date a = D("2015-01-01"); a <= D("2030-12-31"); a = a.AddDays(7)) {
    int32_t running = 0;
    for (int32_t k = 0; k <= 120; ++k) {
      const Date b = a.AddDays(k);
      if (k > 0 && cal.IsWorkingDay(b)) ++running;
      ASSERT_EQ(cal.WorkingDaysBetween(a, b), running) << a.Iso() << " -> " << b.Iso();
    }
  }
  // Random pairs, either order, including the years outside coverage.
  Random rng(45);
  for (int i = 0; i < 400; ++i) {
    const Date a = D("2013-01-01").AddDays(static_cast<int32_t>(rng.Between(0, 7300)));
    const Date b = a.AddDays(static_cast<int32_t>(rng.Between(-800, 800)));
    ASSERT_EQ(cal.WorkingDaysBetween(a, b), LoopCount(cal, a, b)) << a.Iso() << " -> " << b.Iso();
  }
}

// ---- Parse and LoadFile ----------------------------------------------------

std::string ParseError(std::string_view csv) {
  auto parsed = WorkingCalendar::Parse(csv, "test.csv");
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code(), Code::kInvalidArgument);
  return parsed.error().message();
}

TEST(WorkingCalendarParseTest, MissingHeader) {
  const std::string msg = ParseError("2023-01-02,New Year\n2023-12-25,Christmas\n");
  EXPECT_NE(msg.find("test.csv line 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("header"), std::string::npos) << msg;
}

TEST(WorkingCalendarParseTest, BadDateNamesItsLine) {
  const std::string msg = ParseError("date,name\n2023-01-02,a\n2023-02-30,b\n");
  EXPECT_NE(msg.find("test.csv line 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'2023-02-30'"), std::string::npos) << msg;
  // Blank lines still count as lines.
  const std::string msg5 = ParseError("date,name\n2023-01-02,a\n\n\n23/12/2023,b\n");
  EXPECT_NE(msg5.find("line 5"), std::string::npos) << msg5;
  EXPECT_NE(msg5.find("'23/12/2023'"), std::string::npos) << msg5;
  const std::string msg2 = ParseError("date\n2023-1-02\n");
  EXPECT_NE(msg2.find("line 2"), std::string::npos) << msg2;
}

TEST(WorkingCalendarParseTest, EmptyOrHeaderOnly) {
  EXPECT_NE(ParseError("").find("no bank holidays"), std::string::npos);
  EXPECT_NE(ParseError("date,name,source\n").find("no bank holidays"), std::string::npos);
  EXPECT_NE(ParseError("\n\n").find("no bank holidays"), std::string::npos);
}

TEST(WorkingCalendarParseTest, AcceptsBomCrlfDuplicatesAndAnyOrder) {
  auto cal = WorkingCalendar::Parse(
      "\xEF\xBB\xBF" "date,name\r\n2031-12-25,Christmas\r\n2031-01-01,New Year\r\n"
      "2031-12-25,Christmas again\r\n",
      "x.csv");
  ASSERT_TRUE(cal.has_value()) << cal.error().message();
  EXPECT_TRUE(cal->IsBankHoliday(D("2031-01-01")));
  EXPECT_TRUE(cal->IsBankHoliday(D("2031-12-25")));
  // Thu 25 Dec excluded once, despite the duplicate row.
  EXPECT_EQ(cal->WorkingDaysBetween(D("2031-12-24"), D("2031-12-29")), 2);
}

TEST(WorkingCalendarLoadTest, MissingFileIsNotFound) {
  const std::string path = ::testing::TempDir() + "/no-such-bank-holidays.csv";
  auto cal = WorkingCalendar::LoadFile(path);
  ASSERT_FALSE(cal.has_value());
  EXPECT_EQ(cal.error().code(), Code::kNotFound);
  EXPECT_NE(cal.error().message().find(path), std::string::npos) << cal.error().message();
}

TEST(WorkingCalendarLoadTest, ReplacementFileChangesResults) {
  const std::string path = ::testing::TempDir() + "/sg-calendar-2031.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "date,name,source\n"
           "2031-01-01,New Year's Day,test\n2031-04-11,Good Friday,test\n"
           "2031-04-14,Easter Monday,test\n2031-05-05,Early May bank holiday,test\n"
           "2031-05-26,Spring bank holiday,test\n2031-08-25,Summer bank holiday,test\n"
           "2031-12-25,Christmas Day,test\n2031-12-26,Boxing Day,test\n";
  }
  auto loaded = WorkingCalendar::LoadFile(path);
  std::remove(path.c_str());
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  const WorkingCalendar& cal = *loaded;
  EXPECT_EQ(cal.first_covered(), D("2031-01-01"));
  EXPECT_EQ(cal.last_covered(), D("2031-12-31"));
  EXPECT_TRUE(cal.Covers(D("2031-06-30")));
  EXPECT_FALSE(cal.Covers(D("2030-12-31")));
  // 2031 now has holidays; the embedded calendar has none there.
  EXPECT_EQ(cal.WorkingDaysBetween(D("2031-12-24"), D("2031-12-29")), 1);
  EXPECT_EQ(WD("2031-12-24", "2031-12-29"), 3);
  EXPECT_EQ(cal.WorkingDaysBetween(D("2031-04-10"), D("2031-04-15")), 1);
  EXPECT_EQ(cal.AddWorkingDays(D("2030-12-31"), 1), D("2031-01-02"));
  EXPECT_EQ(Cal().AddWorkingDays(D("2030-12-31"), 1), D("2031-01-01"));
  // ... and 2030 is no longer covered: Christmas 2030 is a working day.
  EXPECT_TRUE(cal.IsWorkingDay(D("2030-12-25")));
  EXPECT_FALSE(Cal().IsWorkingDay(D("2030-12-25")));
  EXPECT_EQ(cal.WorkingDaysBetween(D("2030-12-24"), D("2030-12-29")), 3);
}

}  // namespace
}  // namespace sg::core
