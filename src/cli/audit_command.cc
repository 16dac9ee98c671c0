// safeguard audit verify: walks the hash chain of the audit log.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/audit.h"
#include "access/policy.h"
#include "cli/common.h"

namespace sg::cli {

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
  auto result = access::VerifyAudit(**db);
  if (!result) return Report(result.error());
  if (args.format == "json") {
    nlohmann::json out = {{"intact", result->intact}, {"rows_checked", result->rows_checked}};
    if (!result->intact) {
      out["first_broken_row"] = *result->first_broken_seq;
      out["problem"] = result->problem;
    }
    std::printf("%s\n", out.dump(2).c_str());
  } else if (result->intact) {
    std::printf("Audit log intact: %lld rows checked, hash chain unbroken.\n",
                static_cast<long long>(result->rows_checked));
  } else {
    std::printf("AUDIT LOG BROKEN at row %lld: %s\n",
                static_cast<long long>(*result->first_broken_seq), result->problem.c_str());
  }
  return result->intact ? 0 : 1;
}

}  // namespace sg::cli
