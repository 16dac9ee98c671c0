// People, the front door, early help and referrals. Care records and the
// chronology are in journey_store_care.cc.
#include "store/journey_store.h"

#include <unordered_map>
#include <utility>

#include "store/row_reader.h"

namespace sg::store {
namespace {

constexpr std::string_view kPersonColumns =
    "id, source_system, source_id, la_child_id, upn, nhs_number, forename, surname, sex, "
    "ethnicity, birth_date, expected_birth_date, death_date, home_postcode";

Person ReadPerson(RowReader& r) {
  Person p;
  p.id = r.Int(0);
  p.source_system = r.OptString(1);
  p.source_id = r.OptString(2);
  p.la_child_id = r.OptString(3);
  p.upn = r.OptString(4);
  p.nhs_number = r.OptString(5);
  p.forename = r.String(6);
  p.surname = r.String(7);
  p.sex = r.String(8);
  p.ethnicity = r.String(9);
  p.birth_date = r.OptDate(10);
  p.expected_birth_date = r.OptDate(11);
  p.death_date = r.OptDate(12);
  p.home_postcode = r.OptString(13);
  return p;
}

Contact ReadContact(RowReader& r) {
  Contact c;
  c.id = r.Int(0);
  c.source_id = r.OptString(1);
  c.consultation_ref = r.OptString(2);
  c.person_id = r.Int(3);
  c.contact_date = r.Date(4);
  c.contact_source = r.String(5);
  c.contactor = r.String(6);
  c.decision_date = r.OptDate(7);
  c.outcome = r.OptString(8);
  c.team_id = r.OptInt(9);
  return c;
}

EarlyHelpEpisode ReadEarlyHelp(RowReader& r) {
  EarlyHelpEpisode e;
  e.id = r.Int(0);
  e.source_id = r.OptString(1);
  e.person_id = r.Int(2);
  e.contact_id = r.OptInt(3);
  e.start = r.Date(4);
  e.end = r.OptDate(5);
  e.lead_agency_id = r.OptInt(6);
  e.end_reason = r.OptString(7);
  return e;
}

Referral ReadReferral(RowReader& r) {
  Referral x;
  x.id = r.Int(0);
  x.source_id = r.OptString(1);
  x.person_id = r.Int(2);
  x.contact_id = r.OptInt(3);
  x.referral_date = r.Date(4);
  x.referral_source = r.String(5);
  x.primary_need = r.OptString(6);
  x.nfa = r.Bool(7);
  x.closure_date = r.OptDate(8);
  x.closure_reason = r.OptString(9);
  x.team_id = r.OptInt(10);
  return x;
}

Assessment ReadAssessment(RowReader& r) {
  Assessment a;
  a.id = r.Int(0);
  a.source_id = r.OptString(1);
  a.referral_id = r.Int(2);
  a.start = r.Date(3);
  a.authorised = r.OptDate(4);
  return a;
}

constexpr std::string_view kContactColumns =
    "SELECT id, source_id, consultation_ref, person_id, contact_date, contact_source, contactor, "
    "decision_date, outcome, team_id FROM contacts ";
constexpr std::string_view kEarlyHelpColumns =
    "SELECT id, source_id, person_id, contact_id, start_date, end_date, lead_agency_id, end_reason "
    "FROM early_help_episodes ";
constexpr std::string_view kReferralColumns =
    "SELECT id, source_id, person_id, contact_id, referral_date, referral_source, primary_need, nfa, "
    "closure_date, closure_reason, team_id FROM referrals ";

std::string Sql(std::string_view head, std::string_view tail) {
  return std::string(head) + std::string(tail);
}

// Reads (owner id, code) pairs with `sql` and appends each code to the
// `member` list of the record with that id in `records` (codes of records
// not in `records` are ignored). One query for the codes of all records,
// instead of one per record.
template <typename T>
Status AttachCodes(Database& db, std::string_view sql, Id key, std::vector<T>& records,
                   std::vector<std::string> T::*member) {
  if (records.empty()) return {};
  std::unordered_map<Id, size_t> at;
  for (size_t i = 0; i < records.size(); ++i) at.emplace(records[i].id, i);
  return db.Query(sql, {key}, [&](const Row& row) -> Status {
    if (auto it = at.find(row.Int(0)); it != at.end()) {
      (records[it->second].*member).push_back(row.String(1));
    }
    return {};
  });
}

}  // namespace

Result<Id> JourneyStore::InsertPerson(const Person& p, std::string_view created_at) {
  auto id = db_.InsertReturningId(
      "INSERT INTO persons (source_system, source_id, la_child_id, upn, nhs_number, forename, "
      "surname, sex, ethnicity, birth_date, expected_birth_date, death_date, home_postcode, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
      {p.source_system, p.source_id, p.la_child_id, p.upn, p.nhs_number, p.forename, p.surname,
       p.sex, p.ethnicity, p.birth_date, p.expected_birth_date, p.death_date, p.home_postcode,
       created_at});
  if (!id) return id;
  for (const auto& code : p.disabilities) {
    if (auto s = db_.Execute("INSERT INTO person_disabilities (person_id, code) VALUES ($1, $2)",
                             {*id, code});
        !s) {
      return std::unexpected(s.error());
    }
  }
  return id;
}

// Adds the person's disabilities, kept in their own table.
static Result<std::optional<Person>> WithDisabilities(Database& db,
                                                      Result<std::optional<Person>> person) {
  if (!person || !*person) return person;
  auto codes = QueryAll<std::string>(
      db, "SELECT code FROM person_disabilities WHERE person_id = $1 ORDER BY code",
      {(*person)->id}, [](RowReader& r) { return r.String(0); });
  if (!codes) return std::unexpected(codes.error());
  (*person)->disabilities = std::move(*codes);
  return person;
}

Result<std::optional<Person>> JourneyStore::FindPerson(Id id) {
  static const std::string sql = Sql("SELECT ", kPersonColumns) + " FROM persons WHERE id = $1";
  return WithDisabilities(db_, QueryOne<Person>(db_, sql, {id}, ReadPerson));
}

Result<std::optional<Person>> JourneyStore::FindPersonByLaChildId(std::string_view la_child_id) {
  static const std::string sql =
      Sql("SELECT ", kPersonColumns) + " FROM persons WHERE la_child_id = $1";
  return WithDisabilities(db_, QueryOne<Person>(db_, sql, {la_child_id}, ReadPerson));
}

Result<int64_t> JourneyStore::CountPersons() {
  return db_.QueryInt("SELECT COUNT(*) FROM persons", {});
}

Result<Id> JourneyStore::InsertAgency(const Agency& a) {
  return db_.InsertReturningId(
      "INSERT INTO agencies (code, name, kind) VALUES ($1, $2, $3) RETURNING id",
      {a.code, a.name, a.kind});
}

Result<std::optional<Agency>> JourneyStore::FindAgencyByCode(std::string_view code) {
  return QueryOne<Agency>(db_, "SELECT id, code, name, kind FROM agencies WHERE code = $1", {code},
                          [](RowReader& r) {
                            return Agency{r.Int(0), r.String(1), r.String(2), r.String(3)};
                          });
}

Result<Id> JourneyStore::InsertTeam(const Team& t) {
  return db_.InsertReturningId(
      "INSERT INTO teams (agency_id, name) VALUES ($1, $2) RETURNING id", {t.agency_id, t.name});
}

Result<Id> JourneyStore::InsertWorker(const Worker& w) {
  return db_.InsertReturningId(
      "INSERT INTO workers (team_id, name, role) VALUES ($1, $2, $3) RETURNING id",
      {w.team_id, w.name, w.role});
}

Result<Id> JourneyStore::InsertInvolvement(const Involvement& i) {
  return db_.InsertReturningId(
      "INSERT INTO involvements (person_id, team_id, worker_id, start_date, end_date, reason, "
      "lawful_basis, consent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {i.person_id, i.team_id, i.worker_id, i.start, i.end, i.reason, i.lawful_basis,
       i.consent});
}

Status JourneyStore::EndOpenInvolvements(Id person_id, Date end) {
  return db_.Execute(
      "UPDATE involvements SET end_date = $2 WHERE person_id = $1 AND end_date IS NULL",
      {person_id, end});
}

Status JourneyStore::EndOpenAllocations(Id person_id, Date end) {
  return db_.Execute(
      "UPDATE involvements SET end_date = $2 WHERE person_id = $1 AND end_date IS NULL "
      "AND team_id IN (SELECT t.id FROM teams t JOIN agencies a ON a.id = t.agency_id "
      "WHERE a.kind = 'council')",
      {person_id, end});
}

namespace {

constexpr std::string_view kInvolvementColumns =
    "SELECT id, person_id, team_id, worker_id, start_date, end_date, reason, lawful_basis, "
    "consent FROM involvements ";

Involvement ReadInvolvement(RowReader& r) {
  Involvement i;
  i.id = r.Int(0);
  i.person_id = r.Int(1);
  i.team_id = r.Int(2);
  i.worker_id = r.OptInt(3);
  i.start = r.Date(4);
  i.end = r.OptDate(5);
  i.reason = r.String(6);
  i.lawful_basis = r.String(7);
  i.consent = r.Bool(8);
  return i;
}

}  // namespace

Result<std::optional<Involvement>> JourneyStore::FindInvolvement(Id id) {
  static const std::string sql = Sql(kInvolvementColumns, "WHERE id = $1");
  return QueryOne<Involvement>(db_, sql, {id}, ReadInvolvement);
}

Result<std::vector<Involvement>> JourneyStore::InvolvementsOf(Id person_id) {
  static const std::string sql =
      Sql(kInvolvementColumns, "WHERE person_id = $1 ORDER BY start_date, id");
  return QueryAll<Involvement>(db_, sql, {person_id}, ReadInvolvement);
}

Result<std::vector<NamedInvolvement>> JourneyStore::OpenInvolvementsOf(Id person_id, Date day) {
  return QueryAll<NamedInvolvement>(
      db_,
      "SELECT i.id, i.person_id, i.team_id, i.worker_id, i.start_date, i.end_date, i.reason, "
      "i.lawful_basis, i.consent, COALESCE(t.name, ''), COALESCE(a.code, ''), "
      "COALESCE(a.name, ''), COALESCE(w.name, '') FROM involvements i "
      "LEFT JOIN teams t ON t.id = i.team_id LEFT JOIN agencies a ON a.id = t.agency_id "
      "LEFT JOIN workers w ON w.id = i.worker_id "
      "WHERE i.person_id = $1 AND i.start_date <= $2 AND (i.end_date IS NULL OR i.end_date >= $2) "
      "ORDER BY i.start_date, i.id",
      {person_id, day}, [](RowReader& r) {
        NamedInvolvement n;
        n.involvement = ReadInvolvement(r);
        n.team = r.String(9);
        n.agency = r.String(10);
        n.agency_name = r.String(11);
        n.worker = r.String(12);
        return n;
      });
}

Status JourneyStore::EndInvolvement(Id id, Date end) {
  return db_.Execute("UPDATE involvements SET end_date = $2 WHERE id = $1", {id, end});
}

Result<std::optional<Team>> JourneyStore::FindTeam(Id id) {
  return QueryOne<Team>(db_, "SELECT id, agency_id, name FROM teams WHERE id = $1", {id},
                        [](RowReader& r) { return Team{r.Int(0), r.Int(1), r.String(2)}; });
}

Result<std::optional<Worker>> JourneyStore::FindWorker(Id id) {
  return QueryOne<Worker>(
      db_, "SELECT id, team_id, name, role FROM workers WHERE id = $1", {id},
      [](RowReader& r) { return Worker{r.Int(0), r.Int(1), r.String(2), r.String(3)}; });
}

Result<std::optional<Agency>> JourneyStore::FindAgency(Id id) {
  return QueryOne<Agency>(db_, "SELECT id, code, name, kind FROM agencies WHERE id = $1", {id},
                          [](RowReader& r) {
                            return Agency{r.Int(0), r.String(1), r.String(2), r.String(3)};
                          });
}

Status JourneyStore::BumpVersion(Id person_id) {
  SG_RETURN_IF_ERROR(
      db_.Execute("UPDATE persons SET version = version + 1 WHERE id = $1", {person_id}));
  if (db_.ChangedRows() == 0) {
    return core::Fail(core::Code::kNotFound, "there is no child with id " +
                                                 std::to_string(person_id));
  }
  return {};
}

Result<int64_t> JourneyStore::PersonVersion(Id person_id) {
  auto version = db_.QueryInt("SELECT version FROM persons WHERE id = $1", {person_id}, -1);
  if (!version) return version;
  if (*version < 0) {
    return core::Fail(core::Code::kNotFound, "there is no child with id " +
                                                 std::to_string(person_id));
  }
  return version;
}

Result<Id> JourneyStore::InsertContact(const Contact& c) {
  auto id = db_.InsertReturningId(
      "INSERT INTO contacts (source_id, consultation_ref, person_id, contact_date, contact_source, "
      "contactor, decision_date, outcome, team_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "RETURNING id",
      {c.source_id, c.consultation_ref, c.person_id, c.contact_date, c.contact_source, c.contactor,
       c.decision_date, c.outcome, c.team_id});
  if (!id) return id;
  for (const auto& f : c.factors) {
    if (auto s = db_.Execute("INSERT INTO contact_factors (contact_id, factor) VALUES ($1, $2)",
                             {*id, f});
        !s) {
      return std::unexpected(s.error());
    }
  }
  for (const auto& t : c.screening_tools) {
    if (auto s = db_.Execute(
            "INSERT INTO contact_screening_tools (contact_id, tool) VALUES ($1, $2)", {*id, t});
        !s) {
      return std::unexpected(s.error());
    }
  }
  return id;
}

Result<std::optional<Contact>> JourneyStore::FindContact(Id id) {
  static const std::string sql = Sql(kContactColumns, "WHERE id = $1");
  auto contact = QueryOne<Contact>(db_, sql, {id}, ReadContact);
  if (!contact || !*contact) return contact;
  auto factors = QueryAll<std::string>(
      db_, "SELECT factor FROM contact_factors WHERE contact_id = $1 ORDER BY factor", {id},
      [](RowReader& r) { return r.String(0); });
  if (!factors) return std::unexpected(factors.error());
  auto tools = QueryAll<std::string>(
      db_, "SELECT tool FROM contact_screening_tools WHERE contact_id = $1 ORDER BY tool", {id},
      [](RowReader& r) { return r.String(0); });
  if (!tools) return std::unexpected(tools.error());
  (*contact)->factors = std::move(*factors);
  (*contact)->screening_tools = std::move(*tools);
  return contact;
}

Result<std::vector<Contact>> JourneyStore::ContactsOf(Id person_id) {
  static const std::string sql =
      Sql(kContactColumns, "WHERE person_id = $1 ORDER BY contact_date, id");
  auto contacts = QueryAll<Contact>(db_, sql, {person_id}, ReadContact);
  if (!contacts) return contacts;
  SG_RETURN_IF_ERROR(AttachCodes(
      db_,
      "SELECT f.contact_id, f.factor FROM contact_factors f JOIN contacts c ON c.id = f.contact_id "
      "WHERE c.person_id = $1 ORDER BY f.contact_id, f.factor",
      person_id, *contacts, &Contact::factors));
  SG_RETURN_IF_ERROR(AttachCodes(
      db_,
      "SELECT t.contact_id, t.tool FROM contact_screening_tools t "
      "JOIN contacts c ON c.id = t.contact_id WHERE c.person_id = $1 ORDER BY t.contact_id, t.tool",
      person_id, *contacts, &Contact::screening_tools));
  return contacts;
}

Status JourneyStore::DecideContact(Id id, Date decision_date, std::string_view outcome) {
  return db_.Execute("UPDATE contacts SET decision_date = $2, outcome = $3 WHERE id = $1",
                     {id, decision_date, outcome});
}

Result<Id> JourneyStore::InsertEarlyHelp(const EarlyHelpEpisode& e) {
  return db_.InsertReturningId(
      "INSERT INTO early_help_episodes (source_id, person_id, contact_id, start_date, end_date, "
      "lead_agency_id, end_reason) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {e.source_id, e.person_id, e.contact_id, e.start, e.end, e.lead_agency_id, e.end_reason});
}

Result<std::optional<EarlyHelpEpisode>> JourneyStore::FindEarlyHelp(Id id) {
  static const std::string sql = Sql(kEarlyHelpColumns, "WHERE id = $1");
  return QueryOne<EarlyHelpEpisode>(db_, sql, {id}, ReadEarlyHelp);
}

Result<std::optional<EarlyHelpEpisode>> JourneyStore::FindOpenEarlyHelp(Id person_id) {
  static const std::string sql =
      Sql(kEarlyHelpColumns, "WHERE person_id = $1 AND end_date IS NULL");
  return QueryOne<EarlyHelpEpisode>(db_, sql, {person_id}, ReadEarlyHelp);
}

Result<std::vector<EarlyHelpEpisode>> JourneyStore::EarlyHelpOf(Id person_id) {
  static const std::string sql =
      Sql(kEarlyHelpColumns, "WHERE person_id = $1 ORDER BY start_date, id");
  return QueryAll<EarlyHelpEpisode>(db_, sql, {person_id}, ReadEarlyHelp);
}

Status JourneyStore::EndEarlyHelp(Id id, Date end, std::string_view reason) {
  return db_.Execute("UPDATE early_help_episodes SET end_date = $2, end_reason = $3 WHERE id = $1",
                     {id, end, reason});
}

Result<Id> JourneyStore::InsertReferral(const Referral& x) {
  return db_.InsertReturningId(
      "INSERT INTO referrals (source_id, person_id, contact_id, referral_date, referral_source, "
      "primary_need, nfa, closure_date, closure_reason, team_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {x.source_id, x.person_id, x.contact_id, x.referral_date, x.referral_source, x.primary_need,
       x.nfa, x.closure_date, x.closure_reason, x.team_id});
}

Result<std::optional<Referral>> JourneyStore::FindReferral(Id id) {
  static const std::string sql = Sql(kReferralColumns, "WHERE id = $1");
  return QueryOne<Referral>(db_, sql, {id}, ReadReferral);
}

Result<std::optional<Referral>> JourneyStore::FindOpenReferral(Id person_id) {
  static const std::string sql =
      Sql(kReferralColumns, "WHERE person_id = $1 AND closure_date IS NULL");
  return QueryOne<Referral>(db_, sql, {person_id}, ReadReferral);
}

Result<std::optional<Referral>> JourneyStore::FindLatestReferral(Id person_id) {
  static const std::string sql =
      Sql(kReferralColumns, "WHERE person_id = $1 ORDER BY referral_date DESC, id DESC LIMIT 1");
  return QueryOne<Referral>(db_, sql, {person_id}, ReadReferral);
}

Result<std::vector<Referral>> JourneyStore::ReferralsOf(Id person_id) {
  static const std::string sql =
      Sql(kReferralColumns, "WHERE person_id = $1 ORDER BY referral_date, id");
  return QueryAll<Referral>(db_, sql, {person_id}, ReadReferral);
}

Status JourneyStore::CloseReferral(Id id, Date closure_date, std::string_view reason) {
  return db_.Execute("UPDATE referrals SET closure_date = $2, closure_reason = $3 WHERE id = $1",
                     {id, closure_date, reason});
}

Result<Id> JourneyStore::InsertAssessment(const Assessment& a) {
  auto id = db_.InsertReturningId(
      "INSERT INTO assessments (source_id, referral_id, start_date, authorisation_date) "
      "VALUES ($1, $2, $3, $4) RETURNING id",
      {a.source_id, a.referral_id, a.start, a.authorised});
  if (!id) return id;
  for (const auto& f : a.factors) {
    if (auto s = db_.Execute(
            "INSERT INTO assessment_factors (assessment_id, factor) VALUES ($1, $2)", {*id, f});
        !s) {
      return std::unexpected(s.error());
    }
  }
  return id;
}

Result<std::optional<Assessment>> JourneyStore::FindAssessment(Id id) {
  auto a = QueryOne<Assessment>(
      db_,
      "SELECT id, source_id, referral_id, start_date, authorisation_date FROM assessments "
      "WHERE id = $1",
      {id}, ReadAssessment);
  if (!a || !*a) return a;
  auto factors = QueryAll<std::string>(
      db_, "SELECT factor FROM assessment_factors WHERE assessment_id = $1 ORDER BY factor", {id},
      [](RowReader& r) { return r.String(0); });
  if (!factors) return std::unexpected(factors.error());
  (*a)->factors = std::move(*factors);
  return a;
}

Result<std::vector<Assessment>> JourneyStore::AssessmentsOf(Id referral_id) {
  auto assessments = QueryAll<Assessment>(
      db_,
      "SELECT id, source_id, referral_id, start_date, authorisation_date FROM assessments "
      "WHERE referral_id = $1 ORDER BY start_date, id",
      {referral_id}, ReadAssessment);
  if (!assessments) return assessments;
  SG_RETURN_IF_ERROR(AttachCodes(
      db_,
      "SELECT f.assessment_id, f.factor FROM assessment_factors f "
      "JOIN assessments a ON a.id = f.assessment_id WHERE a.referral_id = $1 "
      "ORDER BY f.assessment_id, f.factor",
      referral_id, *assessments, &Assessment::factors));
  return assessments;
}

Result<std::vector<Assessment>> JourneyStore::AssessmentsOfChild(Id person_id) {
  auto assessments = QueryAll<Assessment>(
      db_,
      "SELECT a.id, a.source_id, a.referral_id, a.start_date, a.authorisation_date "
      "FROM assessments a JOIN referrals r ON r.id = a.referral_id WHERE r.person_id = $1 "
      "ORDER BY a.start_date, a.id",
      {person_id}, ReadAssessment);
  if (!assessments) return assessments;
  SG_RETURN_IF_ERROR(AttachCodes(
      db_,
      "SELECT f.assessment_id, f.factor FROM assessment_factors f "
      "JOIN assessments a ON a.id = f.assessment_id JOIN referrals r ON r.id = a.referral_id "
      "WHERE r.person_id = $1 ORDER BY f.assessment_id, f.factor",
      person_id, *assessments, &Assessment::factors));
  return assessments;
}

Status JourneyStore::AuthoriseAssessment(Id id, Date authorised,
                                         const std::vector<std::string>& factors) {
  if (auto s = db_.Execute("UPDATE assessments SET authorisation_date = $2 WHERE id = $1",
                           {id, authorised});
      !s) {
    return s;
  }
  for (const auto& f : factors) {
    if (auto s = db_.Execute(
            "INSERT INTO assessment_factors (assessment_id, factor) VALUES ($1, $2)", {id, f});
        !s) {
      return s;
    }
  }
  return {};
}

Status JourneyStore::PutSetting(std::string_view key, std::string_view value) {
  return db_.Execute(
      "INSERT INTO settings (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {key, value});
}

Result<std::optional<std::string>> JourneyStore::GetSetting(std::string_view key) {
  return QueryOne<std::string>(db_, "SELECT value FROM settings WHERE key = $1", {key},
                               [](RowReader& r) { return r.String(0); });
}

}  // namespace sg::store
