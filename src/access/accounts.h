// Accounts: users, passwords, sign-in, sessions and API tokens.
//
// Design. A user is a person who signs in: a username, a display name, a
// team (and so an agency), a role, and optionally the worker that
// involvements name. Passwords are hashed with Argon2id (libsodium's
// crypto_pwhash_str, its "interactive" limits by default) and must meet a
// minimum policy (CheckPasswordPolicy). Nothing here ever stores or logs a
// password or a token in clear: sessions and API tokens are 256-bit random
// values handed to the client once, and only their SHA-256 is stored.
//
// Sign-in failures are counted per user. After kFreeAttempts failures in a
// row the account locks for a back-off that doubles with each further
// failure (1 minute, 2, 4 ... capped at 1 hour); a correct password during
// the lock is refused too, with the same message as a wrong one, so that
// guessing cannot tell them apart. Attempts during a lock are audited but
// neither count nor extend it; a success clears the count. An unknown
// username costs the same Argon2id work as a known one, so timing does not
// reveal which usernames exist.
//
// Sessions are opaque and server-side, with an idle timeout (30 minutes)
// and an absolute timeout (12 hours). Disabling a user or resetting their
// password revokes every session and token at once. last_seen_at is written
// at most once a minute per session, so that reads do not become writes.
//
// Thread safety: an Accounts object uses one Database; one per thread.
// Hashing (HashPassword, VerifyPassword) is pure and may run on any thread.
#ifndef SAFEGUARD_ACCESS_ACCOUNTS_H_
#define SAFEGUARD_ACCESS_ACCOUNTS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/actor.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace sg::access {

// Cost of Argon2id. kInteractive is libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE
// (64 MiB); kMinimum is for tests only (libsodium's minimums).
enum class HashCost { kInteractive, kMinimum };

// kInvalidArgument naming the first rule broken: at least 12 characters, at
// most 256 bytes, not the username or display name (or containing it), not
// one of the commonly used passwords, at least 5 different characters.
core::Status CheckPasswordPolicy(std::string_view password, std::string_view username,
                                 std::string_view display_name);
core::Result<std::string> HashPassword(std::string_view password, HashCost cost);
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);
// True when `encoded_hash` was made with other limits than `cost` (or is not
// an Argon2id string): a successful sign-in then stores a fresh hash.
bool PasswordNeedsRehash(std::string_view encoded_hash, HashCost cost);
// A strong password for a new or reset account, to be changed at first
// sign-in: four groups of five lower-case letters and digits without
// look-alikes ("k7hqm-x9ptw-..."), about 99 bits from libsodium's CSPRNG.
// It may, very rarely, break the policy (contain the username): check it.
std::string GenerateTemporaryPassword();

// The one message of every sign-in failure.
inline constexpr std::string_view kSignInFailed =
    "the username or password is not right, or the account is locked or disabled";
// API tokens start with this, so that secret scanners recognise them.
inline constexpr std::string_view kApiTokenPrefix = "sgt_";
// The scopes an API token may carry.
inline constexpr std::string_view kTokenScopes[] = {"read", "write", "returns", "indicators",
                                                    "admin"};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string email;
  int64_t team_id = 0;
  std::string team_name;
  std::string agency;  // agency code of the team
  std::optional<int64_t> worker_id;
  Role role = Role::kSocialWorker;
  bool must_change_password = false;
  std::optional<std::string> disabled_at;
  std::string created_at;
  std::optional<std::string> locked_until;  // set while sign-in is locked after failures
};

struct NewUser {
  std::string username;  // 3-64 of [a-z0-9._-], case-insensitive unique
  std::string display_name;
  std::string email;
  int64_t team_id = 0;
  std::optional<int64_t> worker_id;  // must belong to team_id
  Role role = Role::kSocialWorker;
  std::string password;
  bool must_change_password = false;
};

struct Session {
  std::string token;       // given to the client once (cookie value); never stored
  std::string csrf_token;  // sent back by the client in X-CSRF-Token on changes
  std::string expires_at;  // absolute expiry, UTC
};

// A request's identity, once its session or token checks out.
struct Authenticated {
  Actor actor;
  User user;
  std::string csrf_token;           // empty for API tokens (no CSRF with bearer tokens)
  std::vector<std::string> scopes;  // API tokens only: read, write, returns, indicators
  bool via_token = false;
};

struct ApiToken {
  int64_t id = 0;
  std::string name;
  int64_t user_id = 0;
  std::string username;
  std::vector<std::string> scopes;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_used_at;
};

struct AccountsOptions {
  HashCost cost = HashCost::kInteractive;
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
  int free_attempts = 5;  // failures before the first lock
  std::chrono::seconds first_lock{60};
  std::chrono::seconds max_lock{60 * 60};
};

class Accounts {
 public:
  // Tokens come from libsodium's CSPRNG (randombytes_buf), never from
  // core::Random, which is for repeatable demos.
  Accounts(store::Database& db, const core::Clock& clock, AccountsOptions options = {});
  const AccountsOptions& options() const { return options_; }

  // Administration. `by` must be an administrator or the system actor; each
  // change is audited. Add fails kAlreadyExists for a taken username and
  // kInvalidArgument for a bad one or a weak password.
  core::Result<User> AddUser(const Actor& by, const NewUser& user);
  core::Status DisableUser(const Actor& by, std::string_view username);
  core::Status EnableUser(const Actor& by, std::string_view username);
  // Sets a new password (policy-checked), clears the lock, revokes sessions
  // and tokens; the user must change it at next sign-in when `temporary`.
  core::Status ResetPassword(const Actor& by, std::string_view username,
                             std::string_view new_password, bool temporary);
  core::Result<std::vector<User>> ListUsers(const Actor& by);
  core::Result<User> FindUser(const Actor& by, std::string_view username);

  // Sign-in. Every failure is kUnauthenticated with the
  // one message "the username or password is not right, or the account is
  // locked or disabled" whatever the cause, so that it reveals nothing; the
  // cause is audited. Success audits and returns a new session.
  //
  // A failure still writes (the failure count, the lock, the audit row) and
  // commits its own transaction before returning the error. A caller that
  // runs SignIn inside a larger transaction must commit that transaction
  // even when SignIn fails, or the lockout and the audit row are lost.
  // The Argon2id work runs before the write transaction opens, so that it
  // does not hold the database's write lock.
  core::Result<Session> SignIn(std::string_view username, std::string_view password,
                               std::string_view remote_address);
  // Checks a session token: kUnauthenticated when unknown, revoked, idle
  // too long, past its absolute expiry, or its user is disabled. The session
  // is live while now - last_seen_at < idle_timeout and now < expires_at;
  // since last_seen_at is written at most once a minute, the idle timeout
  // may in effect be up to a minute shorter.
  core::Result<Authenticated> Authenticate(std::string_view session_token);
  core::Status SignOut(std::string_view session_token);
  // The signed-in user changes their own password (needs the current one;
  // a wrong one counts as a failed sign-in). Clears must_change_password and
  // revokes the user's other sessions; this session and API tokens stay.
  core::Status ChangePassword(std::string_view session_token, std::string_view current,
                              std::string_view replacement);

  // API tokens, for system integrations. Issue returns the token text once.
  // Scopes must come from kTokenScopes. expires_at is UTC text
  // "YYYY-MM-DDTHH:MM:SSZ", or a date "YYYY-MM-DD" meaning the start of
  // that day (UTC); it must be in the future. A token works while now is
  // before expires_at and it is not revoked and its user is not disabled.
  core::Result<std::pair<ApiToken, std::string>> IssueToken(const Actor& by,
                                                            std::string_view username,
                                                            std::string_view name,
                                                            const std::vector<std::string>& scopes,
                                                            std::optional<std::string> expires_at);
  core::Status RevokeToken(const Actor& by, int64_t token_id);
  core::Result<std::vector<ApiToken>> ListTokens(const Actor& by);
  core::Result<Authenticated> AuthenticateToken(std::string_view bearer_token);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  AccountsOptions options_;
};

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_ACCOUNTS_H_
