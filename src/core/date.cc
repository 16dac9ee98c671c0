#include "core/date.h"

#include <date/date.h>

#include <charconv>
#include <cstdio>

#include <fmt/format.h>

namespace sg::core {
namespace {

bool ParseDigits(std::string_view text, int& out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

Result<Date> FromParts(std::string_view text, std::string_view what, std::string_view y,
                       std::string_view m, std::string_view d, std::string_view form) {
  int year = 0, month = 0, day = 0;
  if (!ParseDigits(y, year) || !ParseDigits(m, month) || !ParseDigits(d, day)) {
    return Fail(Code::kInvalidArgument,
                fmt::format("{} '{}' is not a date in the form {}", what, text, form));
  }
  date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                           date::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || year < 1900 || year > 2199) {
    return Fail(Code::kInvalidArgument,
                fmt::format("{} '{}' is not a real calendar day", what, text));
  }
  return Date::FromDays(static_cast<int32_t>(date::sys_days(ymd).time_since_epoch().count()));
}

date::year_month_day Ymd(Date d) { return date::year_month_day(date::sys_days(date::days(d.days()))); }

}  // namespace

Date Date::FromYmd(int year, unsigned month, unsigned day) {
  date::year_month_day ymd{date::year(year), date::month(month), date::day(day)};
  return Date(static_cast<int32_t>(date::sys_days(ymd).time_since_epoch().count()));
}

Result<Date> Date::ParseIso(std::string_view text, std::string_view what) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return Fail(Code::kInvalidArgument,
                fmt::format("{} '{}' is not a date in the form YYYY-MM-DD", what, text));
  }
  return FromParts(text, what, text.substr(0, 4), text.substr(5, 2), text.substr(8, 2),
                   "YYYY-MM-DD");
}

Result<Date> Date::ParseUk(std::string_view text, std::string_view what) {
  if (text.size() != 10 || text[2] != '/' || text[5] != '/') {
    return Fail(Code::kInvalidArgument,
                fmt::format("{} '{}' is not a date in the form DD/MM/YYYY", what, text));
  }
  return FromParts(text, what, text.substr(6, 4), text.substr(3, 2), text.substr(0, 2),
                   "DD/MM/YYYY");
}

int Date::year() const { return static_cast<int>(Ymd(*this).year()); }
unsigned Date::month() const { return static_cast<unsigned>(Ymd(*this).month()); }
unsigned Date::day() const { return static_cast<unsigned>(Ymd(*this).day()); }

std::string Date::Iso() const {
  // Written by hand: dates are formatted for every stored value, and
  // snprintf's format parsing showed in the import's profile.
  auto ymd = Ymd(*this);
  int year = static_cast<int>(ymd.year());
  unsigned month = static_cast<unsigned>(ymd.month());
  unsigned day = static_cast<unsigned>(ymd.day());
  if (year < 0 || year > 9999) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
    return buf;
  }
  std::string out = "0000-00-00";
  for (int i = 3; i >= 0; --i, year /= 10) out[static_cast<size_t>(i)] = static_cast<char>('0' + year % 10);
  out[5] = static_cast<char>('0' + month / 10);
  out[6] = static_cast<char>('0' + month % 10);
  out[8] = static_cast<char>('0' + day / 10);
  out[9] = static_cast<char>('0' + day % 10);
  return out;
}

std::string Date::Uk() const {
  auto ymd = Ymd(*this);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buf;
}

Date AddMonths(Date d, int months) {
  auto ymd = Ymd(d);
  date::year_month ym = date::year_month(ymd.year(), ymd.month()) + date::months(months);
  date::day last = date::year_month_day_last(ym.year(), date::month_day_last(ym.month())).day();
  date::day day = ymd.day() <= last ? ymd.day() : last;
  date::year_month_day target{ym.year(), ym.month(), day};
  return Date::FromDays(static_cast<int32_t>(date::sys_days(target).time_since_epoch().count()));
}

int AgeInYears(Date birth, Date on) {
  int age = on.year() - birth.year();
  if (AddMonths(birth, 12 * age) > on) --age;
  return age;
}

Period ReportingYear(int year) {
  return Period{Date::FromYmd(year - 1, 4, 1), Date::FromYmd(year, 3, 31)};
}

}  // namespace sg::core
