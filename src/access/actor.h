// Actor: who is acting, for which agency, in what role and for what purpose.
//
// Every call that reads or writes a person's data takes an Actor. There is
// no anonymous or "internal" caller: the command line acts as a named system
// actor (Actor::System("cli")), and so does the demo builder, so that every
// audit row names someone.
#ifndef SAFEGUARD_ACCESS_ACTOR_H_
#define SAFEGUARD_ACCESS_ACTOR_H_

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

struct Actor {
  std::string id;      // user name, or "system:<name>"
  std::string name;    // as shown to people
  std::string agency;  // agency code, e.g. "LA-CSC", "POLICE"
  Role role = Role::kSocialWorker;
  std::string purpose;  // why the actor is acting (recorded on every audit row)

  static Actor System(std::string_view program, std::string_view purpose);
  bool is_system() const { return role == Role::kSystem; }
};

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_ACTOR_H_
