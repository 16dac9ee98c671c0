#include "access/gate.h"

namespace sg::access {

core::Status Gate::Run(const Actor& actor, Action action,
                       const std::function<core::Status(AuditNote&)>& work) {
  if (auto allowed = policy_.Decide(actor, action); !allowed) return allowed;
  return db_.InTransaction(store::TransactionMode::kWrite, [&]() -> core::Status {
    AuditNote note;
    if (auto done = work(note); !done) return done;
    if (note.action.empty()) return {};
    return AppendAudit(db_, actor, clock_.NowUtc(), note);
  });
}

core::Status Gate::Batch(const std::function<core::Status()>& work) {
  return db_.InTransaction(store::TransactionMode::kWrite, work);
}

}  // namespace sg::access

