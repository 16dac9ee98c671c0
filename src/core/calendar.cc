#include "core/calendar.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace sg::embedded {
extern const std::string_view kBankHolidaysCsv;
}

namespace sg::core {
namespace {

// Weekdays d <= x, counted from a fixed Monday. Floor division keeps the
// formula right for dates before that Monday as well.
int32_t WeekdaysUpTo(Date x) {
  constexpr int32_t kMonday = 4;  // 1970-01-05 is a Monday, day 4 since the epoch
  int32_t offset = x.days() - kMonday;
  int32_t weeks = offset >= 0 ? offset / 7 : -((-offset + 6) / 7);
  int32_t rest = offset - weeks * 7;  // 0..6, 0 = Monday
  return weeks * 5 + std::min(rest + 1, 5);
}

std::string_view NextLine(std::string_view& text) {
  size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

Result<WorkingCalendar> WorkingCalendar::Parse(std::string_view csv, std::string_view source_name) {
  std::vector<Date> holidays;
  int line_no = 0;
  bool header_seen = false;
  while (!csv.empty()) {
    std::string_view line = NextLine(csv);
    ++line_no;
    if (line.empty()) continue;
    std::string_view first = line.substr(0, line.find(','));
    if (!header_seen) {
      if (first.starts_with("\xEF\xBB\xBF")) first.remove_prefix(3);  // UTF-8 BOM
      if (first != "date") {
        return Fail(Code::kInvalidArgument,
                    fmt::format("{} line {}: expected a header row starting with 'date'",
                                source_name, line_no));
      }
      header_seen = true;
      continue;
    }
    auto date = Date::ParseIso(first, "bank holiday date");
    if (!date) return std::unexpected(date.error().WithContext(fmt::format("{} line {}", source_name, line_no)));
    holidays.push_back(*date);
  }
  if (holidays.empty()) {
    return Fail(Code::kInvalidArgument, fmt::format("{} lists no bank holidays", source_name));
  }
  std::sort(holidays.begin(), holidays.end());
  holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());

  WorkingCalendar cal;
  cal.first_ = Date::FromYmd(holidays.front().year(), 1, 1);
  cal.last_ = Date::FromYmd(holidays.back().year(), 12, 31);
  cal.holidays_upto_.assign(static_cast<size_t>(cal.last_ - cal.first_) + 1, 0);
  size_t next = 0;
  int32_t count = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(cal.holidays_upto_.size()); ++i) {
    Date day = cal.first_.AddDays(i);
    if (next < holidays.size() && holidays[next] == day) {
      if (!day.is_weekend()) ++count;
      ++next;
    }
    cal.holidays_upto_[static_cast<size_t>(i)] = count;
  }
  return cal;
}

Result<WorkingCalendar> WorkingCalendar::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Code::kNotFound, fmt::format("cannot read bank holiday file '{}'", path));
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

const WorkingCalendar& WorkingCalendar::EnglandAndWales() {
  static const WorkingCalendar calendar = [] {
    auto parsed = Parse(embedded::kBankHolidaysCsv, "embedded bank holidays");
    if (!parsed) {
      std::fprintf(stderr, "safeguard: %s\n", parsed.error().message().c_str());
      std::abort();
    }
    return *std::move(parsed);
  }();
  return calendar;
}

int32_t WorkingCalendar::Count(Date x) const {
  int32_t holidays = 0;
  if (x >= first_) {
    size_t index = static_cast<size_t>(std::min(x, last_) - first_);
    holidays = holidays_upto_[index];
  }
  return WeekdaysUpTo(x) - holidays;
}

bool WorkingCalendar::IsBankHoliday(Date d) const {
  if (!Covers(d)) return false;
  size_t index = static_cast<size_t>(d - first_);
  int32_t before = index == 0 ? 0 : holidays_upto_[index - 1];
  return holidays_upto_[index] != before;
}

bool WorkingCalendar::IsWorkingDay(Date d) const { return !d.is_weekend() && !IsBankHoliday(d); }

Date WorkingCalendar::SubtractWorkingDays(Date day, int32_t n) const {
  // Walks back; the rules ask for at most a few dozen working days.
  while (n > 0) {
    day = day.AddDays(-1);
    if (IsWorkingDay(day)) --n;
  }
  return day;
}

Date WorkingCalendar::AddWorkingDays(Date start, int32_t n) const {
  if (n <= 0) return start;
  // C is non-decreasing and rises by one on each working day, so the answer
  // is the smallest d with C(d) = C(start) + n. Every run of 7 days holds at
  // least 5 - (holidays) working days, so start + 2n + 14 is always beyond it.
  const int32_t target = Count(start) + n;
  int32_t lo = 1, hi = 2 * n + 14;
  while (lo < hi) {
    int32_t mid = lo + (hi - lo) / 2;
    if (Count(start.AddDays(mid)) >= target) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return start.AddDays(lo);
}

}  // namespace sg::core
