// Gate: the door through which every read and write of a person's data goes.
//
// Gate::Run(actor, action, work) asks the Policy, then runs `work` inside a
// write transaction and appends the audit row that `work` describes to the
// log in that same transaction. If the policy refuses, nothing runs; if
// `work` fails, its changes and the audit row are rolled back together. Reads
// of a child's record go through the same door and are audited the same way.
//
// Need-to-know. When the note names a child (person_id), the actor must be
// cleared for that child (access::ClearForChild, need_to_know.h) before the
// row is appended; a refusal rolls the whole transaction back, so nothing
// the work wrote or read escapes, and the refusal is returned. The audit
// row records the clearance: its details gain "basis" (system, role,
// involvement, break-glass) and, where there is one, "grant_id" and
// "lawful_basis". The check comes after the work because the work is what
// finds the child (a referral's child, say); a caller that knows the child
// first can ask Clear() before doing anything, and should, because a
// failing work's own error message is returned before any check.
//
// Refusals are on the record too: when need-to-know refuses (in Run or in
// Clear), a "refused" row naming the actor, the child and the attempted
// action is appended after the refused work has rolled back, so every look,
// allowed or not, is in the log and none of the refused work is.
//
// Thread safety: a Gate uses one Database connection; one Gate per thread.
#ifndef SAFEGUARD_ACCESS_GATE_H_
#define SAFEGUARD_ACCESS_GATE_H_

#include <functional>
#include <utility>
#include <vector>

#include "access/actor.h"
#include "access/audit.h"
#include "access/need_to_know.h"
#include "access/policy.h"
#include "core/clock.h"
#include "store/database.h"

namespace sg::access {

class Gate {
 public:
  Gate(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // `work` fills in the AuditNote it is given (what it did, to which record).
  // A note left with an empty action records nothing (a call that changed
  // nothing, such as a read of a list with no person in it).
  core::Status Run(const Actor& actor, Action action,
                   const std::function<core::Status(AuditNote&)>& work);

  // Whether `actor` may do `action` on the child now (policy, then
  // need-to-know), without doing anything or auditing; in a read
  // transaction of its own (a savepoint inside a larger one). Breaking the
  // glass is itself refused here for an actor not yet cleared: the grant is
  // made inside Run (need_to_know.h, BreakGlass).
  core::Result<Clearance> Clear(const Actor& actor, Action action, int64_t person_id);

  // A unit of work larger than one command (an import, the demo): each Run
  // inside it becomes a savepoint, and the whole commits or rolls back once.
  core::Status Batch(const std::function<core::Status()>& work);

  // A refused look stays on the record even when the request it was part
  // of fails as a whole: a caller that runs requests inside a transaction of
  // its own (the server's savepoint per request) forgets the refusals at the
  // start of each request and, when it has rolled the request back, writes
  // the refusal rows again (only those: nothing the request read or wrote).
  void ForgetRefusals() { refusals_.clear(); }
  core::Status RecordRefusalsAgain();

  store::Database& database() { return db_; }
  const core::Clock& clock() const { return clock_; }

 private:
  core::Status RecordRefusal(const Actor& actor, Action action, int64_t person_id,
                             std::string_view entity, std::string_view entity_id);

  core::Status AppendRefusal(const AuditNote& refusal, const Actor& actor);

  store::Database& db_;
  const core::Clock& clock_;
  Policy policy_;
  std::vector<std::pair<Actor, AuditNote>> refusals_;  // since ForgetRefusals
};

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_GATE_H_
