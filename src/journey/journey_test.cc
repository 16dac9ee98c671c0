#include "journey/journey.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "journey/journey_testing.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "access/audit.h"
#include "core/clock.h"

namespace sg::core {
// Readable dates in failure messages (identical in every journey test file).
inline void PrintTo(Date d, std::ostream* os) {
  *os << d.Iso();
}
}  // namespace sg::core

namespace sg::journey {
namespace {

namespace fs = std::filesystem;
using core::Code;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using test_support::D;

// Every table a command can write to.
constexpr std::string_view kTables =
    "persons agencies teams workers involvements contacts early_help_episodes referrals "
    "assessments assessment_factors cin_plans strategy_discussions section47_enquiries icpcs "
    "cp_plans core_group_meetings cp_reviews care_episodes care_reviews missing_episodes "
    "care_leaver_contacts chronology audit_log";

CareChange Episode(std::string_view date, std::string reason, std::string placement = "U1") {
  CareChange c;
  c.date = D(date);
  c.reason_new_episode = std::move(reason);
  c.legal_status = "C2";
  c.category_of_need = "N1";
  c.placement_type = std::move(placement);
  return c;
}

struct Protection {
  Id referral = 0, strategy = 0, s47 = 0, icpc = 0, plan = 0;
};

// DONE(command): the command succeeds, chronicled and audited once.
// REFUSED(code, phrase, command): it fails so and writes nothing.
#define DONE(...) Done([&] { return __VA_ARGS__; }, __LINE__)
#define REFUSED(code, phrase, ...) \
  ExpectRefused([&] { return __VA_ARGS__; }, code, phrase, __LINE__)

class JourneyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_journey_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db =
        store::OpenSqlite((dir_ / "safeguard.db").string(), store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    gate_ = std::make_unique<access::Gate>(*db_, clock_);
    journey_ = std::make_unique<Journey>(*gate_, core::WorkingCalendar::EnglandAndWales(),
                                         core::CodeLists::Embedded());
  }
  void TearDown() override {
    if (db_) {  // whatever a test did, the audit chain stays whole
      auto v = access::VerifyAudit(*db_);
      ASSERT_TRUE(v) << v.error().message();
      EXPECT_TRUE(v->intact) << v->problem;
      EXPECT_EQ(v->rows_checked, Rows("audit_log"));
    }
    journey_.reset();
    gate_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  Journey& J() { return *journey_; }
  // The record a Find* call returns, failing the test when there is none.
  template <typename T>
  static T Found(Result<std::optional<T>> r) {
    EXPECT_TRUE(r && *r) << "record not found";
    return r && *r ? **r : T{};
  }
  store::JourneyStore Store() { return store::JourneyStore(*db_); }

  int64_t Count(const std::string& sql) {
    auto n = db_->QueryInt(sql, {});
    EXPECT_TRUE(n) << sql;
    return n.value_or(-1);
  }
  int64_t Rows(std::string_view table) {
    return Count("SELECT COUNT(*) FROM " + std::string(table));
  }

  // Row counts of every table, and the state columns commands update.
  std::map<std::string, int64_t> State() {
    std::map<std::string, int64_t> s;
    std::istringstream tables{std::string(kTables)};
    for (std::string t; tables >> t;) s[t] = Rows(t);
    s["open referrals"] = Count("SELECT COUNT(*) FROM referrals WHERE closure_date IS NULL");
    s["undecided contacts"] = Count("SELECT COUNT(*) FROM contacts WHERE decision_date IS NULL");
    s["open assessments"] =
        Count("SELECT COUNT(*) FROM assessments WHERE authorisation_date IS NULL");
    s["open cin plans"] = Count("SELECT COUNT(*) FROM cin_plans WHERE end_date IS NULL");
    s["open cp plans"] = Count("SELECT COUNT(*) FROM cp_plans WHERE end_date IS NULL");
    s["open care"] = Count("SELECT COUNT(*) FROM care_episodes WHERE end_date IS NULL");
    s["s47 concluded"] =
        Count("SELECT COUNT(*) FROM section47_enquiries WHERE icpc_not_required = 1");
    return s;
  }

  // Runs a command that must fail with `code` and a message containing
  // `phrase`, and checks that it wrote nothing at all (not even audit).
  template <typename F>
  void ExpectRefused(F&& call, Code code, std::string_view phrase, int line = 0) {
    ::testing::ScopedTrace trace(__FILE__, line, "REFUSED");
    const auto before = State();
    auto r = call();
    ASSERT_FALSE(r.has_value()) << "expected a refusal mentioning: " << phrase;
    EXPECT_EQ(r.error().code(), code) << r.error().message();
    EXPECT_THAT(r.error().message(), HasSubstr(std::string(phrase)));
    EXPECT_EQ(State(), before) << "a refused command changed the database";
  }

  // Runs a command that must succeed, adding one chronology entry and exactly
  // one audit row; returns the new id (0 for a Status).
  template <typename F>
  Id Done(F&& call, int line = 0) {
    ::testing::ScopedTrace trace(__FILE__, line, "DONE");
    const int64_t audit = Rows("audit_log"), chronology = Rows("chronology");
    auto r = call();
    EXPECT_TRUE(r.has_value()) << r.error().message();
    EXPECT_EQ(Rows("audit_log"), audit + 1);
    EXPECT_EQ(Rows("chronology"), chronology + 1);
    if constexpr (std::is_void_v<typename decltype(r)::value_type>) {
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
    p.birth_date = D("2015-03-01");
    return DONE(J().RegisterChild(sys_, p));
  }
  Id Team(const std::string& name) {
    Id team = 0;
    auto s = gate_->Run(sys_, access::Action::kAdminister, [&](access::AuditNote&) -> Status {
      auto js = Store();
      SG_ASSIGN_OR_RETURN(Id agency, js.InsertAgency({0, "LA-" + name, "Council", "council"}));
      SG_ASSIGN_OR_RETURN(team, js.InsertTeam({0, agency, name}));
      return {};
    });
    EXPECT_TRUE(s) << s.error().message();
    return team;
  }
  NewContact Contact(Id child, std::string_view date, std::string source = "1A") {
    NewContact c;
    c.person_id = child;
    c.date = D(date);
    c.source = std::move(source);
    return c;
  }
  NewReferral Referral(Id child, std::string_view date) {
    NewReferral r;
    r.person_id = child;
    r.date = D(date);
    r.source = "5A";
    r.primary_need = "N1";
    return r;
  }
  Id OpenRef(Id child, std::string_view date) {
    return DONE(J().OpenReferral(sys_, Referral(child, date)));
  }
  // Referral 1 April 2025, strategy discussion 2 April, S47 3 April, ICPC
  // (and plan, if made) 23 April.
  Protection Protect(Id child, bool plan_made = true) {
    Protection p;
    p.referral = OpenRef(child, "2025-04-01");
    p.strategy = DONE(J().HoldStrategyDiscussion(sys_, p.referral, D("2025-04-02")));
    p.s47 = DONE(J().StartSection47(sys_, p.strategy, D("2025-04-03")));
    p.icpc = Done([&] {
      return J().HoldInitialConference(sys_, p.referral, p.s47, false, D("2025-04-23"), plan_made);
    });
    if (plan_made) p.plan = DONE(J().StartCpPlan(sys_, p.icpc, D("2025-04-23"), "NEG"));
    return p;
  }

  fs::path dir_;
  core::FixedClock clock_{Date::FromYmd(2025, 6, 30)};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<access::Gate> gate_;
  std::unique_ptr<Journey> journey_;
  const Actor sys_ = Actor::System("test", "testing");
  int children_ = 0;
};

// ---- Front door -------------------------------------------------------------

TEST_F(JourneyTest, NoDateInTheFuture) {
  Id child = Child();
  REFUSED(Code::kInvalidArgument, "contact date (2025-07-01) is in the future",
          J().RecordContact(sys_, Contact(child, "2025-07-01")));
  REFUSED(Code::kInvalidArgument, "referral date (2025-07-01) is in the future",
          J().OpenReferral(sys_, Referral(child, "2025-07-01")));
  Id referral = OpenRef(child, "2025-06-30");  // today is allowed
  REFUSED(Code::kInvalidArgument, "is in the future",
          J().StartAssessment(sys_, referral, D("2025-07-01")));
  DONE(J().StartAssessment(sys_, referral, D("2025-06-30")));
  DONE(J().RecordContact(sys_, Contact(child, "2025-06-30")));
}

TEST_F(JourneyTest, ReferralCodesChecked) {
  Id child = Child();
  REFUSED(Code::kInvalidArgument, "'ZZ' is not a valid code",
          J().RecordContact(sys_, Contact(child, "2025-06-02", "ZZ")));
  NewReferral r = Referral(child, "2025-06-02");
  r.source = "11";
  REFUSED(Code::kInvalidArgument, "'11' is not a valid code", J().OpenReferral(sys_, r));
  r.source = "5A";
  r.primary_need.reset();  // required unless NFA
  REFUSED(Code::kInvalidArgument, "needs a primary need code", J().OpenReferral(sys_, r));
  r.primary_need = "N10";
  REFUSED(Code::kInvalidArgument, "'N10' is not a valid code", J().OpenReferral(sys_, r));
}

TEST_F(JourneyTest, ReferralFromContactMustBeDecidedAsReferral) {
  Id child = Child();
  Id undecided = DONE(J().RecordContact(sys_, Contact(child, "2025-06-02")));
  NewReferral r = Referral(child, "2025-06-03");
  r.contact_id = undecided;
  REFUSED(Code::kFailedPrecondition, "was not decided as a referral", J().OpenReferral(sys_, r));
  DONE(J().DecideContact(sys_, undecided, D("2025-06-03"), kOutcomeAdvice));
  REFUSED(Code::kFailedPrecondition, "was not decided as a referral", J().OpenReferral(sys_, r));
  Id contact = DONE(J().RecordContact(sys_, Contact(child, "2025-06-04")));
  DONE(J().DecideContact(sys_, contact, D("2025-06-05"), kOutcomeReferral));
  r.contact_id = contact;
  r.date = D("2025-06-05");
  Id referral = DONE(J().OpenReferral(sys_, r));
  auto stored = Found(Store().FindReferral(referral));
  EXPECT_EQ(stored.contact_id, contact);
}

// ---- Referrals and assessments ----------------------------------------------

TEST_F(JourneyTest, OneCinEpisodeAtATime) {
  Id child = Child();
  Id first = OpenRef(child, "2025-05-01");
  REFUSED(Code::kFailedPrecondition, "already has an open CIN episode",
          J().OpenReferral(sys_, Referral(child, "2025-06-02")));
  DONE(J().CloseReferral(sys_, first, D("2025-06-10"), "RC7"));
  REFUSED(Code::kFailedPrecondition, "before it closed",
          J().OpenReferral(sys_, Referral(child, "2025-06-09")));
  OpenRef(child, "2025-06-10");  // the day it closed is not before it
}

TEST_F(JourneyTest, NfaReferralClosesSameDayWithRc8) {
  Id child = Child();
  NewReferral r = Referral(child, "2025-06-02");
  r.primary_need.reset();
  r.no_further_action = true;
  Id referral = DONE(J().OpenReferral(sys_, r));
  auto stored = Found(Store().FindReferral(referral));
  EXPECT_TRUE(stored.nfa);
  EXPECT_EQ(stored.closure_date, D("2025-06-02"));
  EXPECT_EQ(stored.closure_reason, "RC8");
  REFUSED(Code::kFailedPrecondition, "was closed on 2025-06-02",
          J().StartAssessment(sys_, referral, D("2025-06-03")));
  OpenRef(child, "2025-06-03");  // a new referral the next day
}

TEST_F(JourneyTest, AssessmentDatesAndOneOpenAtATime) {
  Id child = Child();
  Id referral = OpenRef(child, "2025-05-01");
  REFUSED(Code::kInvalidArgument, "cannot be before the referral date (2025-05-01)",
          J().StartAssessment(sys_, referral, D("2025-04-30")));
  Id first = DONE(J().StartAssessment(sys_, referral, D("2025-05-01")));
  REFUSED(Code::kFailedPrecondition, "is still open",
          J().StartAssessment(sys_, referral, D("2025-05-10")));
  REFUSED(Code::kInvalidArgument,
          "authorisation (2025-04-30) cannot be before the assessment's start",
          J().AuthoriseAssessment(sys_, first, D("2025-04-30"), {"1A"}));
  DONE(J().AuthoriseAssessment(sys_, first, D("2025-05-01"), {"1A"}));
  DONE(J().StartAssessment(sys_, referral, D("2025-06-02")));
}

TEST_F(JourneyTest, Factor21CannotBeRecordedWithOthers) {
  Id referral = OpenRef(Child(), "2025-05-01");
  Id a = DONE(J().StartAssessment(sys_, referral, D("2025-05-02")));
  REFUSED(Code::kInvalidArgument, "factor 21",
          J().AuthoriseAssessment(sys_, a, D("2025-06-02"), {"21", "3A"}));
  DONE(J().AuthoriseAssessment(sys_, a, D("2025-06-02"), {"21"}));
}

TEST_F(JourneyTest, AssessmentFactorCheckedAgainstCollectionYear) {
  // 24A (child criminal exploitation) is valid from the 2021-22 collection.
  Id referral = OpenRef(Child(), "2021-03-01");
  Id a = DONE(J().StartAssessment(sys_, referral, D("2021-03-02")));
  REFUSED(Code::kInvalidArgument, "'24A' is not a valid code in collection year 2020-21",
          J().AuthoriseAssessment(sys_, a, D("2021-03-31"), {"24A"}));
  DONE(J().AuthoriseAssessment(sys_, a, D("2021-04-01"), {"24A", "3A"}));
  auto stored = Found(Store().FindAssessment(a));
  EXPECT_EQ(stored.authorised, D("2021-04-01"));
  EXPECT_THAT(stored.factors, ElementsAre("24A", "3A"));
}

TEST_F(JourneyTest, ClosingReferralNeedsAssessmentAndPlansClosed) {
  Id child = Child();
  Protection p = Protect(child);
  Id a = DONE(J().StartAssessment(sys_, p.referral, D("2025-04-02")));
  auto close = [&] { return J().CloseReferral(sys_, p.referral, D("2025-06-30"), "RC7"); };
  ExpectRefused(close, Code::kFailedPrecondition, "is still open");
  DONE(J().AuthoriseAssessment(sys_, a, D("2025-05-01"), {"3A"}));
  Id cin = DONE(J().StartCinPlan(sys_, p.referral, D("2025-05-02")));
  ExpectRefused(close, Code::kFailedPrecondition, "end the child in need plan");
  DONE(J().EndCinPlan(sys_, cin, D("2025-05-20")));
  ExpectRefused(close, Code::kFailedPrecondition, "end the child protection plan");
  DONE(J().EndCpPlan(sys_, p.plan, D("2025-06-20")));
  REFUSED(Code::kInvalidArgument, "not a valid code",
          J().CloseReferral(sys_, p.referral, D("2025-06-30"), "RC0"));
  Done(close);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM referrals WHERE closure_reason = 'RC7'"), 1);
}

TEST_F(JourneyTest, ClosureCannotPrecedeTheEndOfTheCpPlan) {
  Protection p = Protect(Child());  // plan from 2025-04-23
  DONE(J().EndCpPlan(sys_, p.plan, D("2025-06-10")));
  REFUSED(Code::kInvalidArgument, "cannot be before the end of the child protection plan",
          J().CloseReferral(sys_, p.referral, D("2025-06-09"), "RC7"));
  DONE(J().CloseReferral(sys_, p.referral, D("2025-06-10"), "RC7"));
}

// The rule CloseReferral applies to a CP plan's end (and to an assessment's
// authorisation) holds for a CIN plan too: the CIN census closes no episode
// before its plan has ended.
TEST_F(JourneyTest, ClosureCannotPrecedeTheEndOfTheCinPlan) {
  Id referral = OpenRef(Child(), "2025-04-01");
  Id cin = DONE(J().StartCinPlan(sys_, referral, D("2025-04-02")));
  DONE(J().EndCinPlan(sys_, cin, D("2025-06-20")));
  REFUSED(Code::kInvalidArgument, "cannot be before",
          J().CloseReferral(sys_, referral, D("2025-06-15"), "RC7"));
}

// ---- Child protection ---------------------------------------------------------

TEST_F(JourneyTest, IcpcNeedsSection47OrTransferIn) {
  Id referral = OpenRef(Child(), "2025-05-01");
  REFUSED(Code::kFailedPrecondition, "needs a section 47 enquiry",
          J().HoldInitialConference(sys_, referral, std::nullopt, false, D("2025-05-20"), true));
  Id icpc =
      DONE(J().HoldInitialConference(sys_, referral, std::nullopt, true, D("2025-05-20"), true));
  DONE(J().StartCpPlan(sys_, icpc, D("2025-05-20"), "EMO"));
  auto stored = Found(Store().FindIcpc(icpc));
  EXPECT_TRUE(stored.transfer_in);
  EXPECT_FALSE(stored.section47_id.has_value());
}

TEST_F(JourneyTest, OnlyOneOpenCpPlanAtATime) {
  Id referral = OpenRef(Child(), "2025-05-01");
  Id a = DONE(J().HoldInitialConference(sys_, referral, std::nullopt, true, D("2025-05-20"), true));
  Id b = DONE(J().HoldInitialConference(sys_, referral, std::nullopt, true, D("2025-05-21"), true));
  DONE(J().StartCpPlan(sys_, a, D("2025-05-20"), "NEG"));
  REFUSED(Code::kFailedPrecondition, "already on a child protection plan (since 2025-05-20)",
          J().StartCpPlan(sys_, b, D("2025-05-21"), "NEG"));
}

TEST_F(JourneyTest, IcpcBeforeSection47StartRefused) {
  Id referral = OpenRef(Child(), "2025-05-01");
  Id sd = DONE(J().HoldStrategyDiscussion(sys_, referral, D("2025-05-01")));
  Id s47 = DONE(J().StartSection47(sys_, sd, D("2025-05-05")));
  REFUSED(Code::kInvalidArgument, "cannot be before the section 47 enquiry's start (2025-05-05)",
          J().HoldInitialConference(sys_, referral, s47, false, D("2025-05-02"), true));
  DONE(J().HoldInitialConference(sys_, referral, s47, false, D("2025-05-05"), true));
}

TEST_F(JourneyTest, SecondIcpcForSameSection47Refused) {
  Protection p = Protect(Child(), /*plan_made=*/false);
  REFUSED(Code::kAlreadyExists, "already had its conference on 2025-04-23",
          J().HoldInitialConference(sys_, p.referral, p.s47, false, D("2025-05-20"), true));
}

TEST_F(JourneyTest, Section47ConcludedWithoutConferenceThenIcpcRefused) {
  Id referral = OpenRef(Child(), "2025-05-01");
  Id sd = DONE(J().HoldStrategyDiscussion(sys_, referral, D("2025-05-01")));
  Id s47 = DONE(J().StartSection47(sys_, sd, D("2025-05-02")));
  DONE(J().ConcludeSection47WithoutConference(sys_, s47, D("2025-05-20")));
  REFUSED(Code::kFailedPrecondition, "concluded without a conference",
          J().HoldInitialConference(sys_, referral, s47, false, D("2025-05-21"), true));
}

TEST_F(JourneyTest, CpPlanStartsOnItsConferenceDate) {
  Protection p = Protect(Child(), /*plan_made=*/false);
  REFUSED(Code::kFailedPrecondition, "did not decide on a child protection plan",
          J().StartCpPlan(sys_, p.icpc, D("2025-04-23"), "NEG"));
  Id child = Child();
  Id referral = OpenRef(child, "2025-05-01");
  Id sd = DONE(J().HoldStrategyDiscussion(sys_, referral, D("2025-05-01")));
  Id s47 = DONE(J().StartSection47(sys_, sd, D("2025-05-01")));
  Id icpc = DONE(J().HoldInitialConference(sys_, referral, s47, false, D("2025-05-20"), true));
  REFUSED(Code::kInvalidArgument, "starts on the date of its initial conference (2025-05-20)",
          J().StartCpPlan(sys_, icpc, D("2025-05-21"), "NEG"));
  REFUSED(Code::kInvalidArgument, "'XYZ' is not a valid code",
          J().StartCpPlan(sys_, icpc, D("2025-05-20"), "XYZ"));
  Id plan = DONE(J().StartCpPlan(sys_, icpc, D("2025-05-20"), "PHY"));
  auto stored = Found(Store().FindCpPlan(plan));
  EXPECT_EQ(stored.start, D("2025-05-20"));
  EXPECT_EQ(stored.initial_category, "PHY");
}

TEST_F(JourneyTest, CpReviewsComeAfterStartAndEachOther) {
  Protection p = Protect(Child());  // plan starts 2025-04-23
  REFUSED(Code::kInvalidArgument, "must come after the plan's start",
          J().RecordCpReview(sys_, p.plan, D("2025-04-23"), std::nullopt));
  REFUSED(Code::kInvalidArgument, "must come after the plan's start",
          J().RecordCpReview(sys_, p.plan, D("2025-04-22"), std::nullopt));
  DONE(J().RecordCpReview(sys_, p.plan, D("2025-06-10"), "MUL"));
  REFUSED(Code::kInvalidArgument, "must come after the last one (2025-06-10)",
          J().RecordCpReview(sys_, p.plan, D("2025-06-09"), std::nullopt));
  REFUSED(Code::kInvalidArgument, "must come after the last one",
          J().RecordCpReview(sys_, p.plan, D("2025-06-10"), std::nullopt));
  REFUSED(Code::kInvalidArgument, "cannot be before the last review conference",
          J().EndCpPlan(sys_, p.plan, D("2025-06-09")));
  DONE(J().EndCpPlan(sys_, p.plan, D("2025-06-10")));
  auto stored = Found(Store().FindCpPlan(p.plan));
  EXPECT_EQ(stored.latest_category, "MUL");
  EXPECT_EQ(stored.end, D("2025-06-10"));
}

// ---- Cared for and care leavers ----------------------------------------------

TEST_F(JourneyTest, StartCareRules) {
  Id child = Child();
  REFUSED(Code::kInvalidArgument, "starts with reason for new episode S",
          J().StartCare(sys_, child, Episode("2025-05-01", "P")));
  DONE(J().StartCare(sys_, child, Episode("2025-05-01", "S")));
  REFUSED(Code::kFailedPrecondition, "already looked after",
          J().StartCare(sys_, child, Episode("2025-06-01", "S")));
}

TEST_F(JourneyTest, ChangeCareEndsOpenEpisodeWithX1AndOpensNext) {
  Id child = Child();
  Id first = DONE(J().StartCare(sys_, child, Episode("2025-05-01", "S")));
  Id second = DONE(J().ChangeCare(sys_, child, Episode("2025-06-02", "P", "U4")));
  auto episodes = Store().CareEpisodesOf(child);
  ASSERT_TRUE(episodes);
  ASSERT_EQ(episodes->size(), 2u);
  const auto& a = (*episodes)[0];
  const auto& b = (*episodes)[1];
  EXPECT_EQ(a.id, first);
  EXPECT_EQ(a.end, D("2025-06-02"));  // the old episode ends on the change date
  EXPECT_EQ(a.reason_ceased, "X1");
  EXPECT_EQ(b.id, second);
  EXPECT_EQ(b.start, D("2025-06-02"));  // and the next opens the same day
  EXPECT_EQ(b.reason_new_episode, "P");
  EXPECT_FALSE(b.end.has_value());
}

TEST_F(JourneyTest, EndCareWithX1Refused) {
  Id child = Child();
  DONE(J().StartCare(sys_, child, Episode("2025-05-01", "S")));
  REFUSED(Code::kInvalidArgument, "X1 continues care",
          J().EndCare(sys_, child, D("2025-06-02"), "X1"));
  DONE(J().EndCare(sys_, child, D("2025-06-02"), "E4A"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM care_episodes WHERE reason_ceased = 'E4A'"), 1);
}

TEST_F(JourneyTest, CareReviewOnlyWhileLookedAfter) {
  Id child = Child();
  REFUSED(Code::kFailedPrecondition, "was not looked after on 2025-05-01",
          J().RecordCareReview(sys_, child, D("2025-05-01"), std::nullopt));
  DONE(J().StartCare(sys_, child, Episode("2025-05-01", "S")));
  REFUSED(Code::kFailedPrecondition, "was not looked after on 2025-04-30",
          J().RecordCareReview(sys_, child, D("2025-04-30"), std::nullopt));
  DONE(J().RecordCareReview(sys_, child, D("2025-05-20"), "PN1"));
  DONE(J().EndCare(sys_, child, D("2025-06-02"), "E4A"));
  REFUSED(Code::kFailedPrecondition, "was not looked after on 2025-06-03",
          J().RecordCareReview(sys_, child, D("2025-06-03"), std::nullopt));
}

TEST_F(JourneyTest, CareLeaverContactOnlyAfterLeavingCare) {
  Id child = Child();
  DONE(J().StartCare(sys_, child, Episode("2025-03-03", "S")));
  DONE(J().ChangeCare(sys_, child, Episode("2025-04-01", "P", "U4")));
  auto contact = [&](std::string_view d) {
    return J().RecordCareLeaverContact(sys_, child, D(d), "YES", std::nullopt, std::nullopt);
  };
  // An X1 change is not leaving care.
  REFUSED(Code::kFailedPrecondition, "had not left care by 2025-05-01", contact("2025-05-01"));
  DONE(J().EndCare(sys_, child, D("2025-06-02"), "E17"));
  REFUSED(Code::kFailedPrecondition, "had not left care by 2025-06-01", contact("2025-06-01"));
  DONE(contact("2025-06-02"));
  // Back in care: contact is with a cared-for child, not a care leaver.
  DONE(J().StartCare(sys_, child, Episode("2025-06-10", "S")));
  REFUSED(Code::kFailedPrecondition, "looked after again on 2025-06-20", contact("2025-06-20"));
}

TEST_F(JourneyTest, RecordMissingKindMustBeMOrA) {
  Id child = Child();
  DONE(J().StartCare(sys_, child, Episode("2025-05-01", "S")));
  REFUSED(Code::kInvalidArgument, "'X' is not M (missing) or A",
          J().RecordMissing(sys_, child, "X", D("2025-06-01"), std::nullopt));
  DONE(J().RecordMissing(sys_, child, "M", D("2025-06-01"), D("2025-06-02")));
  DONE(J().RecordMissing(sys_, child, "A", D("2025-06-10"), std::nullopt));
}

// ---- People, notes and permission ----------------------------------------------

TEST_F(JourneyTest, AllocateNeedsKnownTeam) {
  Id child = Child();
  REFUSED(Code::kNotFound, "no team with id 999",
          J().Allocate(sys_, child, 999, std::nullopt, D("2025-06-02"), "new"));
  Id team = Team("Assessment Team");
  DONE(J().Allocate(sys_, child, team, std::nullopt, D("2025-06-02"), "new"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM involvements WHERE end_date IS NULL"), 1);
}

TEST_F(JourneyTest, AddNoteNeedsText) {
  Id child = Child();
  REFUSED(Code::kInvalidArgument, "needs some text",
          J().AddNote(sys_, {child, D("2025-06-02"), "", ""}));
  DONE(J().AddNote(sys_, {child, D("2025-06-02"), "Home visit", ""}));
}

TEST_F(JourneyTest, PartnershipAnalystCannotRecordContact) {
  Id child = Child();
  const Actor analyst{"ana", "Ana Lyst", "LA-CSC", access::Role::kPartnershipAnalyst, "analysis"};
  REFUSED(Code::kPermissionDenied, "partnership analyst may not record",
          J().RecordContact(analyst, Contact(child, "2025-06-02")));
}

// ---- The chronology and the audit log -------------------------------------------

TEST_F(JourneyTest, EveryStepIsChronicledInDateOrderAndAudited) {
  Id child = Child();
  Id team = Team("Safeguarding Team");
  DONE(J().Allocate(sys_, child, team, std::nullopt, D("2025-03-10"), "new"));
  Id contact = DONE(J().RecordContact(sys_, Contact(child, "2025-03-10")));
  DONE(J().DecideContact(sys_, contact, D("2025-03-11"), kOutcomeReferral));
  NewReferral r = Referral(child, "2025-03-11");
  r.contact_id = contact;
  Id referral = DONE(J().OpenReferral(sys_, r));
  Id a = DONE(J().StartAssessment(sys_, referral, D("2025-03-12")));
  Id sd = DONE(J().HoldStrategyDiscussion(sys_, referral, D("2025-03-13")));
  Id s47 = DONE(J().StartSection47(sys_, sd, D("2025-03-14")));
  DONE(J().AuthoriseAssessment(sys_, a, D("2025-03-20"), {"3A"}));
  Id icpc = DONE(J().HoldInitialConference(sys_, referral, s47, false, D("2025-04-01"), true));
  Id plan = DONE(J().StartCpPlan(sys_, icpc, D("2025-04-01"), "NEG"));
  DONE(J().RecordCoreGroup(sys_, plan, D("2025-04-10")));
  DONE(J().StartCare(sys_, child, Episode("2025-05-01", "S")));
  DONE(J().RecordCpReview(sys_, plan, D("2025-05-02"), std::nullopt));
  DONE(J().AddNote(sys_, {child, D("2025-02-01"), "Earlier concern", ""}));

  const int64_t audit = Rows("audit_log");
  auto view = J().ReadChronology(sys_, child);
  ASSERT_TRUE(view) << view.error().message();
  EXPECT_EQ(Rows("audit_log"), audit + 1);  // the read is audited too
  EXPECT_TRUE(view->withheld.empty());
  const auto* entries = &view->entries;
  std::vector<std::string> kinds;
  for (size_t i = 0; i < entries->size(); ++i) {
    kinds.push_back((*entries)[i].kind);
    if (i > 0) {
      EXPECT_LE((*entries)[i - 1].occurred_on, (*entries)[i].occurred_on);
    }
    EXPECT_EQ((*entries)[i].person_id, child);
    EXPECT_EQ((*entries)[i].author, sys_.name);
  }
  EXPECT_THAT(kinds,
              ElementsAre("birth", "note", "allocation", "contact", "contact_decision", "referral",
                          "assessment", "strategy_discussion", "section47", "assessment", "icpc",
                          "cp_plan", "core_group", "care", "cp_review"));
  EXPECT_EQ((*entries)[3].record_table, "contacts");
  EXPECT_EQ((*entries)[3].record_id, contact);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE person_id = " + std::to_string(child)),
            Rows("audit_log"));
}

// ---- Partner agencies, classifications and versions ------------------------------

class SharingTest : public JourneyTest {
 protected:
  void SetUp() override {
    JourneyTest::SetUp();
    police_sys_.agency = "POLICE";
  }
  // A team of a seeded agency (POLICE, SCHOOLS, ...), with one worker.
  Id AgencyTeam(std::string_view code, const std::string& name) {
    Id team = 0;
    auto s = gate_->Run(sys_, access::Action::kAdminister, [&](access::AuditNote&) -> Status {
      auto js = Store();
      SG_ASSIGN_OR_RETURN(auto agency, js.FindAgencyByCode(code));
      if (!agency) return core::Fail(Code::kNotFound, "agency not seeded");
      SG_ASSIGN_OR_RETURN(team, js.InsertTeam({0, agency->id, name}));
      SG_ASSIGN_OR_RETURN(workers_[team], js.InsertWorker({0, team, name + " worker", "officer"}));
      return {};
    });
    EXPECT_TRUE(s) << s.error().message();
    return team;
  }
  Id UserRow(const std::string& username, Id team) {
    auto id = db_->InsertReturningId(
        "INSERT INTO users (username, display_name, team_id, role, password_hash, created_at, "
        "password_changed_at) VALUES ($1, $1, $2, 'partner-practitioner', 'x', "
        "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z') RETURNING id",
        {username, team});
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  }
  static Actor Member(std::string id, std::string agency, access::Role role, Id team,
                      std::optional<Id> user = std::nullopt) {
    return Actor{std::move(id), "A Member", std::move(agency), role, "casework", user, team,
                 std::nullopt};
  }
  int64_t Version(Id child) { return Store().PersonVersion(child).value_or(-1); }
  Result<Id> Involve(Id child, Id team, std::string_view date, std::string basis = kBasis,
                     bool consent = false) {
    return J().Involve(sys_, child, team, std::nullopt, D(date), std::move(basis), consent,
                       "strategy discussion");
  }
  std::string LastAuditDetails() {
    std::string details;
    EXPECT_TRUE(db_->Query("SELECT details FROM audit_log ORDER BY seq DESC LIMIT 1", {},
                           [&](const store::Row& row) -> Status {
                             details = row.String(0);
                             return {};
                           }));
    return details;
  }
  static int Restricted(const ChronologyView& view) {
    int n = 0;
    for (const auto& e : view.entries) n += !e.classification.empty();
    return n;
  }

  static constexpr const char* kBasis =
      "public task: Children Act 1989 s47 (UK GDPR 6(1)(e), 9(2)(g))";
  Actor police_sys_ = Actor::System("test", "record police intelligence");
  std::map<Id, Id> workers_;
};

TEST_F(SharingTest, EveryCommandBumpsTheChildsVersionOnce) {
  Id child = Child();
  EXPECT_EQ(Version(child), 2);  // 1 when stored, and the registration's chronicle
  DONE(J().RecordContact(sys_, Contact(child, "2025-06-02")));
  EXPECT_EQ(Version(child), 3);
  DONE(J().AddNote(sys_, {child, D("2025-06-02"), "Home visit", ""}));
  EXPECT_EQ(Version(child), 4);
  REFUSED(Code::kInvalidArgument, "is in the future",
          J().RecordContact(sys_, Contact(child, "2025-07-01")));
  EXPECT_EQ(Version(child), 4);
  DONE(Involve(child, AgencyTeam("POLICE", "Public Protection Unit"), "2025-06-03"));
  EXPECT_EQ(Version(child), 5);
  Id other = Child();
  EXPECT_EQ(Version(other), 2);  // another child's commands leave it alone
  EXPECT_EQ(Version(child), 5);
  auto unknown = Store().PersonVersion(999);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), Code::kNotFound);
}

TEST_F(SharingTest, InvolveEndsNothingAndAllocationLeavesPartnersInvolved) {
  Id child = Child();
  Id csc = Team("Assessment Team");
  Id police = AgencyTeam("POLICE", "Public Protection Unit");
  DONE(J().Allocate(sys_, child, csc, std::nullopt, D("2025-06-01"), "referral"));
  Id partner = DONE(Involve(child, police, "2025-06-02"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM involvements WHERE end_date IS NULL"), 2);
  Id next = Team("Safeguarding Team");
  DONE(J().Allocate(sys_, child, next, std::nullopt, D("2025-06-10"), "plan"));
  auto ended = J().EndAllocations(sys_, child, D("2025-06-20"));
  ASSERT_TRUE(ended) << ended.error().message();
  auto involvements = Store().InvolvementsOf(child);
  ASSERT_TRUE(involvements);
  ASSERT_EQ(involvements->size(), 3u);
  EXPECT_EQ((*involvements)[0].end, D("2025-06-10"));  // the council's first allocation
  EXPECT_EQ((*involvements)[1].id, partner);
  EXPECT_FALSE((*involvements)[1].end.has_value()) << "the police are still involved";
  EXPECT_EQ((*involvements)[1].lawful_basis, kBasis);
  EXPECT_FALSE((*involvements)[1].consent);
  EXPECT_EQ((*involvements)[2].end, D("2025-06-20"));
  auto view = J().ReadChronology(sys_, child);
  ASSERT_TRUE(view);
  bool chronicled = false;
  for (const auto& e : view->entries) {
    chronicled |=
        e.kind == "involvement" &&
        e.summary == "Public Protection Unit (Cheshire Constabulary) involved: strategy discussion";
  }
  EXPECT_TRUE(chronicled);
}

TEST_F(SharingTest, InvolveNeedsABasisAKnownTeamAndNoOverlap) {
  Id child = Child();
  Id school = AgencyTeam("SCHOOLS", "Wistaston Primary School");
  Id police = AgencyTeam("POLICE", "Public Protection Unit");
  REFUSED(Code::kInvalidArgument, "needs a lawful basis or the family's consent",
          Involve(child, school, "2025-06-02", ""));
  REFUSED(Code::kInvalidArgument, "is in the future", Involve(child, school, "2025-07-01"));
  REFUSED(Code::kNotFound, "no team with id 999", Involve(child, 999, "2025-06-02"));
  REFUSED(Code::kInvalidArgument, "is not in the team",
          J().Involve(sys_, child, school, workers_[police], D("2025-06-02"), kBasis, false, ""));
  Id consented = DONE(Involve(child, school, "2025-06-02", "", /*consent=*/true));
  auto stored = Found(Store().FindInvolvement(consented));
  EXPECT_EQ(stored.lawful_basis, "consent");
  EXPECT_TRUE(stored.consent);
  REFUSED(Code::kAlreadyExists, "'Wistaston Primary School' is already involved",
          Involve(child, school, "2025-06-10"));
  REFUSED(Code::kAlreadyExists, "already involved",
          J().Involve(sys_, child, school, workers_[school], D("2025-06-02"), kBasis, false, ""));
  DONE(J().Involve(sys_, child, police, workers_[police], D("2025-06-02"), kBasis, false, ""));
}

TEST_F(SharingTest, EndInvolvementRules) {
  Id child = Child();
  Id police = AgencyTeam("POLICE", "Public Protection Unit");
  Id id = DONE(Involve(child, police, "2025-06-02"));
  REFUSED(Code::kInvalidArgument, "cannot be before the start (2025-06-02)",
          J().EndInvolvement(sys_, id, D("2025-06-01")));
  REFUSED(Code::kInvalidArgument, "is in the future",
          J().EndInvolvement(sys_, id, D("2025-07-01")));
  REFUSED(Code::kNotFound, "no involvement with id 999",
          J().EndInvolvement(sys_, 999, D("2025-06-02")));
  DONE(J().EndInvolvement(sys_, id, D("2025-06-02")));  // the day it started
  REFUSED(Code::kFailedPrecondition, "already ended on 2025-06-02",
          J().EndInvolvement(sys_, id, D("2025-06-03")));
  REFUSED(Code::kAlreadyExists, "already involved", Involve(child, police, "2025-06-02"));
  DONE(Involve(child, police, "2025-06-03"));  // involved again after it ended
}

TEST_F(SharingTest, OnlyTheOwningAgencyMayRestrictANote) {
  Id child = Child();
  Id csc = Team("Assessment Team");
  Id police = AgencyTeam("POLICE", "Public Protection Unit");
  DONE(J().Allocate(sys_, child, csc, std::nullopt, D("2025-06-01"), "referral"));
  DONE(Involve(child, police, "2025-06-01"));
  const Actor worker = Member("sw", "LA-CSC", access::Role::kSocialWorker, csc);
  const Actor officer = Member("pc", "POLICE", access::Role::kPartnerPractitioner, police);
  REFUSED(Code::kPermissionDenied, "only Cheshire Constabulary may restrict an entry",
          J().AddNote(worker, {child, D("2025-06-02"), "Intelligence", "police-restricted"}));
  REFUSED(Code::kPermissionDenied, "only Cheshire Clinical Commissioning Group may restrict",
          J().AddNote(officer, {child, D("2025-06-02"), "Clinic", "health-restricted"}));
  REFUSED(Code::kPermissionDenied, "only Cheshire Constabulary",
          J().AddNote(sys_, {child, D("2025-06-02"), "Intelligence", "police-restricted"}));
  REFUSED(Code::kInvalidArgument, "'secret' is not a known classification",
          J().AddNote(police_sys_, {child, D("2025-06-02"), "Intelligence", "secret"}));
  DONE(J().AddNote(police_sys_, {child, D("2025-06-02"), "Intelligence", "police-restricted"}));
  DONE(J().AddNote(officer, {child, D("2025-06-03"), "More", "police-restricted"}));
  DONE(J().AddNote(worker, {child, D("2025-06-03"), "Visit", ""}));
  EXPECT_EQ(LastAuditDetails().find("classification"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM chronology WHERE classification = 'police-restricted'"),
            2);
}

TEST_F(SharingTest, RestrictedEntriesReachOnlyTheOwningAgencysClearedUsers) {
  Id child = Child();
  Id csc = Team("Assessment Team");
  Id police = AgencyTeam("POLICE", "Public Protection Unit");
  Id roads = AgencyTeam("POLICE", "Roads Policing");
  DONE(J().Allocate(sys_, child, csc, std::nullopt, D("2025-06-01"), "referral"));
  DONE(Involve(child, police, "2025-06-01"));
  DONE(J().AddNote(police_sys_, {child, D("2025-06-02"), "Known associate", "police-restricted"}));
  DONE(J().AddNote(police_sys_, {child, D("2025-06-03"), "Vehicle seen", "police-restricted"}));
  DONE(J().AddNote(sys_, {child, D("2025-06-04"), "Home visit", ""}));
  const int64_t shown_to_all = Count(
      "SELECT COUNT(*) FROM chronology WHERE classification = '' AND person_id = " +
      std::to_string(child));

  const Actor officer = Member("pc", "POLICE", access::Role::kPartnerPractitioner, police);
  auto police_view = J().ReadChronology(officer, child);
  ASSERT_TRUE(police_view) << police_view.error().message();
  EXPECT_EQ(Restricted(*police_view), 2);
  EXPECT_TRUE(police_view->withheld.empty());
  EXPECT_NE(LastAuditDetails().find("\"basis\":\"involvement\""), std::string::npos);
  EXPECT_NE(LastAuditDetails().find(kBasis), std::string::npos) << LastAuditDetails();

  const Actor worker = Member("sw", "LA-CSC", access::Role::kSocialWorker, csc);
  const Id user = UserRow("pc.roads", roads);
  const Actor roads_officer =
      Member("pc.roads", "POLICE", access::Role::kPartnerPractitioner, roads, user);
  // Not involved: refused outright, and nothing is written, not even audit.
  REFUSED(Code::kPermissionDenied, "not working with this child",
          J().ReadChronology(roads_officer, child));
  // Break-glass opens the record but never the restricted entries.
  auto broke = gate_->Run(roads_officer, access::Action::kBreakGlass,
                          [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(int64_t grant,
                        access::BreakGlass(*db_, roads_officer,
                                           {child, "Child found alone on the motorway verge",
                                            "vital interests (UK GDPR 6(1)(d))", 60},
                                           clock_));
    note = access::AuditNote{"break-glass", "child", std::to_string(grant), child, "{}"};
    return {};
  });
  ASSERT_TRUE(broke) << broke.error().message();
  EXPECT_NE(LastAuditDetails().find("\"basis\":\"break-glass\""), std::string::npos);

  const std::vector<const Actor*> readers = {&worker, &sys_, &police_sys_, &roads_officer};
  for (const Actor* reader : readers) {
    auto view = J().ReadChronology(*reader, child);
    ASSERT_TRUE(view) << reader->id << ": " << view.error().message();
    EXPECT_EQ(Restricted(*view), 0) << reader->id;
    EXPECT_EQ(static_cast<int64_t>(view->entries.size()), shown_to_all) << reader->id;
    ASSERT_EQ(view->withheld.size(), 1u) << reader->id;
    EXPECT_EQ(view->withheld[0].classification, "police-restricted");
    EXPECT_EQ(view->withheld[0].owner_agency, "POLICE");
    EXPECT_EQ(view->withheld[0].owner_agency_name, "Cheshire Constabulary");
    EXPECT_EQ(view->withheld[0].count, 2);
    EXPECT_NE(LastAuditDetails().find("\"withheld\":2"), std::string::npos) << LastAuditDetails();
  }
}

}  // namespace
}  // namespace sg::journey
