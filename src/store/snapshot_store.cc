// LoadSnapshot: one ordered query per journey table, read straight into
// columns. The ORDER BY clauses give the Snapshot its (person, date) order,
// and database ids are turned into row numbers through small maps, so the
// indicators never see an id.
#include <cassert>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "store/database.h"
#include "store/snapshot.h"

namespace sg::store {
namespace {

using core::Code;
using core::Fail;
using core::Result;
using core::Status;

using RowOf = std::unordered_map<int64_t, int32_t>;

Result<DayNumber> DayAt(const Row& row, int column, DayNumber when_null) {
  if (row.IsNull(column)) return when_null;
  auto date = row.DateAt(column);
  if (!date) return std::unexpected(date.error());
  return date->days();
}

Result<int32_t> Lookup(const RowOf& rows, int64_t id, std::string_view what) {
  auto it = rows.find(id);
  if (it == rows.end())
    return Fail(Code::kDataLoss, fmt::format("{} {} refers to a record that is not stored", what, id));
  return it->second;
}

ContactOutcome OutcomeOf(std::string_view text) {
  if (text == "advice") return ContactOutcome::kAdvice;
  if (text == "early_help") return ContactOutcome::kEarlyHelp;
  if (text == "referral") return ContactOutcome::kReferral;
  if (text == "nfa") return ContactOutcome::kNfa;
  return ContactOutcome::kUndecided;
}

class Loader {
 public:
  explicit Loader(Database& db) : db_(db) {}

  Result<Snapshot> Load() {
    SG_RETURN_IF_ERROR(db_.Query("SELECT value FROM settings WHERE key = 'la_number'", {},
                                 [&](const Row& row) -> Status {
                                   s_.la_number = row.String(0);
                                   return {};
                                 }));
    // A malformed stored value names its table, so that it can be found.
    auto in = [](std::string_view table, Status status) -> Status {
      if (!status) return std::unexpected(status.error().WithContext(fmt::format("loading {}", table)));
      return status;
    };
    SG_RETURN_IF_ERROR(in("persons", Persons()));
    SG_RETURN_IF_ERROR(in("contacts", Contacts()));
    SG_RETURN_IF_ERROR(in("early_help_episodes", EarlyHelp()));
    SG_RETURN_IF_ERROR(in("referrals", Referrals()));
    SG_RETURN_IF_ERROR(in("assessments", Assessments()));
    SG_RETURN_IF_ERROR(in("section47_enquiries", Section47s()));
    SG_RETURN_IF_ERROR(in("icpcs", Icpcs()));
    SG_RETURN_IF_ERROR(in("cp_plans", CpPlans()));
    SG_RETURN_IF_ERROR(in("care_episodes", CareEpisodes()));
    SG_RETURN_IF_ERROR(in("care_leaver_contacts", LeaverContacts()));
    assert(s_.Validate().has_value());
    return std::move(s_);
  }

 private:
  Status Persons() {
    auto& p = s_.persons;
    return db_.Query(
        "SELECT id, birth_date, uasc, uasc_ceased FROM persons ORDER BY id", {},
        [&](const Row& row) -> Status {
          person_row_.emplace(row.Int(0), static_cast<int32_t>(p.size()));
          p.id.push_back(row.Int(0));
          SG_ASSIGN_OR_RETURN(DayNumber birth, DayAt(row, 1, kNoDate));
          SG_ASSIGN_OR_RETURN(DayNumber ceased, DayAt(row, 3, kOpen));
          p.birth.push_back(birth);
          p.uasc.push_back(row.Text(2) == "1");
          p.uasc_ceased.push_back(ceased);
          return {};
        });
  }

  // A many-valued column: (owner id, name) rows in owner order, laid out as
  // CSR over the owners' rows.
  Status ManyValued(std::string_view sql, const RowOf& owner_row, size_t owners, Csr& csr,
                    std::vector<uint16_t>& values, std::vector<std::string>& names) {
    std::vector<std::vector<uint16_t>> per_owner(owners);
    std::unordered_map<std::string, uint16_t> interned;
    SG_RETURN_IF_ERROR(db_.Query(sql, {}, [&](const Row& row) -> Status {
      SG_ASSIGN_OR_RETURN(int32_t owner, Lookup(owner_row, row.Int(0), "a contact detail of contact"));
      auto [it, added] = interned.emplace(row.String(1), static_cast<uint16_t>(names.size()));
      if (added) names.push_back(it->first);
      per_owner[owner].push_back(it->second);
      return {};
    }));
    for (const auto& list : per_owner) {
      values.insert(values.end(), list.begin(), list.end());
      csr.offsets.push_back(static_cast<uint32_t>(values.size()));
    }
    return {};
  }

  Status Contacts() {
    auto& c = s_.contacts;
    RowOf contact_row;
    SG_RETURN_IF_ERROR(db_.Query(
        "SELECT id, person_id, contact_date, outcome FROM contacts ORDER BY person_id, "
        "contact_date, id",
        {}, [&](const Row& row) -> Status {
          contact_row.emplace(row.Int(0), static_cast<int32_t>(c.size()));
          SG_ASSIGN_OR_RETURN(int32_t person, Lookup(person_row_, row.Int(1), "contact person"));
          SG_ASSIGN_OR_RETURN(DayNumber date, DayAt(row, 2, kNoDate));
          c.person.push_back(person);
          c.date.push_back(date);
          c.outcome.push_back(OutcomeOf(row.Text(3)));
          return {};
        }));
    SG_RETURN_IF_ERROR(ManyValued(
        "SELECT contact_id, factor FROM contact_factors ORDER BY contact_id, factor",
        contact_row, c.size(), c.factors, c.factor_values, c.factor_names));
    return ManyValued("SELECT contact_id, tool FROM contact_screening_tools ORDER BY contact_id, tool",
                      contact_row, c.size(), c.tools, c.tool_values, c.tool_names);
  }

  Status EarlyHelp() {
    auto& e = s_.early_help;
    return db_.Query(
        "SELECT person_id, start_date, end_date FROM early_help_episodes ORDER BY person_id, "
        "start_date, id",
        {}, [&](const Row& row) -> Status {
          SG_ASSIGN_OR_RETURN(int32_t person, Lookup(person_row_, row.Int(0), "early help person"));
          SG_ASSIGN_OR_RETURN(DayNumber start, DayAt(row, 1, kNoDate));
          SG_ASSIGN_OR_RETURN(DayNumber end, DayAt(row, 2, kOpen));
          e.person.push_back(person);
          e.start.push_back(start);
          e.end.push_back(end);
          return {};
        });
  }

  Status Referrals() {
    auto& r = s_.referrals;
    return db_.Query(
        "SELECT id, person_id, referral_date, nfa, closure_date, closure_reason FROM referrals "
        "ORDER BY person_id, referral_date, id",
        {}, [&](const Row& row) -> Status {
          referral_row_.emplace(row.Int(0), static_cast<int32_t>(r.size()));
          SG_ASSIGN_OR_RETURN(int32_t person, Lookup(person_row_, row.Int(1), "referral person"));
          SG_ASSIGN_OR_RETURN(DayNumber date, DayAt(row, 2, kNoDate));
          SG_ASSIGN_OR_RETURN(DayNumber closure, DayAt(row, 4, kOpen));
          r.person.push_back(person);
          r.date.push_back(date);
          r.nfa.push_back(row.Bool(3));
          r.closure.push_back(closure);
          r.closure_reason.push_back(ShortCode(row.Text(5)));
          return {};
        });
  }

  Status Assessments() {
    auto& a = s_.assessments;
    return db_.Query(
        "SELECT referral_id, start_date, authorisation_date FROM assessments ORDER BY id", {},
        [&](const Row& row) -> Status {
          SG_ASSIGN_OR_RETURN(int32_t referral, Lookup(referral_row_, row.Int(0), "assessment referral"));
          SG_ASSIGN_OR_RETURN(DayNumber start, DayAt(row, 1, kNoDate));
          SG_ASSIGN_OR_RETURN(DayNumber authorised, DayAt(row, 2, kNoDate));
          a.referral.push_back(referral);
          a.start.push_back(start);
          a.authorised.push_back(authorised);
          return {};
        });
  }

  Status Section47s() {
    auto& e = s_.section47s;
    return db_.Query(
        "SELECT id, referral_id, start_date FROM section47_enquiries ORDER BY id", {},
        [&](const Row& row) -> Status {
          section47_row_.emplace(row.Int(0), static_cast<int32_t>(e.size()));
          SG_ASSIGN_OR_RETURN(int32_t referral, Lookup(referral_row_, row.Int(1), "section 47 referral"));
          SG_ASSIGN_OR_RETURN(DayNumber start, DayAt(row, 2, kNoDate));
          e.referral.push_back(referral);
          e.start.push_back(start);
          return {};
        });
  }

  Status Icpcs() {
    auto& c = s_.icpcs;
    return db_.Query(
        "SELECT referral_id, section47_id, conference_date, transfer_in FROM icpcs ORDER BY id",
        {}, [&](const Row& row) -> Status {
          SG_ASSIGN_OR_RETURN(int32_t referral, Lookup(referral_row_, row.Int(0), "conference referral"));
          int32_t s47 = kNoRow;
          if (!row.IsNull(1)) {
      SG_ASSIGN_OR_RETURN(s47, Lookup(section47_row_, row.Int(1), "conference enquiry"));
    }
          SG_ASSIGN_OR_RETURN(DayNumber date, DayAt(row, 2, kNoDate));
          c.referral.push_back(referral);
          c.section47.push_back(s47);
          c.date.push_back(date);
          c.transfer_in.push_back(row.Bool(3));
          return {};
        });
  }

  Status CpPlans() {
    auto& p = s_.cp_plans;
    RowOf plan_row;
    SG_RETURN_IF_ERROR(db_.Query(
        "SELECT p.id, r.person_id, p.referral_id, p.start_date, p.end_date, p.initial_category, "
        "p.previous_plans FROM cp_plans p JOIN referrals r ON r.id = p.referral_id "
        "ORDER BY r.person_id, p.start_date, p.id",
        {}, [&](const Row& row) -> Status {
          plan_row.emplace(row.Int(0), static_cast<int32_t>(p.size()));
          SG_ASSIGN_OR_RETURN(int32_t person, Lookup(person_row_, row.Int(1), "plan person"));
          SG_ASSIGN_OR_RETURN(int32_t referral, Lookup(referral_row_, row.Int(2), "plan referral"));
          SG_ASSIGN_OR_RETURN(DayNumber start, DayAt(row, 3, kNoDate));
          SG_ASSIGN_OR_RETURN(DayNumber end, DayAt(row, 4, kOpen));
          p.person.push_back(person);
          p.referral.push_back(referral);
          p.start.push_back(start);
          p.end.push_back(end);
          p.initial_category.push_back(ShortCode(row.Text(5)));
          p.previous_plans.push_back(static_cast<int32_t>(row.Int(6)));
          return {};
        }));
    std::vector<std::vector<DayNumber>> reviews(p.size());
    SG_RETURN_IF_ERROR(db_.Query(
        "SELECT cp_plan_id, review_date FROM cp_reviews ORDER BY cp_plan_id, review_date", {},
        [&](const Row& row) -> Status {
          SG_ASSIGN_OR_RETURN(int32_t plan, Lookup(plan_row, row.Int(0), "review plan"));
          SG_ASSIGN_OR_RETURN(DayNumber date, DayAt(row, 1, kNoDate));
          reviews[plan].push_back(date);
          return {};
        }));
    for (const auto& dates : reviews) {
      p.review_dates.insert(p.review_dates.end(), dates.begin(), dates.end());
      p.reviews.offsets.push_back(static_cast<uint32_t>(p.review_dates.size()));
    }
    return {};
  }

  Status CareEpisodes() {
    auto& e = s_.care_episodes;
    return db_.Query(
        "SELECT person_id, start_date, end_date, reason_new_episode, legal_status, placement_type, "
        "reason_ceased, placement_distance, placement_location FROM care_episodes "
        "ORDER BY person_id, start_date, id",
        {}, [&](const Row& row) -> Status {
          SG_ASSIGN_OR_RETURN(int32_t person, Lookup(person_row_, row.Int(0), "care episode person"));
          SG_ASSIGN_OR_RETURN(DayNumber start, DayAt(row, 1, kNoDate));
          SG_ASSIGN_OR_RETURN(DayNumber end, DayAt(row, 2, kOpen));
          e.person.push_back(person);
          e.start.push_back(start);
          e.end.push_back(end);
          e.reason_new_episode.push_back(ShortCode(row.Text(3)));
          e.legal_status.push_back(ShortCode(row.Text(4)));
          e.placement_type.push_back(ShortCode(row.Text(5)));
          e.reason_ceased.push_back(ShortCode(row.Text(6)));
          e.distance_miles.push_back(row.IsNull(7) ? std::nanf("") : static_cast<float>(row.Real(7)));
          std::string_view location = row.Text(8);
          e.outside_la.push_back(location == "OUT" ? 1 : location == "IN" ? 0 : -1);
          return {};
        });
  }

  Status LeaverContacts() {
    auto& l = s_.leaver_contacts;
    return db_.Query(
        "SELECT person_id, contact_date, in_touch, activity, accommodation FROM "
        "care_leaver_contacts ORDER BY person_id, contact_date, id",
        {}, [&](const Row& row) -> Status {
          SG_ASSIGN_OR_RETURN(int32_t person, Lookup(person_row_, row.Int(0), "leaver contact person"));
          SG_ASSIGN_OR_RETURN(DayNumber date, DayAt(row, 1, kNoDate));
          l.person.push_back(person);
          l.date.push_back(date);
          l.in_touch.push_back(ShortCode(row.Text(2)));
          l.activity.push_back(ShortCode(row.Text(3)));
          l.accommodation.push_back(ShortCode(row.Text(4)));
          return {};
        });
  }

  Database& db_;
  Snapshot s_;
  RowOf person_row_, referral_row_, section47_row_;
};

}  // namespace

Result<Snapshot> LoadSnapshot(Database& db) {
  Result<Snapshot> out;
  SG_RETURN_IF_ERROR(db.InTransaction(TransactionMode::kRead, [&]() -> Status {
    out = Loader(db).Load();
    if (!out) return std::unexpected(out.error());
    return {};
  }));
  return out;
}

}  // namespace sg::store
