// cin_bench: how fast Safeguard validates and imports a large CIN census.
//
//   cin_bench [--children N] [--dir DIR] [--keep]
//
// Generates a census of N children (default 100,000; about 100 MB) for
// collection year 2025 with realistic module counts, then measures, each on
// one core:
//   1. validate: the XSD and every DfE rule in one streaming pass;
//   2. validate, rules only (no XSD);
//   3. import into a new SQLite database (one transaction).
// It prints wall and CPU time, MB/s and children/s per CPU second (the
// machine may be shared), and the process's peak resident
// memory after each step, which shows that reading streams (memory stays
// flat however large the file). The file is generated with the same writer
// as `safeguard export cin`, from deterministic random records.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "access/gate.h"
#include "core/clock.h"
#include "measure.h"
#include "returns/cin_import.h"
#include "returns/cin_validator.h"
#include "returns/cin_writer.h"
#include "store/database.h"

namespace {

using sg::core::Date;
namespace fs = std::filesystem;

constexpr int kYear = 2025;

const char* Pick(sg::core::Random& random, std::initializer_list<const char*> options) {
  auto index = random.Between(0, static_cast<int64_t>(options.size()) - 1);
  return options.begin()[index];
}

// A UPN whose check letter is right: letter + LA number + 9 digits.
std::string Upn(sg::core::Random& random) {
  std::string digits = fmt::format("895{:09}", random.Between(0, 999'999'999));
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) sum += (digits[i] - '0') * static_cast<int>(i + 2);
  static constexpr char kLetters[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
  return kLetters[sum % 23] + digits;
}

sg::store::CensusEpisode Episode(sg::core::Random& random, Date referral) {
  const sg::core::Period year = sg::core::ReportingYear(kYear);
  sg::store::CensusEpisode e;
  e.referral.referral_date = referral;
  e.referral.referral_source = Pick(random, {"1A", "2A", "3A", "3E", "5A", "6", "6", "6", "8"});
  e.referral.primary_need = Pick(random, {"N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6"});
  e.referral.nfa = random.Chance(0.06);
  if (e.referral.nfa) {
    e.referral.closure_date = referral;
    e.referral.closure_reason = "RC8";
    return e;
  }
  Date start = referral.AddDays(static_cast<int>(random.Between(0, 3)));
  sg::store::Assessment assessment;
  assessment.start = start;
  Date authorised = start.AddDays(static_cast<int>(random.Between(5, 60)));
  if (authorised <= year.end) {
    assessment.authorised = authorised;
    assessment.factors = {Pick(random, {"1B", "2B", "3A", "3B", "4B", "16A", "21"})};
    if (assessment.factors[0] != "21" && random.Chance(0.5)) assessment.factors.push_back("4A");
  }
  e.assessments.push_back(assessment);
  if (random.Chance(0.25)) {
    sg::store::CensusSection47 s47;
    s47.enquiry.start = start;
    s47.enquiry.icpc_target = start.AddDays(21);
    if (random.Chance(0.35) && start.AddDays(14) <= year.end) {
      Date icpc = start.AddDays(14);
      while (icpc.is_weekend()) icpc = icpc.AddDays(1);
      s47.icpc_date = icpc;
      sg::store::CensusCpPlan plan;
      plan.plan.start = icpc;
      plan.plan.initial_category = Pick(random, {"NEG", "EMO", "PHY", "SAB", "MUL"});
      plan.plan.latest_category = plan.plan.initial_category;
      plan.plan.previous_plans = static_cast<int>(random.Between(0, 2));
      for (Date review = icpc.AddDays(90); review <= year.end; review = review.AddDays(180)) {
        plan.reviews.push_back(review);
      }
      e.cp_plans.push_back(plan);
    } else {
      s47.enquiry.icpc_not_required = true;
    }
    e.section47s.push_back(s47);
  } else if (assessment.authorised && random.Chance(0.4)) {
    sg::store::CinPlan plan;
    plan.start = *assessment.authorised;
    if (random.Chance(0.5)) {
      Date end = plan.start.AddDays(static_cast<int>(random.Between(60, 200)));
      if (end <= year.end) plan.end = end;
    }
    e.cin_plans.push_back(plan);
  }
  if (random.Chance(0.4) && authorised <= year.end) {
    e.referral.closure_date = authorised.AddDays(static_cast<int>(random.Between(1, 30)));
    if (*e.referral.closure_date > year.end || !e.cp_plans.empty() || !e.cin_plans.empty()) {
      e.referral.closure_date.reset();
    } else {
      e.referral.closure_reason = "RC7";
    }
  }
  return e;
}

sg::store::CensusChild Child(sg::core::Random& random, int64_t n) {
  const sg::core::Period year = sg::core::ReportingYear(kYear);
  sg::store::CensusChild c;
  sg::store::Person& p = c.person;
  p.la_child_id = fmt::format("C{:08}", n);
  Date birth = year.start.AddDays(-static_cast<int>(random.Between(30, 17 * 365)));
  p.birth_date = birth;
  if (sg::core::AgeInYears(birth, year.start) >= 4) {
    p.upn = Upn(random);
  } else {
    c.upn_unknown = "UN1";
  }
  p.sex = Pick(random, {"M", "F"});
  p.ethnicity = Pick(random, {"WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "AIND", "BAFR", "CHNE"});
  if (random.Chance(0.1)) {
    p.disabilities = {Pick(random, {"AUT", "BEH", "COMM", "LD", "MOB", "HAND", "HEAR", "VIS"})};
  } else {
    p.disabilities = {"NONE"};
  }
  Date referral = year.start.AddDays(static_cast<int>(random.Between(0, 330)));
  c.episodes.push_back(Episode(random, referral));
  return c;
}

std::string Generate(const fs::path& path, int64_t children) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) return fmt::format("cannot write {}", path.string());
  sg::returns::CinCensusWriter writer(out, kYear);
  writer.Header("895", "2025-05-01T09:00:00Z");
  sg::core::Random random(20250331);
  for (int64_t n = 1; n <= children; ++n) {
    if (auto s = writer.Child(Child(random, n)); !s) return s.error().message();
  }
  auto finished = writer.Finish();
  std::fclose(out);
  return finished ? "" : finished.error().message();
}

using sg::bench::Measure;
using sg::bench::PeakMegabytes;
using sg::bench::Timing;

void Print(const char* what, Timing t, double megabytes, double children) {
  std::printf("%-38s wall %6.2f s  cpu %6.2f s  %7.1f MB/s  %9.0f children/s  peak RSS %4.0f MB\n",
              what, t.wall, t.cpu, megabytes / t.cpu, children / t.cpu, PeakMegabytes());
}

}  // namespace

int main(int argc, char** argv) {
  int64_t children = 100'000;
  fs::path dir = fs::temp_directory_path() / "safeguard-cin-bench";
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--children" && i + 1 < argc) children = std::atoll(argv[++i]);
    else if (arg == "--dir" && i + 1 < argc) dir = argv[++i];
    else if (arg == "--keep") keep = true;
    else {
      std::fprintf(stderr, "usage: cin_bench [--children N] [--dir DIR] [--keep]\n");
      return 64;
    }
  }
  fs::create_directories(dir);
  fs::path file = dir / "cin_census_2025.xml";
  fs::path db_path = dir / "import.sqlite";
  fs::remove(db_path);
  fs::remove(db_path.string() + "-wal");
  fs::remove(db_path.string() + "-shm");

  Timing generate = Measure([&] {
    if (std::string problem = Generate(file, children); !problem.empty()) {
      std::fprintf(stderr, "cin_bench: %s\n", problem.c_str());
      std::exit(1);
    }
  });
  double megabytes = static_cast<double>(fs::file_size(file)) / 1e6;
  std::printf("generated %lld children, %.1f MB in %.2f s (%s)\n", static_cast<long long>(children),
              megabytes, generate.wall, file.c_str());

  sg::returns::FileReport report;
  Timing validate = Measure([&] { report = sg::returns::ValidateCinFile(file, {}); });
  auto summary = sg::returns::Summarise({report});
  Print("validate (XSD + every rule)", validate, megabytes, static_cast<double>(children));
  std::printf("  %llu errors, %llu queries\n", static_cast<unsigned long long>(summary.errors),
              static_cast<unsigned long long>(summary.queries));

  sg::returns::CinValidateOptions rules_only;
  rules_only.check_structure = false;
  Timing rules = Measure([&] { report = sg::returns::ValidateCinFile(file, rules_only); });
  Print("validate (rules only)", rules, megabytes, static_cast<double>(children));

  auto db = sg::store::OpenSqlite(db_path.string(), sg::store::OpenMode::kCreateIfMissing);
  if (!db) {
    std::fprintf(stderr, "cin_bench: %s\n", db.error().message().c_str());
    return 1;
  }
  sg::core::FixedClock clock(Date::FromYmd(2025, 5, 1));
  sg::access::Gate gate(**db, clock);
  auto actor = sg::access::Actor::System("bench", "measure the CIN census import");
  sg::core::Result<sg::returns::CinImportSummary> imported;
  Timing import = Measure([&] { imported = sg::returns::ImportCinFile(gate, actor, file, {}); });
  if (!imported) {
    std::fprintf(stderr, "cin_bench: %s\n", imported.error().message().c_str());
    return 1;
  }
  Print("import into SQLite (one transaction)", import, megabytes, static_cast<double>(children));
  std::printf("  %lld rows added\n", static_cast<long long>(imported->rows_added));
  if (!keep) fs::remove_all(dir);
  return 0;
}
