// CIN plans, strategy discussions, section 47 enquiries, conferences and
// child protection plans.
#include "store/journey_store.h"
#include "store/row_reader.h"

namespace sg::store {
namespace {

CinPlan ReadCinPlan(RowReader& r) {
  return CinPlan{r.Int(0), r.OptString(1), r.Int(2), r.Date(3), r.OptDate(4)};
}

Section47 ReadSection47(RowReader& r) {
  Section47 s;
  s.id = r.Int(0);
  s.source_id = r.OptString(1);
  s.referral_id = r.Int(2);
  s.strategy_discussion_id = r.OptInt(3);
  s.start = r.Date(4);
  s.icpc_target = r.OptDate(5);
  s.icpc_not_required = r.Bool(6);
  return s;
}

Icpc ReadIcpc(RowReader& r) {
  Icpc i;
  i.id = r.Int(0);
  i.source_id = r.OptString(1);
  i.referral_id = r.Int(2);
  i.section47_id = r.OptInt(3);
  i.date = r.Date(4);
  i.transfer_in = r.Bool(5);
  i.plan_made = r.Bool(6);
  return i;
}

CpPlan ReadCpPlan(RowReader& r) {
  CpPlan p;
  p.id = r.Int(0);
  p.source_id = r.OptString(1);
  p.referral_id = r.Int(2);
  p.icpc_id = r.OptInt(3);
  p.start = r.Date(4);
  p.end = r.OptDate(5);
  p.initial_category = r.String(6);
  p.latest_category = r.String(7);
  p.previous_plans = static_cast<int>(r.Int(8));
  return p;
}

Date ReadDate(RowReader& r) { return r.Date(0); }

PlanDate ReadPlanDate(RowReader& r) { return PlanDate{r.Int(0), r.Date(1)}; }

constexpr std::string_view kIcpcSelect =
    "SELECT id, source_id, referral_id, section47_id, conference_date, transfer_in, plan_made "
    "FROM icpcs ";
constexpr std::string_view kCpPlanSelect =
    "SELECT id, source_id, referral_id, icpc_id, start_date, end_date, initial_category, "
    "latest_category, previous_plans FROM cp_plans ";

}  // namespace

Result<Id> JourneyStore::InsertCinPlan(const CinPlan& p) {
  return db_.InsertReturningId(
      "INSERT INTO cin_plans (source_id, referral_id, start_date, end_date) "
      "VALUES ($1, $2, $3, $4) RETURNING id",
      {p.source_id, p.referral_id, p.start, p.end});
}

Result<std::optional<CinPlan>> JourneyStore::FindCinPlan(Id id) {
  return QueryOne<CinPlan>(
      db_, "SELECT id, source_id, referral_id, start_date, end_date FROM cin_plans WHERE id = $1",
      {id}, ReadCinPlan);
}

Result<std::vector<CinPlan>> JourneyStore::CinPlansOf(Id referral_id) {
  return QueryAll<CinPlan>(db_,
                           "SELECT id, source_id, referral_id, start_date, end_date FROM cin_plans "
                           "WHERE referral_id = $1 ORDER BY start_date, id",
                           {referral_id}, ReadCinPlan);
}

Status JourneyStore::EndCinPlan(Id id, Date end) {
  return db_.Execute("UPDATE cin_plans SET end_date = $2 WHERE id = $1", {id, end});
}

Result<Id> JourneyStore::InsertStrategyDiscussion(const StrategyDiscussion& d) {
  return db_.InsertReturningId(
      "INSERT INTO strategy_discussions (source_id, referral_id, discussion_date) "
      "VALUES ($1, $2, $3) RETURNING id",
      {d.source_id, d.referral_id, d.date});
}

Result<std::optional<StrategyDiscussion>> JourneyStore::FindStrategyDiscussion(Id id) {
  return QueryOne<StrategyDiscussion>(
      db_,
      "SELECT id, source_id, referral_id, discussion_date FROM strategy_discussions WHERE id = $1",
      {id}, [](RowReader& r) {
        return StrategyDiscussion{r.Int(0), r.OptString(1), r.Int(2), r.Date(3)};
      });
}

Result<std::vector<StrategyDiscussion>> JourneyStore::StrategyDiscussionsOf(Id referral_id) {
  return QueryAll<StrategyDiscussion>(
      db_,
      "SELECT id, source_id, referral_id, discussion_date FROM strategy_discussions "
      "WHERE referral_id = $1 ORDER BY discussion_date, id",
      {referral_id}, [](RowReader& r) {
        return StrategyDiscussion{r.Int(0), r.OptString(1), r.Int(2), r.Date(3)};
      });
}

Result<Id> JourneyStore::InsertSection47(const Section47& s) {
  return db_.InsertReturningId(
      "INSERT INTO section47_enquiries (source_id, referral_id, strategy_discussion_id, "
      "start_date, icpc_target_date, icpc_not_required) VALUES ($1, $2, $3, $4, $5, $6) "
      "RETURNING id",
      {s.source_id, s.referral_id, s.strategy_discussion_id, s.start, s.icpc_target,
       s.icpc_not_required});
}

Result<std::optional<Section47>> JourneyStore::FindSection47(Id id) {
  return QueryOne<Section47>(
      db_,
      "SELECT id, source_id, referral_id, strategy_discussion_id, start_date, icpc_target_date, "
      "icpc_not_required FROM section47_enquiries WHERE id = $1",
      {id}, ReadSection47);
}

Result<std::vector<Section47>> JourneyStore::Section47sOf(Id referral_id) {
  return QueryAll<Section47>(
      db_,
      "SELECT id, source_id, referral_id, strategy_discussion_id, start_date, icpc_target_date, "
      "icpc_not_required FROM section47_enquiries WHERE referral_id = $1 ORDER BY start_date, id",
      {referral_id}, ReadSection47);
}

Status JourneyStore::SetIcpcNotRequired(Id section47_id) {
  return db_.Execute("UPDATE section47_enquiries SET icpc_not_required = 1 WHERE id = $1",
                     {section47_id});
}

Result<Id> JourneyStore::InsertIcpc(const Icpc& i) {
  return db_.InsertReturningId(
      "INSERT INTO icpcs (source_id, referral_id, section47_id, conference_date, transfer_in, "
      "plan_made) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {i.source_id, i.referral_id, i.section47_id, i.date, i.transfer_in, i.plan_made});
}

Result<std::optional<Icpc>> JourneyStore::FindIcpc(Id id) {
  static const std::string sql = std::string(kIcpcSelect) + "WHERE id = $1";
  return QueryOne<Icpc>(db_, sql, {id}, ReadIcpc);
}

Result<std::optional<Icpc>> JourneyStore::FindIcpcOfSection47(Id section47_id) {
  static const std::string sql = std::string(kIcpcSelect) + "WHERE section47_id = $1";
  return QueryOne<Icpc>(db_, sql, {section47_id}, ReadIcpc);
}

Result<std::vector<Icpc>> JourneyStore::IcpcsOf(Id referral_id) {
  static const std::string sql =
      std::string(kIcpcSelect) + "WHERE referral_id = $1 ORDER BY conference_date, id";
  return QueryAll<Icpc>(db_, sql, {referral_id}, ReadIcpc);
}

Result<Id> JourneyStore::InsertCpPlan(const CpPlan& p) {
  return db_.InsertReturningId(
      "INSERT INTO cp_plans (source_id, referral_id, icpc_id, start_date, end_date, "
      "initial_category, latest_category, previous_plans) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      "RETURNING id",
      {p.source_id, p.referral_id, p.icpc_id, p.start, p.end, p.initial_category,
       p.latest_category, p.previous_plans});
}

Result<std::optional<CpPlan>> JourneyStore::FindCpPlan(Id id) {
  static const std::string sql = std::string(kCpPlanSelect) + "WHERE id = $1";
  return QueryOne<CpPlan>(db_, sql, {id}, ReadCpPlan);
}

Result<std::vector<CpPlan>> JourneyStore::CpPlansOf(Id referral_id) {
  static const std::string sql =
      std::string(kCpPlanSelect) + "WHERE referral_id = $1 ORDER BY start_date, id";
  return QueryAll<CpPlan>(db_, sql, {referral_id}, ReadCpPlan);
}

Result<int> JourneyStore::CountEarlierCpPlans(Id person_id, Date before) {
  auto n = db_.QueryInt(
      "SELECT COUNT(*) FROM cp_plans p JOIN referrals r ON r.id = p.referral_id "
      "WHERE r.person_id = $1 AND p.start_date < $2",
      {person_id, before});
  if (!n) return std::unexpected(n.error());
  return static_cast<int>(*n);
}

Status JourneyStore::EndCpPlan(Id id, Date end) {
  return db_.Execute("UPDATE cp_plans SET end_date = $2 WHERE id = $1", {id, end});
}

Status JourneyStore::SetLatestCategory(Id plan_id, std::string_view category) {
  return db_.Execute("UPDATE cp_plans SET latest_category = $2 WHERE id = $1",
                     {plan_id, category});
}

Result<Id> JourneyStore::InsertCpReview(Id plan_id, Date date) {
  return db_.InsertReturningId(
      "INSERT INTO cp_reviews (cp_plan_id, review_date) VALUES ($1, $2) RETURNING id",
      {plan_id, date});
}

Result<std::vector<Date>> JourneyStore::CpReviewDates(Id plan_id) {
  return QueryAll<Date>(
      db_, "SELECT review_date FROM cp_reviews WHERE cp_plan_id = $1 ORDER BY review_date",
      {plan_id}, ReadDate);
}

Result<Id> JourneyStore::InsertCoreGroup(Id plan_id, Date date) {
  return db_.InsertReturningId(
      "INSERT INTO core_group_meetings (cp_plan_id, meeting_date) VALUES ($1, $2) RETURNING id",
      {plan_id, date});
}

Result<std::vector<Date>> JourneyStore::CoreGroupDates(Id plan_id) {
  return QueryAll<Date>(
      db_,
      "SELECT meeting_date FROM core_group_meetings WHERE cp_plan_id = $1 ORDER BY meeting_date",
      {plan_id}, ReadDate);
}

// Each read below joins through referrals.person_id (and cp_plans for a
// plan's dates), so that the whole child costs one query per kind.
Result<ChildReferralRecords> JourneyStore::ReferralRecordsOf(Id person_id) {
  ChildReferralRecords out;
  SG_ASSIGN_OR_RETURN(out.assessments, AssessmentsOfChild(person_id));
  SG_ASSIGN_OR_RETURN(
      out.cin_plans,
      QueryAll<CinPlan>(db_,
                        "SELECT x.id, x.source_id, x.referral_id, x.start_date, x.end_date "
                        "FROM cin_plans x JOIN referrals r ON r.id = x.referral_id "
                        "WHERE r.person_id = $1 ORDER BY x.start_date, x.id",
                        {person_id}, ReadCinPlan));
  SG_ASSIGN_OR_RETURN(
      out.strategy_discussions,
      QueryAll<StrategyDiscussion>(
          db_,
          "SELECT x.id, x.source_id, x.referral_id, x.discussion_date "
          "FROM strategy_discussions x JOIN referrals r ON r.id = x.referral_id "
          "WHERE r.person_id = $1 ORDER BY x.discussion_date, x.id",
          {person_id}, [](RowReader& r) {
            return StrategyDiscussion{r.Int(0), r.OptString(1), r.Int(2), r.Date(3)};
          }));
  SG_ASSIGN_OR_RETURN(
      out.section47s,
      QueryAll<Section47>(
          db_,
          "SELECT x.id, x.source_id, x.referral_id, x.strategy_discussion_id, x.start_date, "
          "x.icpc_target_date, x.icpc_not_required FROM section47_enquiries x "
          "JOIN referrals r ON r.id = x.referral_id WHERE r.person_id = $1 "
          "ORDER BY x.start_date, x.id",
          {person_id}, ReadSection47));
  SG_ASSIGN_OR_RETURN(
      out.conferences,
      QueryAll<Icpc>(db_,
                     "SELECT x.id, x.source_id, x.referral_id, x.section47_id, x.conference_date, "
                     "x.transfer_in, x.plan_made FROM icpcs x "
                     "JOIN referrals r ON r.id = x.referral_id WHERE r.person_id = $1 "
                     "ORDER BY x.conference_date, x.id",
                     {person_id}, ReadIcpc));
  SG_ASSIGN_OR_RETURN(
      out.cp_plans,
      QueryAll<CpPlan>(db_,
                       "SELECT x.id, x.source_id, x.referral_id, x.icpc_id, x.start_date, "
                       "x.end_date, x.initial_category, x.latest_category, x.previous_plans "
                       "FROM cp_plans x JOIN referrals r ON r.id = x.referral_id "
                       "WHERE r.person_id = $1 ORDER BY x.start_date, x.id",
                       {person_id}, ReadCpPlan));
  if (out.cp_plans.empty()) return out;  // no plan, so no plan dates either
  SG_ASSIGN_OR_RETURN(
      out.cp_reviews,
      QueryAll<PlanDate>(db_,
                         "SELECT x.cp_plan_id, x.review_date FROM cp_reviews x "
                         "JOIN cp_plans p ON p.id = x.cp_plan_id "
                         "JOIN referrals r ON r.id = p.referral_id WHERE r.person_id = $1 "
                         "ORDER BY x.review_date, x.id",
                         {person_id}, ReadPlanDate));
  SG_ASSIGN_OR_RETURN(
      out.core_groups,
      QueryAll<PlanDate>(db_,
                         "SELECT x.cp_plan_id, x.meeting_date FROM core_group_meetings x "
                         "JOIN cp_plans p ON p.id = x.cp_plan_id "
                         "JOIN referrals r ON r.id = p.referral_id WHERE r.person_id = $1 "
                         "ORDER BY x.meeting_date, x.id",
                         {person_id}, ReadPlanDate));
  return out;
}

}  // namespace sg::store
