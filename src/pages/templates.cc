#include "pages/templates.h"

#include <fmt/format.h>

#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
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

namespace {

// The template's text with every {{> _partial}} replaced by the partial's
// own text, recursively. Mustache renders a partial in the context where it
// is included, so the inlined text renders exactly as the partial would;
// inlining once means a page is parsed once, not each partial at each use.
// kInternal for an unknown partial or partials that include each other.
core::Result<std::string> Expanded(std::string_view name, int depth = 0) {
  if (depth > 8) {
    return core::Fail(
        core::Code::kInternal,
        fmt::format("the page template partials around '{}' include each other", name));
  }
  const std::string_view* text = FindTemplate(name);
  if (text == nullptr) {
    return core::Fail(core::Code::kNotFound, fmt::format("there is no page template '{}'", name));
  }
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = text->find("{{>", pos);
    if (open == std::string_view::npos) break;
    size_t close = text->find("}}", open);
    if (close == std::string_view::npos) break;
    std::string_view partial = text->substr(open + 3, close - open - 3);
    while (!partial.empty() && partial.front() == ' ') partial.remove_prefix(1);
    while (!partial.empty() && partial.back() == ' ') partial.remove_suffix(1);
    auto inner = Expanded(partial, depth + 1);
    if (!inner) return inner;
    out.append(text->substr(pos, open - pos));
    out += *inner;
    pos = close + 2;
  }
  out.append(text->substr(pos));
  return out;
}

// Each thread (the database thread, a hashing-pool thread) keeps its own
// parsed templates: a parsed template is reused for every page, and render
// is not shared between threads.
core::Result<mustache::mustache*> Parsed(std::string_view name) {
  thread_local std::map<std::string, std::unique_ptr<mustache::mustache>, std::less<>> parsed;
  if (auto it = parsed.find(name); it != parsed.end()) return it->second.get();
  SG_ASSIGN_OR_RETURN(std::string text, Expanded(name));
  auto page = std::make_unique<mustache::mustache>(text);
  if (!page->is_valid()) {
    return core::Fail(
        core::Code::kInternal,
        fmt::format("the page template '{}' does not parse: {}", name, page->error_message()));
  }
  return parsed.emplace(std::string(name), std::move(page)).first->second.get();
}

}  // namespace

core::Result<std::string> Fill(std::string_view name, const nlohmann::json& data) {
  SG_ASSIGN_OR_RETURN(mustache::mustache * page, Parsed(name));
  std::string out = page->render(ToData(data));
  if (!page->is_valid()) {
    return core::Fail(core::Code::kInternal, fmt::format("the page template '{}' failed: {}", name,
                                                         page->error_message()));
  }
  return out;
}

}  // namespace sg::pages
