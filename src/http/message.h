// Message: the HTTP request and response as the application sees them.
//
// Plain structs, with no Boost type in sight, so that the application layer
// (api/, and the pages of web/) and its tests never include Beast; the
// server (server.h) converts at the edge. Header names are lower-cased on
// the way in, so look-ups are exact.
#ifndef SAFEGUARD_HTTP_MESSAGE_H_
#define SAFEGUARD_HTTP_MESSAGE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace sg::http {

struct Request {
  std::string method;                             // "GET", "POST", ... as sent
  std::string target;                             // as sent: path and query
  std::string path;                               // percent-decoded path, without the query
  std::multimap<std::string, std::string> query;  // decoded name -> value
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote_address;  // peer IP, for audit of sign-in
  std::string request_id;      // server-assigned, echoed in X-Request-Id

  // The first header of that (lower-case) name, if any.
  std::optional<std::string_view> Header(std::string_view lower_name) const;
  // The first query parameter of that name, if any.
  std::optional<std::string_view> Query(std::string_view name) const;
  // A cookie's value from the Cookie header(s), if any.
  std::optional<std::string_view> Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // beyond the standard ones
  std::string body;
  // Work that makes the body (an HTML page from its view), run by the server
  // on the connection's I/O thread just before the response is written, so
  // that the thread that answered (the one database thread) spends no time
  // on it. It may set status, headers and body; it must not touch anything
  // of the thread that answered. Unset for most responses.
  std::function<void(Response&)> finish;

  void SetHeader(std::string name, std::string value);
  std::optional<std::string_view> Header(std::string_view name) const;  // case-insensitive
};

// application/json with `json` as the body.
Response Json(int status, std::string json);

// RFC 9457 problem details (application/problem+json) for an Error: the
// status from core::HttpStatus, the canonical code name, the message as
// "detail". Every error response of the API is made here.
Response Problem(const core::Error& error);
Response Problem(int status, std::string_view code, std::string_view detail);

// Runs response.finish, if any, once: a finish that throws leaves a 500
// page-less problem instead of a half-made body.
void RunFinish(Response& response);

// Percent-decodes a path or query component; nullopt for a malformed escape
// or a decoded NUL.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace sg::http

#endif  // SAFEGUARD_HTTP_MESSAGE_H_
