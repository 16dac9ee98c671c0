#include "api/json_body.h"

#include <limits>

#include <fmt/format.h>

namespace sg::api {
namespace {

using core::Code;
using core::Fail;

// nlohmann's parser recurses once per level of nesting, so a body of a
// million '[' would exhaust the stack of the thread parsing it. No body of
// this API nests deeper than a few levels; refuse before parsing.
constexpr int kMaxDepth = 32;

bool TooDeep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

bool Blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

core::Error WrongType(std::string_view field, std::string_view expected) {
  return core::Error(Code::kInvalidArgument,
                     fmt::format("the field '{}' must be {}", field, expected));
}

core::Error Missing(std::string_view field) {
  return core::Error(Code::kInvalidArgument, fmt::format("the field '{}' is required", field));
}

core::Result<int64_t> AsInt(const nlohmann::json& value, std::string_view field) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() &&
        value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::unexpected(WrongType(field, "a whole number"));
    }
    return value.get<int64_t>();
  }
  return std::unexpected(WrongType(field, "a whole number"));
}

core::Result<core::Date> AsDate(const nlohmann::json& value, std::string_view field) {
  if (value.is_string()) {
    auto date = core::Date::ParseIso(value.get_ref<const std::string&>(), field);
    if (date) return *date;
  }
  return std::unexpected(WrongType(field, "a date written YYYY-MM-DD"));
}

}  // namespace

core::Result<JsonBody> JsonBody::Parse(std::string_view body) {
  if (Blank(body)) {
    return Fail(Code::kInvalidArgument, "the request has no body; a JSON object is expected");
  }
  if (TooDeep(body)) {
    return Fail(Code::kInvalidArgument,
                fmt::format("the request body nests deeper than {} levels", kMaxDepth));
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    return Fail(Code::kInvalidArgument,
                fmt::format("the request body is not valid JSON (at byte {})", e.byte));
  } catch (const std::exception&) {
    return Fail(Code::kInvalidArgument, "the request body is not valid JSON");
  }
  if (!json.is_object()) {
    return Fail(Code::kInvalidArgument, "the request body must be a JSON object");
  }
  return JsonBody(std::move(json));
}

const nlohmann::json* JsonBody::Field(std::string_view field) {
  read_.emplace(field);
  auto it = json_.find(field);
  if (it == json_.end() || it->is_null()) return nullptr;
  return &*it;
}

core::Result<std::string> JsonBody::String(std::string_view field) {
  const nlohmann::json* value = Field(field);
  if (value == nullptr) return std::unexpected(Missing(field));
  if (!value->is_string()) return std::unexpected(WrongType(field, "text"));
  const auto& text = value->get_ref<const std::string&>();
  if (Blank(text)) {
    return Fail(Code::kInvalidArgument, fmt::format("the field '{}' must not be empty", field));
  }
  return text;
}

core::Result<std::optional<std::string>> JsonBody::OptString(std::string_view field) {
  const nlohmann::json* value = Field(field);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return std::unexpected(WrongType(field, "text"));
  return std::optional<std::string>(value->get<std::string>());
}

core::Result<core::Date> JsonBody::Date(std::string_view field) {
  const nlohmann::json* value = Field(field);
  if (value == nullptr) return std::unexpected(Missing(field));
  return AsDate(*value, field);
}

core::Result<std::optional<core::Date>> JsonBody::OptDate(std::string_view field) {
  const nlohmann::json* value = Field(field);
  if (value == nullptr) return std::optional<core::Date>();
  SG_ASSIGN_OR_RETURN(core::Date date, AsDate(*value, field));
  return std::optional<core::Date>(date);
}

core::Result<int64_t> JsonBody::Int(std::string_view field) {
  const nlohmann::json* value = Field(field);
  if (value == nullptr) return std::unexpected(Missing(field));
  return AsInt(*value, field);
}

core::Result<std::optional<int64_t>> JsonBody::OptInt(std::string_view field) {
  const nlohmann::json* value = Field(field);
  if (value == nullptr) return std::optional<int64_t>();
  SG_ASSIGN_OR_RETURN(int64_t number, AsInt(*value, field));
  return std::optional<int64_t>(number);
}

core::Result<bool> JsonBody::Bool(std::string_view field) {
  const nlohmann::json* value = Field(field);
  if (value == nullptr) return std::unexpected(Missing(field));
  if (!value->is_boolean()) return std::unexpected(WrongType(field, "true or false"));
  return value->get<bool>();
}

core::Result<bool> JsonBody::BoolOr(std::string_view field, bool fallback) {
  const nlohmann::json* value = Field(field);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) return std::unexpected(WrongType(field, "true or false"));
  return value->get<bool>();
}

core::Result<std::vector<std::string>> JsonBody::Strings(std::string_view field) {
  const nlohmann::json* value = Field(field);
  std::vector<std::string> out;
  if (value == nullptr) return out;
  if (!value->is_array()) return std::unexpected(WrongType(field, "a list of text"));
  for (const auto& item : *value) {
    if (!item.is_string()) return std::unexpected(WrongType(field, "a list of text"));
    out.push_back(item.get<std::string>());
  }
  return out;
}

core::Status JsonBody::Finish() const {
  std::string unknown;
  int count = 0;
  for (const auto& [key, value] : json_.items()) {
    if (read_.contains(key)) continue;
    // Names are quoted as sent, but cut short: a hostile client gains
    // nothing from echoing a megabyte back.
    std::string name = key.size() > 64 ? key.substr(0, 64) + "..." : key;
    unknown += fmt::format("{}'{}'", count == 0 ? "" : ", ", name);
    if (++count == 10) break;
  }
  if (count == 0) return {};
  return Fail(Code::kInvalidArgument, fmt::format("the request has {} this call does not know: {}",
                                                  count == 1 ? "a field" : "fields", unknown));
}

}  // namespace sg::api
