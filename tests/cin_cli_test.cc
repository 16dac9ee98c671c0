// End-to-end tests of the CIN census commands of the `safeguard` program:
// `import cin`, `export cin` and `validate cin`. Each test runs the real
// binary in a fresh temporary directory and checks its output, exit status
// and what it leaves on disk. The demo authority (two years) and its census
// export are built at most once per run of the suite, by the first test that
// needs them (ctest runs each test in its own process, so the tests that do
// not need the demo do without it); the others use small crafted returns.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

#include "cli_harness.h"

namespace {

using namespace sg::testing;  // NOLINT: the harness is this file's vocabulary

// The demo runs to this day and every export is made "on" it, so that the
// header's DateTime is the same from run to run.
constexpr const char* kToday = "2026-11-26";
constexpr const char* kYear = "2026";  // the census of 31 March 2026

fs::path Sample(const std::string& name) {
  return fs::path(SAFEGUARD_SOURCE_DIR) / "testdata" / "cin" / "samples" / name;
}

// The tables a CIN import writes to.
const std::vector<std::string> kCensusTables = {"persons",   "referrals",           "assessments",
                                                "cin_plans", "section47_enquiries", "icpcs",
                                                "cp_plans",  "cp_reviews"};

std::map<std::string, long long> CensusCounts(const fs::path& db) {
  Sql sql(db);
  std::map<std::string, long long> counts;
  for (const auto& t : kCensusTables) counts[t] = sql.Count(t);
  return counts;
}

long long Persons(const fs::path& db) {
  return Sql(db).Count("persons");
}

// RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else if (c != '\r') {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted CSV field";
  if (any) {
    ADD_FAILURE() << "the CSV does not end with a newline";
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

bool HasLineColumn(const std::string& text) {
  static const std::regex kLineColumn(R"(\b\d+:\d+\b)");
  return std::regex_search(text, kLineColumn);
}

constexpr const char* kReturnHead = R"(<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CIN</Collection>
      <Year>2026</Year>
      <ReferenceDate>2026-03-31</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>895</LEA>
      <SoftwareCode>Safeguard</SoftwareCode>
      <Release>1</Release>
      <SerialNo>001</SerialNo>
      <DateTime>2026-11-26T12:00:00</DateTime>
    </Source>
  </Header>
  <Children>
)";
constexpr const char* kReturnTail = "  </Children>\n</Message>\n";

// A child referred in April 2025 and closed "after assessment" with no
// assessment: the rules query it (8825Q) but find no error. `id` is the
// LAchildID as written in XML (so it may hold entity references).
std::string QueryOnlyChild(const std::string& id) {
  return R"(    <Child>
      <ChildIdentifiers>
        <LAchildID>)" +
         id + R"(</LAchildID>
        <PersonBirthDate>2023-04-26</PersonBirthDate>
        <Sex>M</Sex>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>WBRI</Ethnicity>
        <Disabilities>
          <Disability>NONE</Disability>
        </Disabilities>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2025-04-02</CINreferralDate>
        <ReferralSource>6</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode>
        <CINclosureDate>2025-07-22</CINclosureDate>
        <ReasonForClosure>RC8</ReasonForClosure>
        <ReferralNFA>0</ReferralNFA>
      </CINdetails>
    </Child>
)";
}

// A one-child 2025-26 return that the rules only query: the whole-return
// disability queries (2887Q, 2888Q) and the child's 8825Q.
std::string QueryOnlyReturn(const std::string& id = "Q0000001") {
  return kReturnHead + QueryOnlyChild(id) + kReturnTail;
}

// A well-formed return of `n` such children, Q0000001 onwards.
std::string ManyChildReturn(int n) {
  std::string xml = kReturnHead;
  for (int i = 1; i <= n; ++i) {
    std::string id = std::to_string(i);
    xml += QueryOnlyChild("Q" + std::string(7 - id.size(), '0') + id);
  }
  return xml + kReturnTail;
}

class CinCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { suite_dir_ = MakeTempDir("safeguard-cin-suite"); }
  static void TearDownTestSuite() {
    std::error_code ignored;
    if (!suite_dir_.empty()) fs::remove_all(suite_dir_, ignored);
  }

  // Builds the demo authority and exports its 2025-26 census, the first time
  // it is called in this process; false (with census_error_ set) if either
  // failed.
  static bool Census() {
    if (census_tried_) return census_error_.empty();
    census_tried_ = true;
    if (suite_dir_.empty()) {
      census_error_ = "cannot make a temporary directory";
      return false;
    }
    const fs::path io = suite_dir_ / ".io";
    fs::create_directory(io);
    demo_db_ = suite_dir_ / "demo.sqlite";
    census_ = suite_dir_ / "census-2026.xml";
    Outcome demo = RunSafeguard(
        suite_dir_, io,
        {"--today", kToday, "demo", "--db", demo_db_.string(), "--years", "2", "--until", kToday});
    if (demo.status != 0) {
      census_error_ = "demo failed (" + std::to_string(demo.status) + "): " + demo.err;
      return false;
    }
    Outcome exported = RunSafeguard(suite_dir_, io,
                                    {"--today", kToday, "export", "cin", "--db", demo_db_.string(),
                                     "--year", kYear, "-o", census_.string()});
    export_out_ = exported.out;
    if (exported.status != 0 || !fs::exists(census_)) {
      census_error_ = "export failed (" + std::to_string(exported.status) + "): " + exported.err;
      return false;
    }
    census_bytes_ = ReadFile(census_);
    return true;
  }

  void SetUp() override {
    ASSERT_FALSE(suite_dir_.empty());
    dir_ = MakeTempDir("safeguard-cin");
    ASSERT_FALSE(dir_.empty());
    io_ = dir_ / ".io";  // captured output lives apart from the files under test
    fs::create_directory(io_);
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  fs::path Path(const std::string& name) const { return dir_ / name; }
  Outcome Sg(const std::vector<std::string>& args) { return RunSafeguard(dir_, io_, args); }

  // The names in the test directory (the captured output aside).
  std::set<std::string> Listing() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path() != io_) names.insert(entry.path().filename().string());
    }
    return names;
  }

  // A file in the test directory holding `text`.
  fs::path Write(const std::string& name, const std::string& text) {
    WriteFile(Path(name), text);
    return Path(name);
  }
  // A return of 40 children cut off in the middle of the 21st: the 20
  // before the cut are complete.
  fs::path Truncated(const std::string& name) {
    const std::string whole = ManyChildReturn(40);
    size_t at = whole.find("<LAchildID>Q0000021</LAchildID>");
    at = whole.find("<CINreferralDate>", at) + 5;
    return Write(name, whole.substr(0, at));
  }
  // A small database that knows its authority (895), from a one-child return.
  fs::path SmallDatabase(const std::string& name) {
    Write(name + ".xml", QueryOnlyReturn());
    Outcome r = Import(Path(name), {name + ".xml"}, "table");
    EXPECT_EQ(r.status, 0) << r.err;
    return Path(name);
  }

  Outcome Import(const fs::path& db, const std::vector<std::string>& files,
                 const std::string& format = "json") {
    std::vector<std::string> args = {"--today", kToday,      "import",   "cin",
                                     "--db",    db.string(), "--format", format};
    args.insert(args.end(), files.begin(), files.end());
    return Sg(args);
  }
  Outcome Export(const fs::path& db, const std::string& output, const std::string& year = kYear) {
    return Sg(
        {"--today", kToday, "export", "cin", "--db", db.string(), "--year", year, "-o", output});
  }
  Outcome Validate(const std::vector<std::string>& files, const std::string& format = "json") {
    std::vector<std::string> args = {"validate", "cin", "--format", format};
    args.insert(args.end(), files.begin(), files.end());
    return Sg(args);
  }

  static std::vector<json> FindingsOf(const json& report, const std::string& rule) {
    std::vector<json> found;
    for (const auto& f : report["findings"]) {
      if (f["rule"] == rule) found.push_back(f);
    }
    return found;
  }

  static inline fs::path suite_dir_, demo_db_, census_;
  static inline std::string census_bytes_, export_out_, census_error_;
  static inline bool census_tried_ = false;
  fs::path dir_, io_;
};

// ---- round trip ------------------------------------------------------------

TEST_F(CinCliTest, ExportIsSchemaValidAndSurvivesARoundTrip) {
  ASSERT_TRUE(Census()) << census_error_;
  // The export: the demo authority's number and the fixed clock in the header.
  EXPECT_NE(export_out_.find("CIN census 2025-26"), std::string::npos) << export_out_;
  EXPECT_NE(census_bytes_.find("<LEA>895</LEA>"), std::string::npos);
  EXPECT_NE(census_bytes_.find("<DateTime>2026-11-26T"), std::string::npos);
  EXPECT_NE(census_bytes_.find("<Year>2026</Year>"), std::string::npos);
  EXPECT_FALSE(fs::exists(census_.string() + ".partial"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(export_out_, m, std::regex(R"((\d+) children)"))) << export_out_;
  const long long children = std::stoll(m[1]);
  ASSERT_GT(children, 100) << "a two-year demo has children in need";

  // Valid against the 2025-26 schema; the DfE rules may find things in
  // synthetic data, but the structure is sound.
  Outcome v = Validate({census_.string()});
  EXPECT_TRUE(v.status == 0 || v.status == 1) << v.status << ": " << v.err;
  json report = ParseJson(v.out);
  ASSERT_TRUE(report.is_object());
  for (const auto& f : FindingsOf(report, "XSD")) ADD_FAILURE() << "XSD finding: " << f.dump();
  EXPECT_FALSE(report["summary"]["by_rule"].contains("XSD")) << report["summary"].dump();
  EXPECT_EQ(report["summary"]["unreadable_files"], 0);
  EXPECT_EQ(report["summary"]["children"].get<long long>(), children);
  ASSERT_EQ(report["files"].size(), 1u);
  EXPECT_EQ(report["files"][0]["collection_year"], 2026);
  EXPECT_FALSE(report["files"][0].contains("error"));

  // Into an empty database (created by the import).
  const fs::path db = Path("roundtrip.sqlite");
  Outcome imported = Import(db, {census_.string()});
  ASSERT_EQ(imported.status, 0) << imported.err;
  EXPECT_EQ(imported.err, "") << "the export writes only what the import keeps";
  json summary = ParseJson(imported.out);
  ASSERT_EQ(summary["files"].size(), 1u) << imported.out;
  const json& file = summary["files"][0];
  EXPECT_EQ(file["file"], census_.string());
  EXPECT_EQ(file["collection_year"], 2026);
  EXPECT_EQ(file["children"].get<long long>(), children);
  EXPECT_GT(file["rows_added"].get<long long>(), children);
  EXPECT_EQ(file["rows_updated"], 0);
  EXPECT_EQ(file["warnings"], 0);
  EXPECT_EQ(Persons(db), children);

  // And out again, on the same day: the same bytes.
  const fs::path again = Path("again.xml");
  Outcome second = Export(db, again.string());
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(second.out.substr(second.out.find(':')), export_out_.substr(export_out_.find(':')));
  const std::string again_bytes = ReadFile(again);
  EXPECT_EQ(again_bytes.size(), census_bytes_.size());
  EXPECT_TRUE(again_bytes == census_bytes_) << "the round trip changed the census";
  EXPECT_EQ(Listing(), (std::set<std::string>{"again.xml", "roundtrip.sqlite"}))
      << "no staging file may be left behind";

  // The demo's own records, exported again on the same day: the same bytes.
  Outcome copy = Export(demo_db_, "copy.xml");
  ASSERT_EQ(copy.status, 0) << copy.err;
  EXPECT_TRUE(ReadFile(Path("copy.xml")) == census_bytes_);
}

// ---- idempotent import -------------------------------------------------------

TEST_F(CinCliTest, ImportingTheSameFileTwiceChangesNothing) {
  ASSERT_TRUE(Census()) << census_error_;
  const fs::path db = Path("twice.sqlite");
  Outcome first = Import(db, {census_.string()});
  ASSERT_EQ(first.status, 0) << first.err;
  json one = ParseJson(first.out);
  ASSERT_EQ(one["files"].size(), 1u);
  EXPECT_GT(one["files"][0]["rows_added"].get<long long>(), 0);
  const auto counts = CensusCounts(db);
  EXPECT_GT(counts.at("persons"), 0);
  EXPECT_GT(counts.at("referrals"), 0);

  Outcome second = Import(db, {census_.string()});
  ASSERT_EQ(second.status, 0) << second.err;
  json two = ParseJson(second.out);
  ASSERT_EQ(two["files"].size(), 1u);
  EXPECT_EQ(two["files"][0]["rows_added"], 0) << second.out;
  EXPECT_EQ(two["files"][0]["rows_updated"], 0) << second.out;
  EXPECT_EQ(two["files"][0]["children"], one["files"][0]["children"]);
  EXPECT_EQ(CensusCounts(db), counts);

  // The table summary says the same.
  Outcome third = Import(db, {census_.string()}, "table");
  ASSERT_EQ(third.status, 0) << third.err;
  EXPECT_NE(third.out.find("0 rows added, 0 updated"), std::string::npos) << third.out;
  EXPECT_EQ(CensusCounts(db), counts);
}

// ---- validate: JSON and exit statuses -------------------------------------------

TEST_F(CinCliTest, ValidateJsonHasTheDocumentedShape) {
  const std::string sample = Sample("validator_CIN_header_issues_100.xml").string();
  Outcome r = Validate({sample});
  EXPECT_EQ(r.status, 1) << "rule 100 is an error: " << r.err;
  json report = ParseJson(r.out);
  ASSERT_TRUE(report.is_object());
  EXPECT_TRUE(report.contains("findings") && report.contains("files") && report.contains("summary"))
      << r.out;
  ASSERT_TRUE(report["findings"].is_array());
  ASSERT_FALSE(report["findings"].empty());

  const std::set<std::string> keys = {"file",     "rule",   "severity", "la_child_id",
                                      "location", "fields", "message"};
  const std::regex line_column(R"(\d+:\d+)");
  long long errors = 0, queries = 0;
  std::map<std::string, long long> by_rule;
  for (const auto& f : report["findings"]) {
    std::set<std::string> have;
    for (const auto& [key, value] : f.items()) have.insert(key);
    EXPECT_EQ(have, keys) << f.dump();
    EXPECT_EQ(f["file"], sample);
    EXPECT_TRUE(f["rule"].is_string() && !f["rule"].get<std::string>().empty()) << f.dump();
    EXPECT_TRUE(f["severity"] == "error" || f["severity"] == "query") << f.dump();
    EXPECT_TRUE(f["la_child_id"].is_string()) << f.dump();
    EXPECT_TRUE(f["message"].is_string() && !f["message"].get<std::string>().empty()) << f.dump();
    EXPECT_TRUE(f["fields"].is_array()) << f.dump();
    for (const auto& field : f["fields"]) EXPECT_TRUE(field.is_string()) << f.dump();
    ASSERT_TRUE(f["location"].is_string()) << f.dump();
    EXPECT_TRUE(std::regex_match(f["location"].get<std::string>(), line_column)) << f.dump();
    (f["severity"] == "error" ? errors : queries) += 1;
    ++by_rule[f["rule"].get<std::string>()];
  }

  const json& s = report["summary"];
  for (const char* key :
       {"files", "unreadable_files", "children", "errors", "queries", "by_rule"}) {
    EXPECT_TRUE(s.contains(key)) << key << " missing from " << s.dump();
  }
  EXPECT_EQ(s["files"], 1);
  EXPECT_EQ(s["unreadable_files"], 0);
  EXPECT_EQ(s["errors"].get<long long>(), errors);
  EXPECT_EQ(s["queries"].get<long long>(), queries);
  using Counts = std::map<std::string, long long>;
  EXPECT_EQ(s["by_rule"].get<Counts>(), by_rule);
  ASSERT_EQ(report["files"].size(), 1u);
  EXPECT_EQ(report["files"][0]["file"], sample);
  EXPECT_EQ(report["files"][0]["collection_year"], 2023);

  // Rule 100: the header's ReferenceDate (line 6 of the sample) is wrong.
  auto rule100 = FindingsOf(report, "100");
  ASSERT_EQ(rule100.size(), 1u) << r.out;
  EXPECT_EQ(rule100[0]["severity"], "error");
  EXPECT_EQ(rule100[0]["la_child_id"], "");
  EXPECT_TRUE(rule100[0]["location"].get<std::string>().starts_with("6:")) << rule100[0].dump();
  EXPECT_EQ(rule100[0]["fields"], json::array({"ReferenceDate"}));
}

TEST_F(CinCliTest, ValidateFindsQuery2887Q) {
  const std::string sample = Sample("validator_CIN_la_issues_2887Q.xml").string();
  Outcome r = Validate({sample});
  json report = ParseJson(r.out);
  auto found = FindingsOf(report, "2887Q");
  ASSERT_EQ(found.size(), 1u) << r.out;
  EXPECT_EQ(found[0]["severity"], "query");
  EXPECT_EQ(found[0]["la_child_id"], "");
  EXPECT_EQ(found[0]["file"], sample);
  EXPECT_TRUE(FindingsOf(report, "100").empty()) << "this sample's ReferenceDate is right";
  // The sample has error findings too, so the run fails.
  EXPECT_GT(report["summary"]["errors"].get<long long>(), 0);
  EXPECT_EQ(r.status, 1);
}

TEST_F(CinCliTest, ValidateExitStatuses) {
  // Only queries: 0.
  const fs::path queries = Write("queries.xml", QueryOnlyReturn());
  Outcome q = Validate({queries.string()});
  EXPECT_EQ(q.status, 0) << q.out << q.err;
  json qr = ParseJson(q.out);
  EXPECT_EQ(qr["summary"]["errors"], 0) << q.out;
  EXPECT_GT(qr["summary"]["queries"].get<long long>(), 0) << q.out;
  EXPECT_EQ(q.err, "");
  EXPECT_EQ(Validate({queries.string()}, "table").status, 0);

  // An error finding: 1.
  const std::string with_error = Sample("validator_CIN_header_issues_100.xml").string();
  EXPECT_EQ(Validate({with_error}).status, 1);
  EXPECT_EQ(Validate({queries.string(), with_error}, "table").status, 1);

  // A missing file: 2, named on stderr and in the report.
  Outcome missing = Validate({"absent.xml"});
  EXPECT_EQ(missing.status, 2) << missing.err;
  EXPECT_NE(missing.err.find("absent.xml"), std::string::npos) << missing.err;
  json mr = ParseJson(missing.out);
  EXPECT_EQ(mr["summary"]["unreadable_files"], 1);
  ASSERT_EQ(mr["files"].size(), 1u);
  EXPECT_EQ(mr["files"][0]["file"], "absent.xml");
  ASSERT_TRUE(mr["files"][0].contains("error")) << missing.out;
  EXPECT_EQ(mr["files"][0]["error"]["code"], "not_found") << missing.out;

  // A truncated file: 2, with the line and column where reading stopped.
  const fs::path cut = Truncated("cut.xml");
  Outcome truncated = Validate({cut.filename().string()});
  EXPECT_EQ(truncated.status, 2) << truncated.err;
  EXPECT_NE(truncated.err.find("cut.xml"), std::string::npos) << truncated.err;
  EXPECT_TRUE(HasLineColumn(truncated.err)) << truncated.err;
  json tr = ParseJson(truncated.out);
  EXPECT_EQ(tr["summary"]["unreadable_files"], 1);

  // An unreadable file outweighs errors elsewhere in the run.
  EXPECT_EQ(Validate({with_error, "absent.xml"}, "table").status, 2);
  EXPECT_EQ(Validate({queries.string(), cut.string()}, "csv").status, 2);
}

// ---- validate: other formats --------------------------------------------------

TEST_F(CinCliTest, ValidateCsvHasAHeaderAndARowPerFinding) {
  const std::string sample = Sample("validator_CIN_header_issues_100.xml").string();
  json report = ParseJson(Validate({sample}).out);
  ASSERT_FALSE(report["findings"].empty());

  Outcome r = Validate({sample}, "csv");
  EXPECT_EQ(r.status, 1) << r.err;
  ASSERT_TRUE(r.out.starts_with("file,rule,severity,la_child_id,location,fields,message\n"))
      << r.out.substr(0, 200);
  auto rows = ParseCsv(r.out);
  ASSERT_EQ(rows.size(), report["findings"].size() + 1) << r.out;
  for (size_t i = 1; i < rows.size(); ++i) {
    const json& f = report["findings"][i - 1];
    ASSERT_EQ(rows[i].size(), 7u) << "row " << i;
    EXPECT_EQ(rows[i][0], sample);
    EXPECT_EQ(rows[i][1], f["rule"]) << "row " << i;
    EXPECT_EQ(rows[i][2], f["severity"]) << "row " << i;
    EXPECT_EQ(rows[i][3], f["la_child_id"]) << "row " << i;
    EXPECT_EQ(rows[i][4], f["location"]) << "row " << i;
    EXPECT_EQ(rows[i][6], f["message"]) << "row " << i;
  }
}

TEST_F(CinCliTest, ValidateHtmlIsAStandalonePageWithEscapedText) {
  const std::string sample = Sample("validator_CIN_header_issues_100.xml").string();
  json report = ParseJson(Validate({sample}).out);
  Outcome r = Validate({sample}, "html");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(r.out.starts_with("<!DOCTYPE html>")) << r.out.substr(0, 200);
  EXPECT_TRUE(r.out.ends_with("</html>\n"))
      << r.out.substr(r.out.size() - std::min<size_t>(200, r.out.size()));
  EXPECT_NE(r.out.find("<title>"), std::string::npos);
  EXPECT_EQ(r.out.find("<script"), std::string::npos);
  EXPECT_EQ(r.out.find("<link"), std::string::npos) << "a standalone page links to nothing";
  for (const auto& [rule, n] : report["summary"]["by_rule"].items()) {
    EXPECT_NE(r.out.find("<td>" + rule + "</td>"), std::string::npos) << rule;
  }

  // Markup in the file name and in a child's id is shown, not obeyed.
  const std::string name = "a&b<c>\"d.xml";
  Write(name, QueryOnlyReturn("Q&lt;1&amp;2&quot;"));  // the child is Q<1&2"
  json odd = ParseJson(Validate({name}).out);
  auto child_findings = FindingsOf(odd, "8825Q");
  ASSERT_FALSE(child_findings.empty()) << odd.dump();
  EXPECT_EQ(child_findings[0]["la_child_id"], "Q<1&2\"");
  EXPECT_FALSE(FindingsOf(odd, "1580").empty()) << "such an id is an error (rule 1580)";
  Outcome h = Validate({name}, "html");
  EXPECT_EQ(h.status, 1) << h.err;
  EXPECT_NE(h.out.find("a&amp;b&lt;c&gt;&quot;d.xml"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("Q&lt;1&amp;2&quot;"), std::string::npos) << h.out;
  EXPECT_EQ(h.out.find("a&b<c>"), std::string::npos) << h.out;
  EXPECT_EQ(h.out.find("Q<1&2"), std::string::npos) << h.out;
  for (const auto& [rule, n] : odd["summary"]["by_rule"].items()) {
    EXPECT_NE(h.out.find("<td>" + rule + "</td>"), std::string::npos) << rule;
  }
  // And the CSV quotes what needs quoting.
  Outcome c = Validate({name}, "csv");
  auto rows = ParseCsv(c.out);
  ASSERT_EQ(rows.size(), odd["findings"].size() + 1) << c.out;
  bool child_row = false;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 7u) << c.out;
    EXPECT_EQ(rows[i][0], name);
    child_row |= rows[i][3] == "Q<1&2\"";
  }
  EXPECT_TRUE(child_row) << c.out;
}

TEST_F(CinCliTest, UnknownFormatsAreUsageErrors) {
  const std::string sample = Sample("validator_CIN_la_issues_2887Q.xml").string();
  Outcome v = Validate({sample}, "xml");
  EXPECT_EQ(v.status, 64) << v.err;
  EXPECT_TRUE(v.err.starts_with("safeguard: ")) << v.err;
  EXPECT_NE(v.err.find("'xml'"), std::string::npos) << v.err;
  EXPECT_EQ(v.out, "");

  const auto before = Listing();
  Outcome i = Import(Path("never.sqlite"), {sample}, "csv");
  EXPECT_EQ(i.status, 64) << i.err;
  EXPECT_NE(i.err.find("'csv'"), std::string::npos) << i.err;
  EXPECT_EQ(i.out, "");
  EXPECT_EQ(Listing(), before) << "a usage error must not create the database";
}

// ---- import: bad input ----------------------------------------------------------

TEST_F(CinCliTest, TruncatedFileIsRefusedWhole) {
  // Cut in the middle of the children: the twenty before the cut are
  // complete, and none of them may be kept.
  const fs::path cut = Truncated("cut.xml");
  ASSERT_NE(ReadFile(cut).find("</Child>"), std::string::npos);
  const fs::path db = Path("cut.sqlite");
  Outcome r = Import(db, {"cut.xml"}, "table");
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(r.status, 64) << r.err;
  EXPECT_NE(r.err.find("cut.xml"), std::string::npos) << r.err;
  EXPECT_TRUE(HasLineColumn(r.err)) << r.err;
  EXPECT_EQ(r.out, "");
  if (fs::exists(db)) {
    EXPECT_EQ(Persons(db), 0);
  }
}

TEST_F(CinCliTest, DoctypeAndEntitiesAreRefused) {
  const std::string census = QueryOnlyReturn("&lol3;");
  const std::string xml_decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  ASSERT_TRUE(census.starts_with(xml_decl));
  const std::string body = census.substr(xml_decl.size());
  // Entity expansion ("billion laughs"), and an external entity.
  const fs::path bomb =
      Write("bomb.xml", xml_decl +
                            "<!DOCTYPE Message [\n"
                            "  <!ENTITY lol \"lol\">\n"
                            "  <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                            "  <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
                            "]>\n" +
                            body);
  std::string xxe_body = body;
  xxe_body.replace(xxe_body.find("&lol3;"), 6, "&xxe;");
  const fs::path xxe = Write("xxe.xml", xml_decl +
                                            "<!DOCTYPE Message [\n"
                                            "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
                                            "]>\n" +
                                            xxe_body);
  for (const std::string name : {"bomb.xml", "xxe.xml"}) {
    SCOPED_TRACE(name);
    const fs::path db = Path(name + ".sqlite");
    Outcome r = Import(db, {name}, "table");
    EXPECT_NE(r.status, 0);
    EXPECT_EQ(r.status, 64) << r.err;
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("DOCTYPE"), std::string::npos) << r.err;
    EXPECT_TRUE(HasLineColumn(r.err)) << r.err;
    EXPECT_EQ(r.err.find("root:"), std::string::npos) << "the entity was expanded: " << r.err;
    EXPECT_EQ(r.out, "");
    if (fs::exists(db)) {
      EXPECT_EQ(Persons(db), 0);
    }

    Outcome v = Validate({name});
    EXPECT_EQ(v.status, 2) << v.err;
    EXPECT_NE(v.err.find("DOCTYPE"), std::string::npos) << v.err;
    EXPECT_EQ(v.out.find("root:"), std::string::npos);
  }
}

TEST_F(CinCliTest, MissingFileIsNotFound) {
  Outcome r = Import(Path("m.sqlite"), {"absent.xml"}, "table");
  EXPECT_EQ(r.status, 66) << r.err;
  EXPECT_TRUE(r.err.starts_with("safeguard: ")) << r.err;
  EXPECT_NE(r.err.find("absent.xml"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(CinCliTest, EachFileIsItsOwnTransaction) {
  const fs::path good = Write("good.xml", QueryOnlyReturn("GOOD0001"));
  const fs::path bad = Truncated("bad.xml");

  // Good then bad: the good file's child stays; the status is the bad file's.
  const fs::path db = Path("two.sqlite");
  Outcome r = Import(db, {"good.xml", "bad.xml"});
  EXPECT_EQ(r.status, 64) << r.err;
  EXPECT_NE(r.err.find("bad.xml"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("good.xml"), std::string::npos) << r.err;
  json summary = ParseJson(r.out);
  ASSERT_EQ(summary["files"].size(), 2u) << r.out;
  EXPECT_EQ(summary["files"][0]["file"], "good.xml");
  EXPECT_EQ(summary["files"][0]["children"], 1);
  EXPECT_GT(summary["files"][0]["rows_added"].get<long long>(), 0);
  EXPECT_EQ(summary["files"][1]["file"], "bad.xml");
  EXPECT_TRUE(summary["files"][1].contains("error")) << r.out;
  EXPECT_EQ(Persons(db), 1);
  EXPECT_EQ(Sql(db).One("SELECT COUNT(*) FROM persons WHERE la_child_id = 'GOOD0001'"), "1");

  // Bad then good: the bad file does not stop the good one.
  const fs::path db2 = Path("two-reversed.sqlite");
  Outcome r2 = Import(db2, {"bad.xml", "good.xml"}, "table");
  EXPECT_EQ(r2.status, 64) << r2.err;
  EXPECT_NE(r2.out.find("good.xml: CIN census 2025-26: 1 children"), std::string::npos) << r2.out;
  EXPECT_EQ(Persons(db2), 1);
}

// ---- export: bad requests ---------------------------------------------------------

TEST_F(CinCliTest, ExportOfAnUnknownYearWritesNothing) {
  const fs::path db = SmallDatabase("small.sqlite");
  const fs::path kept = Write("kept.xml", "an earlier file\n");
  const auto before = Listing();
  for (const std::string year : {"2030", "2016"}) {
    SCOPED_TRACE(year);
    Outcome r = Export(db, "census.xml", year);
    EXPECT_EQ(r.status, 64) << r.err;
    EXPECT_TRUE(r.err.starts_with("safeguard: ")) << r.err;
    EXPECT_NE(r.err.find(year), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(Listing(), before);

    Outcome over = Export(db, kept.string(), year);
    EXPECT_EQ(over.status, 64) << over.err;
    EXPECT_EQ(ReadFile(kept), "an earlier file\n") << "a refused export must not touch the file";
  }
  EXPECT_EQ(Listing(), before);
}

TEST_F(CinCliTest, ExportToAnUnwritablePathLeavesNoPartialFile) {
  const fs::path db = SmallDatabase("small.sqlite");
  WriteFile(Path("plain.txt"), "not a directory\n");
  fs::create_directory(Path("taken.xml"));  // the target is a directory
  const auto before = Listing();
  for (const std::string target : {"no-such-dir/census.xml", "plain.txt/census.xml", "taken.xml",
                                   "/nonexistent-safeguard-dir/census.xml"}) {
    SCOPED_TRACE(target);
    Outcome r = Export(db, target);
    EXPECT_NE(r.status, 0);
    EXPECT_EQ(r.status, 69) << r.err;
    EXPECT_TRUE(r.err.starts_with("safeguard: ")) << r.err;
    EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(fs::exists(target + ".partial"));
    EXPECT_EQ(Listing(), before);
  }
  EXPECT_TRUE(fs::is_empty(Path("taken.xml")));
  EXPECT_EQ(ReadFile(Path("plain.txt")), "not a directory\n");

  if (::geteuid() != 0) {  // root writes through permissions
    const fs::path locked = Path("locked");
    fs::create_directory(locked);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    Outcome r = Export(db, (locked / "census.xml").string());
    EXPECT_EQ(r.status, 69) << r.err;
    fs::permissions(locked, fs::perms::owner_all);
    EXPECT_TRUE(fs::is_empty(locked));
  }
}

TEST_F(CinCliTest, ExportThatFailsPartWayLeavesNoPartialFile) {
  // A database that does not know its authority's number: the export stops
  // after its staging file is open, and must remove it.
  const fs::path db = Path("bare.sqlite");
  Outcome created = Import(db, {"absent.xml"}, "table");  // creates the database, imports nothing
  ASSERT_EQ(created.status, 66) << created.err;
  ASSERT_TRUE(fs::exists(db));
  const auto before = Listing();
  Outcome r = Export(db, "census.xml");
  EXPECT_EQ(r.status, 65) << r.err;
  EXPECT_NE(r.err.find("--la"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(Path("census.xml")));
  EXPECT_FALSE(fs::exists(Path("census.xml.partial")));
  // WAL side files may come and go; the census may not.
  for (const auto& name : Listing()) {
    EXPECT_TRUE(before.contains(name) || name.starts_with("bare.sqlite")) << name;
  }

  // Given the number, the same database exports an empty census.
  Outcome given = Sg({"--today", kToday, "export", "cin", "--db", db.string(), "--year", kYear,
                      "-o", "census.xml", "--la", "123"});
  EXPECT_EQ(given.status, 0) << given.err;
  EXPECT_NE(ReadFile(Path("census.xml")).find("<LEA>123</LEA>"), std::string::npos);
}

}  // namespace
