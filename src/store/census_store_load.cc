// Loading children for a census: a handful of bulk queries over the period,
// stitched together in memory, rather than a query per child.
#include <unordered_map>

#include "store/census_store.h"
#include "store/row_reader.h"

namespace sg::store {
namespace {

// A referral overlaps the period: referred by its end, not closed before
// its start. The same condition selects the records below a referral.
constexpr std::string_view kOverlaps =
    "r.referral_date <= $2 AND (r.closure_date IS NULL OR r.closure_date >= $1)";

struct Loaded {
  std::vector<CensusChild> children;
  std::unordered_map<Id, size_t> child_of_person;
  std::unordered_map<Id, CensusEpisode*> episode_of_referral;
  std::unordered_map<Id, CensusCpPlan*> plan_of_id;
};

std::string Sql(std::string_view head, std::string_view tail) {
  return std::string(head) + std::string(kOverlaps) + std::string(tail);
}

Status LoadPersons(Database& db, const core::Period& period, Loaded& out) {
  std::string sql = Sql(
      "SELECT p.id, p.la_child_id, p.upn, p.former_upn, p.upn_unknown, p.sex, p.ethnicity, "
      "p.birth_date, p.expected_birth_date, p.death_date FROM persons p "
      "WHERE p.la_child_id IS NOT NULL AND EXISTS (SELECT 1 FROM referrals r "
      "WHERE r.person_id = p.id AND ",
      ") ORDER BY p.la_child_id");
  return db.Query(sql, {period.start, period.end}, [&](const Row& row) -> Status {
    RowReader r(row);
    CensusChild c;
    c.person.id = r.Int(0);
    c.person.la_child_id = r.OptString(1);
    c.person.upn = r.OptString(2);
    c.former_upn = r.OptString(3);
    c.upn_unknown = r.OptString(4);
    c.person.sex = r.String(5);
    c.person.ethnicity = r.String(6);
    c.person.birth_date = r.OptDate(7);
    c.person.expected_birth_date = r.OptDate(8);
    c.person.death_date = r.OptDate(9);
    out.child_of_person[c.person.id] = out.children.size();
    out.children.push_back(std::move(c));
    return r.status();
  });
}

Status LoadDisabilities(Database& db, Loaded& out) {
  return db.Query("SELECT person_id, code FROM person_disabilities ORDER BY person_id, code", {},
                  [&](const Row& row) -> Status {
                    auto it = out.child_of_person.find(row.Int(0));
                    if (it != out.child_of_person.end()) {
                      out.children[it->second].person.disabilities.push_back(row.String(1));
                    }
                    return {};
                  });
}

Status LoadReferrals(Database& db, const core::Period& period, Loaded& out) {
  std::string sql = Sql(
      "SELECT r.id, r.person_id, r.referral_date, r.referral_source, r.primary_need, r.nfa, "
      "r.closure_date, r.closure_reason FROM referrals r WHERE ",
      " ORDER BY r.person_id, r.referral_date, r.id");
  SG_RETURN_IF_ERROR(db.Query(sql, {period.start, period.end}, [&](const Row& row) -> Status {
    auto it = out.child_of_person.find(row.Int(1));
    if (it == out.child_of_person.end()) return {};
    RowReader r(row);
    CensusEpisode e;
    e.referral.id = r.Int(0);
    e.referral.person_id = r.Int(1);
    e.referral.referral_date = r.Date(2);
    e.referral.referral_source = r.String(3);
    e.referral.primary_need = r.OptString(4);
    e.referral.nfa = r.Bool(5);
    e.referral.closure_date = r.OptDate(6);
    e.referral.closure_reason = r.OptString(7);
    out.children[it->second].episodes.push_back(std::move(e));
    return r.status();
  }));
  // Pointers are taken once every vector has stopped growing.
  for (CensusChild& child : out.children) {
    for (CensusEpisode& e : child.episodes) out.episode_of_referral[e.referral.id] = &e;
  }
  return {};
}

// Runs a query over the records of overlapping referrals; `each` gets the
// record's episode and its row.
Status ForEachRecord(Database& db, const core::Period& period, Loaded& out, std::string_view head,
                     std::string_view tail,
                     const std::function<Status(CensusEpisode&, RowReader&)>& each) {
  return db.Query(Sql(head, tail), {period.start, period.end}, [&](const Row& row) -> Status {
    auto it = out.episode_of_referral.find(row.Int(0));
    if (it == out.episode_of_referral.end()) return {};
    RowReader r(row);
    SG_RETURN_IF_ERROR(each(*it->second, r));
    return r.status();
  });
}

Status LoadPlans(Database& db, const core::Period& period, Loaded& out) {
  SG_RETURN_IF_ERROR(ForEachRecord(
      db, period, out,
      "SELECT p.referral_id, p.id, p.start_date, p.end_date, p.initial_category, "
      "p.latest_category, p.previous_plans, p.icpc_id FROM cp_plans p "
      "JOIN referrals r ON r.id = p.referral_id WHERE ",
      " ORDER BY p.referral_id, p.start_date, p.id", [&](CensusEpisode& e, RowReader& r) {
        CensusCpPlan c;
        c.plan.id = r.Int(1);
        c.plan.referral_id = r.Int(0);
        c.plan.start = r.Date(2);
        c.plan.end = r.OptDate(3);
        c.plan.initial_category = r.String(4);
        c.plan.latest_category = r.String(5);
        c.plan.previous_plans = static_cast<int>(r.Int(6));
        c.plan.icpc_id = r.OptInt(7);
        e.cp_plans.push_back(std::move(c));
        return Status();
      }));
  for (auto& [id, e] : out.episode_of_referral) {
    for (CensusCpPlan& c : e->cp_plans) out.plan_of_id[c.plan.id] = &c;
  }
  return db.Query("SELECT cp_plan_id, review_date FROM cp_reviews ORDER BY cp_plan_id, review_date",
                  {}, [&](const Row& row) -> Status {
                    auto it = out.plan_of_id.find(row.Int(0));
                    if (it == out.plan_of_id.end()) return {};
                    SG_ASSIGN_OR_RETURN(Date date, row.DateAt(1));
                    it->second->reviews.push_back(date);
                    return {};
                  });
}

Status LoadModules(Database& db, const core::Period& period, Loaded& out) {
  std::unordered_map<Id, Assessment*> assessment_of_id;
  SG_RETURN_IF_ERROR(ForEachRecord(
      db, period, out,
      "SELECT a.referral_id, a.id, a.start_date, a.authorisation_date FROM assessments a "
      "JOIN referrals r ON r.id = a.referral_id WHERE ",
      " ORDER BY a.referral_id, a.start_date, a.id", [&](CensusEpisode& e, RowReader& r) {
        Assessment a;
        a.id = r.Int(1);
        a.referral_id = r.Int(0);
        a.start = r.Date(2);
        a.authorised = r.OptDate(3);
        e.assessments.push_back(std::move(a));
        return Status();
      }));
  for (auto& [id, e] : out.episode_of_referral) {
    for (Assessment& a : e->assessments) assessment_of_id[a.id] = &a;
  }
  SG_RETURN_IF_ERROR(db.Query(
      "SELECT assessment_id, factor FROM assessment_factors ORDER BY assessment_id, factor", {},
      [&](const Row& row) -> Status {
        auto it = assessment_of_id.find(row.Int(0));
        if (it != assessment_of_id.end()) it->second->factors.push_back(row.String(1));
        return {};
      }));
  SG_RETURN_IF_ERROR(ForEachRecord(
      db, period, out,
      "SELECT p.referral_id, p.id, p.start_date, p.end_date FROM cin_plans p "
      "JOIN referrals r ON r.id = p.referral_id WHERE ",
      " ORDER BY p.referral_id, p.start_date, p.id", [&](CensusEpisode& e, RowReader& r) {
        CinPlan p;
        p.id = r.Int(1);
        p.referral_id = r.Int(0);
        p.start = r.Date(2);
        p.end = r.OptDate(3);
        e.cin_plans.push_back(std::move(p));
        return Status();
      }));
  SG_RETURN_IF_ERROR(ForEachRecord(
      db, period, out,
      "SELECT s.referral_id, s.id, s.start_date, s.icpc_target_date, s.icpc_not_required, "
      "c.conference_date FROM section47_enquiries s JOIN referrals r ON r.id = s.referral_id "
      "LEFT JOIN icpcs c ON c.section47_id = s.id WHERE ",
      " ORDER BY s.referral_id, s.start_date, s.id", [&](CensusEpisode& e, RowReader& r) {
        CensusSection47 s;
        s.enquiry.id = r.Int(1);
        s.enquiry.referral_id = r.Int(0);
        s.enquiry.start = r.Date(2);
        s.enquiry.icpc_target = r.OptDate(3);
        s.enquiry.icpc_not_required = r.Bool(4);
        s.icpc_date = r.OptDate(5);
        e.section47s.push_back(std::move(s));
        return Status();
      }));
  // A conference with no enquiry stands at the episode level; the census has
  // room for one, so the earliest is kept.
  SG_RETURN_IF_ERROR(ForEachRecord(
      db, period, out,
      "SELECT c.referral_id, c.conference_date FROM icpcs c JOIN referrals r "
      "ON r.id = c.referral_id WHERE c.section47_id IS NULL AND ",
      " ORDER BY c.referral_id, c.conference_date", [&](CensusEpisode& e, RowReader& r) {
        if (!e.icpc_date) e.icpc_date = r.Date(1);
        return Status();
      }));
  return LoadPlans(db, period, out);
}

}  // namespace

Status CensusStore::ForEachChild(const core::Period& period,
                                 const std::function<Status(const CensusChild&)>& each) {
  Loaded loaded;
  SG_RETURN_IF_ERROR(LoadPersons(db_, period, loaded));
  SG_RETURN_IF_ERROR(LoadDisabilities(db_, loaded));
  SG_RETURN_IF_ERROR(LoadReferrals(db_, period, loaded));
  SG_RETURN_IF_ERROR(LoadModules(db_, period, loaded));
  for (const CensusChild& child : loaded.children) SG_RETURN_IF_ERROR(each(child));
  return {};
}

}  // namespace sg::store
