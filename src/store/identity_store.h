// IdentityStore: the rows of users, sessions and API tokens, and the look-ups
// of teams and workers that creating a user needs.
//
// A repository like JourneyStore: typed calls, one statement or a few each,
// no rules. Password policy, lockout, timeouts and who may change what live
// in access/accounts.h; this class only does what it is told, inside
// whatever transaction the caller holds. Secrets never reach it in clear:
// it stores the Argon2id encoded hash of a password and the SHA-256 of a
// session or token, never the password or token text.
//
// Usernames compare without regard to case (the column is COLLATE NOCASE).
// Times are UTC text "YYYY-MM-DDTHH:MM:SSZ", which sorts and compares as
// time does. Find* return an empty optional when nothing matches.
#ifndef SAFEGUARD_STORE_IDENTITY_STORE_H_
#define SAFEGUARD_STORE_IDENTITY_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace sg::store {

struct UserRow {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string email;
  int64_t team_id = 0;
  std::string team_name;  // read only: from teams
  std::string agency;     // read only: the team's agency code
  std::optional<int64_t> worker_id;
  std::string role;  // access::RoleCode text
  std::string password_hash;
  bool must_change_password = false;
  std::optional<std::string> disabled_at;
  int64_t failed_attempts = 0;
  std::optional<std::string> locked_until;
  std::string created_at;
  std::string password_changed_at;
};

struct SessionRow {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
  std::optional<std::string> revoked_at;
};

struct TokenRow {
  int64_t id = 0;
  std::string token_hash;
  int64_t user_id = 0;
  std::string username;  // read only: from users
  std::string name;
  std::string scopes;  // space-separated
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_used_at;
};

struct TeamRef {
  int64_t id = 0;
  std::string name;
  std::string agency;  // agency code
};

class IdentityStore {
 public:
  explicit IdentityStore(Database& db) : db_(db) {}

  // Users. InsertUser ignores id, team_name and agency.
  Result<int64_t> InsertUser(const UserRow& user);
  Result<std::optional<UserRow>> FindUserByName(std::string_view username);
  Result<std::optional<UserRow>> FindUserById(int64_t id);
  Result<std::vector<UserRow>> ListUsers();  // by username
  Status SetDisabled(int64_t user_id, const std::optional<std::string>& disabled_at);
  // The failure count and lock after a failed sign-in (or 0 and none after
  // a good one).
  Status SetFailures(int64_t user_id, int64_t failed_attempts,
                     const std::optional<std::string>& locked_until);
  // A new password hash; also clears the failure count and the lock.
  Status SetPassword(int64_t user_id, std::string_view password_hash, bool must_change,
                     std::string_view changed_at);
  // The same password re-hashed with other limits: only the hash changes.
  Status UpdatePasswordHash(int64_t user_id, std::string_view password_hash);

  // Sessions, by the SHA-256 of their token.
  Status InsertSession(const SessionRow& session);
  Result<std::optional<SessionRow>> FindSession(std::string_view token_hash);
  Status TouchSession(std::string_view token_hash, std::string_view last_seen_at);
  Status RevokeSession(std::string_view token_hash, std::string_view revoked_at);
  // Revokes every live session of the user but `except_hash` (empty: all);
  // returns how many.
  Result<int64_t> RevokeSessionsOf(int64_t user_id, std::string_view revoked_at,
                                   std::string_view except_hash = {});

  // API tokens. InsertToken ignores id and username.
  Result<int64_t> InsertToken(const TokenRow& token);
  Result<std::optional<TokenRow>> FindTokenByHash(std::string_view token_hash);
  Result<std::optional<TokenRow>> FindToken(int64_t id);
  Result<std::vector<TokenRow>> ListTokens();  // by id
  Status RevokeToken(int64_t id, std::string_view revoked_at);
  Result<int64_t> RevokeTokensOf(int64_t user_id, std::string_view revoked_at);
  Status TouchToken(int64_t id, std::string_view last_used_at);

  // Teams and workers, for placing a user.
  Result<std::optional<TeamRef>> FindTeam(int64_t team_id);
  Result<std::optional<TeamRef>> FindTeamByName(std::string_view agency_code,
                                                std::string_view team_name);
  // The team of the agency with the lowest id whose name starts with `prefix`.
  Result<std::optional<TeamRef>> FindFirstTeamByPrefix(std::string_view agency_code,
                                                       std::string_view prefix);
  // Every team with this exact name, in any agency.
  Result<std::vector<TeamRef>> FindTeamsNamed(std::string_view team_name);
  Result<std::vector<TeamRef>> ListTeams();  // by agency code, then name
  Result<std::optional<int64_t>> WorkerTeam(int64_t worker_id);
  Result<std::optional<int64_t>> FirstWorkerOf(int64_t team_id);  // lowest workers.id
  Status RenameWorker(int64_t worker_id, std::string_view name);

 private:
  Database& db_;
};

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_IDENTITY_STORE_H_
