#include "places/placement.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace sg::places {
namespace {

namespace fs = std::filesystem;

// Real ONSPD rows (data/postcodes/onspd_postcodes.csv.gz), one per case.
constexpr std::string_view kCsv =
    "postcode,easting,northing,la_code\n"
    "AB11 3AG,,,\n"                        // known, but neither located nor in a district
    "BT1 1AA,334316,374675,N09000003\n"    // Belfast, on the Irish Grid
    "CW1 2BJ,370672,355784,E06000049\n"    // Crewe, Cheshire East
    "DN5 7HP,447500,403300,E08000038\n"    // Barnsley under its 2025 ONS code
    "GY1 1AA,,,L99999999\n"                // Guernsey: no grid reference
    "M1 1AE,384756,398553,E08000003\n"     // Manchester
    "PR1 0BS,353366,428900,E07000123\n"    // Preston, a district of Lancashire
    "SK10 1DX,391805,373928,E06000049\n";  // Macclesfield, Cheshire East

constexpr std::string_view kCheshireEast = "E06000049";

class PlacementOfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::path(::testing::TempDir()) / "placement_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    folder_ = new fs::path(pattern);
    std::ofstream(*folder_ / "pc.csv", std::ios::binary) << kCsv;
    auto built = PostcodeDirectory::BuildIndex(*folder_ / "pc.csv", *folder_ / "pc.idx");
    ASSERT_TRUE(built.has_value()) << built.error().message();
    auto opened = PostcodeDirectory::Open(*folder_ / "pc.idx");
    ASSERT_TRUE(opened.has_value()) << opened.error().message();
    directory_ = new PostcodeDirectory(std::move(opened).value());
  }
  static void TearDownTestSuite() {
    delete directory_;
    directory_ = nullptr;
    std::error_code ignored;
    if (folder_ != nullptr) fs::remove_all(*folder_, ignored);
    delete folder_;
    folder_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(directory_, nullptr); }

  static Placement Of(std::string_view authority, std::string_view home,
                      std::string_view placement) {
    return PlacementOf(*directory_, authority, home, placement);
  }

  static fs::path* folder_;
  static PostcodeDirectory* directory_;
};
fs::path* PlacementOfTest::folder_ = nullptr;
PostcodeDirectory* PlacementOfTest::directory_ = nullptr;

TEST_F(PlacementOfTest, InsideTheAuthority) {
  Placement p = Of(kCheshireEast, "CW1 2BJ", "SK10 1DX");
  ASSERT_TRUE(p.distance_miles.has_value());
  EXPECT_DOUBLE_EQ(*p.distance_miles, 17.3);  // 17.3077 rounded
  EXPECT_EQ(p.authority, "E06000049");
  EXPECT_EQ(p.location, PlacementLocation::kIn);
}

TEST_F(PlacementOfTest, OutsideInAShireCountyGivesTheCounty) {
  Placement p = Of(kCheshireEast, "CW1 2BJ", "PR1 0BS");
  ASSERT_TRUE(p.distance_miles.has_value());
  EXPECT_DOUBLE_EQ(*p.distance_miles, 46.7);  // 46.688
  EXPECT_EQ(p.authority, "E10000017");        // Lancashire, not Preston
  EXPECT_EQ(p.location, PlacementLocation::kOut);
}

TEST_F(PlacementOfTest, AuthorityAsTheDfeCodesIt) {
  Placement p = Of("E08000016", "M1 1AE", "DN5 7HP");
  EXPECT_EQ(p.authority, "E08000016");  // the ONSPD's E08000038 is Barnsley
  EXPECT_EQ(p.location, PlacementLocation::kIn);
}

TEST_F(PlacementOfTest, SamePostcodeIsZeroMilesNotUnknown) {
  Placement p = Of(kCheshireEast, "CW1 2BJ", "CW1 2BJ");
  ASSERT_TRUE(p.distance_miles.has_value());
  EXPECT_EQ(*p.distance_miles, 0.0);
}

TEST_F(PlacementOfTest, AnySpellingOfThePostcodes) {
  Placement p = Of(kCheshireEast, "cw12bj", " sk10  1dx ");
  EXPECT_EQ(p.distance_miles, 17.3);
  EXPECT_EQ(p.location, PlacementLocation::kIn);
}

TEST_F(PlacementOfTest, UnknownPlacementPostcodeLeavesEverythingUnknown) {
  for (std::string_view placement : {"CW1 9ZZ", "not a postcode", ""}) {
    Placement p = Of(kCheshireEast, "CW1 2BJ", placement);
    EXPECT_FALSE(p.distance_miles.has_value()) << placement;
    EXPECT_FALSE(p.authority.has_value()) << placement;
    EXPECT_EQ(p.location, PlacementLocation::kUnknown) << placement;
  }
}

TEST_F(PlacementOfTest, UnknownHomePostcodeLeavesOnlyTheDistanceUnknown) {
  for (std::string_view home : {"CW1 9ZZ", ""}) {
    Placement p = Of(kCheshireEast, home, "PR1 0BS");
    EXPECT_FALSE(p.distance_miles.has_value()) << home;
    EXPECT_EQ(p.authority, "E10000017") << home;
    EXPECT_EQ(p.location, PlacementLocation::kOut) << home;
  }
}

TEST_F(PlacementOfTest, NoResponsibleAuthorityLeavesOnlyTheLocationUnknown) {
  for (std::string_view authority : {"", "895"}) {  // a DfE number is not an ONS code
    Placement p = Of(authority, "CW1 2BJ", "SK10 1DX");
    EXPECT_EQ(p.distance_miles, 17.3) << authority;
    EXPECT_EQ(p.authority, "E06000049") << authority;
    EXPECT_EQ(p.location, PlacementLocation::kUnknown) << authority;
  }
}

TEST_F(PlacementOfTest, AcrossGridsTheDistanceIsUnknown) {
  Placement p = Of(kCheshireEast, "CW1 2BJ", "BT1 1AA");
  EXPECT_FALSE(p.distance_miles.has_value());
  EXPECT_EQ(p.authority, "N09000003");  // its own upper tier, not a DfE authority
  EXPECT_EQ(p.location, PlacementLocation::kOut);
}

TEST_F(PlacementOfTest, PostcodeWithoutGridReferenceOrDistrict) {
  Placement guernsey = Of(kCheshireEast, "CW1 2BJ", "GY1 1AA");
  EXPECT_FALSE(guernsey.distance_miles.has_value());
  EXPECT_FALSE(guernsey.authority.has_value());
  EXPECT_EQ(guernsey.location, PlacementLocation::kOut);  // a Crown dependency
  Placement nowhere = Of(kCheshireEast, "CW1 2BJ", "AB11 3AG");
  EXPECT_FALSE(nowhere.distance_miles.has_value());
  EXPECT_FALSE(nowhere.authority.has_value());
  EXPECT_EQ(nowhere.location, PlacementLocation::kUnknown);
}

}  // namespace
}  // namespace sg::places
