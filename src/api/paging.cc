#include "api/paging.h"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sg::api {
namespace {

using core::Code;
using core::Fail;

// A positive decimal number of at most 18 digits (so it fits int64_t), no
// sign, no spaces.
std::optional<int64_t> PositiveNumber(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  if (text.front() == '+' || text.front() == '-') return std::nullopt;
  return value;
}

bool Unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string Encode(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (Unreserved(c)) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

}  // namespace

core::Result<Page> ReadPage(const http::Request& request, int default_limit, int max_limit) {
  Page page;
  page.limit = default_limit;
  if (auto limit = request.Query("limit")) {
    auto number = PositiveNumber(*limit);
    if (!number || *number > max_limit) {
      return Fail(
          Code::kInvalidArgument,
          fmt::format("the parameter 'limit' must be a whole number from 1 to {}", max_limit));
    }
    page.limit = static_cast<int>(*number);
  }
  if (auto after = request.Query("after")) {
    auto number = PositiveNumber(*after);
    if (!number) {
      return Fail(Code::kInvalidArgument,
                  "the parameter 'after' is not a cursor this list gave; use the 'next' link");
    }
    page.after = *number;
  }
  return page;
}

std::string PageJson(const http::Request& request, const std::string& items_json_array,
                     std::optional<int64_t> next_after) {
  std::string next = "null";
  if (next_after) {
    // The same query, with the cursor moved on, so that filters carry over.
    std::string url = request.path + "?";
    for (const auto& [name, value] : request.query) {
      if (name == "after") continue;
      url += Encode(name) + "=" + Encode(value) + "&";
    }
    url += fmt::format("after={}", *next_after);
    next = nlohmann::json(url).dump();
  }
  return fmt::format(R"({{"items":{},"next":{}}})", items_json_array, next);
}

std::string ETagFor(int64_t version) {
  return fmt::format("\"v{}\"", version);
}

std::optional<http::Response> CheckIfMatch(const http::Request& request, int64_t current_version) {
  auto header = request.Header("if-match");
  if (!header || Trim(*header).empty()) {
    return http::Problem(428, "precondition_required",
                         "this change needs an If-Match header with the record's ETag, from "
                         "reading the record first");
  }
  if (Trim(*header) == "*") {
    // RFC 9110 lets "*" match any current record, which would let a client
    // skip the check that stops two people overwriting each other.
    return http::Problem(428, "precondition_required",
                         "If-Match: * is not accepted; send the record's ETag from reading it");
  }
  const std::string current = ETagFor(current_version);
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    // Strong comparison (RFC 9110 13.1.1): a weak W/"v1" never matches.
    if (Trim(rest.substr(0, comma)) == current) return std::nullopt;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  http::Response stale = http::Problem(
      412, "aborted",
      "the record has changed since you read it; read it again and re-apply your change");
  stale.SetHeader("ETag", current);
  return stale;
}

core::Result<int64_t> IdParam(const http::PathParams& params, std::string_view name,
                              std::string_view what) {
  auto it = params.find(name);
  if (it != params.end()) {
    if (auto number = PositiveNumber(it->second)) return *number;
  }
  return Fail(Code::kInvalidArgument, fmt::format("the {} id must be a number", what));
}

}  // namespace sg::api
