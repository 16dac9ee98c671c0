// Words: dates, times and sentences as GOV.UK writes them.
//
// Design. One place turns what the modules say (ISO dates, UTC times,
// lower-case messages such as "the decision date 2025-03-04 is before the
// contact") into what a page shows ("The decision date 4 March 2025 is
// before the contact"), so that every page writes them the same way.
#include <fmt/format.h>

#include <array>
#include <cctype>

#include "pages/page.h"

namespace sg::pages {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool IsDigit(std::string_view text, size_t i) {
  return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0;
}

// Whether an ISO date ("2025-03-04") starts at `i`, standing on its own (no
// digit just before or after it).
bool IsoDateAt(std::string_view text, size_t i) {
  if (i + 10 > text.size() || (i > 0 && IsDigit(text, i - 1)) || IsDigit(text, i + 10)) {
    return false;
  }
  for (size_t k = 0; k < 10; ++k) {
    const bool dash = k == 4 || k == 7;
    if (dash ? text[i + k] != '-' : !IsDigit(text, i + k)) return false;
  }
  return true;
}

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

std::string Readable(std::string_view message) {
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    if (IsoDateAt(message, i)) {
      if (auto date = core::Date::ParseIso(message.substr(i, 10))) {
        out += LongDate(*date);
        i += 9;
        continue;
      }
    }
    out += message[i];
  }
  return Capitalised(out);
}

std::string Capitalised(std::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

}  // namespace sg::pages
