// Test helpers shared by the journey tests: dates from text and an
// independent day-by-day oracle for working-day clocks.
#ifndef SAFEGUARD_JOURNEY_JOURNEY_TESTING_H_
#define SAFEGUARD_JOURNEY_JOURNEY_TESTING_H_

#include <gtest/gtest.h>

#include <string_view>

#include "core/calendar.h"
#include "core/date.h"

namespace sg::journey::test_support {

inline core::Date D(std::string_view iso) {
  auto parsed = core::Date::ParseIso(iso);
  EXPECT_TRUE(parsed.has_value()) << iso;
  return parsed.value_or(core::Date());
}

inline const core::WorkingCalendar& Cal() { return core::WorkingCalendar::EnglandAndWales(); }

// Independent oracle: the n-th working day after `start`, walking day by day.
inline core::Date NthWorkingDayAfter(core::Date start, int n) {
  core::Date d = start;
  while (n > 0) {
    d = d.AddDays(1);
    if (Cal().IsWorkingDay(d)) --n;
  }
  return d;
}

}  // namespace sg::journey::test_support

#endif  // SAFEGUARD_JOURNEY_JOURNEY_TESTING_H_
