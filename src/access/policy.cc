#include "access/policy.h"

#include <fmt/format.h>

namespace sg::access {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kFrontDoorPractitioner:
      return "front-door practitioner";
    case Role::kSocialWorker:
      return "social worker";
    case Role::kTeamManager:
      return "team manager";
    case Role::kPartnerPractitioner:
      return "partner-agency practitioner";
    case Role::kDesignatedSafeguardingLead:
      return "designated safeguarding lead";
    case Role::kPartnershipAnalyst:
      return "partnership analyst";
    case Role::kAuditor:
      return "auditor";
    case Role::kAdministrator:
      return "administrator";
    case Role::kSystem:
      return "system";
  }
  return "unknown";
}

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kReadRecord:
      return "read a child's record";
    case Action::kRecordJourney:
      return "record the child's journey";
    case Action::kAddNote:
      return "add a chronology entry";
    case Action::kReadWorkList:
      return "see the work tray";
    case Action::kAdminister:
      return "administer agencies, teams and workers";
    case Action::kVerifyAudit:
      return "verify the audit log";
    case Action::kImportReturn:
      return "import a statutory return";
    case Action::kExportReturn:
      return "export a statutory return";
    case Action::kComputeIndicators:
      return "compute indicators and reports";
    case Action::kSearch:
      return "search for a child";
    case Action::kBreakGlass:
      return "break the glass on a child's record";
    case Action::kReadAccessLog:
      return "read a child's access log";
    case Action::kManageInvolvements:
      return "manage who works with a child";
  }
  return "unknown";
}

Actor Actor::System(std::string_view program, std::string_view purpose) {
  return Actor{fmt::format("system:{}", program), fmt::format("Safeguard {}", program), "SYSTEM",
               Role::kSystem, std::string(purpose)};
}

namespace {

bool IsCasework(Action action) {
  return action == Action::kReadRecord || action == Action::kRecordJourney ||
         action == Action::kAddNote || action == Action::kReadWorkList;
}

// Every casework role may find a child and, when not cleared, break glass
// (the front door is always cleared, so for it break-glass never applies).
bool IsFinding(Action action) {
  return action == Action::kSearch || action == Action::kBreakGlass;
}

bool Grants(Role role, Action action) {
  switch (role) {
    case Role::kSystem:
      return true;
    case Role::kFrontDoorPractitioner:
    case Role::kSocialWorker:
      return IsCasework(action) || IsFinding(action);
    case Role::kTeamManager:  // casework, the team's figures and who looked at its children
      return IsCasework(action) || IsFinding(action) || action == Action::kComputeIndicators ||
             action == Action::kReadAccessLog || action == Action::kManageInvolvements;
    case Role::kPartnerPractitioner:
    case Role::kDesignatedSafeguardingLead:
      return action == Action::kReadRecord || action == Action::kAddNote || IsFinding(action);
    case Role::kPartnershipAnalyst:  // aggregate only
      return action == Action::kReadWorkList || action == Action::kImportReturn ||
             action == Action::kExportReturn || action == Action::kComputeIndicators;
    case Role::kAuditor:  // reads, never changes
      return action == Action::kVerifyAudit || action == Action::kReadRecord ||
             action == Action::kComputeIndicators || action == Action::kReadAccessLog ||
             action == Action::kSearch;  // an audit starts from a name
    case Role::kAdministrator:
      return action == Action::kAdminister || action == Action::kManageInvolvements ||
             action == Action::kVerifyAudit || action == Action::kImportReturn ||
             action == Action::kReadAccessLog;
  }
  return false;
}

}  // namespace

core::Status Policy::Decide(const Actor& actor, Action action) const {
  if (Grants(actor.role, action)) return {};
  const std::string_view role = RoleName(actor.role);
  const bool vowel =
      !role.empty() && std::string_view("aeiou").find(role.front()) != std::string_view::npos;
  return core::Fail(core::Code::kPermissionDenied,
                    fmt::format("{} {} may not {}", vowel ? "an" : "a", role, ActionName(action)));
}

}  // namespace sg::access
