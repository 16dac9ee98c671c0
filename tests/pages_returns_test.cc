// The data return pages over real HTTP, as a browser without JavaScript uses
// them: choose a file in a multipart form (/returns), wait on the check's
// job page (/jobs/{id}, "Check progress"), read the findings
// (/returns/{id}/findings), import (/returns/{id}/import), and wait on the
// import's job page until it says what was stored. The files are the
// samples in testdata/: a CIN census that passes (two queries about the
// whole return), one with a child's errors, and SSDA903 CSV tables.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "pages_support.h"

namespace {

namespace h = sg::testing;
namespace fs = std::filesystem;
using h::Contains;

constexpr std::string_view kPassingCensus = "testdata/cin/rules/100_returnpass.xml";
constexpr std::string_view kCensusWithErrors = "testdata/cin/samples/liia_cin-2022.xml";

// Room for the sample files, which are larger than the harness's default.
h::HarnessOptions LargeUploads() {
  h::HarnessOptions options;
  options.max_body_bytes = 64 * 1024 * 1024;
  return options;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Sample(std::string_view relative) {
  std::string content = ReadFile(fs::path(SAFEGUARD_SOURCE_DIR) / relative);
  EXPECT_FALSE(content.empty()) << relative;
  return content;
}

struct FilePart {
  std::string field;
  std::string filename;
  std::string content;
};

// A multipart/form-data POST as a browser sends a form with a file input:
// the CSRF token as the form's field (not the header), the page's Origin.
h::HttpResult PostMultipart(h::Client& client, const std::string& target,
                            const std::vector<std::pair<std::string, std::string>>& fields,
                            const std::vector<FilePart>& files) {
  const std::string boundary = "----SafeguardTestBoundary7MA4YWxkTrZu0gW";
  std::string body;
  auto part = [&](const std::string& disposition, const std::string& type,
                  const std::string& content) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\n";
    if (!type.empty()) body += "Content-Type: " + type + "\r\n";
    body += "\r\n" + content + "\r\n";
  };
  part("name=\"csrf_token\"", "", client.csrf_token());
  for (const auto& [name, value] : fields) part("name=\"" + name + "\"", "", value);
  for (const FilePart& file : files) {
    part("name=\"" + file.field + "\"; filename=\"" + file.filename + "\"",
         "application/octet-stream", file.content);
  }
  body += "--" + boundary + "--\r\n";
  client.set_send_csrf(false);
  h::HttpResult result =
      client.Send("POST", target, std::move(body),
                  {{"Content-Type", "multipart/form-data; boundary=" + boundary},
                   {"Origin", fmt::format("http://127.0.0.1:{}", client.port())}});
  client.set_send_csrf(true);
  return result;
}

// The job id in "/jobs/{id}" (0 when the location is not a job page).
int64_t JobId(const std::string& location) {
  if (!location.starts_with("/jobs/")) return 0;
  return std::stoll(location.substr(6));
}

// GETs the job page ("Check progress") until the job has ended; the last
// page. Bounded: a job that never ends fails the test instead of hanging it.
h::HttpResult WaitForJobPage(h::Client& client, int64_t job) {
  const std::string page = fmt::format("/jobs/{}", job);
  h::HttpResult r;
  for (int i = 0; i < 3000; ++i) {
    r = client.Get(page);
    if (r.status != 200) break;
    if (Contains(r.body, "data-state=\"succeeded\"") || Contains(r.body, "data-state=\"failed\"")) {
      return r;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "the job page " << page << " did not show an ended job: " << r.status << " "
                << r.body.substr(0, 300);
  return r;
}

class PagesReturnsTest : public h::PagesTest {
 protected:
  PagesReturnsTest() : PagesTest(LargeUploads()) {}

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(PagesTest::SetUp());
    analyst_.emplace(server_.SignedIn(server_.users().analyst));
  }

  // Checks a CIN census file; the check's job id once it has ended.
  int64_t CheckCensus(const std::string& content, const std::string& year = "") {
    h::HttpResult posted = PostMultipart(*analyst_, "/returns/cin", {{"cin-year", year}},
                                         {{"cin-file", "census.xml", content}});
    EXPECT_EQ(posted.status, 303) << posted.body.substr(0, 2000);
    const int64_t job = JobId(posted.Header("location"));
    EXPECT_GT(job, 0) << posted.Header("location");
    if (job > 0) {
      h::HttpResult done = WaitForJobPage(*analyst_, job);
      EXPECT_TRUE(Contains(done.body, "data-state=\"succeeded\"")) << done.body;
    }
    return job;
  }

  h::HttpResult Findings(int64_t job, const std::string& query = "") {
    return analyst_->Get(fmt::format("/returns/{}/findings{}", job, query));
  }

  std::optional<h::Client> analyst_;
};

// ---- the upload page -----------------------------------------------------------

TEST_F(PagesReturnsTest, AnAnalystSeesAnUploadFormForEachReturn) {
  h::HttpResult page = analyst_->Get("/returns");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "<h1 class=\"govuk-heading-l\">Data returns</h1>"));
  EXPECT_TRUE(Contains(page.body, "action=\"/returns/cin\" enctype=\"multipart/form-data\""));
  EXPECT_TRUE(Contains(page.body, "action=\"/returns/ssda903\" enctype=\"multipart/form-data\""));
  EXPECT_TRUE(Contains(page.body, "<label class=\"govuk-label\" for=\"cin-file\">"));
  EXPECT_TRUE(Contains(page.body, "id=\"cin-file\" name=\"cin-file\" type=\"file\""));
  EXPECT_TRUE(Contains(page.body, "id=\"ssda903-files\" name=\"ssda903-files\" type=\"file\""));
  EXPECT_TRUE(Contains(page.body, " multiple aria-describedby=\"ssda903-files-hint\""));
  EXPECT_TRUE(Contains(page.body, "<label class=\"govuk-label\" for=\"cin-year\">"));
  // The SSDA903 year starts at the year that ended most recently (today is
  // 2 June 2025: 2024 to 2025).
  EXPECT_TRUE(Contains(page.body, "<option value=\"2025\" selected>2024 to 2025</option>"));
  EXPECT_TRUE(Contains(page.body, "name=\"csrf_token\" value=\"" + analyst_->csrf_token() + "\""));
  EXPECT_TRUE(Contains(page.body,
                       "aria-current=\"page\"><strong "
                       "class=\"govuk-service-navigation__active-fallback\">Data "
                       "returns"));
}

TEST_F(PagesReturnsTest, UploadingNothingIs400WithTheErrorByTheFileInput) {
  // A browser sends an empty file part when no file was chosen.
  h::HttpResult r =
      PostMultipart(*analyst_, "/returns/cin", {{"cin-year", "2022"}}, {{"cin-file", "", ""}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(Contains(r.body, "<title>Error: Data returns - Safeguard</title>"));
  EXPECT_TRUE(Contains(r.body, "<a href=\"#cin-file\">Select a CIN census file</a>"));
  EXPECT_TRUE(Contains(r.body,
                       "<p id=\"cin-file-error\" class=\"govuk-error-message\"><span "
                       "class=\"govuk-visually-hidden\">Error:</span> Select a CIN "
                       "census file</p>"));
  EXPECT_TRUE(Contains(r.body, "govuk-file-upload govuk-file-upload--error\" id=\"cin-file\""));
  EXPECT_TRUE(Contains(r.body, "aria-describedby=\"cin-file-hint cin-file-error\""));
  // The year chosen is kept.
  EXPECT_TRUE(Contains(r.body, "<option value=\"2022\" selected>2021 to 2022</option>"));

  h::HttpResult none = PostMultipart(*analyst_, "/returns/ssda903", {{"ssda903-year", "2024"}}, {});
  ASSERT_EQ(none.status, 400) << none.body;
  EXPECT_TRUE(Contains(none.body,
                       "<a href=\"#ssda903-files\">Select the SSDA903 return&apos;s "
                       "files</a>"));
  EXPECT_TRUE(Contains(none.body, "<option value=\"2024\" selected>2023 to 2024</option>"));
}

TEST_F(PagesReturnsTest, ANonXmlFileIs400) {
  h::HttpResult r = PostMultipart(*analyst_, "/returns/cin", {},
                                  {{"cin-file", "children.csv", "CHILD,DOB\n1,01/01/2015\n"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(Contains(r.body, "<a href=\"#cin-file\">The selected file must be an XML file</a>"));

  h::HttpResult empty =
      PostMultipart(*analyst_, "/returns/cin", {}, {{"cin-file", "census.xml", ""}});
  ASSERT_EQ(empty.status, 400) << empty.body;
  EXPECT_TRUE(Contains(empty.body, "The selected file is empty"));

  h::HttpResult binary = PostMultipart(
      *analyst_, "/returns/ssda903", {{"ssda903-year", "2025"}},
      {{"ssda903-files", "photo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)}});
  ASSERT_EQ(binary.status, 400) << binary.body;
  EXPECT_TRUE(Contains(binary.body, "The selected file photo.png must be a CSV or XML file"));

  h::HttpResult not_a_table =
      PostMultipart(*analyst_, "/returns/ssda903", {{"ssda903-year", "2025"}},
                    {{"ssda903-files", "notes.csv", "name,address\nA,B\n"}});
  ASSERT_EQ(not_a_table.status, 400) << not_a_table.body;
  EXPECT_TRUE(Contains(not_a_table.body, "notes.csv is not an SSDA903 table"));
}

TEST_F(PagesReturnsTest, TheWrongReturnIs400NamingTheRightOne) {
  h::HttpResult lac_as_cin = PostMultipart(
      *analyst_, "/returns/cin", {},
      {{"cin-file", "fake_903.xml", Sample("testdata/ssda903/samples/fake_903.xml")}});
  ASSERT_EQ(lac_as_cin.status, 400) << lac_as_cin.body;
  EXPECT_TRUE(Contains(lac_as_cin.body,
                       "<a href=\"#cin-file\">The selected file is an SSDA903 "
                       "return, not a CIN census"));

  h::HttpResult cin_as_lac =
      PostMultipart(*analyst_, "/returns/ssda903", {{"ssda903-year", "2022"}},
                    {{"ssda903-files", "census.xml", Sample(kCensusWithErrors)}});
  ASSERT_EQ(cin_as_lac.status, 400) << cin_as_lac.body;
  EXPECT_TRUE(Contains(cin_as_lac.body,
                       "<a href=\"#ssda903-files\">The selected file is a CIN "
                       "census, not an SSDA903 return"));

  h::HttpResult xml_and_csv = PostMultipart(
      *analyst_, "/returns/ssda903", {{"ssda903-year", "2022"}},
      {{"ssda903-files", "fake_903.xml", Sample("testdata/ssda903/samples/fake_903.xml")},
       {"ssda903-files", "header.csv", Sample("testdata/ssda903/roundtrip/header.csv")}});
  ASSERT_EQ(xml_and_csv.status, 400) << xml_and_csv.body;
  EXPECT_TRUE(Contains(xml_and_csv.body, "Select the return&apos;s XML file on its own"));
}

TEST_F(PagesReturnsTest, AYearThatDisagreesWithTheCensusIs400ByTheYear) {
  h::HttpResult r = PostMultipart(*analyst_, "/returns/cin", {{"cin-year", "2025"}},
                                  {{"cin-file", "census.xml", Sample(kCensusWithErrors)}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(Contains(r.body,
                       "<a href=\"#cin-year\">The selected file is for 2021 to 2022: "
                       "choose that year, or the year written in the file</a>"));
  EXPECT_TRUE(Contains(r.body, "<option value=\"2025\" selected>2024 to 2025</option>"));
  EXPECT_EQ(PostMultipart(*analyst_, "/returns/cin", {{"cin-year", "1999"}},
                          {{"cin-file", "census.xml", Sample(kCensusWithErrors)}})
                .status,
            400);
}

// ---- checking ---------------------------------------------------------------------

TEST_F(PagesReturnsTest, APassingCensusShowsItsQueriesAndCanBeImported) {
  const int64_t job = CheckCensus(Sample(kPassingCensus));
  ASSERT_GT(job, 0);
  h::HttpResult done = analyst_->Get(fmt::format("/jobs/{}", job));
  ASSERT_EQ(done.status, 200);
  EXPECT_TRUE(Contains(done.body, "CIN census file checked"));
  EXPECT_TRUE(Contains(done.body, "The check found 0 errors and 2 queries."));
  EXPECT_TRUE(
      Contains(done.body, fmt::format("href=\"/returns/{}/findings\">See the findings", job)));
  EXPECT_FALSE(Contains(done.body, "http-equiv=\"refresh\""));

  h::HttpResult findings = Findings(job);
  ASSERT_EQ(findings.status, 200) << findings.body;
  EXPECT_TRUE(Contains(findings.body, "<span class=\"govuk-caption-l\">CIN census 2025 to 2026"));
  EXPECT_TRUE(Contains(findings.body, "The file checked: census.xml."));
  EXPECT_TRUE(Contains(findings.body,
                       "<dt class=\"govuk-summary-list__key\">Errors</dt>\n"
                       "        <dd class=\"govuk-summary-list__value\">0<br>"));
  EXPECT_TRUE(Contains(findings.body,
                       "<dt class=\"govuk-summary-list__key\">Queries</dt>\n"
                       "        <dd class=\"govuk-summary-list__value\">2<br>"));
  EXPECT_TRUE(Contains(findings.body,
                       "<span class=\"app-nowrap\">2887Q</span> <strong "
                       "class=\"govuk-tag govuk-tag--yellow\">Query</strong>"));
  EXPECT_TRUE(Contains(findings.body, "The whole return"));
  EXPECT_TRUE(Contains(findings.body, "Findings 1 to 2 of 2"));
  EXPECT_TRUE(Contains(findings.body, fmt::format("<form method=\"post\" action=\"/returns/{}/"
                                                  "import\" novalidate>",
                                                  job)));
  EXPECT_FALSE(Contains(findings.body, "The file has errors."));
}

TEST_F(PagesReturnsTest, ACensusWithErrorsListsRuleChildFieldAndValue) {
  const int64_t job = CheckCensus(Sample(kCensusWithErrors), "2022");
  ASSERT_GT(job, 0);
  h::HttpResult findings = Findings(job);
  ASSERT_EQ(findings.status, 200) << findings.body;
  const std::string& body = findings.body;
  EXPECT_TRUE(Contains(body, "CIN census 2021 to 2022"));
  EXPECT_TRUE(Contains(body,
                       "<span class=\"app-nowrap\">1103</span> <strong class=\"govuk-tag "
                       "govuk-tag--red\">Error</strong>"));
  EXPECT_TRUE(Contains(body, "The assessment start date cannot be before the referral date"));
  // The child as the file names it: an analyst never sees a child's record,
  // so there is no link to one.
  EXPECT_TRUE(Contains(body, "<td class=\"govuk-table__cell\">DfEX0000001</td>"));
  EXPECT_FALSE(Contains(body, "href=\"/children/"));
  // The field, and the value the file gives it on the finding's line.
  EXPECT_TRUE(Contains(body, "<li>AssessmentActualStartDate</li><li>CINreferralDate</li>"));
  EXPECT_TRUE(Contains(body, "<li>AssessmentActualStartDate: 1970-06-03</li>"));
  EXPECT_TRUE(Contains(body, "<td class=\"govuk-table__cell app-nowrap\">Line 44</td>"));
  EXPECT_TRUE(Contains(body, "The file has errors."));
  // The counts by rule link to each rule's findings.
  EXPECT_TRUE(Contains(body, fmt::format("href=\"/returns/{}/findings?rule=1103\"", job)));
  h::HttpResult one_rule = Findings(job, "?rule=1510");
  ASSERT_EQ(one_rule.status, 200);
  EXPECT_TRUE(Contains(one_rule.body, "Findings of rule 1510"));
  EXPECT_TRUE(Contains(one_rule.body, "<li>A123456789123</li>"));
  EXPECT_FALSE(Contains(one_rule.body, "The assessment start date cannot be before"));
}

TEST_F(PagesReturnsTest, ManyFindingsArePagedFiftyAtATime) {
  h::HttpResult posted = PostMultipart(
      *analyst_, "/returns/ssda903", {{"ssda903-year", "2022"}},
      {{"ssda903-files", "header.csv", Sample("testdata/ssda903/samples/header.csv")},
       {"ssda903-files", "episodes.csv", Sample("testdata/ssda903/samples/episodes.csv")}});
  ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 2000);
  const int64_t job = JobId(posted.Header("location"));
  ASSERT_GT(job, 0);
  h::HttpResult done = WaitForJobPage(*analyst_, job);
  ASSERT_TRUE(Contains(done.body, "SSDA903 return checked")) << done.body;

  h::HttpResult first = Findings(job);
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 2000);
  EXPECT_TRUE(Contains(first.body, "The files checked: header.csv and episodes.csv."));
  EXPECT_TRUE(Contains(first.body, "Findings 1 to 50 of "));
  EXPECT_TRUE(Contains(first.body,
                       "<nav class=\"govuk-pagination\" aria-label=\"Pages of "
                       "findings\">"));
  EXPECT_TRUE(
      Contains(first.body, fmt::format("href=\"/returns/{}/findings?page=2\" rel=\"next\"", job)));
  EXPECT_TRUE(Contains(first.body, "aria-label=\"Page 1\" aria-current=\"page\""));
  // Several files: each finding says which file, and the value of a CSV
  // cell is read from the finding's row.
  EXPECT_TRUE(
      Contains(first.body, "<td class=\"govuk-table__cell app-nowrap\">header.csv, line 2</td>"));
  EXPECT_TRUE(Contains(first.body, "<li>MOTHER</li>"));
  EXPECT_TRUE(Contains(first.body, "<li>Blank</li>"));
  EXPECT_TRUE(Contains(first.body,
                       "could not be checked, because the tables they check were "
                       "not among the files"));

  h::HttpResult second = Findings(job, "?page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_TRUE(Contains(second.body, "Findings 51 to 100 of "));
  EXPECT_TRUE(Contains(second.body, "rel=\"prev\""));
  EXPECT_TRUE(Contains(second.body, "<title>Findings (page 2 of "));
  EXPECT_EQ(Findings(job, "?page=100000").status, 404);
  EXPECT_EQ(Findings(job, "?page=0").status, 404);
  EXPECT_EQ(Findings(job, "?page=x").status, 404);
}

TEST_F(PagesReturnsTest, AFileTheReaderCannotReadSaysSoAndOffersNoImport) {
  // A census cut off in the middle of an element: the page's checks pass (it
  // is XML, a CIN census, with its year), the validator cannot read it.
  const std::string census = Sample(kCensusWithErrors);
  const int64_t job = CheckCensus(census.substr(0, census.size() / 2));
  ASSERT_GT(job, 0);
  h::HttpResult findings = Findings(job);
  ASSERT_EQ(findings.status, 200) << findings.body;
  EXPECT_TRUE(Contains(findings.body, "The file could not be read, so it was not checked"));
  EXPECT_FALSE(Contains(findings.body, "Import this file"));
  h::HttpResult import = analyst_->PostForm(fmt::format("/returns/{}/import", job), {});
  EXPECT_EQ(import.status, 422) << import.body;
  EXPECT_TRUE(Contains(import.body, "cannot be imported"));
}

// ---- importing --------------------------------------------------------------------

TEST_F(PagesReturnsTest, ImportingRunsAsAJobAndStoresTheChildren) {
  const int64_t check = CheckCensus(Sample(kCensusWithErrors));
  ASSERT_GT(check, 0);
  const int64_t children_before = server_.CountRows("persons");

  h::HttpResult started = analyst_->PostForm(fmt::format("/returns/{}/import", check), {});
  ASSERT_EQ(started.status, 303) << started.body;
  const int64_t job = JobId(started.Header("location"));
  ASSERT_GT(job, 0) << started.Header("location");
  EXPECT_NE(job, check);

  h::HttpResult done = WaitForJobPage(*analyst_, job);
  ASSERT_TRUE(Contains(done.body, "data-state=\"succeeded\"")) << done.body;
  EXPECT_TRUE(Contains(done.body,
                       "<h1 class=\"govuk-heading-l\" tabindex=\"-1\">CIN census "
                       "imported</h1>"));
  EXPECT_TRUE(Contains(done.body,
                       "<dt class=\"govuk-summary-list__key\">Collection year</dt>\n"
                       "        <dd class=\"govuk-summary-list__value\">2021 to "
                       "2022</dd>"));
  EXPECT_TRUE(Contains(done.body,
                       "<dt class=\"govuk-summary-list__key\">Children</dt>\n"
                       "        <dd class=\"govuk-summary-list__value\">1</dd>"));
  EXPECT_TRUE(Contains(done.body, "href=\"/returns\">Check and import another file"));
  EXPECT_FALSE(Contains(done.body, "data-module=\"app-job-progress\""));
  EXPECT_GT(server_.CountRows("persons"), children_before);

  // The API's own import made the job: it reports the same way to an
  // integration polling it.
  h::HttpResult api = analyst_->Get(fmt::format("/api/v1/jobs/{}", job));
  ASSERT_EQ(api.status, 200);
  EXPECT_EQ(api.json()["kind"], "import-cin");

  // The child is now in the records; the analyst still sees only the
  // reference in the file.
  const int64_t again = CheckCensus(Sample(kCensusWithErrors));
  h::HttpResult findings = Findings(again);
  EXPECT_TRUE(Contains(findings.body, "<td class=\"govuk-table__cell\">DfEX0000001</td>"));
  EXPECT_FALSE(Contains(findings.body, "href=\"/children/"));
}

TEST_F(PagesReturnsTest, AnSsda903ReturnIsCheckedAndImportedFromItsCsvFiles) {
  std::vector<FilePart> files;
  for (const auto& entry :
       fs::directory_iterator(fs::path(SAFEGUARD_SOURCE_DIR) / "testdata/ssda903/roundtrip")) {
    files.push_back({"ssda903-files", entry.path().filename().string(), ReadFile(entry.path())});
  }
  h::HttpResult posted =
      PostMultipart(*analyst_, "/returns/ssda903", {{"ssda903-year", "2025"}}, files);
  ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 2000);
  const int64_t check = JobId(posted.Header("location"));
  ASSERT_TRUE(Contains(WaitForJobPage(*analyst_, check).body, "data-state=\"succeeded\""));
  h::HttpResult findings = Findings(check);
  ASSERT_EQ(findings.status, 200) << findings.body.substr(0, 2000);
  EXPECT_TRUE(Contains(findings.body, "SSDA903 return 2024 to 2025"));
  EXPECT_TRUE(Contains(findings.body, "Import this file"));

  const int64_t episodes_before = server_.CountRows("care_episodes");
  h::HttpResult started = analyst_->PostForm(fmt::format("/returns/{}/import", check), {});
  ASSERT_EQ(started.status, 303) << started.body;
  h::HttpResult done = WaitForJobPage(*analyst_, JobId(started.Header("location")));
  ASSERT_TRUE(Contains(done.body, "SSDA903 return imported")) << done.body;
  EXPECT_TRUE(Contains(done.body, "<dt class=\"govuk-summary-list__key\">Care episodes</dt>"));
  EXPECT_GT(server_.CountRows("care_episodes"), episodes_before);
}

// ---- the job page ------------------------------------------------------------------

TEST_F(PagesReturnsTest, AJobPageShowsALabelledProgressBarWhileTheJobRuns) {
  // A census of a few thousand children takes the job thread long enough
  // that the page asked for at once finds it queued or running.
  const std::string census = Sample(kCensusWithErrors);
  const size_t open = census.find("<Child>");
  const size_t close = census.find("</Children>");
  ASSERT_NE(open, std::string::npos);
  std::string big = census.substr(0, open);
  const std::string child = census.substr(open, close - open);
  for (int i = 0; i < 6000; ++i) big += child;
  big += census.substr(close);
  h::HttpResult posted =
      PostMultipart(*analyst_, "/returns/cin", {}, {{"cin-file", "big.xml", big}});
  ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 2000);
  const int64_t job = JobId(posted.Header("location"));

  h::HttpResult page = analyst_->Get(fmt::format("/jobs/{}", job));
  ASSERT_EQ(page.status, 200);
  ASSERT_FALSE(Contains(page.body, "data-state=\"succeeded\"")) << "the job ended too soon";
  EXPECT_TRUE(Contains(page.body, "Checking the CIN census file"));
  EXPECT_TRUE(Contains(page.body, "data-module=\"app-job-progress\""));
  EXPECT_TRUE(Contains(page.body, fmt::format("data-status-url=\"/api/v1/jobs/{}\"", job)));
  EXPECT_TRUE(Contains(page.body,
                       "<label class=\"govuk-label govuk-label--s\" "
                       "for=\"job-progress\">Progress</label>"));
  EXPECT_TRUE(Contains(page.body, "<progress id=\"job-progress\""));
  EXPECT_TRUE(Contains(page.body, "id=\"job-stage\" aria-live=\"polite\""));
  EXPECT_TRUE(Contains(page.body, fmt::format("<form method=\"get\" action=\"/jobs/{}\"", job)));
  EXPECT_TRUE(Contains(page.body, "Check progress</button>"));
  EXPECT_FALSE(Contains(page.body, "http-equiv=\"refresh\""));
  EXPECT_EQ(page.Header("cache-control"), "no-store");
  // The findings are not there yet: the findings page sends the user back.
  h::HttpResult early = Findings(job);
  EXPECT_EQ(early.status, 303);
  EXPECT_EQ(early.Header("location"), fmt::format("/jobs/{}", job));

  h::HttpResult done = WaitForJobPage(*analyst_, job);
  EXPECT_TRUE(Contains(done.body, "The check found "));
}

TEST_F(PagesReturnsTest, AReportJobsFileDownloadsFromItsPage) {
  h::HttpResult accepted =
      analyst_->Post("/api/v1/reports/annual", {{"year", 2025}, {"format", "html"}});
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const int64_t job = accepted.json()["job"]["id"].get<int64_t>();
  h::HttpResult done = WaitForJobPage(*analyst_, job);
  ASSERT_TRUE(Contains(done.body, "Annual report ready")) << done.body;
  EXPECT_TRUE(Contains(done.body, fmt::format("href=\"/jobs/{}/result\" download>Download the "
                                              "annual report (HTML)</a>",
                                              job)));
  EXPECT_TRUE(Contains(done.body, "href=\"/reports/annual\">Back to the annual report"));

  h::HttpResult file = analyst_->Get(fmt::format("/jobs/{}/result", job));
  ASSERT_EQ(file.status, 200) << file.body.substr(0, 300);
  EXPECT_TRUE(file.Header("content-type").starts_with("text/html")) << file.Header("content-type");
  EXPECT_EQ(file.Header("content-disposition"),
            "attachment; filename=\"annual-report-2024-25.html\"");
}

// ---- who may ----------------------------------------------------------------------

TEST_F(PagesReturnsTest, ASocialWorkerIsRefused) {
  h::Client worker = server_.SignedIn(server_.users().social_worker);
  h::HttpResult page = worker.Get("/returns");
  EXPECT_EQ(page.status, 403);
  EXPECT_TRUE(Contains(page.body, "You cannot see this page"));
  EXPECT_TRUE(Contains(page.body, "may not import a statutory return"));
  EXPECT_FALSE(Contains(page.body, "type=\"file\""));
  h::HttpResult posted = PostMultipart(worker, "/returns/cin", {},
                                       {{"cin-file", "census.xml", Sample(kPassingCensus)}});
  EXPECT_EQ(posted.status, 403) << posted.body;

  // Nor may anyone follow another user's check: the job is the analyst's.
  const int64_t job = CheckCensus(Sample(kPassingCensus));
  EXPECT_EQ(worker.Get(fmt::format("/returns/{}/findings", job)).status, 403);
  EXPECT_EQ(worker.PostForm(fmt::format("/returns/{}/import", job), {}).status, 403);
  h::Client admin = server_.SignedIn(server_.users().admin);
  EXPECT_EQ(admin.Get("/returns").status, 200);
  EXPECT_EQ(admin.Get(fmt::format("/returns/{}/findings", job)).status, 404);
  EXPECT_EQ(admin.Get(fmt::format("/jobs/{}", job)).status, 404);
  EXPECT_EQ(admin.PostForm(fmt::format("/returns/{}/import", job), {}).status, 404);
}

TEST_F(PagesReturnsTest, SignedOutTheReturnsPageAsksToSignIn) {
  h::Client nobody = server_.NewClient();
  h::HttpResult r = nobody.Get("/returns");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("location"), "/sign-in?next=%2Freturns");
}

}  // namespace
