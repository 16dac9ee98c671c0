// Checkpoints: signed statements of the audit log's head, kept outside the
// database.
//
// Design. The hash chain (audit.h) detects any change to the log by someone
// who cannot rewrite the whole chain; anyone who can write the database file
// can. A checkpoint closes that gap: an Ed25519 signature (libsodium
// crypto_sign_detached) over "safeguard-audit-checkpoint v1\n<seq>\n<entry
// hash>\n<at>\n", appended as one line to a file that lives outside the
// database (by default beside it: DB.checkpoints), with the signing key in a
// separate file (DB.checkpoint-key, mode 0600, created on first use). In
// production the checkpoint file and the key belong on another volume or
// host (the paths are options); then rewriting the database is detected
// because the rewritten chain no longer passes through the signed hashes.
//
// Verification checks, for every line: its signature under the key's public
// key; that the log has a row at that seq; that the row's entry_hash is the
// signed one. The newest checkpoint also bounds the log from below: a log
// shorter than a signed seq has lost rows.
//
// Lines are appended with O_APPEND and fsync'd; a torn last line (a crash
// while writing) is reported as such and ignored, not taken for tampering.
#ifndef SAFEGUARD_ACCESS_CHECKPOINT_H_
#define SAFEGUARD_ACCESS_CHECKPOINT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace sg::access {

struct CheckpointPaths {
  std::string file;  // the checkpoints, one line each
  std::string key;   // the Ed25519 secret key (hex), created when missing

  // DB.checkpoints and DB.checkpoint-key beside a database file.
  static CheckpointPaths Beside(const std::string& database_path);
};

// Signs the log's current head and appends it to the file; does nothing
// when the head is already the newest checkpoint or the log is empty.
// Returns the seq checkpointed (0 when nothing was written).
core::Result<int64_t> WriteCheckpoint(store::Database& db, const CheckpointPaths& paths,
                                      const core::Clock& clock);

struct CheckpointVerification {
  int checkpoints = 0;        // lines verified
  int64_t newest_seq = 0;     // highest seq signed
  bool intact = true;
  bool file_missing = false;  // no checkpoint written yet: not a failure
  bool torn_last_line = false;
  std::string problem;        // one sentence naming the first failure
};

// An Error only when a file exists but cannot be read.
core::Result<CheckpointVerification> VerifyCheckpoints(store::Database& db,
                                                       const CheckpointPaths& paths);

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_CHECKPOINT_H_
