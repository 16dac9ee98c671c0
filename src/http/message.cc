#include "http/message.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace sg::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of cookie `name` in one Cookie header ("a=1; b=2"), if there.
// RFC 6265 allows a value in double quotes; the quotes are not part of it.
std::optional<std::string_view> FindCookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t end = header.find(';');
    std::string_view pair = TrimSpaces(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (TrimSpaces(pair.substr(0, eq)) != name) continue;
    std::string_view value = TrimSpaces(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return std::nullopt;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The reason phrases of the statuses Safeguard sends (RFC 9110 section 15).
std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      break;
  }
  if (status >= 500) return "Server Error";
  if (status >= 400) return "Client Error";
  return "Unknown";
}

}  // namespace

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  // lower_bound, not find: of equal keys it gives the first one sent.
  auto it = query.lower_bound(std::string(name));
  if (it == query.end() || it->first != name) return std::nullopt;
  return it->second;
}

std::optional<std::string_view> Request::Cookie(std::string_view name) const {
  if (name.empty()) return std::nullopt;
  for (const auto& [header_name, value] : headers) {
    if (header_name != "cookie") continue;
    if (auto found = FindCookie(value, name)) return found;
  }
  return std::nullopt;
}

void Response::SetHeader(std::string name, std::string value) {
  for (auto& [existing, existing_value] : headers) {
    if (EqualsIgnoreCase(existing, name)) {
      existing_value = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Response::Header(std::string_view name) const {
  for (const auto& [existing, value] : headers) {
    if (EqualsIgnoreCase(existing, name)) return value;
  }
  return std::nullopt;
}

Response Json(int status, std::string json) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(json);
  return response;
}

Response Problem(const core::Error& error) {
  return Problem(core::HttpStatus(error.code()), core::CodeName(error.code()), error.message());
}

Response Problem(int status, std::string_view code, std::string_view detail) {
  nlohmann::ordered_json body;
  body["type"] = "about:blank";
  body["title"] = ReasonPhrase(status);
  body["status"] = status;
  body["code"] = code;
  body["detail"] = detail;
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  // A message may quote input that is not UTF-8; replace rather than throw.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

void RunFinish(Response& response) {
  if (!response.finish) return;
  auto finish = std::move(response.finish);
  response.finish = nullptr;
  try {
    finish(response);
  } catch (...) {
    response = Problem(500, "internal", "the server failed to make this page; nothing was lost");
  }
}

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = HexDigit(text[i + 1]);
      int low = HexDigit(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

}  // namespace sg::http
