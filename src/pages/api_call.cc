#include "pages/api_call.h"

#include <fmt/format.h>

#include "http/form.h"

namespace sg::pages {
namespace {

// The canonical code a problem's status stands for (the inverse of
// core::HttpStatus, where it is one to one).
core::Code CodeOfStatus(int status) {
  for (core::Code code :
       {core::Code::kInvalidArgument, core::Code::kNotFound, core::Code::kAlreadyExists,
        core::Code::kFailedPrecondition, core::Code::kUnauthenticated,
        core::Code::kPermissionDenied, core::Code::kAborted, core::Code::kOutOfRange,
        core::Code::kUnavailable}) {
    if (core::HttpStatus(code) == status) return code;
  }
  return status == 428 || status == 412 ? core::Code::kFailedPrecondition : core::Code::kInternal;
}

std::string TargetOf(std::string_view path, const ApiQuery& query) {
  std::string target(path);
  char separator = '?';
  for (const auto& [name, value] : query) {
    target += separator + http::UrlEncode(name) + "=" + http::UrlEncode(value);
    separator = '&';
  }
  return target;
}

}  // namespace

core::Result<http::Response> CallApiRaw(api::Call& call, std::string_view method,
                                        std::string_view path, std::string content_type,
                                        std::string body, const ApiQuery& query) {
  static const api::RouteTable kApi = api::AllRoutes();
  auto match = kApi.Find(method, path);
  if (match.handler == nullptr || !match.handler->handler) {
    // A path parameter the API would not take (a '/' in a username).
    return core::Fail(core::Code::kNotFound, "there is no such page");
  }
  http::Request request;
  request.method = std::string(method);
  request.path = std::string(path);
  request.target = TargetOf(path, query);
  request.query = query;
  if (!content_type.empty()) request.headers.emplace_back("content-type", std::move(content_type));
  request.body = std::move(body);
  request.remote_address = call.request.remote_address;
  request.request_id = call.request.request_id;
  api::Call inner{request,       match.params, call.auth,     call.db,    call.gate, call.journey,
                  call.accounts, call.clock,   call.calendar, call.codes, call.jobs, nullptr};
  return match.handler->handler(inner);
}

core::Result<nlohmann::json> CallApi(api::Call& call, std::string_view method,
                                     std::string_view path, const nlohmann::json& body,
                                     const ApiQuery& query) {
  // Typed text that is not UTF-8 is replaced, never thrown on.
  std::string text =
      body.is_null() ? "" : body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  SG_ASSIGN_OR_RETURN(http::Response response,
                      CallApiRaw(call, method, path, "application/json", std::move(text), query));
  nlohmann::json parsed = response.body.empty()
                              ? nlohmann::json::object()
                              : nlohmann::json::parse(response.body, nullptr, false);
  if (response.status >= 400) {
    std::string detail =
        parsed.is_object() && parsed.contains("detail") && parsed["detail"].is_string()
            ? parsed["detail"].get<std::string>()
            : fmt::format("{} {} answered {}", method, path, response.status);
    return core::Fail(CodeOfStatus(response.status), std::move(detail));
  }
  if (parsed.is_discarded()) {
    return core::Fail(core::Code::kInternal, fmt::format("{} {} answered no JSON", method, path));
  }
  return parsed;
}

}  // namespace sg::pages
