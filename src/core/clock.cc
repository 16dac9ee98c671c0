#include "core/clock.h"

#include <cassert>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace sg::core {

Date SystemClock::Today() const {
  // England's civil date: UTC plus one hour in British Summer Time. Working
  // out BST exactly needs tz data; the calendar day only differs between
  // 23:00 and 00:00 UTC in summer, so use the system's local time, which on
  // a partnership's server is Europe/London.
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date::FromYmd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                       static_cast<unsigned>(local.tm_mday));
}

std::string SystemClock::NowUtc() const { return UtcFromUnixSeconds(NowUnixSeconds()); }

int64_t SystemClock::NowUnixSeconds() const { return static_cast<int64_t>(std::time(nullptr)); }

int64_t FixedClock::NowUnixSeconds() const { return *UnixSecondsFromUtc(NowUtc()); }

Date ManualClock::Today() const {
  // Floor division, so that instants before 1970 fall on the right day.
  const int64_t now = NowUnixSeconds();
  int64_t days = now / 86400;
  if (now % 86400 < 0) --days;
  return Date::FromDays(static_cast<int32_t>(days));
}

std::string UtcFromUnixSeconds(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::optional<int64_t> UnixSecondsFromUtc(std::string_view utc) {
  // Exactly "YYYY-MM-DDTHH:MM:SSZ".
  if (utc.size() != 20 || utc[4] != '-' || utc[7] != '-' || utc[10] != 'T' || utc[13] != ':' ||
      utc[16] != ':' || utc[19] != 'Z') {
    return std::nullopt;
  }
  auto number = [&](size_t at, size_t len) -> int {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (utc[i] < '0' || utc[i] > '9') return -1;
      v = v * 10 + (utc[i] - '0');
    }
    return v;
  };
  int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  auto date = Date::ParseIso(utc.substr(0, 10));
  if (!date || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  return static_cast<int64_t>(date->days()) * 86400 + hour * 3600 + minute * 60 + second;
}

namespace {
uint64_t SplitMix(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Random::Random(uint64_t seed) {
  for (auto& s : s_) s = SplitMix(seed);
}

uint64_t Random::Next() {
  uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

int64_t Random::Between(int64_t lo, int64_t hi) {
  assert(lo <= hi);
  uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  if (span == 0) return static_cast<int64_t>(Next());  // the full 64-bit range
  // Rejection sampling keeps the draw exactly uniform.
  uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t x;
  do {
    x = Next();
  } while (x >= limit);
  return lo + static_cast<int64_t>(x % span);
}

double Random::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

bool Random::Chance(double p) { return Unit() < p; }

}  // namespace sg::core
