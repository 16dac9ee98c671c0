// Router's template implementation; include http/router.h, not this file.
//
// Matching works in two steps, and the order is the point. First the path
// picks its pattern, whatever the method: of the patterns whose segments
// match, the most specific wins, comparing segment by segment from the left
// and preferring a literal to a parameter at the first place they differ
// ("/a/b/{x}" beats "/a/{y}/c" for "/a/b/c"). Only then does the method pick
// the handler among the routes of that pattern; if none has it, the answer is
// 405 with the pattern's methods. So "/children/search" can never fall
// through to "/children/{id}" because the method happened to differ.
//
// Patterns that differ only in their parameters' names ("/a/{id}" and
// "/a/{key}") are the same pattern for matching: they share one method list.
//
// HEAD is answered by the GET route when no HEAD route exists (the server
// leaves out the body), and a pattern with GET lists HEAD in `allowed`.
//
// The table is a flat vector scanned per request. With the API's hundred or
// so routes that is a few microseconds, and it keeps registration order
// visible in Routes().
#ifndef SAFEGUARD_HTTP_ROUTER_IMPL_H_
#define SAFEGUARD_HTTP_ROUTER_IMPL_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/router.h"

namespace sg::http {
namespace router_internal {

// Prints what is wrong with a route table and aborts: a broken table is a
// programmer error found at start-up, so it stops the program in every build.
[[noreturn]] void Misuse(std::string_view problem, std::string_view method,
                         std::string_view pattern);

inline bool IsParam(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

inline std::string_view ParamName(std::string_view segment) {
  return segment.substr(1, segment.size() - 2);
}

// Same segments, parameters compared as "any".
bool SameShape(const std::vector<std::string>& a, const std::vector<std::string>& b);
bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path);
// REQUIRES both match one path (so equal length).
bool MoreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b);
// Checks one pattern's text and returns its segments; aborts on a bad one.
std::vector<std::string> PatternSegments(std::string_view method, std::string_view pattern);

}  // namespace router_internal

template <typename Handler>
void Router<Handler>::Add(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments = router_internal::PatternSegments(method, pattern);
  for (const Entry& entry : entries_) {
    if (entry.method == method && router_internal::SameShape(entry.segments, segments)) {
      router_internal::Misuse("the route is registered twice", method, pattern);
    }
  }
  entries_.push_back(
      Entry{std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

template <typename Handler>
typename Router<Handler>::Match Router<Handler>::Find(std::string_view method,
                                                      std::string_view path) const {
  using router_internal::Matches;
  const std::vector<std::string_view> path_segments = SplitPath(path);
  const Entry* best = nullptr;
  for (const Entry& entry : entries_) {
    if (!Matches(entry.segments, path_segments)) continue;
    if (best == nullptr || router_internal::MoreSpecific(entry.segments, best->segments)) {
      best = &entry;
    }
  }
  Match match;
  if (best == nullptr) return match;  // 404

  const Entry* chosen = nullptr;
  const Entry* get = nullptr;
  bool has_head = false;
  for (const Entry& entry : entries_) {
    if (!router_internal::SameShape(entry.segments, best->segments)) continue;
    match.allowed.push_back(entry.method);
    if (entry.method == method) chosen = &entry;
    if (entry.method == "GET") get = &entry;
    if (entry.method == "HEAD") has_head = true;
  }
  if (get != nullptr && !has_head) match.allowed.push_back("HEAD");
  if (chosen == nullptr && method == "HEAD") chosen = get;
  if (chosen == nullptr) {
    match.pattern = best->pattern;
    return match;  // 405
  }

  match.handler = &chosen->handler;
  match.pattern = chosen->pattern;
  for (size_t i = 0; i < chosen->segments.size(); ++i) {
    if (router_internal::IsParam(chosen->segments[i])) {
      match.params.emplace(std::string(router_internal::ParamName(chosen->segments[i])),
                           std::string(path_segments[i]));
    }
  }
  return match;
}

template <typename Handler>
std::vector<RouteKey> Router<Handler>::Routes() const {
  std::vector<RouteKey> routes;
  routes.reserve(entries_.size());
  for (const Entry& entry : entries_) routes.push_back(RouteKey{entry.method, entry.pattern});
  return routes;
}

}  // namespace sg::http

#endif  // SAFEGUARD_HTTP_ROUTER_IMPL_H_
