#include "core/csv.h"

#include <fmt/format.h>

namespace sg::core {

std::string_view NextCsvLine(std::string_view& text) {
  size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

Result<std::vector<std::string>> SplitCsvRecord(std::string_view line) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (true) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        char c = line[i++];
        if (c != '"') {
          field.push_back(c);
        } else if (i < line.size() && line[i] == '"') {
          field.push_back('"');
          ++i;
        } else {
          closed = true;
          break;
        }
      }
      if (!closed) {
        return Fail(Code::kInvalidArgument,
                    fmt::format("unterminated quoted field {}", fields.size() + 1));
      }
      if (i < line.size() && line[i] != ',') {
        return Fail(
            Code::kInvalidArgument,
            fmt::format("unexpected text after the closing quote of field {}", fields.size() + 1));
      }
    } else {
      size_t end = line.find(',', i);
      if (end == std::string_view::npos) end = line.size();
      field.assign(line.substr(i, end - i));
      if (field.find('"') != std::string::npos) {
        return Fail(Code::kInvalidArgument,
                    fmt::format("stray quote in unquoted field {}", fields.size() + 1));
      }
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) break;
    ++i;  // the comma; a trailing comma yields a final empty field
    if (i == line.size()) {
      fields.emplace_back();
      break;
    }
  }
  return fields;
}

}  // namespace sg::core
