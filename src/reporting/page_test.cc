#include "reporting/page.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace sg::reporting {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(GovukStylesheetTest, IsGovukFrontendWithArialAndNothingToFetch) {
  const std::string css(GovukStylesheet());
  EXPECT_GT(css.size(), 50'000u);
  EXPECT_THAT(css, HasSubstr(".govuk-table{"));
  EXPECT_THAT(css, HasSubstr(".govuk-heading-xl{"));
  EXPECT_THAT(css, HasSubstr("--govuk-frontend-version:"));
  EXPECT_THAT(css, HasSubstr("font-family:arial,sans-serif"));
  EXPECT_THAT(css, Not(HasSubstr("GDS Transport")));
  EXPECT_THAT(css, Not(HasSubstr("@font-face")));
  EXPECT_THAT(css, Not(HasSubstr("sourceMappingURL")));
  EXPECT_THAT(css, Not(HasSubstr("font-family:sans-serif")));
}

TEST(RenderPageTest, GovukShellWithSkipLinkTitleAndBody) {
  PageOptions options;
  options.title = "Annual report 2020-21";
  options.caption = "Cheshire East Safeguarding Children Partnership";
  options.body_html = "<p class=\"govuk-body\">Body <strong>here</strong></p>";
  const std::string page = RenderPage(options);
  EXPECT_THAT(page, StartsWith("<!DOCTYPE html>\n<html lang=\"en-GB\" class=\"govuk-template\">"));
  EXPECT_THAT(page, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(page, HasSubstr("<title>Annual report 2020-21</title>"));
  EXPECT_THAT(page, HasSubstr("<body class=\"govuk-template__body\">"));
  EXPECT_THAT(page, HasSubstr("<a href=\"#main-content\" class=\"govuk-skip-link\">"));
  EXPECT_THAT(page, HasSubstr("<div class=\"govuk-width-container\">"));
  EXPECT_THAT(page, HasSubstr("<main class=\"govuk-main-wrapper\" id=\"main-content\">"));
  EXPECT_THAT(page, HasSubstr("<span class=\"govuk-caption-l\">Cheshire East Safeguarding "
                              "Children Partnership</span>"));
  EXPECT_THAT(page, HasSubstr("<h1 class=\"govuk-heading-xl\">Annual report 2020-21</h1>"));
  EXPECT_THAT(page, HasSubstr(options.body_html));
  EXPECT_THAT(page, HasSubstr("</html>\n"));
  EXPECT_THAT(page, Not(HasSubstr("<link")));
  EXPECT_THAT(page, Not(HasSubstr("<script")));
}

TEST(RenderPageTest, PrintRulesForA4WithPageNumbers) {
  const std::string page =
      RenderPage({.title = "T", .caption = "", .body_html = "", .footer_text = ""});
  EXPECT_THAT(page, HasSubstr("size: A4;"));
  EXPECT_THAT(page, HasSubstr("content: \"Page \" counter(page) \" of \" counter(pages);"));
  EXPECT_THAT(page, HasSubstr("h2.govuk-heading-l { break-before: page; }"));
  EXPECT_THAT(page, HasSubstr("tr, figure, .sg-chart { break-inside: avoid; }"));
  EXPECT_THAT(page, HasSubstr("thead { display: table-header-group; }"));
}

TEST(RenderPageTest, TextIsEscapedEverywhere) {
  PageOptions options;
  options.title = "Tom & Jerry <report>";
  options.caption = "\"Partnership\"";
  options.footer_text = "Report \"2020\\21\" </style><script>x</script>\nline two";
  const std::string page = RenderPage(options);
  EXPECT_THAT(page, HasSubstr("<title>Tom &amp; Jerry &lt;report&gt;</title>"));
  EXPECT_THAT(page, HasSubstr("&quot;Partnership&quot;"));
  EXPECT_EQ(Count(page, "</style>"), 2u);
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  EXPECT_THAT(page, HasSubstr("content: \"Report \\\"2020\\\\21\\\" \\3c /style>\\3c script>x\\3c "
                              "/script> line two\""));
}

TEST(RenderPageTest, EmptyCaptionIsLeftOut) {
  EXPECT_THAT(RenderPage({.title = "T", .caption = "", .body_html = "", .footer_text = ""}),
              Not(HasSubstr("govuk-caption-l\">")));
}

TEST(HtmlTableTest, CaptionScopesAndNumericColumns) {
  HtmlTableOptions table;
  table.caption = "Assessments completed in 45 days";
  table.columns = {{"Local authority", false}, {"2019-20", true}, {"2020-21", true}};
  table.rows = {{"England", "84%", "not available"}, {"Cheshire East", "86%", "74%"}};
  const std::string html = HtmlTable(table);
  EXPECT_THAT(html,
              StartsWith("<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption "
                         "govuk-table__caption--m\">Assessments completed in 45 days</caption>"));
  EXPECT_THAT(html,
              HasSubstr("<th scope=\"col\" class=\"govuk-table__header\">Local authority</th>"));
  EXPECT_THAT(html, HasSubstr("<th scope=\"col\" class=\"govuk-table__header "
                              "govuk-table__header--numeric\">2019-20</th>"));
  EXPECT_THAT(html, HasSubstr("<th scope=\"row\" class=\"govuk-table__header\">England</th>"));
  EXPECT_THAT(html,
              HasSubstr("<td class=\"govuk-table__cell govuk-table__cell--numeric\">74%</td>"));
  EXPECT_EQ(Count(html, "<tr class=\"govuk-table__row\">"), 3u);
  EXPECT_THAT(html, HasSubstr("<thead class=\"govuk-table__head\">"));
  EXPECT_THAT(html, HasSubstr("<tbody class=\"govuk-table__body\">"));
}

TEST(HtmlTableTest, CellsAreEscapedAndRowsPaddedOrCut) {
  HtmlTableOptions table;
  table.columns = {{"<Name>", false}, {"Value", true}};
  table.rows = {{"A & B"}, {"C", "1", "extra"}};
  table.first_column_is_row_header = false;
  const std::string html = HtmlTable(table);
  EXPECT_THAT(html, Not(HasSubstr("<caption")));
  EXPECT_THAT(html, HasSubstr("&lt;Name&gt;"));
  EXPECT_THAT(html, HasSubstr("<td class=\"govuk-table__cell\">A &amp; B</td>\n"
                              "<td class=\"govuk-table__cell govuk-table__cell--numeric\"></td>"));
  EXPECT_THAT(html, Not(HasSubstr("extra")));
  EXPECT_THAT(html, Not(HasSubstr("scope=\"row\"")));
}

TEST(HtmlTableTest, NoRowsStillMakesAValidTable) {
  HtmlTableOptions table;
  table.columns = {{"A", false}};
  const std::string html = HtmlTable(table);
  EXPECT_THAT(html, HasSubstr("<tbody class=\"govuk-table__body\">\n</tbody>"));
}

TEST(HtmlFigureTest, VisibleEscapedCaptionAroundTheChart) {
  EXPECT_EQ(HtmlFigure("Plans <2 years> & more", "<svg></svg>\n"),
            "<figure class=\"sg-figure\">\n<figcaption class=\"govuk-heading-s\">Plans &lt;2 "
            "years&gt; &amp; more</figcaption>\n<svg></svg>\n</figure>\n");
}

}  // namespace
}  // namespace sg::reporting
