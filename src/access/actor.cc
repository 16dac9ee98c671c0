#include "access/actor.h"

#include <array>
#include <utility>

namespace sg::access {
namespace {

// The stable text forms: stored in users.role and typed on the command line,
// so they never change once written.
constexpr std::array<std::pair<Role, std::string_view>, 9> kRoleCodes = {{
    {Role::kFrontDoorPractitioner, "front-door-practitioner"},
    {Role::kSocialWorker, "social-worker"},
    {Role::kTeamManager, "team-manager"},
    {Role::kPartnerPractitioner, "partner-practitioner"},
    {Role::kDesignatedSafeguardingLead, "designated-safeguarding-lead"},
    {Role::kPartnershipAnalyst, "partnership-analyst"},
    {Role::kAuditor, "auditor"},
    {Role::kAdministrator, "administrator"},
    {Role::kSystem, "system"},
}};

}  // namespace

std::string_view RoleCode(Role role) {
  for (const auto& [r, code] : kRoleCodes) {
    if (r == role) return code;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (const auto& [role, code] : kRoleCodes) {
    if (code == text) return role;
  }
  return std::nullopt;
}

}  // namespace sg::access
