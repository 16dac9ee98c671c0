// safeguard user add|disable|enable|reset|list and safeguard token
// issue|revoke|list: accounts on the command line, acting as the system
// actor "cli" (every change audited like any other).
//
// A password never comes on the command line (it would sit in the shell's
// history and in the process list): either --password-stdin, or the
// command generates a strong temporary one, prints it once on stdout and
// makes the user change it at first sign-in. Tokens are printed once too.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/accounts.h"
#include "cli/common.h"
#include "cli/registered.h"
#include "store/identity_store.h"

namespace sg::cli {
namespace {

using core::Code;

struct UserAddArgs {
  std::string db;
  std::string username;
  std::string name;
  std::string team;
  std::string agency;
  std::string role;
  int64_t worker_id = 0;
  std::string email;
  bool password_stdin = false;
  bool temporary = false;
};

struct UserNameArgs {  // disable, enable, reset
  std::string db;
  std::string username;
  bool password_stdin = false;
  bool temporary = false;
};

struct ListArgs {
  std::string db;
  std::string format = "table";
};

struct TokenIssueArgs {
  std::string db;
  std::string username;
  std::string name;
  std::vector<std::string> scopes;
  std::string expires;
};

struct TokenRevokeArgs {
  std::string db;
  int64_t id = 0;
};

int ReportFailure(Code code, std::string message) {
  return Report(core::Error(code, std::move(message)));
}

access::Actor Cli(std::string_view purpose) { return access::Actor::System("cli", purpose); }

// One line from standard input, without its line end. On a terminal the
// typing is not echoed.
core::Result<std::string> ReadPassword() {
  const bool terminal = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
    std::fprintf(stderr, "Password: ");
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!got || line.empty()) {
    return core::Fail(Code::kInvalidArgument, "no password came on standard input");
  }
  return line;
}

// A generated password that meets the policy for this user.
core::Result<std::string> TemporaryPassword(std::string_view username,
                                            std::string_view display_name) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::string password = access::GenerateTemporaryPassword();
    if (access::CheckPasswordPolicy(password, username, display_name)) return password;
  }
  return core::Fail(Code::kInternal, "no temporary password meeting the policy was generated");
}

// The password to set: from stdin, or generated (and then temporary).
struct Chosen {
  std::string password;
  bool generated = false;
};

core::Result<Chosen> ChoosePassword(bool from_stdin, std::string_view username,
                                    std::string_view display_name) {
  if (from_stdin) {
    SG_ASSIGN_OR_RETURN(std::string password, ReadPassword());
    return Chosen{std::move(password), false};
  }
  SG_ASSIGN_OR_RETURN(std::string password, TemporaryPassword(username, display_name));
  return Chosen{std::move(password), true};
}

void PrintGenerated(std::string_view username, const Chosen& chosen) {
  std::printf("username: %.*s\ntemporary password: %s\n", static_cast<int>(username.size()),
              username.data(), chosen.password.c_str());
  std::fprintf(stderr,
               "safeguard: the temporary password is shown once; it must be changed at first "
               "sign-in\n");
}

std::string TeamList(const std::vector<store::TeamRef>& teams) {
  std::string out;
  for (const auto& t : teams) {
    if (!out.empty()) out += ", ";
    out += fmt::format("'{}' ({})", t.name, t.agency);
  }
  return out.empty() ? "none" : out;
}

core::Result<store::TeamRef> ResolveTeam(store::Database& db, const std::string& team,
                                         const std::string& agency) {
  store::IdentityStore ids(db);
  SG_ASSIGN_OR_RETURN(auto named, ids.FindTeamsNamed(team));
  if (!agency.empty()) {
    std::erase_if(named, [&](const store::TeamRef& t) { return t.agency != agency; });
  }
  if (named.size() == 1) return named.front();
  if (named.size() > 1) {
    std::string agencies;
    for (const auto& t : named) agencies += (agencies.empty() ? "" : ", ") + t.agency;
    return core::Fail(Code::kInvalidArgument,
                      fmt::format("more than one agency has a team named '{}' ({}); choose one "
                                  "with --agency",
                                  team, agencies));
  }
  SG_ASSIGN_OR_RETURN(auto all, ids.ListTeams());
  return core::Fail(Code::kNotFound,
                    fmt::format("no team named '{}'{}; teams: {}", team,
                                agency.empty() ? "" : fmt::format(" in agency {}", agency),
                                TeamList(all)));
}

std::string RoleCodes() {
  std::string out;
  for (access::Role role :
       {access::Role::kFrontDoorPractitioner, access::Role::kSocialWorker,
        access::Role::kTeamManager, access::Role::kPartnerPractitioner,
        access::Role::kDesignatedSafeguardingLead, access::Role::kPartnershipAnalyst,
        access::Role::kAuditor, access::Role::kAdministrator}) {
    out += (out.empty() ? "" : ", ") + std::string(access::RoleCode(role));
  }
  return out;
}

// ---- user -------------------------------------------------------------------

int RunUserAdd(const Context& context, const UserAddArgs& args, bool worker_given) {
  auto role = access::ParseRole(args.role);
  if (!role || *role == access::Role::kSystem) {
    return ReportFailure(
        Code::kInvalidArgument,
        fmt::format("--role '{}' is not a role; roles: {}", args.role, RoleCodes()));
  }
  auto clock = MakeClock(context);
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  auto team = ResolveTeam(**db, args.team, args.agency);
  if (!team) return Report(team.error());
  auto chosen = ChoosePassword(args.password_stdin, args.username, args.name);
  if (!chosen) return Report(chosen.error());
  access::NewUser user;
  user.username = args.username;
  user.display_name = args.name;
  user.email = args.email;
  user.team_id = team->id;
  if (worker_given) user.worker_id = args.worker_id;
  user.role = *role;
  user.password = chosen->password;
  user.must_change_password = chosen->generated || args.temporary;
  access::Accounts accounts(**db, *clock);
  auto added = accounts.AddUser(Cli("add a user"), user);
  if (!added) return Report(added.error());
  if (chosen->generated) PrintGenerated(added->username, *chosen);
  std::fprintf(stderr, "safeguard: added user '%s' (%s) to '%s' (%s)\n", added->username.c_str(),
               std::string(access::RoleCode(added->role)).c_str(), added->team_name.c_str(),
               added->agency.c_str());
  return 0;
}

int RunUserDisable(const Context& context, const UserNameArgs& args, bool disable) {
  auto clock = MakeClock(context);
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  access::Accounts accounts(**db, *clock);
  auto done = disable ? accounts.DisableUser(Cli("disable a user"), args.username)
                      : accounts.EnableUser(Cli("enable a user"), args.username);
  if (!done) return Report(done.error());
  std::fprintf(stderr, "safeguard: user '%s' %s\n", args.username.c_str(),
               disable ? "disabled; their sessions and API tokens are revoked" : "enabled");
  return 0;
}

int RunUserReset(const Context& context, const UserNameArgs& args) {
  auto clock = MakeClock(context);
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  access::Accounts accounts(**db, *clock);
  const auto cli = Cli("reset a password");
  auto user = accounts.FindUser(cli, args.username);
  if (!user) return Report(user.error());
  auto chosen = ChoosePassword(args.password_stdin, user->username, user->display_name);
  if (!chosen) return Report(chosen.error());
  auto done = accounts.ResetPassword(cli, user->username, chosen->password,
                                     chosen->generated || args.temporary);
  if (!done) return Report(done.error());
  if (chosen->generated) PrintGenerated(user->username, *chosen);
  std::fprintf(stderr,
               "safeguard: password of '%s' reset; their sessions and API tokens are revoked\n",
               user->username.c_str());
  return 0;
}

std::string UserStatus(const access::User& u, int64_t now) {
  if (u.disabled_at) return "disabled";
  if (u.locked_until) {
    auto until = core::UnixSecondsFromUtc(*u.locked_until);
    if (!until || now < *until) return "locked until " + *u.locked_until;
  }
  return u.must_change_password ? "active (must change password)" : "active";
}

int RunUserList(const Context& context, const ListArgs& args) {
  if (args.format != "table" && args.format != "json") {
    return ReportFailure(Code::kInvalidArgument,
                         fmt::format("--format '{}' is not table or json", args.format));
  }
  auto clock = MakeClock(context);
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  access::Accounts accounts(**db, *clock);
  auto users = accounts.ListUsers(Cli("list users"));
  if (!users) return Report(users.error());
  const int64_t now = clock->NowUnixSeconds();
  if (args.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : *users) {
      out.push_back({{"id", u.id},
                     {"username", u.username},
                     {"name", u.display_name},
                     {"email", u.email},
                     {"role", access::RoleCode(u.role)},
                     {"agency", u.agency},
                     {"team", u.team_name},
                     {"team_id", u.team_id},
                     {"worker_id", u.worker_id ? nlohmann::json(*u.worker_id) : nullptr},
                     {"status", UserStatus(u, now)},
                     {"must_change_password", u.must_change_password},
                     {"disabled_at", u.disabled_at ? nlohmann::json(*u.disabled_at) : nullptr},
                     {"created_at", u.created_at}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%-20s %-22s %-29s %-8s %-30s %6s  %s\n", "Username", "Name", "Role", "Agency",
              "Team", "Worker", "Status");
  for (const auto& u : *users) {
    std::printf("%-20s %-22s %-29s %-8s %-30s %6s  %s\n", u.username.c_str(),
                u.display_name.substr(0, 22).c_str(), std::string(access::RoleCode(u.role)).c_str(),
                u.agency.c_str(), u.team_name.substr(0, 30).c_str(),
                u.worker_id ? std::to_string(*u.worker_id).c_str() : "-",
                UserStatus(u, now).c_str());
  }
  std::printf("%zu user%s\n", users->size(), users->size() == 1 ? "" : "s");
  return 0;
}

// ---- token ------------------------------------------------------------------

int RunTokenIssue(const Context& context, const TokenIssueArgs& args) {
  std::optional<std::string> expires;
  if (!args.expires.empty()) {
    auto day = core::Date::ParseIso(args.expires, "--expires");
    if (!day) return Report(day.error());
    expires = day->Iso();
  }
  auto clock = MakeClock(context);
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  access::Accounts accounts(**db, *clock);
  auto issued = accounts.IssueToken(Cli("issue an API token"), args.username, args.name,
                                    args.scopes, expires);
  if (!issued) return Report(issued.error());
  const auto& [token, text] = *issued;
  std::printf("%s\n", text.c_str());
  const std::string expiry =
      token.expires_at ? fmt::format("; expires {}", *token.expires_at) : std::string();
  std::fprintf(stderr, "%s\n",
               fmt::format("safeguard: API token {} '{}' issued for '{}' (scopes: {}{}); it is "
                           "shown once, so store it now",
                           token.id, token.name, token.username, fmt::join(token.scopes, ", "),
                           expiry)
                   .c_str());
  return 0;
}

int RunTokenRevoke(const Context& context, const TokenRevokeArgs& args) {
  auto clock = MakeClock(context);
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  access::Accounts accounts(**db, *clock);
  auto done = accounts.RevokeToken(Cli("revoke an API token"), args.id);
  if (!done) return Report(done.error());
  std::fprintf(stderr, "safeguard: API token %lld revoked\n", static_cast<long long>(args.id));
  return 0;
}

std::string TokenStatus(const access::ApiToken& t, int64_t now) {
  if (t.revoked_at) return "revoked " + *t.revoked_at;
  if (t.expires_at) {
    auto until = core::UnixSecondsFromUtc(*t.expires_at);
    if (!until || now >= *until) return "expired " + *t.expires_at;
    return "active until " + *t.expires_at;
  }
  return "active";
}

int RunTokenList(const Context& context, const ListArgs& args) {
  if (args.format != "table" && args.format != "json") {
    return ReportFailure(Code::kInvalidArgument,
                         fmt::format("--format '{}' is not table or json", args.format));
  }
  auto clock = MakeClock(context);
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  access::Accounts accounts(**db, *clock);
  auto tokens = accounts.ListTokens(Cli("list API tokens"));
  if (!tokens) return Report(tokens.error());
  const int64_t now = clock->NowUnixSeconds();
  auto optional = [](const std::optional<std::string>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  if (args.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : *tokens) {
      out.push_back({{"id", t.id},
                     {"name", t.name},
                     {"username", t.username},
                     {"scopes", t.scopes},
                     {"status", TokenStatus(t, now)},
                     {"created_at", t.created_at},
                     {"expires_at", optional(t.expires_at)},
                     {"revoked_at", optional(t.revoked_at)},
                     {"last_used_at", optional(t.last_used_at)}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%5s %-24s %-20s %-28s %-20s %s\n", "Id", "Name", "User", "Scopes", "Last used",
              "Status");
  for (const auto& t : *tokens) {
    std::printf("%5lld %-24s %-20s %-28s %-20s %s\n", static_cast<long long>(t.id),
                t.name.substr(0, 24).c_str(), t.username.c_str(),
                fmt::format("{}", fmt::join(t.scopes, ",")).c_str(),
                t.last_used_at.value_or("never").c_str(), TokenStatus(t, now).c_str());
  }
  std::printf("%zu token%s\n", tokens->size(), tokens->size() == 1 ? "" : "s");
  return 0;
}

}  // namespace

std::vector<Registered> AddAccountCommands(CLI::App& app) {
  std::vector<Registered> out;
  auto* user = app.add_subcommand("user", "People who sign in: add, disable, enable, reset, list");
  user->require_subcommand(1);

  auto add = std::make_shared<UserAddArgs>();
  auto* add_cmd = user->add_subcommand(
      "add", "Add a user (without --password-stdin a temporary password is printed once)");
  add_cmd->add_option("--db", add->db, "SQLite database file")->required();
  add_cmd->add_option("--username", add->username, "3-64 of a-z, 0-9, '.', '_', '-'")
      ->required();
  add_cmd->add_option("--name", add->name, "The person's name as shown to others")->required();
  add_cmd->add_option("--team", add->team, "Their team, by name")->required();
  add_cmd->add_option("--agency", add->agency,
                      "The team's agency code (LA-CSC, POLICE, ...), when names repeat");
  add_cmd->add_option("--role", add->role, "Role code: " + RoleCodes())->required();
  auto* worker = add_cmd->add_option("--worker-id", add->worker_id,
                                     "The worker in their team whom involvements name");
  add_cmd->add_option("--email", add->email, "Email address");
  add_cmd->add_flag("--password-stdin", add->password_stdin,
                    "Read the password from standard input (one line)");
  add_cmd->add_flag("--temporary", add->temporary,
                    "The user must change the password at first sign-in");
  out.push_back({add_cmd, [add, worker](const Context& c) {
                   return RunUserAdd(c, *add, worker->count() > 0);
                 }});

  auto disable = std::make_shared<UserNameArgs>();
  auto* disable_cmd =
      user->add_subcommand("disable", "Disable a user and revoke their sessions and tokens");
  disable_cmd->add_option("--db", disable->db, "SQLite database file")->required();
  disable_cmd->add_option("username", disable->username, "The user")->required();
  out.push_back(
      {disable_cmd, [disable](const Context& c) { return RunUserDisable(c, *disable, true); }});

  auto enable = std::make_shared<UserNameArgs>();
  auto* enable_cmd = user->add_subcommand("enable", "Enable a disabled user");
  enable_cmd->add_option("--db", enable->db, "SQLite database file")->required();
  enable_cmd->add_option("username", enable->username, "The user")->required();
  out.push_back(
      {enable_cmd, [enable](const Context& c) { return RunUserDisable(c, *enable, false); }});

  auto reset = std::make_shared<UserNameArgs>();
  auto* reset_cmd = user->add_subcommand(
      "reset", "Set a new password (without --password-stdin a temporary one is printed once)");
  reset_cmd->add_option("--db", reset->db, "SQLite database file")->required();
  reset_cmd->add_option("username", reset->username, "The user")->required();
  reset_cmd->add_flag("--password-stdin", reset->password_stdin,
                      "Read the password from standard input (one line)");
  reset_cmd->add_flag("--temporary", reset->temporary,
                      "The user must change the password at next sign-in");
  out.push_back({reset_cmd, [reset](const Context& c) { return RunUserReset(c, *reset); }});

  auto list = std::make_shared<ListArgs>();
  auto* list_cmd = user->add_subcommand("list", "List the users");
  list_cmd->add_option("--db", list->db, "SQLite database file")->required();
  list_cmd->add_option("--format", list->format, "table or json");
  out.push_back({list_cmd, [list](const Context& c) { return RunUserList(c, *list); }});

  auto* token =
      app.add_subcommand("token", "API tokens for system integrations: issue, revoke, list");
  token->require_subcommand(1);

  auto issue = std::make_shared<TokenIssueArgs>();
  auto* issue_cmd = token->add_subcommand("issue", "Issue an API token (printed once)");
  issue_cmd->add_option("--db", issue->db, "SQLite database file")->required();
  issue_cmd->add_option("--user", issue->username, "The user the token acts as")->required();
  issue_cmd->add_option("--name", issue->name, "What the token is for")->required();
  issue_cmd->add_option("--scope", issue->scopes, "read, write, returns, indicators, admin")
      ->required()
      ->delimiter(',');
  issue_cmd->add_option("--expires", issue->expires,
                        "YYYY-MM-DD: the token stops working at the start of this day (UTC)");
  out.push_back({issue_cmd, [issue](const Context& c) { return RunTokenIssue(c, *issue); }});

  auto revoke = std::make_shared<TokenRevokeArgs>();
  auto* revoke_cmd = token->add_subcommand("revoke", "Revoke an API token at once");
  revoke_cmd->add_option("--db", revoke->db, "SQLite database file")->required();
  revoke_cmd->add_option("id", revoke->id, "The token's id (token list shows it)")->required();
  out.push_back({revoke_cmd, [revoke](const Context& c) { return RunTokenRevoke(c, *revoke); }});

  auto tokens = std::make_shared<ListArgs>();
  auto* tokens_cmd = token->add_subcommand("list", "List API tokens (never their text)");
  tokens_cmd->add_option("--db", tokens->db, "SQLite database file")->required();
  tokens_cmd->add_option("--format", tokens->format, "table or json");
  out.push_back({tokens_cmd, [tokens](const Context& c) { return RunTokenList(c, *tokens); }});
  return out;
}

}  // namespace sg::cli
