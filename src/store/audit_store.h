// AuditStore: the rows of the audit log and its head. The hash chain itself
// (what is hashed, how it is checked) belongs to access/audit.h; this class
// only reads and appends rows.
#ifndef SAFEGUARD_STORE_AUDIT_STORE_H_
#define SAFEGUARD_STORE_AUDIT_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/database.h"

namespace sg::store {

struct AuditRow {
  int64_t seq = 0;
  std::string at;
  std::string actor;
  std::string action;
  std::string entity;
  std::string entity_id;
  std::optional<int64_t> person_id;
  std::string details;
  std::string prev_hash;
  std::string entry_hash;
};

struct AuditHead {
  int64_t seq = 0;
  std::string entry_hash;
};

class AuditStore {
 public:
  explicit AuditStore(Database& db) : db_(db) {}

  // The newest entry as the head table records it; empty for a new log.
  Result<std::optional<AuditHead>> Head();
  // Inserts the row and moves the head to it. REQUIRES: inside a write
  // transaction, row.seq = head seq + 1.
  Status Append(const AuditRow& row);
  // Every row in seq order.
  Status ForEach(const std::function<Status(const AuditRow&)>& each);
  // Rows about one person, newest first (who looked at a child's record).
  Result<std::vector<AuditRow>> RowsAboutPerson(int64_t person_id, int limit);

 private:
  Database& db_;
};

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_AUDIT_STORE_H_
