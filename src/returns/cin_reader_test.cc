// The CIN census reader: which year governs a file, how leniently values are
// read, where they were, and that children are handed over one at a time.
#include "returns/cin_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace sg::returns {
namespace {

using core::Code;
using testing::ElementsAre;
using testing::HasSubstr;

// Keeps everything the reader hands over.
class Collector : public CinVisitor {
 public:
  core::Status Begin(int collection_year) override {
    began = collection_year;
    return {};
  }
  core::Status Header(const CinHeader& h) override {
    header = h;
    ++headers;
    return {};
  }
  core::Status Child(CinChild&& child) override {
    children.push_back(std::move(child));
    return {};
  }

  int began = 0;
  int headers = 0;
  CinHeader header;
  std::vector<CinChild> children;
};

std::string YearElement(int year) {
  return "<Year>" + std::to_string(year) + "</Year>";
}

// A census file whose header holds `year_element` (which may be anything, or
// nothing). The header takes lines 1 to 7, so the first child starts on
// line 8.
std::string Cin(std::string_view year_element, std::string_view children) {
  std::string xml;
  xml += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<Message>\n";
  xml += "  <Header>\n";
  xml += "    <CollectionDetails><Collection>CIN</Collection>";
  xml += year_element;
  xml += "<ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails>\n";
  xml +=
      "    <Source><SourceLevel>L</SourceLevel><LEA>895</LEA><SoftwareCode>Safeguard"
      "</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>"
      "2024-04-01T09:00:00</DateTime></Source>\n";
  xml += "  </Header>\n";
  xml += "  <Children>\n";
  xml += children;
  xml += "  </Children>\n";
  xml += "</Message>\n";
  return xml;
}

// One child of 11 lines (plus those of `in_episode`): its LAchildID is on
// the third.
std::string ChildXml(std::string_view id, std::string_view in_episode = "") {
  std::string xml;
  xml += "    <Child>\n";
  xml += "      <ChildIdentifiers>\n";
  xml += "        <LAchildID>" + std::string(id) + "</LAchildID>\n";
  xml += "        <PersonBirthDate>2020-01-01</PersonBirthDate>\n";
  xml += "        <Sex>F</Sex>\n";
  xml += "      </ChildIdentifiers>\n";
  xml += "      <CINdetails>\n";
  xml += "        <CINreferralDate>2023-06-01</CINreferralDate>\n";
  xml += "        <ReferralSource>1A</ReferralSource>\n";
  xml += in_episode;
  xml += "      </CINdetails>\n";
  xml += "    </Child>\n";
  return xml;
}

std::string IsoOf(const DateItem& item) {
  return item.date ? item.date->Iso() : "(not a date: '" + item.text + "')";
}

core::Result<CinReadResult> Read(std::string_view xml, Collector& collector,
                                 std::optional<int> year = std::nullopt) {
  CinReadOptions options;
  options.collection_year = year;
  return ReadCinBytes(xml, collector, options);
}

// --- The collection year ---------------------------------------------------

TEST(CinReader, CollectionYearComesFromTheHeader) {
  Collector c;
  auto read = Read(Cin(YearElement(2024), ChildXml("A")), c);
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(read->collection_year, 2024);
  EXPECT_EQ(c.began, 2024);
  EXPECT_EQ(c.header.year.text, "2024");
  EXPECT_EQ(c.headers, 1);
  EXPECT_EQ(read->children, 1u);
}

TEST(CinReader, FirstAndLastSupportedYearsAreRead) {
  for (int year : {kFirstCinYear, kLastCinYear}) {
    Collector c;
    auto read = Read(Cin(YearElement(year), ChildXml("A")), c);
    ASSERT_TRUE(read) << year << ": " << read.error().message();
    EXPECT_EQ(read->collection_year, year);
  }
}

TEST(CinReader, YearOptionOverridesTheHeader) {
  Collector c;
  auto read = Read(Cin(YearElement(2024), ChildXml("A")), c, 2022);
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(read->collection_year, 2022);
  EXPECT_EQ(c.began, 2022);
  EXPECT_EQ(c.header.year.text, "2024");  // the header is still reported as written
}

TEST(CinReader, YearOptionRescuesAHeaderWithoutYear) {
  Collector c;
  auto read = Read(Cin("", ChildXml("A")), c, 2023);
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(read->collection_year, 2023);
  EXPECT_EQ(read->children, 1u);
}

TEST(CinReader, HeaderYearBeforeTheFirstSupportedIsOutOfRange) {
  Collector c;
  auto read = Read(Cin(YearElement(2016), ChildXml("A")), c);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kOutOfRange);
  EXPECT_THAT(read.error().message(), HasSubstr("2016"));
  EXPECT_TRUE(c.children.empty());
}

TEST(CinReader, HeaderYearAfterTheLastSupportedIsOutOfRange) {
  Collector c;
  auto read = Read(Cin(YearElement(2027), ChildXml("A")), c);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kOutOfRange);
  EXPECT_THAT(read.error().message(), HasSubstr("2027"));
  EXPECT_TRUE(c.children.empty());
}

TEST(CinReader, YearOptionOutsideTheSupportedYearsIsOutOfRange) {
  for (int year : {2016, 2027}) {
    Collector c;
    auto read = Read(Cin(YearElement(2024), ChildXml("A")), c, year);
    ASSERT_FALSE(read) << year;
    EXPECT_EQ(read.error().code(), Code::kOutOfRange) << year;
    EXPECT_THAT(read.error().message(), HasSubstr(std::to_string(year)));
    EXPECT_EQ(c.began, 0);
  }
}

TEST(CinReader, MissingYearIsRefusedAskingForTheYear) {
  Collector c;
  auto read = Read(Cin("", ChildXml("A")), c);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(read.error().message(), HasSubstr("<Year>"));
  EXPECT_THAT(read.error().message(), HasSubstr("--year"));
  EXPECT_TRUE(c.children.empty());
}

TEST(CinReader, YearThatIsNotANumberIsRefusedQuotingIt) {
  Collector c;
  auto read = Read(Cin("<Year>abc</Year>", ChildXml("A")), c);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(read.error().message(), HasSubstr("'abc'"));
}

TEST(CinReader, YearWithExtraDigitsOrSpacesIsJudgedByItsDigits) {
  EXPECT_EQ(DetectCinYear("<Year> 2024 </Year>").value_or(0), 2024);
  EXPECT_EQ(DetectCinYear("<Year>\n2024\n</Year>").value_or(0), 2024);
  EXPECT_EQ(DetectCinYear("<Year>20245</Year>").error().code(), Code::kInvalidArgument);
  EXPECT_EQ(DetectCinYear("<Year>202</Year>").error().code(), Code::kInvalidArgument);
  EXPECT_EQ(DetectCinYear("<Year>2024-25</Year>").error().code(), Code::kInvalidArgument);
  EXPECT_EQ(DetectCinYear("<Year></Year>").error().code(), Code::kInvalidArgument);
  EXPECT_EQ(DetectCinYear("<Year>2024").error().code(), Code::kInvalidArgument);
}

TEST(CinReader, YearBeyondTheFirst64KilobytesIsNotFound) {
  // Only the opening 64 KB are searched, so a header pushed past them by a
  // long comment counts as having no year.
  std::string xml = Cin(YearElement(2024), ChildXml("A"));
  xml.insert(xml.find("<Message>"), "<!-- " + std::string(64 * 1024, 'x') + " -->\n");
  Collector c;
  auto read = Read(xml, c);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(read.error().message(), HasSubstr("<Year>"));
}

TEST(CinReader, TextThatIsNotXmlReportsTheXmlErrorBeforeTheMissingYear) {
  Collector c;
  auto read = Read("this is not a census\n", c);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(read.error().message(), testing::StartsWith("1:"));
  EXPECT_THAT(read.error().message(), testing::Not(HasSubstr("<Year>")));
}

TEST(CinReader, EmptyBytesAreRefused) {
  Collector c;
  auto read = Read("", c);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(read.error().message(), HasSubstr("empty"));
}

TEST(CinReader, MissingFileIsNotFound) {
  Collector c;
  auto read = ReadCinFile(std::string(SG_TESTDATA_DIR) + "/cin/no-such-file.xml", c, {});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kNotFound);
}

// --- Values ----------------------------------------------------------------

TEST(CinReader, FlagsAcceptZeroOneTrueFalseInAnyCase) {
  EXPECT_EQ(ParseCinFlag("0"), false);
  EXPECT_EQ(ParseCinFlag("1"), true);
  EXPECT_EQ(ParseCinFlag("true"), true);
  EXPECT_EQ(ParseCinFlag("false"), false);
  EXPECT_EQ(ParseCinFlag("TRUE"), true);
  EXPECT_EQ(ParseCinFlag("False"), false);
  EXPECT_EQ(ParseCinFlag("tRuE"), true);
}

TEST(CinReader, FlagsRefuseEverythingElse) {
  for (std::string_view text :
       {"yes", "no", "Y", "N", "", "2", "01", "-1", "tru", "truee", "false ", " 1"}) {
    EXPECT_EQ(ParseCinFlag(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(CinReader, FlagElementsAreParsedFromTheFile) {
  const std::vector<std::pair<std::string, std::optional<bool>>> cases = {
      {"0", false},   {"1", true},      {"true", true},   {"false", false},
      {"TRUE", true}, {"False", false}, {" true ", true}, {"yes", std::nullopt},
  };
  std::string children;
  for (size_t i = 0; i < cases.size(); ++i) {
    children += ChildXml("C" + std::to_string(i),
                         "        <ReferralNFA>" + cases[i].first + "</ReferralNFA>\n");
  }
  Collector c;
  auto read = Read(Cin(YearElement(2024), children), c);
  ASSERT_TRUE(read) << read.error().message();
  ASSERT_EQ(c.children.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const FlagItem& nfa = c.children[i].episodes.at(0).nfa;
    EXPECT_TRUE(nfa.present()) << cases[i].first;
    EXPECT_EQ(nfa.value, cases[i].second) << "'" << cases[i].first << "'";
  }
  // "yes" is kept as written for the rules to quote.
  EXPECT_EQ(c.children.back().episodes.at(0).nfa.text, "yes");
}

TEST(CinReader, DatesKeepTheirTextAndParseOnlyWhenValid) {
  Collector c;
  auto read = Read(Cin(YearElement(2024),
                       ChildXml("A", "        <CINclosureDate> 2023-02-30 </CINclosureDate>\n")),
                   c);
  ASSERT_TRUE(read) << read.error().message();
  const CinEpisode& e = c.children.at(0).episodes.at(0);
  EXPECT_EQ(e.closure_date.text, "2023-02-30");  // trimmed, kept
  EXPECT_FALSE(e.closure_date.date.has_value());
  EXPECT_TRUE(e.closure_date.present());
  EXPECT_FALSE(e.closure_reason.present());
}

TEST(CinReader, PositionsAreTheLinesOfTheStartTags) {
  Collector c;
  auto read = Read(Cin(YearElement(2024), ChildXml("A") + ChildXml("B")), c);
  ASSERT_TRUE(read) << read.error().message();
  ASSERT_EQ(c.children.size(), 2u);
  // Header on lines 1-7; each child takes 11 lines from line 8.
  EXPECT_EQ(c.children[0].at.line, 8u);
  EXPECT_EQ(c.children[0].la_child_id.at.line, 10u);
  EXPECT_EQ(c.children[0].episodes.at(0).at.line, 14u);
  EXPECT_EQ(c.children[0].episodes.at(0).referral_date.at.line, 15u);
  EXPECT_EQ(c.children[1].at.line, 19u);
  EXPECT_EQ(c.children[1].la_child_id.at.line, 21u);
  EXPECT_GT(c.children[1].la_child_id.at.column, 0u);
  EXPECT_EQ(c.header.year.at.line, 4u);
  EXPECT_EQ(c.header.lea.at.line, 5u);
  // An element the file does not hold is at line 0.
  EXPECT_FALSE(c.children[0].upn.present());
  EXPECT_EQ(c.children[0].upn.at.line, 0u);
}

TEST(CinReader, EveryElementOfARealSampleLandsInTheModel) {
  Collector c;
  auto read = ReadCinFile(std::string(SG_TESTDATA_DIR) + "/cin/samples/liia_cin-2022.xml", c, {});
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(read->collection_year, 2022);
  EXPECT_EQ(read->children, 1u);
  EXPECT_GT(read->bytes, 3000u);

  const CinHeader& h = c.header;
  EXPECT_EQ(h.collection.text, "CIN");
  EXPECT_EQ(h.year.text, "2022");
  EXPECT_EQ(IsoOf(h.reference_date), "2022-03-31");
  EXPECT_EQ(h.source_level.text, "L");
  EXPECT_EQ(h.lea.text, "201");
  EXPECT_EQ(h.software_code.text, "Local Authority");
  EXPECT_EQ(h.release.text, "ver 3.1.21");
  EXPECT_EQ(h.serial_no.text, "001");
  EXPECT_EQ(h.date_time.text, "2022-05-23T11:14:05");
  EXPECT_EQ(h.at.line, 2u);

  ASSERT_EQ(c.children.size(), 1u);
  const CinChild& child = c.children[0];
  EXPECT_EQ(child.at.line, 18u);
  EXPECT_EQ(child.la_child_id.text, "DfEX0000001");
  EXPECT_EQ(child.la_child_id.at.line, 20u);
  EXPECT_EQ(child.upn.text, "A123456789123");
  EXPECT_EQ(child.former_upn.text, "X98765432123B");
  EXPECT_EQ(child.upn_unknown.text, "UN3");
  EXPECT_EQ(IsoOf(child.birth_date), "1966-03-24");
  EXPECT_EQ(IsoOf(child.expected_birth_date), "1966-03-22");
  EXPECT_EQ(child.gender_current.text, "1");
  EXPECT_FALSE(child.sex.present());
  EXPECT_EQ(IsoOf(child.death_date), "1980-10-08");
  EXPECT_EQ(child.ethnicity.text, "WBRI");
  EXPECT_TRUE(child.disabilities_block.line != 0);
  ASSERT_EQ(child.disabilities.size(), 2u);
  EXPECT_EQ(child.disabilities[0].text, "HAND");
  EXPECT_EQ(child.disabilities[1].text, "HEAR");

  ASSERT_EQ(child.episodes.size(), 1u);
  const CinEpisode& e = child.episodes[0];
  EXPECT_EQ(e.at.line, 36u);
  EXPECT_EQ(IsoOf(e.referral_date), "1970-10-06");
  EXPECT_EQ(e.referral_source.text, "1A");
  EXPECT_EQ(e.primary_need.text, "N4");
  EXPECT_EQ(IsoOf(e.closure_date), "1971-02-27");
  EXPECT_EQ(e.closure_reason.text, "RC1");
  EXPECT_EQ(IsoOf(e.icpc_date), "1970-12-06");
  EXPECT_EQ(e.nfa.text, "false");
  EXPECT_EQ(e.nfa.value, false);

  ASSERT_EQ(e.assessments.size(), 1u);
  const CinAssessment& a = e.assessments[0];
  EXPECT_EQ(IsoOf(a.start), "1970-06-03");
  EXPECT_EQ(IsoOf(a.internal_review), "1970-06-22");
  EXPECT_EQ(IsoOf(a.authorised), "1971-07-18");
  EXPECT_NE(a.factors_block.line, 0u);
  ASSERT_EQ(a.factors.size(), 2u);
  EXPECT_EQ(a.factors[0].text, "2A");
  EXPECT_EQ(a.factors[0].at.line, 48u);
  EXPECT_EQ(a.factors[1].text, "2B");

  ASSERT_EQ(e.cin_plans.size(), 1u);
  EXPECT_EQ(IsoOf(e.cin_plans[0].start), "1971-01-24");
  EXPECT_EQ(IsoOf(e.cin_plans[0].end), "1971-01-26");

  ASSERT_EQ(e.section47s.size(), 1u);
  const CinSection47& s = e.section47s[0];
  EXPECT_EQ(IsoOf(s.start), "1970-06-02");
  EXPECT_EQ(IsoOf(s.icpc_target), "1970-06-23");
  EXPECT_EQ(IsoOf(s.icpc_date), "1970-06-17");
  EXPECT_EQ(s.icpc_not_required.text, "false");
  EXPECT_EQ(s.icpc_not_required.value, false);

  ASSERT_EQ(e.cp_plans.size(), 1u);
  const CinProtectionPlan& p = e.cp_plans[0];
  EXPECT_EQ(IsoOf(p.start), "1970-02-17");
  EXPECT_EQ(IsoOf(p.end), "1971-03-14");
  EXPECT_EQ(p.initial_category.text, "PHY");
  EXPECT_EQ(p.latest_category.text, "PHY");
  EXPECT_EQ(p.previous_plans.text, "10");
  EXPECT_NE(p.reviews_block.line, 0u);
  ASSERT_EQ(p.reviews.size(), 1u);
  EXPECT_EQ(IsoOf(p.reviews[0]), "1971-02-15");
  EXPECT_EQ(p.reviews[0].at.line, 70u);
}

TEST(CinReader, EveryReviewDateInOneReviewsBlockIsKept) {
  const std::string plan =
      "        <ChildProtectionPlans>\n"
      "          <CPPstartDate>2023-07-01</CPPstartDate>\n"
      "          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>\n"
      "          <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>\n"
      "          <NumberOfPreviousCPP>0</NumberOfPreviousCPP>\n"
      "          <Reviews>\n"
      "            <CPPreviewDate>2023-09-01</CPPreviewDate>\n"
      "            <CPPreviewDate>2023-12-01</CPPreviewDate>\n"
      "            <CPPreviewDate>not a date</CPPreviewDate>\n"
      "            <CPPreviewDate>2023-12-01</CPPreviewDate>\n"
      "          </Reviews>\n"
      "        </ChildProtectionPlans>\n";
  Collector c;
  auto read = Read(Cin(YearElement(2024), ChildXml("A", plan)), c);
  ASSERT_TRUE(read) << read.error().message();
  const CinProtectionPlan& p = c.children.at(0).episodes.at(0).cp_plans.at(0);
  ASSERT_EQ(p.reviews.size(), 4u);
  EXPECT_EQ(IsoOf(p.reviews[0]), "2023-09-01");
  EXPECT_EQ(IsoOf(p.reviews[1]), "2023-12-01");
  EXPECT_EQ(p.reviews[2].text, "not a date");
  EXPECT_FALSE(p.reviews[2].date.has_value());
  EXPECT_EQ(IsoOf(p.reviews[3]), "2023-12-01");  // a repeat is kept for the rules to see
  EXPECT_EQ(p.reviews[0].at.line + 1, p.reviews[1].at.line);
}

TEST(CinReader, SeveralModulesOfOneKindInAnEpisodeAreAllKept) {
  const std::string modules =
      "        <Assessments><AssessmentActualStartDate>2023-06-02</AssessmentActualStartDate>"
      "</Assessments>\n"
      "        <Assessments><AssessmentActualStartDate>2023-08-02</AssessmentActualStartDate>"
      "</Assessments>\n"
      "        <CINPlanDates><CINPlanStartDate>2023-07-01</CINPlanStartDate></CINPlanDates>\n"
      "        <CINPlanDates><CINPlanStartDate>2023-09-01</CINPlanStartDate></CINPlanDates>\n";
  Collector c;
  auto read = Read(Cin(YearElement(2024), ChildXml("A", modules)), c);
  ASSERT_TRUE(read) << read.error().message();
  const CinEpisode& e = c.children.at(0).episodes.at(0);
  ASSERT_EQ(e.assessments.size(), 2u);
  EXPECT_EQ(IsoOf(e.assessments[1].start), "2023-08-02");
  ASSERT_EQ(e.cin_plans.size(), 2u);
  EXPECT_EQ(IsoOf(e.cin_plans[1].start), "2023-09-01");
}

TEST(CinReader, MisplacedAndUnknownElementsAreIgnored) {
  const std::string child =
      "    <Child>\n"
      "      <ChildIdentifiers>\n"
      "        <LAchildID>RIGHT</LAchildID>\n"
      "        <PersonBirthDate>2020-01-01</PersonBirthDate>\n"
      "        <CINreferralDate>1999-01-01</CINreferralDate>\n"  // episode field, wrong place
      "        <Surprise>x</Surprise>\n"
      "      </ChildIdentifiers>\n"
      "      <Assessments>\n"  // a module outside any CINdetails
      "        <AssessmentActualStartDate>2023-07-01</AssessmentActualStartDate>\n"
      "      </Assessments>\n"
      "      <Ethnicity>ZZZZ</Ethnicity>\n"  // outside ChildCharacteristics
      "      <CINdetails>\n"
      "        <CINreferralDate>2023-06-01</CINreferralDate>\n"
      "        <LAchildID>WRONG</LAchildID>\n"  // identifier inside an episode
      "        <AssessmentActualStartDate>2023-07-02</AssessmentActualStartDate>\n"
      "        <CPPreviewDate>2023-09-01</CPPreviewDate>\n"
      "        <Unknown><Deeper><Deepest>x</Deepest></Deeper></Unknown>\n"
      "        <Assessments>\n"
      "          <AssessmentActualStartDate>2023-07-03</AssessmentActualStartDate>\n"
      "          <CINPlanStartDate>2023-08-01</CINPlanStartDate>\n"  // plan field, wrong module
      "        </Assessments>\n"
      "      </CINdetails>\n"
      "    </Child>\n";
  const std::string outside =
      "    <LAchildID>LOOSE</LAchildID>\n"  // outside any Child
      "    <CINdetails><CINreferralDate>2023-01-01</CINreferralDate></CINdetails>\n";
  Collector c;
  auto read = Read(Cin(YearElement(2024), outside + child + ChildXml("NEXT")), c);
  ASSERT_TRUE(read) << read.error().message();
  ASSERT_EQ(c.children.size(), 2u);
  const CinChild& a = c.children[0];
  EXPECT_EQ(a.la_child_id.text, "RIGHT");
  EXPECT_FALSE(a.ethnicity.present());
  ASSERT_EQ(a.episodes.size(), 1u);
  EXPECT_EQ(IsoOf(a.episodes[0].referral_date), "2023-06-01");
  ASSERT_EQ(a.episodes[0].assessments.size(), 1u);
  EXPECT_EQ(IsoOf(a.episodes[0].assessments[0].start), "2023-07-03");
  EXPECT_TRUE(a.episodes[0].cin_plans.empty());
  EXPECT_TRUE(a.episodes[0].cp_plans.empty());
  EXPECT_EQ(c.children[1].la_child_id.text, "NEXT");
}

// Regression: a <Reviews> outside a plan once added its dates to the last plan.
TEST(CinReader, MisplacedReviewsBlockOutsideAPlanIsIgnored) {
  const std::string episode =
      "        <ChildProtectionPlans>\n"
      "          <CPPstartDate>2023-07-01</CPPstartDate>\n"
      "          <Reviews><CPPreviewDate>2023-09-01</CPPreviewDate></Reviews>\n"
      "        </ChildProtectionPlans>\n"
      "        <Reviews><CPPreviewDate>2024-01-15</CPPreviewDate></Reviews>\n";
  Collector c;
  auto read = Read(Cin(YearElement(2024), ChildXml("A", episode)), c);
  ASSERT_TRUE(read) << read.error().message();
  const CinProtectionPlan& p = c.children.at(0).episodes.at(0).cp_plans.at(0);
  ASSERT_EQ(p.reviews.size(), 1u) << "last review: " << IsoOf(p.reviews.back());
  EXPECT_EQ(IsoOf(p.reviews[0]), "2023-09-01");
}

// Regression: a factors block outside an assessment once joined the last one.
TEST(CinReader, MisplacedFactorsBlockOutsideAnAssessmentIsIgnored) {
  const std::string episode =
      "        <Assessments>\n"
      "          <AssessmentActualStartDate>2023-06-02</AssessmentActualStartDate>\n"
      "          <FactorsIdentifiedAtAssessment><AssessmentFactors>2A</AssessmentFactors>"
      "</FactorsIdentifiedAtAssessment>\n"
      "        </Assessments>\n"
      "        <FactorsIdentifiedAtAssessment><AssessmentFactors>9Z</AssessmentFactors>"
      "</FactorsIdentifiedAtAssessment>\n";
  Collector c;
  auto read = Read(Cin(YearElement(2024), ChildXml("A", episode)), c);
  ASSERT_TRUE(read) << read.error().message();
  const CinAssessment& a = c.children.at(0).episodes.at(0).assessments.at(0);
  ASSERT_EQ(a.factors.size(), 1u) << "last factor: " << a.factors.back().text;
  EXPECT_EQ(a.factors[0].text, "2A");
}

// Regression: a <Disabilities> outside ChildCharacteristics once became the child's.
TEST(CinReader, MisplacedDisabilitiesBlockInsideAnEpisodeIsIgnored) {
  const std::string episode =
      "        <Disabilities><Disability>HAND</Disability></Disabilities>\n";
  Collector c;
  auto read = Read(Cin(YearElement(2024), ChildXml("A", episode)), c);
  ASSERT_TRUE(read) << read.error().message();
  const CinChild& child = c.children.at(0);
  EXPECT_TRUE(child.disabilities.empty());
  EXPECT_EQ(child.disabilities_block.line, 0u);
}

// Regression: a nested <Child> once replaced the outer child, which was lost.
TEST(CinReader, ChildNestedInsideAChildDoesNotLoseTheOuterChild) {
  const std::string nested =
      "        <Child><ChildIdentifiers><LAchildID>INNER</LAchildID></ChildIdentifiers>"
      "</Child>\n";
  Collector c;
  auto read = Read(Cin(YearElement(2024), ChildXml("OUTER", nested)), c);
  ASSERT_TRUE(read) << read.error().message();
  std::vector<std::string> ids;
  for (const CinChild& child : c.children) ids.push_back(child.la_child_id.text);
  EXPECT_THAT(ids, ElementsAre("OUTER"));
}

// --- Streaming -------------------------------------------------------------

// Refuses the first child it is given.
class RefuseFirst final : public CinVisitor {
 public:
  explicit RefuseFirst(Code code) : code_(code) {}
  core::Status Child(CinChild&& child) override {
    seen.push_back(child.la_child_id.text);
    return core::Fail(code_, "cannot store child " + child.la_child_id.text);
  }
  std::vector<std::string> seen;

 private:
  Code code_;
};

TEST(CinReader, VisitorErrorOnTheFirstChildStopsTheReadAndComesBack) {
  RefuseFirst visitor(Code::kInvalidArgument);
  auto read = ReadCinBytes(Cin(YearElement(2024), ChildXml("ONE") + ChildXml("TWO")), visitor, {});
  ASSERT_FALSE(read);
  EXPECT_THAT(read.error().message(), HasSubstr("cannot store child ONE"));
  // With the line of the </Child> that delivered it (line 18).
  EXPECT_THAT(read.error().message(), testing::StartsWith("18:"));
  EXPECT_THAT(visitor.seen, ElementsAre("ONE"));
}

// Regression: a visitor's error code (a database failure) once became
// kInvalidArgument, as if the file were at fault.
TEST(CinReader, VisitorErrorKeepsItsCode) {
  RefuseFirst visitor(Code::kUnavailable);
  auto read = ReadCinBytes(Cin(YearElement(2024), ChildXml("ONE") + ChildXml("TWO")), visitor, {});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kUnavailable) << read.error().message();
  EXPECT_THAT(read.error().message(), HasSubstr("cannot store child ONE"));
}

TEST(CinReader, ChildIsDeliveredBeforeTheNextOneIsParsed) {
  // The second child is cut off; the first must already have been handed
  // over when the reader meets the damage.
  std::string xml = Cin(YearElement(2024), ChildXml("ONE") + ChildXml("TWO"));
  xml.resize(xml.find("<LAchildID>TWO") + 14);
  Collector c;
  auto read = Read(xml, c);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kInvalidArgument);
  ASSERT_EQ(c.children.size(), 1u);
  EXPECT_EQ(c.children[0].la_child_id.text, "ONE");
}

TEST(CinReader, StoppingAtTheFirstChildLeavesTheRestOfALargeFileUnread) {
  std::string children;
  for (int i = 0; i < 5000; ++i) children += ChildXml("C" + std::to_string(i));
  std::string xml = Cin(YearElement(2024), children);
  ASSERT_GT(xml.size(), 1024u * 1024);
  RefuseFirst visitor(Code::kInvalidArgument);
  uint64_t progressed = 0;
  CinReadOptions options;
  options.progress = [&](uint64_t bytes) { progressed = bytes; };
  auto read = ReadCinBytes(xml, visitor, options);
  ASSERT_FALSE(read);
  EXPECT_THAT(visitor.seen, ElementsAre("C0"));
  EXPECT_LT(progressed, xml.size() / 2);
}

TEST(CinReader, ChildrenAreCountedAndTheHeaderIsReturned) {
  std::string children;
  for (int i = 0; i < 3; ++i) children += ChildXml("C" + std::to_string(i));
  Collector c;
  auto read = Read(Cin(YearElement(2025), children), c);
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(read->children, 3u);
  EXPECT_EQ(read->header.lea.text, "895");
  EXPECT_EQ(IsoOf(read->header.reference_date), "2024-03-31");
}

TEST(CinReader, StructureIsValidatedAgainstTheYearsSchemaWhenAsked) {
  std::ifstream in(std::string(SG_TESTDATA_DIR) + "/cin/rules/8606.xml", std::ios::binary);
  std::string valid((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(valid.empty());
  CinReadOptions options;
  options.validate_structure = true;
  Collector clean;
  auto read = ReadCinBytes(valid, clean, options);
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_TRUE(read->schema_problems.empty()) << read->schema_problems[0].message;

  // An element the 2026 schema does not know, after the first ReferralNFA.
  std::string invalid = valid;
  size_t at = invalid.find("</ReferralNFA>") + 14;
  invalid.insert(at, "<Bogus>1</Bogus>");
  uint32_t line =
      1 + static_cast<uint32_t>(std::count(invalid.begin(), invalid.begin() + at, '\n'));
  Collector c;
  read = ReadCinBytes(invalid, c, options);
  ASSERT_TRUE(read) << read.error().message();
  ASSERT_EQ(read->schema_problems.size(), 1u);
  EXPECT_THAT(read->schema_problems[0].message, HasSubstr("Bogus"));
  EXPECT_EQ(read->schema_problems[0].at.line, line);
  EXPECT_EQ(c.children.size(), clean.children.size());  // the rules still get every child
}

}  // namespace
}  // namespace sg::returns
