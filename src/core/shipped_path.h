// ShippedPath: where a file or folder that ships with the program is.
//
// Safeguard carries data beside its binary (data/benchmarks, the postcode
// index the build writes, config/targets.conf, the report's narrative), and
// runs from several places: build/<preset>/safeguard, the tests in
// build/<preset>/src/<module>/, an installed copy. One rule finds them all:
// the environment variable, when set, names the path outright (so a newer
// DfE release or another partnership's file replaces the shipped one);
// else the relative path is looked for in the executable's directory and
// its nearest ancestors; else the relative path is returned as it is, so
// the error that follows names it.
#ifndef SAFEGUARD_CORE_SHIPPED_PATH_H_
#define SAFEGUARD_CORE_SHIPPED_PATH_H_

#include <filesystem>

namespace sg::core {

// `env_var` may be nullptr (no override).
std::filesystem::path ShippedPath(const char* env_var, const std::filesystem::path& relative);

}  // namespace sg::core

#endif  // SAFEGUARD_CORE_SHIPPED_PATH_H_
