// safeguard audit verify: walks the hash chain of the audit log, then checks
// the signed checkpoints kept outside the database (access/checkpoint.h).
//
// The checkpoint paths default to those beside the database; the options
// of `audit verify` are declared in main.cc, so other places come from the
// environment (SAFEGUARD_CHECKPOINTS, SAFEGUARD_CHECKPOINT_KEY), which
// `audit checkpoint` reads too.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/audit.h"
#include "access/checkpoint.h"
#include "access/policy.h"
#include "cli/common.h"

namespace sg::cli {
namespace {

access::CheckpointPaths PathsFromEnvironment(const std::string& db) {
  access::CheckpointPaths paths = access::CheckpointPaths::Beside(db);
  if (const char* file = std::getenv("SAFEGUARD_CHECKPOINTS"); file != nullptr && *file != '\0') {
    paths.file = file;
  }
  if (const char* key = std::getenv("SAFEGUARD_CHECKPOINT_KEY"); key != nullptr && *key != '\0') {
    paths.key = key;
  }
  return paths;
}

nlohmann::json CheckpointsJson(const access::CheckpointVerification& c,
                               const access::CheckpointPaths& paths, bool key_present) {
  nlohmann::json out = {{"file", paths.file},
                        {"key", paths.key},
                        {"key_file_present", key_present},
                        {"written", !c.file_missing},
                        {"intact", c.intact},
                        {"verified", c.checkpoints},
                        {"newest_row", c.newest_seq},
                        {"torn_last_line", c.torn_last_line}};
  if (!c.intact) out["problem"] = c.problem;
  return out;
}

void PrintJson(const access::AuditVerification& chain, const access::CheckpointVerification& c,
               const access::CheckpointPaths& paths, bool key_present) {
  nlohmann::json chain_json = {{"intact", chain.intact}, {"rows_checked", chain.rows_checked}};
  nlohmann::json out = {{"intact", chain.intact && c.intact}, {"rows_checked", chain.rows_checked}};
  if (!chain.intact) {
    chain_json["first_broken_row"] = *chain.first_broken_seq;
    chain_json["problem"] = chain.problem;
    out["first_broken_row"] = *chain.first_broken_seq;
  }
  // The first failure, chain before checkpoints, for readers of one field.
  if (!chain.intact) {
    out["problem"] = chain.problem;
  } else if (!c.intact) {
    out["problem"] = c.problem;
  }
  out["chain"] = std::move(chain_json);
  out["checkpoints"] = CheckpointsJson(c, paths, key_present);
  std::printf("%s\n", out.dump(2).c_str());
}

// Never says "intact": that word belongs to the chain's verdict.
void PrintCheckpointsTable(const access::CheckpointVerification& c,
                           const access::CheckpointPaths& paths, bool key_present) {
  if (!c.intact) {
    std::printf("CHECKPOINTS BROKEN: %s\n", c.problem.c_str());
  } else if (c.file_missing || c.checkpoints == 0) {
    std::printf(
        "Checkpoints: no checkpoints written yet (none in %s); "
        "'safeguard audit checkpoint' signs one.\n",
        paths.file.c_str());
  } else {
    std::printf(
        "Checkpoints verified: %d signed in %s, the newest at row %lld; the log passes "
        "through every one.\n",
        c.checkpoints, paths.file.c_str(), static_cast<long long>(c.newest_seq));
    if (!key_present) {
      std::printf(
          "Warning: the checkpoint key %s is not here, so the lines were checked against "
          "the public key on their first line, which cannot tell a re-signed file from "
          "the real one.\n",
          paths.key.c_str());
    }
  }
  if (c.torn_last_line) {
    std::printf(
        "Note: the last line of %s was cut short (a write interrupted by a crash) and was "
        "ignored; the next checkpoint removes it.\n",
        paths.file.c_str());
  }
}

void PrintTable(const access::AuditVerification& chain, const access::CheckpointVerification& c,
                const access::CheckpointPaths& paths, bool key_present) {
  if (chain.intact) {
    std::printf("Audit log intact: %lld rows checked, hash chain unbroken.\n",
                static_cast<long long>(chain.rows_checked));
  } else {
    std::printf("AUDIT LOG BROKEN at row %lld: %s\n",
                static_cast<long long>(*chain.first_broken_seq), chain.problem.c_str());
  }
  PrintCheckpointsTable(c, paths, key_present);
}

}  // namespace

int RunAuditVerify(const Context& /*context*/, const AuditVerifyArgs& args) {
  if (args.format != "table" && args.format != "json") {
    return Report(core::Error(core::Code::kInvalidArgument,
                              fmt::format("--format '{}' is not table or json", args.format)));
  }
  auto db = OpenExisting(args.db);
  if (!db) return Report(db.error());
  auto actor = access::Actor::System("cli", "verify the audit log");
  if (auto allowed = access::Policy().Decide(actor, access::Action::kVerifyAudit); !allowed) {
    return Report(allowed.error());
  }
  auto chain = access::VerifyAudit(**db);
  if (!chain) return Report(chain.error());
  const access::CheckpointPaths paths = PathsFromEnvironment(args.db);
  std::error_code ignored;
  const bool key_present = std::filesystem::exists(paths.key, ignored);
  auto checkpoints = access::VerifyCheckpoints(**db, paths);
  if (!checkpoints) return Report(checkpoints.error());
  if (args.format == "json") {
    PrintJson(*chain, *checkpoints, paths, key_present);
  } else {
    PrintTable(*chain, *checkpoints, paths, key_present);
  }
  return chain->intact && checkpoints->intact ? 0 : 1;
}

}  // namespace sg::cli
