#include <array>

#include <fmt/format.h>

#include "pages/page.h"

namespace sg::pages {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

}  // namespace

std::string LongDate(core::Date date) {
  return fmt::format("{} {} {}", date.day(), kMonths[date.month() - 1], date.year());
}

std::string ShortDate(core::Date date) {
  return fmt::format("{} {} {}", date.day(), kMonths[date.month() - 1].substr(0, 3), date.year());
}

// GOV.UK style: "2 June 2025 at 9:05am", "at midday", "at midnight".
std::string LongDateTime(std::string_view utc_iso) {
  if (utc_iso.size() < 16) return std::string(utc_iso);
  auto date = core::Date::ParseIso(utc_iso.substr(0, 10));
  if (!date) return std::string(utc_iso);
  int hour = (utc_iso[11] - '0') * 10 + (utc_iso[12] - '0');
  int minute = (utc_iso[14] - '0') * 10 + (utc_iso[15] - '0');
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::string(utc_iso);
  std::string time;
  if (hour == 12 && minute == 0) {
    time = "midday";
  } else if (hour == 0 && minute == 0) {
    time = "midnight";
  } else {
    int twelve = hour % 12 == 0 ? 12 : hour % 12;
    time = fmt::format("{}:{:02}{}", twelve, minute, hour < 12 ? "am" : "pm");
  }
  return fmt::format("{} at {} UTC", LongDate(*date), time);
}

}  // namespace sg::pages
