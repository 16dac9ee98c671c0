// libFuzzer target: the SSDA903 readers (CSV and XML) and every rule, on
// arbitrary bytes.
//
// The input is split into files at lines that start with "--- ", the same
// layout as the golden fixtures in testdata/ssda903/rules, which therefore
// seed the corpus. Whatever the bytes, reading must end in a return or an
// error that names the problem, and validating a return that was read must
// end in findings: no crash, no hang, no leak, no undefined behaviour. The
// suite runs it for a bounded time (src/returns/CMakeLists.txt); run it
// longer by hand with
//   build/release/src/returns/ssda903_fuzz -max_total_time=600 testdata/ssda903/rules
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "returns/ssda903_reader.h"
#include "returns/ssda903_validator.h"

// g++ also traces floating-point comparisons, which libFuzzer 14 does not
// take; they carry no useful signal here, so they are dropped.
extern "C" void __sanitizer_cov_trace_cmpf(float, float) {}
extern "C" void __sanitizer_cov_trace_cmpd(double, double) {}

namespace {

std::vector<sg::returns::LacSourceFile> SplitFiles(std::string_view bytes) {
  std::vector<sg::returns::LacSourceFile> files;
  bool in_file = false;
  while (!bytes.empty()) {
    size_t end = bytes.find('\n');
    std::string_view line = bytes.substr(0, end == std::string_view::npos ? bytes.size() : end + 1);
    bytes.remove_prefix(line.size());
    if (line.starts_with("--- ")) {
      files.push_back({"fuzz" + std::to_string(files.size()), ""});
      in_file = true;
    } else if (in_file) {
      files.back().content += line;
    }
  }
  if (files.empty()) files.push_back({"fuzz", std::string(bytes)});
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<sg::returns::LacSourceFile> files = SplitFiles(bytes);
  if (files.size() == 1 && !bytes.starts_with("--- ")) files[0].content = std::string(bytes);
  sg::returns::LacReturn lac;
  lac.collection_year = size > 0 && (data[0] & 1) ? 2027 : 2024;
  auto read = sg::returns::ReadLacFiles(files, lac);
  if (!read) {
    if (read.error().message().empty()) __builtin_trap();
    return 0;
  }
  sg::returns::LacValidation validation = sg::returns::ValidateLac(lac, nullptr, {});
  for (const auto& report : validation.reports) {
    for (const auto& finding : report.findings) {
      if (finding.rule.empty()) __builtin_trap();
    }
  }
  return 0;
}
