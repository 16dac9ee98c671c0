// indicators_bench: every indicator, computed at the two scales the issue
// sets targets for, printing its own figures (CPU seconds, one core):
//   1. one authority-year of the demo database (target under 50 ms), with
//      the time to load its snapshot from SQLite shown apart;
//   2. the demo's annual report as HTML: five years of every indicator with
//      benchmarks, the narrative, tables and charts (target under 1 s);
//   3. a national synthetic set: 150 authorities over 5 reporting years,
//      about 3 million referrals (target under 5 s for every indicator of
//      every authority-year).
// Usage: indicators_bench [--demo-db var/demo.sqlite] [--authorities 150]
//                         [--years 5] [--referrals 4000]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/calendar.h"
#include "indicators/indicator.h"
#include "indicators/source.h"
#include "measure.h"
#include "reporting/annual_report.h"
#include "reporting/figures.h"
#include "snapshot_generator.h"
#include "store/database.h"

namespace {

using sg::bench::Measure;

struct Options {
  std::string demo_db = "var/demo.sqlite";
  int authorities = 150;
  int years = 5;
  int referrals = 4000;
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--demo-db") o.demo_db = argv[i + 1];
    else if (flag == "--authorities") o.authorities = std::atoi(argv[i + 1]);
    else if (flag == "--years") o.years = std::atoi(argv[i + 1]);
    else if (flag == "--referrals") o.referrals = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "indicators_bench: unknown option %s\n", argv[i]);
      std::exit(64);
    }
  }
  return o;
}

// Keeps the compiler from dropping work whose result is unused.
double Checksum(const std::vector<sg::indicators::Value>& values) {
  double sum = 0;
  for (const auto& v : values) sum += v.value.value_or(0);
  return sum;
}

void Demo(const Options& o, const sg::core::WorkingCalendar& calendar) {
  if (!std::filesystem::exists(o.demo_db)) {
    fmt::print("demo: {} not found (./run.sh builds it); skipped\n", o.demo_db);
    return;
  }
  auto db = sg::store::OpenSqlite(o.demo_db, sg::store::OpenMode::kMustExist);
  if (!db) {
    fmt::print("demo: {}\n", db.error().message());
    return;
  }
  sg::store::Snapshot snapshot;
  auto load = Measure([&] { snapshot = sg::store::LoadSnapshot(**db).value(); });
  const int year = sg::indicators::ReportingYearOf(sg::core::Date::FromDays(
      *std::max_element(snapshot.referrals.date.begin(), snapshot.referrals.date.end()))) - 1;
  auto period = sg::indicators::PeriodFor(year, 0).value();
  constexpr int kRepeats = 50;
  double checksum = 0;
  auto compute = Measure([&] {
    for (int i = 0; i < kRepeats; ++i)
      checksum += Checksum(sg::indicators::Compute({snapshot, period, calendar, 380000.0, ""}));
  });
  fmt::print("demo {} ({} children, {} contacts, {} referrals, {} care episodes)\n", o.demo_db,
             snapshot.persons.size(), snapshot.contacts.size(), snapshot.referrals.size(),
             snapshot.care_episodes.size());
  fmt::print("  load snapshot from SQLite      {:8.1f} ms CPU ({:.1f} ms wall)\n", load.cpu * 1e3, load.wall * 1e3);
  fmt::print("  all indicators, year {}      {:8.2f} ms CPU per authority-year (mean of {}; target < 50 ms)\n",
             year, compute.cpu * 1e3 / kRepeats, kRepeats);
  fmt::print("  load + compute                 {:8.1f} ms CPU\n", load.cpu * 1e3 + compute.cpu * 1e3 / kRepeats);
  if (checksum == -1) std::puts("");

  std::optional<sg::indicators::BenchmarkData> data;
  auto benchmarks = Measure([&] {
    if (auto loaded = sg::indicators::BenchmarkData::Load(sg::indicators::BenchmarkData::DefaultDirectory()))
      data = *std::move(loaded);
  });
  size_t html_bytes = 0;
  constexpr int kReports = 5;
  auto report = Measure([&] {
    for (int i = 0; i < kReports; ++i) {
      auto book = sg::reporting::BuildFigureBook(snapshot, calendar, data ? &*data : nullptr,
                                                 snapshot.la_number, sg::reporting::YearsEnding(year, 5, 0));
      auto built = sg::reporting::BuildAnnualReport(std::move(book), {});
      if (!built) {
        fmt::print("  annual report: {}\n", built.error().message());
        return;
      }
      html_bytes = sg::reporting::AnnualReportHtml(*built).size();
    }
  });
  fmt::print("  DfE benchmark files loaded     {:8.1f} ms CPU\n", benchmarks.cpu * 1e3);
  fmt::print("  annual report {} as HTML  {:8.1f} ms CPU per report ({} KB; figures for 5 years, "
             "benchmarks, narrative, tables, charts; target < 1 s)\n",
             year, report.cpu * 1e3 / kReports, html_bytes / 1024);
}

void National(const Options& o, const sg::core::WorkingCalendar& calendar) {
  const int last_year = 2025, first_year = last_year - o.years + 1;
  std::vector<sg::store::Snapshot> authorities;
  authorities.reserve(static_cast<size_t>(o.authorities));
  size_t referrals = 0, contacts = 0, episodes = 0, plans = 0;
  auto generate = Measure([&] {
    for (int a = 0; a < o.authorities; ++a) {
      // Authorities differ in size: from 30% to 170% of the average.
      const int size = o.referrals * (30 + (a * 140) / std::max(1, o.authorities - 1)) / 100;
      authorities.push_back(sg::bench::GenerateAuthority(
          {.first_year = first_year, .last_year = last_year, .referrals_per_year = size,
           .seed = static_cast<uint64_t>(a + 1)}));
      const auto& s = authorities.back();
      referrals += s.referrals.size();
      contacts += s.contacts.size();
      episodes += s.care_episodes.size();
      plans += s.cp_plans.size();
    }
  });
  fmt::print("national: {} authorities x {} years ({}-{}): {:.2f} M referrals, {:.2f} M contacts, "
             "{:.2f} M plans, {:.2f} M care episodes (generated in {:.1f} s)\n",
             o.authorities, o.years, first_year, last_year, referrals / 1e6, contacts / 1e6, plans / 1e6,
             episodes / 1e6, generate.cpu);
  double checksum = 0;
  auto years = Measure([&] {
    for (const auto& s : authorities)
      for (int y = first_year; y <= last_year; ++y)
        checksum += Checksum(sg::indicators::Compute(
            {s, sg::indicators::PeriodFor(y, 0).value(), calendar, 380000.0, ""}));
  });
  const int runs = o.authorities * o.years;
  fmt::print("  every indicator, every authority-year ({} runs): {:.2f} s CPU ({:.2f} s wall), "
             "{:.2f} ms per authority-year; target < 5 s\n",
             runs, years.cpu, years.wall, years.cpu * 1e3 / runs);
  auto quarters = Measure([&] {
    for (const auto& s : authorities)
      for (int y = first_year; y <= last_year; ++y)
        for (int q = 1; q <= 4; ++q)
          checksum += Checksum(sg::indicators::Compute(
              {s, sg::indicators::PeriodFor(y, q).value(), calendar, 380000.0, ""}));
  });
  fmt::print("  and every quarter ({} runs): {:.2f} s CPU\n", runs * 4, quarters.cpu);
  fmt::print("  peak memory {:.0f} MB\n", sg::bench::PeakMegabytes());
  if (checksum == -1) std::puts("");
}

}  // namespace

int main(int argc, char** argv) {
  Options o = Parse(argc, argv);
  const auto& calendar = sg::core::WorkingCalendar::EnglandAndWales();
  Demo(o, calendar);
  National(o, calendar);
  return 0;
}
