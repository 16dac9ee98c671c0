// Ruleset names of the DfE's validation rules: a prefix for the return and
// the collection year as two years ("cin2022_23", "lac2024_25").
#ifndef SAFEGUARD_RETURNS_RULESET_H_
#define SAFEGUARD_RETURNS_RULESET_H_

#include <charconv>
#include <string_view>

namespace sg::returns {

// The collection year a ruleset name stands for ("lac2022_23" -> 2023), or 0
// when `name` is not `prefix` + a ruleset of consecutive years.
inline int RulesetYear(std::string_view name, std::string_view prefix) {
  if (name.size() != prefix.size() + 7 || !name.starts_with(prefix) ||
      name[prefix.size() + 4] != '_') {
    return 0;
  }
  auto number = [](std::string_view digits) {
    int value = -1;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return error == std::errc() && end == digits.data() + digits.size() ? value : -1;
  };
  int start = number(name.substr(prefix.size(), 4));
  int end = number(name.substr(prefix.size() + 5, 2));
  if (start < 2000 || (start + 1) % 100 != end) return 0;
  return start + 1;
}

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_RULESET_H_
