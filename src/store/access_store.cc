#include "store/access_store.h"

#include "store/row_reader.h"

namespace sg::store {
namespace {

// An involvement is open on day $N when it has started and not ended
// before it (an involvement ending today still grants today).
#define SG_OPEN_ON(day) "i.start_date <= " day " AND (i.end_date IS NULL OR i.end_date >= " day ")"

AccessInvolvement ReadInvolvement(RowReader& r) {
  return AccessInvolvement{r.Int(0), r.Int(1), r.OptInt(2), r.String(3), r.Bool(4)};
}

ContactPointRow ReadContactPoint(RowReader& r) {
  return ContactPointRow{r.Int(0), r.String(1), r.String(2), r.String(3)};
}

BreakGlassRow ReadBreakGlass(RowReader& r) {
  return BreakGlassRow{r.Int(0),    r.Int(1),    r.Int(2),   r.String(3),
                       r.String(4), r.String(5), r.String(6)};
}

NotificationRow ReadNotification(RowReader& r) {
  return NotificationRow{r.Int(0),    r.Int(1),    r.OptInt(2),   r.String(3),
                         r.String(4), r.String(5), r.OptString(6)};
}

// A name word as a case-insensitive prefix pattern; "" matches everything
// (the query's "no word here").
std::string PrefixPattern(const std::vector<std::string>& words, size_t i) {
  if (i >= words.size() || words[i].empty()) return "";
  std::string lowered;
  for (char c : words[i]) {
    lowered += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return EscapeLike(lowered) + "%";
}

}  // namespace

std::string EscapeLike(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

Result<std::optional<AccessInvolvement>> AccessStore::FindOpenInvolvement(
    Id person_id, std::optional<Id> worker_id, std::optional<Id> team_id, Date on) {
  if (!worker_id && !team_id) return std::optional<AccessInvolvement>();
  return QueryOne<AccessInvolvement>(
      db_,
      "SELECT i.id, i.team_id, i.worker_id, i.lawful_basis, i.consent FROM involvements i "
      "WHERE i.person_id = $1 AND ((i.worker_id IS NOT NULL AND i.worker_id = $2) "
      "OR i.team_id = $3) AND " SG_OPEN_ON("$4")
      " ORDER BY (i.worker_id IS NOT NULL AND i.worker_id = $2) DESC, i.start_date DESC, "
      "i.id DESC LIMIT 1",
      {person_id, worker_id, team_id, on}, ReadInvolvement);
}

Result<std::optional<AccessInvolvement>> AccessStore::FindOpenAgencyInvolvement(
    Id person_id, std::string_view agency, Date on) {
  return QueryOne<AccessInvolvement>(
      db_,
      "SELECT i.id, i.team_id, i.worker_id, i.lawful_basis, i.consent FROM involvements i "
      "JOIN teams t ON t.id = i.team_id JOIN agencies a ON a.id = t.agency_id "
      "WHERE i.person_id = $1 AND a.code = $2 AND " SG_OPEN_ON("$3")
      " ORDER BY i.start_date DESC, i.id DESC LIMIT 1",
      {person_id, agency, on}, ReadInvolvement);
}

Result<std::vector<ContactPointRow>> AccessStore::ContactPoints(Id person_id, Date on) {
  return QueryAll<ContactPointRow>(
      db_,
      "SELECT DISTINCT t.id, t.name, a.code, a.name FROM involvements i "
      "JOIN teams t ON t.id = i.team_id JOIN agencies a ON a.id = t.agency_id "
      "WHERE i.person_id = $1 AND " SG_OPEN_ON("$2") " ORDER BY a.code, t.name, t.id",
      {person_id, on}, ReadContactPoint);
}

Result<std::vector<ContactPointRow>> AccessStore::TeamsWithRole(std::string_view role_code) {
  return QueryAll<ContactPointRow>(
      db_,
      "SELECT DISTINCT t.id, t.name, a.code, a.name FROM users u "
      "JOIN teams t ON t.id = u.team_id JOIN agencies a ON a.id = t.agency_id "
      "WHERE u.role = $1 AND u.disabled_at IS NULL ORDER BY a.code, t.name, t.id",
      {role_code}, ReadContactPoint);
}

Result<bool> AccessStore::PersonExists(Id person_id) {
  auto n = db_.QueryInt("SELECT COUNT(*) FROM persons WHERE id = $1", {person_id});
  if (!n) return std::unexpected(n.error());
  return *n > 0;
}

Result<Id> AccessStore::InsertBreakGlass(const BreakGlassRow& g) {
  return db_.InsertReturningId(
      "INSERT INTO break_glass (user_id, person_id, reason, lawful_basis, started_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {g.user_id, g.person_id, g.reason, g.lawful_basis, g.started_at, g.expires_at});
}

Result<std::optional<BreakGlassRow>> AccessStore::FindActiveBreakGlass(Id user_id, Id person_id,
                                                                       std::string_view now_utc) {
  return QueryOne<BreakGlassRow>(
      db_,
      "SELECT id, user_id, person_id, reason, lawful_basis, started_at, expires_at "
      "FROM break_glass WHERE user_id = $1 AND person_id = $2 AND started_at <= $3 "
      "AND expires_at > $3 ORDER BY expires_at DESC, id DESC LIMIT 1",
      {user_id, person_id, now_utc}, ReadBreakGlass);
}

Result<std::optional<ClassificationRow>> AccessStore::FindClassification(std::string_view code) {
  return QueryOne<ClassificationRow>(
      db_,
      "SELECT c.code, c.owner_agency, COALESCE(a.name, ''), c.label FROM classifications c "
      "LEFT JOIN agencies a ON a.code = c.owner_agency WHERE c.code = $1",
      {code}, [](RowReader& r) {
        return ClassificationRow{r.String(0), r.String(1), r.String(2), r.String(3)};
      });
}

Result<std::vector<PersonMatchRow>> AccessStore::SearchPersons(const PersonQuery& q) {
  if (q.name_words.size() > kMaxNameWords) {
    return core::Fail(core::Code::kInvalidArgument, "a name search takes at most four words");
  }
  // One fixed statement: an empty parameter switches its criterion off.
#define SG_NAME_WORD(n)                                                                   \
  "($" n " = '' OR lower(p.forename) LIKE $" n " ESCAPE '\\' OR lower(p.surname) LIKE $" n \
  " ESCAPE '\\')"
  static constexpr std::string_view kSql =
      "SELECT p.id, p.la_child_id, p.forename, p.surname, p.birth_date FROM persons p WHERE "
      SG_NAME_WORD("1") " AND " SG_NAME_WORD("2") " AND " SG_NAME_WORD("3") " AND "
      SG_NAME_WORD("4")
      " AND ($5 = '' OR p.birth_date = $5) "
      "AND ($6 = '' OR p.la_child_id = $6 OR p.upn = $6 OR p.nhs_number = $6) "
      "ORDER BY p.surname, p.forename, p.id LIMIT $7";
#undef SG_NAME_WORD
  const std::string birth = q.birth_date ? q.birth_date->Iso() : std::string();
  return QueryAll<PersonMatchRow>(
      db_, kSql,
      {PrefixPattern(q.name_words, 0), PrefixPattern(q.name_words, 1),
       PrefixPattern(q.name_words, 2), PrefixPattern(q.name_words, 3), birth, q.identifier,
       q.limit},
      [](RowReader& r) {
        return PersonMatchRow{r.Int(0), r.OptString(1), r.String(2), r.String(3), r.OptDate(4)};
      });
}

Result<Id> AccessStore::InsertNotification(const NotificationRow& n) {
  return db_.InsertReturningId(
      "INSERT INTO notifications (team_id, person_id, kind, message, created_at) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {n.team_id, n.person_id, n.kind, n.message, n.created_at});
}

Result<std::vector<NotificationRow>> AccessStore::NotificationsForTeam(Id team_id,
                                                                      bool unread_only,
                                                                      int limit) {
  return QueryAll<NotificationRow>(
      db_,
      "SELECT id, team_id, person_id, kind, message, created_at, read_at FROM notifications "
      "WHERE team_id = $1 AND ($2 = 0 OR read_at IS NULL) "
      "ORDER BY created_at DESC, id DESC LIMIT $3",
      {team_id, unread_only, limit}, ReadNotification);
}

Result<bool> AccessStore::MarkNotificationRead(Id notification_id, Id team_id,
                                               std::string_view at) {
  SG_RETURN_IF_ERROR(db_.Execute(
      "UPDATE notifications SET read_at = $3 WHERE id = $1 AND team_id = $2 AND read_at IS NULL",
      {notification_id, team_id, at}));
  return db_.ChangedRows() > 0;
}

Result<std::vector<PersonAuditRow>> AccessStore::AuditRowsAboutPerson(
    Id person_id, int limit, std::optional<int64_t> before_seq) {
  // The audit log names a user by the username that starts its actor text
  // ("name (agency, role; purpose: ...)").
  return QueryAll<PersonAuditRow>(
      db_,
      "SELECT a.seq, a.at, a.actor, a.action, a.entity, a.details, "
      "COALESCE((SELECT u.display_name FROM users u WHERE "
      "lower(substr(a.actor, 1, length(u.username) + 2)) = lower(u.username) || ' (' "
      "LIMIT 1), '') "
      "FROM audit_log a WHERE a.person_id = $1 AND ($2 IS NULL OR a.seq < $2) "
      "ORDER BY a.seq DESC LIMIT $3",
      {person_id, before_seq, limit}, [](RowReader& r) {
        return PersonAuditRow{r.Int(0),    r.String(1), r.String(2), r.String(3),
                              r.String(4), r.String(5), r.String(6)};
      });
}

}  // namespace sg::store
