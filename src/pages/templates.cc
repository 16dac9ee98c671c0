#include "pages/templates.h"

#include <fmt/format.h>

#include <kainjow/mustache.hpp>
#include <utility>

namespace sg::embedded {
const std::vector<std::pair<std::string_view, const std::string_view*>>& PageTemplates();
}  // namespace sg::embedded

namespace sg::pages {
namespace {

namespace mustache = kainjow::mustache;

mustache::data ToData(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data out{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) out.set(key, ToData(item));
      return out;
    }
    case nlohmann::json::value_t::array: {
      mustache::data out{mustache::data::type::list};
      for (const auto& item : value) out.push_back(ToData(item));
      return out;
    }
    case nlohmann::json::value_t::string:
      return mustache::data(value.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return mustache::data(value.get<bool>());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return mustache::data(false);
    default:  // numbers
      return mustache::data(value.dump());
  }
}

}  // namespace

const std::string_view* FindTemplate(std::string_view name) {
  for (const auto& [known, text] : embedded::PageTemplates()) {
    if (known == name) return text;
  }
  return nullptr;
}

std::vector<std::string> TemplateNames() {
  std::vector<std::string> names;
  for (const auto& [known, text] : embedded::PageTemplates()) names.emplace_back(known);
  return names;
}

core::Result<std::string> Fill(std::string_view name, const nlohmann::json& data) {
  const std::string_view* text = FindTemplate(name);
  if (text == nullptr) {
    return core::Fail(core::Code::kNotFound, fmt::format("there is no page template '{}'", name));
  }
  mustache::mustache page{std::string(*text)};
  if (!page.is_valid()) {
    return core::Fail(
        core::Code::kInternal,
        fmt::format("the page template '{}' does not parse: {}", name, page.error_message()));
  }
  mustache::data context = ToData(data);
  for (const auto& [known, partial] : embedded::PageTemplates()) {
    if (!known.empty() && known.front() == '_') {
      context.set(std::string(known), mustache::data(std::string(*partial)));
    }
  }
  std::string out = page.render(context);
  if (!page.is_valid()) {
    return core::Fail(core::Code::kInternal,
                      fmt::format("the page template '{}' failed: {}", name, page.error_message()));
  }
  return out;
}

}  // namespace sg::pages
