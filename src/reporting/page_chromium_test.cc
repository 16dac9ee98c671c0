// A report page as the lead will build it (narrative, charts, tables) printed
// by Chromium: it reaches a second page, numbers its pages, uses Arial's
// metric twin Liberation Sans, and page 1 renders to a PNG for a look.
//
// Set SG_REPORTING_KEEP_DIR to a directory to keep the HTML, PDF and PNG.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <string_view>

#include "reporting/narrative.h"
#include "reporting/page.h"
#include "reporting/pdf.h"
#include "reporting/svg_chart.h"
#include "reporting/test_util.h"

namespace sg::reporting {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kNarrative = R"md(
The partnership's second annual report covers 1 April 2020 to 31 March 2021.

## Children in need and child protection

The total number of assessments completed in the year was {{assessments}};
{{assessments_45_days}} of these were completed within 45 working days
(England: {{assessments_45_days.england}}).

As at the end of the year there were {{cin_count}} children with open episodes:
{{cin_rate}}.

> The measure for children on second child protection plans is a priority
> indicator for the partnership.
)md";

Figure Lookup(std::string_view key) {
  if (key == "assessments") return Figure::Text("3,040");
  if (key == "assessments_45_days") return Figure::Text("74.0%");
  if (key == "assessments_45_days.england") return Figure::NotAvailable();
  if (key == "cin_count") return Figure::Text("2,082");
  if (key == "cin_rate") return Figure::Text("269.4 per 10,000");
  return Figure::Unknown();
}

std::string SampleBody() {
  const auto narrative = RenderNarrative(kNarrative, Lookup);
  EXPECT_TRUE(narrative) << narrative.error().message();
  std::string body = narrative ? *narrative : "";

  ChartOptions trend;
  trend.title = "Assessments completed within 45 days, 2016-17 to 2020-21";
  trend.axis_label = "Percentage of assessments";
  trend.value_suffix = "%";
  trend.decimals = 0;
  trend.axis_max = 100;
  body += HtmlFigure(
      trend.title, LineChart({"2016-17", "2017-18", "2018-19", "2019-20", "2020-21"},
                             {{"Cheshire East", {88, std::nullopt, 81, 86, 74}},
                              {"North West", {81, std::nullopt, 84, 81, std::nullopt}},
                              {"Statistical neighbours", {82, std::nullopt, 86, 84, std::nullopt}},
                              {"England", {83, std::nullopt, 83, 84, std::nullopt}}},
                             trend));
  body += HtmlTable({.caption = "Assessments completed in 45 days",
                     .columns = {{"Local authority", false},
                                 {"2016-17", true},
                                 {"2018-19", true},
                                 {"2019-20", true},
                                 {"2020-21", true}},
                     .rows = {{"England", "83%", "83%", "84%", "not available"},
                              {"North West", "81%", "84%", "81%", "not available"},
                              {"Cheshire East", "88%", "81%", "86%", "74%"},
                              {"Statistical neighbours", "82%", "86%", "84%", "not available"}},
                     .first_column_is_row_header = true});

  body += "<h2 class=\"govuk-heading-l\">The front door</h2>\n";
  ChartOptions consultations;
  consultations.title = "Consultations and referrals, 2016-17 to 2020-21";
  consultations.axis_label = "Number";
  consultations.decimals = 0;
  body += HtmlFigure(consultations.title,
                     BreakdownChart({"2016-17", "2017-18", "2018-19", "2019-20", "2020-21"},
                                    {{"Consultations", {10432, 9536, 9418, 9824, 8373}},
                                     {"Converted to referral", {3438, 2976, 2558, 2543, 2273}}},
                                    consultations, BarLayout::kGrouped));
  ChartOptions second_plans;
  second_plans.title = "Child protection plans for a second or subsequent time, 2020-21";
  second_plans.value_suffix = "%";
  second_plans.decimals = 0;
  body += HtmlFigure(second_plans.title, BarChart({{"Cheshire East", 28, true},
                                                   {"North West", 23, false},
                                                   {"Statistical neighbours", std::nullopt, false},
                                                   {"England", 22, false}},
                                                  second_plans));
  body += "<p class=\"govuk-body\"><strong class=\"govuk-tag\">Priority</strong></p>\n";
  return body;
}

void KeepIfAsked(const fs::path& file) {
  const char* keep = std::getenv("SG_REPORTING_KEEP_DIR");
  if (keep == nullptr || *keep == '\0') return;
  fs::create_directories(keep);
  fs::copy_file(file, fs::path(keep) / file.filename(), fs::copy_options::overwrite_existing);
}

TEST(PageChromiumTest, ReportPagePrintsToNumberedA4PagesInArial) {
  testing::ScratchDir dir("sg_page_chromium_");
  const fs::path html = dir.path() / "annual-report.html";
  const fs::path pdf = dir.path() / "annual-report.pdf";
  testing::WriteFile(html,
                     RenderPage({.title = "Annual report 2020-21",
                                 .caption = "Cheshire East Safeguarding Children's Partnership",
                                 .body_html = SampleBody(),
                                 .footer_text = "CESCP annual report 2020-21"}));
  const auto status = RenderPdf(html, pdf);
  ASSERT_TRUE(status) << status.error().message();

  const std::string info = testing::PdfInfo(pdf);
  EXPECT_THAT(info, HasSubstr("Page size:       594.96 x 841.92 pts (A4)"));
  EXPECT_THAT(info, HasSubstr("Tagged:          yes"));
  // Each ## section starts a page, so there are at least three.
  std::smatch pages;
  ASSERT_TRUE(std::regex_search(info, pages, std::regex("Pages: +(\\d+)")));
  EXPECT_GE(std::stoi(pages[1]), 3);
  const std::string text = testing::PdfText(pdf);
  EXPECT_THAT(text, HasSubstr("Page 1 of " + pages[1].str()));
  EXPECT_THAT(text, HasSubstr("Page 2 of " + pages[1].str()));
  // The second section's heading opens a page.
  EXPECT_THAT(text, HasSubstr("\fChildren in need and child protection\n"));
  EXPECT_THAT(text, HasSubstr("CESCP annual report 2020-21"));
  EXPECT_THAT(text, Not(HasSubstr("Skip to main content")));  // hidden in print
  const std::string fonts = testing::Capture("pdffonts " + testing::Quoted(pdf));
  EXPECT_THAT(fonts, HasSubstr("LiberationSans"));
  EXPECT_THAT(fonts, Not(HasSubstr("DejaVu")));

  const fs::path png_prefix = dir.path() / "annual-report-page";
  testing::Capture("pdftoppm -png -r 60 -f 1 -l 1 -singlefile " + testing::Quoted(pdf) + " " +
                   testing::Quoted(png_prefix));
  const fs::path png = dir.path() / "annual-report-page.png";
  const std::string bytes = testing::ReadFile(png);
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  KeepIfAsked(html);
  KeepIfAsked(pdf);
  KeepIfAsked(png);
}

}  // namespace
}  // namespace sg::reporting
