#include "demo/demo_users.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "store/audit_store.h"
#include "store/identity_store.h"
#include "store/journey_store.h"

namespace sg::demo {
namespace {

namespace fs = std::filesystem;
using access::Role;

constexpr std::string_view kPassword = "demo-password-for-tests-7";

class DemoUsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_demo_users_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db = store::OpenSqlite((dir_ / "safeguard.db").string(),
                                store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    gate_ = std::make_unique<access::Gate>(*db_, clock_);
  }
  void TearDown() override {
    gate_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  int64_t Team(std::string_view agency, std::string name) {
    store::JourneyStore journey(*db_);
    auto found = journey.FindAgencyByCode(agency);
    EXPECT_TRUE(found && *found) << agency;
    auto id = journey.InsertTeam({0, (*found)->id, std::move(name)});
    EXPECT_TRUE(id);
    return id.value_or(0);
  }
  int64_t Worker(int64_t team, std::string name) {
    auto id = store::JourneyStore(*db_).InsertWorker({0, team, std::move(name), "social worker"});
    EXPECT_TRUE(id);
    return id.value_or(0);
  }

  // The teams the demo builds, less `skip`.
  void Teams(std::string_view skip = {}) {
    const std::pair<std::string_view, std::string_view> teams[] = {
        {"LA-CSC", "Front Door (ChECS)"},       {"POLICE", "Public Protection Unit"},
        {"LA-CSC", "Partnership Business Unit"}, {"MCHFT", "Safeguarding Children Team"},
        {"SCHOOLS", "Wistaston Primary School"}};
    for (const auto& [agency, name] : teams) {
      if (name != skip) Team(agency, std::string(name));
    }
  }

  int64_t Users() {
    auto users = store::IdentityStore(*db_).ListUsers();
    EXPECT_TRUE(users);
    return users ? static_cast<int64_t>(users->size()) : -1;
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

  core::FixedClock clock_{core::Date::FromYmd(2026, 3, 31)};
  fs::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<access::Gate> gate_;
};

TEST(DemoUsersListTest, OneUserPerPersonRole) {
  const auto users = DemoUsers();
  ASSERT_EQ(users.size(), 10u);
  std::set<Role> roles;
  std::set<std::string_view> names;
  for (const auto& u : users) {
    roles.insert(u.role);
    names.insert(u.username);
    EXPECT_NE(u.role, Role::kSystem);
  }
  EXPECT_EQ(roles.size(), 8u);  // every role a person can have
  EXPECT_EQ(names.size(), users.size());
  EXPECT_EQ(users.front().username, "frontdoor");
  EXPECT_EQ(access::RoleCode(users[6].role), "designated-safeguarding-lead");
}

TEST_F(DemoUsersTest, CreatesEveryUserInItsTeam) {
  Teams();
  const int64_t north = Team("LA-CSC", "Assessment Team North");
  Team("LA-CSC", "Assessment Team South");
  const int64_t first = Worker(north, "Zara First");
  Worker(north, "Adam Second");
  auto added = AddDemoUsers(*db_, *gate_, clock_, kPassword, access::HashCost::kMinimum);
  ASSERT_TRUE(added) << added.error().message();

  store::IdentityStore ids(*db_);
  auto rows = ids.ListUsers();
  ASSERT_TRUE(rows);
  std::map<std::string, store::UserRow> by_name;
  for (const auto& row : *rows) by_name[row.username] = row;
  ASSERT_EQ(by_name.size(), 10u);
  EXPECT_EQ(by_name["socialworker"].team_id, north);
  EXPECT_EQ(by_name["socialworker"].worker_id, first);  // the lowest id, not the first name
  EXPECT_EQ(by_name["socialworker"].role, "social-worker");
  EXPECT_EQ(by_name["manager"].team_id, north);
  EXPECT_FALSE(by_name["manager"].worker_id);
  EXPECT_EQ(by_name["manager"].role, "team-manager");
  EXPECT_EQ(by_name["police.frontdoor"].agency, "POLICE");
  EXPECT_EQ(by_name["police.frontdoor"].role, "front-door-practitioner");
  EXPECT_EQ(by_name["police.officer"].team_name, "Public Protection Unit");
  EXPECT_EQ(by_name["health"].agency, "MCHFT");
  EXPECT_EQ(by_name["school"].team_name, "Wistaston Primary School");
  EXPECT_EQ(by_name["admin"].role, "administrator");
  EXPECT_EQ(by_name["auditor"].team_name, "Partnership Business Unit");
  for (const auto& [name, row] : by_name) {
    EXPECT_TRUE(access::VerifyPassword(row.password_hash, kPassword)) << name;
    EXPECT_FALSE(row.must_change_password) << name;
  }
  const auto audit = AuditRows();
  ASSERT_EQ(audit.size(), 10u);
  for (const auto& row : audit) {
    EXPECT_EQ(row.action, "create");
    EXPECT_EQ(row.entity, "user");
    EXPECT_TRUE(row.actor.starts_with("system:demo ")) << row.actor;
  }

  // They sign in.
  access::Accounts accounts(*db_, clock_, {access::HashCost::kMinimum});
  auto session = accounts.SignIn("police.officer", kPassword, "127.0.0.1");
  ASSERT_TRUE(session) << session.error().message();
  auto auth = accounts.Authenticate(session->token);
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->actor.agency, "POLICE");
  EXPECT_EQ(auth->actor.role, Role::kPartnerPractitioner);
}

TEST_F(DemoUsersTest, AMissingTeamIsNamedAndNothingIsKept) {
  Teams("Wistaston Primary School");
  const int64_t north = Team("LA-CSC", "Assessment Team North");
  Worker(north, "Zara First");
  auto added = AddDemoUsers(*db_, *gate_, clock_, kPassword, access::HashCost::kMinimum);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code(), core::Code::kFailedPrecondition);
  EXPECT_NE(added.error().message().find("'Wistaston Primary School' in agency SCHOOLS"),
            std::string::npos)
      << added.error().message();
  EXPECT_EQ(Users(), 0);
  EXPECT_TRUE(AuditRows().empty());
}

TEST_F(DemoUsersTest, AnAssessmentTeamIsNeededWithAWorker) {
  Teams();
  auto added = AddDemoUsers(*db_, *gate_, clock_, kPassword, access::HashCost::kMinimum);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code(), core::Code::kFailedPrecondition);
  EXPECT_NE(added.error().message().find("starts 'Assessment Team'"), std::string::npos)
      << added.error().message();
  Team("LA-CSC", "Assessment Team North");  // no worker yet
  added = AddDemoUsers(*db_, *gate_, clock_, kPassword, access::HashCost::kMinimum);
  ASSERT_FALSE(added);
  EXPECT_NE(added.error().message().find("needs a worker"), std::string::npos)
      << added.error().message();
  EXPECT_EQ(Users(), 0);
}

TEST_F(DemoUsersTest, AWeakPasswordKeepsNoUser) {
  Teams();
  Worker(Team("LA-CSC", "Assessment Team North"), "Zara First");
  auto added = AddDemoUsers(*db_, *gate_, clock_, "password1234", access::HashCost::kMinimum);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code(), core::Code::kInvalidArgument);
  EXPECT_EQ(Users(), 0);
  // Run twice: the second finds the users there.
  ASSERT_TRUE(AddDemoUsers(*db_, *gate_, clock_, kPassword, access::HashCost::kMinimum));
  auto again = AddDemoUsers(*db_, *gate_, clock_, kPassword, access::HashCost::kMinimum);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::Code::kAlreadyExists);
  EXPECT_EQ(Users(), 10);
}

}  // namespace
}  // namespace sg::demo
