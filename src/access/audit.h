// The audit log: append-only and hash-chained.
//
// Every change to a person's data, and every read of a child's record, adds
// one row in the same transaction as the work it records, so there is never
// a change without its row nor a row without its change.
//
// Chain. Row n stores prev_hash = entry_hash of row n-1 (64 zeros for the
// first row) and
//
//   entry_hash = SHA-256(prev_hash || canonical bytes of row n)
//
// where the canonical bytes are the row's fields, each written as its length
// in decimal, a colon and its bytes, in a fixed order (seq, at, actor,
// action, entity, entity_id, person_id, SHA-256 of details). A length-prefixed
// form, not JSON text, so that the same row always hashes the same.
//
// Verification walks the log from the first row and names the first row that
// breaks the chain: a row whose contents changed (its hash no longer matches),
// a missing row (seq jumps), a row inserted or reordered (prev_hash does not
// match), or rows removed from the end (the head table records a later row).
// Anyone who can write the database file can rebuild the whole chain; signed
// checkpoints kept outside the database close that gap (access/checkpoint.h).
#ifndef SAFEGUARD_ACCESS_AUDIT_H_
#define SAFEGUARD_ACCESS_AUDIT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "access/actor.h"
#include "core/error.h"
#include "store/audit_store.h"
#include "store/database.h"

namespace sg::access {

// What one audit row says; the log fills in seq, time and hashes.
struct AuditNote {
  std::string action;     // "create", "update", "read", ...
  std::string entity;     // "referral", "child", ...
  std::string entity_id;  // our id of the record
  std::optional<int64_t> person_id;
  std::string details;    // short JSON, no free text from the record
};

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// `text` as a JSON string literal, quotes included: audit details are short
// JSON written by hand, field by field.
std::string JsonString(std::string_view text);

// The entry_hash of `row` given its prev_hash (the row's own entry_hash is
// ignored).
std::string ChainHash(const store::AuditRow& row);

// Appends one row. REQUIRES: inside a write transaction on `db`.
core::Status AppendAudit(store::Database& db, const Actor& actor, std::string_view at,
                         const AuditNote& note);

struct AuditVerification {
  int64_t rows_checked = 0;
  bool intact = true;
  std::optional<int64_t> first_broken_seq;
  std::string problem;  // one sentence naming the first broken row
};

// Walks the whole log. An Error only when the log cannot be read at all.
core::Result<AuditVerification> VerifyAudit(store::Database& db);

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_AUDIT_H_
