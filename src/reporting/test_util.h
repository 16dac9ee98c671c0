// Helpers for the reporting tests only: a temporary directory, reading
// files and running the command-line tools that inspect PDFs (poppler's
// pdfinfo, pdftotext and pdftoppm, installed by scripts/bootstrap).
#ifndef SAFEGUARD_REPORTING_TEST_UTIL_H_
#define SAFEGUARD_REPORTING_TEST_UTIL_H_

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace sg::reporting::testing {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// What `command` prints on stdout (run by the shell; tests only).
inline std::string Capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

inline std::string Quoted(const std::filesystem::path& path) {
  std::string quoted = "'";
  for (char c : path.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string PdfInfo(const std::filesystem::path& pdf) {
  return Capture("pdfinfo " + Quoted(pdf) + " 2>&1");
}

inline std::string PdfText(const std::filesystem::path& pdf) {
  return Capture("pdftotext -layout " + Quoted(pdf) + " - 2>&1");
}

}  // namespace sg::reporting::testing

#endif  // SAFEGUARD_REPORTING_TEST_UTIL_H_
