#include "demo/demo_users.h"

#include <fmt/format.h>

#include "store/identity_store.h"

namespace sg::demo {
namespace {

using access::Role;

struct Placed {
  const DemoUser* user;
  int64_t team_id;
  std::optional<int64_t> worker_id;
};

core::Result<Placed> Place(store::IdentityStore& ids, const DemoUser& user) {
  std::optional<store::TeamRef> team;
  if (user.team_is_prefix) {
    SG_ASSIGN_OR_RETURN(team, ids.FindFirstTeamByPrefix(user.agency, user.team));
  } else {
    SG_ASSIGN_OR_RETURN(team, ids.FindTeamByName(user.agency, user.team));
  }
  if (!team) {
    return core::Fail(core::Code::kFailedPrecondition,
                      fmt::format("the demo user '{}' needs a team {}'{}' in agency {}, and the "
                                  "database has none",
                                  user.username, user.team_is_prefix ? "whose name starts " : "",
                                  user.team, user.agency));
  }
  Placed placed{&user, team->id, std::nullopt};
  if (user.first_worker) {
    SG_ASSIGN_OR_RETURN(placed.worker_id, ids.FirstWorkerOf(team->id));
    if (!placed.worker_id) {
      return core::Fail(core::Code::kFailedPrecondition,
                        fmt::format("the demo user '{}' needs a worker in the team '{}', and it "
                                    "has none",
                                    user.username, team->name));
    }
  }
  return placed;
}

}  // namespace

std::vector<DemoUser> DemoUsers() {
  constexpr std::string_view kPbu = "Partnership Business Unit";
  return {
      {"frontdoor", "Farah Dawson", Role::kFrontDoorPractitioner, "LA-CSC", "Front Door (ChECS)"},
      {"police.frontdoor", "Paul Fenwick", Role::kFrontDoorPractitioner, "POLICE",
       "Public Protection Unit"},
      {"socialworker", "Sophie Walsh", Role::kSocialWorker, "LA-CSC", "Assessment Team", true,
       true},
      {"manager", "Martin Grant", Role::kTeamManager, "LA-CSC", "Assessment Team", true},
      {"police.officer", "Olivia Pryce", Role::kPartnerPractitioner, "POLICE",
       "Public Protection Unit"},
      {"health", "Helen Ashworth", Role::kPartnerPractitioner, "MCHFT",
       "Safeguarding Children Team"},
      {"school", "Simon Lees", Role::kDesignatedSafeguardingLead, "SCHOOLS",
       "Wistaston Primary School"},
      {"analyst", "Anita Lal", Role::kPartnershipAnalyst, "LA-CSC", kPbu},
      {"auditor", "Owen Dwyer", Role::kAuditor, "LA-CSC", kPbu},
      {"admin", "Adam Minton", Role::kAdministrator, "LA-CSC", kPbu},
  };
}

core::Status AddDemoUsers(store::Database& db, access::Gate& gate, const core::Clock& clock,
                          std::string_view password, access::HashCost cost) {
  const std::vector<DemoUser> users = DemoUsers();
  store::IdentityStore ids(db);
  // Every team first, so that a missing one fails before any hashing.
  std::vector<Placed> placed;
  for (const auto& user : users) {
    SG_ASSIGN_OR_RETURN(Placed p, Place(ids, user));
    placed.push_back(p);
  }
  access::AccountsOptions options;
  options.cost = cost;
  access::Accounts accounts(db, clock, options);
  const access::Actor demo = access::Actor::System("demo", "create the demo's users");
  return gate.Batch([&]() -> core::Status {
    for (const auto& p : placed) {
      access::NewUser user;
      user.username = std::string(p.user->username);
      user.display_name = std::string(p.user->display_name);
      user.team_id = p.team_id;
      user.worker_id = p.worker_id;
      // The user is that worker: their allocations, work tray and record
      // banners then name the person who signed in.
      if (p.worker_id) SG_RETURN_IF_ERROR(ids.RenameWorker(*p.worker_id, p.user->display_name));
      user.role = p.user->role;
      user.password = std::string(password);
      auto added = accounts.AddUser(demo, user);
      if (!added) return std::unexpected(added.error().WithContext(p.user->username));
    }
    return {};
  });
}

}  // namespace sg::demo
