// Clock and Random: time and chance are injected, never read from globals,
// so that tests and the demo are hermetic and repeatable.
#ifndef SAFEGUARD_CORE_CLOCK_H_
#define SAFEGUARD_CORE_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace sg::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Date Today() const = 0;  // the local calendar day in England
  // UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" for audit and recorded-at fields.
  virtual std::string NowUtc() const = 0;
  // Seconds since the Unix epoch, for timeouts (sessions, locks, break-glass).
  virtual int64_t NowUnixSeconds() const = 0;
};

// UTC timestamp text of a Unix time, and back (nullopt when malformed).
std::string UtcFromUnixSeconds(int64_t seconds);
std::optional<int64_t> UnixSecondsFromUtc(std::string_view utc);

class SystemClock final : public Clock {
 public:
  Date Today() const override;
  std::string NowUtc() const override;
  int64_t NowUnixSeconds() const override;
};

// A clock stopped at one day (noon UTC), for tests and the demo.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Date today) : today_(today) {}
  Date Today() const override { return today_; }
  std::string NowUtc() const override { return today_.Iso() + "T12:00:00Z"; }
  int64_t NowUnixSeconds() const override;

 private:
  Date today_;
};

// A clock that moves only when told, for tests of timeouts, locks and
// expiries: it starts at a given UTC instant and Advance() moves it on.
// Today() is the UTC calendar day (tests pick instants away from midnight
// when the England/UTC difference would matter). The time is atomic so that
// a test thread may advance it while a server thread reads it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t unix_seconds) : now_(unix_seconds) {}
  Date Today() const override;
  std::string NowUtc() const override { return UtcFromUnixSeconds(NowUnixSeconds()); }
  int64_t NowUnixSeconds() const override { return now_.load(std::memory_order_relaxed); }

  void Advance(std::chrono::seconds by) { now_.fetch_add(by.count(), std::memory_order_relaxed); }
  void Set(int64_t unix_seconds) { now_.store(unix_seconds, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_;
};

// Random: a small, fully specified generator (xoshiro256** seeded through
// splitmix64) with our own bounded draws, so the same seed gives the same
// sequence on every standard library; std::uniform_*_distribution does not
// promise that.
class Random {
 public:
  explicit Random(uint64_t seed);
  uint64_t Next();
  // Uniform in [lo, hi]; REQUIRES lo <= hi.
  int64_t Between(int64_t lo, int64_t hi);
  // True with probability p (0..1).
  bool Chance(double p);
  // Uniform in [0, 1).
  double Unit();

 private:
  uint64_t s_[4];
};

}  // namespace sg::core

#endif  // SAFEGUARD_CORE_CLOCK_H_
