#include "demo/demo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "access/audit.h"
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

  Built BuildDemo(const std::string& name, uint64_t seed, double contacts = 400) {
    auto db = store::OpenSqlite((dir_ / name).string(), store::OpenMode::kCreateIfMissing);
    EXPECT_TRUE(db.has_value());
    core::FixedClock clock(kUntil);
    access::Gate gate(**db, clock);
    Options options;
    options.seed = seed;
    options.years = 1;
    options.until = kUntil;
    options.contacts_per_year = contacts;
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

}  // namespace
}  // namespace sg::demo
