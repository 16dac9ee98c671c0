#include "core/shipped_path.h"

#include <cstdlib>

namespace sg::core {

std::filesystem::path ShippedPath(const char* env_var, const std::filesystem::path& relative) {
  if (env_var != nullptr) {
    if (const char* env = std::getenv(env_var); env != nullptr && *env != '\0') return env;
  }
  std::error_code error;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error || exe.empty()) return relative;
  constexpr int kLevels = 6;  // the executable's directory and its five nearest ancestors
  std::filesystem::path dir = exe.parent_path();
  for (int level = 0; level < kLevels; ++level) {
    std::filesystem::path candidate = dir / relative;
    if (std::filesystem::exists(candidate, error)) return candidate;
    if (!dir.has_relative_path()) break;  // reached "/"
    dir = dir.parent_path();
  }
  return relative;
}

}  // namespace sg::core
