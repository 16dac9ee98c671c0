#include "journey/work_list.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "journey/journey_testing.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "access/audit.h"
#include "core/clock.h"
#include "core/code_lists.h"
#include "journey/journey.h"

namespace sg::core {
// Readable dates in failure messages (identical in every journey test file).
inline void PrintTo(Date d, std::ostream* os) {
  *os << d.Iso();
}
}  // namespace sg::core

namespace sg::journey {
// Readable statuses in failure messages (identical in every journey test file).
inline void PrintTo(ClockStatus s, std::ostream* os) {
  *os << StatusName(s);
}

namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using test_support::Cal;
using test_support::D;
using test_support::NthWorkingDayAfter;

store::WorkOwner Owner(Id person, std::optional<Id> team = {}, std::optional<Id> worker = {}) {
  return store::WorkOwner{person, "LA" + std::to_string(person), "Child", team, worker};
}
store::OpenWork Work(Id record, std::string_view anchor, store::WorkOwner owner = Owner(1),
                     std::vector<Date> history = {}) {
  return store::OpenWork{std::move(owner), record, D(anchor), std::move(history)};
}

std::vector<ClockKind> Kinds(const std::vector<WorkItem>& items) {
  std::vector<ClockKind> out;
  for (const auto& i : items) out.push_back(i.kind);
  return out;
}

// ---- BuildWorkList on hand-made facts -----------------------------------------

TEST(BuildWorkListTest, MostOverdueFirstWithStatusesAndCounts) {
  store::AllOpenWork open;
  open.contact_decisions.push_back(Work(1, "2025-06-27"));  // due Mon 30 June
  open.assessments.push_back(Work(2, "2025-04-01"));        // due 9 June (Easter, May holidays)
  open.conferences.push_back(Work(3, "2025-06-02"));        // due 23 June
  open.first_core_groups.push_back(Work(4, "2025-06-20"));  // due 4 July
  open.cp_reviews.push_back(Work(5, "2025-05-15"));         // due 15 August
  open.care_reviews.push_back(store::OpenCare{Owner(1), 6, D("2025-06-02"), {}});  // due 30 June
  const Date as_of = D("2025-06-30");
  auto items = BuildWorkList(open, Cal(), as_of);
  ASSERT_EQ(items.size(), 6u);
  EXPECT_THAT(Kinds(items), ElementsAre(ClockKind::kAssessment, ClockKind::kInitialConference,
                                        ClockKind::kContactDecision, ClockKind::kCareReview,
                                        ClockKind::kFirstCoreGroup, ClockKind::kCpReview));
  EXPECT_EQ(items[0].due, D("2025-06-09"));
  EXPECT_EQ(items[0].started, D("2025-04-01"));
  EXPECT_EQ(items[0].record_id, 2);
  EXPECT_EQ(items[0].status, ClockStatus::kOverdue);
  EXPECT_EQ(items[0].working_days_overdue, 15);
  EXPECT_EQ(items[0].working_days_overdue, Cal().WorkingDaysBetween(items[0].due, as_of));
  EXPECT_EQ(items[1].due, D("2025-06-23"));
  EXPECT_EQ(items[1].status, ClockStatus::kOverdue);
  EXPECT_EQ(items[1].working_days_overdue, 5);
  EXPECT_EQ(items[2].due, as_of);
  EXPECT_EQ(items[2].status, ClockStatus::kDueSoon);
  EXPECT_EQ(items[2].working_days_overdue, 0);
  EXPECT_EQ(items[3].due, as_of);
  EXPECT_EQ(items[3].record_id, 6);
  EXPECT_EQ(items[4].due, D("2025-07-04"));
  EXPECT_EQ(items[4].status, ClockStatus::kDueSoon);
  EXPECT_EQ(items[5].due, D("2025-08-15"));
  EXPECT_EQ(items[5].status, ClockStatus::kOnTime);
  for (size_t i = 1; i < items.size(); ++i) EXPECT_LE(items[i - 1].due, items[i].due);

  WorkSummary s = Summarise(items);
  EXPECT_EQ(s.total, 6);
  EXPECT_EQ(s.overdue, 2);
  EXPECT_EQ(s.due_soon, 3);
}

TEST(BuildWorkListTest, SameDueOrderedByKindThenRecord) {
  store::AllOpenWork open;
  open.assessments.push_back(Work(9, "2025-04-01"));
  open.assessments.push_back(Work(7, "2025-04-01"));
  open.contact_decisions.push_back(Work(8, "2025-06-06"));  // due 9 June too
  auto items = BuildWorkList(open, Cal(), D("2025-06-30"));
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].kind, ClockKind::kContactDecision);
  EXPECT_EQ(items[1].record_id, 7);
  EXPECT_EQ(items[2].record_id, 9);
}

TEST(BuildWorkListTest, ResolvesTeamAndWorkerNames) {
  store::AllOpenWork open;
  open.team_names = {{10, "Assessment Team"}};
  open.worker_names = {{20, "Sam Worker"}};
  open.contact_decisions.push_back(Work(1, "2025-06-02", Owner(1, 10, 20)));
  open.contact_decisions.push_back(Work(2, "2025-06-03", Owner(2, 11)));  // unknown team
  open.contact_decisions.push_back(Work(3, "2025-06-04", Owner(3)));      // not allocated
  auto items = BuildWorkList(open, Cal(), D("2025-06-30"));
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].team, "Assessment Team");
  EXPECT_EQ(items[0].worker, "Sam Worker");
  EXPECT_EQ(items[0].owner.person_id, 1);
  EXPECT_EQ(items[0].owner.la_child_id, "LA1");
  EXPECT_EQ(items[1].team, "");
  EXPECT_EQ(items[1].worker, "");
  EXPECT_EQ(items[2].team, "");
}

TEST(BuildWorkListTest, RepeatingClocksUseTheirHistory) {
  store::AllOpenWork open;
  open.cp_reviews.push_back(Work(1, "2025-01-15", Owner(1), {D("2025-04-10")}));
  open.care_reviews.push_back(store::OpenCare{Owner(2), 2, D("2025-01-06"), {D("2025-01-31")}});
  open.care_reviews.push_back(
      store::OpenCare{Owner(3), 3, D("2025-01-06"), {D("2025-01-31"), D("2025-04-30")}});
  auto items = BuildWorkList(open, Cal(), D("2025-06-30"));
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].due, D("2025-04-30"));  // 3 months after the first care review
  EXPECT_EQ(items[0].working_days_overdue,
            Cal().WorkingDaysBetween(D("2025-04-30"), D("2025-06-30")));
  EXPECT_EQ(items[1].due, D("2025-10-10"));  // 6 months after the CP review
  EXPECT_EQ(items[1].started, D("2025-01-15"));
  EXPECT_EQ(items[2].due, D("2025-10-30"));  // 6 months after the second care review
}

TEST(BuildWorkListTest, OverdueOnTheWeekendAfterAFridayDueDate) {
  store::AllOpenWork open;
  open.contact_decisions.push_back(Work(1, "2025-06-26"));  // due Friday 27 June
  auto items = BuildWorkList(open, Cal(), D("2025-06-28"));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].status, ClockStatus::kOverdue);
  EXPECT_EQ(items[0].working_days_overdue, 0);  // WD(Fri, Sat) = 0
  items = BuildWorkList(open, Cal(), D("2025-06-30"));
  EXPECT_EQ(items[0].working_days_overdue, 1);
}

TEST(BuildWorkListTest, NothingOpen) {
  auto items = BuildWorkList(store::AllOpenWork{}, Cal(), D("2025-06-30"));
  EXPECT_THAT(items, IsEmpty());
  WorkSummary s = Summarise(items);
  EXPECT_EQ(s.total, 0);
  EXPECT_EQ(s.overdue, 0);
  EXPECT_EQ(s.due_soon, 0);
}

// ---- LoadWorkList end to end, on a journey built with the commands ------------

class LoadWorkListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_work_list_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db =
        store::OpenSqlite((dir_ / "safeguard.db").string(), store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    gate_ = std::make_unique<access::Gate>(*db_, clock_);
    journey_ = std::make_unique<Journey>(*gate_, Cal(), core::CodeLists::Embedded());
  }
  void TearDown() override {
    journey_.reset();
    gate_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  Journey& J() { return *journey_; }

  // Unwraps a command's result, failing the test on an error.
  template <typename R>
  Id Ok(R r) {
    EXPECT_TRUE(r.has_value()) << r.error().message();
    if constexpr (std::is_void_v<typename R::value_type>) {
      return 0;
    } else {
      return r.value_or(0);
    }
  }

  Id Child() {
    store::Person p;
    p.forename = "Child";
    p.surname = std::to_string(++children_);
    p.la_child_id = "LA" + std::to_string(children_);
    p.birth_date = D("2016-01-10");
    return Ok(J().RegisterChild(sys_, p));
  }
  Id Referral(Id child, std::string_view date) {
    NewReferral r;
    r.person_id = child;
    r.date = D(date);
    r.source = "5A";
    r.primary_need = "N1";
    return Ok(J().OpenReferral(sys_, r));
  }
  CareChange Episode(std::string_view date, std::string reason) {
    CareChange c;
    c.date = D(date);
    c.reason_new_episode = std::move(reason);
    c.legal_status = "C2";
    c.category_of_need = "N1";
    c.placement_type = "U1";
    return c;
  }

  std::vector<WorkItem> Items(std::string_view as_of = "2025-06-30") {
    auto items = LoadWorkList(*gate_, sys_, Cal(), D(as_of));
    EXPECT_TRUE(items) << items.error().message();
    return items.value_or(std::vector<WorkItem>{});
  }
  // The items of one kind.
  static std::vector<WorkItem> Of(const std::vector<WorkItem>& items, ClockKind kind) {
    std::vector<WorkItem> out;
    for (const auto& i : items) {
      if (i.kind == kind) out.push_back(i);
    }
    return out;
  }

  fs::path dir_;
  core::FixedClock clock_{Date::FromYmd(2025, 6, 30)};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<access::Gate> gate_;
  std::unique_ptr<Journey> journey_;
  const access::Actor sys_ = access::Actor::System("test", "testing");
  int children_ = 0;
};

TEST_F(LoadWorkListTest, AssessmentDueFromReferralThenFromItsOwnStart) {
  Id child = Child();
  Id team = 0, worker = 0;
  ASSERT_TRUE(gate_->Run(sys_, access::Action::kAdminister, [&](access::AuditNote&) -> Status {
    store::JourneyStore js(*db_);
    SG_ASSIGN_OR_RETURN(auto agency, js.FindAgencyByCode("LA-CSC"));  // seeded (0004)
    if (!agency) return core::Fail(core::Code::kNotFound, "LA-CSC is not seeded");
    SG_ASSIGN_OR_RETURN(team, js.InsertTeam({0, agency->id, "Assessment Team"}));
    SG_ASSIGN_OR_RETURN(worker, js.InsertWorker({0, team, "Sam Worker", "social worker"}));
    return {};
  }));
  Ok(J().Allocate(sys_, child, team, worker, D("2025-04-01"), "referral"));
  Id referral = Referral(child, "2025-04-01");
  Id first = Ok(J().StartAssessment(sys_, referral, D("2025-04-10")));

  auto items = Of(Items(), ClockKind::kAssessment);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].record_id, first);
  EXPECT_EQ(items[0].owner.person_id, child);
  EXPECT_EQ(items[0].owner.la_child_id, "LA1");
  EXPECT_EQ(items[0].team, "Assessment Team");
  EXPECT_EQ(items[0].worker, "Sam Worker");
  EXPECT_EQ(items[0].started, D("2025-04-01"));  // the referral, not the start
  EXPECT_EQ(items[0].due, NthWorkingDayAfter(D("2025-04-01"), 45));
  EXPECT_EQ(items[0].due, D("2025-06-09"));
  EXPECT_EQ(items[0].status, ClockStatus::kOverdue);
  EXPECT_EQ(items[0].working_days_overdue, 15);

  Ok(J().AuthoriseAssessment(sys_, first, D("2025-05-01"), {"3A"}));
  EXPECT_THAT(Of(Items(), ClockKind::kAssessment), IsEmpty());

  Id second = Ok(J().StartAssessment(sys_, referral, D("2025-05-20")));
  items = Of(Items(), ClockKind::kAssessment);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].record_id, second);
  EXPECT_EQ(items[0].started, D("2025-05-20"));
  EXPECT_EQ(items[0].due, NthWorkingDayAfter(D("2025-05-20"), 45));
  EXPECT_EQ(items[0].due, D("2025-07-23"));
  EXPECT_EQ(items[0].status, ClockStatus::kOnTime);
}

TEST_F(LoadWorkListTest, Section47AwaitingConference) {
  Id referral = Referral(Child(), "2025-06-02");
  Id sd = Ok(J().HoldStrategyDiscussion(sys_, referral, D("2025-06-02")));
  Id s47 = Ok(J().StartSection47(sys_, sd, D("2025-06-04")));
  Id other = Referral(Child(), "2025-06-02");
  Id other_sd = Ok(J().HoldStrategyDiscussion(sys_, other, D("2025-06-02")));
  Id concluded = Ok(J().StartSection47(sys_, other_sd, D("2025-06-02")));
  Ok(J().ConcludeSection47WithoutConference(sys_, concluded, D("2025-06-10")));

  auto items = Of(Items(), ClockKind::kInitialConference);
  ASSERT_EQ(items.size(), 1u);  // the concluded enquiry needs no conference
  EXPECT_EQ(items[0].record_id, s47);
  EXPECT_EQ(items[0].started, D("2025-06-02"));  // the strategy discussion
  EXPECT_EQ(items[0].due, D("2025-06-23"));
  EXPECT_EQ(items[0].due, NthWorkingDayAfter(D("2025-06-02"), 15));
  EXPECT_EQ(items[0].status, ClockStatus::kOverdue);
  EXPECT_EQ(items[0].working_days_overdue, 5);

  Ok(J().HoldInitialConference(sys_, referral, s47, false, D("2025-06-24"), false));
  EXPECT_THAT(Of(Items(), ClockKind::kInitialConference), IsEmpty());
}

TEST_F(LoadWorkListTest, CpPlanCoreGroupAndReviews) {
  Id referral = Referral(Child(), "2025-04-01");
  Id sd = Ok(J().HoldStrategyDiscussion(sys_, referral, D("2025-04-02")));
  Id s47 = Ok(J().StartSection47(sys_, sd, D("2025-04-03")));
  Id icpc = Ok(J().HoldInitialConference(sys_, referral, s47, false, D("2025-05-15"), true));
  Id plan = Ok(J().StartCpPlan(sys_, icpc, D("2025-05-15"), "NEG"));

  auto items = Items();
  EXPECT_THAT(Of(items, ClockKind::kInitialConference), IsEmpty());
  auto group = Of(items, ClockKind::kFirstCoreGroup);
  ASSERT_EQ(group.size(), 1u);
  EXPECT_EQ(group[0].record_id, plan);
  EXPECT_EQ(group[0].started, D("2025-05-15"));
  EXPECT_EQ(group[0].due, D("2025-05-30"));
  EXPECT_EQ(group[0].due, NthWorkingDayAfter(D("2025-05-15"), 10));
  EXPECT_EQ(group[0].status, ClockStatus::kOverdue);
  auto review = Of(items, ClockKind::kCpReview);
  ASSERT_EQ(review.size(), 1u);
  EXPECT_EQ(review[0].record_id, plan);
  EXPECT_EQ(review[0].due, core::AddMonths(D("2025-05-15"), 3));
  EXPECT_EQ(review[0].due, D("2025-08-15"));
  EXPECT_EQ(review[0].status, ClockStatus::kOnTime);

  Ok(J().RecordCoreGroup(sys_, plan, D("2025-05-29")));
  Ok(J().RecordCpReview(sys_, plan, D("2025-06-20"), std::nullopt));
  items = Items();
  EXPECT_THAT(Of(items, ClockKind::kFirstCoreGroup), IsEmpty());
  review = Of(items, ClockKind::kCpReview);
  ASSERT_EQ(review.size(), 1u);
  EXPECT_EQ(review[0].due, D("2025-12-20"));  // 6 months after the review

  Ok(J().EndCpPlan(sys_, plan, D("2025-06-25")));
  EXPECT_THAT(Of(Items(), ClockKind::kCpReview), IsEmpty());
}

TEST_F(LoadWorkListTest, CareReviewsTwentyWorkingDaysThenThreeThenSixMonths) {
  Id child = Child();
  Id episode = Ok(J().StartCare(sys_, child, Episode("2025-06-02", "S")));
  auto items = Of(Items(), ClockKind::kCareReview);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].record_id, episode);
  EXPECT_EQ(items[0].started, D("2025-06-02"));
  EXPECT_EQ(items[0].due, D("2025-06-30"));
  EXPECT_EQ(items[0].due, NthWorkingDayAfter(D("2025-06-02"), 20));
  EXPECT_EQ(items[0].status, ClockStatus::kDueSoon);

  Ok(J().RecordCareReview(sys_, child, D("2025-06-10"), std::nullopt));
  items = Of(Items(), ClockKind::kCareReview);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].due, D("2025-09-10"));
  Ok(J().RecordCareReview(sys_, child, D("2025-06-20"), std::nullopt));
  items = Of(Items(), ClockKind::kCareReview);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].due, D("2025-12-20"));  // 6 months after the second
}

TEST_F(LoadWorkListTest, PeriodOfCareContinuedThroughX1KeepsItsStart) {
  Id continued = Child();
  Ok(J().StartCare(sys_, continued, Episode("2025-03-03", "S")));
  Id current = Ok(J().ChangeCare(sys_, continued, Episode("2025-05-01", "P")));

  // A second child: one period ended, a new one began; the old review is not
  // part of the new period.
  Id returned = Child();
  Ok(J().StartCare(sys_, returned, Episode("2025-02-03", "S")));
  Ok(J().RecordCareReview(sys_, returned, D("2025-03-03"), std::nullopt));
  Ok(J().EndCare(sys_, returned, D("2025-04-01"), "E4A"));
  Ok(J().StartCare(sys_, returned, Episode("2025-05-06", "S")));

  // A third child left care: no review is due.
  Id left = Child();
  Ok(J().StartCare(sys_, left, Episode("2025-03-03", "S")));
  Ok(J().EndCare(sys_, left, D("2025-04-01"), "E4A"));

  auto items = Of(Items(), ClockKind::kCareReview);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].owner.person_id, continued);
  EXPECT_EQ(items[0].record_id, current);
  EXPECT_EQ(items[0].started, D("2025-03-03"));
  EXPECT_EQ(items[0].due, D("2025-03-31"));
  EXPECT_EQ(items[0].due, NthWorkingDayAfter(D("2025-03-03"), 20));
  EXPECT_EQ(items[1].owner.person_id, returned);
  EXPECT_EQ(items[1].started, D("2025-05-06"));
  EXPECT_EQ(items[1].due, D("2025-06-04"));
  EXPECT_EQ(items[1].due, NthWorkingDayAfter(D("2025-05-06"), 20));
}

TEST_F(LoadWorkListTest, UndecidedContactDueNextWorkingDay) {
  Id child = Child();
  NewContact c;
  c.person_id = child;
  c.date = D("2025-06-27");  // Friday
  c.source = "1A";
  Id contact = Ok(J().RecordContact(sys_, c));
  auto items = Of(Items(), ClockKind::kContactDecision);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].record_id, contact);
  EXPECT_EQ(items[0].due, D("2025-06-30"));
  EXPECT_EQ(items[0].status, ClockStatus::kDueSoon);
  EXPECT_EQ(Of(Items("2025-07-01"), ClockKind::kContactDecision)[0].status, ClockStatus::kOverdue);
  Ok(J().DecideContact(sys_, contact, D("2025-06-30"), kOutcomeAdvice));
  EXPECT_THAT(Items(), IsEmpty());
}

TEST_F(LoadWorkListTest, ReadIsAuditedOnceAndNeedsPermission) {
  Id child = Child();
  Referral(child, "2025-06-02");
  auto count = [&] { return db_->QueryInt("SELECT COUNT(*) FROM audit_log", {}).value_or(-1); };
  const int64_t before = count();
  const access::Actor analyst{"ana", "Ana", "LA-CSC", access::Role::kPartnershipAnalyst,
                              "analysis"};
  auto items = LoadWorkList(*gate_, analyst, Cal(), D("2025-06-30"));
  ASSERT_TRUE(items) << items.error().message();
  EXPECT_EQ(count(), before + 1);
  EXPECT_EQ(
      db_->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'work_list'", {}).value_or(-1),
      1);
  const access::Actor auditor{"aud", "Aud", "LA-CSC", access::Role::kAuditor, "audit"};
  auto refused = LoadWorkList(*gate_, auditor, Cal(), D("2025-06-30"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), core::Code::kPermissionDenied);
  EXPECT_EQ(count(), before + 1);
  auto v = access::VerifyAudit(*db_);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->intact) << v->problem;
}

}  // namespace
}  // namespace sg::journey
