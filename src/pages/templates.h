// Templates: the embedded mustache templates and the one way to fill them.
//
// Templates live in data/pages/templates/ and are embedded at build time
// (src/pages/CMakeLists.txt makes the table). A template whose name starts
// with "_" is a partial any template may include ({{> _date_input}}); the
// partials are inlined into a template's text before it is parsed, and each
// thread parses a template once, so a page costs one render and no parsing.
// Template data is JSON: objects and lists as mustache sections, strings and
// numbers as text (escaped by {{name}}), true/false for sections, null as
// false. A template that does not parse is a programmer error caught by
// templates_test (every template is parsed there), so Fill reports it as
// kInternal rather than crash a request.
#ifndef SAFEGUARD_PAGES_TEMPLATES_H_
#define SAFEGUARD_PAGES_TEMPLATES_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sg::pages {

// The template's text, or nullptr when there is none of that name.
const std::string_view* FindTemplate(std::string_view name);
std::vector<std::string> TemplateNames();

// `name` filled with `data`; kNotFound for an unknown template, kInternal
// with the parser's message for one that does not parse.
core::Result<std::string> Fill(std::string_view name, const nlohmann::json& data);

}  // namespace sg::pages

#endif  // SAFEGUARD_PAGES_TEMPLATES_H_
