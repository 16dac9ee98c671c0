// Form: the body of an HTML form submission, as the pages read it.
//
// Browsers send a form as application/x-www-form-urlencoded (name=value&...,
// '+' for space, percent escapes) or, when it carries a file, as
// multipart/form-data (RFC 7578): parts separated by a boundary line, each
// with a Content-Disposition naming the field and, for a file, its filename.
// Both become one ordered list of fields, so a page reads a checkbox group
// (several fields of one name) or a file the same way whichever encoding
// the browser chose. Parsing is strict: a malformed escape, a part without
// a name or a body that never reaches its closing boundary is an
// kInvalidArgument naming the problem, never a partial form.
#ifndef SAFEGUARD_HTTP_FORM_H_
#define SAFEGUARD_HTTP_FORM_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace sg::http {

struct FormField {
  std::string name;
  std::string value;                    // a file's bytes, for a file field
  std::optional<std::string> filename;  // set for a file field (may be "")
};

class Form {
 public:
  Form() = default;
  explicit Form(std::vector<FormField> fields) : fields_(std::move(fields)) {}

  // The form in `request`'s body, by its Content-Type. A request with no
  // body (or another content type) is an empty form.
  static core::Result<Form> Parse(const Request& request);
  static core::Result<Form> ParseUrlEncoded(std::string_view body);
  static core::Result<Form> ParseMultipart(std::string_view body, std::string_view content_type);

  // The first value of `name`, or "" when the form has none.
  std::string Get(std::string_view name) const;
  // Every value of `name`, in order (a checkbox group).
  std::vector<std::string> All(std::string_view name) const;
  bool Has(std::string_view name) const;
  // The first field of `name` that is a file, or nullptr.
  const FormField* File(std::string_view name) const;
  const std::vector<FormField>& fields() const { return fields_; }

 private:
  std::vector<FormField> fields_;
};

// application/x-www-form-urlencoded text of `fields` (for a link's query or
// a form carried forward), '+' for space.
std::string UrlEncode(std::string_view text);

}  // namespace sg::http

#endif  // SAFEGUARD_HTTP_FORM_H_
