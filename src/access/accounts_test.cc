#include "access/accounts.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "access/audit.h"
#include "core/hash.h"
#include "store/audit_store.h"
#include "store/identity_store.h"
#include "store/journey_store.h"

namespace sg::access {
namespace {

namespace fs = std::filesystem;
using core::Code;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kPassword = "correct-llama-staple-9";
constexpr std::string_view kOther = "quiet-harbour-lantern-4";

// ---- the password policy -------------------------------------------------------

std::string PolicyError(std::string_view password, std::string_view username = "sam",
                        std::string_view name = "Sam Example") {
  auto s = CheckPasswordPolicy(password, username, name);
  if (s) return "";
  EXPECT_EQ(s.error().code(), Code::kInvalidArgument);
  // A refusal never quotes the password.
  if (!password.empty()) {
    EXPECT_EQ(s.error().message().find(password), std::string::npos);
  }
  return s.error().message();
}

TEST(PasswordPolicyTest, ElevenCharactersIsTooShortTwelveIsEnough) {
  EXPECT_NE(PolicyError("kq7vm2xr9pw"), "");  // 11
  EXPECT_NE(PolicyError("kq7vm2xr9pw").find("shorter than 12"), std::string::npos);
  EXPECT_EQ(PolicyError("kq7vm2xr9pwz"), "");  // 12
  EXPECT_NE(PolicyError(""), "");
}

TEST(PasswordPolicyTest, LengthCountsCharactersNotBytes) {
  // Eleven two-byte characters (22 bytes) are still eleven characters.
  EXPECT_NE(PolicyError("çàéèùâêîôûë"), "");
  EXPECT_EQ(PolicyError("çàéèùâêîôûëï"), "");
}

TEST(PasswordPolicyTest, AtMost256Bytes) {
  std::string longest;
  while (longest.size() < 256) longest += "abcdefgh";
  EXPECT_EQ(longest.size(), 256u);
  EXPECT_EQ(PolicyError(longest), "");
  EXPECT_NE(PolicyError(longest + "x").find("longer than 256 bytes"), std::string::npos);
}

TEST(PasswordPolicyTest, NotTheUsernameNorContainingIt) {
  EXPECT_NE(PolicyError("sam.example1", "sam.example").find("username"), std::string::npos);
  EXPECT_NE(PolicyError("xxSAM.EXAMPLExx", "sam.example").find("username"), std::string::npos);
  EXPECT_EQ(PolicyError("sam-examplezz", "sam.example"), "");
}

TEST(PasswordPolicyTest, NotTheDisplayNameNorContainingIt) {
  EXPECT_NE(PolicyError("Priya Shah 2024", "ps1", "Priya Shah").find("name"), std::string::npos);
  EXPECT_NE(PolicyError("my-priyashah-pw", "ps1", "Priya Shah").find("name"), std::string::npos);
  EXPECT_EQ(PolicyError("my-priya-shah-pw", "ps1", "Priya Shah"), "");
}

TEST(PasswordPolicyTest, ANameOfTwoCharactersOnlyMustNotBeAllOfIt) {
  // "Al" appears in many good passwords; "Ali" is long enough to look for.
  EXPECT_EQ(PolicyError("alpine-meadow-river", "ali", "Al"), "");
  EXPECT_NE(PolicyError("alpine-meadow-river", "zed", "Alp").find("name"), std::string::npos);
}

TEST(PasswordPolicyTest, CommonPasswordsRefusedWhateverTheirCase) {
  for (const char* common : {"password1234", "qwertyuiop12", "PassWord1234", "QWERTYUIOP123",
                             "1q2w3e4r5t6y", "iloveyou1234", "Welcome12345"}) {
    EXPECT_NE(PolicyError(common).find("commonly used"), std::string::npos) << common;
  }
  EXPECT_EQ(PolicyError("password1234x"), "");  // not on the list
}

TEST(PasswordPolicyTest, FourDifferentCharactersIsTooFewFiveIsEnough) {
  EXPECT_NE(PolicyError("aaaabbbbcccd").find("fewer than 5 different"), std::string::npos);
  EXPECT_EQ(PolicyError("aaaabbbbccde"), "");
}

TEST(PasswordHashTest, HashAndVerify) {
  auto hash = HashPassword(kPassword, HashCost::kMinimum);
  ASSERT_TRUE(hash) << hash.error().message();
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_EQ(hash->find(kPassword), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, kPassword));
  EXPECT_FALSE(VerifyPassword(*hash, kOther));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword("", kPassword));
  EXPECT_FALSE(VerifyPassword("not a hash", kPassword));
  // A fresh salt each time.
  auto again = HashPassword(kPassword, HashCost::kMinimum);
  ASSERT_TRUE(again);
  EXPECT_NE(*hash, *again);
  EXPECT_TRUE(VerifyPassword(*again, kPassword));
}

TEST(PasswordHashTest, RehashWhenTheCostChanges) {
  auto hash = HashPassword(kPassword, HashCost::kMinimum);
  ASSERT_TRUE(hash);
  EXPECT_FALSE(PasswordNeedsRehash(*hash, HashCost::kMinimum));
  EXPECT_TRUE(PasswordNeedsRehash(*hash, HashCost::kInteractive));
  EXPECT_TRUE(PasswordNeedsRehash("garbage", HashCost::kMinimum));
}

TEST(PasswordHashTest, GeneratedPasswordsAreStrongAndDiffer) {
  const std::string a = GenerateTemporaryPassword();
  const std::string b = GenerateTemporaryPassword();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 23u);
  EXPECT_EQ(a[5], '-');
  EXPECT_EQ(a[11], '-');
  EXPECT_EQ(a[17], '-');
  EXPECT_TRUE(CheckPasswordPolicy(a, "zz-nobody", "Zed Nobody")) << a;
}

TEST(RoleCodeTest, EveryRoleRoundTrips) {
  for (Role role : {Role::kFrontDoorPractitioner, Role::kSocialWorker, Role::kTeamManager,
                    Role::kPartnerPractitioner, Role::kDesignatedSafeguardingLead,
                    Role::kPartnershipAnalyst, Role::kAuditor, Role::kAdministrator,
                    Role::kSystem}) {
    EXPECT_EQ(ParseRole(RoleCode(role)), role) << RoleCode(role);
  }
  EXPECT_EQ(RoleCode(Role::kDesignatedSafeguardingLead), "designated-safeguarding-lead");
  EXPECT_EQ(RoleCode(Role::kPartnerPractitioner), "partner-practitioner");
  EXPECT_FALSE(ParseRole("Social-Worker"));
  EXPECT_FALSE(ParseRole(""));
  EXPECT_FALSE(ParseRole("social worker"));
}

// ---- accounts -------------------------------------------------------------------

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_accounts_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db = store::OpenSqlite((dir_ / "safeguard.db").string(),
                                store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    store::JourneyStore journey(*db_);
    auto csc = journey.FindAgencyByCode("LA-CSC");
    auto police = journey.FindAgencyByCode("POLICE");
    ASSERT_TRUE(csc && *csc && police && *police);
    front_door_ = *journey.InsertTeam({0, (*csc)->id, "Front Door (ChECS)"});
    assessment_ = *journey.InsertTeam({0, (*csc)->id, "Assessment Team North"});
    police_team_ = *journey.InsertTeam({0, (*police)->id, "Public Protection Unit"});
    worker_ = *journey.InsertWorker({0, assessment_, "Ann Worker", "social worker"});
    accounts_ = std::make_unique<Accounts>(*db_, clock_, AccountsOptions{HashCost::kMinimum});
  }
  void TearDown() override {
    accounts_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  NewUser Sam() {
    NewUser u;
    u.username = "sam";
    u.display_name = "Sam Example";
    u.email = "sam@example.org";
    u.team_id = assessment_;
    u.worker_id = worker_;
    u.role = Role::kSocialWorker;
    u.password = std::string(kPassword);
    return u;
  }

  User AddSam() {
    auto user = accounts_->AddUser(system_, Sam());
    EXPECT_TRUE(user) << user.error().message();
    return user.value_or(User{});
  }

  Session SignIn(std::string_view username = "sam", std::string_view password = kPassword) {
    auto session = accounts_->SignIn(username, password, "192.0.2.10");
    EXPECT_TRUE(session) << session.error().message();
    if (session) secrets_.push_back(session->token);
    return session.value_or(Session{});
  }

  // Asserts that the attempt fails with the one sign-in message.
  void RefusedSignIn(std::string_view username, std::string_view password) {
    auto session = accounts_->SignIn(username, password, "192.0.2.10");
    ASSERT_FALSE(session);
    EXPECT_EQ(session.error().code(), Code::kUnauthenticated);
    EXPECT_EQ(session.error().message(), kSignInFailed);
  }

  store::UserRow Row(std::string_view username = "sam") {
    auto row = store::IdentityStore(*db_).FindUserByName(username);
    EXPECT_TRUE(row && *row);
    return row && *row ? **row : store::UserRow{};
  }

  std::vector<store::AuditRow> AuditRows() {
    std::vector<store::AuditRow> rows;
    auto s = store::AuditStore(*db_).ForEach([&](const store::AuditRow& row) -> core::Status {
      rows.push_back(row);
      return {};
    });
    EXPECT_TRUE(s);
    return rows;
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    for (const auto& row : AuditRows()) actions.push_back(row.action);
    return actions;
  }

  // 2026-03-02T09:00:00Z, a Monday morning.
  core::ManualClock clock_{1772442000};
  Actor system_ = Actor::System("test", "administer accounts");
  fs::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Accounts> accounts_;
  int64_t front_door_ = 0, assessment_ = 0, police_team_ = 0, worker_ = 0;
  std::vector<std::string> secrets_;  // every token handed out, for the audit scan
};

TEST_F(AccountsTest, ClockStartsWhereTheTestsSayItDoes) {
  EXPECT_EQ(clock_.NowUtc(), "2026-03-02T09:00:00Z");
}

TEST_F(AccountsTest, AddUserStoresEverythingButThePassword) {
  NewUser input = Sam();
  input.username = "Sam";  // stored in lower case
  input.must_change_password = true;
  auto user = accounts_->AddUser(system_, input);
  ASSERT_TRUE(user) << user.error().message();
  EXPECT_EQ(user->username, "sam");
  EXPECT_EQ(user->display_name, "Sam Example");
  EXPECT_EQ(user->email, "sam@example.org");
  EXPECT_EQ(user->team_id, assessment_);
  EXPECT_EQ(user->team_name, "Assessment Team North");
  EXPECT_EQ(user->agency, "LA-CSC");
  EXPECT_EQ(user->worker_id, worker_);
  EXPECT_EQ(user->role, Role::kSocialWorker);
  EXPECT_TRUE(user->must_change_password);
  EXPECT_FALSE(user->disabled_at);
  EXPECT_EQ(user->created_at, "2026-03-02T09:00:00Z");
  const auto row = Row();
  EXPECT_EQ(row.role, "social-worker");
  EXPECT_TRUE(row.password_hash.starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(row.password_hash, kPassword));

  auto found = accounts_->FindUser(system_, "SAM");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, user->id);
  auto all = accounts_->ListUsers(system_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(AuditActions(), std::vector<std::string>{"create"});
}

TEST_F(AccountsTest, AddUserRefusesADuplicateWhateverItsCase) {
  AddSam();
  NewUser again = Sam();
  again.username = "SAM";
  again.worker_id.reset();
  auto second = accounts_->AddUser(system_, again);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), Code::kAlreadyExists);
}

TEST_F(AccountsTest, AddUserRefusesBadUsernames) {
  for (const std::string& name :
       {std::string("ab"), std::string(65, 'a'), std::string("sam smith"), std::string("sam@x"),
        std::string("sam/../x"), std::string("")}) {
    NewUser u = Sam();
    u.username = name;
    auto added = accounts_->AddUser(system_, u);
    ASSERT_FALSE(added) << name;
    EXPECT_EQ(added.error().code(), Code::kInvalidArgument) << name;
  }
  NewUser boundary = Sam();
  boundary.username = "abc";
  EXPECT_TRUE(accounts_->AddUser(system_, boundary));
  boundary.username = std::string(64, 'z');
  boundary.worker_id.reset();
  EXPECT_TRUE(accounts_->AddUser(system_, boundary));
}

TEST_F(AccountsTest, AddUserRefusesAWeakPassword) {
  NewUser u = Sam();
  u.password = "password1234";
  auto added = accounts_->AddUser(system_, u);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code(), Code::kInvalidArgument);
  u.password = "sam-is-my-password";
  EXPECT_FALSE(accounts_->AddUser(system_, u));
  EXPECT_TRUE(AuditRows().empty());
}

TEST_F(AccountsTest, AddUserRefusesAWorkerOfAnotherTeamAndUnknownTeams) {
  NewUser u = Sam();
  u.team_id = front_door_;  // the worker is in the assessment team
  auto added = accounts_->AddUser(system_, u);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code(), Code::kInvalidArgument);
  EXPECT_NE(added.error().message().find("Front Door (ChECS)"), std::string::npos);
  u.worker_id = 9999;
  EXPECT_EQ(accounts_->AddUser(system_, u).error().code(), Code::kNotFound);
  u.worker_id.reset();
  u.team_id = 9999;
  EXPECT_EQ(accounts_->AddUser(system_, u).error().code(), Code::kNotFound);
  EXPECT_TRUE(AuditRows().empty());
}

TEST_F(AccountsTest, AddUserRefusesTheSystemRoleAndNonAdministrators) {
  NewUser u = Sam();
  u.role = Role::kSystem;
  EXPECT_EQ(accounts_->AddUser(system_, u).error().code(), Code::kInvalidArgument);
  const User sam = AddSam();
  Actor social_worker{"sam", "Sam Example", "LA-CSC", Role::kSocialWorker, "casework"};
  NewUser other = Sam();
  other.username = "kim";
  other.worker_id.reset();
  EXPECT_EQ(accounts_->AddUser(social_worker, other).error().code(), Code::kPermissionDenied);
  EXPECT_EQ(accounts_->DisableUser(social_worker, "sam").error().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(accounts_->ListUsers(social_worker).error().code(), Code::kPermissionDenied);
  Actor admin{"admin", "Ada Admin", "LA-CSC", Role::kAdministrator, "administration"};
  EXPECT_TRUE(accounts_->AddUser(admin, other));
  EXPECT_EQ(sam.username, "sam");
}

TEST_F(AccountsTest, SignInGivesASessionThatAuthenticates) {
  const User sam = AddSam();
  const Session session = SignIn();
  EXPECT_EQ(session.token.size(), 43u);
  EXPECT_EQ(session.csrf_token.size(), 43u);
  EXPECT_NE(session.token, session.csrf_token);
  EXPECT_EQ(session.expires_at, "2026-03-02T21:00:00Z");
  auto auth = accounts_->Authenticate(session.token);
  ASSERT_TRUE(auth) << auth.error().message();
  EXPECT_EQ(auth->actor.id, "sam");
  EXPECT_EQ(auth->actor.name, "Sam Example");
  EXPECT_EQ(auth->actor.agency, "LA-CSC");
  EXPECT_EQ(auth->actor.role, Role::kSocialWorker);
  EXPECT_EQ(auth->actor.purpose, "casework");
  EXPECT_EQ(auth->actor.user_id, sam.id);
  EXPECT_EQ(auth->actor.team_id, assessment_);
  EXPECT_EQ(auth->actor.worker_id, worker_);
  EXPECT_EQ(auth->user.username, "sam");
  EXPECT_EQ(auth->csrf_token, session.csrf_token);
  EXPECT_FALSE(auth->via_token);
  EXPECT_TRUE(auth->scopes.empty());
  // The database holds the token's SHA-256, not the token.
  auto stored = store::IdentityStore(*db_).FindSession(core::Sha256Hex(session.token));
  ASSERT_TRUE(stored && *stored);
  EXPECT_FALSE(*store::IdentityStore(*db_).FindSession(session.token));
  // Usernames sign in whatever their case.
  SignIn("SAM");
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"create", "sign-in", "sign-in"}));
}

TEST_F(AccountsTest, EveryFailureGivesTheSameMessage) {
  AddSam();
  RefusedSignIn("sam", kOther);          // wrong password
  RefusedSignIn("nobody.here", kOther);  // unknown user
  RefusedSignIn("sam", "");              // empty password
  RefusedSignIn("", "");                 // empty username
  RefusedSignIn(std::string(5000, 'x'), kPassword);
  RefusedSignIn("sam", std::string(5000, 'x'));
  ASSERT_TRUE(accounts_->DisableUser(system_, "sam"));
  RefusedSignIn("sam", kPassword);  // disabled, right password
  ASSERT_TRUE(accounts_->EnableUser(system_, "sam"));
  for (int i = 0; i < 5; ++i) RefusedSignIn("sam", kOther);
  RefusedSignIn("sam", kPassword);  // locked, right password

  std::vector<std::string> reasons;
  for (const auto& row : AuditRows()) {
    if (row.action != "sign-in-failed") continue;
    const size_t at = row.details.find("\"reason\":\"");
    ASSERT_NE(at, std::string::npos) << row.details;
    reasons.push_back(row.details.substr(at + 10, row.details.find('"', at + 10) - at - 10));
  }
  EXPECT_EQ(reasons, (std::vector<std::string>{
                         "wrong-password", "unknown-user", "wrong-password", "unknown-user",
                         "unknown-user", "wrong-password", "disabled", "wrong-password",
                         "wrong-password", "wrong-password", "wrong-password", "wrong-password",
                         "locked"}));
}

TEST_F(AccountsTest, UnknownUsernameIsAuditedAsAHashNotInClear) {
  RefusedSignIn("Mallory.Guess", kOther);
  const auto rows = AuditRows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "sign-in-failed");
  EXPECT_TRUE(rows[0].actor.starts_with("anonymous")) << rows[0].actor;
  for (const std::string& field : {rows[0].actor, rows[0].entity_id, rows[0].details}) {
    EXPECT_EQ(field.find("allory"), std::string::npos) << field;
  }
  EXPECT_NE(rows[0].details.find(core::Sha256Hex("mallory.guess").substr(0, 16)),
            std::string::npos);
  EXPECT_NE(rows[0].details.find("192.0.2.10"), std::string::npos);
}

TEST_F(AccountsTest, FourFailuresThenTheRightPasswordSignsInAndResetsTheCount) {
  AddSam();
  for (int i = 0; i < 4; ++i) RefusedSignIn("sam", kOther);
  EXPECT_EQ(Row().failed_attempts, 4);
  EXPECT_FALSE(Row().locked_until);
  SignIn();
  EXPECT_EQ(Row().failed_attempts, 0);
  // The count starts again: four more do not lock.
  for (int i = 0; i < 4; ++i) RefusedSignIn("sam", kOther);
  SignIn();
}

TEST_F(AccountsTest, FiveFailuresLockForAMinuteThenItPasses) {
  AddSam();
  for (int i = 0; i < 5; ++i) RefusedSignIn("sam", kOther);
  EXPECT_EQ(Row().failed_attempts, 5);
  EXPECT_EQ(Row().locked_until, "2026-03-02T09:01:00Z");
  RefusedSignIn("sam", kPassword);  // the right password during the lock
  clock_.Advance(seconds(59));
  RefusedSignIn("sam", kPassword);
  EXPECT_EQ(Row().failed_attempts, 5);  // attempts during the lock do not extend it
  clock_.Advance(seconds(1));
  SignIn();
  EXPECT_EQ(Row().failed_attempts, 0);
  EXPECT_FALSE(Row().locked_until);
}

TEST_F(AccountsTest, BackOffDoublesWithEachFurtherFailureUpToAnHour) {
  AddSam();
  for (int i = 0; i < 5; ++i) RefusedSignIn("sam", kOther);
  int64_t expected = 60;
  for (int failure = 5; failure <= 13; ++failure) {
    const int64_t now = clock_.NowUnixSeconds();
    EXPECT_EQ(Row().locked_until, core::UtcFromUnixSeconds(now + expected))
        << "after failure " << failure;
    clock_.Advance(seconds(expected));
    RefusedSignIn("sam", kOther);
    expected = std::min<int64_t>(expected * 2, 3600);
  }
  // 60, 120, ..., 1920, then capped at 3600.
  EXPECT_EQ(Row().locked_until, core::UtcFromUnixSeconds(clock_.NowUnixSeconds() + 3600));
  EXPECT_EQ(Row().failed_attempts, 14);
  clock_.Advance(hours(1));
  SignIn();
}

TEST_F(AccountsTest, EnableAndResetClearTheLock) {
  AddSam();
  for (int i = 0; i < 5; ++i) RefusedSignIn("sam", kOther);
  ASSERT_TRUE(accounts_->ResetPassword(system_, "sam", kOther, false));
  EXPECT_FALSE(Row().locked_until);
  EXPECT_EQ(Row().failed_attempts, 0);
  SignIn("sam", kOther);
}

TEST_F(AccountsTest, IdleTimeoutIsThirtyMinutes) {
  AddSam();
  const Session session = SignIn();
  clock_.Advance(minutes(30) - seconds(1));
  ASSERT_TRUE(accounts_->Authenticate(session.token));  // 29:59 idle; now seen again
  clock_.Advance(minutes(30) - seconds(1));
  ASSERT_TRUE(accounts_->Authenticate(session.token));
  clock_.Advance(minutes(30));
  auto idle = accounts_->Authenticate(session.token);
  ASSERT_FALSE(idle);
  EXPECT_EQ(idle.error().code(), Code::kUnauthenticated);
}

TEST_F(AccountsTest, LastSeenIsWrittenAtMostOnceAMinute) {
  AddSam();
  const Session session = SignIn();
  const std::string hash = core::Sha256Hex(session.token);
  auto last_seen = [&] {
    return (*store::IdentityStore(*db_).FindSession(hash))->last_seen_at;
  };
  clock_.Advance(seconds(60));
  ASSERT_TRUE(accounts_->Authenticate(session.token));
  EXPECT_EQ(last_seen(), "2026-03-02T09:00:00Z");  // exactly a minute: not yet
  clock_.Advance(seconds(1));
  ASSERT_TRUE(accounts_->Authenticate(session.token));
  EXPECT_EQ(last_seen(), "2026-03-02T09:01:01Z");
  // Reads inside the minute do not move it, so idleness counts from 09:01:01.
  clock_.Advance(seconds(30));
  ASSERT_TRUE(accounts_->Authenticate(session.token));
  EXPECT_EQ(last_seen(), "2026-03-02T09:01:01Z");
  clock_.Advance(minutes(30) - seconds(30));
  EXPECT_FALSE(accounts_->Authenticate(session.token));
}

TEST_F(AccountsTest, AbsoluteTimeoutIsTwelveHoursHoweverBusy) {
  AddSam();
  const Session session = SignIn();
  for (int i = 0; i < 35; ++i) {  // 35 x 20 minutes = 11 h 40 min
    clock_.Advance(minutes(20));
    ASSERT_TRUE(accounts_->Authenticate(session.token)) << i;
  }
  clock_.Advance(minutes(20) - seconds(1));
  ASSERT_TRUE(accounts_->Authenticate(session.token));  // 11:59:59
  clock_.Advance(seconds(1));
  EXPECT_FALSE(accounts_->Authenticate(session.token));  // 12:00:00
}

TEST_F(AccountsTest, UnknownAndMalformedSessionsAreRefused) {
  AddSam();
  const Session session = SignIn();
  for (const std::string& token :
       {std::string(), std::string("nonsense"), session.csrf_token,
        core::Sha256Hex(session.token), std::string(5000, 'a')}) {
    auto auth = accounts_->Authenticate(token);
    ASSERT_FALSE(auth) << token;
    EXPECT_EQ(auth.error().code(), Code::kUnauthenticated);
  }
}

TEST_F(AccountsTest, DisableRevokesSessionsAndTokensAtOnce) {
  AddSam();
  const Session first = SignIn();
  const Session second = SignIn();
  auto token = accounts_->IssueToken(system_, "sam", "feed", {"read"}, std::nullopt);
  ASSERT_TRUE(token) << token.error().message();
  secrets_.push_back(token->second);
  ASSERT_TRUE(accounts_->Authenticate(first.token));
  ASSERT_TRUE(accounts_->AuthenticateToken(token->second));

  ASSERT_TRUE(accounts_->DisableUser(system_, "sam"));  // no time passes
  EXPECT_FALSE(accounts_->Authenticate(first.token));
  EXPECT_FALSE(accounts_->Authenticate(second.token));
  EXPECT_FALSE(accounts_->AuthenticateToken(token->second));
  EXPECT_TRUE(Row().disabled_at);
  store::IdentityStore ids(*db_);
  EXPECT_TRUE((*ids.FindSession(core::Sha256Hex(first.token)))->revoked_at);
  EXPECT_TRUE((*ids.FindToken(token->first.id))->revoked_at);
  EXPECT_EQ(accounts_->DisableUser(system_, "sam").error().code(), Code::kFailedPrecondition);
  EXPECT_EQ(accounts_->DisableUser(system_, "nobody").error().code(), Code::kNotFound);
  EXPECT_EQ(accounts_->IssueToken(system_, "sam", "feed", {"read"}, std::nullopt).error().code(),
            Code::kFailedPrecondition);

  // Enabling does not bring the old sessions back.
  ASSERT_TRUE(accounts_->EnableUser(system_, "sam"));
  EXPECT_FALSE(accounts_->Authenticate(first.token));
  EXPECT_FALSE(accounts_->AuthenticateToken(token->second));
  EXPECT_EQ(accounts_->EnableUser(system_, "sam").error().code(), Code::kFailedPrecondition);
  SignIn();
  const auto actions = AuditActions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "disable"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "enable"), actions.end());
}

TEST_F(AccountsTest, ResetRevokesAndATemporaryPasswordMustBeChanged) {
  AddSam();
  const Session before = SignIn();
  auto token = accounts_->IssueToken(system_, "sam", "feed", {"read"}, std::nullopt);
  ASSERT_TRUE(token);
  secrets_.push_back(token->second);
  EXPECT_EQ(accounts_->ResetPassword(system_, "sam", "password1234", true).error().code(),
            Code::kInvalidArgument);
  EXPECT_TRUE(accounts_->Authenticate(before.token));  // a refused reset changes nothing

  ASSERT_TRUE(accounts_->ResetPassword(system_, "sam", kOther, true));
  EXPECT_FALSE(accounts_->Authenticate(before.token));
  EXPECT_FALSE(accounts_->AuthenticateToken(token->second));
  RefusedSignIn("sam", kPassword);  // the old password no longer works
  const Session after = SignIn("sam", kOther);
  auto auth = accounts_->Authenticate(after.token);
  ASSERT_TRUE(auth);
  EXPECT_TRUE(auth->user.must_change_password);
  EXPECT_EQ(accounts_->ResetPassword(system_, "nobody", kOther, true).error().code(),
            Code::kNotFound);
}

TEST_F(AccountsTest, SignOutEndsTheSession) {
  AddSam();
  const Session session = SignIn();
  const Session other = SignIn();
  ASSERT_TRUE(accounts_->SignOut(session.token));
  EXPECT_FALSE(accounts_->Authenticate(session.token));
  EXPECT_TRUE(accounts_->Authenticate(other.token));  // only that session ends
  auto again = accounts_->SignOut(session.token);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), Code::kUnauthenticated);
  EXPECT_FALSE(accounts_->SignOut("nonsense"));
  EXPECT_EQ(AuditActions(),
            (std::vector<std::string>{"create", "sign-in", "sign-in", "sign-out"}));
  EXPECT_TRUE(AuditRows().back().actor.starts_with("sam (LA-CSC"));
}

TEST_F(AccountsTest, ChangePasswordNeedsTheCurrentOne) {
  NewUser input = Sam();
  input.must_change_password = true;
  ASSERT_TRUE(accounts_->AddUser(system_, input));
  const Session mine = SignIn();
  const Session elsewhere = SignIn();

  auto wrong = accounts_->ChangePassword(mine.token, kOther, "fresh-meadow-river-7");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), Code::kUnauthenticated);
  EXPECT_EQ(Row().failed_attempts, 1);  // counted as a failed sign-in
  EXPECT_EQ(accounts_->ChangePassword(mine.token, kPassword, "qwertyuiop12").error().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(accounts_->ChangePassword(mine.token, kPassword, kPassword).error().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(accounts_->ChangePassword("nonsense", kPassword, kOther).error().code(),
            Code::kUnauthenticated);

  ASSERT_TRUE(accounts_->ChangePassword(mine.token, kPassword, kOther));
  auto auth = accounts_->Authenticate(mine.token);
  ASSERT_TRUE(auth);  // this session stays
  EXPECT_FALSE(auth->user.must_change_password);
  EXPECT_FALSE(accounts_->Authenticate(elsewhere.token));  // others end
  EXPECT_EQ(Row().failed_attempts, 0);
  RefusedSignIn("sam", kPassword);
  SignIn("sam", kOther);
  secrets_.push_back("fresh-meadow-river-7");
  const auto actions = AuditActions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "change-password-failed"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "change-password"), actions.end());
}

TEST_F(AccountsTest, ChangePasswordIsRefusedWhileLocked) {
  AddSam();
  const Session session = SignIn();
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(accounts_->ChangePassword(session.token, kOther, "fresh-meadow-river-7"));
  }
  EXPECT_TRUE(Row().locked_until);
  EXPECT_FALSE(accounts_->ChangePassword(session.token, kPassword, "fresh-meadow-river-7"));
  clock_.Advance(minutes(1));
  EXPECT_TRUE(accounts_->ChangePassword(session.token, kPassword, "fresh-meadow-river-7"));
}

TEST_F(AccountsTest, SignInRehashesAPasswordHashedAtAnotherCost) {
  AddSam();
  const std::string before = Row().password_hash;
  Accounts stronger(*db_, clock_, AccountsOptions{HashCost::kInteractive});
  auto session = stronger.SignIn("sam", kPassword, "192.0.2.10");
  ASSERT_TRUE(session) << session.error().message();
  secrets_.push_back(session->token);
  const std::string after = Row().password_hash;
  EXPECT_NE(after, before);
  EXPECT_FALSE(PasswordNeedsRehash(after, HashCost::kInteractive));
  EXPECT_TRUE(VerifyPassword(after, kPassword));
}

TEST_F(AccountsTest, TokensIssueAuthenticateKeepScopesAndRevoke) {
  const User sam = AddSam();
  auto issued =
      accounts_->IssueToken(system_, "sam", "case system feed", {"read", "write", "read"},
                            std::nullopt);
  ASSERT_TRUE(issued) << issued.error().message();
  const auto& [token, text] = *issued;
  secrets_.push_back(text);
  EXPECT_TRUE(text.starts_with("sgt_"));
  EXPECT_EQ(text.size(), 4u + 43u);
  EXPECT_EQ(token.name, "case system feed");
  EXPECT_EQ(token.user_id, sam.id);
  EXPECT_EQ(token.username, "sam");
  EXPECT_EQ(token.scopes, (std::vector<std::string>{"read", "write"}));
  EXPECT_FALSE(token.expires_at);
  EXPECT_EQ(token.created_at, "2026-03-02T09:00:00Z");

  auto auth = accounts_->AuthenticateToken(text);
  ASSERT_TRUE(auth) << auth.error().message();
  EXPECT_TRUE(auth->via_token);
  EXPECT_EQ(auth->scopes, (std::vector<std::string>{"read", "write"}));
  EXPECT_TRUE(auth->csrf_token.empty());
  EXPECT_EQ(auth->actor.id, "sam");
  EXPECT_EQ(auth->actor.worker_id, worker_);
  // A session token is not an API token and the other way round.
  EXPECT_FALSE(accounts_->Authenticate(text));
  EXPECT_FALSE(accounts_->AuthenticateToken(text.substr(4)));
  EXPECT_FALSE(accounts_->AuthenticateToken("sgt_nonsense"));

  auto listed = accounts_->ListTokens(system_);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().last_used_at, "2026-03-02T09:00:00Z");

  ASSERT_TRUE(accounts_->RevokeToken(system_, token.id));
  auto revoked = accounts_->AuthenticateToken(text);
  ASSERT_FALSE(revoked);
  EXPECT_EQ(revoked.error().code(), Code::kUnauthenticated);
  EXPECT_EQ(accounts_->RevokeToken(system_, token.id).error().code(), Code::kFailedPrecondition);
  EXPECT_EQ(accounts_->RevokeToken(system_, 9999).error().code(), Code::kNotFound);
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"create", "issue-token", "revoke-token"}));
}

TEST_F(AccountsTest, TokensExpire) {
  AddSam();
  auto issued = accounts_->IssueToken(system_, "sam", "feed", {"indicators"},
                                      std::string("2026-03-03"));
  ASSERT_TRUE(issued) << issued.error().message();
  secrets_.push_back(issued->second);
  EXPECT_EQ(issued->first.expires_at, "2026-03-03T00:00:00Z");
  clock_.Set(*core::UnixSecondsFromUtc("2026-03-02T23:59:59Z"));
  EXPECT_TRUE(accounts_->AuthenticateToken(issued->second));
  clock_.Advance(seconds(1));
  EXPECT_FALSE(accounts_->AuthenticateToken(issued->second));

  auto exact = accounts_->IssueToken(system_, "sam", "feed", {"read"},
                                     std::string("2026-03-04T12:00:00Z"));
  ASSERT_TRUE(exact);
  secrets_.push_back(exact->second);
  EXPECT_EQ(exact->first.expires_at, "2026-03-04T12:00:00Z");
}

TEST_F(AccountsTest, TokenRequestsAreChecked) {
  AddSam();
  auto code = [&](std::string_view user, std::string_view name,
                  const std::vector<std::string>& scopes, std::optional<std::string> expires) {
    auto issued = accounts_->IssueToken(system_, user, name, scopes, expires);
    return issued ? std::optional<Code>() : std::optional<Code>(issued.error().code());
  };
  EXPECT_EQ(code("sam", "feed", {"read", "everything"}, {}), Code::kInvalidArgument);
  EXPECT_EQ(code("sam", "feed", {}, {}), Code::kInvalidArgument);
  EXPECT_EQ(code("sam", "", {"read"}, {}), Code::kInvalidArgument);
  EXPECT_EQ(code("sam", "feed", {"read"}, std::string("2026-03-02")), Code::kInvalidArgument);
  EXPECT_EQ(code("sam", "feed", {"read"}, std::string("2026-02-30")), Code::kInvalidArgument);
  EXPECT_EQ(code("sam", "feed", {"read"}, std::string("tomorrow")), Code::kInvalidArgument);
  EXPECT_EQ(code("nobody", "feed", {"read"}, {}), Code::kNotFound);
  Actor analyst{"ana", "Ana Lyst", "LA-CSC", Role::kPartnershipAnalyst, "analysis"};
  EXPECT_EQ(accounts_->IssueToken(analyst, "sam", "feed", {"read"}, {}).error().code(),
            Code::kPermissionDenied);
  EXPECT_TRUE(AuditRows().size() == 1);  // only the user's creation
}

TEST_F(AccountsTest, NoSecretEverReachesTheAuditLog) {
  AddSam();
  const Session session = SignIn();
  RefusedSignIn("sam", kOther);
  RefusedSignIn(kPassword, kPassword);  // a password typed into the username box
  ASSERT_TRUE(accounts_->ChangePassword(session.token, kPassword, "fresh-meadow-river-7"));
  ASSERT_TRUE(accounts_->ResetPassword(system_, "sam", "temporary-pass-word-3", true));
  auto token = accounts_->IssueToken(system_, "sam", "feed", {"read"}, std::nullopt);
  ASSERT_TRUE(token);
  secrets_.push_back(token->second);
  ASSERT_TRUE(accounts_->AuthenticateToken(token->second));
  const Session later = SignIn("sam", "temporary-pass-word-3");
  ASSERT_TRUE(accounts_->SignOut(later.token));
  secrets_.push_back(session.csrf_token);
  secrets_.push_back(later.csrf_token);
  for (const char* password :
       {kPassword.data(), kOther.data(), "fresh-meadow-river-7", "temporary-pass-word-3"}) {
    secrets_.push_back(password);
  }
  // The stored hashes are secrets too.
  secrets_.push_back(Row().password_hash);
  for (const auto& s : std::vector<std::string>(secrets_)) secrets_.push_back(core::Sha256Hex(s));

  const auto rows = AuditRows();
  EXPECT_GE(rows.size(), 9u);
  for (const auto& row : rows) {
    for (const std::string& field :
         {row.at, row.actor, row.action, row.entity, row.entity_id, row.details}) {
      for (const auto& secret : secrets_) {
        ASSERT_FALSE(secret.empty());
        EXPECT_EQ(field.find(secret), std::string::npos)
            << "audit row " << row.seq << " (" << row.action << ") holds a secret";
      }
    }
  }
  auto verified = VerifyAudit(*db_);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact);
}

}  // namespace
}  // namespace sg::access
