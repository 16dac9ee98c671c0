// safeguard audit checkpoint: signs the audit log's head into a file outside
// the database (access/checkpoint.h), for cron or an operator; the server
// writes its own through access::Checkpointer.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "access/checkpoint.h"
#include "access/policy.h"
#include "cli/common.h"
#include "cli/registered.h"
#include "store/audit_store.h"

namespace sg::cli {
namespace {

struct CheckpointArgs {
  std::string db;
  std::string checkpoints;  // default: beside the database
  std::string key;          // default: beside the database
};

access::CheckpointPaths Paths(const CheckpointArgs& args) {
  access::CheckpointPaths paths = access::CheckpointPaths::Beside(args.db);
  if (!args.checkpoints.empty()) paths.file = args.checkpoints;
  if (!args.key.empty()) paths.key = args.key;
  return paths;
}

// Why nothing was written: an empty log, or a head already signed.
int ReportNothingWritten(store::Database& db, const access::CheckpointPaths& paths) {
  auto head = store::AuditStore(db).Head();
  if (!head) return Report(head.error());
  if (!*head) {
    std::printf("Nothing to checkpoint: the audit log is empty.\n");
  } else {
    std::printf("Nothing new to checkpoint: audit row %lld is already signed in %s.\n",
                static_cast<long long>((*head)->seq), paths.file.c_str());
  }
  return 0;
}

int RunCheckpoint(const Context& context, const CheckpointArgs& args) {
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  auto actor = access::Actor::System("cli", "sign a checkpoint of the audit log");
  if (auto allowed = access::Policy().Decide(actor, access::Action::kVerifyAudit); !allowed) {
    return Report(allowed.error());
  }
  const access::CheckpointPaths paths = Paths(args);
  std::error_code ignored;
  const bool had_key = std::filesystem::exists(paths.key, ignored);
  auto clock = MakeClock(context);
  auto written = access::WriteCheckpoint(**db, paths, *clock);
  if (!written) return Report(written.error());
  if (*written == 0) return ReportNothingWritten(**db, paths);
  std::printf("Checkpoint written: audit row %lld signed into %s.\n",
              static_cast<long long>(*written), paths.file.c_str());
  if (!had_key) {
    std::printf(
        "A new signing key was made in %s (readable by its owner only). Keep it, and the "
        "checkpoints, off the database's volume: whoever can rewrite the database must "
        "not reach them.\n",
        paths.key.c_str());
  }
  return 0;
}

}  // namespace

std::vector<Registered> AddCheckpointCommand(CLI::App& audit) {
  auto args = std::make_shared<CheckpointArgs>();
  auto* command = audit.add_subcommand(
      "checkpoint", "Sign the audit log's newest row into a file outside the database");
  command->add_option("--db", args->db, "SQLite database file")->required();
  command
      ->add_option("--checkpoints", args->checkpoints,
                   "File of signed checkpoints (default DB.checkpoints; also "
                   "SAFEGUARD_CHECKPOINTS, which audit verify reads)")
      ->envname("SAFEGUARD_CHECKPOINTS");
  command
      ->add_option("--checkpoint-key", args->key,
                   "Ed25519 signing key, made on first use (default DB.checkpoint-key; also "
                   "SAFEGUARD_CHECKPOINT_KEY, which audit verify reads)")
      ->envname("SAFEGUARD_CHECKPOINT_KEY");
  auto run = [args](const Context& context) { return RunCheckpoint(context, *args); };
  return {Registered{command, run}};
}

}  // namespace sg::cli
