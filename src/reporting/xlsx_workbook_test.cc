#include "reporting/xlsx_workbook.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace sg::reporting {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class XlsxWorkbookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_xlsx_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // A member of the zip, through `unzip -p`; nullopt if unzip is missing.
  static std::optional<std::string> Unzip(const fs::path& zip, const std::string& member) {
    if (std::system("command -v unzip >/dev/null 2>&1") != 0) return std::nullopt;
    const std::string command = "unzip -p '" + zip.string() + "' '" + member + "'";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return std::nullopt;
    std::string out;
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    pclose(pipe);
    return out;
  }

  size_t FilesInDir() const {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }

  fs::path dir_;
};

Table AssessmentTable() {
  Table table;
  table.columns = {{"Local authority", "", 0},
                   {"2019-20", "0.0", 0},
                   {"2020-21", "0.0", 0},
                   {"Children", "#,##0", 0}};
  table.rows = {{std::string("Cheshire East"), 86.0, 74.0, 2082.0},
                {std::string("England"), 84.0, Cell{}, 389260.0},
                {std::string("Statistical neighbours & <others>"), Cell{}, 81.5, Cell{}}};
  return table;
}

TEST_F(XlsxWorkbookTest, WritesSheetsWithNumbersNullsAndBoldHeaders) {
  const fs::path path = dir_ / "scorecard.xlsx";
  auto workbook = Workbook::Create(path);
  ASSERT_TRUE(workbook) << workbook.error().message();
  auto sheet = workbook->AddSheet("Assessments");
  ASSERT_TRUE(sheet);
  ASSERT_TRUE(sheet->WriteText(0, "Assessments completed within 45 days", /*bold=*/true));
  auto next = sheet->WriteTable(2, AssessmentTable());
  ASSERT_TRUE(next) << next.error().message();
  EXPECT_EQ(*next, 6u);  // header at row 2, three rows after it
  ASSERT_TRUE(sheet->WriteText(*next + 1, "Source: DfE children in need statistics"));
  auto second = workbook->AddSheet("Child protection: plans [2020/21]");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->name(), "Child protection plans 2020-21");
  ASSERT_TRUE(second->WriteTable(0, AssessmentTable()));
  ASSERT_TRUE(workbook->Close());

  const std::string bytes = ReadFile(path);
  ASSERT_GE(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_THAT(bytes, HasSubstr("xl/worksheets/sheet1.xml"));
  EXPECT_THAT(bytes, HasSubstr("xl/worksheets/sheet2.xml"));
  EXPECT_EQ(FilesInDir(), 1u) << "no temporary file is left behind";

  const auto workbook_xml = Unzip(path, "xl/workbook.xml");
  if (!workbook_xml) GTEST_SKIP() << "unzip is not installed: contents not checked";
  EXPECT_THAT(*workbook_xml, HasSubstr("name=\"Assessments\""));
  EXPECT_THAT(*workbook_xml, HasSubstr("name=\"Child protection plans 2020-21\""));
  const std::string sheet1 = *Unzip(path, "xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet1, HasSubstr("<c r=\"D4\" s=\"3\"><v>2082</v></c>"));
  EXPECT_THAT(sheet1, HasSubstr("<c r=\"B4\" s=\"2\"><v>86</v></c>"));
  EXPECT_THAT(sheet1, Not(HasSubstr("r=\"C5\"")));  // a null is an empty cell, not 0
  EXPECT_THAT(sheet1, HasSubstr("<cols>"));
  const std::string strings = *Unzip(path, "xl/sharedStrings.xml");
  EXPECT_THAT(strings, HasSubstr("Statistical neighbours &amp; &lt;others&gt;"));
  const std::string styles = *Unzip(path, "xl/styles.xml");
  EXPECT_THAT(styles, HasSubstr("<b/>"));
  EXPECT_THAT(styles, HasSubstr("formatCode=\"0.0\""));
}

TEST_F(XlsxWorkbookTest, DuplicateSheetNamesAreMadeUnique) {
  auto workbook = Workbook::Create(dir_ / "dupes.xlsx");
  ASSERT_TRUE(workbook);
  EXPECT_EQ(workbook->AddSheet("Rates")->name(), "Rates");
  EXPECT_EQ(workbook->AddSheet("rates")->name(), "rates (2)");
  EXPECT_EQ(workbook->AddSheet("RATES")->name(), "RATES (3)");
  ASSERT_TRUE(workbook->Close());
}

TEST_F(XlsxWorkbookTest, NoFileWithoutClose) {
  {
    auto workbook = Workbook::Create(dir_ / "abandoned.xlsx");
    ASSERT_TRUE(workbook);
    ASSERT_TRUE(workbook->AddSheet("One")->WriteTable(0, AssessmentTable()));
  }
  EXPECT_EQ(FilesInDir(), 0u);
}

TEST_F(XlsxWorkbookTest, CloseTwiceFails) {
  auto workbook = Workbook::Create(dir_ / "twice.xlsx");
  ASSERT_TRUE(workbook);
  ASSERT_TRUE(workbook->AddSheet("One"));
  ASSERT_TRUE(workbook->Close());
  const auto again = workbook->Close();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::Code::kFailedPrecondition);
  EXPECT_FALSE(workbook->AddSheet("Two"));
}

TEST_F(XlsxWorkbookTest, MissingDirectoryFailsAtCreate) {
  const auto workbook = Workbook::Create(dir_ / "no-such-dir" / "x.xlsx");
  ASSERT_FALSE(workbook);
  EXPECT_EQ(workbook.error().code(), core::Code::kUnavailable);
  EXPECT_THAT(workbook.error().message(), HasSubstr("no-such-dir"));
}

TEST_F(XlsxWorkbookTest, FailedWriteLeavesTargetUntouchedAndReportsLibraryError) {
  const fs::path sub = dir_ / "sub";
  fs::create_directory(sub);
  const fs::path path = sub / "gone.xlsx";
  auto workbook = Workbook::Create(path);
  ASSERT_TRUE(workbook);
  ASSERT_TRUE(workbook->AddSheet("One"));
  fs::remove_all(sub);  // the directory disappears before the file is written
  const auto closed = workbook->Close();
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code(), core::Code::kUnavailable);
  EXPECT_THAT(closed.error().message(), HasSubstr("gone.xlsx"));
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(XlsxWorkbookTest, TextLongerThanExcelAllowsIsRefusedNamingTheCell) {
  auto workbook = Workbook::Create(dir_ / "long.xlsx");
  ASSERT_TRUE(workbook);
  auto sheet = workbook->AddSheet("Long");
  Table table;
  table.columns = {{"A", "", 0}, {"B", "", 0}};
  table.rows = {{std::string("ok"), std::string(40000, 'x')}};
  const auto written = sheet->WriteTable(0, table);
  ASSERT_FALSE(written);
  EXPECT_THAT(written.error().message(), HasSubstr("cell B2 of sheet 'Long'"));
}

TEST_F(XlsxWorkbookTest, ExplicitWidthsAndNonFiniteNumbers) {
  const fs::path path = dir_ / "widths.xlsx";
  auto workbook = Workbook::Create(path);
  ASSERT_TRUE(workbook);
  Table table;
  table.columns = {{"Name", "", 42}, {"Value", "", 0}};
  table.rows = {{std::string("NaN"), std::numeric_limits<double>::quiet_NaN()}};
  ASSERT_TRUE(workbook->AddSheet("W")->WriteTable(0, table));
  ASSERT_TRUE(workbook->Close());
  const auto sheet = Unzip(path, "xl/worksheets/sheet1.xml");
  if (!sheet) GTEST_SKIP() << "unzip is not installed";
  EXPECT_THAT(*sheet, HasSubstr("width=\"42.7109375\""));  // Excel's padding added
  EXPECT_THAT(*sheet, Not(HasSubstr("r=\"B2\"")));
}

// --- Sheet names --------------------------------------------------------------

TEST(ExcelSheetNameTest, ForbiddenCharactersAreReplaced) {
  EXPECT_EQ(ExcelSheetName("Rates: CIN [per 10k]", {}), "Rates CIN per 10k");
  EXPECT_EQ(ExcelSheetName("2020/21 \\ Q4", {}), "2020-21 - Q4");
  EXPECT_EQ(ExcelSheetName("What?*", {}), "What");
  EXPECT_EQ(ExcelSheetName("tab\there", {}), "tab here");
}

TEST(ExcelSheetNameTest, CutToThirtyOneCharacters) {
  const std::string name =
      ExcelSheetName("Children looked after at 31 March by placement type", {});
  EXPECT_EQ(name, "Children looked after at 31 Mar");
  EXPECT_EQ(name.size(), 31u);
}

TEST(ExcelSheetNameTest, CutNeverSplitsACharacter) {
  const std::string name = ExcelSheetName(std::string(30, 'a') + "éé", {});
  EXPECT_EQ(name, std::string(30, 'a') + "é");
  // A character outside the basic plane counts two, as in Excel.
  EXPECT_EQ(ExcelSheetName(std::string(30, 'a') + "😀", {}), std::string(30, 'a'));
}

TEST(ExcelSheetNameTest, EmptyAndApostrophesAndHistory) {
  EXPECT_EQ(ExcelSheetName("", {}), "Sheet");
  EXPECT_EQ(ExcelSheetName("[]:", {}), "Sheet");
  EXPECT_EQ(ExcelSheetName("'quoted'", {}), "quoted");
  EXPECT_EQ(ExcelSheetName("History", {}), "History (2)");
}

TEST(ExcelSheetNameTest, UniqueIgnoringCaseWithinThirtyOne) {
  const std::vector<std::string> taken = {"Children looked after at 31 Mar",
                                          "Children looked after at 31 (2)"};
  EXPECT_EQ(ExcelSheetName("children looked after at 31 March", taken),
            "children looked after at 31 (3)");
  EXPECT_EQ(ExcelSheetName("children looked after at 31 March", taken).size(), 31u);
}

}  // namespace
}  // namespace sg::reporting
