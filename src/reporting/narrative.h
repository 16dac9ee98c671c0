// The annual report's words: Markdown written by the partnership's business
// manager, with placeholders for the figures, so that the words stay
// editable while the numbers stay live.
//
//   As at 31 March there were {{cin_count}} children in need, a rate of
//   {{cin_rate}} ({{cin_rate.england}} in England).
//
// A placeholder is `{{key}}`, spaces inside the braces allowed; a key is
// letters, digits, "_", "." and "-" (`cin_rate`, `cin_rate.numerator`,
// `cin_rate.england`). What a key means is up to the caller's lookup: this
// module only finds the placeholders and puts the answers in. `\{{` writes
// a literal "{{".
//
// Design:
// - Strict: a key the lookup does not know is an error naming the key and
//   its line, so a typo is caught when the report is built, not read in
//   print. A known figure with no value this period renders "not
//   available", never "0" or "".
// - Safe: the Markdown is rendered by cmark in its safe mode (raw HTML is
//   dropped, javascript: links are emptied), and substituted values are
//   HTML-escaped and cannot change the document's structure: each
//   placeholder becomes an inert marker before rendering, replaced by the
//   escaped value afterwards. A placeholder inside a link address is an
//   error (figures belong in the text).
// - GOV.UK typography: the HTML carries the Design System's classes
//   (`#` → govuk-heading-xl, `##` → govuk-heading-l, `###` →
//   govuk-heading-m, deeper → govuk-heading-s, paragraphs govuk-body, lists
//   govuk-list, links govuk-link, block quotes govuk-inset-text). Typographic
//   quotes and dashes (cmark's "smart" option): "--" is an en dash.
//
// Thread safety: pure functions; `lookup` is called on the caller's thread.
#ifndef SAFEGUARD_REPORTING_NARRATIVE_H_
#define SAFEGUARD_REPORTING_NARRATIVE_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sg::reporting {

// A lookup's answer for one key.
class Figure {
 public:
  // No such key: a typo in the text.
  static Figure Unknown() { return Figure(Kind::kUnknown, ""); }
  // A figure that exists but has no value (not published, too few cases).
  static Figure NotAvailable() { return Figure(Kind::kNotAvailable, ""); }
  // The value as it should read: "74.0%", "2,082", "269.4 per 10,000".
  static Figure Text(std::string text) { return Figure(Kind::kText, std::move(text)); }

  bool known() const { return kind_ != Kind::kUnknown; }
  // The words that replace the placeholder (plain text, not yet escaped).
  std::string_view words() const {
    return kind_ == Kind::kText ? std::string_view(text_) : std::string_view("not available");
  }

 private:
  enum class Kind { kUnknown, kNotAvailable, kText };
  Figure(Kind kind, std::string text) : kind_(kind), text_(std::move(text)) {}
  Kind kind_;
  std::string text_;
};

using FigureLookup = std::function<Figure(std::string_view key)>;

// The HTML of `markdown` with every placeholder replaced by its figure.
// Fails (kInvalidArgument) naming the line for an unknown key (and how many
// more there are), a malformed or unclosed placeholder, or a placeholder in
// a link address.
core::Result<std::string> RenderNarrative(std::string_view markdown, const FigureLookup& lookup);

// The keys of every placeholder in `markdown`, in order of appearance,
// repeats included: for checking a text against the catalogue before a
// report is built. Fails on a malformed or unclosed placeholder.
core::Result<std::vector<std::string>> NarrativeKeys(std::string_view markdown);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_NARRATIVE_H_
