#include "access/policy.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

namespace sg::access {
namespace {

using core::Code;

constexpr Role kRoles[] = {
    Role::kFrontDoorPractitioner, Role::kSocialWorker,      Role::kTeamManager,
    Role::kPartnerPractitioner,   Role::kDesignatedSafeguardingLead,
    Role::kPartnershipAnalyst,    Role::kAuditor,           Role::kAdministrator,
    Role::kSystem,
};
constexpr Action kActions[] = {
    Action::kReadRecord,   Action::kRecordJourney, Action::kAddNote,
    Action::kReadWorkList, Action::kAdminister,    Action::kVerifyAudit,
    Action::kImportReturn, Action::kExportReturn,  Action::kComputeIndicators,
    Action::kSearch,       Action::kBreakGlass,    Action::kReadAccessLog,
};

Actor As(Role role) { return Actor{"user", "A User", "LA-CSC", role, "casework"}; }

bool Allowed(Role role, Action action) { return Policy().Decide(As(role), action).has_value(); }

TEST(PolicyTest, SystemActorMayDoEverything) {
  Actor system = Actor::System("cli", "maintenance");
  EXPECT_TRUE(system.is_system());
  EXPECT_EQ(system.id, "system:cli");
  EXPECT_EQ(system.purpose, "maintenance");
  for (Action action : kActions) {
    auto s = Policy().Decide(system, action);
    EXPECT_TRUE(s) << ActionName(action) << ": " << s.error().message();
  }
}

TEST(PolicyTest, PartnerPractitionerMayReadAndAddNotesOnly) {
  EXPECT_TRUE(Allowed(Role::kPartnerPractitioner, Action::kReadRecord));
  EXPECT_TRUE(Allowed(Role::kPartnerPractitioner, Action::kAddNote));
  EXPECT_FALSE(Allowed(Role::kPartnerPractitioner, Action::kRecordJourney));
  EXPECT_FALSE(Allowed(Role::kPartnerPractitioner, Action::kAdminister));
  EXPECT_FALSE(Allowed(Role::kPartnerPractitioner, Action::kVerifyAudit));
}

TEST(PolicyTest, AnalystCannotReadRecords) {
  EXPECT_FALSE(Allowed(Role::kPartnershipAnalyst, Action::kReadRecord));
  EXPECT_FALSE(Allowed(Role::kPartnershipAnalyst, Action::kRecordJourney));
  EXPECT_FALSE(Allowed(Role::kPartnershipAnalyst, Action::kAddNote));
  // Nor find a child, break glass or see who looked: aggregate figures only.
  EXPECT_FALSE(Allowed(Role::kPartnershipAnalyst, Action::kSearch));
  EXPECT_FALSE(Allowed(Role::kPartnershipAnalyst, Action::kBreakGlass));
  EXPECT_FALSE(Allowed(Role::kPartnershipAnalyst, Action::kReadAccessLog));
}

TEST(PolicyTest, AuditorReadsButNeverChanges) {
  EXPECT_TRUE(Allowed(Role::kAuditor, Action::kReadRecord));
  EXPECT_TRUE(Allowed(Role::kAuditor, Action::kReadAccessLog));
  EXPECT_FALSE(Allowed(Role::kAuditor, Action::kRecordJourney));
  EXPECT_FALSE(Allowed(Role::kAuditor, Action::kAddNote));
  EXPECT_FALSE(Allowed(Role::kAuditor, Action::kBreakGlass));
  EXPECT_FALSE(Allowed(Role::kAuditor, Action::kAdminister));
}

TEST(PolicyTest, RefusalIsPermissionDeniedNamingRoleAndAction) {
  auto s = Policy().Decide(As(Role::kPartnershipAnalyst), Action::kReadRecord);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), Code::kPermissionDenied);
  EXPECT_EQ(s.error().message(), "a partnership analyst may not read a child's record");
  for (Role role : kRoles) {
    for (Action action : kActions) {
      auto d = Policy().Decide(As(role), action);
      if (d) continue;
      EXPECT_EQ(d.error().code(), Code::kPermissionDenied);
      EXPECT_NE(d.error().message().find(RoleName(role)), std::string::npos) << d.error().message();
      EXPECT_NE(d.error().message().find(ActionName(action)), std::string::npos)
          << d.error().message();
    }
  }
}

// The whole table, so that any change to who may do what is deliberate.
TEST(PolicyTest, RoleActionTable) {
  using A = Action;
  const std::set<std::pair<Role, Action>> granted = {
      {Role::kFrontDoorPractitioner, A::kReadRecord}, {Role::kFrontDoorPractitioner, A::kRecordJourney},
      {Role::kFrontDoorPractitioner, A::kAddNote},    {Role::kFrontDoorPractitioner, A::kReadWorkList},
      {Role::kSocialWorker, A::kReadRecord},          {Role::kSocialWorker, A::kRecordJourney},
      {Role::kSocialWorker, A::kAddNote},             {Role::kSocialWorker, A::kReadWorkList},
      {Role::kTeamManager, A::kReadRecord},           {Role::kTeamManager, A::kRecordJourney},
      {Role::kTeamManager, A::kAddNote},              {Role::kTeamManager, A::kReadWorkList},
      {Role::kPartnerPractitioner, A::kReadRecord},   {Role::kPartnerPractitioner, A::kAddNote},
      {Role::kDesignatedSafeguardingLead, A::kReadRecord},
      {Role::kDesignatedSafeguardingLead, A::kAddNote},
      {Role::kPartnershipAnalyst, A::kReadWorkList},
      {Role::kPartnershipAnalyst, A::kImportReturn},  {Role::kPartnershipAnalyst, A::kExportReturn},
      {Role::kAdministrator, A::kImportReturn},
      {Role::kPartnershipAnalyst, A::kComputeIndicators}, {Role::kTeamManager, A::kComputeIndicators},
      {Role::kAuditor, A::kComputeIndicators},
      {Role::kAuditor, A::kReadRecord},               {Role::kAuditor, A::kVerifyAudit},
      {Role::kAuditor, A::kSearch},
      {Role::kAdministrator, A::kAdminister},         {Role::kAdministrator, A::kVerifyAudit},
      // Finding a child and breaking glass: the casework roles.
      {Role::kFrontDoorPractitioner, A::kSearch},
      {Role::kFrontDoorPractitioner, A::kBreakGlass},
      {Role::kSocialWorker, A::kSearch},              {Role::kSocialWorker, A::kBreakGlass},
      {Role::kTeamManager, A::kSearch},               {Role::kTeamManager, A::kBreakGlass},
      {Role::kPartnerPractitioner, A::kSearch},       {Role::kPartnerPractitioner, A::kBreakGlass},
      {Role::kDesignatedSafeguardingLead, A::kSearch},
      {Role::kDesignatedSafeguardingLead, A::kBreakGlass},
      // Who looked at a child's record.
      {Role::kTeamManager, A::kReadAccessLog},        {Role::kAuditor, A::kReadAccessLog},
      {Role::kAdministrator, A::kReadAccessLog},
  };
  for (Role role : kRoles) {
    for (Action action : kActions) {
      bool expected = role == Role::kSystem || granted.contains({role, action});
      EXPECT_EQ(Allowed(role, action), expected) << RoleName(role) << " / " << ActionName(action);
    }
  }
}

TEST(PolicyTest, NamesAreDistinct) {
  std::set<std::string_view> roles, actions;
  for (Role role : kRoles) roles.insert(RoleName(role));
  for (Action action : kActions) actions.insert(ActionName(action));
  EXPECT_EQ(roles.size(), std::size(kRoles));
  EXPECT_EQ(actions.size(), std::size(kActions));
  EXPECT_EQ(roles.count("unknown"), 0u);
}

}  // namespace
}  // namespace sg::access
