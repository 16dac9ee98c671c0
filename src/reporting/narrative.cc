#include "reporting/narrative.h"

#include <cmark.h>
#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reporting/format.h"

namespace sg::reporting {
namespace {

struct Placeholder {
  std::string key;
  int line = 0;
  size_t begin = 0;  // offset of "{{"
  size_t end = 0;    // offset after "}}"
};

// Each placeholder becomes "\uE000<index>\uE001" before cmark sees the text:
// private-use characters that Markdown gives no meaning, so the marker
// passes through as plain text wherever the placeholder stood.
constexpr std::string_view kMarkerOpen = "\xEE\x80\x80";   // U+E000
constexpr std::string_view kMarkerClose = "\xEE\x80\x81";  // U+E001

bool IsKeyCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

core::Result<std::vector<Placeholder>> FindPlaceholders(std::string_view text) {
  std::vector<Placeholder> found;
  int line = 1;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\n') {
      ++line;
      ++i;
    } else if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '{') {
      i += 2;  // "\{{" is a literal "{{", which cmark unescapes
    } else if (text.compare(i, 2, "{{") == 0) {
      const size_t line_end = std::min(text.find('\n', i), text.size());
      const size_t close = text.find("}}", i + 2);
      if (close == std::string_view::npos || close > line_end) {
        return core::Fail(core::Code::kInvalidArgument,
                          fmt::format("line {}: a placeholder opened with {{{{ is not closed with "
                                      "}}}} on the same line",
                                      line));
      }
      const std::string_view key = TrimSpaces(text.substr(i + 2, close - i - 2));
      bool valid = !key.empty();
      for (char c : key) valid = valid && IsKeyCharacter(c);
      if (!valid) {
        return core::Fail(core::Code::kInvalidArgument,
                          fmt::format("line {}: \"{}\" is not a placeholder: a key is letters, "
                                      "digits, '_', '.' and '-'",
                                      line, text.substr(i, close + 2 - i)));
      }
      found.push_back({std::string(key), line, i, close + 2});
      i = close + 2;
    } else {
      ++i;
    }
  }
  return found;
}

// cmark's tags with the GOV.UK Design System's classes. Safe to replace as
// text: cmark escapes every "<" of the content and, in safe mode, drops raw
// HTML, so these strings only ever occur as cmark's own tags.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kGovukTags = {{
    {"<h1>", "<h1 class=\"govuk-heading-xl\">"},
    {"<h2>", "<h2 class=\"govuk-heading-l\">"},
    {"<h3>", "<h3 class=\"govuk-heading-m\">"},
    {"<h4>", "<h4 class=\"govuk-heading-s\">"},
    {"<h5>", "<h5 class=\"govuk-heading-s\">"},
    {"<h6>", "<h6 class=\"govuk-heading-s\">"},
    {"<p>", "<p class=\"govuk-body\">"},
    {"<ul>", "<ul class=\"govuk-list govuk-list--bullet\">"},
    {"<ol", "<ol class=\"govuk-list govuk-list--number\""},
    {"<blockquote>", "<blockquote class=\"govuk-inset-text\">"},
    {"<hr />",
     "<hr class=\"govuk-section-break govuk-section-break--m govuk-section-break--visible\">"},
    {"<a href=", "<a class=\"govuk-link\" href="},
}};

std::string AddGovukClasses(std::string_view html) {
  std::string out;
  out.reserve(html.size() + html.size() / 4);
  for (size_t i = 0; i < html.size();) {
    bool replaced = false;
    if (html[i] == '<') {
      for (const auto& [tag, with_class] : kGovukTags) {
        // "<ol" must be followed by ">" or " start=", not be "<ol…" of
        // another tag name (there is none in cmark's output, but be exact).
        if (html.compare(i, tag.size(), tag) != 0) continue;
        if (tag == "<ol" && i + 3 < html.size() && html[i + 3] != '>' && html[i + 3] != ' ')
          continue;
        out += with_class;
        i += tag.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += html[i++];
  }
  return out;
}

std::string MarkdownToHtml(const std::string& markdown) {
  char* rendered = cmark_markdown_to_html(markdown.data(), markdown.size(),
                                          CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8);
  std::string html(rendered);
  std::free(rendered);  // cmark allocates with the default (malloc) allocator
  return html;
}

}  // namespace

core::Result<std::vector<std::string>> NarrativeKeys(std::string_view markdown) {
  SG_ASSIGN_OR_RETURN(const std::vector<Placeholder> placeholders, FindPlaceholders(markdown));
  std::vector<std::string> keys;
  keys.reserve(placeholders.size());
  for (const Placeholder& placeholder : placeholders) keys.push_back(placeholder.key);
  return keys;
}

core::Result<std::string> RenderNarrative(std::string_view markdown, const FigureLookup& lookup) {
  if (markdown.find(kMarkerOpen) != std::string_view::npos ||
      markdown.find(kMarkerClose) != std::string_view::npos) {
    return core::Fail(core::Code::kInvalidArgument,
                      "the text contains the private-use character U+E000 or U+E001, which "
                      "Safeguard reserves for placeholders");
  }
  SG_ASSIGN_OR_RETURN(const std::vector<Placeholder> placeholders, FindPlaceholders(markdown));

  std::vector<std::string> words;
  const Placeholder* first_unknown = nullptr;
  size_t unknown = 0;
  for (const Placeholder& placeholder : placeholders) {
    const Figure figure = lookup(placeholder.key);
    if (!figure.known()) {
      if (first_unknown == nullptr) first_unknown = &placeholder;
      ++unknown;
    }
    words.emplace_back(figure.words());
  }
  if (first_unknown != nullptr) {
    return core::Fail(
        core::Code::kInvalidArgument,
        fmt::format(
            "line {}: {{{{{}}}}} is not a known figure{}", first_unknown->line, first_unknown->key,
            unknown > 1 ? fmt::format(" (and {} more unknown placeholders)", unknown - 1) : ""));
  }

  std::string marked;
  marked.reserve(markdown.size());
  size_t copied = 0;
  for (size_t i = 0; i < placeholders.size(); ++i) {
    marked.append(markdown.substr(copied, placeholders[i].begin - copied));
    marked += fmt::format("{}{}{}", kMarkerOpen, i, kMarkerClose);
    copied = placeholders[i].end;
  }
  marked.append(markdown.substr(copied));

  const std::string html = AddGovukClasses(MarkdownToHtml(marked));
  std::string out;
  out.reserve(html.size());
  std::vector<bool> placed(placeholders.size(), false);
  for (size_t i = 0; i < html.size();) {
    if (html.compare(i, kMarkerOpen.size(), kMarkerOpen) == 0) {
      const size_t digits = i + kMarkerOpen.size();
      const size_t close = html.find(kMarkerClose, digits);
      if (close != std::string::npos) {
        const size_t index = std::strtoul(html.substr(digits, close - digits).c_str(), nullptr, 10);
        if (index < words.size()) {
          out += EscapeXml(words[index]);
          placed[index] = true;
          i = close + kMarkerClose.size();
          continue;
        }
      }
    }
    out += html[i++];
  }
  for (size_t i = 0; i < placeholders.size(); ++i) {
    if (!placed[i]) {
      return core::Fail(core::Code::kInvalidArgument,
                        fmt::format("line {}: {{{{{}}}}} is inside a link address or raw HTML, "
                                    "where a figure cannot go",
                                    placeholders[i].line, placeholders[i].key));
    }
  }
  return out;
}

}  // namespace sg::reporting
