// WorkingCalendar: the England and Wales working-day calendar.
//
// Every statutory clock in Safeguard counts working days: Monday to Friday
// except the bank holidays of England and Wales. INDICATORS.md defines
//
//   WD(a, b) = the number of working days d with a < d <= b   (WD(a, a) = 0)
//
// so "within N working days" means WD(a, b) <= N, and the due date of an
// N-working-day clock started on a is the N-th working day after a.
//
// Design. WD must be cheap enough to call millions of times (indicators over
// five years of records, the work tray of a whole authority). We count
//   C(x) = weekdays up to x  -  bank holidays on weekdays up to x
// so that WD(a, b) = C(b) - C(a). Weekdays up to x have a closed form; bank
// holidays up to x come from a prefix-count table with one entry per day of
// the years the holiday file covers. Both are O(1): no loop over days.
// Outside the covered years only weekends are excluded; Covers() tells a
// caller when a result rests on that assumption.
//
// The holidays are data (data/bank-holidays-england-wales.csv, from GOV.UK's
// bank-holidays feed), embedded in the binary and replaceable by a newer file
// of the same shape with LoadFile().
//
// Thread safety: immutable after construction; share freely.
#ifndef SAFEGUARD_CORE_CALENDAR_H_
#define SAFEGUARD_CORE_CALENDAR_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace sg::core {

class WorkingCalendar {
 public:
  // CSV with a header row whose first column is `date` (ISO dates); further
  // columns (name, source) are kept for people, ignored here. Fails naming the
  // line of the first bad row, or if the file holds no holiday at all.
  static Result<WorkingCalendar> Parse(std::string_view csv, std::string_view source_name);
  static Result<WorkingCalendar> LoadFile(const std::string& path);
  // The calendar embedded in the binary (2015 to 2030 as shipped).
  static const WorkingCalendar& EnglandAndWales();

  bool IsWorkingDay(Date d) const;
  bool IsBankHoliday(Date d) const;

  // WD(a, b) as defined above. When b < a the result is -WD(b, a), which
  // callers treat as a data error (an end before its start).
  int32_t WorkingDaysBetween(Date a, Date b) const { return Count(b) - Count(a); }

  // The n-th working day after `start` (n >= 1), i.e. the smallest d > start
  // with WD(start, d) = n: the due date of an n-working-day clock.
  // n = 0 returns `start` itself.
  Date AddWorkingDays(Date start, int32_t n) const;

  // The n-th working day before `day` (n >= 1): the largest d < day with
  // WD(d, day) = n when `day` is a working day, and in general the day that
  // counting n working days back from `day` lands on ("the reference date
  // minus n working days"). n = 0 returns `day` itself.
  Date SubtractWorkingDays(Date day, int32_t n) const;

  // True when `d` lies in a year the holiday file covers.
  bool Covers(Date d) const { return first_ <= d && d <= last_; }
  Date first_covered() const { return first_; }
  Date last_covered() const { return last_; }

 private:
  WorkingCalendar() = default;
  int32_t Count(Date x) const;  // C(x)

  Date first_;                         // 1 January of the first year with a holiday
  Date last_;                          // 31 December of the last
  std::vector<int32_t> holidays_upto_;  // [i] = weekday holidays in [first_, first_ + i]
};

}  // namespace sg::core

#endif  // SAFEGUARD_CORE_CALENDAR_H_
