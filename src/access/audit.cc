#include "access/audit.h"

#include <fmt/format.h>

#include "core/hash.h"

namespace sg::access {

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

namespace {

void Field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

}  // namespace

std::string ChainHash(const store::AuditRow& row) {
  std::string bytes(row.prev_hash);
  Field(bytes, std::to_string(row.seq));
  Field(bytes, row.at);
  Field(bytes, row.actor);
  Field(bytes, row.action);
  Field(bytes, row.entity);
  Field(bytes, row.entity_id);
  Field(bytes, row.person_id ? std::to_string(*row.person_id) : std::string());
  Field(bytes, core::Sha256Hex(row.details));
  return core::Sha256Hex(bytes);
}

core::Status AppendAudit(store::Database& db, const Actor& actor, std::string_view at,
                         const AuditNote& note) {
  store::AuditStore log(db);
  auto head = log.Head();
  if (!head) return std::unexpected(head.error());
  store::AuditRow row;
  row.seq = *head ? (*head)->seq + 1 : 1;
  row.prev_hash = *head ? (*head)->entry_hash : std::string(kGenesisHash);
  row.at = std::string(at);
  row.actor = fmt::format("{} ({}, {}; purpose: {})", actor.id, actor.agency, RoleName(actor.role),
                          actor.purpose);
  row.action = note.action;
  row.entity = note.entity;
  row.entity_id = note.entity_id;
  row.person_id = note.person_id;
  row.details = note.details.empty() ? "{}" : note.details;
  row.entry_hash = ChainHash(row);
  return log.Append(row);
}

core::Result<AuditVerification> VerifyAudit(store::Database& db) {
  AuditVerification v;
  std::string expected_prev(kGenesisHash);
  int64_t expected_seq = 1;
  auto broken = [&](int64_t seq, std::string problem) -> core::Status {
    v.intact = false;
    v.first_broken_seq = seq;
    v.problem = std::move(problem);
    // Stop the walk: the first break is what an investigator needs.
    return core::Fail(core::Code::kAborted, "stop");
  };
  store::AuditStore log(db);
  auto walked = log.ForEach([&](const store::AuditRow& row) -> core::Status {
    if (row.seq != expected_seq) {
      return broken(expected_seq,
                    row.seq > expected_seq
                        ? fmt::format("audit row {} is missing (the log jumps from row {} to {})",
                                      expected_seq, expected_seq - 1, row.seq)
                        : fmt::format("audit row {} is out of sequence", row.seq));
    }
    if (row.prev_hash != expected_prev) {
      return broken(row.seq, fmt::format("audit row {} does not follow row {}: a row was "
                                         "inserted, removed or replaced before it",
                                         row.seq, row.seq - 1));
    }
    if (ChainHash(row) != row.entry_hash) {
      return broken(row.seq, fmt::format("audit row {} has been altered: its contents no longer "
                                         "match its hash",
                                         row.seq));
    }
    ++v.rows_checked;
    expected_prev = row.entry_hash;
    ++expected_seq;
    return {};
  });
  if (!walked && v.intact) return std::unexpected(walked.error());
  if (!v.intact) return v;
  auto head = log.Head();
  if (!head) return std::unexpected(head.error());
  const int64_t last = expected_seq - 1;
  if (*head && ((*head)->seq != last || (*head)->entry_hash != expected_prev)) {
    v.intact = false;
    v.first_broken_seq = last + 1;
    v.problem = (*head)->seq > last
                    ? fmt::format("audit rows {} to {} have been removed from the end of the log",
                                  last + 1, (*head)->seq)
                    : fmt::format("the audit head records row {} but the log ends at row {}",
                                  (*head)->seq, last);
  } else if (!*head && last > 0) {
    v.intact = false;
    v.first_broken_seq = 1;
    v.problem = "the audit head is missing although the log has rows";
  }
  return v;
}

}  // namespace sg::access
