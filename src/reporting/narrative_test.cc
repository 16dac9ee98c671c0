#include "reporting/narrative.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>

namespace sg::reporting {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The figures of Cheshire East's 2020-21 report, as the lead's lookup
// would give them.
Figure Lookup(std::string_view key) {
  static const std::map<std::string, std::string, std::less<>> kFigures = {
      {"assessments_45_days", "74.0%"},
      {"cin_count", "2,082"},
      {"cin_rate", "269.4 per 10,000"},
      {"cin_rate.numerator", "2,082"},
      {"cin_rate.denominator", "77,279"},
      {"cin_rate.england", "321.2 per 10,000"},
      {"odd", "<b>Tom & Jerry's</b> *not emphasis* [not](a link)"},
  };
  if (key == "assessments_45_days.england") return Figure::NotAvailable();
  if (const auto it = kFigures.find(key); it != kFigures.end()) return Figure::Text(it->second);
  return Figure::Unknown();
}

std::string Render(std::string_view markdown) {
  const auto html = RenderNarrative(markdown, Lookup);
  EXPECT_TRUE(html) << html.error().message();
  return html ? *html : "";
}

TEST(RenderNarrativeTest, SubstitutesFiguresWithTheirUnits) {
  EXPECT_EQ(Render("As at the end of the year there were {{cin_count}} children in need, "
                   "{{cin_rate}} ({{ cin_rate.numerator }} of {{cin_rate.denominator}})."),
            "<p class=\"govuk-body\">As at the end of the year there were 2,082 children in need, "
            "269.4 per 10,000 (2,082 of 77,279).</p>\n");
}

TEST(RenderNarrativeTest, NullFigureReadsNotAvailable) {
  EXPECT_EQ(Render("England: {{assessments_45_days.england}}."),
            "<p class=\"govuk-body\">England: not available.</p>\n");
}

TEST(RenderNarrativeTest, UnknownKeyNamesKeyAndLine) {
  const auto html = RenderNarrative("# Children in need\n\nThe rate was {{cin_rat}}.\n", Lookup);
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().code(), core::Code::kInvalidArgument);
  EXPECT_EQ(html.error().message(), "line 3: {{cin_rat}} is not a known figure");
}

TEST(RenderNarrativeTest, SeveralUnknownKeysAreCounted) {
  const auto html = RenderNarrative("{{a}} {{cin_count}}\n{{b}} {{c}}", Lookup);
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().message(),
            "line 1: {{a}} is not a known figure (and 2 more unknown placeholders)");
}

TEST(RenderNarrativeTest, UnclosedPlaceholderIsAnError) {
  const auto html = RenderNarrative("fine\n\nThe rate was {{cin_rate.\nNext line}}", Lookup);
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().message(),
            "line 3: a placeholder opened with {{ is not closed with }} on the same line");
}

TEST(RenderNarrativeTest, MalformedKeyIsAnError) {
  for (std::string_view text : {"{{}}", "{{ }}", "{{cin rate}}", "{{{cin_rate}}}", "{{a<b}}"}) {
    const auto html = RenderNarrative(text, Lookup);
    ASSERT_FALSE(html) << text;
    EXPECT_THAT(html.error().message(), HasSubstr("is not a placeholder")) << text;
  }
}

TEST(RenderNarrativeTest, EscapedBracesAreLiteral) {
  EXPECT_EQ(Render("Write \\{{cin_count}} for the count."),
            "<p class=\"govuk-body\">Write {{cin_count}} for the count.</p>\n");
}

TEST(RenderNarrativeTest, SubstitutedValuesAreEscapedAndInert) {
  const std::string html = Render("Value: {{odd}}");
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;Tom &amp; Jerry&#39;s&lt;/b&gt; *not emphasis* "
                              "[not](a link)"));
  EXPECT_THAT(html, Not(HasSubstr("<em>")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, Not(HasSubstr("<a ")));
}

TEST(RenderNarrativeTest, RawHtmlIsNotPassedThrough) {
  const std::string html = Render(
      "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> here.\n\n"
      "<div onclick=\"x\">block</div>");
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("onerror")));
  EXPECT_THAT(html, Not(HasSubstr("<div")));
}

TEST(RenderNarrativeTest, UnsafeLinksAreEmptied) {
  const std::string html = Render("[click](javascript:alert(1)) and [ok](https://example.org)");
  EXPECT_THAT(html, Not(HasSubstr("javascript:")));
  EXPECT_THAT(html, HasSubstr("<a class=\"govuk-link\" href=\"https://example.org\">ok</a>"));
}

TEST(RenderNarrativeTest, GovukClassesOnEveryBlock) {
  const std::string html = Render(
      "# Annual report\n\n## Children in need\n\n### Assessments\n\n#### Detail\n\n"
      "Para with [a link](https://www.gov.uk).\n\n- one\n- two\n\n3. three\n4. four\n\n"
      "> {{assessments_45_days}} on time\n\n---\n");
  EXPECT_THAT(html, HasSubstr("<h1 class=\"govuk-heading-xl\">Annual report</h1>"));
  EXPECT_THAT(html, HasSubstr("<h2 class=\"govuk-heading-l\">Children in need</h2>"));
  EXPECT_THAT(html, HasSubstr("<h3 class=\"govuk-heading-m\">Assessments</h3>"));
  EXPECT_THAT(html, HasSubstr("<h4 class=\"govuk-heading-s\">Detail</h4>"));
  EXPECT_THAT(html, HasSubstr("<a class=\"govuk-link\" href=\"https://www.gov.uk\">a link</a>"));
  EXPECT_THAT(html, HasSubstr("<ul class=\"govuk-list govuk-list--bullet\">"));
  EXPECT_THAT(html, HasSubstr("<ol class=\"govuk-list govuk-list--number\" start=\"3\">"));
  EXPECT_THAT(html, HasSubstr("<blockquote class=\"govuk-inset-text\">\n<p class=\"govuk-body\">"
                              "74.0% on time</p>"));
  EXPECT_THAT(html, HasSubstr("<hr class=\"govuk-section-break"));
}

TEST(RenderNarrativeTest, SmartPunctuation) {
  EXPECT_EQ(Render("The partnership's \"priorities\" -- neglect"),
            "<p class=\"govuk-body\">The partnership’s “priorities” – neglect</p>\n");
}

TEST(RenderNarrativeTest, PlaceholdersInEmphasisLinkTextAndCode) {
  EXPECT_EQ(Render("**{{cin_count}}** and [{{cin_rate}}](https://x.org) and `{{cin_count}}`"),
            "<p class=\"govuk-body\"><strong>2,082</strong> and <a class=\"govuk-link\" "
            "href=\"https://x.org\">269.4 per 10,000</a> and <code>2,082</code></p>\n");
}

TEST(RenderNarrativeTest, PlaceholderInLinkAddressIsAnError) {
  const auto html = RenderNarrative("See [the data](https://x.org/{{cin_count}}).", Lookup);
  ASSERT_FALSE(html);
  EXPECT_THAT(html.error().message(), HasSubstr("line 1: {{cin_count}} is inside a link address"));
}

TEST(RenderNarrativeTest, PlaceholderInRawHtmlIsAnError) {
  // An HTML block is dropped whole, placeholder and all; inline tags
  // (<span>) are dropped but the text between them stays.
  const auto html = RenderNarrative("<div>{{cin_count}}</div>\n", Lookup);
  ASSERT_FALSE(html);
  EXPECT_THAT(html.error().message(), HasSubstr("raw HTML"));
}

TEST(RenderNarrativeTest, ReservedCharactersAreRefused) {
  const auto html = RenderNarrative("odd \xEE\x80\x80 text", Lookup);
  ASSERT_FALSE(html);
  EXPECT_THAT(html.error().message(), HasSubstr("U+E000"));
}

TEST(RenderNarrativeTest, EmptyTextAndTextWithoutPlaceholders) {
  EXPECT_EQ(Render(""), "");
  EXPECT_EQ(Render("Plain."), "<p class=\"govuk-body\">Plain.</p>\n");
}

TEST(RenderNarrativeTest, SingleBracesAreText) {
  EXPECT_EQ(Render("{x} and }} and {"), "<p class=\"govuk-body\">{x} and }} and {</p>\n");
}

TEST(NarrativeKeysTest, ListsKeysInOrderWithRepeats) {
  const auto keys = NarrativeKeys("{{b}} then {{ a.england }}\n\\{{not_me}} {{b}}");
  ASSERT_TRUE(keys);
  EXPECT_EQ(*keys, (std::vector<std::string>{"b", "a.england", "b"}));
}

TEST(NarrativeKeysTest, MalformedPlaceholderFails) {
  EXPECT_FALSE(NarrativeKeys("{{open"));
}

}  // namespace
}  // namespace sg::reporting
