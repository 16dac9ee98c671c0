// Gate: the door through which every read and write of a person's data goes.
//
// Gate::Run(actor, action, work) asks the Policy, then runs `work` inside a
// write transaction and appends the audit row that `work` describes to the
// log in that same transaction. If the policy refuses, nothing runs; if
// `work` fails, its changes and the audit row are rolled back together. Reads
// of a child's record go through the same door and are audited the same way.
//
// Thread safety: a Gate uses one Database connection; one Gate per thread.
#ifndef SAFEGUARD_ACCESS_GATE_H_
#define SAFEGUARD_ACCESS_GATE_H_

#include <functional>

#include "access/actor.h"
#include "access/audit.h"
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

  // A unit of work larger than one command (an import, the demo): each Run
  // inside it becomes a savepoint, and the whole commits or rolls back once.
  core::Status Batch(const std::function<core::Status()>& work);

  store::Database& database() { return db_; }
  const core::Clock& clock() const { return clock_; }

 private:
  store::Database& db_;
  const core::Clock& clock_;
  Policy policy_;
};

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_GATE_H_
