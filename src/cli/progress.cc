#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace sg::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)),
      terminal_(isatty(STDERR_FILENO) == 1),
      started_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  if (terminal_ && last_shown_ >= 0 && !finished_) std::fputc('\n', stderr);
}

void ProgressBar::Update(double fraction) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  int percent = static_cast<int>(fraction * 100);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  if (terminal_) {
    if (percent == last_shown_) return;
    constexpr int kWidth = 30;
    int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% %5.1fs", label_.c_str(), filled,
                 "##############################", kWidth - filled, "", percent, seconds);
    std::fflush(stderr);
  } else {
    if (percent / 10 == last_shown_ / 10 && last_shown_ >= 0) return;
    std::fprintf(stderr, "%s: %d%% (%.1fs)\n", label_.c_str(), percent / 10 * 10, seconds);
  }
  last_shown_ = percent;
}

void ProgressBar::Finish() {
  Update(1.0);
  if (terminal_) std::fputc('\n', stderr);
  finished_ = true;
}

}  // namespace sg::cli
