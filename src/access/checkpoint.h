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
// while writing) is reported as such and ignored, not taken for tampering,
// and the next write cuts it off before appending. Writers (the server and
// the command line) take an exclusive flock on the checkpoint file and read
// the head under it, so lines always go up in seq.
//
// Trust. The public key that verifies is the one derived from the key file
// when it is present; without it, the key named on the first line, which
// every later line must repeat. Only the key file lets verification tell a
// re-signed file from the real one, which is why it belongs elsewhere. A key
// file that group or others may read is refused.
//
// Limits. Each line stands alone. Old lines lost from the file cost little,
// since the chain through a newer signed hash still pins every row before
// it; but lines cut from the end go unnoticed, leaving the rows after the
// newest remaining line only as safe as the chain. Copying the file off the
// host (it holds nothing secret) closes that.
#ifndef SAFEGUARD_ACCESS_CHECKPOINT_H_
#define SAFEGUARD_ACCESS_CHECKPOINT_H_

#include <chrono>
#include <cstdint>
#include <mutex>
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
// when the head is already the newest checkpoint or the log is empty (and
// then creates no file). Returns the seq checkpointed (0 when nothing was
// written). Refuses, writing nothing: kDataLoss when the head is not after
// the newest checkpoint (rows lost or rewritten); kFailedPrecondition when
// the key file is open to others, or missing while the file already holds
// checkpoints (a new key would not match them).
core::Result<int64_t> WriteCheckpoint(store::Database& db, const CheckpointPaths& paths,
                                      const core::Clock& clock);

struct CheckpointVerification {
  int checkpoints = 0;     // lines verified
  int64_t newest_seq = 0;  // highest seq signed
  bool intact = true;
  bool file_missing = false;  // no checkpoint written yet: not a failure
  bool torn_last_line = false;
  std::string problem;  // one sentence naming the first failure
};

// An Error only when a file exists but cannot be read, or the key file is
// refused (kFailedPrecondition: open to others; kDataLoss: damaged).
core::Result<CheckpointVerification> VerifyCheckpoints(store::Database& db,
                                                       const CheckpointPaths& paths);

// The server's hook: call MaybeWrite after each commit and once at
// shutdown. It writes a checkpoint when at least `every_rows` rows have been
// added since the last one, or `every` has passed since its last write and
// there is something new; otherwise it only reads the head (one small
// query). At shutdown pass every_rows = 1 to sign whatever is new. Returns
// the seq written, 0 when nothing was; an error (a refused key, a head gone
// backwards) comes back on every due call until someone fixes its cause.
//
// Thread safety: one Checkpointer may be shared by threads, each passing its
// own connection; calls are serialised.
class Checkpointer {
 public:
  Checkpointer(CheckpointPaths paths, const core::Clock& clock);

  core::Result<int64_t> MaybeWrite(store::Database& db, int64_t every_rows,
                                   std::chrono::seconds every);

 private:
  const CheckpointPaths paths_;
  const core::Clock& clock_;
  std::mutex mu_;
  std::optional<int64_t> last_seq_;  // newest seq signed, read from the file on first use
  int64_t last_at_;                  // when this Checkpointer last wrote (or was made)
};

}  // namespace sg::access

#endif  // SAFEGUARD_ACCESS_CHECKPOINT_H_
