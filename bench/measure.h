// Timing for the bench commands: wall and CPU seconds of a piece of work,
// and the process's peak memory. CPU time is the figure to quote on a
// shared machine; wall time shows when the machine was busy.
#ifndef SAFEGUARD_BENCH_MEASURE_H_
#define SAFEGUARD_BENCH_MEASURE_H_

#include <sys/resource.h>

#include <chrono>

namespace sg::bench {

inline double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

inline double PeakMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

struct Timing {
  double wall = 0;
  double cpu = 0;
};

template <typename Fn>
Timing Measure(Fn&& fn) {
  auto start = std::chrono::steady_clock::now();
  double cpu = CpuSeconds();
  fn();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
          CpuSeconds() - cpu};
}

}  // namespace sg::bench

#endif  // SAFEGUARD_BENCH_MEASURE_H_
