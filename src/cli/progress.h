// ProgressBar: a one-line bar on stderr for long commands. On a terminal it
// redraws in place; otherwise (CI logs, files) it prints a line at every
// tenth so logs stay short.
#ifndef SAFEGUARD_CLI_PROGRESS_H_
#define SAFEGUARD_CLI_PROGRESS_H_

#include <chrono>
#include <string>

namespace sg::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  void Update(double fraction);  // 0..1
  void Finish();

 private:
  std::string label_;
  bool terminal_;
  int last_shown_ = -1;
  bool finished_ = false;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace sg::cli

#endif  // SAFEGUARD_CLI_PROGRESS_H_
