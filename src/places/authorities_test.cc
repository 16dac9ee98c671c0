#include "places/authorities.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "places/postcode_directory.h"

namespace sg::places {
namespace {

using ::testing::HasSubstr;

const Authorities& Embedded() {
  return Authorities::Embedded();
}

PostcodeInfo In(std::string_view district) {
  return PostcodeInfo{GridRef{1, 1}, district};
}

TEST(Authorities, EmbeddedLaCodesHaveOneRowPerDfeNumber) {
  std::vector<Authority> all = Embedded().All();
  EXPECT_EQ(all.size(), 158u);
  std::set<int> numbers;
  std::set<std::string_view> codes;
  for (const Authority& a : all) {
    numbers.insert(a.number);
    codes.insert(a.ons_code);
    EXPECT_FALSE(a.name.empty());
  }
  EXPECT_EQ(numbers.size(), all.size());
  EXPECT_EQ(codes.size(), all.size());
}

TEST(Authorities, FindByNumberAndCode) {
  auto cheshire_east = FindByNumber(895);
  ASSERT_TRUE(cheshire_east.has_value());
  EXPECT_EQ(cheshire_east->ons_code, "E06000049");
  EXPECT_EQ(cheshire_east->name, "Cheshire East");
  auto by_code = FindByCode("E06000049");
  ASSERT_TRUE(by_code.has_value());
  EXPECT_EQ(by_code->number, 895);
  EXPECT_EQ(FindByNumber(801)->name, "Bristol, City of");
  EXPECT_EQ(FindByNumber(201)->ons_code, "E09000001");  // City of London
  EXPECT_FALSE(FindByNumber(999).has_value());
  EXPECT_FALSE(FindByNumber(0).has_value());
  EXPECT_FALSE(FindByCode("E06999999").has_value());
  EXPECT_FALSE(FindByCode("").has_value());
}

TEST(Authorities, ReorganisationsOf2019To2023) {
  struct Case {
    int number;
    std::string_view code;
    std::string_view name;
  };
  for (const Case& c :
       {Case{838, "E06000059", "Dorset"},
        Case{839, "E06000058", "Bournemouth, Christchurch and Poole"},
        Case{825, "E06000060", "Buckinghamshire"}, Case{940, "E06000061", "North Northamptonshire"},
        Case{941, "E06000062", "West Northamptonshire"}, Case{942, "E06000063", "Cumberland"},
        Case{943, "E06000064", "Westmorland and Furness"},
        Case{815, "E06000065", "North Yorkshire"}, Case{933, "E06000066", "Somerset"}}) {
    auto by_number = FindByNumber(c.number);
    ASSERT_TRUE(by_number.has_value()) << c.number;
    EXPECT_EQ(by_number->ons_code, c.code);
    EXPECT_EQ(by_number->name, c.name);
    auto by_code = FindByCode(c.code);
    ASSERT_TRUE(by_code.has_value()) << c.code;
    EXPECT_EQ(by_code->number, c.number);
  }
  // Abolished authorities keep their rows, with their last code.
  EXPECT_EQ(FindByNumber(909)->ons_code, "E10000006");  // Cumbria
  EXPECT_EQ(FindByNumber(928)->ons_code, "E10000021");  // Northamptonshire
  EXPECT_EQ(FindByNumber(835)->ons_code, "E10000009");  // Dorset county
  // Former county codes of authorities that became unitaries.
  EXPECT_EQ(FindByCode("E10000023")->number, 815);
  EXPECT_EQ(FindByCode("E10000027")->number, 933);
  EXPECT_EQ(FindByCode("E10000002")->number, 825);
  // The ONSPD's codes for Barnsley and Sheffield.
  EXPECT_EQ(FindByCode("E08000038")->number, 370);
  EXPECT_EQ(FindByCode("E08000038")->ons_code, "E08000016");
  EXPECT_EQ(FindByCode("E08000039")->number, 373);
}

TEST(Authorities, UpperTier) {
  EXPECT_EQ(UpperTier("E07000106"), "E10000016");  // Canterbury -> Kent
  EXPECT_EQ(UpperTier("E07000209"), "E10000030");  // Guildford -> Surrey
  EXPECT_EQ(UpperTier("E06000049"), "E06000049");  // Cheshire East
  EXPECT_EQ(UpperTier("E08000003"), "E08000003");  // Manchester
  EXPECT_EQ(UpperTier("E09000033"), "E09000033");  // Westminster
  EXPECT_EQ(UpperTier("W06000015"), "W06000015");  // Cardiff
  EXPECT_EQ(UpperTier("S12000036"), "S12000036");  // Edinburgh
  EXPECT_EQ(UpperTier("N09000003"), "N09000003");  // Belfast
}

TEST(Authorities, UnitariesNewerThanThe2021TableAreTheirOwnUpperTier) {
  for (std::string_view code :
       {"E06000063", "E06000064", "E06000065", "E06000066", "E08000038", "E08000039"}) {
    EXPECT_EQ(UpperTier(code), code);
  }
  EXPECT_EQ(UpperTier("E07000163"), "E10000023");  // Craven, a 2021 district of North Yorkshire
}

TEST(Authorities, NoUpperTier) {
  EXPECT_FALSE(UpperTier("L99999999").has_value());
  EXPECT_FALSE(UpperTier("M99999999").has_value());
  EXPECT_FALSE(UpperTier("E07999999").has_value());  // a district the 2021 table lacks
  EXPECT_FALSE(UpperTier("").has_value());
  EXPECT_FALSE(UpperTier("E0600004").has_value());
  EXPECT_FALSE(UpperTier("Cheshire East").has_value());
}

TEST(Locate, InsideAndOutsideTheResponsibleAuthority) {
  const Authorities& a = Embedded();
  EXPECT_EQ(a.Locate("E06000049", In("E06000049")), PlacementLocation::kIn);
  EXPECT_EQ(a.Locate("E06000049", In("E08000003")), PlacementLocation::kOut);
  EXPECT_EQ(a.Locate("E10000016", In("E07000106")), PlacementLocation::kIn);   // Kent, Canterbury
  EXPECT_EQ(a.Locate("E10000016", In("E07000209")), PlacementLocation::kOut);  // Kent, Guildford
  EXPECT_EQ(a.Locate("E06000065", In("E06000065")), PlacementLocation::kIn);
  EXPECT_EQ(a.Locate("E06000063", In("E06000064")), PlacementLocation::kOut);
}

TEST(Locate, SameAuthorityUnderAnotherCode) {
  const Authorities& a = Embedded();
  EXPECT_EQ(a.Locate("E08000016", In("E08000038")), PlacementLocation::kIn);  // Barnsley
  EXPECT_EQ(a.Locate("E08000019", In("E08000039")), PlacementLocation::kIn);  // Sheffield
  EXPECT_EQ(a.Locate("E08000016", In("E08000039")), PlacementLocation::kOut);
  EXPECT_EQ(a.Locate("E10000023", In("E06000065")), PlacementLocation::kIn);  // North Yorkshire
  EXPECT_EQ(a.Locate("E06000065", In("E07000163")), PlacementLocation::kIn);
}

TEST(Locate, OutsideEnglandIsOut) {
  const Authorities& a = Embedded();
  for (std::string_view district :
       {"W06000015", "S12000036", "N09000003", "L99999999", "M99999999"}) {
    EXPECT_EQ(a.Locate("E06000049", In(district)), PlacementLocation::kOut) << district;
  }
}

TEST(Locate, Unknown) {
  const Authorities& a = Embedded();
  EXPECT_EQ(a.Locate("E06000049", std::nullopt), PlacementLocation::kUnknown);
  EXPECT_EQ(a.Locate("E06000049", In("")), PlacementLocation::kUnknown);
  EXPECT_EQ(a.Locate("E06000049", In("E07999999")), PlacementLocation::kUnknown);
  EXPECT_EQ(a.Locate("Cheshire East", In("E06000049")), PlacementLocation::kUnknown);
  EXPECT_EQ(a.Locate("", In("E06000049")), PlacementLocation::kUnknown);
  EXPECT_EQ(PlacementLocationCode(PlacementLocation::kIn), "IN");
  EXPECT_EQ(PlacementLocationCode(PlacementLocation::kOut), "OUT");
  EXPECT_EQ(PlacementLocationCode(PlacementLocation::kUnknown), "");
}

TEST(Locate, RealPostcodes) {
  auto dir = PostcodeDirectory::Open(SG_POSTCODE_INDEX);
  ASSERT_TRUE(dir.has_value()) << dir.error().message();
  const Authorities& a = Embedded();
  const std::string cheshire_east(FindByNumber(895)->ons_code);
  const std::string kent(FindByNumber(886)->ons_code);
  EXPECT_EQ(a.Locate(cheshire_east, dir->Find("CW1 2BJ")), PlacementLocation::kIn);
  EXPECT_EQ(a.Locate(cheshire_east, dir->Find("SK10 1DX")), PlacementLocation::kIn);
  EXPECT_EQ(a.Locate(cheshire_east, dir->Find("M1 1AE")), PlacementLocation::kOut);
  EXPECT_EQ(a.Locate(cheshire_east, dir->Find("NP20 1AA")), PlacementLocation::kOut);  // Newport
  EXPECT_EQ(a.Locate(cheshire_east, dir->Find("BT1 1AA")), PlacementLocation::kOut);
  EXPECT_EQ(a.Locate(cheshire_east, dir->Find("GY1 1AA")), PlacementLocation::kOut);
  EXPECT_EQ(a.Locate(cheshire_east, dir->Find("GIR 0AA")), PlacementLocation::kUnknown);
  EXPECT_EQ(a.Locate(cheshire_east, dir->Find("ZZ99 9ZZ")), PlacementLocation::kUnknown);
  EXPECT_EQ(a.Locate(kent, dir->Find("CT1 1AA")), PlacementLocation::kIn);   // Canterbury
  EXPECT_EQ(a.Locate(kent, dir->Find("ME14 1XQ")), PlacementLocation::kIn);  // Maidstone
  EXPECT_EQ(a.Locate(kent, dir->Find("GU1 1AA")), PlacementLocation::kOut);  // Guildford
  EXPECT_EQ(a.Locate(FindByNumber(942)->ons_code, dir->Find("CA1 1AA")), PlacementLocation::kIn);
  EXPECT_EQ(a.Locate(FindByNumber(815)->ons_code, dir->Find("HG1 1AA")), PlacementLocation::kIn);
  EXPECT_EQ(a.Locate(FindByNumber(370)->ons_code, dir->Find("S70 1AA")), PlacementLocation::kIn);
}

// Every district of the 2025 ONSPD has an upper tier, and every English
// upper tier is a DfE authority: no placement in England is "unknown".
TEST(Locate, EveryEnglishDistrictOfTheOnspdReachesADfeAuthority) {
  for (std::string_view district :
       {"E06000001", "E06000053", "E06000066", "E07000106", "E07000245", "E08000037", "E08000038",
        "E08000039", "E09000001", "E09000033"}) {
    auto upper = UpperTier(district);
    ASSERT_TRUE(upper.has_value()) << district;
    EXPECT_TRUE(FindByCode(*upper).has_value()) << district << " -> " << *upper;
  }
}

std::string ParseError(std::string_view ltla, std::string_view codes, std::string_view aliases) {
  auto parsed = Authorities::Parse(ltla, codes, aliases);
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code(), core::Code::kInvalidArgument);
  return parsed.error().message();
}

TEST(Authorities, ParseRefusesBadRowsNamingTheirLine) {
  const std::string ltla =
      "\xEF\xBB\xBF"
      "FID,LTLA21CD,LTLA21NM,UTLA21CD,UTLA21NM\n"
      "1,E07000106,Canterbury,E10000016,Kent\n";
  const std::string codes = "la_number,ons_code,name\n886,E10000016,Kent\n";
  const std::string aliases = "ons_code,la_number,reason\n";
  EXPECT_EQ(ParseError(ltla, codes, aliases), "");
  EXPECT_THAT(ParseError(ltla + "2,E07000106,Canterbury,E10000016,Kent\n", codes, aliases),
              HasSubstr("ltla_to_utla_april_2021.csv line 3: E07000106 is repeated"));
  EXPECT_THAT(ParseError(ltla + "2,E0700010,Canterbury,E10000016,Kent\n", codes, aliases),
              HasSubstr("line 3: LTLA21CD 'E0700010' is not a 9-character ONS code"));
  EXPECT_THAT(ParseError("FID,LTLA21CD\n", codes, aliases),
              HasSubstr("line 1: no column 'UTLA21CD'"));
  EXPECT_THAT(ParseError(ltla, codes + "0,E06000049,Cheshire East\n", aliases),
              HasSubstr("la-codes.csv line 3: la_number '0' is not a number from 1 to 999"));
  EXPECT_THAT(ParseError(ltla, codes + "886,E06000049,Cheshire East\n", aliases),
              HasSubstr("la-codes.csv line 3: 886 repeats the LA number or ONS code"));
  EXPECT_THAT(ParseError(ltla, codes + "895,E06000049\n", aliases),
              HasSubstr("la-codes.csv line 3: expected 3 fields, found 2"));
  EXPECT_THAT(ParseError(ltla, codes + "895,E06000049,\n", aliases),
              HasSubstr("la-codes.csv line 3: empty name"));
  EXPECT_THAT(ParseError(ltla, codes + "895,E06000049,\"Cheshire East\n", aliases),
              HasSubstr("la-codes.csv line 3: unterminated quoted field"));
  EXPECT_THAT(ParseError(ltla, codes, aliases + "E10000099,999,gone\n"),
              HasSubstr("ons-code-aliases.csv line 2: LA number 999 is not in la-codes.csv"));
  EXPECT_THAT(ParseError(ltla, codes, aliases + "E10000016,886,itself\n"),
              HasSubstr("ons-code-aliases.csv line 2: E10000016 is already an authority's code"));
}

}  // namespace
}  // namespace sg::places
