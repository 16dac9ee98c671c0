#include "reporting/pending_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace sg::reporting {

namespace fs = std::filesystem;

namespace {

// The process's umask, read without changing it (umask() can only be read
// by setting it, which races with other threads creating files); nullopt
// where /proc does not say.
std::optional<mode_t> CurrentUmask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) {
      return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
    }
  }
  return std::nullopt;
}

}  // namespace

core::Result<PendingFile> PendingFile::Reserve(const fs::path& target) {
  const fs::path absolute = fs::absolute(target);
  // Appended piece by piece: g++ 12 at -O3 warns falsely (-Wrestrict) on
  // "." + name + "...".
  std::string hidden_name = ".";
  hidden_name += absolute.filename().string();
  hidden_name += ".XXXXXX.tmp";
  std::string pattern = (absolute.parent_path() / hidden_name).string();
  const int fd = mkstemps(pattern.data(), 4);
  if (fd < 0) {
    return core::Fail(
        core::Code::kUnavailable,
        "cannot create a file in " + absolute.parent_path().string() + ": " + std::strerror(errno));
  }
  ::close(fd);
  return PendingFile(absolute, fs::path(pattern));
}

PendingFile::PendingFile(fs::path target, fs::path temp)
    : target_(std::move(target)), temp_(std::move(temp)) {}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : target_(std::move(other.target_)), temp_(std::exchange(other.temp_, {})) {}

PendingFile& PendingFile::operator=(PendingFile&& other) noexcept {
  if (this != &other) {
    Discard();
    target_ = std::move(other.target_);
    temp_ = std::exchange(other.temp_, {});
  }
  return *this;
}

PendingFile::~PendingFile() {
  Discard();
}

void PendingFile::Discard() {
  if (temp_.empty()) return;
  std::error_code ignored;
  fs::remove(temp_, ignored);
  temp_.clear();
}

core::Status PendingFile::Commit() {
  if (temp_.empty()) {
    return core::Fail(core::Code::kFailedPrecondition,
                      "the file " + target_.string() + " was already committed");
  }
  // Without a known umask the file stays private to its owner.
  if (const std::optional<mode_t> mask = CurrentUmask()) {
    ::chmod(temp_.c_str(), 0666 & ~*mask);
  }
  std::error_code error;
  fs::rename(temp_, target_, error);
  if (error) {
    Discard();
    return core::Fail(core::Code::kUnavailable, "cannot move the finished file to " +
                                                    target_.string() + ": " + error.message());
  }
  temp_.clear();
  return {};
}

core::Status WriteFileAtomically(const fs::path& path, std::string_view text) {
  SG_ASSIGN_OR_RETURN(PendingFile file, PendingFile::Reserve(path));
  std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return core::Fail(core::Code::kUnavailable, "cannot write " + path.string());
  return file.Commit();
}

}  // namespace sg::reporting
