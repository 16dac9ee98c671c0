#include "core/code_lists.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sg::core {
namespace {

constexpr std::string_view kHeaderLine = "list,code,description,first_year,last_year\n";

constexpr CodeList kAllLists[] = {
    CodeList::kReferralSource,     CodeList::kPrimaryNeed,
    CodeList::kReasonForClosure,   CodeList::kAssessmentFactor,
    CodeList::kCategoryOfAbuse,    CodeList::kDisability,
    CodeList::kEthnicity,          CodeList::kLegalStatus,
    CodeList::kReasonNewEpisode,   CodeList::kPlacementType,
    CodeList::kPlacementProvider,  CodeList::kReasonEpisodeCeased,
    CodeList::kReasonPlaceChange,  CodeList::kCareLeaverInTouch,
    CodeList::kCareLeaverActivity, CodeList::kCareLeaverAccommodation,
};

const CodeLists& Lists() {
  return CodeLists::Embedded();
}

// Parses `body` under the standard header and returns the error message, or
// "" if it parsed.
std::string ParseError(std::string_view body) {
  auto parsed = CodeLists::Parse(std::string(kHeaderLine) + std::string(body), "test.csv");
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code(), Code::kInvalidArgument);
  return parsed.error().message();
}

std::vector<std::string> Codes(CodeList list, int year) {
  std::vector<std::string> codes;
  for (const CodeEntry* entry : Lists().CodesFor(list, year)) codes.push_back(entry->code);
  return codes;
}

// --- Names ---------------------------------------------------------------

TEST(CodeListNameTest, RoundTripsEveryList) {
  std::set<std::string_view> names;
  for (CodeList list : kAllLists) {
    std::string_view name = CodeListName(list);
    EXPECT_TRUE(names.insert(name).second) << name;
    ASSERT_TRUE(CodeListFromName(name).has_value()) << name;
    EXPECT_EQ(*CodeListFromName(name), list);
  }
  EXPECT_EQ(CodeListName(CodeList::kPlacementType), "placement_type");
  EXPECT_EQ(CodeListName(CodeList::kCareLeaverAccommodation), "care_leaver_accommodation");
  EXPECT_FALSE(CodeListFromName("Placement_Type").has_value());
  EXPECT_FALSE(CodeListFromName("").has_value());
}

// Sex (GenderCurrent 0/1/2/9 until 2023-24, then M/F/U) is a field rule, not
// one of these lists: there is no such list, and a file naming one is refused.
TEST(CodeListNameTest, SexIsNotACodeList) {
  EXPECT_FALSE(CodeListFromName("sex").has_value());
  EXPECT_FALSE(CodeListFromName("gender").has_value());
  EXPECT_EQ(ParseError("sex,M,Male,2025,\n"), "test.csv line 2: unknown code list 'sex'");
}

// --- The embedded file ----------------------------------------------------

TEST(EmbeddedCodeListsTest, Parses) {
  const CodeLists& lists = Lists();
  EXPECT_EQ(lists.entries().size(), 270u);
  EXPECT_EQ(&lists, &CodeLists::Embedded());  // parsed once
}

TEST(EmbeddedCodeListsTest, EveryListHasCodesInEverySupportedYear) {
  for (CodeList list : kAllLists) {
    for (int year = 2017; year <= 2027; ++year) {
      EXPECT_FALSE(Lists().CodesFor(list, year).empty()) << CodeListName(list) << " " << year;
    }
  }
}

TEST(EmbeddedCodeListsTest, CountsPerListIn2025) {
  EXPECT_EQ(Codes(CodeList::kReferralSource, 2025).size(), 22u);
  EXPECT_EQ(Codes(CodeList::kPrimaryNeed, 2025).size(), 10u);
  EXPECT_EQ(Codes(CodeList::kReasonForClosure, 2025).size(), 9u);
  EXPECT_EQ(Codes(CodeList::kAssessmentFactor, 2025).size(), 42u);
  EXPECT_EQ(Codes(CodeList::kCategoryOfAbuse, 2025).size(), 5u);
  EXPECT_EQ(Codes(CodeList::kDisability, 2025).size(), 13u);
  EXPECT_EQ(Codes(CodeList::kEthnicity, 2025).size(), 20u);
  EXPECT_EQ(Codes(CodeList::kLegalStatus, 2025).size(), 13u);
  EXPECT_EQ(Codes(CodeList::kReasonNewEpisode, 2025).size(), 6u);
  EXPECT_EQ(Codes(CodeList::kPlacementType, 2025).size(), 26u);
  EXPECT_EQ(Codes(CodeList::kPlacementProvider, 2025).size(), 6u);
  EXPECT_EQ(Codes(CodeList::kReasonEpisodeCeased, 2025).size(), 22u);
  EXPECT_EQ(Codes(CodeList::kReasonPlaceChange, 2025).size(), 12u);
  EXPECT_EQ(Codes(CodeList::kCareLeaverInTouch, 2025).size(), 6u);
  EXPECT_EQ(Codes(CodeList::kCareLeaverActivity, 2025).size(), 12u);
  EXPECT_EQ(Codes(CodeList::kCareLeaverAccommodation, 2025).size(), 33u);
}

TEST(EmbeddedCodeListsTest, DescriptionsArePlainOneLineText) {
  for (const CodeEntry& entry : Lists().entries()) {
    ASSERT_FALSE(entry.description.empty()) << entry.code;
    EXPECT_NE(entry.description.front(), ' ') << entry.code;
    EXPECT_NE(entry.description.back(), ' ') << entry.code;
    for (char c : entry.description) {
      EXPECT_TRUE(c >= 0x20 && c < 0x7f) << CodeListName(entry.list) << " " << entry.code;
    }
  }
}

TEST(EmbeddedCodeListsTest, NoCodeBeforeOurEarliestYear) {
  for (CodeList list : kAllLists) EXPECT_TRUE(Lists().CodesFor(list, 2016).empty());
  EXPECT_FALSE(Lists().IsValid(CodeList::kEthnicity, "WBRI", 2016));
  EXPECT_TRUE(Lists().IsValid(CodeList::kEthnicity, "WBRI", 2017));
}

// --- Year boundaries named in data-model.md -------------------------------

TEST(CodeListBoundaryTest, ReferralSource5DFrom2022To23) {
  EXPECT_FALSE(Lists().IsValid(CodeList::kReferralSource, "5D", 2022));
  EXPECT_TRUE(Lists().IsValid(CodeList::kReferralSource, "5D", 2023));
  EXPECT_TRUE(Lists().IsValid(CodeList::kReferralSource, "5D", 2026));
  EXPECT_TRUE(Lists().IsValid(CodeList::kReferralSource, "10", 2017));
}

TEST(CodeListBoundaryTest, ReasonForClosureRc9From2022To23) {
  EXPECT_FALSE(Lists().IsValid(CodeList::kReasonForClosure, "RC9", 2022));
  EXPECT_TRUE(Lists().IsValid(CodeList::kReasonForClosure, "RC9", 2023));
  EXPECT_TRUE(Lists().IsValid(CodeList::kReasonForClosure, "RC8", 2022));
}

TEST(CodeListBoundaryTest, Factor24AFrom2021To22) {
  EXPECT_FALSE(Lists().IsValid(CodeList::kAssessmentFactor, "24A", 2021));
  EXPECT_TRUE(Lists().IsValid(CodeList::kAssessmentFactor, "24A", 2022));
}

TEST(CodeListBoundaryTest, Factors18And19SplitIn2020To21) {
  for (std::string_view old_code : {"18A", "19A"}) {
    EXPECT_TRUE(Lists().IsValid(CodeList::kAssessmentFactor, old_code, 2020)) << old_code;
    EXPECT_FALSE(Lists().IsValid(CodeList::kAssessmentFactor, old_code, 2021)) << old_code;
    EXPECT_FALSE(Lists().IsValid(CodeList::kAssessmentFactor, old_code, 2025)) << old_code;
  }
  for (std::string_view new_code : {"18B", "18C", "19B", "19C"}) {
    EXPECT_FALSE(Lists().IsValid(CodeList::kAssessmentFactor, new_code, 2020)) << new_code;
    EXPECT_TRUE(Lists().IsValid(CodeList::kAssessmentFactor, new_code, 2021)) << new_code;
  }
}

TEST(CodeListBoundaryTest, PlacementK3H5P2In2024To25) {
  EXPECT_FALSE(Lists().IsValid(CodeList::kPlacementType, "K3", 2024));
  EXPECT_TRUE(Lists().IsValid(CodeList::kPlacementType, "K3", 2025));
  EXPECT_TRUE(Lists().IsValid(CodeList::kPlacementType, "H5", 2024));
  EXPECT_FALSE(Lists().IsValid(CodeList::kPlacementType, "H5", 2025));
  EXPECT_TRUE(Lists().IsValid(CodeList::kPlacementType, "P2", 2024));
  EXPECT_FALSE(Lists().IsValid(CodeList::kPlacementType, "P2", 2025));
}

TEST(CodeListBoundaryTest, PlacementZ1SplitIn2025To26) {
  EXPECT_TRUE(Lists().IsValid(CodeList::kPlacementType, "Z1", 2025));
  EXPECT_FALSE(Lists().IsValid(CodeList::kPlacementType, "Z1", 2026));
  for (std::string_view code : {"Z11", "Z12", "Z13", "Z14"}) {
    EXPECT_FALSE(Lists().IsValid(CodeList::kPlacementType, code, 2025)) << code;
    EXPECT_TRUE(Lists().IsValid(CodeList::kPlacementType, code, 2026)) << code;
  }
}

TEST(CodeListBoundaryTest, ActivityF3ReplacedIn2021To22) {
  EXPECT_TRUE(Lists().IsValid(CodeList::kCareLeaverActivity, "F3", 2021));
  EXPECT_FALSE(Lists().IsValid(CodeList::kCareLeaverActivity, "F3", 2022));
  EXPECT_FALSE(Lists().IsValid(CodeList::kCareLeaverActivity, "P3", 2022));
  EXPECT_FALSE(Lists().IsValid(CodeList::kCareLeaverActivity, "F4", 2021));
  EXPECT_TRUE(Lists().IsValid(CodeList::kCareLeaverActivity, "F4", 2022));
  EXPECT_TRUE(Lists().IsValid(CodeList::kCareLeaverActivity, "P5", 2022));
}

TEST(CodeListBoundaryTest, SgoCodesE45From2018To19) {
  EXPECT_TRUE(Lists().IsValid(CodeList::kReasonEpisodeCeased, "E43", 2018));
  EXPECT_FALSE(Lists().IsValid(CodeList::kReasonEpisodeCeased, "E43", 2019));
  EXPECT_FALSE(Lists().IsValid(CodeList::kReasonEpisodeCeased, "E45", 2018));
  EXPECT_TRUE(Lists().IsValid(CodeList::kReasonEpisodeCeased, "E45", 2019));
  EXPECT_TRUE(Lists().IsValid(CodeList::kReasonEpisodeCeased, "E48", 2026));
}

TEST(CodeListBoundaryTest, PlaceChangeCustodFrom2018To19) {
  EXPECT_FALSE(Lists().IsValid(CodeList::kReasonPlaceChange, "CUSTOD", 2018));
  EXPECT_TRUE(Lists().IsValid(CodeList::kReasonPlaceChange, "CUSTOD", 2019));
}

TEST(CodeListBoundaryTest, PrimaryNeedN1RenamedIn2025To26) {
  auto before = Lists().Describe(CodeList::kPrimaryNeed, "N1", 2025);
  auto after = Lists().Describe(CodeList::kPrimaryNeed, "N1", 2026);
  ASSERT_TRUE(before.has_value());
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*before, "Abuse or neglect");
  EXPECT_EQ(*after, "Abuse, neglect and exploitation");  // was quoted in the CSV
  // The code itself stays valid across the change and is listed once a year.
  EXPECT_EQ(Lists().CodesFor(CodeList::kPrimaryNeed, 2026).front()->description,
            "Abuse, neglect and exploitation");
}

TEST(CodeListBoundaryTest, AccommodationHasBothSuitabilitiesAndZero) {
  for (std::string_view code : {"B1", "B2", "U1", "U2", "Z1", "Z2", "0"}) {
    EXPECT_TRUE(Lists().IsValid(CodeList::kCareLeaverAccommodation, code, 2025)) << code;
  }
  EXPECT_FALSE(Lists().IsValid(CodeList::kCareLeaverAccommodation, "B", 2025));
  EXPECT_FALSE(Lists().IsValid(CodeList::kCareLeaverAccommodation, "B3", 2025));
}

// --- Look-ups ---------------------------------------------------------------

TEST(CodeListLookupTest, CodesAreCaseSensitiveAndListSpecific) {
  EXPECT_TRUE(Lists().IsValid(CodeList::kDisability, "NONE", 2025));
  EXPECT_FALSE(Lists().IsValid(CodeList::kDisability, "none", 2025));
  EXPECT_FALSE(Lists().IsValid(CodeList::kDisability, "", 2025));
  // K1 is both a placement type and an accommodation code, P2 an activity too.
  EXPECT_TRUE(Lists().IsValid(CodeList::kCareLeaverAccommodation, "K1", 2025));
  EXPECT_TRUE(Lists().IsValid(CodeList::kCareLeaverActivity, "P2", 2025));
  EXPECT_FALSE(Lists().IsValid(CodeList::kEthnicity, "K1", 2025));
}

TEST(CodeListLookupTest, DescribeUnknownIsNullopt) {
  EXPECT_FALSE(Lists().Describe(CodeList::kPlacementType, "Z1", 2026).has_value());
  EXPECT_FALSE(Lists().Describe(CodeList::kPlacementType, "QQ", 2025).has_value());
  EXPECT_EQ(Lists().Describe(CodeList::kCategoryOfAbuse, "NEG", 2025), "Neglect");
}

TEST(CodeListLookupTest, CodesForKeepsFileOrder) {
  std::vector<std::string> y2026 = Codes(CodeList::kPlacementType, 2026);
  ASSERT_FALSE(y2026.empty());
  EXPECT_EQ(y2026.front(), "A3");
  EXPECT_EQ(y2026.back(), "Z14");
  std::vector<std::string> tail(y2026.end() - 4, y2026.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"Z11", "Z12", "Z13", "Z14"}));

  std::vector<std::string> activity2021 = Codes(CodeList::kCareLeaverActivity, 2021);
  EXPECT_EQ(activity2021,
            (std::vector<std::string>{"F1", "P1", "F2", "P2", "F3", "P3", "G4", "G5", "G6", "0"}));
}

TEST(CodeListLookupTest, CodesForFromParsedFileKeepsOrderAcrossInterleavedLists) {
  auto parsed = CodeLists::Parse(std::string(kHeaderLine) +
                                     "disability,VIS,Vision,2017,\n"
                                     "ethnicity,WBRI,White British,2017,\n"
                                     "disability,MOB,Mobility,2017,\n"
                                     "disability,HAND,Hand function,2017,2018\n",
                                 "test.csv");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
  std::vector<std::string> codes;
  for (const CodeEntry* entry : parsed->CodesFor(CodeList::kDisability, 2018)) {
    codes.push_back(entry->code);
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"VIS", "MOB", "HAND"}));
  EXPECT_EQ(parsed->CodesFor(CodeList::kDisability, 2019).size(), 2u);
  EXPECT_TRUE(parsed->CodesFor(CodeList::kPlacementType, 2019).empty());
  EXPECT_TRUE(parsed->IsValid(CodeList::kEthnicity, "WBRI", 2030));
}

// --- Check messages ----------------------------------------------------------

TEST(CodeListCheckTest, ValidCodePasses) {
  EXPECT_TRUE(Lists().Check(CodeList::kPlacementType, "K3", 2025).has_value());
}

TEST(CodeListCheckTest, MessageNamesListCodeAndYearSpan) {
  auto status = Lists().Check(CodeList::kPlacementType, "Z1", 2026);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(status.error().message(),
            "placement type 'Z1' is not a valid code in collection year 2025-26");

  EXPECT_EQ(Lists().Check(CodeList::kReferralSource, "5D", 2022).error().message(),
            "referral source '5D' is not a valid code in collection year 2021-22");
  EXPECT_EQ(Lists().Check(CodeList::kCareLeaverActivity, "F3", 2022).error().message(),
            "care leaver activity 'F3' is not a valid code in collection year 2021-22");
  EXPECT_EQ(Lists().Check(CodeList::kReasonEpisodeCeased, "E43", 2100).error().message(),
            "reason episode ceased 'E43' is not a valid code in collection year 2099-00");
}

TEST(CodeListCheckTest, MessageDoesNotEchoLongOrControlText) {
  auto status = Lists().Check(CodeList::kEthnicity, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2025);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message(),
            "ethnicity 'ABCDEFGHIJKLMNOPQRST...' is not a valid code in collection year 2024-25");
  EXPECT_EQ(Lists().Check(CodeList::kEthnicity, "W\nB", 2025).error().message(),
            "ethnicity 'W?B' is not a valid code in collection year 2024-25");
}

// --- Parsing ----------------------------------------------------------------

TEST(CodeListParseTest, QuotedFieldsCrlfAndBom) {
  auto parsed = CodeLists::Parse(
      "\xEF\xBB\xBFlist,code,description,first_year,last_year\r\n"
      "legal_status,C1,\"Interim care order, \"\"ICO\"\"\",2017,\r\n"
      "\r\n"
      "\"legal_status\",\"C2\",\"Full care order\",\"2017\",\"2024\"\r\n",
      "crlf.csv");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
  ASSERT_EQ(parsed->entries().size(), 2u);
  EXPECT_EQ(parsed->entries()[0].description, "Interim care order, \"ICO\"");
  EXPECT_EQ(parsed->entries()[0].last_year, 9999);
  EXPECT_EQ(parsed->entries()[1].code, "C2");
  EXPECT_EQ(parsed->entries()[1].last_year, 2024);
  EXPECT_FALSE(parsed->IsValid(CodeList::kLegalStatus, "C2", 2025));
}

TEST(CodeListParseTest, NoFinalNewlineAndExplicit9999) {
  auto parsed = CodeLists::Parse(
      std::string(kHeaderLine) + "ethnicity,WBRI,White British,2017,9999", "test.csv");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
  EXPECT_EQ(parsed->entries()[0].last_year, 9999);
}

TEST(CodeListParseTest, AdjacentRangesForOneCodeAreFine) {
  EXPECT_EQ(ParseError("primary_need,N1,Old,2017,2025\nprimary_need,N1,New,2026,\n"), "");
  // The same code in two different lists is not a duplicate.
  EXPECT_EQ(
      ParseError("placement_type,K1,Secure,2017,\ncare_leaver_accommodation,K1,Lodgings,2017,\n"),
      "");
}

TEST(CodeListParseTest, WrongHeader) {
  auto parsed = CodeLists::Parse("list,code,description,first,last\nethnicity,WBRI,White,2017,\n",
                                 "test.csv");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message(),
            "test.csv line 1: expected the header 'list,code,description,first_year,last_year'");
  EXPECT_FALSE(CodeLists::Parse("ethnicity,WBRI,White British,2017,\n", "test.csv").has_value());
}

TEST(CodeListParseTest, EmptyFileOrHeaderOnly) {
  EXPECT_EQ(CodeLists::Parse("", "test.csv").error().message(),
            "test.csv is empty: expected a header row");
  EXPECT_EQ(ParseError(""), "test.csv lists no codes");
}

TEST(CodeListParseTest, UnknownList) {
  EXPECT_EQ(ParseError("ethnicity,WBRI,White British,2017,\nplacement,K1,Secure,2017,\n"),
            "test.csv line 3: unknown code list 'placement'");
}

TEST(CodeListParseTest, BadYear) {
  EXPECT_EQ(ParseError("ethnicity,WBRI,White British,17,\n"),
            "test.csv line 2: first_year '17' is not a collection year between 2000 and 2199");
  EXPECT_EQ(ParseError("ethnicity,WBRI,White British,2017,20x5\n"),
            "test.csv line 2: last_year '20x5' is not a collection year between 2000 and 2199 "
            "(or empty for still current)");
  EXPECT_NE(ParseError("ethnicity,WBRI,White British,,\n"), "");
  EXPECT_NE(ParseError("ethnicity,WBRI,White British, 2017,\n"), "");
  EXPECT_NE(ParseError("ethnicity,WBRI,White British,-2017,\n"), "");
  EXPECT_NE(ParseError("ethnicity,WBRI,White British,2017-18,\n"), "");
}

TEST(CodeListParseTest, ReversedRange) {
  EXPECT_EQ(ParseError("ethnicity,WBRI,White British,2025,2024\n"),
            "test.csv line 2: first_year 2025 is after last_year 2024");
}

TEST(CodeListParseTest, OverlappingDuplicate) {
  EXPECT_EQ(ParseError("placement_type,Z1,Other,2017,2025\n"
                       "placement_type,K1,Secure,2017,\n"
                       "placement_type,Z1,Other again,2025,\n"),
            "test.csv line 4: placement type 'Z1' overlaps the years given on line 2");
  EXPECT_EQ(ParseError("ethnicity,WBRI,White British,2017,\nethnicity,WBRI,White British,2017,\n"),
            "test.csv line 3: ethnicity 'WBRI' overlaps the years given on line 2");
  // A range inside another one, listed after a disjoint one.
  EXPECT_EQ(ParseError("disability,VIS,a,2017,2030\n"
                       "disability,VIS,b,2040,2050\n"
                       "disability,VIS,c,2020,2021\n"),
            "test.csv line 4: disability 'VIS' overlaps the years given on line 2");
}

TEST(CodeListParseTest, UnterminatedQuote) {
  EXPECT_EQ(ParseError("ethnicity,WBRI,\"White British,2017,\n"),
            "test.csv line 2: unterminated quoted field 3");
}

TEST(CodeListParseTest, MalformedQuotingAndFieldCounts) {
  EXPECT_EQ(ParseError("ethnicity,WBRI,\"White\" British,2017,\n"),
            "test.csv line 2: unexpected text after the closing quote of field 3");
  EXPECT_EQ(ParseError("ethnicity,WBRI,White \"British\",2017,\n"),
            "test.csv line 2: stray quote in unquoted field 3");
  EXPECT_EQ(ParseError("ethnicity,WBRI,White, British,2017,\n"),
            "test.csv line 2: expected 5 fields but found 6");
  EXPECT_EQ(ParseError("ethnicity,WBRI,White British,2017\n"),
            "test.csv line 2: expected 5 fields but found 4");
}

TEST(CodeListParseTest, BadCodeOrDescription) {
  EXPECT_EQ(ParseError("ethnicity,,White British,2017,\n"),
            "test.csv line 2: code '' must be one or more letters or digits");
  EXPECT_EQ(ParseError("ethnicity,W BRI,White British,2017,\n"),
            "test.csv line 2: code 'W BRI' must be one or more letters or digits");
  EXPECT_EQ(ParseError("ethnicity,WBRI,,2017,\n"), "test.csv line 2: the description is empty");
}

TEST(CodeListParseTest, LineNumbersCountBlankLines) {
  EXPECT_EQ(ParseError("\n\nethnicity,WBRI,White British,2017,\nbogus,X,Y,2017,\n"),
            "test.csv line 5: unknown code list 'bogus'");
}

}  // namespace
}  // namespace sg::core
