#include "http/form.h"

#include <fmt/format.h>

#include <cctype>

namespace sg::http {
namespace {

using core::Code;
using core::Fail;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of `param` in a header value such as
// `form-data; name="x"; filename="y"` (quoted or bare), if present.
std::optional<std::string> HeaderParam(std::string_view header, std::string_view param) {
  size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view rest = Trim(header.substr(pos));
    size_t eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (Lower(Trim(rest.substr(0, eq))) != param) continue;
    std::string_view value = Trim(rest.substr(eq + 1));
    if (!value.empty() && value.front() == '"') {
      std::string out;
      for (size_t i = 1; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
          out += value[++i];
        } else if (value[i] == '"') {
          return out;
        } else {
          out += value[i];
        }
      }
      return std::nullopt;  // unterminated quote
    }
    size_t end = value.find(';');
    return std::string(Trim(value.substr(0, end)));
  }
  return std::nullopt;
}

}  // namespace

core::Result<Form> Form::Parse(const Request& request) {
  auto type = request.Header("content-type");
  if (!type) return Form();
  std::string media = Lower(Trim(type->substr(0, type->find(';'))));
  if (media == "application/x-www-form-urlencoded") return ParseUrlEncoded(request.body);
  if (media == "multipart/form-data") return ParseMultipart(request.body, *type);
  return Form();
}

core::Result<Form> Form::ParseUrlEncoded(std::string_view body) {
  std::vector<FormField> fields;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string_view raw_name = pair.substr(0, eq);
      std::string_view raw_value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
      auto name = PercentDecode(raw_name, true);
      auto value = PercentDecode(raw_value, true);
      if (!name || !value) {
        return Fail(Code::kInvalidArgument,
                    fmt::format("the form field '{}' is not properly encoded",
                                name ? *name : std::string(raw_name.substr(0, 40))));
      }
      fields.push_back({std::move(*name), std::move(*value), std::nullopt});
    }
    start = end + 1;
  }
  return Form(std::move(fields));
}

core::Result<Form> Form::ParseMultipart(std::string_view body, std::string_view content_type) {
  auto boundary = HeaderParam(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) {
    return Fail(Code::kInvalidArgument, "the form upload has no boundary in its Content-Type");
  }
  const std::string delimiter = "--" + *boundary;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) {
    return Fail(Code::kInvalidArgument, "the form upload has no parts");
  }
  std::vector<FormField> fields;
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return Form(std::move(fields));  // the closing boundary
    if (body.substr(pos, 2) != "\r\n") {
      return Fail(Code::kInvalidArgument, "the form upload has a malformed boundary line");
    }
    pos += 2;
    size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) {
      return Fail(Code::kInvalidArgument, "a part of the form upload has no end to its headers");
    }
    std::optional<std::string> disposition;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      size_t eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos &&
          Lower(Trim(line.substr(0, colon))) == "content-disposition") {
        disposition = std::string(Trim(line.substr(colon + 1)));
      }
      if (eol == std::string_view::npos) break;
      headers.remove_prefix(eol + 2);
    }
    auto name = disposition ? HeaderParam(*disposition, "name") : std::nullopt;
    if (!name) {
      return Fail(Code::kInvalidArgument, "a part of the form upload has no field name");
    }
    size_t content = headers_end + 4;
    size_t next = body.find("\r\n" + delimiter, content);
    if (next == std::string_view::npos) {
      return Fail(
          Code::kInvalidArgument,
          fmt::format("the form upload ends inside the field '{}' (was it cut short?)", *name));
    }
    fields.push_back({std::move(*name), std::string(body.substr(content, next - content)),
                      HeaderParam(*disposition, "filename")});
    pos = next + 2;
  }
}

std::string Form::Get(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.name == name) return field.value;
  }
  return "";
}

std::vector<std::string> Form::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& field : fields_) {
    if (field.name == name) out.push_back(field.value);
  }
  return out;
}

bool Form::Has(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.name == name) return true;
  }
  return false;
}

const FormField* Form::File(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.name == name && field.filename) return &field;
  }
  return nullptr;
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace sg::http
