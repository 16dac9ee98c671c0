// safeguard demo: builds the demonstration authority in a new database.
#include <sys/stat.h>

#include <cstdio>

#include <fmt/format.h>

#include "access/accounts.h"
#include "access/gate.h"
#include "cli/common.h"
#include "cli/progress.h"
#include "demo/demo.h"
#include "places/postcode_directory.h"

namespace sg::cli {

int RunDemo(const Context& context, const DemoArgs& args) {
  auto system_clock = MakeClock(context);
  auto until = DateOption(args.until, "--until", system_clock->Today());
  if (!until) return Report(until.error());
  if (*until > system_clock->Today()) {
    return Report(core::Error(core::Code::kInvalidArgument,
                              fmt::format("--until {} is in the future", until->Iso())));
  }
  // A password the policy refuses would fail the build only at its end.
  if (!args.users_password.empty()) {
    if (auto ok = access::CheckPasswordPolicy(args.users_password, "", ""); !ok) {
      return Report(ok.error().WithContext("--users-password"));
    }
  }
  struct stat st{};
  const bool existed = ::stat(args.db.c_str(), &st) == 0;
  auto db = store::OpenSqlite(args.db, store::OpenMode::kCreateIfMissing);
  if (!db) return Report(db.error());
  core::FixedClock clock(*until);
  access::Gate gate(**db, clock);
  // With the postcode index at hand, placements get their distance and
  // IN/OUT; without it the demo is built all the same, those left unknown.
  const auto postcodes = places::PostcodeDirectory::OpenDefault();
  demo::Options options;
  options.postcodes = postcodes ? &*postcodes : nullptr;
  options.seed = args.seed;
  options.years = args.years;
  options.until = *until;
  options.contacts_per_year = args.contacts_per_year;
  options.users_password = args.users_password;
  ProgressBar bar("Building the demo authority");
  auto counts = demo::Build(gate, *context.calendar, *context.codes, options,
                            [&](double f) { bar.Update(f); });
  if (!counts) {
    db->reset();
    if (!existed) {  // leave no half-made file behind
      std::remove(args.db.c_str());
      std::remove((args.db + "-wal").c_str());
      std::remove((args.db + "-shm").c_str());
    }
    return Report(counts.error().WithContext("demo"));
  }
  bar.Finish();
  std::printf(
      "Demo authority built in %s: %d years to %s (seed %llu)\n"
      "  children %lld, contacts %lld, early help %lld, referrals %lld, assessments %lld,\n"
      "  section 47 enquiries %lld, initial conferences %lld, CP plans %lld, periods of care "
      "%lld, care leaver contacts %lld\n",
      args.db.c_str(), args.years, until->Iso().c_str(),
      static_cast<unsigned long long>(args.seed), static_cast<long long>(counts->children),
      static_cast<long long>(counts->contacts), static_cast<long long>(counts->early_help),
      static_cast<long long>(counts->referrals), static_cast<long long>(counts->assessments),
      static_cast<long long>(counts->section47s), static_cast<long long>(counts->icpcs),
      static_cast<long long>(counts->cp_plans), static_cast<long long>(counts->care_periods),
      static_cast<long long>(counts->care_leaver_contacts));
  if (!args.users_password.empty()) {
    std::printf("  demo users (one per role) added; `safeguard user list --db %s` lists them\n",
                args.db.c_str());
  }
  if (!postcodes) {
    std::printf("  placement distances left unknown: %s\n", postcodes.error().message().c_str());
  }
  return 0;
}

}  // namespace sg::cli
