#include "store/audit_store.h"

#include "store/row_reader.h"

namespace sg::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT seq, at, actor, action, entity, entity_id, person_id, details, prev_hash, entry_hash "
    "FROM audit_log ";

AuditRow ReadAuditRow(RowReader& r) {
  AuditRow a;
  a.seq = r.Int(0);
  a.at = r.String(1);
  a.actor = r.String(2);
  a.action = r.String(3);
  a.entity = r.String(4);
  a.entity_id = r.String(5);
  a.person_id = r.OptInt(6);
  a.details = r.String(7);
  a.prev_hash = r.String(8);
  a.entry_hash = r.String(9);
  return a;
}

}  // namespace

Result<std::optional<AuditHead>> AuditStore::Head() {
  return QueryOne<AuditHead>(db_, "SELECT seq, entry_hash FROM audit_head WHERE id = 1", {},
                             [](RowReader& r) { return AuditHead{r.Int(0), r.String(1)}; });
}

Status AuditStore::Append(const AuditRow& a) {
  if (auto s = db_.Execute(
          "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, person_id, details, "
          "prev_hash, entry_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          {a.seq, a.at, a.actor, a.action, a.entity, a.entity_id, a.person_id, a.details,
           a.prev_hash, a.entry_hash});
      !s) {
    return s;
  }
  return db_.Execute(
      "INSERT INTO audit_head (id, seq, entry_hash) VALUES (1, $1, $2) "
      "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, entry_hash = excluded.entry_hash",
      {a.seq, a.entry_hash});
}

Status AuditStore::ForEach(const std::function<Status(const AuditRow&)>& each) {
  static const std::string sql = std::string(kSelect) + "ORDER BY seq";
  return db_.Query(sql, {}, [&](const Row& row) -> Status {
    RowReader reader(row);
    AuditRow a = ReadAuditRow(reader);
    return each(a);
  });
}

Result<std::vector<AuditRow>> AuditStore::RowsAboutPerson(int64_t person_id, int limit) {
  static const std::string sql =
      std::string(kSelect) + "WHERE person_id = $1 ORDER BY seq DESC LIMIT $2";
  return QueryAll<AuditRow>(db_, sql, {person_id, limit}, ReadAuditRow);
}

}  // namespace sg::store
