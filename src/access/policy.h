// Policy: the one place that decides whether an actor may do an action.
//
// This is the first part of the need-to-know policy: roles grant actions on
// kinds of record. Involvement-based need-to-know, classifications owned by
// an agency and break-glass build on this same entry point (Decide), so that
// no caller ever tests a role itself.
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
};

std::string_view ActionName(Action action);

class Policy {
 public:
  // Success, or kPermissionDenied naming the role and the action.
  core::Status Decide(const Actor& actor, Action action) const;
};

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_POLICY_H_
