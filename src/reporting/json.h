// JSON numbers as Safeguard writes them: a whole number as an integer (2425,
// not 2425.0), anything else as it is, no value as null.
#ifndef SAFEGUARD_REPORTING_JSON_H_
#define SAFEGUARD_REPORTING_JSON_H_

#include <cmath>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

namespace sg::reporting {

inline nlohmann::ordered_json JsonNumber(const std::optional<double>& v) {
  if (!v) return nullptr;
  if (std::floor(*v) == *v && std::abs(*v) < 1e15) return static_cast<int64_t>(*v);
  return *v;
}

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_JSON_H_
