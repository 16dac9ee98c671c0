// Paging and ETags: the two conventions every list and every record of the
// API shares.
//
// Lists are paged by keyset, not offset: ?limit=N (1..200, default 50) and
// ?after=<cursor>, where the cursor is the last item's key (an id, or an
// audit seq). The response is {"items":[...],"next":"<url of next page>"}
// with next null on the last page, so a list that grows while a client
// pages through it neither repeats nor skips items.
//
// A child's record carries a version that every change to the child's
// journey bumps (journey::Journey keeps it); GET gives it as a strong ETag
// ("v<version>"). Every request that changes an existing child's record
// must send If-Match with that ETag: without it the answer is 428, with a
// stale one 412 and nothing changes, so two people editing one record
// cannot silently overwrite each other.
#ifndef SAFEGUARD_API_PAGING_H_
#define SAFEGUARD_API_PAGING_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"
#include "http/message.h"
#include "http/router.h"

namespace sg::api {

struct Page {
  int limit = 50;
  std::optional<int64_t> after;
};

// kInvalidArgument naming the parameter for a limit out of 1..max_limit or a
// malformed cursor.
core::Result<Page> ReadPage(const http::Request& request, int default_limit = 50,
                            int max_limit = 200);

// {"items":<items_json_array>,"next":...}. `next_after` is the cursor of the
// next page (the last item's key) when there may be more.
std::string PageJson(const http::Request& request, const std::string& items_json_array,
                     std::optional<int64_t> next_after);

std::string ETagFor(int64_t version);  // "\"v12\""
// nullopt when If-Match matches `current_version`; otherwise the 428 or 412
// problem response to return.
std::optional<http::Response> CheckIfMatch(const http::Request& request, int64_t current_version);

// A path parameter that must be a positive integer id; kInvalidArgument
// "the <what> id must be a number" otherwise.
core::Result<int64_t> IdParam(const http::PathParams& params, std::string_view name,
                              std::string_view what);

}  // namespace sg::api

#endif  // SAFEGUARD_API_PAGING_H_
