// LoadSnapshot and Snapshot::Validate: rows written with plain SQL come
// back as columns in the Snapshot's order, with row numbers instead of ids.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "store/database.h"
#include "store/snapshot.h"

namespace sg::store {
namespace {

namespace fs = std::filesystem;
using core::Code;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

DayNumber Day(int year, unsigned month, unsigned day) {
  return core::Date::FromYmd(year, month, day).days();
}

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "sg_snapshot_test_XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  bool ok() const { return !path_.empty(); }

 private:
  fs::path path_;
};

class SnapshotStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok()) << "could not make a temporary directory";
    auto db = OpenSqlite(dir_.File("safeguard.db"), OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
  }

  // Runs fixed SQL; a failure is the test's own mistake.
  void Sql(std::string_view sql) {
    auto s = db_->Execute(sql);
    ASSERT_TRUE(s) << s.error().message() << "\n" << sql;
  }

  Snapshot Load() {
    auto snapshot = LoadSnapshot(*db_);
    EXPECT_TRUE(snapshot) << snapshot.error().message();
    if (!snapshot) return {};
    auto valid = snapshot->Validate();
    EXPECT_TRUE(valid) << valid.error().message();
    return std::move(*snapshot);
  }

  void Person(int id, std::string_view birth = "'2010-05-01'") {
    Sql(
        fmt::format("INSERT INTO persons (id, birth_date, expected_birth_date, created_at) "
                    "VALUES ({}, {}, '2024-01-01', 'now')",
                    id, birth));
  }

  void Referral(int id, int person, std::string_view date) {
    Sql(
        fmt::format("INSERT INTO referrals (id, person_id, referral_date, referral_source) "
                    "VALUES ({}, {}, '{}', '1A')",
                    id, person, date));
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

// The names of a contact's factors (or tools), resolved through the interned names.
std::vector<std::string> Names(const Csr& csr, const std::vector<uint16_t>& values,
                               const std::vector<std::string>& names, size_t row) {
  std::vector<std::string> out;
  for (uint32_t i = csr.begin(row); i < csr.end(row); ++i) out.push_back(names.at(values.at(i)));
  return out;
}

TEST_F(SnapshotStoreTest, EmptyDatabaseGivesEmptyColumnsThatValidate) {
  Snapshot s = Load();
  EXPECT_EQ(s.la_number, "");
  EXPECT_EQ(s.persons.size(), 0u);
  EXPECT_EQ(s.contacts.size(), 0u);
  EXPECT_THAT(s.contacts.factors.offsets, ElementsAre(0u));
  EXPECT_THAT(s.contacts.tools.offsets, ElementsAre(0u));
  EXPECT_THAT(s.contacts.factor_names, IsEmpty());
  EXPECT_THAT(s.contacts.tool_names, IsEmpty());
  EXPECT_EQ(s.early_help.size(), 0u);
  EXPECT_EQ(s.referrals.size(), 0u);
  EXPECT_EQ(s.assessments.size(), 0u);
  EXPECT_EQ(s.section47s.size(), 0u);
  EXPECT_EQ(s.icpcs.size(), 0u);
  EXPECT_EQ(s.cp_plans.size(), 0u);
  EXPECT_THAT(s.cp_plans.reviews.offsets, ElementsAre(0u));
  EXPECT_EQ(s.care_episodes.size(), 0u);
  EXPECT_EQ(s.leaver_contacts.size(), 0u);
  EXPECT_TRUE(s.Validate());
}

TEST_F(SnapshotStoreTest, LaNumberComesFromSettings) {
  Sql("INSERT INTO settings (key, value) VALUES ('la_number', '895')");
  EXPECT_EQ(Load().la_number, "895");
}

TEST_F(SnapshotStoreTest, PersonsInIdOrderWithUascAndUnbornBirthAsNoDate) {
  Sql("INSERT INTO persons (id, birth_date, uasc, uasc_ceased, created_at) "
      "VALUES (30, '2005-03-04', '1', '2022-09-30', 'now')");
  Sql("INSERT INTO persons (id, birth_date, expected_birth_date, uasc, created_at) "
      "VALUES (10, NULL, '2021-07-01', NULL, 'now')");
  Sql("INSERT INTO persons (id, birth_date, uasc, created_at) "
      "VALUES (20, '2006-01-31', '1', 'now')");
  Sql("INSERT INTO persons (id, birth_date, uasc, created_at) "
      "VALUES (25, '2007-02-28', '0', 'now')");
  Snapshot s = Load();
  EXPECT_THAT(s.persons.id, ElementsAre(10, 20, 25, 30));
  EXPECT_THAT(s.persons.birth,
              ElementsAre(kNoDate, Day(2006, 1, 31), Day(2007, 2, 28), Day(2005, 3, 4)));
  EXPECT_THAT(s.persons.uasc, ElementsAre(0, 1, 0, 1));
  EXPECT_THAT(s.persons.uasc_ceased, ElementsAre(kOpen, kOpen, kOpen, Day(2022, 9, 30)));
}

TEST_F(SnapshotStoreTest, ContactsWithFactorsAndToolsAsInternedCsr) {
  Person(1);
  Person(2);
  // Inserted out of (person, date) order; contact 12 has no factor or tool.
  Sql("INSERT INTO contacts (id, person_id, contact_date, contact_source, outcome) VALUES "
      "(13, 2, '2020-06-01', '1A', 'nfa'),"
      "(11, 1, '2020-05-02', '1A', 'referral'),"
      "(12, 1, '2020-05-01', '1A', 'advice'),"
      "(14, 2, '2020-06-02', '1A', 'early_help'),"
      "(15, 2, '2020-06-03', '1A', NULL)");
  Sql("INSERT INTO contact_factors (contact_id, factor) VALUES "
      "(11, 'child_sexual_exploitation'), (11, 'domestic_abuse'), (13, 'domestic_abuse'),"
      "(14, 'child_criminal_exploitation'), (14, 'child_sexual_exploitation'), (14, 'neglect')");
  Sql("INSERT INTO contact_screening_tools (contact_id, tool) VALUES "
      "(11, 'CE screening tool'), (14, 'CE screening tool'), (14, 'DASH')");
  Snapshot s = Load();
  const auto& c = s.contacts;
  ASSERT_EQ(c.size(), 5u);
  EXPECT_THAT(c.person, ElementsAre(0, 0, 1, 1, 1));
  EXPECT_THAT(c.date, ElementsAre(Day(2020, 5, 1), Day(2020, 5, 2), Day(2020, 6, 1),
                                  Day(2020, 6, 2), Day(2020, 6, 3)));
  EXPECT_THAT(c.outcome,
              ElementsAre(ContactOutcome::kAdvice, ContactOutcome::kReferral, ContactOutcome::kNfa,
                          ContactOutcome::kEarlyHelp, ContactOutcome::kUndecided));

  EXPECT_THAT(c.factors.offsets, ElementsAre(0u, 0u, 2u, 3u, 6u, 6u));
  EXPECT_EQ(c.factor_values.size(), 6u);
  EXPECT_THAT(c.factor_names, UnorderedElementsAre("child_sexual_exploitation", "domestic_abuse",
                                                   "child_criminal_exploitation", "neglect"));
  EXPECT_THAT(Names(c.factors, c.factor_values, c.factor_names, 0), IsEmpty());
  EXPECT_THAT(Names(c.factors, c.factor_values, c.factor_names, 1),
              ElementsAre("child_sexual_exploitation", "domestic_abuse"));
  EXPECT_THAT(Names(c.factors, c.factor_values, c.factor_names, 2), ElementsAre("domestic_abuse"));
  EXPECT_THAT(Names(c.factors, c.factor_values, c.factor_names, 3),
              ElementsAre("child_criminal_exploitation", "child_sexual_exploitation", "neglect"));
  EXPECT_THAT(Names(c.factors, c.factor_values, c.factor_names, 4), IsEmpty());

  EXPECT_THAT(c.tools.offsets, ElementsAre(0u, 0u, 1u, 1u, 3u, 3u));
  EXPECT_THAT(c.tool_names, UnorderedElementsAre("CE screening tool", "DASH"));
  EXPECT_THAT(Names(c.tools, c.tool_values, c.tool_names, 1), ElementsAre("CE screening tool"));
  EXPECT_THAT(Names(c.tools, c.tool_values, c.tool_names, 3),
              ElementsAre("CE screening tool", "DASH"));
}

TEST_F(SnapshotStoreTest, EarlyHelpWithOpenEndAsOpen) {
  Person(1);
  Person(2);
  Sql("INSERT INTO early_help_episodes (id, person_id, start_date, end_date) VALUES "
      "(1, 2, '2020-01-10', NULL), (2, 1, '2019-11-01', '2020-02-29')");
  Snapshot s = Load();
  EXPECT_THAT(s.early_help.person, ElementsAre(0, 1));
  EXPECT_THAT(s.early_help.start, ElementsAre(Day(2019, 11, 1), Day(2020, 1, 10)));
  EXPECT_THAT(s.early_help.end, ElementsAre(Day(2020, 2, 29), kOpen));
}

TEST_F(SnapshotStoreTest, ReferralsWithNfaClosureAndReason) {
  Person(1);
  Sql("INSERT INTO referrals (id, person_id, referral_date, referral_source, nfa, closure_date, "
      "closure_reason) VALUES "
      "(1, 1, '2020-04-01', '1A', 1, '2020-04-03', 'RC8'),"
      "(2, 1, '2020-09-15', '5B', 0, NULL, NULL),"
      "(3, 1, '2021-01-04', '3A', 0, '2021-03-31', 'RC1')");
  Snapshot s = Load();
  const auto& r = s.referrals;
  EXPECT_THAT(r.person, ElementsAre(0, 0, 0));
  EXPECT_THAT(r.date, ElementsAre(Day(2020, 4, 1), Day(2020, 9, 15), Day(2021, 1, 4)));
  EXPECT_THAT(r.nfa, ElementsAre(1, 0, 0));
  EXPECT_THAT(r.closure, ElementsAre(Day(2020, 4, 3), kOpen, Day(2021, 3, 31)));
  EXPECT_THAT(r.closure_reason, ElementsAre(ShortCode("RC8"), ShortCode(), ShortCode("RC1")));
}

TEST_F(SnapshotStoreTest, AssessmentsSection47sAndIcpcs) {
  Person(1);
  Referral(1, 1, "2020-04-01");
  Sql("INSERT INTO assessments (id, referral_id, start_date, authorisation_date) VALUES "
      "(1, 1, '2020-04-02', '2020-05-20'), (2, 1, '2020-06-01', NULL)");
  Sql("INSERT INTO section47_enquiries (id, referral_id, start_date) VALUES (1, 1, '2020-04-05')");
  Sql("INSERT INTO icpcs (id, referral_id, section47_id, conference_date, transfer_in, plan_made) "
      "VALUES (1, 1, 1, '2020-04-20', 0, 1), (2, 1, NULL, '2020-08-03', 1, 1)");
  Snapshot s = Load();
  EXPECT_THAT(s.assessments.referral, ElementsAre(0, 0));
  EXPECT_THAT(s.assessments.start, ElementsAre(Day(2020, 4, 2), Day(2020, 6, 1)));
  EXPECT_THAT(s.assessments.authorised, ElementsAre(Day(2020, 5, 20), kNoDate));
  EXPECT_THAT(s.section47s.referral, ElementsAre(0));
  EXPECT_THAT(s.section47s.start, ElementsAre(Day(2020, 4, 5)));
  EXPECT_THAT(s.icpcs.referral, ElementsAre(0, 0));
  EXPECT_THAT(s.icpcs.section47, ElementsAre(0, kNoRow));
  EXPECT_THAT(s.icpcs.date, ElementsAre(Day(2020, 4, 20), Day(2020, 8, 3)));
  EXPECT_THAT(s.icpcs.transfer_in, ElementsAre(0, 1));
}

TEST_F(SnapshotStoreTest, CpPlansWithReviewsAscendingInCsr) {
  Person(1);
  Referral(1, 1, "2020-04-01");
  Sql("INSERT INTO cp_plans (id, referral_id, start_date, end_date, initial_category, "
      "latest_category, previous_plans) VALUES "
      "(1, 1, '2020-04-20', '2021-02-01', 'NEG', 'EMO', 2),"
      "(2, 1, '2021-03-01', NULL, 'MUL', 'MUL', 0),"
      "(3, 1, '2021-03-10', NULL, 'PHY', 'PHY', 1)");
  // Reviews written newest first, and none for plan 3.
  Sql("INSERT INTO cp_reviews (id, cp_plan_id, review_date) VALUES "
      "(1, 1, '2020-11-01'), (2, 1, '2020-07-15'), (3, 2, '2021-03-20'), (4, 1, '2021-01-10')");
  Snapshot s = Load();
  const auto& p = s.cp_plans;
  EXPECT_THAT(p.person, ElementsAre(0, 0, 0));
  EXPECT_THAT(p.referral, ElementsAre(0, 0, 0));
  EXPECT_THAT(p.start, ElementsAre(Day(2020, 4, 20), Day(2021, 3, 1), Day(2021, 3, 10)));
  EXPECT_THAT(p.end, ElementsAre(Day(2021, 2, 1), kOpen, kOpen));
  EXPECT_THAT(p.initial_category,
              ElementsAre(ShortCode("NEG"), ShortCode("MUL"), ShortCode("PHY")));
  EXPECT_THAT(p.previous_plans, ElementsAre(2, 0, 1));
  EXPECT_THAT(p.reviews.offsets, ElementsAre(0u, 3u, 4u, 4u));
  EXPECT_THAT(p.review_dates,
              ElementsAre(Day(2020, 7, 15), Day(2020, 11, 1), Day(2021, 1, 10), Day(2021, 3, 20)));
}

TEST_F(SnapshotStoreTest, CareEpisodesDistanceNullIsNanAndLocationIsOneZeroMinusOne) {
  Person(1);
  Sql("INSERT INTO care_episodes (id, person_id, start_date, reason_new_episode, legal_status, "
      "category_of_need, placement_type, end_date, reason_ceased, placement_distance, "
      "placement_location) VALUES "
      "(1, 1, '2019-06-01', 'S', 'C2', 'N1', 'U1', '2019-12-01', 'X1', 23.4, 'OUT'),"
      "(2, 1, '2019-12-01', 'P', 'C2', 'N1', 'K2', '2020-03-31', 'E11', 2.5, 'IN'),"
      "(3, 1, '2021-05-05', 'S', 'V2', 'N2', 'U3', NULL, NULL, NULL, NULL)");
  Snapshot s = Load();
  const auto& e = s.care_episodes;
  ASSERT_EQ(e.size(), 3u);
  EXPECT_THAT(e.person, ElementsAre(0, 0, 0));
  EXPECT_THAT(e.start, ElementsAre(Day(2019, 6, 1), Day(2019, 12, 1), Day(2021, 5, 5)));
  EXPECT_THAT(e.end, ElementsAre(Day(2019, 12, 1), Day(2020, 3, 31), kOpen));
  EXPECT_THAT(e.reason_new_episode, ElementsAre(ShortCode("S"), ShortCode("P"), ShortCode("S")));
  EXPECT_THAT(e.legal_status, ElementsAre(ShortCode("C2"), ShortCode("C2"), ShortCode("V2")));
  EXPECT_THAT(e.placement_type, ElementsAre(ShortCode("U1"), ShortCode("K2"), ShortCode("U3")));
  EXPECT_THAT(e.reason_ceased, ElementsAre(ShortCode("X1"), ShortCode("E11"), ShortCode()));
  EXPECT_FLOAT_EQ(e.distance_miles[0], 23.4f);
  EXPECT_FLOAT_EQ(e.distance_miles[1], 2.5f);
  EXPECT_TRUE(std::isnan(e.distance_miles[2]));
  EXPECT_THAT(e.outside_la, ElementsAre(1, 0, -1));
}

TEST_F(SnapshotStoreTest, LeaverContactsWithEmptyOptionalCodes) {
  Person(1);
  Sql("INSERT INTO care_leaver_contacts (id, person_id, contact_date, in_touch, activity, "
      "accommodation) VALUES "
      "(1, 1, '2021-05-01', 'YES', 'F1', 'B1'), (2, 1, '2021-06-01', 'REFU', NULL, NULL)");
  Snapshot s = Load();
  const auto& l = s.leaver_contacts;
  EXPECT_THAT(l.person, ElementsAre(0, 0));
  EXPECT_THAT(l.date, ElementsAre(Day(2021, 5, 1), Day(2021, 6, 1)));
  EXPECT_THAT(l.in_touch, ElementsAre(ShortCode("YES"), ShortCode("REFU")));
  EXPECT_THAT(l.activity, ElementsAre(ShortCode("F1"), ShortCode()));
  EXPECT_THAT(l.accommodation, ElementsAre(ShortCode("B1"), ShortCode()));
}

// Rows written in an order the Snapshot does not keep: person 20's records
// first, each child's newest first. Every cross-table index must follow
// its row to the new place.
TEST_F(SnapshotStoreTest, RowsComeOutInPersonDateOrderAndIndexesFollowThem) {
  Person(20);
  Person(10);
  Referral(1, 20, "2021-01-05");  // row 3
  Referral(2, 20, "2020-06-01");  // row 2
  Referral(3, 10, "2020-09-09");  // row 1
  Referral(4, 10, "2020-04-04");  // row 0
  Sql("INSERT INTO assessments (id, referral_id, start_date) VALUES "
      "(1, 1, '2021-01-06'), (2, 4, '2020-04-05'), (3, 2, '2020-06-02')");
  // Enquiries are kept in id order: id 3 is row 0, id 7 is row 1.
  Sql("INSERT INTO section47_enquiries (id, referral_id, start_date) VALUES "
      "(7, 1, '2021-01-07'), (3, 3, '2020-09-10')");
  Sql("INSERT INTO icpcs (id, referral_id, section47_id, conference_date, plan_made) VALUES "
      "(1, 1, 7, '2021-01-20', 1), (2, 3, 3, '2020-09-25', 1)");
  Sql("INSERT INTO cp_plans (id, referral_id, start_date, initial_category, latest_category) "
      "VALUES (1, 1, '2021-01-20', 'EMO', 'EMO'), (2, 3, '2020-09-25', 'NEG', 'NEG')");
  Sql("INSERT INTO cp_reviews (cp_plan_id, review_date) VALUES "
      "(1, '2021-04-10'), (2, '2020-12-01'), (2, '2021-03-01')");
  Sql("INSERT INTO care_episodes (id, person_id, start_date, reason_new_episode, legal_status, "
      "category_of_need, placement_type) VALUES "
      "(1, 20, '2021-02-01', 'S', 'C1', 'N1', 'U1'),"
      "(2, 10, '2021-03-01', 'S', 'V2', 'N1', 'U2'),"
      "(3, 10, '2020-11-11', 'S', 'C2', 'N1', 'U3'),"
      "(4, 20, '2020-12-12', 'L', 'E1', 'N1', 'U4')");
  Sql("INSERT INTO care_leaver_contacts (person_id, contact_date, in_touch) VALUES "
      "(20, '2021-06-01', 'YES'), (10, '2021-07-01', 'NO'), (20, '2021-05-01', 'DIED'),"
      "(10, '2021-04-01', 'NREQ')");
  Snapshot s = Load();

  EXPECT_THAT(s.persons.id, ElementsAre(10, 20));
  EXPECT_THAT(s.referrals.person, ElementsAre(0, 0, 1, 1));
  EXPECT_THAT(s.referrals.date,
              ElementsAre(Day(2020, 4, 4), Day(2020, 9, 9), Day(2020, 6, 1), Day(2021, 1, 5)));
  // Assessments stay in id order; each points at its referral's new row.
  EXPECT_THAT(s.assessments.referral, ElementsAre(3, 0, 2));
  EXPECT_THAT(s.section47s.referral, ElementsAre(1, 3));
  EXPECT_THAT(s.section47s.start, ElementsAre(Day(2020, 9, 10), Day(2021, 1, 7)));
  EXPECT_THAT(s.icpcs.referral, ElementsAre(3, 1));
  EXPECT_THAT(s.icpcs.section47, ElementsAre(1, 0));
  // Plans: person 10's (plan 2) before person 20's (plan 1), with their reviews.
  EXPECT_THAT(s.cp_plans.person, ElementsAre(0, 1));
  EXPECT_THAT(s.cp_plans.referral, ElementsAre(1, 3));
  EXPECT_THAT(s.cp_plans.start, ElementsAre(Day(2020, 9, 25), Day(2021, 1, 20)));
  EXPECT_THAT(s.cp_plans.reviews.offsets, ElementsAre(0u, 2u, 3u));
  EXPECT_THAT(s.cp_plans.review_dates,
              ElementsAre(Day(2020, 12, 1), Day(2021, 3, 1), Day(2021, 4, 10)));
  EXPECT_THAT(s.care_episodes.person, ElementsAre(0, 0, 1, 1));
  EXPECT_THAT(s.care_episodes.start,
              ElementsAre(Day(2020, 11, 11), Day(2021, 3, 1), Day(2020, 12, 12), Day(2021, 2, 1)));
  EXPECT_THAT(s.care_episodes.placement_type,
              ElementsAre(ShortCode("U3"), ShortCode("U2"), ShortCode("U4"), ShortCode("U1")));
  EXPECT_THAT(s.leaver_contacts.person, ElementsAre(0, 0, 1, 1));
  EXPECT_THAT(s.leaver_contacts.in_touch,
              ElementsAre(ShortCode("NREQ"), ShortCode("NO"), ShortCode("DIED"), ShortCode("YES")));
}

TEST_F(SnapshotStoreTest, MalformedStoredDateIsDataLossNamingIt) {
  Person(1);
  Referral(1, 1, "2020-13-45");
  auto snapshot = LoadSnapshot(*db_);
  ASSERT_FALSE(snapshot);
  EXPECT_EQ(snapshot.error().code(), Code::kDataLoss);
  EXPECT_THAT(snapshot.error().message(), HasSubstr("2020-13-45"));
}

TEST_F(SnapshotStoreTest, MalformedBirthDateIsDataLoss) {
  Person(1, "'31/12/2015'");
  auto snapshot = LoadSnapshot(*db_);
  ASSERT_FALSE(snapshot);
  EXPECT_EQ(snapshot.error().code(), Code::kDataLoss);
  EXPECT_THAT(snapshot.error().message(), HasSubstr("31/12/2015"));
}

// A small snapshot that keeps every invariant, for breaking one at a time.
Snapshot ValidSnapshot() {
  Snapshot s;
  s.persons = {.id = {1, 2}, .birth = {0, kNoDate}, .uasc = {0, 1}, .uasc_ceased = {kOpen, 10}};
  s.contacts.person = {0, 1};
  s.contacts.date = {5, 6};
  s.contacts.outcome = {ContactOutcome::kReferral, ContactOutcome::kNfa};
  s.contacts.factors.offsets = {0, 1, 1};
  s.contacts.factor_values = {0};
  s.contacts.factor_names = {"neglect"};
  s.contacts.tools.offsets = {0, 0, 0};
  s.early_help = {.person = {1}, .start = {3}, .end = {kOpen}};
  s.referrals = {.person = {0, 0, 1},
                 .date = {5, 9, 6},
                 .nfa = {0, 0, 0},
                 .closure = {kOpen, kOpen, 8},
                 .closure_reason = {ShortCode(), ShortCode(), ShortCode("RC1")}};
  s.assessments = {.referral = {0, 2}, .start = {6, 7}, .authorised = {kNoDate, 8}};
  s.section47s = {.referral = {0}, .start = {7}};
  s.icpcs = {.referral = {0, 2}, .section47 = {0, kNoRow}, .date = {9, 9}, .transfer_in = {0, 1}};
  s.cp_plans.person = {0, 1};
  s.cp_plans.referral = {0, kNoRow};
  s.cp_plans.start = {9, 9};
  s.cp_plans.end = {kOpen, kOpen};
  s.cp_plans.initial_category = {ShortCode("NEG"), ShortCode("PHY")};
  s.cp_plans.previous_plans = {0, 0};
  s.cp_plans.reviews.offsets = {0, 2, 2};
  s.cp_plans.review_dates = {20, 30};
  s.care_episodes = {.person = {1},
                     .start = {12},
                     .end = {kOpen},
                     .reason_new_episode = {ShortCode("S")},
                     .legal_status = {ShortCode("C2")},
                     .placement_type = {ShortCode("U1")},
                     .reason_ceased = {ShortCode()},
                     .distance_miles = {std::nanf("")},
                     .outside_la = {-1}};
  s.leaver_contacts = {.person = {0, 1},
                       .date = {40, 41},
                       .in_touch = {ShortCode("YES"), ShortCode("NO")},
                       .activity = {ShortCode(), ShortCode()},
                       .accommodation = {ShortCode(), ShortCode()}};
  return s;
}

TEST(SnapshotValidateTest, HandBuiltSnapshotKeepingEveryInvariantPasses) {
  auto valid = ValidSnapshot().Validate();
  EXPECT_TRUE(valid) << valid.error().message();
}

struct Breakage {
  std::string name;
  std::function<void(Snapshot&)> apply;
  std::string expected;  // part of the message
};

void PrintTo(const Breakage& breakage, std::ostream* out) {
  *out << breakage.name;
}

class SnapshotValidateBreakageTest : public ::testing::TestWithParam<Breakage> {};

TEST_P(SnapshotValidateBreakageTest, IsInternalNamingTheInvariant) {
  Snapshot s = ValidSnapshot();
  GetParam().apply(s);
  auto status = s.Validate();
  ASSERT_FALSE(status) << "expected: " << GetParam().expected;
  EXPECT_EQ(status.error().code(), Code::kInternal);
  EXPECT_THAT(status.error().message(), HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Broken, SnapshotValidateBreakageTest,
    ::testing::Values(
        Breakage{"PersonsOutOfIdOrder",
                 [](Snapshot& s) {
                   s.persons.id = {2, 1};
                 },
                 "persons not in id order"},
        Breakage{"PersonsDuplicateId",
                 [](Snapshot& s) {
                   s.persons.id = {1, 1};
                 },
                 "persons not in id order"},
        Breakage{"PersonsColumnShort", [](Snapshot& s) { s.persons.uasc.pop_back(); },
                 "persons columns differ"},
        Breakage{"ReferralsOutOfDateOrderWithinPerson",
                 [](Snapshot& s) { std::swap(s.referrals.date[0], s.referrals.date[1]); },
                 "referrals not in (person, date) order"},
        Breakage{"ReferralsOutOfPersonOrder",
                 [](Snapshot& s) {
                   s.referrals.person = {1, 0, 0};
                 },
                 "referrals not in (person, date) order"},
        Breakage{"CpPlansOutOfOrder",
                 [](Snapshot& s) {
                   s.cp_plans.person = {1, 0};
                 },
                 "cp_plans not in (person, date) order"},
        Breakage{"CareEpisodesOutOfOrder",
                 [](Snapshot& s) {
                   s.care_episodes.person.push_back(0);
                   s.care_episodes.start.push_back(1);
                   s.care_episodes.end.push_back(kOpen);
                   s.care_episodes.reason_new_episode.push_back(ShortCode("S"));
                   s.care_episodes.legal_status.push_back(ShortCode("C2"));
                   s.care_episodes.placement_type.push_back(ShortCode("U1"));
                   s.care_episodes.reason_ceased.push_back(ShortCode());
                   s.care_episodes.distance_miles.push_back(1.0f);
                   s.care_episodes.outside_la.push_back(0);
                 },
                 "care_episodes not in (person, date) order"},
        Breakage{"LeaverContactsOutOfOrder",
                 [](Snapshot& s) {
                   s.leaver_contacts.date = {50, 41};
                   s.leaver_contacts.person = {1, 1};
                 },
                 "leaver_contacts not in (person, date) order"},
        Breakage{"ContactPersonOutOfRange", [](Snapshot& s) { s.contacts.person[1] = 2; },
                 "contacts.person out of range"},
        Breakage{"EarlyHelpPersonNegative", [](Snapshot& s) { s.early_help.person[0] = -1; },
                 "early_help.person out of range"},
        Breakage{"AssessmentReferralOutOfRange", [](Snapshot& s) { s.assessments.referral[1] = 3; },
                 "assessments.referral out of range"},
        Breakage{"AssessmentReferralNoRowNotAllowed",
                 [](Snapshot& s) { s.assessments.referral[0] = kNoRow; },
                 "assessments.referral out of range"},
        Breakage{"Section47ReferralOutOfRange", [](Snapshot& s) { s.section47s.referral[0] = 99; },
                 "section47s.referral out of range"},
        Breakage{"IcpcSection47OutOfRange", [](Snapshot& s) { s.icpcs.section47[1] = 1; },
                 "icpcs.section47 out of range"},
        Breakage{"IcpcSection47BelowNoRow", [](Snapshot& s) { s.icpcs.section47[1] = -2; },
                 "icpcs.section47 out of range"},
        Breakage{"PlanReferralOutOfRange", [](Snapshot& s) { s.cp_plans.referral[0] = 3; },
                 "cp_plans.referral out of range"},
        Breakage{"LeaverPersonOutOfRange", [](Snapshot& s) { s.leaver_contacts.person[1] = 2; },
                 "leaver_contacts.person out of range"},
        Breakage{"FactorsCsrTooShort",
                 [](Snapshot& s) {
                   s.contacts.factors.offsets = {0, 1};
                 },
                 "contacts.factors offsets do not cover the rows"},
        Breakage{"FactorsCsrNotStartingAtZero",
                 [](Snapshot& s) {
                   s.contacts.factors.offsets = {1, 1, 1};
                 },
                 "contacts.factors offsets do not cover the rows"},
        Breakage{"FactorsCsrNotEndingAtValueCount",
                 [](Snapshot& s) { s.contacts.factor_values.push_back(0); },
                 "contacts.factors offsets do not cover the rows"},
        Breakage{"ToolsCsrDecreasing",
                 [](Snapshot& s) {
                   s.contacts.tools.offsets = {0, 2, 1};
                   s.contacts.tool_values = {0};
                   s.contacts.tool_names = {"DASH"};
                 },
                 "contacts.tools offsets decrease"},
        Breakage{"FactorValueNotAName", [](Snapshot& s) { s.contacts.factor_values[0] = 1; },
                 "contacts.factor_values out of range"},
        Breakage{"ReviewsCsrEmpty", [](Snapshot& s) { s.cp_plans.reviews.offsets.clear(); },
                 "cp_plans.reviews offsets do not cover the rows"},
        Breakage{"ReviewsCsrDecreasing",
                 [](Snapshot& s) {
                   s.cp_plans.reviews.offsets = {0, 3, 2};
                   s.cp_plans.review_dates = {20, 30};
                 },
                 "cp_plans.reviews offsets decrease"},
        Breakage{"CareColumnShort", [](Snapshot& s) { s.care_episodes.outside_la.clear(); },
                 "care_episodes columns differ"}),
    [](const ::testing::TestParamInfo<Breakage>& breakage) { return breakage.param.name; });

TEST(ShortCodeTest, RoundTripsUpToFourCharacters) {
  for (std::string_view text : {"S", "C2", "E11", "REFU"}) EXPECT_EQ(ShortCode(text).str(), text);
}

TEST(ShortCodeTest, EmptyTextIsTheEmptyCode) {
  EXPECT_TRUE(ShortCode().empty());
  EXPECT_TRUE(ShortCode("").empty());
  EXPECT_TRUE(ShortCode(std::string_view()).empty());
  EXPECT_EQ(ShortCode().str(), "");
  EXPECT_FALSE(ShortCode("0").empty());
  EXPECT_EQ(ShortCode(), ShortCode(""));
}

TEST(ShortCodeTest, LongerTextIsCutAtFourCharacters) {
  EXPECT_EQ(ShortCode("RHOME").str(), "RHOM");
  EXPECT_EQ(ShortCode("REFUSED"), ShortCode("REFU"));
  EXPECT_EQ(ShortCode("ABCD").at(3), 'D');
  EXPECT_EQ(ShortCode("ABC").at(3), '\0');
}

TEST(ShortCodeTest, EqualityComparesEveryCharacterAndTheLength) {
  EXPECT_EQ(ShortCode("C2"), ShortCode(std::string_view("C2")));
  EXPECT_EQ(ShortCode("C2"), ShortCode(std::string("C2")));
  EXPECT_FALSE(ShortCode("C2") == ShortCode("C1"));
  EXPECT_FALSE(ShortCode("C2") == ShortCode("2C"));
  EXPECT_FALSE(ShortCode("E1") == ShortCode("E11"));
  EXPECT_FALSE(ShortCode("C") == ShortCode());
}

TEST(SortSnapshotTest, OrdersRowsByPersonAndDateAndFollowsReferralIndexesAndReviews) {
  Snapshot s;
  for (int64_t id : {1, 2}) {
    s.persons.id.push_back(id);
    s.persons.birth.push_back(kNoDate);
    s.persons.uasc.push_back(0);
    s.persons.uasc_ceased.push_back(kOpen);
  }
  // Referrals listed newest first: rows 0 (person 1, day 20), 1 (person 0, day 30), 2 (person 0, day 10).
  s.referrals.person = {1, 0, 0};
  s.referrals.date = {20, 30, 10};
  s.referrals.nfa = {0, 0, 0};
  s.referrals.closure = {kOpen, kOpen, kOpen};
  s.referrals.closure_reason = {ShortCode(), ShortCode(), ShortCode()};
  s.assessments.referral = {0, 2};
  s.assessments.start = {21, 11};
  s.assessments.authorised = {kNoDate, kNoDate};
  // Plans listed later-first, each with its own reviews.
  s.cp_plans.person = {0, 0};
  s.cp_plans.referral = {1, kNoRow};
  s.cp_plans.start = {40, 15};
  s.cp_plans.end = {kOpen, 35};
  s.cp_plans.initial_category = {ShortCode("NEG"), ShortCode("EMO")};
  s.cp_plans.previous_plans = {0, 0};
  s.cp_plans.review_dates = {100, 200, 30};
  s.cp_plans.reviews.offsets = {0, 2, 3};
  SortSnapshot(s);
  ASSERT_TRUE(s.Validate().has_value());
  EXPECT_THAT(s.referrals.date, ElementsAre(10, 30, 20));
  // The assessments still belong to the referrals of day 20 and day 10.
  EXPECT_EQ(s.referrals.date[static_cast<size_t>(s.assessments.referral[0])], 20);
  EXPECT_EQ(s.referrals.date[static_cast<size_t>(s.assessments.referral[1])], 10);
  EXPECT_THAT(s.cp_plans.start, ElementsAre(15, 40));
  EXPECT_EQ(s.cp_plans.referral[0], kNoRow);
  EXPECT_EQ(s.referrals.date[static_cast<size_t>(s.cp_plans.referral[1])], 30);
  EXPECT_THAT(s.cp_plans.review_dates, ElementsAre(30, 100, 200));
  EXPECT_THAT(s.cp_plans.reviews.offsets, ElementsAre(0u, 1u, 3u));
}

}  // namespace
}  // namespace sg::store
