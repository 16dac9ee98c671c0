#include "access/gate.h"

#include <fmt/format.h>

namespace sg::access {
namespace {

// The note's details (short JSON, usually an object) with the clearance's
// fields added.
std::string WithClearance(std::string_view details, const Clearance& clearance) {
  std::string fields = fmt::format("\"basis\":\"{}\"", BasisName(clearance.basis));
  if (clearance.grant_id) fields += fmt::format(",\"grant_id\":{}", *clearance.grant_id);
  if (!clearance.lawful_basis.empty()) {
    fields += ",\"lawful_basis\":" + JsonString(clearance.lawful_basis);
  }
  const auto first = details.find_first_not_of(" \t\r\n");
  const auto last = details.find_last_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "{" + fields + "}";
  std::string_view body = details.substr(first, last - first + 1);
  if (body.size() >= 2 && body.front() == '{' && body.back() == '}') {
    std::string_view inner = body.substr(1, body.size() - 2);
    const bool empty = inner.find_first_not_of(" \t\r\n") == std::string_view::npos;
    return fmt::format("{{{}{}{}}}", empty ? "" : inner, empty ? "" : ",", fields);
  }
  // Not an object: keep what the work said as a string beside the basis.
  return "{" + fields + ",\"note\":" + JsonString(body) + "}";
}

}  // namespace

// A refused look is on the record too: who tried to see which child, for
// what. Written after the refused work has rolled back, so it holds nothing
// the work read.
core::Status Gate::RecordRefusal(const Actor& actor, Action action, int64_t person_id,
                                 std::string_view entity, std::string_view entity_id) {
  AuditNote refusal{"refused", std::string(entity), std::string(entity_id), person_id,
                    "{\"attempted\":" + JsonString(ActionName(action)) + "}"};
  refusals_.emplace_back(actor, refusal);
  return AppendRefusal(refusal, actor);
}

core::Status Gate::AppendRefusal(const AuditNote& refusal, const Actor& actor) {
  return db_.InTransaction(store::TransactionMode::kWrite, [&]() -> core::Status {
    return AppendAudit(db_, actor, clock_.NowUtc(), refusal);
  });
}

core::Status Gate::RecordRefusalsAgain() {
  std::vector<std::pair<Actor, AuditNote>> refusals = std::move(refusals_);
  refusals_.clear();
  for (const auto& [actor, refusal] : refusals) SG_RETURN_IF_ERROR(AppendRefusal(refusal, actor));
  return {};
}

core::Status Gate::Run(const Actor& actor, Action action,
                       const std::function<core::Status(AuditNote&)>& work) {
  if (auto allowed = policy_.Decide(actor, action); !allowed) return allowed;
  AuditNote refused;  // the note of work that need-to-know refused
  auto done = db_.InTransaction(store::TransactionMode::kWrite, [&]() -> core::Status {
    AuditNote note;
    if (auto worked = work(note); !worked) return worked;
    if (note.person_id) {
      auto clearance = ClearForChild(db_, actor, *note.person_id, action, clock_);
      if (!clearance) {
        refused = note;
        return std::unexpected(clearance.error());
      }
      note.details = WithClearance(note.details, *clearance);
    }
    if (note.action.empty()) return {};
    return AppendAudit(db_, actor, clock_.NowUtc(), note);
  });
  if (!done && refused.person_id && done.error().code() == core::Code::kPermissionDenied) {
    SG_RETURN_IF_ERROR(
        RecordRefusal(actor, action, *refused.person_id, refused.entity, refused.entity_id));
  }
  return done;
}

core::Result<Clearance> Gate::Clear(const Actor& actor, Action action, int64_t person_id) {
  Clearance clearance;
  auto checked = db_.InTransaction(store::TransactionMode::kRead, [&]() -> core::Status {
    SG_ASSIGN_OR_RETURN(clearance, ClearForChild(db_, actor, person_id, action, clock_));
    return {};
  });
  if (!checked) {
    if (checked.error().code() == core::Code::kPermissionDenied) {
      SG_RETURN_IF_ERROR(
          RecordRefusal(actor, action, person_id, "child", std::to_string(person_id)));
    }
    return std::unexpected(checked.error());
  }
  return clearance;
}

core::Status Gate::Batch(const std::function<core::Status()>& work) {
  return db_.InTransaction(store::TransactionMode::kWrite, work);
}

}  // namespace sg::access
