#include "demo/demo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <span>
#include <string>

#include "access/audit.h"
#include "demo/postcodes.h"
#include "places/postcode_directory.h"
#include "store/database.h"

namespace sg::demo {
namespace {

namespace fs = std::filesystem;
using core::Date;

const Date kUntil = Date::FromYmd(2025, 3, 31);

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sg-demo-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  struct Built {
    std::unique_ptr<store::Database> db;
    core::Result<Counts> counts;
  };

  Built BuildDemo(const std::string& name, uint64_t seed, double contacts = 400, int years = 1,
                  const places::PostcodeDirectory* postcodes = nullptr,
                  const std::string& users_password = "") {
    auto db = store::OpenSqlite((dir_ / name).string(), store::OpenMode::kCreateIfMissing);
    EXPECT_TRUE(db.has_value());
    core::FixedClock clock(kUntil);
    access::Gate gate(**db, clock);
    Options options;
    options.seed = seed;
    options.years = years;
    options.until = kUntil;
    options.contacts_per_year = contacts;
    options.postcodes = postcodes;
    options.users_password = users_password;
    options.users_hash_cost = access::HashCost::kMinimum;
    auto counts = Build(gate, core::WorkingCalendar::EnglandAndWales(),
                        core::CodeLists::Embedded(), options, nullptr);
    return Built{std::move(*db), std::move(counts)};
  }

  static std::string HeadHash(store::Database& db) {
    std::string hash;
    EXPECT_TRUE(db.Query("SELECT entry_hash FROM audit_head", {}, [&](const store::Row& row) {
                    hash = row.String(0);
                    return core::Status();
                  }).has_value());
    return hash;
  }

  static int64_t Count(store::Database& db, const std::string& sql) {
    auto n = db.QueryInt(sql, {});
    EXPECT_TRUE(n.has_value()) << sql;
    return n.value_or(-1);
  }

  fs::path dir_;
};

TEST_F(DemoTest, SameSeedGivesTheSameDatabase) {
  Built a = BuildDemo("a.sqlite", 42);
  Built b = BuildDemo("b.sqlite", 42);
  ASSERT_TRUE(a.counts.has_value()) << a.counts.error().message();
  ASSERT_TRUE(b.counts.has_value());
  EXPECT_EQ(a.counts->contacts, b.counts->contacts);
  EXPECT_EQ(a.counts->referrals, b.counts->referrals);
  EXPECT_EQ(a.counts->cp_plans, b.counts->cp_plans);
  // The audit head hashes every row ever written, so equal heads mean equal logs.
  EXPECT_EQ(HeadHash(*a.db), HeadHash(*b.db));
  EXPECT_FALSE(HeadHash(*a.db).empty());
}

TEST_F(DemoTest, DifferentSeedGivesADifferentDatabase) {
  Built a = BuildDemo("a.sqlite", 1);
  Built b = BuildDemo("b.sqlite", 2);
  ASSERT_TRUE(a.counts.has_value());
  ASSERT_TRUE(b.counts.has_value());
  EXPECT_NE(HeadHash(*a.db), HeadHash(*b.db));
}

TEST_F(DemoTest, VolumesFollowTheSizeAsked) {
  Built built = BuildDemo("v.sqlite", 3, 2000);
  ASSERT_TRUE(built.counts.has_value()) << built.counts.error().message();
  const Counts& c = *built.counts;
  // A year of a 2,000-contact authority: about a quarter become referrals.
  EXPECT_GT(c.contacts, 1700);
  EXPECT_LT(c.contacts, 2300);
  EXPECT_GT(c.referrals, c.contacts / 6);
  EXPECT_LT(c.referrals, c.contacts / 2);
  EXPECT_GE(c.assessments, c.referrals * 8 / 10);
  EXPECT_GT(c.section47s, 0);
  EXPECT_GE(c.section47s, c.icpcs);
  EXPECT_GE(c.icpcs, c.cp_plans);
  EXPECT_GT(c.care_periods, 0);
}

TEST_F(DemoTest, AuditLogOfTheDemoIsIntact) {
  Built built = BuildDemo("audit.sqlite", 5);
  ASSERT_TRUE(built.counts.has_value());
  auto verified = access::VerifyAudit(*built.db);
  ASSERT_TRUE(verified.has_value());
  EXPECT_TRUE(verified->intact) << verified->problem;
  EXPECT_GT(verified->rows_checked, built.counts->contacts);
}

TEST_F(DemoTest, RefusesADatabaseThatAlreadyHoldsChildren) {
  Built first = BuildDemo("twice.sqlite", 1);
  ASSERT_TRUE(first.counts.has_value());
  auto persons = first.db->QueryInt("SELECT COUNT(*) FROM persons", {});
  first.db.reset();
  Built second = BuildDemo("twice.sqlite", 1);
  ASSERT_FALSE(second.counts.has_value());
  EXPECT_EQ(second.counts.error().code(), core::Code::kFailedPrecondition);
  EXPECT_EQ(second.db->QueryInt("SELECT COUNT(*) FROM persons", {}).value(), *persons);
}

TEST_F(DemoTest, RejectsImpossibleOptions) {
  auto db = store::OpenSqlite((dir_ / "o.sqlite").string(), store::OpenMode::kCreateIfMissing);
  ASSERT_TRUE(db.has_value());
  core::FixedClock clock(kUntil);
  access::Gate gate(**db, clock);
  Options options;
  options.until = kUntil;
  options.years = 0;
  auto counts = Build(gate, core::WorkingCalendar::EnglandAndWales(), core::CodeLists::Embedded(),
                      options, nullptr);
  ASSERT_FALSE(counts.has_value());
  EXPECT_EQ(counts.error().code(), core::Code::kInvalidArgument);
  EXPECT_EQ((*db)->QueryInt("SELECT COUNT(*) FROM persons", {}).value(), 0);
}

TEST_F(DemoTest, PlacementsAreLocatedWhenThePostcodeDirectoryIsGiven) {
  auto postcodes = places::PostcodeDirectory::Open(SG_POSTCODE_INDEX);
  ASSERT_TRUE(postcodes.has_value()) << postcodes.error().message();
  Built built = BuildDemo("located.sqlite", 4, 2000, 1, &*postcodes);
  ASSERT_TRUE(built.counts.has_value()) << built.counts.error().message();
  store::Database& db = *built.db;
  const int64_t episodes = Count(db, "SELECT COUNT(*) FROM care_episodes");
  ASSERT_GT(episodes, 100);
  // Every postcode the demo draws is real: nothing is left unknown.
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM care_episodes WHERE placement_distance IS NOT NULL "
                      "AND placement_la IS NOT NULL AND placement_location IS NOT NULL"),
            episodes);
  const int64_t inside = Count(db,
                               "SELECT COUNT(*) FROM care_episodes WHERE placement_location = 'IN' "
                               "AND placement_la = 'E06000049'");
  const int64_t far_outside = Count(db,
                                    "SELECT COUNT(*) FROM care_episodes "
                                    "WHERE placement_location = 'OUT' AND placement_distance > 20");
  EXPECT_GT(inside, episodes / 2) << "most placements are in Cheshire East";
  EXPECT_GT(far_outside, episodes / 20) << "some are far away";
  EXPECT_LT(far_outside, episodes / 3);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM care_episodes WHERE placement_location = 'OUT' "
                      "AND placement_la = 'E06000049'"),
            0);
  // Homes are in Cheshire East.
  int64_t homes_elsewhere = 0;
  ASSERT_TRUE(db.Query("SELECT DISTINCT home_postcode FROM persons", {},
                       [&](const store::Row& row) -> core::Status {
                         auto found = postcodes->Find(row.Text(0));
                         homes_elsewhere += !found || found->district != "E06000049";
                         return {};
                       }).has_value());
  EXPECT_EQ(homes_elsewhere, 0);
}

TEST_F(DemoTest, WithoutThePostcodeDirectoryPlacementFieldsStayUnknown) {
  Built built = BuildDemo("unlocated.sqlite", 4, 2000);
  ASSERT_TRUE(built.counts.has_value()) << built.counts.error().message();
  store::Database& db = *built.db;
  EXPECT_GT(Count(db, "SELECT COUNT(*) FROM care_episodes WHERE placement_postcode IS NOT NULL"),
            100);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM care_episodes WHERE placement_distance IS NOT NULL "
                      "OR placement_la IS NOT NULL OR placement_location IS NOT NULL"),
            0);
}

TEST_F(DemoTest, HomeAndPlacementPostcodesComeFromTheShippedLists) {
  std::set<std::string> known;
  for (auto list : {std::span<const std::string_view>(kCheshireEastPostcodes),
                    std::span<const std::string_view>(kNeighbourPostcodes),
                    std::span<const std::string_view>(kDistantPostcodes)}) {
    for (std::string_view postcode : list) known.insert(std::string(postcode));
  }
  auto postcodes = places::PostcodeDirectory::Open(SG_POSTCODE_INDEX);
  ASSERT_TRUE(postcodes.has_value()) << postcodes.error().message();
  for (const std::string& postcode : known) {
    auto found = postcodes->Find(postcode);
    ASSERT_TRUE(found.has_value()) << postcode << " is not in the ONSPD extract";
    EXPECT_TRUE(found->grid.has_value()) << postcode;
  }
  for (std::string_view postcode : kCheshireEastPostcodes) {
    EXPECT_EQ(postcodes->Find(postcode)->district, "E06000049") << postcode;
  }
  Built built = BuildDemo("lists.sqlite", 6, 1000);
  ASSERT_TRUE(built.counts.has_value()) << built.counts.error().message();
  ASSERT_TRUE(built.db->Query("SELECT placement_postcode FROM care_episodes "
                              "UNION SELECT home_postcode FROM persons", {},
                              [&](const store::Row& row) -> core::Status {
                                EXPECT_TRUE(known.contains(row.String(0))) << row.String(0);
                                return {};
                              }).has_value());
}

// About one referral in five is a re-referral within 12 months, and about one
// plan in five a second plan (DfE, England). Second plans come a year or more
// after the first ends, so in three years from no history they are still few.
TEST_F(DemoTest, FamiliesAreReferredAgainAndSomeNeedASecondPlan) {
  Built built = BuildDemo("again.sqlite", 2, 2500, 3);
  ASSERT_TRUE(built.counts.has_value()) << built.counts.error().message();
  store::Database& db = *built.db;
  const int64_t referrals = Count(db, "SELECT COUNT(*) FROM referrals");
  const int64_t again = Count(db,
      "SELECT COUNT(*) FROM referrals r WHERE EXISTS (SELECT 1 FROM referrals p "
      "WHERE p.person_id = r.person_id AND p.referral_date < r.referral_date "
      "AND p.referral_date >= date(r.referral_date, '-12 months'))");
  EXPECT_GT(again * 100, referrals * 10) << again << " of " << referrals;
  EXPECT_LT(again * 100, referrals * 35) << again << " of " << referrals;
  const int64_t plans = Count(db, "SELECT COUNT(*) FROM cp_plans");
  const int64_t second = Count(db, "SELECT COUNT(*) FROM cp_plans WHERE previous_plans > 0");
  EXPECT_GT(second * 100, plans * 2) << second << " of " << plans;
  EXPECT_LT(second * 100, plans * 35) << second << " of " << plans;
}

// ---- The partner agencies ----------------------------------------------------

// Involvements of the agency with code `agency`, as SQL's FROM clause.
std::string PartnerInvolvements(const std::string& agency) {
  return "FROM involvements i JOIN teams t ON t.id = i.team_id JOIN agencies a ON a.id = "
         "t.agency_id JOIN persons p ON p.id = i.person_id WHERE a.code = '" + agency + "'";
}

TEST_F(DemoTest, AgenciesAreTheSeededOnesAndPartnersHaveTeams) {
  Built built = BuildDemo("agencies.sqlite", 7);
  ASSERT_TRUE(built.counts.has_value()) << built.counts.error().message();
  store::Database& db = *built.db;
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM agencies"), 10);
  for (const char* team : {"POLICE/Public Protection Unit", "MCHFT/Safeguarding Children Team",
                           "SCHOOLS/Wistaston Primary School", "LA-CSC/Partnership Business Unit",
                           "LA-CSC/Front Door (ChECS)", "LA-CSC/Assessment Team North"}) {
    EXPECT_GT(Count(db, std::string("SELECT COUNT(*) FROM workers w JOIN teams t ON t.id = "
                                     "w.team_id JOIN agencies a ON a.id = t.agency_id WHERE "
                                     "a.code || '/' || t.name = '") + team + "'"),
              0)
        << team << " has no workers";
  }
}

TEST_F(DemoTest, PartnersAreInvolvedWithALawfulBasis) {
  Built built = BuildDemo("partners.sqlite", 2, 2500, 2);
  ASSERT_TRUE(built.counts.has_value()) << built.counts.error().message();
  store::Database& db = *built.db;
  // The police join every section 47 enquiry from its strategy discussion.
  EXPECT_EQ(Count(db, "SELECT COUNT(*) " + PartnerInvolvements("POLICE")),
            built.counts->section47s);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM section47_enquiries s JOIN strategy_discussions d "
                      "ON d.id = s.strategy_discussion_id JOIN referrals r ON r.id = s.referral_id "
                      "WHERE NOT EXISTS (SELECT 1 FROM involvements i JOIN teams t ON t.id = "
                      "i.team_id WHERE t.name = 'Public Protection Unit' AND i.person_id = "
                      "r.person_id AND i.start_date = d.discussion_date)"),
            0);
  // Hospital: babies under one at the referral, and the unborn.
  const int64_t hospital = Count(db, "SELECT COUNT(*) " + PartnerInvolvements("MCHFT"));
  EXPECT_GT(hospital, 0);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) " + PartnerInvolvements("MCHFT") +
                          " AND NOT (p.birth_date IS NULL OR i.start_date < date(p.birth_date, "
                          "'+1 year'))"),
            0);
  const int64_t unborn = Count(db, "SELECT COUNT(*) " + PartnerInvolvements("MCHFT") +
                                       " AND p.birth_date IS NULL AND i.consent = 1");
  EXPECT_GE(unborn, 2);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM persons WHERE birth_date IS NULL"), unborn);
  // The school: primary-age children in need, some of them.
  const int64_t school = Count(db, "SELECT COUNT(*) " + PartnerInvolvements("SCHOOLS"));
  EXPECT_GT(school, 0);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) " + PartnerInvolvements("SCHOOLS") +
                          " AND (i.start_date < date(p.birth_date, '+4 years') OR "
                          "i.start_date >= date(p.birth_date, '+11 years'))"),
            0);
  EXPECT_LT(school, Count(db, "SELECT COUNT(*) FROM cin_plans"));
  // Every share has its basis; partners' involvements outlive the council's
  // reallocations (some are open on the last day).
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM involvements WHERE lawful_basis = ''"), 0);
  EXPECT_GT(Count(db, "SELECT COUNT(*) " + PartnerInvolvements("POLICE") +
                          " AND i.end_date IS NULL"),
            0);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM involvements WHERE end_date < start_date"), 0);
}

TEST_F(DemoTest, PoliceIntelligenceIsRestrictedToThePolice) {
  Built built = BuildDemo("intelligence.sqlite", 2, 2500);
  ASSERT_TRUE(built.counts.has_value()) << built.counts.error().message();
  store::Database& db = *built.db;
  const int64_t restricted =
      Count(db, "SELECT COUNT(*) FROM chronology WHERE classification = 'police-restricted'");
  EXPECT_GT(restricted, 0);
  // Written as the police, on children the police work with, and nothing
  // else carries a classification.
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM chronology WHERE classification <> '' AND "
                      "(classification <> 'police-restricted' OR author_agency <> 'POLICE' OR "
                      "kind <> 'note')"),
            0);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM chronology c WHERE classification <> '' AND NOT "
                      "EXISTS (SELECT 1 " + PartnerInvolvements("POLICE") +
                      " AND i.person_id = c.person_id AND i.start_date <= c.occurred_on)"),
            0);
}

TEST_F(DemoTest, DemoUsersComeWithAPassword) {
  Built without = BuildDemo("no-users.sqlite", 1);
  ASSERT_TRUE(without.counts.has_value()) << without.counts.error().message();
  EXPECT_EQ(Count(*without.db, "SELECT COUNT(*) FROM users"), 0);
  Built with = BuildDemo("users.sqlite", 1, 400, 1, nullptr, "correct horse battery staple");
  ASSERT_TRUE(with.counts.has_value()) << with.counts.error().message();
  EXPECT_EQ(Count(*with.db, "SELECT COUNT(*) FROM users"), 10);
  // The same children either way: users are added after the authority.
  EXPECT_EQ(Count(*with.db, "SELECT COUNT(*) FROM persons"),
            Count(*without.db, "SELECT COUNT(*) FROM persons"));
  // A password the policy refuses keeps nothing of the demo.
  Built weak = BuildDemo("weak.sqlite", 1, 400, 1, nullptr, "short");
  ASSERT_FALSE(weak.counts.has_value());
  EXPECT_EQ(weak.counts.error().code(), core::Code::kInvalidArgument);
  EXPECT_EQ(Count(*weak.db, "SELECT COUNT(*) FROM persons"), 0);
}

}  // namespace
}  // namespace sg::demo
