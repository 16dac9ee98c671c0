// Router: method + path pattern -> handler, with named path parameters.
//
// Patterns are literal segments and "{name}" segments ("/api/v1/children/
// {id}/chronology"); a parameter matches one non-empty segment. Matching is
// exact (no trailing-slash folding) and literal segments win over
// parameters, so "/api/v1/children/search" is not read as a child id.
// A path that matches a pattern under another method gets 405 with Allow;
// one that matches nothing gets 404. HEAD is served by the GET route unless
// a HEAD route is registered (router_impl.h has the details).
//
// The route table is data: Routes() lists every (method, pattern) so that a
// test can check it against the OpenAPI document.
#ifndef SAFEGUARD_HTTP_ROUTER_H_
#define SAFEGUARD_HTTP_ROUTER_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::http {

using PathParams = std::map<std::string, std::string, std::less<>>;

struct RouteKey {
  std::string method;
  std::string pattern;
};

template <typename Handler>
class Router {
 public:
  struct Match {
    const Handler* handler = nullptr;  // null: see allowed
    PathParams params;
    std::string pattern;               // the matched pattern, for logs
    std::vector<std::string> allowed;  // methods that would match (405)
  };

  // REQUIRES: pattern starts with '/', no duplicate (method, pattern).
  void Add(std::string method, std::string pattern, Handler handler);
  Match Find(std::string_view method, std::string_view path) const;
  std::vector<RouteKey> Routes() const;

 private:
  struct Entry {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Entry> entries_;
};

// Splits "/a/b/c" into {"a","b","c"}; "" segments kept so "//" never matches.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace sg::http

#include "http/router_impl.h"  // IWYU pragma: export

#endif  // SAFEGUARD_HTTP_ROUTER_H_
