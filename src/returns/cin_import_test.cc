// Importing CIN census files: a file lands whole, with its audit row, or not
// at all; importing again changes nothing; a later file updates what it
// knows better; what the records cannot hold is left out with a warning.
#include "returns/cin_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace sg::returns {
namespace {

namespace fs = std::filesystem;
using core::Code;
using testing::HasSubstr;

// A census file for `year` (reference date 31 March of that year).
std::string Cin(int year, std::string_view children) {
  std::string y = std::to_string(year);
  std::string xml;
  xml += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<Message>\n";
  xml += "  <Header>\n";
  xml += "    <CollectionDetails><Collection>CIN</Collection><Year>" + y +
         "</Year><ReferenceDate>" + y + "-03-31</ReferenceDate></CollectionDetails>\n";
  xml +=
      "    <Source><SourceLevel>L</SourceLevel><LEA>895</LEA><SoftwareCode>Test"
      "</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>" +
      y + "-04-01T09:00:00</DateTime></Source>\n";
  xml += "  </Header>\n";
  xml += "  <Children>\n";
  xml += children;
  xml += "  </Children>\n";
  xml += "</Message>\n";
  return xml;
}

// A child born in 2020 with one episode referred on 2024-06-01; `episode`
// adds to the CINdetails, `identifiers` replaces the birth date.
std::string ChildXml(
    std::string_view id, std::string_view episode = "",
    std::string_view identifiers = "        <PersonBirthDate>2020-01-01</PersonBirthDate>\n") {
  std::string xml;
  xml += "    <Child>\n";
  xml += "      <ChildIdentifiers>\n";
  xml += "        <LAchildID>" + std::string(id) + "</LAchildID>\n";
  xml += "        <UPNunknown>UN1</UPNunknown>\n";
  xml += identifiers;
  xml += "        <Sex>F</Sex>\n";
  xml += "      </ChildIdentifiers>\n";
  xml += "      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>\n";
  xml += "      <CINdetails>\n";
  xml += "        <CINreferralDate>2024-06-01</CINreferralDate>\n";
  xml += "        <ReferralSource>1A</ReferralSource>\n";
  xml += "        <PrimaryNeedCode>N1</PrimaryNeedCode>\n";
  xml += episode;
  xml += "        <ReferralNFA>0</ReferralNFA>\n";
  xml += "      </CINdetails>\n";
  xml += "    </Child>\n";
  return xml;
}

// The line of the first occurrence of `needle` in `text`.
uint32_t LineOf(const std::string& text, std::string_view needle) {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class CinImportTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_cin_import_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db =
        store::OpenSqlite((dir_ / "safeguard.db").string(), store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    gate_ = std::make_unique<access::Gate>(*db_, clock_);
  }
  void TearDown() override {
    gate_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string Write(const std::string& name, std::string_view bytes) {
    fs::path file = dir_ / name;
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file.string();
  }

  core::Result<CinImportSummary> Import(const std::string& path) {
    return ImportCinFile(*gate_, actor_, path, {});
  }
  // Writes `xml` to a file and imports it, expecting success.
  CinImportSummary ImportOk(const std::string& name, const std::string& xml) {
    auto done = Import(Write(name, xml));
    EXPECT_TRUE(done) << done.error().message();
    return done ? *done : CinImportSummary{};
  }

  int64_t Count(std::string_view sql) { return db_->QueryInt(sql, {}).value_or(-1); }
  std::string Text(std::string_view sql) {
    std::string out = "(no row)";
    auto s = db_->Query(sql, {}, [&](const store::Row& row) -> core::Status {
      out = row.IsNull(0) ? "NULL" : row.String(0);
      return {};
    });
    EXPECT_TRUE(s) << s.error().message();
    return out;
  }

  // Nothing of any file is stored, and no import was audited.
  void ExpectNothingStored() {
    EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM referrals"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM assessments"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM person_disabilities"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM settings WHERE key = 'la_number'"), 0);
  }

  fs::path dir_;
  core::FixedClock clock_{core::Date::FromYmd(2026, 5, 1)};
  access::Actor actor_ = access::Actor::System("test", "purpose");
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<access::Gate> gate_;
};

fs::path Fixture8606() {
  return fs::path(SG_TESTDATA_DIR) / "cin" / "rules" / "8606.xml";
}

TEST_F(CinImportTest, ValidFileImportsEveryChildWithOneAuditRow) {
  auto done = Import(Fixture8606().string());
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(done->collection_year, 2026);
  EXPECT_EQ(done->children, 4u);
  EXPECT_EQ(done->referrals, 4u);
  EXPECT_GT(done->rows_added, 0);
  EXPECT_EQ(done->warnings_total, 0u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM referrals"), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 1);
  EXPECT_EQ(Text("SELECT entity_id FROM audit_log"), "8606.xml");
  EXPECT_EQ(Text("SELECT value FROM settings WHERE key = 'la_number'"), "895");
  EXPECT_EQ(Text("SELECT sex FROM persons WHERE la_child_id = 'FAIL281days'"), "M");
  EXPECT_EQ(Text("SELECT expected_birth_date FROM persons WHERE la_child_id = "
                 "'PASSunbornInTime'"),
            "2026-04-30");
}

TEST_F(CinImportTest, EveryModuleOfARealSampleIsStored) {
  auto done =
      Import((fs::path(SG_TESTDATA_DIR) / "cin" / "samples" / "liia_cin-2022.xml").string());
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(done->children, 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM person_disabilities"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM referrals"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM assessments"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM assessment_factors"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cin_plans"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM section47_enquiries"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cp_plans"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cp_reviews"), 1);
  EXPECT_EQ(Text("SELECT previous_plans FROM cp_plans"), "10");
  EXPECT_EQ(Text("SELECT closure_reason FROM referrals"), "RC1");
  EXPECT_EQ(Text("SELECT former_upn FROM persons"), "X98765432123B");
}

TEST_F(CinImportTest, ImportingTheSameFileTwiceAddsNoRows) {
  auto first = Import(Fixture8606().string());
  ASSERT_TRUE(first) << first.error().message();
  ASSERT_GT(first->rows_added, 0);
  auto second = Import(Fixture8606().string());
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(second->rows_added, 0);
  EXPECT_EQ(second->rows_updated, 0);
  EXPECT_EQ(second->children, 4u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM referrals"), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 2);  // each import is audited
}

TEST_F(CinImportTest, FileWhoseLastChildIsTruncatedStoresNothing) {
  std::string xml = Slurp(Fixture8606());
  ASSERT_FALSE(xml.empty());
  size_t last_child = xml.rfind("<Child>");
  xml.resize(xml.find("<CINreferralDate>", last_child) + 10);  // cut inside the tag name
  auto done = Import(Write("truncated.xml", xml));
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(done.error().message(), HasSubstr("truncated.xml"));
  ExpectNothingStored();
}

TEST_F(CinImportTest, FileCutInsideTheTextOfTheLastChildStoresNothing) {
  std::string xml = Cin(2025, ChildXml("ONE") + ChildXml("TWO") + ChildXml("THREE"));
  xml.resize(xml.find("<LAchildID>THREE") + 14);
  auto done = Import(Write("cut.xml", xml));
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), Code::kInvalidArgument);
  ExpectNothingStored();
}

TEST_F(CinImportTest, XxeFileStoresNothingAndLeaksNothing) {
  std::string xml = Cin(2025, ChildXml("&xxe;"));
  xml.insert(xml.find("<Message>"),
             "<!DOCTYPE Message [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n");
  auto done = Import(Write("xxe.xml", xml));
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(done.error().message(), HasSubstr("DOCTYPE"));
  EXPECT_THAT(done.error().message(), testing::Not(HasSubstr("root:")));
  ExpectNothingStored();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons WHERE la_child_id LIKE '%root%'"), 0);
}

TEST_F(CinImportTest, UnknownYearStoresNothing) {
  auto done = Import(Write("2027.xml", Cin(2027, ChildXml("A"))));
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), Code::kOutOfRange);
  ExpectNothingStored();
}

TEST_F(CinImportTest, MissingFileIsNotFoundAndStoresNothing) {
  auto done = Import((dir_ / "absent.xml").string());
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), Code::kNotFound);
  ExpectNothingStored();
}

TEST_F(CinImportTest, LaterYearsFileUpdatesAClosureDate) {
  ImportOk("2025.xml", Cin(2025, ChildXml("A")));
  ASSERT_EQ(Text("SELECT closure_date FROM referrals"), "NULL");

  auto later = ImportOk("2026.xml",
                        Cin(2026, ChildXml("A",
                                           "        <CINclosureDate>2025-09-30</CINclosureDate>\n"
                                           "        <ReasonForClosure>RC1</ReasonForClosure>\n")));
  EXPECT_EQ(later.rows_added, 0);
  EXPECT_GE(later.rows_updated, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM referrals"), 1);
  EXPECT_EQ(Text("SELECT closure_date FROM referrals"), "2025-09-30");
  EXPECT_EQ(Text("SELECT closure_reason FROM referrals"), "RC1");
}

TEST_F(CinImportTest, BlankClosureDoesNotEraseAClosureAfterTheFilesReferenceDate) {
  ImportOk("2026.xml", Cin(2026, ChildXml("A",
                                          "        <CINclosureDate>2025-09-30</CINclosureDate>\n"
                                          "        <ReasonForClosure>RC1</ReasonForClosure>\n")));
  // The 2025 file (reference date 2025-03-31) was made before the closure.
  auto earlier = ImportOk("2025.xml", Cin(2025, ChildXml("A")));
  EXPECT_EQ(earlier.rows_added, 0);
  EXPECT_EQ(Text("SELECT closure_date FROM referrals"), "2025-09-30");
  EXPECT_EQ(Text("SELECT closure_reason FROM referrals"), "RC1");
}

TEST_F(CinImportTest, BlankClosureClearsAClosureOnTheFilesReferenceDate) {
  // A closure on or before the reference date that the file no longer shows
  // is cleared: the file is then the better witness.
  ImportOk("first.xml", Cin(2025, ChildXml("A",
                                           "        <CINclosureDate>2025-03-31</CINclosureDate>\n"
                                           "        <ReasonForClosure>RC1</ReasonForClosure>\n")));
  ASSERT_EQ(Text("SELECT closure_date FROM referrals"), "2025-03-31");
  auto corrected = ImportOk("corrected.xml", Cin(2025, ChildXml("A")));
  EXPECT_GE(corrected.rows_updated, 1);
  EXPECT_EQ(Text("SELECT closure_date FROM referrals"), "NULL");
  EXPECT_EQ(Text("SELECT closure_reason FROM referrals"), "NULL");
}

TEST_F(CinImportTest, ChildWithNoBirthDatesIsSkippedWithAWarningNamingItsLine) {
  std::string xml = Cin(2025, ChildXml("NOBIRTH", "", "") + ChildXml("GOOD"));
  auto done = ImportOk("nobirth.xml", xml);
  EXPECT_EQ(done.children, 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), 1);
  EXPECT_EQ(Text("SELECT la_child_id FROM persons"), "GOOD");
  ASSERT_EQ(done.warnings_total, 1u);
  ASSERT_EQ(done.warnings.size(), 1u);
  std::string line = "line " + std::to_string(LineOf(xml, "<Child>")) + ":";
  EXPECT_THAT(done.warnings[0], testing::StartsWith(line));
  EXPECT_THAT(done.warnings[0], HasSubstr("NOBIRTH"));
  EXPECT_THAT(done.warnings[0], HasSubstr("PersonBirthDate"));
}

TEST_F(CinImportTest, ChildWithOnlyAnInvalidBirthDateIsSkippedToo) {
  std::string xml =
      Cin(2025, ChildXml("BADDATE", "", "        <PersonBirthDate>2020-02-30</PersonBirthDate>\n"));
  auto done = ImportOk("baddate.xml", xml);
  EXPECT_EQ(done.children, 0u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM persons"), 0);
  ASSERT_EQ(done.warnings.size(), 1u);
  EXPECT_THAT(done.warnings[0], HasSubstr("BADDATE"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 1);  // the import itself happened
}

TEST_F(CinImportTest, AssessmentAuthorisedBeforeItsStartKeepsTheStartAndDropsTheDate) {
  std::string xml = Cin(
      2025, ChildXml("A",
                     "        <Assessments>\n"
                     "          <AssessmentActualStartDate>2024-07-10</AssessmentActualStartDate>\n"
                     "          <AssessmentAuthorisationDate>2024-07-01"
                     "</AssessmentAuthorisationDate>\n"
                     "        </Assessments>\n"));
  auto done = ImportOk("assessment.xml", xml);
  EXPECT_EQ(done.assessments, 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM assessments"), 1);
  EXPECT_EQ(Text("SELECT start_date FROM assessments"), "2024-07-10");
  EXPECT_EQ(Text("SELECT authorisation_date FROM assessments"), "NULL");
  ASSERT_EQ(done.warnings.size(), 1u);
  std::string line = "line " + std::to_string(LineOf(xml, "<AssessmentAuthorisationDate>")) + ":";
  EXPECT_THAT(done.warnings[0], testing::StartsWith(line));
  EXPECT_THAT(done.warnings[0], HasSubstr("AssessmentAuthorisationDate 2024-07-01"));
  EXPECT_THAT(done.warnings[0], HasSubstr("2024-07-10"));
}

TEST_F(CinImportTest, AssessmentAuthorisedOnItsStartDayIsKept) {
  auto done = ImportOk(
      "sameday.xml",
      Cin(2025,
          ChildXml("A",
                   "        <Assessments>\n"
                   "          <AssessmentActualStartDate>2024-07-10</AssessmentActualStartDate>\n"
                   "          <AssessmentAuthorisationDate>2024-07-10"
                   "</AssessmentAuthorisationDate>\n"
                   "        </Assessments>\n")));
  EXPECT_EQ(done.warnings_total, 0u);
  EXPECT_EQ(Text("SELECT authorisation_date FROM assessments"), "2024-07-10");
}

}  // namespace
}  // namespace sg::returns
