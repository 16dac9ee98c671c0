#include "journey/clocks.h"

#include <gtest/gtest.h>

#include "journey/journey_testing.h"

#include <ostream>
#include <string_view>
#include <vector>

namespace sg::core {
// Readable dates in failure messages (identical in every journey test file).
inline void PrintTo(Date d, std::ostream* os) {
  *os << d.Iso();
}
}  // namespace sg::core

namespace sg::journey {
// Readable statuses in failure messages (identical in every journey test file).
inline void PrintTo(ClockStatus s, std::ostream* os) {
  *os << StatusName(s);
}

namespace {

// Every date asserted below was checked by hand against
// data/bank-holidays-england-wales.csv; the loop oracle re-derives them.

using test_support::Cal;
using test_support::D;
using test_support::NthWorkingDayAfter;

// A clock is met on its due date ("due soon") and broken the day after.
void ExpectBoundary(Date due) {
  EXPECT_EQ(StatusOn(Cal(), due, due), ClockStatus::kDueSoon) << due.Iso();
  EXPECT_EQ(StatusOn(Cal(), due, due.AddDays(1)), ClockStatus::kOverdue) << due.Iso();
}

// A working-day clock of n days from `start`: due on the n-th working day.
void ExpectWorkingDayClock(Date start, Date due, int n) {
  EXPECT_EQ(due, NthWorkingDayAfter(start, n)) << "from " << start.Iso();
  EXPECT_TRUE(Cal().IsWorkingDay(due)) << due.Iso();
  EXPECT_EQ(Cal().WorkingDaysBetween(start, due), n);
  // The day before the due date is still inside the clock, at n-1 or fewer.
  EXPECT_LT(Cal().WorkingDaysBetween(start, due.AddDays(-1)), n);
  ExpectBoundary(due);
}

TEST(ClockNamesTest, NamesAndTitles) {
  EXPECT_EQ(ClockName(ClockKind::kAssessment), "assessment");
  EXPECT_EQ(ClockName(ClockKind::kCareReview), "care_review");
  EXPECT_EQ(ClockTitle(ClockKind::kAssessment), "Assessment (45 working days)");
  EXPECT_EQ(StatusName(ClockStatus::kOnTime), "on time");
  EXPECT_EQ(StatusName(ClockStatus::kDueSoon), "due soon");
  EXPECT_EQ(StatusName(ClockStatus::kOverdue), "overdue");
}

// ---- Decision on a contact: 1 working day ---------------------------------

TEST(ContactDecisionTest, MidWeekIsNextDay) {
  EXPECT_EQ(ContactDecisionDue(Cal(), D("2025-06-24")), D("2025-06-25"));
  ExpectWorkingDayClock(D("2025-06-24"), D("2025-06-25"), 1);
}

TEST(ContactDecisionTest, FridayContactIsDueMonday) {
  const Date due = ContactDecisionDue(Cal(), D("2025-06-27"));  // Friday
  EXPECT_EQ(due, D("2025-06-30"));                              // Monday
  ExpectWorkingDayClock(D("2025-06-27"), due, 1);
  // The weekend in between is not overdue.
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-06-28")), ClockStatus::kDueSoon);
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-06-29")), ClockStatus::kDueSoon);
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-07-01")), ClockStatus::kOverdue);
}

TEST(ContactDecisionTest, SkipsBankHolidays) {
  // Friday before the August bank holiday (Monday 25 August 2025).
  EXPECT_EQ(ContactDecisionDue(Cal(), D("2025-08-22")), D("2025-08-26"));
  ExpectWorkingDayClock(D("2025-08-22"), D("2025-08-26"), 1);
  // Christmas Eve 2025 (Wednesday): 25, 26 holidays, then the weekend.
  EXPECT_EQ(ContactDecisionDue(Cal(), D("2025-12-24")), D("2025-12-29"));
  // A contact on a Saturday is due on Monday.
  EXPECT_EQ(ContactDecisionDue(Cal(), D("2025-06-28")), D("2025-06-30"));
}

// ---- Assessment: 45 working days from the referral -------------------------

TEST(AssessmentClockTest, FortyFiveWorkingDaysWithoutHolidays) {
  const Date referral = D("2025-06-02");  // Monday; no bank holiday until 25 Aug
  const Date due = AssessmentDue(Cal(), referral);
  EXPECT_EQ(due, D("2025-08-04"));
  ExpectWorkingDayClock(referral, due, kAssessmentWorkingDays);
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-08-05")), ClockStatus::kOverdue);
}

TEST(AssessmentClockTest, FortyFiveWorkingDaysOverBankHoliday) {
  const Date referral = D("2025-07-28");
  const Date due = AssessmentDue(Cal(), referral);
  EXPECT_EQ(due, D("2025-09-30"));  // one day later than without 25 August
  ExpectWorkingDayClock(referral, due, 45);
}

TEST(AssessmentClockTest, AcrossChristmasAndEaster) {
  for (std::string_view start : {"2024-12-02", "2025-03-10", "2025-11-20", "2026-02-27"}) {
    ExpectWorkingDayClock(D(start), AssessmentDue(Cal(), D(start)), 45);
  }
}

// ---- ICPC: 15 working days from the strategy discussion -------------------

TEST(InitialConferenceClockTest, FifteenWorkingDays) {
  const Date strategy = D("2025-06-02");
  const Date due = InitialConferenceDue(Cal(), strategy);
  EXPECT_EQ(due, D("2025-06-23"));
  ExpectWorkingDayClock(strategy, due, kInitialConferenceWorkingDays);
}

TEST(InitialConferenceClockTest, OverEasterHolidays) {
  // Easter 2025: Good Friday 18 April, Easter Monday 21 April.
  const Date strategy = D("2025-04-10");
  const Date due = InitialConferenceDue(Cal(), strategy);
  EXPECT_EQ(due, D("2025-05-06"));  // also skips 5 May, the early May holiday
  ExpectWorkingDayClock(strategy, due, 15);
}

// ---- First core group: 10 working days after the ICPC ---------------------

TEST(FirstCoreGroupClockTest, TenWorkingDays) {
  const Date icpc = D("2025-06-23");
  const Date due = FirstCoreGroupDue(Cal(), icpc);
  EXPECT_EQ(due, D("2025-07-07"));
  ExpectWorkingDayClock(icpc, due, kFirstCoreGroupWorkingDays);
  ExpectWorkingDayClock(D("2025-12-19"), FirstCoreGroupDue(Cal(), D("2025-12-19")), 10);
  EXPECT_EQ(FirstCoreGroupDue(Cal(), D("2025-12-19")), D("2026-01-07"));
}

// ---- CP review: 3 months after the ICPC, then every 6 months --------------

TEST(CpReviewClockTest, FirstReviewThreeMonthsAfterConference) {
  EXPECT_EQ(CpReviewDue(D("2025-01-15"), {}), D("2025-04-15"));
  ExpectBoundary(CpReviewDue(D("2025-01-15"), {}));
}

TEST(CpReviewClockTest, FirstReviewClampsToEndOfFebruary) {
  EXPECT_EQ(CpReviewDue(D("2025-11-30"), {}), D("2026-02-28"));
  EXPECT_EQ(CpReviewDue(D("2023-11-30"), {}), D("2024-02-29"));  // leap year
  EXPECT_EQ(CpReviewDue(D("2025-11-29"), {}), D("2026-02-28"));
}

TEST(CpReviewClockTest, LaterReviewsSixMonthsAfterTheLast) {
  const std::vector<Date> one = {D("2025-04-10")};
  EXPECT_EQ(CpReviewDue(D("2025-01-15"), one), D("2025-10-10"));
  const std::vector<Date> two = {D("2025-04-10"), D("2025-10-01")};
  EXPECT_EQ(CpReviewDue(D("2025-01-15"), two), D("2026-04-01"));
  ExpectBoundary(CpReviewDue(D("2025-01-15"), two));
}

TEST(CpReviewClockTest, ReviewOn31AugustClampsToEndOfFebruary) {
  const std::vector<Date> aug25 = {D("2025-08-31")};
  EXPECT_EQ(CpReviewDue(D("2025-05-31"), aug25), D("2026-02-28"));
  const std::vector<Date> aug23 = {D("2023-08-31")};
  EXPECT_EQ(CpReviewDue(D("2023-05-31"), aug23), D("2024-02-29"));
}

TEST(CpReviewClockTest, DueOnSaturdayIsDueSoonThatDayOverdueSunday) {
  const Date due = CpReviewDue(D("2025-11-30"), {});  // Saturday 28 February 2026
  ASSERT_TRUE(due.is_weekend());
  EXPECT_EQ(StatusOn(Cal(), due, D("2026-02-27")), ClockStatus::kDueSoon);  // Friday
  EXPECT_EQ(StatusOn(Cal(), due, due), ClockStatus::kDueSoon);
  EXPECT_EQ(StatusOn(Cal(), due, D("2026-03-01")), ClockStatus::kOverdue);  // Sunday
}

// ---- Cared-for review: 20 WD, then 3 months, then every 6 months ----------

TEST(CareReviewClockTest, FirstReviewTwentyWorkingDaysAfterStart) {
  const Date start = D("2025-06-02");
  const Date due = CareReviewDue(Cal(), start, {});
  EXPECT_EQ(due, D("2025-06-30"));
  ExpectWorkingDayClock(start, due, kFirstCareReviewWorkingDays);
  // Over the August bank holiday.
  EXPECT_EQ(CareReviewDue(Cal(), D("2025-08-11"), {}), D("2025-09-09"));
  ExpectWorkingDayClock(D("2025-08-11"), D("2025-09-09"), 20);
}

TEST(CareReviewClockTest, SecondReviewThreeMonthsAfterFirst) {
  const std::vector<Date> one = {D("2025-06-25")};
  EXPECT_EQ(CareReviewDue(Cal(), D("2025-06-02"), one), D("2025-09-25"));
  ExpectBoundary(D("2025-09-25"));
  const std::vector<Date> clamp = {D("2025-11-30")};
  EXPECT_EQ(CareReviewDue(Cal(), D("2025-11-01"), clamp), D("2026-02-28"));
}

TEST(CareReviewClockTest, LaterReviewsSixMonthsAfterTheLast) {
  const std::vector<Date> two = {D("2025-06-25"), D("2025-09-20")};
  EXPECT_EQ(CareReviewDue(Cal(), D("2025-06-02"), two), D("2026-03-20"));
  const std::vector<Date> three = {D("2025-06-25"), D("2025-09-20"), D("2026-03-10")};
  EXPECT_EQ(CareReviewDue(Cal(), D("2025-06-02"), three), D("2026-09-10"));
  const std::vector<Date> aug = {D("2025-06-25"), D("2025-08-31")};
  EXPECT_EQ(CareReviewDue(Cal(), D("2025-06-02"), aug), D("2026-02-28"));
  ExpectBoundary(D("2026-02-28"));
}

// ---- StatusOn --------------------------------------------------------------

TEST(StatusOnTest, OnTimeDueSoonOverdueAroundFiveWorkingDays) {
  const Date due = D("2025-07-11");                                         // Friday
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-07-03")), ClockStatus::kOnTime);   // 6 WD away
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-07-04")), ClockStatus::kDueSoon);  // exactly 5
  EXPECT_EQ(Cal().WorkingDaysBetween(D("2025-07-04"), due), kDueSoonWorkingDays);
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-07-10")), ClockStatus::kDueSoon);  // 1
  EXPECT_EQ(StatusOn(Cal(), due, due), ClockStatus::kDueSoon);              // 0
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-07-12")), ClockStatus::kOverdue);  // day after
  EXPECT_EQ(StatusOn(Cal(), due, D("2026-07-11")), ClockStatus::kOverdue);  // long after
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-01-01")), ClockStatus::kOnTime);   // long before
}

TEST(StatusOnTest, WeekendAsOf) {
  const Date due = D("2025-07-11");  // Friday
  // Saturday 5 and Sunday 6 July: 5 working days (7-11 July) away.
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-07-05")), ClockStatus::kDueSoon);
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-07-06")), ClockStatus::kDueSoon);
  // Saturday 28 June: 10 working days away.
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-06-28")), ClockStatus::kOnTime);
  // Saturday and Sunday after a Friday due date: overdue although no working
  // day has passed.
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-07-12")), ClockStatus::kOverdue);
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-07-13")), ClockStatus::kOverdue);
}

TEST(StatusOnTest, BankHolidaysDoNotCountTowardsFiveWorkingDays) {
  const Date due = D("2025-12-31");  // Wednesday
  // 22 Dec: 23, 24, 29, 30, 31 (25, 26 are holidays) = 5 WD, 9 calendar days.
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-12-22")), ClockStatus::kDueSoon);
  EXPECT_EQ(StatusOn(Cal(), due, D("2025-12-19")), ClockStatus::kOnTime);
  // Due on the Friday before the August bank holiday: Monday 25 is overdue.
  EXPECT_EQ(StatusOn(Cal(), D("2025-08-22"), D("2025-08-25")), ClockStatus::kOverdue);
}

}  // namespace
}  // namespace sg::journey
