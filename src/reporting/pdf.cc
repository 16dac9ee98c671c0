#include "reporting/pdf.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "reporting/pending_file.h"

extern char** environ;

namespace sg::reporting {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kDefaultChromium = "/usr/bin/chromium";
constexpr size_t kMaxCapturedOutput = 64 * 1024;

// A private directory removed with its contents when it goes out of scope:
// Chromium's throwaway profile.
class TempDir {
 public:
  static core::Result<TempDir> Create() {
    std::string pattern = (fs::temp_directory_path() / "sg-chromium-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return core::Fail(
          core::Code::kUnavailable,
          std::string("cannot create a temporary directory for Chromium: ") + std::strerror(errno));
    }
    return TempDir(pattern);
  }
  TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  explicit TempDir(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

// file:///… with every byte outside the unreserved set and "/" escaped, so
// spaces, "#" and "%" in a path survive.
std::string FileUrl(const fs::path& absolute) {
  std::string url = "file://";
  for (unsigned char c : absolute.string()) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    url += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return url;
}

std::string DescribeDuration(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return fmt::format("{} s", duration.count() / 1000);
  return fmt::format("{} ms", duration.count());
}

std::string MissingChromium(const fs::path& program) {
  return "Chromium was not found at " + program.string() +
         "; install Debian's chromium (scripts/bootstrap) or set SAFEGUARD_CHROMIUM";
}

struct ChildOutcome {
  bool timed_out = false;
  int status = 0;      // from waitpid
  std::string output;  // stdout and stderr, the last kMaxCapturedOutput bytes
};

void Append(std::string& output, const char* data, size_t size) {
  output.append(data, size);
  if (output.size() > kMaxCapturedOutput) output.erase(0, output.size() - kMaxCapturedOutput);
}

// Reads what the pipe has now, without blocking; false at end of file.
bool DrainPipe(int fd, std::string& output, int wait_ms) {
  pollfd poll_fd{fd, POLLIN, 0};
  while (poll(&poll_fd, 1, wait_ms) > 0) {
    char buffer[4096];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) return false;
    Append(output, buffer, static_cast<size_t>(n));
    wait_ms = 0;
  }
  return true;
}

// Runs `argv` in a new process group with stdin from /dev/null and stdout
// and stderr captured, killing the whole group after `timeout`.
core::Result<ChildOutcome> RunChild(const std::vector<std::string>& argv,
                                    std::chrono::milliseconds timeout) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return core::Fail(core::Code::kUnavailable,
                      std::string("cannot create a pipe for Chromium: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t no_signals;
  sigemptyset(&no_signals);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals,
            SIGPIPE);  // a server may ignore SIGPIPE; Chromium should not inherit that
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(pipe_fds[1]);
  if (spawn_error != 0) {
    close(pipe_fds[0]);
    if (spawn_error == ENOENT || spawn_error == EACCES) {
      return core::Fail(core::Code::kUnavailable, MissingChromium(argv[0]));
    }
    return core::Fail(core::Code::kUnavailable,
                      std::string("cannot start Chromium: ") + std::strerror(spawn_error));
  }

  ChildOutcome outcome;
  const Clock::time_point deadline = Clock::now() + timeout;
  bool pipe_open = true;
  for (;;) {
    // Wait for the child without reaping it, so that its process group id
    // stays reserved until the group has been ended below.
    siginfo_t info{};
    const int waited = waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT);
    if (waited == 0 && info.si_pid == pid) break;
    if (Clock::now() >= deadline) {
      outcome.timed_out = true;
      break;
    }
    if (pipe_open) {
      pipe_open = DrainPipe(pipe_fds[0], outcome.output, 50);
    } else {
      usleep(50 * 1000);
    }
  }
  // Helpers Chromium left running (or all of it, after a timeout) end with
  // the group.
  kill(-pid, SIGKILL);
  if (pipe_open) DrainPipe(pipe_fds[0], outcome.output, 0);
  close(pipe_fds[0]);
  while (waitpid(pid, &outcome.status, 0) < 0 && errno == EINTR) {
  }
  return outcome;
}

// The line of Chromium's output that says what went wrong: the last one
// that is not noise, without its "[pid:tid:time:LEVEL:file(line)] " prefix.
std::string ChromiumComplaint(const std::string& output) {
  std::string complaint;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    std::string_view line(output.data() + start, end - start);
    start = end + 1;
    const bool noise = line.find("dbus") != std::string_view::npos ||
                       line.find("unexpected operator") != std::string_view::npos ||
                       line.find("Fontconfig") != std::string_view::npos;
    if (noise || line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (line.front() == '[') {
      const size_t close = line.find("] ");
      if (close != std::string_view::npos) line.remove_prefix(close + 2);
    }
    complaint = std::string(line.substr(0, 300));
  }
  return complaint.empty() ? "Chromium printed no explanation" : complaint;
}

bool LooksLikePdf(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[5] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 5 && std::string_view(magic, 5) == "%PDF-";
}

}  // namespace

fs::path ChromiumProgram(const PdfOptions& options) {
  if (!options.chromium.empty()) return options.chromium;
  if (const char* variable = std::getenv("SAFEGUARD_CHROMIUM"); variable && *variable) {
    return variable;
  }
  return fs::path(kDefaultChromium);
}

core::Status RenderPdf(const fs::path& html, const fs::path& pdf, const PdfOptions& options) {
  std::error_code error;
  const fs::path source = fs::absolute(html, error);
  if (error || !fs::is_regular_file(source, error)) {
    return core::Fail(core::Code::kNotFound, "the HTML file " + html.string() + " does not exist");
  }
  const fs::path program = ChromiumProgram(options);
  if (program.string().find('/') != std::string::npos && access(program.c_str(), X_OK) != 0) {
    return core::Fail(core::Code::kUnavailable, MissingChromium(program));
  }
  SG_ASSIGN_OR_RETURN(PendingFile output, PendingFile::Reserve(pdf));
  SG_ASSIGN_OR_RETURN(TempDir profile, TempDir::Create());

  std::vector<std::string> argv = {program.string(),
                                   "--headless",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--no-pdf-header-footer",
                                   "--generate-pdf-document-outline",
                                   "--user-data-dir=" + profile.path().string(),
                                   "--print-to-pdf=" + output.temp_path().string()};
  // Chromium's sandbox cannot run as root and Chromium refuses to start
  // without it unless told; as any other user the sandbox stays on.
  if (geteuid() == 0) argv.insert(argv.begin() + 1, "--no-sandbox");
  argv.push_back(FileUrl(source));

  SG_ASSIGN_OR_RETURN(ChildOutcome outcome, RunChild(argv, options.timeout));
  if (outcome.timed_out) {
    return core::Fail(core::Code::kUnavailable,
                      fmt::format("Chromium did not finish printing {} within {} and was stopped",
                                  html.string(), DescribeDuration(options.timeout)));
  }
  if (!WIFEXITED(outcome.status) || WEXITSTATUS(outcome.status) != 0) {
    const std::string how = WIFEXITED(outcome.status)
                                ? fmt::format("exit status {}", WEXITSTATUS(outcome.status))
                                : fmt::format("signal {}", WTERMSIG(outcome.status));
    return core::Fail(core::Code::kUnavailable,
                      fmt::format("Chromium failed to print {} ({}): {}", html.string(), how,
                                  ChromiumComplaint(outcome.output)));
  }
  if (!LooksLikePdf(output.temp_path())) {
    return core::Fail(core::Code::kUnavailable,
                      fmt::format("Chromium wrote no PDF for {}: {}", html.string(),
                                  ChromiumComplaint(outcome.output)));
  }
  return output.Commit();
}

}  // namespace sg::reporting
