// Date: a calendar day with no time zone, as every statutory clock counts.
//
// A Date is a count of days since 1970-01-01 (date::sys_days underneath), so
// comparison and subtraction are integer operations. Text forms are ISO
// "YYYY-MM-DD" (the CIN census, our database) and "DD/MM/YYYY" (SSDA903).
// Parsing is strict: 2023-02-29 and 2023-2-1 are rejected with a message that
// quotes the input.
#ifndef SAFEGUARD_CORE_DATE_H_
#define SAFEGUARD_CORE_DATE_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace sg::core {

class Date {
 public:
  constexpr Date() = default;  // 1970-01-01; prefer FromYmd or Parse
  static constexpr Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }
  // REQUIRES: a real calendar day (use Parse for untrusted input).
  static Date FromYmd(int year, unsigned month, unsigned day);

  // "YYYY-MM-DD"; `what` names the field in the error message.
  static Result<Date> ParseIso(std::string_view text, std::string_view what = "date");
  // "DD/MM/YYYY"
  static Result<Date> ParseUk(std::string_view text, std::string_view what = "date");

  constexpr int32_t days() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;
  // 0 = Monday ... 6 = Sunday.
  constexpr int weekday() const { return static_cast<int>(((days_ % 7) + 7 + 3) % 7); }
  constexpr bool is_weekend() const { return weekday() >= 5; }

  std::string Iso() const;  // "YYYY-MM-DD"
  std::string Uk() const;   // "DD/MM/YYYY"

  constexpr Date AddDays(int32_t n) const { return Date(days_ + n); }
  constexpr friend int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }
  constexpr friend auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// add_months as INDICATORS.md pins it: keep the day of the month, clamped to
// the last day of the target month (31 August + 6 months = end of February).
Date AddMonths(Date d, int months);

// Whole years of age on `on` for someone born on `birth` (a 29 February
// birthday falls on 28 February in other years, as English law counts it
// for most purposes; DfE's returns do the same).
int AgeInYears(Date birth, Date on);

// Reporting year Y runs from 1 April Y-1 to 31 March Y.
struct Period {
  Date start;
  Date end;  // inclusive
  bool Contains(Date d) const { return start <= d && d <= end; }
};
Period ReportingYear(int year);

}  // namespace sg::core

#endif  // SAFEGUARD_CORE_DATE_H_
