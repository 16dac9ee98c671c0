#include "access/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "access/audit.h"
#include "access/gate.h"
#include "access/policy.h"
#include "core/hash.h"
#include "store/identity_store.h"

namespace sg::access {
namespace {

using core::Code;
using core::Fail;
using store::IdentityStore;
using store::TransactionMode;

constexpr size_t kMaxUsername = 64;
constexpr size_t kMaxSecretText = 1024;  // longer "passwords" and "tokens" are refused unread
constexpr int64_t kTouchEverySeconds = 60;
constexpr std::string_view kSessionRefused =
    "the session is not valid or has expired; sign in again";
constexpr std::string_view kTokenRefused =
    "the API token is not valid, has expired or has been revoked";

// ---- small text helpers ---------------------------------------------------

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// The details of an audit row: a flat JSON object built field by field, with
// no free text from a person's record and never a secret.
class Details {
 public:
  Details& Text(std::string_view key, std::string_view value) {
    return Raw(key, JsonString(value));
  }
  Details& Number(std::string_view key, int64_t value) { return Raw(key, std::to_string(value)); }
  Details& Flag(std::string_view key, bool value) { return Raw(key, value ? "true" : "false"); }
  Details& List(std::string_view key, const std::vector<std::string>& values) {
    std::string list = "[";
    for (size_t i = 0; i < values.size(); ++i) list += (i ? "," : "") + JsonString(values[i]);
    return Raw(key, list + "]");
  }
  std::string Done() const { return "{" + body_ + "}"; }

 private:
  Details& Raw(std::string_view key, std::string_view json) {
    if (!body_.empty()) body_ += ',';
    body_ += JsonString(key) + ":" + std::string(json);
    return *this;
  }
  std::string body_;
};

// ---- secrets ----------------------------------------------------------------

// 256 bits from libsodium's CSPRNG, base64url without padding (43 characters).
std::string RandomToken() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no entropy source: nothing can be trusted
  });
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  char text[sodium_base64_ENCODED_LEN(sizeof bytes, kVariant)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, kVariant);
  sodium_memzero(bytes, sizeof bytes);
  return text;
}

// A hash of a random password at `cost`, so that an unknown username costs
// the same Argon2id work as a known one.
const std::string& DummyHash(HashCost cost) {
  static std::array<std::once_flag, 2> once;
  static std::array<std::string, 2> hashes;
  const size_t i = cost == HashCost::kInteractive ? 0 : 1;
  std::call_once(once[i], [&] {
    auto hash = HashPassword(GenerateTemporaryPassword(), cost);
    if (hash) hashes[i] = *std::move(hash);
  });
  return hashes[i];
}

// ---- users ----------------------------------------------------------------

core::Status CheckUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > kMaxUsername) {
    return Fail(Code::kInvalidArgument,
                fmt::format("a username has 3 to {} characters", kMaxUsername));
  }
  const bool allowed = std::all_of(username.begin(), username.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
  if (!allowed) {
    return Fail(Code::kInvalidArgument,
                "a username has only letters a-z, digits, '.', '_' and '-'");
  }
  return {};
}

core::Status CheckDisplayName(std::string_view name) {
  if (name.empty() || name.size() > 200 || HasControl(name) ||
      name.find_first_not_of(' ') == std::string_view::npos) {
    return Fail(Code::kInvalidArgument,
                "a user's name must be given, in at most 200 bytes, with no control characters");
  }
  return {};
}

core::Status CheckEmail(std::string_view email) {
  if (email.empty()) return {};
  const size_t at = email.find('@');
  const bool ok = email.size() <= 254 && at != std::string_view::npos && at > 0 &&
                  at + 1 < email.size() && email.find('@', at + 1) == std::string_view::npos &&
                  email.find(' ') == std::string_view::npos && !HasControl(email);
  if (!ok) return Fail(Code::kInvalidArgument, "the email address is not a valid address");
  return {};
}

core::Result<User> ToUser(const store::UserRow& row) {
  auto role = ParseRole(row.role);
  if (!role) {
    return Fail(Code::kDataLoss,
                fmt::format("user '{}' has an unknown role '{}'", row.username, row.role));
  }
  User u;
  u.id = row.id;
  u.username = row.username;
  u.display_name = row.display_name;
  u.email = row.email;
  u.team_id = row.team_id;
  u.team_name = row.team_name;
  u.agency = row.agency;
  u.worker_id = row.worker_id;
  u.role = *role;
  u.must_change_password = row.must_change_password;
  u.disabled_at = row.disabled_at;
  u.created_at = row.created_at;
  u.locked_until = row.locked_until;
  return u;
}

Actor ActorOf(const User& user, std::string purpose) {
  Actor a;
  a.id = user.username;
  a.name = user.display_name;
  a.agency = user.agency;
  a.role = user.role;
  a.purpose = std::move(purpose);
  a.user_id = user.id;
  a.team_id = user.team_id;
  a.worker_id = user.worker_id;
  return a;
}

// Who tried to sign in with a username that does not exist. The attempted
// name is not recorded in clear (it is often a password typed in the wrong
// box); its SHA-256 prefix lets an investigator match repeated attempts.
Actor Anonymous() {
  Actor a;
  a.id = "anonymous";
  a.name = "anonymous";
  a.agency = "NONE";
  a.role = Role::kSystem;  // only ever written to the audit log, never given to the Gate
  a.purpose = "sign-in";
  return a;
}

core::Result<store::UserRow> MustFindUser(IdentityStore& ids, std::string_view username) {
  SG_ASSIGN_OR_RETURN(auto row, ids.FindUserByName(username));
  if (!row) return Fail(Code::kNotFound, fmt::format("no user is named '{}'", username));
  return *std::move(row);
}

// ---- lockout ----------------------------------------------------------------

// The lock after the n-th failure in a row: none before options.free_attempts,
// then first_lock doubling with each further failure, capped at max_lock.
std::optional<int64_t> LockSeconds(const AccountsOptions& options, int64_t failures) {
  if (failures < options.free_attempts) return std::nullopt;
  int64_t lock = options.first_lock.count();
  for (int64_t i = options.free_attempts; i < failures && lock < options.max_lock.count(); ++i) {
    lock *= 2;
  }
  return std::min(lock, options.max_lock.count());
}

bool IsLocked(const store::UserRow& row, int64_t now) {
  if (!row.locked_until) return false;
  auto until = core::UnixSecondsFromUtc(*row.locked_until);
  return !until || now < *until;  // an unreadable lock stays locked until an administrator acts
}

enum class Attempt { kAccepted, kUnknownUser, kDisabled, kLocked, kWrongPassword };

std::string_view AttemptReason(Attempt attempt) {
  switch (attempt) {
    case Attempt::kAccepted: return "accepted";
    case Attempt::kUnknownUser: return "unknown-user";
    case Attempt::kDisabled: return "disabled";
    case Attempt::kLocked: return "locked";
    case Attempt::kWrongPassword: return "wrong-password";
  }
  return "unknown";
}

// Decides a password attempt against the user's current row and, for a
// wrong password, counts it and locks as LockSeconds says; the caller writes
// the audit row. REQUIRES: inside a write transaction.
core::Result<Attempt> JudgeAttempt(IdentityStore& ids, const AccountsOptions& options,
                                   const core::Clock& clock, store::UserRow& row,
                                   bool password_ok) {
  const int64_t now = clock.NowUnixSeconds();
  if (row.disabled_at) return Attempt::kDisabled;
  if (IsLocked(row, now)) return Attempt::kLocked;
  if (password_ok) return Attempt::kAccepted;
  row.failed_attempts += 1;
  row.locked_until.reset();
  if (auto lock = LockSeconds(options, row.failed_attempts)) {
    row.locked_until = core::UtcFromUnixSeconds(now + *lock);
  }
  SG_RETURN_IF_ERROR(ids.SetFailures(row.id, row.failed_attempts, row.locked_until));
  return Attempt::kWrongPassword;
}

Details FailureDetails(Attempt attempt, const store::UserRow& row) {
  Details d;
  d.Text("reason", AttemptReason(attempt));
  if (attempt == Attempt::kWrongPassword) d.Number("failed_attempts", row.failed_attempts);
  if (row.locked_until) d.Text("locked_until", *row.locked_until);
  return d;
}

// ---- tokens -----------------------------------------------------------------

std::vector<std::string> SplitScopes(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

core::Result<std::vector<std::string>> CheckScopes(const std::vector<std::string>& scopes) {
  std::vector<std::string> out;
  for (const auto& scope : scopes) {
    if (std::find(std::begin(kTokenScopes), std::end(kTokenScopes), scope) ==
        std::end(kTokenScopes)) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("'{}' is not a scope; scopes are {}", scope,
                              fmt::join(std::begin(kTokenScopes), std::end(kTokenScopes), ", ")));
    }
    if (std::find(out.begin(), out.end(), scope) == out.end()) out.push_back(scope);
  }
  if (out.empty()) return Fail(Code::kInvalidArgument, "an API token needs at least one scope");
  return out;
}

// expires_at as stored: full UTC text, or a date meaning the start of it.
core::Result<std::optional<std::string>> NormaliseExpiry(
    const std::optional<std::string>& expires_at, int64_t now) {
  if (!expires_at) return std::optional<std::string>();
  std::string text = *expires_at;
  if (text.size() == 10) text += "T00:00:00Z";
  auto seconds = core::UnixSecondsFromUtc(text);
  if (!seconds) {
    return Fail(Code::kInvalidArgument,
                fmt::format("the expiry '{}' is not a date YYYY-MM-DD or a UTC time "
                            "YYYY-MM-DDTHH:MM:SSZ",
                            *expires_at));
  }
  if (*seconds <= now) {
    return Fail(Code::kInvalidArgument,
                fmt::format("the expiry {} is not in the future", text));
  }
  return std::optional<std::string>(text);
}

ApiToken ToApiToken(const store::TokenRow& row) {
  ApiToken t;
  t.id = row.id;
  t.name = row.name;
  t.user_id = row.user_id;
  t.username = row.username;
  t.scopes = SplitScopes(row.scopes);
  t.created_at = row.created_at;
  t.expires_at = row.expires_at;
  t.revoked_at = row.revoked_at;
  t.last_used_at = row.last_used_at;
  return t;
}

bool IsStale(std::string_view stamp, int64_t now) {
  auto seen = core::UnixSecondsFromUtc(stamp);
  return !seen || now - *seen > kTouchEverySeconds;
}

}  // namespace

Accounts::Accounts(store::Database& db, const core::Clock& clock, AccountsOptions options)
    : db_(db), clock_(clock), options_(options) {}

// ---- administration -----------------------------------------------------------

core::Result<User> Accounts::AddUser(const Actor& by, const NewUser& user) {
  // Decide before the Argon2id work, so that a refused caller costs nothing.
  SG_RETURN_IF_ERROR(Policy().Decide(by, Action::kAdminister));
  const std::string username = Lower(user.username);
  SG_RETURN_IF_ERROR(CheckUsername(username));
  SG_RETURN_IF_ERROR(CheckDisplayName(user.display_name));
  SG_RETURN_IF_ERROR(CheckEmail(user.email));
  if (user.role == Role::kSystem) {
    return Fail(Code::kInvalidArgument, "a person cannot be given the system role");
  }
  SG_RETURN_IF_ERROR(CheckPasswordPolicy(user.password, username, user.display_name));
  SG_ASSIGN_OR_RETURN(std::string hash, HashPassword(user.password, options_.cost));

  IdentityStore ids(db_);
  std::optional<store::UserRow> added;
  Gate gate(db_, clock_);
  SG_RETURN_IF_ERROR(gate.Run(by, Action::kAdminister, [&](AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(auto existing, ids.FindUserByName(username));
    if (existing) {
      return Fail(Code::kAlreadyExists, fmt::format("the username '{}' is taken", username));
    }
    SG_ASSIGN_OR_RETURN(auto team, ids.FindTeam(user.team_id));
    if (!team) return Fail(Code::kNotFound, fmt::format("no team has id {}", user.team_id));
    if (user.worker_id) {
      SG_ASSIGN_OR_RETURN(auto worker_team, ids.WorkerTeam(*user.worker_id));
      if (!worker_team) {
        return Fail(Code::kNotFound, fmt::format("no worker has id {}", *user.worker_id));
      }
      if (*worker_team != user.team_id) {
        return Fail(Code::kInvalidArgument, fmt::format("worker {} is not in the team '{}'",
                                                        *user.worker_id, team->name));
      }
    }
    const std::string now = clock_.NowUtc();
    store::UserRow row;
    row.username = username;
    row.display_name = user.display_name;
    row.email = user.email;
    row.team_id = user.team_id;
    row.worker_id = user.worker_id;
    row.role = std::string(RoleCode(user.role));
    row.password_hash = hash;
    row.must_change_password = user.must_change_password;
    row.created_at = now;
    row.password_changed_at = now;
    SG_ASSIGN_OR_RETURN(int64_t id, ids.InsertUser(row));
    SG_ASSIGN_OR_RETURN(added, ids.FindUserById(id));
    note = {"create", "user", std::to_string(id), std::nullopt,
            Details()
                .Text("username", username)
                .Text("role", row.role)
                .Number("team_id", user.team_id)
                .Flag("must_change_password", user.must_change_password)
                .Done()};
    return {};
  }));
  if (!added) return Fail(Code::kInternal, "the new user could not be read back");
  return ToUser(*added);
}

core::Status Accounts::DisableUser(const Actor& by, std::string_view username) {
  IdentityStore ids(db_);
  Gate gate(db_, clock_);
  return gate.Run(by, Action::kAdminister, [&](AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(auto row, MustFindUser(ids, username));
    if (row.disabled_at) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("user '{}' is already disabled", row.username));
    }
    const std::string now = clock_.NowUtc();
    SG_RETURN_IF_ERROR(ids.SetDisabled(row.id, now));
    SG_ASSIGN_OR_RETURN(int64_t sessions, ids.RevokeSessionsOf(row.id, now));
    SG_ASSIGN_OR_RETURN(int64_t tokens, ids.RevokeTokensOf(row.id, now));
    note = {"disable", "user", std::to_string(row.id), std::nullopt,
            Details()
                .Text("username", row.username)
                .Number("sessions_revoked", sessions)
                .Number("tokens_revoked", tokens)
                .Done()};
    return {};
  });
}

core::Status Accounts::EnableUser(const Actor& by, std::string_view username) {
  IdentityStore ids(db_);
  Gate gate(db_, clock_);
  return gate.Run(by, Action::kAdminister, [&](AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(auto row, MustFindUser(ids, username));
    if (!row.disabled_at) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("user '{}' is not disabled", row.username));
    }
    SG_RETURN_IF_ERROR(ids.SetDisabled(row.id, std::nullopt));
    SG_RETURN_IF_ERROR(ids.SetFailures(row.id, 0, std::nullopt));
    note = {"enable", "user", std::to_string(row.id), std::nullopt,
            Details().Text("username", row.username).Done()};
    return {};
  });
}

core::Status Accounts::ResetPassword(const Actor& by, std::string_view username,
                                     std::string_view new_password, bool temporary) {
  SG_RETURN_IF_ERROR(Policy().Decide(by, Action::kAdminister));
  IdentityStore ids(db_);
  SG_ASSIGN_OR_RETURN(auto before, MustFindUser(ids, username));
  SG_RETURN_IF_ERROR(CheckPasswordPolicy(new_password, before.username, before.display_name));
  SG_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password, options_.cost));
  Gate gate(db_, clock_);
  return gate.Run(by, Action::kAdminister, [&](AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(auto row, MustFindUser(ids, username));
    const std::string now = clock_.NowUtc();
    SG_RETURN_IF_ERROR(ids.SetPassword(row.id, hash, temporary, now));
    SG_ASSIGN_OR_RETURN(int64_t sessions, ids.RevokeSessionsOf(row.id, now));
    SG_ASSIGN_OR_RETURN(int64_t tokens, ids.RevokeTokensOf(row.id, now));
    note = {"reset-password", "user", std::to_string(row.id), std::nullopt,
            Details()
                .Text("username", row.username)
                .Flag("temporary", temporary)
                .Number("sessions_revoked", sessions)
                .Number("tokens_revoked", tokens)
                .Done()};
    return {};
  });
}

core::Result<std::vector<User>> Accounts::ListUsers(const Actor& by) {
  std::vector<User> users;
  IdentityStore ids(db_);
  Gate gate(db_, clock_);
  SG_RETURN_IF_ERROR(gate.Run(by, Action::kAdminister, [&](AuditNote&) -> core::Status {
    SG_ASSIGN_OR_RETURN(auto rows, ids.ListUsers());
    for (const auto& row : rows) {
      SG_ASSIGN_OR_RETURN(User user, ToUser(row));
      users.push_back(std::move(user));
    }
    return {};
  }));
  return users;
}

core::Result<User> Accounts::FindUser(const Actor& by, std::string_view username) {
  std::optional<User> user;
  IdentityStore ids(db_);
  Gate gate(db_, clock_);
  SG_RETURN_IF_ERROR(gate.Run(by, Action::kAdminister, [&](AuditNote&) -> core::Status {
    SG_ASSIGN_OR_RETURN(auto row, MustFindUser(ids, username));
    SG_ASSIGN_OR_RETURN(user, ToUser(row));
    return {};
  }));
  return *std::move(user);
}

// ---- sign-in and sessions -------------------------------------------------------

core::Result<Session> Accounts::SignIn(std::string_view username, std::string_view password,
                                       std::string_view remote_address) {
  IdentityStore ids(db_);
  std::optional<store::UserRow> found;
  if (username.size() <= kMaxUsername) {
    SG_ASSIGN_OR_RETURN(found, ids.FindUserByName(username));
  }
  // The Argon2id work, outside the write transaction and the same for an
  // unknown username.
  const bool too_long = password.size() > kMaxSecretText;
  const std::string_view attempt = too_long ? std::string_view() : password;
  bool password_ok = false;
  std::optional<std::string> rehash;
  if (found) {
    password_ok = !too_long && VerifyPassword(found->password_hash, attempt);
    if (password_ok && PasswordNeedsRehash(found->password_hash, options_.cost)) {
      auto fresh = HashPassword(password, options_.cost);
      if (fresh) rehash = *std::move(fresh);
    }
  } else {
    (void)VerifyPassword(DummyHash(options_.cost), attempt);
  }

  Attempt outcome = Attempt::kUnknownUser;
  Session session;
  auto recorded = db_.InTransaction(TransactionMode::kWrite, [&]() -> core::Status {
    const std::string now = clock_.NowUtc();
    std::optional<store::UserRow> row;
    if (found) {
      SG_ASSIGN_OR_RETURN(row, ids.FindUserById(found->id));
    }
    if (!row) {
      outcome = Attempt::kUnknownUser;
      Details d;
      d.Text("reason", AttemptReason(outcome))
          .Text("username_sha256", core::Sha256Hex(Lower(username)).substr(0, 16))
          .Text("remote_address", remote_address.substr(0, 64));
      return AppendAudit(db_, Anonymous(), now, {"sign-in-failed", "user", "", std::nullopt,
                                                 d.Done()});
    }
    // A password changed since it was read: the attempt was checked against
    // the old one.
    const bool still_ok = password_ok && row->password_hash == found->password_hash;
    SG_ASSIGN_OR_RETURN(outcome, JudgeAttempt(ids, options_, clock_, *row, still_ok));
    SG_ASSIGN_OR_RETURN(User user, ToUser(*row));
    const Actor actor = ActorOf(user, "sign-in");
    if (outcome != Attempt::kAccepted) {
      Details d = FailureDetails(outcome, *row);
      d.Text("remote_address", remote_address.substr(0, 64));
      return AppendAudit(db_, actor, now, {"sign-in-failed", "user", std::to_string(row->id),
                                           std::nullopt, d.Done()});
    }
    SG_RETURN_IF_ERROR(ids.SetFailures(row->id, 0, std::nullopt));
    if (rehash) SG_RETURN_IF_ERROR(ids.UpdatePasswordHash(row->id, *rehash));
    session.token = RandomToken();
    session.csrf_token = RandomToken();
    session.expires_at =
        core::UtcFromUnixSeconds(clock_.NowUnixSeconds() + options_.absolute_timeout.count());
    SG_RETURN_IF_ERROR(ids.InsertSession({core::Sha256Hex(session.token), row->id,
                                          session.csrf_token, now, now, session.expires_at,
                                          std::nullopt}));
    return AppendAudit(db_, actor, now,
                       {"sign-in", "user", std::to_string(row->id), std::nullopt,
                        Details()
                            .Text("remote_address", remote_address.substr(0, 64))
                            .Flag("must_change_password", row->must_change_password)
                            .Done()});
  });
  if (!recorded) return std::unexpected(recorded.error());
  if (outcome != Attempt::kAccepted) {
    return Fail(Code::kUnauthenticated, std::string(kSignInFailed));
  }
  return session;
}

core::Result<Authenticated> Accounts::Authenticate(std::string_view session_token) {
  auto refused = [] { return Fail(Code::kUnauthenticated, std::string(kSessionRefused)); };
  if (session_token.empty() || session_token.size() > kMaxSecretText) return refused();
  IdentityStore ids(db_);
  const std::string hash = core::Sha256Hex(session_token);
  SG_ASSIGN_OR_RETURN(auto session, ids.FindSession(hash));
  if (!session || session->revoked_at) return refused();
  const int64_t now = clock_.NowUnixSeconds();
  auto last_seen = core::UnixSecondsFromUtc(session->last_seen_at);
  auto expires = core::UnixSecondsFromUtc(session->expires_at);
  if (!last_seen || !expires) return refused();
  if (now - *last_seen >= options_.idle_timeout.count() || now >= *expires) return refused();
  SG_ASSIGN_OR_RETURN(auto row, ids.FindUserById(session->user_id));
  if (!row || row->disabled_at) return refused();
  SG_ASSIGN_OR_RETURN(User user, ToUser(*row));
  if (now - *last_seen > kTouchEverySeconds) {
    SG_RETURN_IF_ERROR(db_.InTransaction(TransactionMode::kWrite, [&]() -> core::Status {
      return ids.TouchSession(hash, core::UtcFromUnixSeconds(now));
    }));
  }
  Authenticated auth;
  auth.actor = ActorOf(user, "casework");
  auth.user = std::move(user);
  auth.csrf_token = session->csrf_token;
  return auth;
}

core::Status Accounts::SignOut(std::string_view session_token) {
  auto refused = [] { return Fail(Code::kUnauthenticated, std::string(kSessionRefused)); };
  if (session_token.empty() || session_token.size() > kMaxSecretText) return refused();
  IdentityStore ids(db_);
  const std::string hash = core::Sha256Hex(session_token);
  bool signed_out = false;
  SG_RETURN_IF_ERROR(db_.InTransaction(TransactionMode::kWrite, [&]() -> core::Status {
    SG_ASSIGN_OR_RETURN(auto session, ids.FindSession(hash));
    if (!session || session->revoked_at) return {};
    SG_ASSIGN_OR_RETURN(auto row, ids.FindUserById(session->user_id));
    if (!row) return {};
    SG_ASSIGN_OR_RETURN(User user, ToUser(*row));
    const std::string now = clock_.NowUtc();
    SG_RETURN_IF_ERROR(ids.RevokeSession(hash, now));
    signed_out = true;
    return AppendAudit(db_, ActorOf(user, "sign-out"), now,
                       {"sign-out", "user", std::to_string(row->id), std::nullopt, "{}"});
  }));
  if (!signed_out) return refused();
  return {};
}

core::Status Accounts::ChangePassword(std::string_view session_token, std::string_view current,
                                      std::string_view replacement) {
  SG_ASSIGN_OR_RETURN(Authenticated auth, Authenticate(session_token));
  const User& user = auth.user;
  SG_RETURN_IF_ERROR(CheckPasswordPolicy(replacement, user.username, user.display_name));
  if (replacement == current) {
    return Fail(Code::kInvalidArgument, "the new password must differ from the current one");
  }
  IdentityStore ids(db_);
  SG_ASSIGN_OR_RETURN(auto before, ids.FindUserById(user.id));
  if (!before) return Fail(Code::kUnauthenticated, std::string(kSessionRefused));
  const bool current_ok =
      current.size() <= kMaxSecretText && VerifyPassword(before->password_hash, current);
  std::string hash;
  if (current_ok) {
    SG_ASSIGN_OR_RETURN(hash, HashPassword(replacement, options_.cost));
  }

  Attempt outcome = Attempt::kWrongPassword;
  const std::string session_hash = core::Sha256Hex(session_token);
  SG_RETURN_IF_ERROR(db_.InTransaction(TransactionMode::kWrite, [&]() -> core::Status {
    const std::string now = clock_.NowUtc();
    SG_ASSIGN_OR_RETURN(auto row, ids.FindUserById(user.id));
    if (!row) return Fail(Code::kUnauthenticated, std::string(kSessionRefused));
    const bool still_ok = current_ok && row->password_hash == before->password_hash;
    SG_ASSIGN_OR_RETURN(outcome, JudgeAttempt(ids, options_, clock_, *row, still_ok));
    const Actor actor = ActorOf(user, "change password");
    const std::string id = std::to_string(row->id);
    if (outcome != Attempt::kAccepted) {
      return AppendAudit(db_, actor, now, {"change-password-failed", "user", id, std::nullopt,
                                           FailureDetails(outcome, *row).Done()});
    }
    SG_RETURN_IF_ERROR(ids.SetPassword(row->id, hash, false, now));
    SG_ASSIGN_OR_RETURN(int64_t others, ids.RevokeSessionsOf(row->id, now, session_hash));
    return AppendAudit(db_, actor, now,
                       {"change-password", "user", id, std::nullopt,
                        Details().Number("other_sessions_revoked", others).Done()});
  }));
  if (outcome != Attempt::kAccepted) {
    return Fail(Code::kUnauthenticated,
                "the current password is not right, or the account is locked");
  }
  return {};
}

// ---- API tokens -----------------------------------------------------------------

core::Result<std::pair<ApiToken, std::string>> Accounts::IssueToken(
    const Actor& by, std::string_view username, std::string_view name,
    const std::vector<std::string>& scopes, std::optional<std::string> expires_at) {
  if (name.empty() || name.size() > 100 || HasControl(name)) {
    return Fail(Code::kInvalidArgument,
                "an API token needs a name of at most 100 bytes with no control characters");
  }
  SG_ASSIGN_OR_RETURN(auto checked_scopes, CheckScopes(scopes));
  SG_ASSIGN_OR_RETURN(auto expiry, NormaliseExpiry(expires_at, clock_.NowUnixSeconds()));
  const std::string text = std::string(kApiTokenPrefix) + RandomToken();
  std::optional<store::TokenRow> issued;
  IdentityStore ids(db_);
  Gate gate(db_, clock_);
  SG_RETURN_IF_ERROR(gate.Run(by, Action::kAdminister, [&](AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(auto user, MustFindUser(ids, username));
    if (user.disabled_at) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("user '{}' is disabled", user.username));
    }
    store::TokenRow row;
    row.token_hash = core::Sha256Hex(text);
    row.user_id = user.id;
    row.name = std::string(name);
    row.scopes = fmt::format("{}", fmt::join(checked_scopes, " "));
    row.created_at = clock_.NowUtc();
    row.expires_at = expiry;
    SG_ASSIGN_OR_RETURN(int64_t id, ids.InsertToken(row));
    SG_ASSIGN_OR_RETURN(issued, ids.FindToken(id));
    Details d;
    d.Text("username", user.username).List("scopes", checked_scopes);
    if (expiry) d.Text("expires_at", *expiry);
    note = {"issue-token", "api-token", std::to_string(id), std::nullopt, d.Done()};
    return {};
  }));
  if (!issued) return Fail(Code::kInternal, "the new API token could not be read back");
  return std::make_pair(ToApiToken(*issued), text);
}

core::Status Accounts::RevokeToken(const Actor& by, int64_t token_id) {
  IdentityStore ids(db_);
  Gate gate(db_, clock_);
  return gate.Run(by, Action::kAdminister, [&](AuditNote& note) -> core::Status {
    SG_ASSIGN_OR_RETURN(auto token, ids.FindToken(token_id));
    if (!token) return Fail(Code::kNotFound, fmt::format("no API token has id {}", token_id));
    if (token->revoked_at) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("API token {} was revoked at {}", token_id, *token->revoked_at));
    }
    SG_RETURN_IF_ERROR(ids.RevokeToken(token_id, clock_.NowUtc()));
    note = {"revoke-token", "api-token", std::to_string(token_id), std::nullopt,
            Details().Text("username", token->username).Done()};
    return {};
  });
}

core::Result<std::vector<ApiToken>> Accounts::ListTokens(const Actor& by) {
  std::vector<ApiToken> tokens;
  IdentityStore ids(db_);
  Gate gate(db_, clock_);
  SG_RETURN_IF_ERROR(gate.Run(by, Action::kAdminister, [&](AuditNote&) -> core::Status {
    SG_ASSIGN_OR_RETURN(auto rows, ids.ListTokens());
    for (const auto& row : rows) tokens.push_back(ToApiToken(row));
    return {};
  }));
  return tokens;
}

core::Result<Authenticated> Accounts::AuthenticateToken(std::string_view bearer_token) {
  auto refused = [] { return Fail(Code::kUnauthenticated, std::string(kTokenRefused)); };
  if (!bearer_token.starts_with(kApiTokenPrefix) || bearer_token.size() > kMaxSecretText) {
    return refused();
  }
  IdentityStore ids(db_);
  SG_ASSIGN_OR_RETURN(auto token, ids.FindTokenByHash(core::Sha256Hex(bearer_token)));
  if (!token || token->revoked_at) return refused();
  const int64_t now = clock_.NowUnixSeconds();
  if (token->expires_at) {
    auto expires = core::UnixSecondsFromUtc(*token->expires_at);
    if (!expires || now >= *expires) return refused();
  }
  SG_ASSIGN_OR_RETURN(auto row, ids.FindUserById(token->user_id));
  if (!row || row->disabled_at) return refused();
  SG_ASSIGN_OR_RETURN(User user, ToUser(*row));
  if (!token->last_used_at || IsStale(*token->last_used_at, now)) {
    SG_RETURN_IF_ERROR(db_.InTransaction(TransactionMode::kWrite, [&]() -> core::Status {
      return ids.TouchToken(token->id, core::UtcFromUnixSeconds(now));
    }));
  }
  Authenticated auth;
  auth.actor = ActorOf(user, fmt::format("integration (API token {})", token->id));
  auth.user = std::move(user);
  auth.scopes = SplitScopes(token->scopes);
  auth.via_token = true;
  return auth;
}

}  // namespace sg::access
