#include "store/identity_store.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace sg::store {
namespace {

namespace fs = std::filesystem;

class IdentityStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_identity_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db = OpenSqlite((dir_ / "safeguard.db").string(), OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    store_ = std::make_unique<IdentityStore>(*db_);
    front_door_ = Team("LA-CSC", "Front Door (ChECS)");
    assessment_north_ = Team("LA-CSC", "Assessment Team North");
    assessment_south_ = Team("LA-CSC", "Assessment Team South");
    police_ = Team("POLICE", "Public Protection Unit");
    police_front_door_ = Team("POLICE", "Front Door (ChECS)");
    worker_b_ = Worker(assessment_north_, "B Worker");
    worker_a_ = Worker(assessment_north_, "A Worker");
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  int64_t Team(std::string_view agency, std::string_view name) {
    auto id = db_->InsertReturningId(
        "INSERT INTO teams (agency_id, name) SELECT id, $2 FROM agencies WHERE code = $1 "
        "RETURNING id",
        {agency, name});
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  }
  int64_t Worker(int64_t team, std::string_view name) {
    auto id = db_->InsertReturningId(
        "INSERT INTO workers (team_id, name, role) VALUES ($1, $2, 'social worker') RETURNING id",
        {team, name});
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  }

  UserRow NewUser(std::string username, int64_t team) {
    UserRow u;
    u.username = std::move(username);
    u.display_name = "Sam Example";
    u.email = "sam@example.org";
    u.team_id = team;
    u.role = "social-worker";
    u.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA";
    u.created_at = "2026-01-05T09:00:00Z";
    u.password_changed_at = "2026-01-05T09:00:00Z";
    return u;
  }

  int64_t AddUser(std::string username, int64_t team) {
    auto id = store_->InsertUser(NewUser(std::move(username), team));
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  }

  fs::path dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<IdentityStore> store_;
  int64_t front_door_ = 0, assessment_north_ = 0, assessment_south_ = 0, police_ = 0,
          police_front_door_ = 0, worker_a_ = 0, worker_b_ = 0;
};

TEST_F(IdentityStoreTest, InsertAndFindUserWithTeamAndAgency) {
  UserRow row = NewUser("sam.example", assessment_north_);
  row.worker_id = worker_a_;
  row.must_change_password = true;
  auto id = store_->InsertUser(row);
  ASSERT_TRUE(id) << id.error().message();

  auto found = store_->FindUserByName("sam.example");
  ASSERT_TRUE(found && *found);
  const UserRow& u = **found;
  EXPECT_EQ(u.id, *id);
  EXPECT_EQ(u.display_name, "Sam Example");
  EXPECT_EQ(u.email, "sam@example.org");
  EXPECT_EQ(u.team_id, assessment_north_);
  EXPECT_EQ(u.team_name, "Assessment Team North");
  EXPECT_EQ(u.agency, "LA-CSC");
  EXPECT_EQ(u.worker_id, worker_a_);
  EXPECT_EQ(u.role, "social-worker");
  EXPECT_EQ(u.password_hash, row.password_hash);
  EXPECT_TRUE(u.must_change_password);
  EXPECT_FALSE(u.disabled_at);
  EXPECT_EQ(u.failed_attempts, 0);
  EXPECT_FALSE(u.locked_until);
  EXPECT_EQ(u.created_at, "2026-01-05T09:00:00Z");

  auto by_id = store_->FindUserById(*id);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->username, "sam.example");
}

TEST_F(IdentityStoreTest, UsernameIsCaseInsensitiveAndUnique) {
  AddUser("sam.example", front_door_);
  auto found = store_->FindUserByName("Sam.EXAMPLE");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->username, "sam.example");
  auto again = store_->InsertUser(NewUser("SAM.example", front_door_));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::Code::kFailedPrecondition);
  auto missing = store_->FindUserByName("nobody");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(IdentityStoreTest, ListUsersByUsername) {
  AddUser("zoe", front_door_);
  AddUser("adam", police_);
  AddUser("mia", assessment_south_);
  auto users = store_->ListUsers();
  ASSERT_TRUE(users) << users.error().message();
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[0].username, "adam");
  EXPECT_EQ((*users)[0].agency, "POLICE");
  EXPECT_EQ((*users)[1].username, "mia");
  EXPECT_EQ((*users)[2].username, "zoe");
}

TEST_F(IdentityStoreTest, DisableFailuresAndPassword) {
  const int64_t id = AddUser("sam", front_door_);
  ASSERT_TRUE(store_->SetDisabled(id, std::string("2026-02-01T10:00:00Z")));
  EXPECT_EQ((*store_->FindUserById(id))->disabled_at, "2026-02-01T10:00:00Z");
  ASSERT_TRUE(store_->SetDisabled(id, std::nullopt));
  EXPECT_FALSE((*store_->FindUserById(id))->disabled_at);

  ASSERT_TRUE(store_->SetFailures(id, 6, std::string("2026-02-01T10:02:00Z")));
  auto u = *store_->FindUserById(id);
  EXPECT_EQ(u->failed_attempts, 6);
  EXPECT_EQ(u->locked_until, "2026-02-01T10:02:00Z");

  // A new password clears the count and the lock.
  ASSERT_TRUE(store_->SetPassword(id, "$argon2id$new", false, "2026-02-02T08:00:00Z"));
  u = *store_->FindUserById(id);
  EXPECT_EQ(u->password_hash, "$argon2id$new");
  EXPECT_EQ(u->password_changed_at, "2026-02-02T08:00:00Z");
  EXPECT_EQ(u->failed_attempts, 0);
  EXPECT_FALSE(u->locked_until);
  EXPECT_FALSE(u->must_change_password);
}

TEST_F(IdentityStoreTest, SessionsInsertFindTouchRevoke) {
  const int64_t sam = AddUser("sam", front_door_);
  const int64_t kim = AddUser("kim", front_door_);
  auto session = [&](std::string hash, int64_t user) {
    SessionRow s{std::move(hash), user, "csrf", "2026-02-01T10:00:00Z", "2026-02-01T10:00:00Z",
                 "2026-02-01T22:00:00Z", std::nullopt};
    ASSERT_TRUE(store_->InsertSession(s));
  };
  session("h1", sam);
  session("h2", sam);
  session("h3", sam);
  session("k1", kim);

  auto found = store_->FindSession("h1");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->user_id, sam);
  EXPECT_EQ((*found)->csrf_token, "csrf");
  EXPECT_EQ((*found)->expires_at, "2026-02-01T22:00:00Z");
  EXPECT_FALSE((*found)->revoked_at);
  EXPECT_FALSE(*store_->FindSession("nope"));

  ASSERT_TRUE(store_->TouchSession("h1", "2026-02-01T10:05:00Z"));
  EXPECT_EQ((*store_->FindSession("h1"))->last_seen_at, "2026-02-01T10:05:00Z");

  ASSERT_TRUE(store_->RevokeSession("h1", "2026-02-01T11:00:00Z"));
  EXPECT_EQ((*store_->FindSession("h1"))->revoked_at, "2026-02-01T11:00:00Z");
  // Revoking again keeps the first time.
  ASSERT_TRUE(store_->RevokeSession("h1", "2026-02-01T12:00:00Z"));
  EXPECT_EQ((*store_->FindSession("h1"))->revoked_at, "2026-02-01T11:00:00Z");

  // All but one of sam's live sessions; kim's stay.
  auto revoked = store_->RevokeSessionsOf(sam, "2026-02-01T13:00:00Z", "h3");
  ASSERT_TRUE(revoked) << revoked.error().message();
  EXPECT_EQ(*revoked, 1);
  EXPECT_TRUE((*store_->FindSession("h2"))->revoked_at);
  EXPECT_FALSE((*store_->FindSession("h3"))->revoked_at);
  EXPECT_FALSE((*store_->FindSession("k1"))->revoked_at);
  EXPECT_EQ(*store_->RevokeSessionsOf(sam, "2026-02-01T14:00:00Z"), 1);
  EXPECT_TRUE((*store_->FindSession("h3"))->revoked_at);
}

TEST_F(IdentityStoreTest, TokensInsertFindListRevoke) {
  const int64_t sam = AddUser("sam", front_door_);
  TokenRow t;
  t.token_hash = "th1";
  t.user_id = sam;
  t.name = "case system feed";
  t.scopes = "read write";
  t.created_at = "2026-02-01T10:00:00Z";
  t.expires_at = "2026-12-31T00:00:00Z";
  auto id = store_->InsertToken(t);
  ASSERT_TRUE(id) << id.error().message();
  t.token_hash = "th2";
  t.expires_at.reset();
  auto id2 = store_->InsertToken(t);
  ASSERT_TRUE(id2);

  auto found = store_->FindTokenByHash("th1");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, *id);
  EXPECT_EQ((*found)->username, "sam");
  EXPECT_EQ((*found)->scopes, "read write");
  EXPECT_EQ((*found)->expires_at, "2026-12-31T00:00:00Z");
  EXPECT_FALSE((*found)->last_used_at);
  EXPECT_FALSE((*store_->FindToken(*id2))->expires_at);
  EXPECT_FALSE(*store_->FindToken(999));

  ASSERT_TRUE(store_->TouchToken(*id, "2026-02-01T10:30:00Z"));
  EXPECT_EQ((*store_->FindToken(*id))->last_used_at, "2026-02-01T10:30:00Z");
  ASSERT_TRUE(store_->RevokeToken(*id, "2026-02-01T11:00:00Z"));
  EXPECT_EQ((*store_->FindToken(*id))->revoked_at, "2026-02-01T11:00:00Z");
  EXPECT_EQ(*store_->RevokeTokensOf(sam, "2026-02-01T12:00:00Z"), 1);  // only th2 was live
  auto all = store_->ListTokens();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, *id);
  EXPECT_EQ((*all)[0].revoked_at, "2026-02-01T11:00:00Z");
  EXPECT_EQ((*all)[1].revoked_at, "2026-02-01T12:00:00Z");
}

TEST_F(IdentityStoreTest, TeamLookUps) {
  auto team = store_->FindTeamByName("POLICE", "Public Protection Unit");
  ASSERT_TRUE(team && *team);
  EXPECT_EQ((*team)->id, police_);
  EXPECT_EQ((*team)->agency, "POLICE");
  EXPECT_FALSE(*store_->FindTeamByName("LA-CSC", "Public Protection Unit"));
  EXPECT_FALSE(*store_->FindTeamByName("POLICE", "public protection unit"));

  auto by_id = store_->FindTeam(front_door_);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->name, "Front Door (ChECS)");
  EXPECT_FALSE(*store_->FindTeam(9999));

  // Same name in two agencies.
  auto named = store_->FindTeamsNamed("Front Door (ChECS)");
  ASSERT_TRUE(named);
  ASSERT_EQ(named->size(), 2u);
  EXPECT_EQ((*named)[0].agency, "LA-CSC");
  EXPECT_EQ((*named)[1].agency, "POLICE");

  auto all = store_->ListTeams();
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 5u);
  EXPECT_EQ(all->front().name, "Assessment Team North");
}

TEST_F(IdentityStoreTest, FirstTeamByPrefixIsTheLowestId) {
  auto first = store_->FindFirstTeamByPrefix("LA-CSC", "Assessment Team");
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->id, assessment_north_);
  EXPECT_FALSE(*store_->FindFirstTeamByPrefix("POLICE", "Assessment Team"));
  // '%' and '_' are not wildcards.
  EXPECT_FALSE(*store_->FindFirstTeamByPrefix("LA-CSC", "Assessment%"));
  EXPECT_FALSE(*store_->FindFirstTeamByPrefix("LA-CSC", "Assessment_Team"));
}

TEST_F(IdentityStoreTest, WorkersOfTeams) {
  EXPECT_EQ(*store_->WorkerTeam(worker_a_), assessment_north_);
  EXPECT_FALSE(*store_->WorkerTeam(9999));
  // The lowest id, whatever the names.
  EXPECT_EQ(*store_->FirstWorkerOf(assessment_north_), worker_b_);
  EXPECT_FALSE(*store_->FirstWorkerOf(police_));
}

}  // namespace
}  // namespace sg::store
