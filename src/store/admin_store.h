// AdminStore: the SQL behind the API's administration and work-tray routes
// that no other repository holds: agencies, teams and workers page by page;
// why a statutory timescale was missed; a team's notifications page by
// page.
//
// A repository like JourneyStore: typed calls, one statement each, no rules
// and no decisions about who may see what (those live in access/ and in the
// API handlers that call this inside Gate::Run).
//
// Header-only for now: it was written by the API helper, which may not edit
// store/CMakeLists.txt; moving the bodies into admin_store.cc is mechanical.
#ifndef SAFEGUARD_STORE_ADMIN_STORE_H_
#define SAFEGUARD_STORE_ADMIN_STORE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/access_store.h"
#include "store/database.h"
#include "store/records.h"
#include "store/row_reader.h"

namespace sg::store {

struct AgencyRow {
  Id id = 0;
  std::string code;
  std::string name;
  std::string kind;
};

struct TeamRow {
  Id id = 0;
  std::string name;
  Id agency_id = 0;
  std::string agency_code;
  std::string agency_name;
};

struct MissedRow {
  Id id = 0;
  Id person_id = 0;
  std::string work_kind;
  Id record_id = 0;
  std::string reason;
  std::string recorded_by;
  std::string recorded_at;
  // The child's current owning team (the council team of the newest open
  // allocation); empty when the child has none.
  std::optional<Id> team_id;
  std::string team;
  std::string child_name;  // "Forename Surname": show only to those cleared for the child
};

class AdminStore {
 public:
  explicit AdminStore(Database& db) : db_(db) {}

  // Agencies, teams and workers, by id.
  Result<std::vector<AgencyRow>> ListAgencies(int limit, std::optional<Id> after);
  Result<std::vector<TeamRow>> ListTeams(int limit, std::optional<Id> after);
  Result<std::optional<TeamRow>> FindTeam(Id id);
  Result<std::optional<TeamRow>> FindTeamByName(Id agency_id, std::string_view name);
  Result<std::vector<Worker>> WorkersOf(Id team_id, int limit, std::optional<Id> after);

  // Missed timescales: one reason per piece of work.
  Result<std::optional<MissedRow>> FindMissed(std::string_view work_kind, Id record_id);
  Result<Id> InsertMissed(Id person_id, std::string_view work_kind, Id record_id,
                          std::string_view reason, std::string_view recorded_by,
                          std::string_view recorded_at);
  // Rows recorded in [from_utc, to_utc) (UTC timestamps), oldest first.
  Result<std::vector<MissedRow>> MissedBetween(std::string_view from_utc, std::string_view to_utc);

  // A team's notifications, newest (highest id) first, for keyset paging:
  // `before` is the id of the last one already seen. (AccessStore inserts
  // them and marks them read; its NotificationsForTeam has no cursor.)
  Result<std::vector<NotificationRow>> NotificationsBefore(Id team_id, bool unread_only, int limit,
                                                           std::optional<Id> before);
  Result<std::optional<NotificationRow>> FindNotification(Id id);

 private:
  Database& db_;
};

// ---- implementation -------------------------------------------------------

namespace admin_store_internal {

// An absent cursor reads as 0: ids start at 1.
inline int64_t After(std::optional<Id> after) {
  return after.value_or(0);
}

inline TeamRow ReadTeam(RowReader& r) {
  return TeamRow{r.Int(0), r.String(1), r.Int(2), r.String(3), r.String(4)};
}

inline constexpr std::string_view kTeamColumns =
    "SELECT t.id, t.name, a.id, a.code, a.name FROM teams t JOIN agencies a ON a.id = t.agency_id ";

inline MissedRow ReadMissed(RowReader& r) {
  return MissedRow{r.Int(0),    r.Int(1),    r.String(2), r.Int(3),    r.String(4),
                   r.String(5), r.String(6), r.OptInt(7), r.String(8), r.String(9)};
}

// The owning team is the council team of the child's newest open
// allocation (involvements of partner agencies share the record but do not
// own the statutory work), as JourneyStore::EndOpenAllocations counts them.
inline constexpr std::string_view kMissedColumns =
    "SELECT m.id, m.person_id, m.work_kind, m.record_id, m.reason, m.recorded_by, m.recorded_at, "
    "o.team_id, COALESCE(t.name, ''), TRIM(p.forename || ' ' || p.surname) "
    "FROM missed_timescales m JOIN persons p ON p.id = m.person_id "
    "LEFT JOIN involvements o ON o.id = (SELECT i.id FROM involvements i "
    "  JOIN teams it ON it.id = i.team_id JOIN agencies ia ON ia.id = it.agency_id "
    "  WHERE i.person_id = m.person_id AND i.end_date IS NULL AND ia.kind = 'council' "
    "  ORDER BY i.start_date DESC, i.id DESC LIMIT 1) "
    "LEFT JOIN teams t ON t.id = o.team_id ";

inline NotificationRow ReadNotification(RowReader& r) {
  return NotificationRow{r.Int(0),    r.Int(1),    r.OptInt(2),   r.String(3),
                         r.String(4), r.String(5), r.OptString(6)};
}

inline constexpr std::string_view kNotificationColumns =
    "SELECT id, team_id, person_id, kind, message, created_at, read_at FROM notifications ";

}  // namespace admin_store_internal

inline Result<std::vector<AgencyRow>> AdminStore::ListAgencies(int limit, std::optional<Id> after) {
  return QueryAll<AgencyRow>(
      db_, "SELECT id, code, name, kind FROM agencies WHERE id > $1 ORDER BY id LIMIT $2",
      {admin_store_internal::After(after), limit}, [](RowReader& r) {
        return AgencyRow{r.Int(0), r.String(1), r.String(2), r.String(3)};
      });
}

inline Result<std::vector<TeamRow>> AdminStore::ListTeams(int limit, std::optional<Id> after) {
  static const std::string sql =
      std::string(admin_store_internal::kTeamColumns) + "WHERE t.id > $1 ORDER BY t.id LIMIT $2";
  return QueryAll<TeamRow>(db_, sql, {admin_store_internal::After(after), limit},
                           admin_store_internal::ReadTeam);
}

inline Result<std::optional<TeamRow>> AdminStore::FindTeam(Id id) {
  static const std::string sql =
      std::string(admin_store_internal::kTeamColumns) + "WHERE t.id = $1";
  return QueryOne<TeamRow>(db_, sql, {id}, admin_store_internal::ReadTeam);
}

inline Result<std::optional<TeamRow>> AdminStore::FindTeamByName(Id agency_id,
                                                                 std::string_view name) {
  static const std::string sql =
      std::string(admin_store_internal::kTeamColumns) + "WHERE t.agency_id = $1 AND t.name = $2";
  return QueryOne<TeamRow>(db_, sql, {agency_id, name}, admin_store_internal::ReadTeam);
}

inline Result<std::vector<Worker>> AdminStore::WorkersOf(Id team_id, int limit,
                                                         std::optional<Id> after) {
  return QueryAll<Worker>(
      db_,
      "SELECT id, team_id, name, role FROM workers WHERE team_id = $1 AND id > $2 "
      "ORDER BY id LIMIT $3",
      {team_id, admin_store_internal::After(after), limit}, [](RowReader& r) {
        return Worker{r.Int(0), r.Int(1), r.String(2), r.String(3)};
      });
}

inline Result<std::optional<MissedRow>> AdminStore::FindMissed(std::string_view work_kind,
                                                               Id record_id) {
  static const std::string sql = std::string(admin_store_internal::kMissedColumns) +
                                 "WHERE m.work_kind = $1 AND m.record_id = $2";
  return QueryOne<MissedRow>(db_, sql, {work_kind, record_id}, admin_store_internal::ReadMissed);
}

inline Result<Id> AdminStore::InsertMissed(Id person_id, std::string_view work_kind, Id record_id,
                                           std::string_view reason, std::string_view recorded_by,
                                           std::string_view recorded_at) {
  return db_.InsertReturningId(
      "INSERT INTO missed_timescales (person_id, work_kind, record_id, reason, recorded_by, "
      "recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {person_id, work_kind, record_id, reason, recorded_by, recorded_at});
}

inline Result<std::vector<MissedRow>> AdminStore::MissedBetween(std::string_view from_utc,
                                                                std::string_view to_utc) {
  static const std::string sql = std::string(admin_store_internal::kMissedColumns) +
                                 "WHERE m.recorded_at >= $1 AND m.recorded_at < $2 "
                                 "ORDER BY m.recorded_at, m.id";
  return QueryAll<MissedRow>(db_, sql, {from_utc, to_utc}, admin_store_internal::ReadMissed);
}

inline Result<std::vector<NotificationRow>> AdminStore::NotificationsBefore(
    Id team_id, bool unread_only, int limit, std::optional<Id> before) {
  static const std::string sql =
      std::string(admin_store_internal::kNotificationColumns) +
      "WHERE team_id = $1 AND ($2 = 0 OR read_at IS NULL) AND ($3 IS NULL OR id < $3) "
      "ORDER BY id DESC LIMIT $4";
  return QueryAll<NotificationRow>(db_, sql, {team_id, unread_only, before, limit},
                                   admin_store_internal::ReadNotification);
}

inline Result<std::optional<NotificationRow>> AdminStore::FindNotification(Id id) {
  static const std::string sql =
      std::string(admin_store_internal::kNotificationColumns) + "WHERE id = $1";
  return QueryOne<NotificationRow>(db_, sql, {id}, admin_store_internal::ReadNotification);
}

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_ADMIN_STORE_H_
