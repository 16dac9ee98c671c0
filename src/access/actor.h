// Actor: who is acting, for which agency, in what role and for what purpose.
//
// Every call that reads or writes a person's data takes an Actor. There is
// no anonymous or "internal" caller: the command line acts as a named system
// actor (Actor::System("cli")), and so does the demo builder, so that every
// audit row names someone.
#ifndef SAFEGUARD_ACCESS_ACTOR_H_
#define SAFEGUARD_ACCESS_ACTOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sg::access {

enum class Role {
  kFrontDoorPractitioner,
  kSocialWorker,
  kTeamManager,
  kPartnerPractitioner,
  kDesignatedSafeguardingLead,
  kPartnershipAnalyst,
  kAuditor,
  kAdministrator,
  kSystem,  // a program acting on its own account (command line, demo, import)
};

std::string_view RoleName(Role role);

// Parses the stable text form used in the database and on the command line
// ("front-door-practitioner", "social-worker", ...); nullopt when unknown.
std::optional<Role> ParseRole(std::string_view text);
std::string_view RoleCode(Role role);  // the stable text form

struct Actor {
  std::string id;      // user name, or "system:<name>"
  std::string name;    // as shown to people
  std::string agency;  // agency code, e.g. "LA-CSC", "POLICE"
  Role role = Role::kSocialWorker;
  std::string purpose;  // why the actor is acting (recorded on every audit row)

  // A signed-in user's identity, which need-to-know rests on: the user row,
  // the user's own team, and the worker that involvements name. Empty for a
  // system actor.
  std::optional<int64_t> user_id;
  std::optional<int64_t> team_id;
  std::optional<int64_t> worker_id;

  static Actor System(std::string_view program, std::string_view purpose);
  bool is_system() const { return role == Role::kSystem; }
};

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_ACTOR_H_
