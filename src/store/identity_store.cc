#include "store/identity_store.h"

#include "store/row_reader.h"

namespace sg::store {
namespace {

constexpr std::string_view kUserSelect =
    "SELECT u.id, u.username, u.display_name, u.email, u.team_id, t.name, a.code, u.worker_id, "
    "u.role, u.password_hash, u.must_change_password, u.disabled_at, u.failed_attempts, "
    "u.locked_until, u.created_at, u.password_changed_at "
    "FROM users u JOIN teams t ON t.id = u.team_id JOIN agencies a ON a.id = t.agency_id ";

UserRow ReadUser(RowReader& r) {
  UserRow u;
  u.id = r.Int(0);
  u.username = r.String(1);
  u.display_name = r.String(2);
  u.email = r.String(3);
  u.team_id = r.Int(4);
  u.team_name = r.String(5);
  u.agency = r.String(6);
  u.worker_id = r.OptInt(7);
  u.role = r.String(8);
  u.password_hash = r.String(9);
  u.must_change_password = r.Bool(10);
  u.disabled_at = r.OptString(11);
  u.failed_attempts = r.Int(12);
  u.locked_until = r.OptString(13);
  u.created_at = r.String(14);
  u.password_changed_at = r.String(15);
  return u;
}

constexpr std::string_view kSessionSelect =
    "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at "
    "FROM sessions ";

SessionRow ReadSession(RowReader& r) {
  SessionRow s;
  s.token_hash = r.String(0);
  s.user_id = r.Int(1);
  s.csrf_token = r.String(2);
  s.created_at = r.String(3);
  s.last_seen_at = r.String(4);
  s.expires_at = r.String(5);
  s.revoked_at = r.OptString(6);
  return s;
}

constexpr std::string_view kTokenSelect =
    "SELECT k.id, k.token_hash, k.user_id, u.username, k.name, k.scopes, k.created_at, "
    "k.expires_at, k.revoked_at, k.last_used_at "
    "FROM api_tokens k JOIN users u ON u.id = k.user_id ";

TokenRow ReadToken(RowReader& r) {
  TokenRow t;
  t.id = r.Int(0);
  t.token_hash = r.String(1);
  t.user_id = r.Int(2);
  t.username = r.String(3);
  t.name = r.String(4);
  t.scopes = r.String(5);
  t.created_at = r.String(6);
  t.expires_at = r.OptString(7);
  t.revoked_at = r.OptString(8);
  t.last_used_at = r.OptString(9);
  return t;
}

constexpr std::string_view kTeamSelect =
    "SELECT t.id, t.name, a.code FROM teams t JOIN agencies a ON a.id = t.agency_id ";

TeamRef ReadTeam(RowReader& r) {
  return TeamRef{r.Int(0), r.String(1), r.String(2)};
}

std::string Sql(std::string_view head, std::string_view tail) {
  return std::string(head) + std::string(tail);
}

Result<std::optional<int64_t>> OneInt(Database& db, std::string_view sql, Params params) {
  return QueryOne<int64_t>(db, sql, params, [](RowReader& r) { return r.Int(0); });
}

}  // namespace

Result<int64_t> IdentityStore::InsertUser(const UserRow& u) {
  return db_.InsertReturningId(
      "INSERT INTO users (username, display_name, email, team_id, worker_id, role, password_hash, "
      "must_change_password, disabled_at, failed_attempts, locked_until, created_at, "
      "password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
      "RETURNING id",
      {u.username, u.display_name, u.email, u.team_id, u.worker_id, u.role, u.password_hash,
       u.must_change_password, u.disabled_at, u.failed_attempts, u.locked_until, u.created_at,
       u.password_changed_at});
}

Result<std::optional<UserRow>> IdentityStore::FindUserByName(std::string_view username) {
  return QueryOne<UserRow>(db_, Sql(kUserSelect, "WHERE u.username = $1"), {username}, ReadUser);
}

Result<std::optional<UserRow>> IdentityStore::FindUserById(int64_t id) {
  return QueryOne<UserRow>(db_, Sql(kUserSelect, "WHERE u.id = $1"), {id}, ReadUser);
}

Result<std::vector<UserRow>> IdentityStore::ListUsers() {
  return QueryAll<UserRow>(db_, Sql(kUserSelect, "ORDER BY u.username"), {}, ReadUser);
}

Status IdentityStore::SetDisabled(int64_t user_id, const std::optional<std::string>& disabled_at) {
  return db_.Execute("UPDATE users SET disabled_at = $2 WHERE id = $1", {user_id, disabled_at});
}

Status IdentityStore::SetFailures(int64_t user_id, int64_t failed_attempts,
                                  const std::optional<std::string>& locked_until) {
  return db_.Execute("UPDATE users SET failed_attempts = $2, locked_until = $3 WHERE id = $1",
                     {user_id, failed_attempts, locked_until});
}

Status IdentityStore::SetPassword(int64_t user_id, std::string_view password_hash, bool must_change,
                                  std::string_view changed_at) {
  return db_.Execute(
      "UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4, "
      "failed_attempts = 0, locked_until = NULL WHERE id = $1",
      {user_id, password_hash, must_change, changed_at});
}

Status IdentityStore::UpdatePasswordHash(int64_t user_id, std::string_view password_hash) {
  return db_.Execute("UPDATE users SET password_hash = $2 WHERE id = $1", {user_id, password_hash});
}

Status IdentityStore::InsertSession(const SessionRow& s) {
  return db_.Execute(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
      "expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
       s.revoked_at});
}

Result<std::optional<SessionRow>> IdentityStore::FindSession(std::string_view token_hash) {
  return QueryOne<SessionRow>(db_, Sql(kSessionSelect, "WHERE token_hash = $1"), {token_hash},
                              ReadSession);
}

Status IdentityStore::TouchSession(std::string_view token_hash, std::string_view last_seen_at) {
  return db_.Execute("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
                     {token_hash, last_seen_at});
}

Status IdentityStore::RevokeSession(std::string_view token_hash, std::string_view revoked_at) {
  return db_.Execute(
      "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
      {token_hash, revoked_at});
}

Result<int64_t> IdentityStore::RevokeSessionsOf(int64_t user_id, std::string_view revoked_at,
                                                std::string_view except_hash) {
  SG_RETURN_IF_ERROR(
      db_.Execute("UPDATE sessions SET revoked_at = $2 "
                  "WHERE user_id = $1 AND revoked_at IS NULL AND token_hash <> $3",
                  {user_id, revoked_at, except_hash}));
  return db_.ChangedRows();
}

Result<int64_t> IdentityStore::InsertToken(const TokenRow& t) {
  return db_.InsertReturningId(
      "INSERT INTO api_tokens (token_hash, user_id, name, scopes, created_at, expires_at, "
      "revoked_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {t.token_hash, t.user_id, t.name, t.scopes, t.created_at, t.expires_at, t.revoked_at,
       t.last_used_at});
}

Result<std::optional<TokenRow>> IdentityStore::FindTokenByHash(std::string_view token_hash) {
  return QueryOne<TokenRow>(db_, Sql(kTokenSelect, "WHERE k.token_hash = $1"), {token_hash},
                            ReadToken);
}

Result<std::optional<TokenRow>> IdentityStore::FindToken(int64_t id) {
  return QueryOne<TokenRow>(db_, Sql(kTokenSelect, "WHERE k.id = $1"), {id}, ReadToken);
}

Result<std::vector<TokenRow>> IdentityStore::ListTokens() {
  return QueryAll<TokenRow>(db_, Sql(kTokenSelect, "ORDER BY k.id"), {}, ReadToken);
}

Status IdentityStore::RevokeToken(int64_t id, std::string_view revoked_at) {
  return db_.Execute("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                     {id, revoked_at});
}

Result<int64_t> IdentityStore::RevokeTokensOf(int64_t user_id, std::string_view revoked_at) {
  SG_RETURN_IF_ERROR(
      db_.Execute("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
                  {user_id, revoked_at}));
  return db_.ChangedRows();
}

Status IdentityStore::TouchToken(int64_t id, std::string_view last_used_at) {
  return db_.Execute("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {id, last_used_at});
}

Result<std::optional<TeamRef>> IdentityStore::FindTeam(int64_t team_id) {
  return QueryOne<TeamRef>(db_, Sql(kTeamSelect, "WHERE t.id = $1"), {team_id}, ReadTeam);
}

Result<std::optional<TeamRef>> IdentityStore::FindTeamByName(std::string_view agency_code,
                                                             std::string_view team_name) {
  return QueryOne<TeamRef>(db_, Sql(kTeamSelect, "WHERE a.code = $1 AND t.name = $2"),
                           {agency_code, team_name}, ReadTeam);
}

Result<std::optional<TeamRef>> IdentityStore::FindFirstTeamByPrefix(std::string_view agency_code,
                                                                    std::string_view prefix) {
  // substr, not LIKE, so that '%' and '_' in a team's name are not wildcards.
  return QueryOne<TeamRef>(
      db_,
      Sql(kTeamSelect,
          "WHERE a.code = $1 AND substr(t.name, 1, length($2)) = $2 ORDER BY t.id LIMIT 1"),
      {agency_code, prefix}, ReadTeam);
}

Result<std::vector<TeamRef>> IdentityStore::FindTeamsNamed(std::string_view team_name) {
  return QueryAll<TeamRef>(db_, Sql(kTeamSelect, "WHERE t.name = $1 ORDER BY a.code"), {team_name},
                           ReadTeam);
}

Result<std::vector<TeamRef>> IdentityStore::ListTeams() {
  return QueryAll<TeamRef>(db_, Sql(kTeamSelect, "ORDER BY a.code, t.name"), {}, ReadTeam);
}

Result<std::optional<int64_t>> IdentityStore::WorkerTeam(int64_t worker_id) {
  return OneInt(db_, "SELECT team_id FROM workers WHERE id = $1", {worker_id});
}

Result<std::optional<int64_t>> IdentityStore::FirstWorkerOf(int64_t team_id) {
  return OneInt(db_, "SELECT id FROM workers WHERE team_id = $1 ORDER BY id LIMIT 1", {team_id});
}

Status IdentityStore::RenameWorker(int64_t worker_id, std::string_view name) {
  return db_.Execute("UPDATE workers SET name = $2 WHERE id = $1", {worker_id, name});
}

}  // namespace sg::store
