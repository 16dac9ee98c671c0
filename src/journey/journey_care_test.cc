// The placement fields the care commands derive from postcodes (distance,
// the placement's authority, IN/OUT), with and without a postcode directory.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "journey/journey.h"
#include "journey/journey_testing.h"

namespace sg::journey {
namespace {

namespace fs = std::filesystem;
using test_support::D;

// Real ONSPD rows (data/postcodes/onspd_postcodes.csv.gz).
constexpr std::string_view kPostcodes =
    "postcode,easting,northing,la_code\n"
    "CW1 2BJ,370672,355784,E06000049\n"    // Crewe, Cheshire East
    "PR1 0BS,353366,428900,E07000123\n"    // Preston, Lancashire
    "SK10 1DX,391805,373928,E06000049\n";  // Macclesfield, Cheshire East

constexpr std::string_view kCheshireEast = "E06000049";

// One stored episode's derived columns; NULL reads as nullopt.
struct Derived {
  std::optional<double> distance;
  std::optional<std::string> la;
  std::optional<std::string> location;
};

class CarePlacementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_journey_care_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    std::ofstream(dir_ / "pc.csv", std::ios::binary) << kPostcodes;
    auto built = places::PostcodeDirectory::BuildIndex(dir_ / "pc.csv", dir_ / "pc.idx");
    ASSERT_TRUE(built) << built.error().message();
    auto opened = places::PostcodeDirectory::Open(dir_ / "pc.idx");
    ASSERT_TRUE(opened) << opened.error().message();
    postcodes_ = std::make_unique<places::PostcodeDirectory>(std::move(opened).value());
    auto db =
        store::OpenSqlite((dir_ / "safeguard.db").string(), store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    gate_ = std::make_unique<access::Gate>(*db_, clock_);
  }
  void TearDown() override {
    gate_.reset();
    db_.reset();
    postcodes_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  Journey MakeJourney(PlacementLookup lookup) {
    return Journey(*gate_, core::WorkingCalendar::EnglandAndWales(), core::CodeLists::Embedded(),
                   std::move(lookup));
  }
  Journey WithDirectory() { return MakeJourney({postcodes_.get(), std::string(kCheshireEast)}); }

  Id Child(Journey& journey) {
    store::Person p;
    p.forename = "Child";
    p.surname = std::to_string(++children_);
    p.la_child_id = "LA" + std::to_string(children_);
    p.birth_date = D("2015-03-01");
    auto id = journey.RegisterChild(sys_, p);
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  }

  static CareChange Placed(std::string_view date, std::string reason,
                           std::optional<std::string> home, std::optional<std::string> placement) {
    CareChange c;
    c.date = D(date);
    c.reason_new_episode = std::move(reason);
    c.legal_status = "C2";
    c.category_of_need = "N1";
    c.placement_type = "U1";
    c.home_postcode = std::move(home);
    c.placement_postcode = std::move(placement);
    return c;
  }

  Id Start(Journey& journey, Id child, std::optional<std::string> home,
           std::optional<std::string> placement) {
    auto id = journey.StartCare(sys_, child, Placed("2025-05-01", "S", home, placement));
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  }

  Derived Stored(Id episode) {
    Derived d;
    auto read = db_->Query(
        "SELECT placement_distance, placement_la, placement_location FROM care_episodes "
        "WHERE id = $1",
        {episode}, [&](const store::Row& row) -> Status {
          if (!row.IsNull(0)) d.distance = row.Real(0);
          d.la = row.OptString(1);
          d.location = row.OptString(2);
          return {};
        });
    EXPECT_TRUE(read) << read.error().message();
    return d;
  }

  fs::path dir_;
  core::FixedClock clock_{core::Date::FromYmd(2025, 6, 30)};
  std::unique_ptr<places::PostcodeDirectory> postcodes_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<access::Gate> gate_;
  const access::Actor sys_ = access::Actor::System("test", "testing");
  int children_ = 0;
};

TEST_F(CarePlacementTest, PlacementInsideTheAuthority) {
  Journey journey = WithDirectory();
  Id episode = Start(journey, Child(journey), "CW1 2BJ", "sk10 1dx");
  Derived d = Stored(episode);
  EXPECT_EQ(d.distance, 17.3);
  EXPECT_EQ(d.la, "E06000049");
  EXPECT_EQ(d.location, "IN");
}

TEST_F(CarePlacementTest, ChangeToAPlacementOutsideKeepsTheHomePostcode) {
  Journey journey = WithDirectory();
  Id child = Child(journey);
  Id first = Start(journey, child, "CW1 2BJ", "SK10 1DX");
  // The change names no home postcode: the open episode's carries over.
  auto second = journey.ChangeCare(sys_, child, Placed("2025-06-02", "P", std::nullopt, "PR1 0BS"));
  ASSERT_TRUE(second) << second.error().message();
  Derived d = Stored(*second);
  EXPECT_EQ(d.distance, 46.7);
  EXPECT_EQ(d.la, "E10000017");  // Lancashire, the county of Preston
  EXPECT_EQ(d.location, "OUT");
  EXPECT_EQ(Stored(first).location, "IN");  // the ended episode keeps its own
}

TEST_F(CarePlacementTest, UnknownPlacementPostcodeLeavesAllUnknownNotZero) {
  Journey journey = WithDirectory();
  Derived d = Stored(Start(journey, Child(journey), "CW1 2BJ", "CW1 9ZZ"));
  EXPECT_FALSE(d.distance.has_value());
  EXPECT_FALSE(d.la.has_value());
  EXPECT_FALSE(d.location.has_value());
}

TEST_F(CarePlacementTest, UnknownOrMissingHomePostcodeLeavesOnlyTheDistanceUnknown) {
  Journey journey = WithDirectory();
  for (std::optional<std::string> home :
       {std::optional<std::string>("CW1 9ZZ"), std::optional<std::string>()}) {
    Derived d = Stored(Start(journey, Child(journey), home, "PR1 0BS"));
    EXPECT_FALSE(d.distance.has_value()) << home.value_or("(none)");
    EXPECT_EQ(d.la, "E10000017");
    EXPECT_EQ(d.location, "OUT");
  }
}

TEST_F(CarePlacementTest, NoPlacementPostcodeRecorded) {
  Journey journey = WithDirectory();
  Derived d = Stored(Start(journey, Child(journey), "CW1 2BJ", std::nullopt));
  EXPECT_FALSE(d.distance.has_value());
  EXPECT_FALSE(d.la.has_value());
  EXPECT_FALSE(d.location.has_value());
}

TEST_F(CarePlacementTest, NoAuthorityLeavesOnlyInOrOutUnknown) {
  Journey journey = MakeJourney({postcodes_.get(), ""});
  Derived d = Stored(Start(journey, Child(journey), "CW1 2BJ", "SK10 1DX"));
  EXPECT_EQ(d.distance, 17.3);
  EXPECT_EQ(d.la, "E06000049");
  EXPECT_FALSE(d.location.has_value());
}

TEST_F(CarePlacementTest, NoDirectoryLeavesTheFieldsUnknown) {
  Journey journey = MakeJourney({});
  Id child = Child(journey);
  Derived started = Stored(Start(journey, child, "CW1 2BJ", "SK10 1DX"));
  EXPECT_FALSE(started.distance.has_value());
  EXPECT_FALSE(started.la.has_value());
  EXPECT_FALSE(started.location.has_value());
  auto changed =
      journey.ChangeCare(sys_, child, Placed("2025-06-02", "P", std::nullopt, "PR1 0BS"));
  ASSERT_TRUE(changed) << changed.error().message();
  EXPECT_FALSE(Stored(*changed).distance.has_value());
  EXPECT_FALSE(Stored(*changed).location.has_value());
}

}  // namespace
}  // namespace sg::journey
