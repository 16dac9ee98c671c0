// ApiCall: a page asks the JSON API, in process, on its own Call.
//
// Some pages show exactly what an API route computes (the work tray, the
// weekly missed-timescales report, users and teams): rather than a second
// copy of that route's logic, the page runs the route's own handler on the
// page's Call. It is the same thread, transaction, actor, checks and audit
// row as if the browser had called the API; only the answer is read as
// JSON instead of being sent. The route table is the API's own
// (api::AllRoutes), so a page can reach nothing the API does not offer.
#ifndef SAFEGUARD_PAGES_API_CALL_H_
#define SAFEGUARD_PAGES_API_CALL_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/app.h"
#include "core/error.h"

namespace sg::pages {

using ApiQuery = std::multimap<std::string, std::string>;

// The answer of `method` `path` (an /api/v1/ path) with JSON `body` (null:
// none) and `query`. A problem the handler answers, or returns, comes back as
// an Error of its canonical code with its detail (kPermissionDenied,
// kInvalidArgument, ...), so a page shows it the way it shows its own.
core::Result<nlohmann::json> CallApi(api::Call& call, std::string_view method,
                                     std::string_view path, const nlohmann::json& body = nullptr,
                                     const ApiQuery& query = {});

// The same, for a body that is not JSON (an XML upload) or an answer that
// is not JSON (a report file): the handler's Response as it stands (a
// problem it answers is left to the caller), or the Error it returned.
core::Result<http::Response> CallApiRaw(api::Call& call, std::string_view method,
                                        std::string_view path, std::string content_type,
                                        std::string body, const ApiQuery& query = {});

}  // namespace sg::pages

#endif  // SAFEGUARD_PAGES_API_CALL_H_
