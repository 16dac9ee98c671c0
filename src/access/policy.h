// Policy: the one place that decides whether an actor may do an action.
//
// This is the first part of the need-to-know policy: roles grant actions on
// kinds of record. Involvement-based need-to-know, classifications owned by
// an agency and break-glass (need_to_know.h) start from this same entry
// point (Decide), so that no caller ever tests a role itself.
//
// Grants in brief: casework roles (front door, social worker, team manager,
// partner practitioner, designated safeguarding lead) read and record what
// their role allows, search and may break glass; team managers, auditors and
// administrators read access logs (for children their agency works with);
// auditors read records but change nothing; partnership analysts work with
// aggregate figures only and never read a child's record.
#ifndef SAFEGUARD_ACCESS_POLICY_H_
#define SAFEGUARD_ACCESS_POLICY_H_

#include <string_view>

#include "access/actor.h"
#include "core/error.h"

namespace sg::access {

enum class Action {
  kReadRecord,     // a child's record: details, chronology, journey
  kRecordJourney,  // create or change journey records (contacts ... care)
  kAddNote,        // add an entry of one's own to a child's chronology
  kReadWorkList,   // due and overdue statutory work
  kAdminister,     // agencies, teams, workers, involvements
  kVerifyAudit,    // check the audit log's integrity
  kImportReturn,   // load a statutory return (CIN census, SSDA903) into the records
  kExportReturn,   // write a statutory return from the records
  kComputeIndicators,  // aggregate figures over every child: indicators, scorecard, annual report
  kSearch,         // discovery: is a child known, and whom to contact (need_to_know.h)
  kBreakGlass,     // open a child's record outside need-to-know, for a typed reason
  kReadAccessLog,  // who looked at a child's record, and when
  kManageInvolvements,  // grant or end a team's need-to-know on a child (an involvement)
};

std::string_view ActionName(Action action);

class Policy {
 public:
  // Success, or kPermissionDenied naming the role and the action.
  core::Status Decide(const Actor& actor, Action action) const;
};

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_POLICY_H_
