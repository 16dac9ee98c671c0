// libFuzzer target: the CIN census reader and validator on arbitrary bytes.
//
// Whatever the bytes, validating them must end in a report (findings, or
// the reason the file cannot be read): no crash, no hang, no leak, no
// undefined behaviour. Half of the inputs are read with a stated collection
// year, so that bytes without a <Year> still reach the parser and the rules.
// The suite runs it for a bounded time over the golden fixtures as seeds
// (src/returns/CMakeLists.txt); run it longer by hand with
//   build/release/src/returns/cin_fuzz -max_total_time=600 testdata/cin/rules
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "returns/cin_validator.h"

// g++ also traces floating-point comparisons, which libFuzzer 14 does not
// take; they carry no useful signal for a text reader, so they are dropped.
extern "C" void __sanitizer_cov_trace_cmpf(float, float) {}
extern "C" void __sanitizer_cov_trace_cmpd(double, double) {}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  sg::returns::CinValidateOptions options;
  if (size > 0 && (data[0] & 1) == 0) options.collection_year = 2026;
  options.check_structure = size % 3 != 0;
  sg::returns::FileReport report = sg::returns::ValidateCinBytes(bytes, "fuzz", options);
  // Every finding names a rule; an unreadable file has a message.
  for (const auto& finding : report.findings) {
    if (finding.rule.empty()) __builtin_trap();
  }
  if (report.unreadable && report.unreadable->message().empty()) __builtin_trap();
  return 0;
}
