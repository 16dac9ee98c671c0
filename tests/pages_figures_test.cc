// The figure pages over real HTTP: the quarterly scorecard (/scorecard), the
// annual report in the page (/reports/annual) and its downloads
// (POST /reports/annual/downloads, a job).
//
// The scene: the database stands for Cheshire East (DfE number 895, so the
// shipped DfE files give England's, the region's and the neighbours'
// figures), and one child's assessment, referred and started on 6 January
// 2025 and authorised two weeks later, makes "assessments within 45 working
// days" 100% in the quarter January to March 2025 (quarter 4 of 2024-25),
// above the shipped target: Green.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "core/date.h"
#include "journey/journey.h"
#include "pages_support.h"

namespace {

namespace h = sg::testing;
using h::Contains;
using h::Count;
using h::D;
using nlohmann::json;

class PagesFiguresTest : public h::PagesTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(PagesTest::SetUp());
    ASSERT_TRUE(server_.db().Execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('la_number', '895')"));
    const int64_t child = server_.AddChild("Gina", "Figures", D("2015-05-01"));
    server_.Allocate(child, server_.teams().assessment, server_.users().social_worker.worker_id,
                     D("2025-01-06"));
    const int64_t referral = h::SystemReferral(server_, child, D("2025-01-06"));
    const int64_t assessment = h::SystemAssessment(server_, referral, D("2025-01-06"));
    ASSERT_GT(assessment, 0);
    auto authorised = server_.journey().AuthoriseAssessment(server_.system_actor(), assessment,
                                                            D("2025-01-20"), {"2B"});
    ASSERT_TRUE(authorised) << authorised.error().message();
  }
};

TEST_F(PagesFiguresTest, TheScorecardShowsRagInWordsBesideTheBenchmarks) {
  h::Client analyst = server_.SignedIn(server_.users().analyst);
  h::HttpResult page = analyst.Get("/scorecard?year=2025&quarter=4");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "Quarterly scorecard: Quarter 4 (January to March), 2024-25"));
  EXPECT_TRUE(Contains(page.body, "Cheshire East"));
  // The assessment on time earns Green, in words; counts are not rated.
  EXPECT_TRUE(Contains(page.body, "<strong class=\"govuk-tag govuk-tag--green\">Green</strong>"));
  EXPECT_TRUE(Contains(page.body, ">Not rated</strong>"));
  EXPECT_TRUE(Contains(page.body, "100.0%"));
  // DfE's figures beside each one, with the year they are for.
  EXPECT_TRUE(Contains(page.body, ">England</th>"));
  EXPECT_TRUE(Contains(page.body, ">Region</th>"));
  EXPECT_TRUE(Contains(page.body, ">Statistical neighbours</th>"));
  EXPECT_TRUE(Contains(page.body, "<td class=\"govuk-table__cell\">2023-24</td>") ||
              Contains(page.body, "<td class=\"govuk-table__cell\">2024-25</td>"))
      << "some benchmarks are published";
  // A trend chart per indicator, as accessible inline SVG without styles.
  EXPECT_GE(Count(page.body, "<svg"), 40u);
  EXPECT_TRUE(Contains(page.body, "role=\"img\""));
  EXPECT_FALSE(Contains(page.body, " style=")) << "the CSP forbids inline styles";
  EXPECT_FALSE(Contains(page.body, "<style"));
  EXPECT_EQ(Count(page.body, "<h1"), 1u);
  EXPECT_TRUE(Contains(page.body, "href=\"/reports/annual?year=2025\""));
}

TEST_F(PagesFiguresTest, TheScorecardOpensOnTheLastQuarterThatHasEnded) {
  h::Client manager = server_.SignedIn(server_.users().manager);
  h::HttpResult page = manager.Get("/scorecard");
  ASSERT_EQ(page.status, 200) << page.body;
  // 2 June 2025 is in quarter 1 of 2025-26: the last ended is quarter 4 of 2024-25.
  EXPECT_TRUE(Contains(page.body, "Quarter 4 (January to March), 2024-25"));
  EXPECT_TRUE(Contains(page.body, "<option value=\"4\" selected>"));
  EXPECT_TRUE(Contains(page.body, "<option value=\"2025\" selected>2024-25</option>"));
}

TEST_F(PagesFiguresTest, AQuarterOutsideOneToFourIsAnErrorByTheField) {
  h::Client analyst = server_.SignedIn(server_.users().analyst);
  h::HttpResult page = analyst.Get("/scorecard?year=2025&quarter=5");
  EXPECT_EQ(page.status, 400);
  EXPECT_TRUE(Contains(page.body, "<a href=\"#quarter\">Select a quarter from the list</a>"));
  EXPECT_TRUE(Contains(page.body, "id=\"quarter-error\""));
  EXPECT_FALSE(Contains(page.body, "govuk-tag--green")) << "no scorecard for a wrong quarter";
  EXPECT_EQ(analyst.Get("/scorecard?year=1999&quarter=1").status, 400);
}

TEST_F(PagesFiguresTest, APartnerPractitionerCannotOpenTheFigures) {
  h::Client police = server_.SignedIn(server_.users().police);
  h::HttpResult scorecard = police.Get("/scorecard?year=2025&quarter=4");
  EXPECT_EQ(scorecard.status, 403);
  EXPECT_TRUE(Contains(scorecard.body, "You cannot see this page"));
  EXPECT_FALSE(Contains(scorecard.body, "govuk-tag--green"));
  EXPECT_EQ(police.Get("/reports/annual?year=2025").status, 403);
  EXPECT_EQ(
      police.PostForm("/reports/annual/downloads", {{"year", "2025"}, {"format", "xlsx"}}).status,
      403);
  EXPECT_EQ(server_.SignedIn(server_.users().social_worker).Get("/scorecard").status, 403);
}

TEST_F(PagesFiguresTest, TheAnnualReportReadsInThePageWithItsDownloads) {
  h::Client analyst = server_.SignedIn(server_.users().analyst);
  h::HttpResult page = analyst.Get("/reports/annual?year=2025");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "Annual Report 2024-25"));
  EXPECT_TRUE(Contains(page.body, "1 April 2024 to 31 March 2025"));
  EXPECT_TRUE(Contains(page.body, ">Download PDF</button>"));
  EXPECT_TRUE(Contains(page.body, ">Download spreadsheet (xlsx)</button>"));
  EXPECT_TRUE(Contains(page.body, "action=\"/reports/annual/downloads\""));
  EXPECT_TRUE(Contains(page.body, "id=\"front-door\""));
  EXPECT_GE(Count(page.body, "<table class=\"govuk-table"), 3u);
  EXPECT_EQ(Count(page.body, "<h1"), 1u) << "the report's title is the page's only h1";
  EXPECT_FALSE(Contains(page.body, "<html lang=\"en-GB\"")) << "inside our layout, not a document";
  EXPECT_FALSE(Contains(page.body, " style="));
  EXPECT_FALSE(Contains(page.body, "<style"));
}

TEST_F(PagesFiguresTest, DownloadingTheSpreadsheetStartsAJobAndGoesToItsProgress) {
  h::Client analyst = server_.SignedIn(server_.users().analyst);
  h::HttpResult started =
      analyst.PostForm("/reports/annual/downloads", {{"year", "2025"}, {"format", "xlsx"}});
  ASSERT_EQ(started.status, 303) << started.body;
  const std::string location = started.Header("location");
  ASSERT_TRUE(location.starts_with("/jobs/")) << location;
  json job = h::WaitForJob(analyst, "/api/v1" + location);
  ASSERT_EQ(job["state"], "succeeded") << job.dump();
  EXPECT_EQ(job["kind"], "report-annual");
  EXPECT_EQ(job["summary"]["format"], "xlsx");
  h::HttpResult file = analyst.Get("/api/v1" + location + "/result");
  ASSERT_EQ(file.status, 200);
  EXPECT_TRUE(Contains(file.Header("content-disposition"), "annual-report-2024-25.xlsx"));

  EXPECT_EQ(
      analyst.PostForm("/reports/annual/downloads", {{"year", "2025"}, {"format", "docx"}}).status,
      400);
  EXPECT_EQ(analyst
                .PostForm("/reports/annual/downloads", {{"year", "2025"}, {"format", "pdf"}},
                          /*with_csrf=*/false)
                .status,
            403)
      << "a form without its CSRF token is refused";
}

}  // namespace
