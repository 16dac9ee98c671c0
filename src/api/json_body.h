// JsonBody: reads a JSON request body strictly.
//
// Every API that changes data reads its body through this class: the body
// must be one JSON object; each field is read with its type (a date is
// "YYYY-MM-DD" text, an id an integer, a flag true/false); a required field
// that is missing, a field of the wrong type and a field the route does not
// know are each an Error (kInvalidArgument, 400) naming the field, so that
// a typo in a client ("lawfull_basis") is reported rather than silently
// ignored. Nothing is written until the whole body has been read, because
// handlers read first and call Finish() before acting.
#ifndef SAFEGUARD_API_JSON_BODY_H_
#define SAFEGUARD_API_JSON_BODY_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/error.h"

namespace sg::api {

class JsonBody {
 public:
  // kInvalidArgument for an empty body, malformed JSON (with its byte
  // offset), or a value that is not an object.
  static core::Result<JsonBody> Parse(std::string_view body);

  // Required, not blank; returned exactly as sent (never trimmed: a
  // password may begin or end with a space).
  core::Result<std::string> String(std::string_view field);
  core::Result<std::optional<std::string>> OptString(std::string_view field);  // null/absent
  core::Result<core::Date> Date(std::string_view field);
  core::Result<std::optional<core::Date>> OptDate(std::string_view field);
  core::Result<int64_t> Int(std::string_view field);
  core::Result<std::optional<int64_t>> OptInt(std::string_view field);
  core::Result<bool> Bool(std::string_view field);
  core::Result<bool> BoolOr(std::string_view field, bool fallback);
  core::Result<std::vector<std::string>> Strings(std::string_view field);  // absent: empty
  // kInvalidArgument naming every field the handler did not read.
  core::Status Finish() const;

  const nlohmann::json& raw() const { return json_; }

 private:
  explicit JsonBody(nlohmann::json json) : json_(std::move(json)) {}
  const nlohmann::json* Field(std::string_view field);
  nlohmann::json json_;
  std::set<std::string, std::less<>> read_;
};

}  // namespace sg::api

#endif  // SAFEGUARD_API_JSON_BODY_H_
