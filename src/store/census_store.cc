#include "store/census_store.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "store/row_reader.h"

namespace sg::store {
namespace {

using Texts = std::vector<std::optional<std::string>>;

// A stored record found by its derived key: its id and the columns that an
// import may change, as text (NULL as nullopt), for comparison.
struct Found {
  Id id = 0;
  Texts columns;
};

std::optional<std::string> AsText(const Value& value) {
  const auto& v = value.get();
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return std::get<std::string>(v);
}

Texts AsTexts(Params values) {
  Texts out;
  for (const Value& v : values) out.push_back(AsText(v));
  return out;
}

// Runs a lookup whose first column is the id; the first match wins.
Result<std::optional<Found>> Find(Database& db, std::string_view sql, Params params) {
  std::optional<Found> found;
  SG_RETURN_IF_ERROR(db.Query(sql, params, [&](const Row& row) -> Status {
    if (found) return {};
    found.emplace();
    found->id = row.Int(0);
    for (int c = 1; c < row.columns(); ++c) found->columns.push_back(row.OptString(c));
    return {};
  }));
  return found;
}

// The end date to store: the file's, or, when the file has none, a stored
// one that lies after the file's reference date (see the header).
std::optional<Date> MergedEnd(std::optional<Date> from_file, const std::optional<std::string>& stored,
                              Date as_at) {
  if (from_file || !stored) return from_file;
  auto date = Date::ParseIso(*stored);
  if (date && *date > as_at) return *date;
  return std::nullopt;
}

// Replaces the set of codes of a record when it differs from `wanted`.
Status SaveCodes(Database& db, std::string_view select, std::string_view remove,
                 std::string_view insert, Id owner, bool owner_is_new,
                 std::vector<std::string> wanted, CensusChanges& changes) {
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::vector<std::string> stored;
  if (!owner_is_new) {
    SG_RETURN_IF_ERROR(db.Query(select, {owner}, [&](const Row& row) -> Status {
      stored.push_back(row.String(0));
      return {};
    }));
  }
  if (stored == wanted) return {};
  if (!stored.empty()) SG_RETURN_IF_ERROR(db.Execute(remove, {owner}));
  for (const std::string& code : wanted) SG_RETURN_IF_ERROR(db.Execute(insert, {owner, code}));
  ++(stored.empty() ? changes.added : changes.updated);
  return {};
}

// Find, unless the record cannot exist yet: its owner was created in this
// save and no sibling in the file shares its key. A first import then runs
// inserts only.
Result<std::optional<Found>> Lookup(bool fresh, Database& db, std::string_view sql, Params params) {
  if (fresh) return std::optional<Found>();
  return Find(db, sql, params);
}

// True when no other element of `list` has the key of list[i].
template <typename T, typename Key>
bool UniqueKey(const std::vector<T>& list, size_t i, Key key) {
  for (size_t j = 0; j < list.size(); ++j) {
    if (j != i && key(list[j]) == key(list[i])) return false;
  }
  return true;
}

Status Ignored(const Result<Id>& id) {
  if (!id) return std::unexpected(id.error());
  return {};
}

// Inserts a record, or updates it when the changeable columns differ.
// `wanted` lists the changeable columns in the order the lookup returns them.
// (Callables, not std::function: this runs for every row of an import.)
template <typename Insert, typename Update>
Result<Id> Upsert(const std::optional<Found>& found, const Texts& wanted, Insert insert,
                  Update update, CensusChanges& changes) {
  if (!found) {
    ++changes.added;
    return insert();
  }
  if (found->columns != wanted) {
    SG_RETURN_IF_ERROR(update(found->id));
    ++changes.updated;
  }
  return found->id;
}

class Saver {
 public:
  Saver(Database& db, Date as_at, CensusChanges& changes)
      : db_(db), as_at_(as_at), changes_(changes) {}

  // Saves the person; `created` says whether they are new to the store.
  Result<Id> Person(const CensusChild& c, const std::string& created_at, bool& created) {
    const store::Person& p = c.person;
    SG_ASSIGN_OR_RETURN(
        auto found,
        Find(db_,
             "SELECT id, upn, former_upn, upn_unknown, sex, ethnicity, birth_date, "
             "expected_birth_date, death_date FROM persons WHERE la_child_id = $1",
             {p.la_child_id}));
    Texts wanted = AsTexts({p.upn, c.former_upn, c.upn_unknown, p.sex, p.ethnicity, p.birth_date,
                            p.expected_birth_date, p.death_date});
    SG_ASSIGN_OR_RETURN(
        Id id,
        Upsert(found, wanted,
            [&] {
              return db_.InsertReturningId(
                  "INSERT INTO persons (la_child_id, upn, former_upn, upn_unknown, sex, ethnicity, "
                  "birth_date, expected_birth_date, death_date, created_at) VALUES "
                  "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                  {p.la_child_id, p.upn, c.former_upn, c.upn_unknown, p.sex, p.ethnicity,
                   p.birth_date, p.expected_birth_date, p.death_date, created_at});
            },
            [&](Id existing) {
              return db_.Execute(
                  "UPDATE persons SET upn = $2, former_upn = $3, upn_unknown = $4, sex = $5, "
                  "ethnicity = $6, birth_date = $7, expected_birth_date = $8, death_date = $9 "
                  "WHERE id = $1",
                  {existing, p.upn, c.former_upn, c.upn_unknown, p.sex, p.ethnicity, p.birth_date,
                   p.expected_birth_date, p.death_date});
            },
            changes_));
    SG_RETURN_IF_ERROR(SaveCodes(
        db_, "SELECT code FROM person_disabilities WHERE person_id = $1 ORDER BY code",
        "DELETE FROM person_disabilities WHERE person_id = $1",
        "INSERT INTO person_disabilities (person_id, code) VALUES ($1, $2)", id, !found,
        p.disabilities, changes_));
    created = !found;
    return id;
  }

  Status Episode(Id person_id, const CensusEpisode& e, bool fresh) {
    const Referral& r = e.referral;
    SG_ASSIGN_OR_RETURN(auto found,
                        Lookup(fresh, db_,
                             "SELECT id, referral_source, primary_need, nfa, closure_date, "
                             "closure_reason FROM referrals WHERE person_id = $1 AND "
                             "referral_date = $2 ORDER BY id",
                             {person_id, r.referral_date}));
    std::optional<Date> closure = r.closure_date;
    std::optional<std::string> reason = r.closure_reason;
    if (found && !closure) {
      closure = MergedEnd(std::nullopt, found->columns[3], as_at_);
      if (closure) reason = found->columns[4];
    }
    Texts wanted = AsTexts({r.referral_source, r.primary_need, r.nfa, closure, reason});
    SG_ASSIGN_OR_RETURN(
        Id id, Upsert(
                   found, wanted,
                   [&] {
                     return db_.InsertReturningId(
                         "INSERT INTO referrals (person_id, referral_date, referral_source, "
                         "primary_need, nfa, closure_date, closure_reason) VALUES "
                         "($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                         {person_id, r.referral_date, r.referral_source, r.primary_need, r.nfa,
                          closure, reason});
                   },
                   [&](Id existing) {
                     return db_.Execute(
                         "UPDATE referrals SET referral_source = $2, primary_need = $3, nfa = $4, "
                         "closure_date = $5, closure_reason = $6 WHERE id = $1",
                         {existing, r.referral_source, r.primary_need, r.nfa, closure, reason});
                   },
                   changes_));
    const bool referral_is_new = !found;
    auto fresh_among = [&](const auto& list, size_t i, auto key) {
      return referral_is_new && UniqueKey(list, i, key);
    };
    for (size_t i = 0; i < e.assessments.size(); ++i) {
      bool is_fresh = fresh_among(e.assessments, i, [](const Assessment& a) { return a.start; });
      SG_RETURN_IF_ERROR(SaveAssessment(id, e.assessments[i], is_fresh));
    }
    for (size_t i = 0; i < e.cin_plans.size(); ++i) {
      bool is_fresh = fresh_among(e.cin_plans, i, [](const CinPlan& p) { return p.start; });
      SG_RETURN_IF_ERROR(SaveCinPlan(id, e.cin_plans[i], is_fresh));
    }
    for (size_t i = 0; i < e.section47s.size(); ++i) {
      bool is_fresh =
          fresh_among(e.section47s, i, [](const CensusSection47& s) { return s.enquiry.start; });
      SG_RETURN_IF_ERROR(SaveSection47(id, e, e.section47s[i], is_fresh));
    }
    if (e.icpc_date) {
      SG_RETURN_IF_ERROR(Ignored(SaveIcpc(id, std::nullopt, *e.icpc_date, e, referral_is_new)));
    }
    for (size_t i = 0; i < e.cp_plans.size(); ++i) {
      bool is_fresh = fresh_among(e.cp_plans, i, [](const CensusCpPlan& p) { return p.plan.start; });
      SG_RETURN_IF_ERROR(SaveCpPlan(id, e.cp_plans[i], is_fresh));
    }
    return {};
  }

 private:
  Status SaveAssessment(Id referral_id, const Assessment& a, bool fresh) {
    SG_ASSIGN_OR_RETURN(auto found, Lookup(fresh, db_,
                                         "SELECT id, authorisation_date FROM assessments WHERE "
                                         "referral_id = $1 AND start_date = $2 ORDER BY id",
                                         {referral_id, a.start}));
    std::optional<Date> authorised =
        found ? MergedEnd(a.authorised, found->columns[0], as_at_) : a.authorised;
    SG_ASSIGN_OR_RETURN(
        Id id, Upsert(
                   found, AsTexts({authorised}),
                   [&] {
                     return db_.InsertReturningId(
                         "INSERT INTO assessments (referral_id, start_date, authorisation_date) "
                         "VALUES ($1, $2, $3) RETURNING id",
                         {referral_id, a.start, authorised});
                   },
                   [&](Id existing) {
                     return db_.Execute(
                         "UPDATE assessments SET authorisation_date = $2 WHERE id = $1",
                         {existing, authorised});
                   },
                   changes_));
    return SaveCodes(
        db_, "SELECT factor FROM assessment_factors WHERE assessment_id = $1 ORDER BY factor",
        "DELETE FROM assessment_factors WHERE assessment_id = $1",
        "INSERT INTO assessment_factors (assessment_id, factor) VALUES ($1, $2)", id, !found,
        a.factors, changes_);
  }

  Status SaveCinPlan(Id referral_id, const CinPlan& p, bool fresh) {
    SG_ASSIGN_OR_RETURN(auto found, Lookup(fresh, db_,
                                         "SELECT id, end_date FROM cin_plans WHERE "
                                         "referral_id = $1 AND start_date = $2 ORDER BY id",
                                         {referral_id, p.start}));
    std::optional<Date> end = found ? MergedEnd(p.end, found->columns[0], as_at_) : p.end;
    return Ignored(Upsert(found, AsTexts({end}),
               [&] {
                 return db_.InsertReturningId(
                     "INSERT INTO cin_plans (referral_id, start_date, end_date) VALUES "
                     "($1, $2, $3) RETURNING id",
                     {referral_id, p.start, end});
               },
               [&](Id existing) {
                 return db_.Execute("UPDATE cin_plans SET end_date = $2 WHERE id = $1",
                                    {existing, end});
               },
               changes_));
  }

  Status SaveSection47(Id referral_id, const CensusEpisode& e, const CensusSection47& s,
                       bool fresh) {
    const Section47& q = s.enquiry;
    SG_ASSIGN_OR_RETURN(auto found,
                        Lookup(fresh, db_,
                             "SELECT id, icpc_target_date, icpc_not_required FROM "
                             "section47_enquiries WHERE referral_id = $1 AND start_date = $2 "
                             "ORDER BY id",
                             {referral_id, q.start}));
    SG_ASSIGN_OR_RETURN(
        Id id, Upsert(
                   found, AsTexts({q.icpc_target, q.icpc_not_required}),
                   [&] {
                     return db_.InsertReturningId(
                         "INSERT INTO section47_enquiries (referral_id, start_date, "
                         "icpc_target_date, icpc_not_required) VALUES ($1, $2, $3, $4) "
                         "RETURNING id",
                         {referral_id, q.start, q.icpc_target, q.icpc_not_required});
                   },
                   [&](Id existing) {
                     return db_.Execute(
                         "UPDATE section47_enquiries SET icpc_target_date = $2, "
                         "icpc_not_required = $3 WHERE id = $1",
                         {existing, q.icpc_target, q.icpc_not_required});
                   },
                   changes_));
    if (!s.icpc_date) return {};
    return Ignored(SaveIcpc(referral_id, id, *s.icpc_date, e, !found));
  }

  // A conference, found by its enquiry or, standing alone, by referral and
  // date. A plan made at it is one that starts on the conference day.
  // `fresh`: its enquiry (or, standing alone, its referral) is new.
  Result<Id> SaveIcpc(Id referral_id, std::optional<Id> section47_id, Date date,
                      const CensusEpisode& e, bool fresh) {
    bool plan_made = std::any_of(e.cp_plans.begin(), e.cp_plans.end(),
                                 [&](const CensusCpPlan& p) { return p.plan.start == date; });
    std::optional<Found> found;
    if (section47_id) {
      SG_ASSIGN_OR_RETURN(found, Lookup(fresh, db_,
                                      "SELECT id, conference_date, plan_made FROM icpcs WHERE "
                                      "section47_id = $1",
                                      {*section47_id}));
    } else {
      SG_ASSIGN_OR_RETURN(found, Lookup(fresh, db_,
                                      "SELECT id, conference_date, plan_made FROM icpcs WHERE "
                                      "referral_id = $1 AND conference_date = $2 AND "
                                      "section47_id IS NULL ORDER BY id",
                                      {referral_id, date}));
    }
    return Upsert(found, AsTexts({date, plan_made}),
        [&] {
          return db_.InsertReturningId(
              "INSERT INTO icpcs (referral_id, section47_id, conference_date, transfer_in, "
              "plan_made) VALUES ($1, $2, $3, $4, $5) RETURNING id",
              {referral_id, section47_id, date, !section47_id.has_value(), plan_made});
        },
        [&](Id existing) {
          return db_.Execute("UPDATE icpcs SET conference_date = $2, plan_made = $3 WHERE id = $1",
                             {existing, date, plan_made});
        },
        changes_);
  }

  Status SaveCpPlan(Id referral_id, const CensusCpPlan& c, bool fresh) {
    const CpPlan& p = c.plan;
    SG_ASSIGN_OR_RETURN(auto found,
                        Lookup(fresh, db_,
                             "SELECT id, end_date, initial_category, latest_category, "
                             "previous_plans, icpc_id FROM cp_plans WHERE referral_id = $1 AND "
                             "start_date = $2 ORDER BY id",
                             {referral_id, p.start}));
    SG_ASSIGN_OR_RETURN(auto icpc, Find(db_,
                                        "SELECT id FROM icpcs WHERE referral_id = $1 AND "
                                        "conference_date = $2 ORDER BY id",
                                        {referral_id, p.start}));
    std::optional<Id> icpc_id;
    if (icpc) icpc_id = icpc->id;
    std::optional<Date> end = found ? MergedEnd(p.end, found->columns[0], as_at_) : p.end;
    SG_ASSIGN_OR_RETURN(
        Id id,
        Upsert(found,
            AsTexts({end, p.initial_category, p.latest_category, p.previous_plans, icpc_id}),
            [&] {
              return db_.InsertReturningId(
                  "INSERT INTO cp_plans (referral_id, icpc_id, start_date, end_date, "
                  "initial_category, latest_category, previous_plans) VALUES "
                  "($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                  {referral_id, icpc_id, p.start, end, p.initial_category, p.latest_category,
                   p.previous_plans});
            },
            [&](Id existing) {
              return db_.Execute(
                  "UPDATE cp_plans SET end_date = $2, initial_category = $3, "
                  "latest_category = $4, previous_plans = $5, icpc_id = $6 WHERE id = $1",
                  {existing, end, p.initial_category, p.latest_category, p.previous_plans,
                   icpc_id});
            },
            changes_));
    for (size_t i = 0; i < c.reviews.size(); ++i) {
      Date review = c.reviews[i];
      bool review_is_fresh = !found && UniqueKey(c.reviews, i, [](Date d) { return d; });
      SG_ASSIGN_OR_RETURN(auto seen, Lookup(review_is_fresh, db_,
                                          "SELECT id FROM cp_reviews WHERE cp_plan_id = $1 AND "
                                          "review_date = $2",
                                          {id, review}));
      if (seen) continue;
      SG_RETURN_IF_ERROR(db_.Execute(
          "INSERT INTO cp_reviews (cp_plan_id, review_date) VALUES ($1, $2)", {id, review}));
      ++changes_.added;
    }
    return {};
  }

  Database& db_;
  Date as_at_;
  CensusChanges& changes_;
};

}  // namespace

Result<CensusChanges> CensusStore::SaveChild(const CensusChild& child, Date as_at,
                                             const std::string& created_at) {
  CensusChanges changes;
  Saver saver(db_, as_at, changes);
  bool created = false;
  SG_ASSIGN_OR_RETURN(Id person_id, saver.Person(child, created_at, created));
  for (size_t i = 0; i < child.episodes.size(); ++i) {
    bool fresh = created && UniqueKey(child.episodes, i, [](const CensusEpisode& e) {
                   return e.referral.referral_date;
                 });
    SG_RETURN_IF_ERROR(saver.Episode(person_id, child.episodes[i], fresh));
  }
  return changes;
}

}  // namespace sg::store
