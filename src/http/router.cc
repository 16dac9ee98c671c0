#include "http/router.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sg::http {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty()) return segments;
  if (path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

namespace router_internal {

void Misuse(std::string_view problem, std::string_view method, std::string_view pattern) {
  std::fprintf(stderr, "safeguard: broken route table: %.*s: %.*s %.*s\n",
               static_cast<int>(problem.size()), problem.data(), static_cast<int>(method.size()),
               method.data(), static_cast<int>(pattern.size()), pattern.data());
  std::abort();
}

bool SameShape(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    bool a_param = IsParam(a[i]);
    if (a_param != IsParam(b[i])) return false;
    if (!a_param && a[i] != b[i]) return false;
  }
  return true;
}

bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsParam(pattern[i])) {
      if (path[i].empty()) return false;
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

bool MoreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    bool a_param = IsParam(a[i]);
    bool b_param = IsParam(b[i]);
    if (a_param != b_param) return !a_param;
  }
  return false;
}

std::vector<std::string> PatternSegments(std::string_view method, std::string_view pattern) {
  if (method.empty()) Misuse("a route needs a method", method, pattern);
  if (pattern.empty() || pattern.front() != '/') {
    Misuse("a route pattern must start with '/'", method, pattern);
  }
  std::vector<std::string> segments;
  std::set<std::string_view> names;
  for (std::string_view segment : SplitPath(pattern)) {
    if (IsParam(segment)) {
      std::string_view name = ParamName(segment);
      if (name.empty() || name.find_first_of("{}") != std::string_view::npos) {
        Misuse("a route parameter needs a plain name", method, pattern);
      }
      if (!names.insert(name).second) Misuse("a route parameter is named twice", method, pattern);
    } else if (segment.find_first_of("{}") != std::string_view::npos) {
      Misuse("a route parameter must be a whole segment", method, pattern);
    }
    segments.emplace_back(segment);
  }
  return segments;
}

}  // namespace router_internal
}  // namespace sg::http
