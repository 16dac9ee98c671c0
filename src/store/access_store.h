// AccessStore: the rows need-to-know rests on.
//
// Open involvements of a worker or team with a child, break-glass grants,
// classifications owned by an agency, the teams to contact about a child,
// the discovery search, notifications to teams, and the audit rows about a
// child for its access log. A repository only: who may see what is decided
// in access/need_to_know.h, which is the only caller that should draw
// conclusions from these rows.
//
// Dates are ISO text and timestamps UTC "YYYY-MM-DDTHH:MM:SSZ", so that
// comparing their text compares them in time.
#ifndef SAFEGUARD_STORE_ACCESS_STORE_H_
#define SAFEGUARD_STORE_ACCESS_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace sg::store {

// An involvement that grants need-to-know on one child.
struct AccessInvolvement {
  Id id = 0;
  Id team_id = 0;
  std::optional<Id> worker_id;
  std::string lawful_basis;
  bool consent = false;
};

// A team involved with a child: whom to contact about them.
struct ContactPointRow {
  Id team_id = 0;
  std::string team;
  std::string agency;  // code
  std::string agency_name;
};

struct BreakGlassRow {
  Id id = 0;
  Id user_id = 0;
  Id person_id = 0;
  std::string reason;
  std::string lawful_basis;
  std::string started_at;
  std::string expires_at;
};

struct ClassificationRow {
  std::string code;
  std::string owner_agency;  // code
  std::string owner_agency_name;
  std::string label;
};

// A discovery search: every criterion given must match. Name words match
// the start of the forename or the surname, case-insensitively; the store
// escapes LIKE's wildcards in them, so "%" and "_" match themselves.
struct PersonQuery {
  std::vector<std::string> name_words;  // at most kMaxNameWords
  std::optional<Date> birth_date;
  std::string identifier;  // exact LA child id, UPN or NHS number
  int limit = 20;
};
inline constexpr size_t kMaxNameWords = 4;

struct PersonMatchRow {
  Id id = 0;
  std::optional<std::string> la_child_id;
  std::string forename;
  std::string surname;
  std::optional<Date> birth_date;
};

struct NotificationRow {
  Id id = 0;
  Id team_id = 0;
  std::optional<Id> person_id;
  std::string kind;
  std::string message;
  std::string created_at;
  std::optional<std::string> read_at;
};

// An audit row about a child, with the display name of the user it names
// (empty for a system actor or a user since removed).
struct PersonAuditRow {
  int64_t seq = 0;
  std::string at;
  std::string actor;  // as the audit log writes it: "id (agency, role; purpose: ...)"
  std::string action;
  std::string entity;
  std::string details;
  std::string user_display_name;
};

class AccessStore {
 public:
  explicit AccessStore(Database& db) : db_(db) {}

  // The involvement open on `on` (start <= on, no end or end >= on) that
  // names `worker_id` as its worker or `team_id` as its team; one naming the
  // worker first, then the newest. Empty when none (or both ids are empty).
  Result<std::optional<AccessInvolvement>> FindOpenInvolvement(Id person_id,
                                                               std::optional<Id> worker_id,
                                                               std::optional<Id> team_id, Date on);
  // An involvement open on `on` of any team of the agency with code `agency`.
  Result<std::optional<AccessInvolvement>> FindOpenAgencyInvolvement(Id person_id,
                                                                     std::string_view agency,
                                                                     Date on);
  // The teams with an involvement open on `on`, by agency code then team name.
  Result<std::vector<ContactPointRow>> ContactPoints(Id person_id, Date on);
  // Teams with an enabled user whose role has the stable code `role_code`.
  Result<std::vector<ContactPointRow>> TeamsWithRole(std::string_view role_code);

  Result<bool> PersonExists(Id person_id);

  // Break-glass grants. The active one is the latest to expire of those
  // started by `now` and expiring after it.
  Result<Id> InsertBreakGlass(const BreakGlassRow& grant);
  Result<std::optional<BreakGlassRow>> FindActiveBreakGlass(Id user_id, Id person_id,
                                                            std::string_view now_utc);

  Result<std::optional<ClassificationRow>> FindClassification(std::string_view code);

  // Discovery, in surname, forename, id order.
  Result<std::vector<PersonMatchRow>> SearchPersons(const PersonQuery& query);

  // Notifications to a team.
  Result<Id> InsertNotification(const NotificationRow& notification);
  // Newest first; only unread ones when `unread_only`.
  Result<std::vector<NotificationRow>> NotificationsForTeam(Id team_id, bool unread_only,
                                                            int limit);
  // Marks one of the team's notifications read; false when it has no such
  // unread notification.
  Result<bool> MarkNotificationRead(Id notification_id, Id team_id, std::string_view at);

  // Audit rows about a child, newest first, before `before_seq` when given.
  Result<std::vector<PersonAuditRow>> AuditRowsAboutPerson(Id person_id, int limit,
                                                           std::optional<int64_t> before_seq);

 private:
  Database& db_;
};

// "50%_off" -> "50\%\_off": LIKE's wildcards (and its escape, "\") made
// literal, for a pattern written with ESCAPE '\'.
std::string EscapeLike(std::string_view text);

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_ACCESS_STORE_H_
