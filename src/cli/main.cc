// safeguard: the command line. Parses options with CLI11 and hands each
// command to its Run* function; CLI11's exceptions stop here.
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>

#include "cli/benchmarks_command.h"
#include "cli/commands.h"
#include "cli/indicators_command.h"
#include "cli/registered.h"
#include "cli/report_commands.h"

namespace {

using sg::cli::Context;

// The calendar in force: a newer bank-holiday file when given, else the
// one shipped in the binary.
const sg::core::WorkingCalendar* LoadCalendar(const std::string& path, int& exit_code) {
  static std::optional<sg::core::WorkingCalendar> replacement;
  if (path.empty()) return &sg::core::WorkingCalendar::EnglandAndWales();
  auto loaded = sg::core::WorkingCalendar::LoadFile(path);
  if (!loaded) {
    exit_code = sg::cli::Report(loaded.error());
    return nullptr;
  }
  replacement = *std::move(loaded);
  return &*replacement;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Safeguard: the information system of a Safeguarding Children Partnership"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the command too
  app.set_version_flag("--version", "safeguard 0.1.0");
  std::string holidays;
  if (const char* env = std::getenv("SAFEGUARD_BANK_HOLIDAYS")) holidays = env;
  Context context;
  app.add_option("--bank-holidays", holidays,
                 "CSV of England and Wales bank holidays replacing the built-in list "
                 "(also SAFEGUARD_BANK_HOLIDAYS)");
  app.add_option("--today", context.today, "Run as if today were this date (YYYY-MM-DD)");

  sg::cli::DemoArgs demo;
  auto* demo_cmd = app.add_subcommand("demo", "Build the demonstration local authority");
  demo_cmd->add_option("--db", demo.db, "SQLite database file to create")->required();
  demo_cmd->add_option("--seed", demo.seed, "Random seed; the same seed gives the same database");
  demo_cmd->add_option("--years", demo.years, "Years of history (1-10)")->check(CLI::Range(1, 10));
  demo_cmd->add_option("--until", demo.until, "Last day of the demo, YYYY-MM-DD (default today)");
  demo_cmd->add_option("--contacts-per-year", demo.contacts_per_year,
                       "Size of the authority (other volumes follow)");
  demo_cmd->add_option("--users-password", demo.users_password,
                       "Add the demo users (one per role), all with this password");

  sg::cli::WorkArgs work;
  auto* work_cmd = app.add_subcommand("work", "List due and overdue statutory work");
  work_cmd->add_option("--db", work.db, "SQLite database file")->required();
  work_cmd->add_option("--as-of", work.as_of, "Day to judge the clocks on (default today)");
  work_cmd->add_option("--format", work.format, "table or json");
  work_cmd->add_flag("--overdue", work.overdue_only, "Only overdue work");
  work_cmd->add_option("--limit", work.limit, "Show at most this many items (0 = all)");

  sg::cli::ChildArgs child;
  auto* child_cmd = app.add_subcommand("child", "Print a child's chronology");
  child_cmd->add_option("--db", child.db, "SQLite database file")->required();
  child_cmd->add_option("id", child.reference, "LA child id or Safeguard id")->required();
  child_cmd->add_option("--format", child.format, "table or json");

  sg::cli::AuditVerifyArgs verify;
  auto* audit_cmd = app.add_subcommand("audit", "The audit log");
  audit_cmd->require_subcommand(1);
  auto* verify_cmd = audit_cmd->add_subcommand("verify", "Check the audit log's hash chain");
  verify_cmd->add_option("--db", verify.db, "SQLite database file")->required();
  verify_cmd->add_option("--format", verify.format, "table or json");

  sg::cli::ImportCinArgs import_cin;
  auto* import_cmd = app.add_subcommand("import", "Load a statutory return into the records");
  import_cmd->require_subcommand(1);
  auto* import_cin_cmd = import_cmd->add_subcommand("cin", "Import CIN census XML files");
  import_cin_cmd->add_option("--db", import_cin.db, "SQLite database file (created if missing)")
      ->required();
  import_cin_cmd->add_option("files", import_cin.files, "CIN census XML files")->required();
  import_cin_cmd->add_option("--format", import_cin.format, "table or json");

  sg::cli::ImportLacArgs import_lac;
  auto* import_lac_cmd = import_cmd->add_subcommand(
      "ssda903", "Import an SSDA903 return (its CSV tables, or its XML) in one transaction");
  import_lac_cmd->add_option("--db", import_lac.db, "SQLite database file (created if missing)")
      ->required();
  import_lac_cmd->add_option("--year", import_lac.year,
                             "Collection year, named by its end (2025 = 2024-25)")
      ->required();
  import_lac_cmd->add_option("files", import_lac.files, "The return's CSV tables, or its XML")
      ->required();
  import_lac_cmd->add_option("--format", import_lac.format, "table or json");
  import_lac_cmd->add_option("--la", import_lac.la,
                             "The authority (DfE number or ONS code; default: the database's)");

  sg::cli::ExportCinArgs export_cin;
  auto* export_cmd = app.add_subcommand("export", "Write a statutory return from the records");
  export_cmd->require_subcommand(1);
  auto* export_cin_cmd = export_cmd->add_subcommand("cin", "Export the CIN census XML");
  export_cin_cmd->add_option("--db", export_cin.db, "SQLite database file")->required();
  export_cin_cmd->add_option("--year", export_cin.year,
                             "Collection year, named by its end (2025 = 2024-25)")
      ->required();
  export_cin_cmd->add_option("-o,--output", export_cin.output, "File to write")->required();
  export_cin_cmd->add_option("--la", export_cin.la_number,
                             "DfE authority number for the header (default: the database's)");

  sg::cli::ExportLacArgs export_lac;
  auto* export_lac_cmd =
      export_cmd->add_subcommand("ssda903", "Write the SSDA903 return's CSV tables");
  export_lac_cmd->add_option("--db", export_lac.db, "SQLite database file")->required();
  export_lac_cmd->add_option("--year", export_lac.year,
                             "Collection year, named by its end (2025 = 2024-25)")
      ->required();
  export_lac_cmd->add_option("-o,--output", export_lac.output, "Folder to write the tables into")
      ->required();

  sg::cli::ValidateCinArgs validate_cin;
  auto* validate_cmd = app.add_subcommand("validate", "Check a statutory return");
  validate_cmd->require_subcommand(1);
  auto* validate_cin_cmd =
      validate_cmd->add_subcommand("cin", "Check CIN census XML: schema and every DfE rule");
  validate_cin_cmd->add_option("files", validate_cin.files, "CIN census XML files")->required();
  validate_cin_cmd->add_option("--format", validate_cin.format, "table, json, csv or html");
  validate_cin_cmd->add_option("--year", validate_cin.year,
                               "Collection year when a header's <Year> is missing or wrong");
  validate_cin_cmd->add_flag("--skip-structure", validate_cin.skip_structure,
                             "Run the DfE rules only, not the XSD check");

  sg::cli::ValidateLacArgs validate_lac;
  auto* validate_lac_cmd = validate_cmd->add_subcommand(
      "ssda903", "Check an SSDA903 return (CSV tables or XML): every DfE rule");
  validate_lac_cmd->add_option("files", validate_lac.files, "The return's CSV tables, or its XML")
      ->required();
  validate_lac_cmd->add_option("--year", validate_lac.year,
                               "Collection year, named by its end (2025 = 2024-25)")
      ->required();
  validate_lac_cmd->add_option("--previous", validate_lac.previous,
                               "Last year's return, for the rules that compare years");
  validate_lac_cmd->add_option("--format", validate_lac.format, "table, json, csv or html");
  validate_lac_cmd->add_option("--la", validate_lac.la,
                               "The authority (DfE number or ONS code), for placement location");

  sg::cli::IndicatorsArgs indicators;
  auto* indicators_cmd = app.add_subcommand(
      "indicators", "Compute every indicator of the catalogue for a year, quarter or date range");
  indicators_cmd->add_option("--db", indicators.db, "SQLite database file");
  indicators_cmd->add_option("--year", indicators.year, "Reporting year (2021 = April 2020 to March 2021)");
  indicators_cmd->add_option("--quarter", indicators.quarter, "Quarter of the year: 1 (April-June) to 4");
  indicators_cmd->add_option("--from", indicators.from, "Start of any period, YYYY-MM-DD (with --to)");
  indicators_cmd->add_option("--to", indicators.to, "Last day of the period, YYYY-MM-DD");
  indicators_cmd->add_option("--la", indicators.la, "The authority's DfE number (default: the database's)");
  indicators_cmd->add_option("--format", indicators.format, "json, csv or table");
  indicators_cmd->add_flag("--catalogue", indicators.catalogue,
                           "Print the catalogue of indicators as Markdown (docs/indicators.md)");

  sg::cli::BenchmarksArgs benchmarks;
  auto* benchmarks_cmd = app.add_subcommand(
      "benchmarks", "DfE published figures: the authority, England, its region and neighbours");
  benchmarks_cmd->add_option("--la", benchmarks.la, "The authority's DfE number, e.g. 895")->required();
  benchmarks_cmd->add_option("--year", benchmarks.year, "Reporting year, e.g. 2021")->required();
  benchmarks_cmd->add_option("--format", benchmarks.format, "json or table");
  benchmarks_cmd->add_option("--data", benchmarks.data_dir,
                             "Folder of DfE files replacing the shipped data/benchmarks "
                             "(also SAFEGUARD_BENCHMARKS)");

  sg::cli::ScorecardArgs scorecard;
  auto* scorecard_cmd = app.add_subcommand("scorecard", "The quarterly scorecard: values, targets, RAG, "
                                                        "last year, five-year trend, benchmarks");
  scorecard_cmd->add_option("--db", scorecard.db, "SQLite database file")->required();
  scorecard_cmd->add_option("--year", scorecard.year, "Reporting year (2021 = April 2020 to March 2021)")->required();
  scorecard_cmd->add_option("--quarter", scorecard.quarter, "Quarter: 1 (April-June) to 4 (January-March)")->required();
  scorecard_cmd->add_option("--format", scorecard.format, "html, json or xlsx");
  scorecard_cmd->add_option("-o,--output", scorecard.output, "File to write (html and json: default stdout)");
  scorecard_cmd->add_option("--targets", scorecard.targets, "The partnership's targets (default config/targets.conf)");
  scorecard_cmd->add_option("--la", scorecard.la, "The authority's DfE number (default: the database's)");

  sg::cli::ReportAnnualArgs report;
  auto* report_cmd = app.add_subcommand("report", "The partnership's reports");
  report_cmd->require_subcommand(1);
  auto* annual_cmd = report_cmd->add_subcommand("annual", "The annual report, regenerated from the records");
  annual_cmd->add_option("--db", report.db, "SQLite database file")->required();
  annual_cmd->add_option("--year", report.year, "Reporting year (2021 = April 2020 to March 2021)")->required();
  annual_cmd->add_option("--format", report.format, "html, pdf or xlsx");
  annual_cmd->add_option("-o,--output", report.output, "File to write")->required();
  annual_cmd->add_option("--narrative", report.narrative,
                         "Folder of the narrative's Markdown files (default data/report/annual)");
  annual_cmd->add_option("--la", report.la, "The authority's DfE number (default: the database's)");
  annual_cmd->add_option("--name", report.name, "The partnership's name");

  std::vector<sg::cli::Registered> registered = sg::cli::AddAccountCommands(app);
  for (auto& r : sg::cli::AddServeCommand(app)) registered.push_back(std::move(r));
  for (auto& r : sg::cli::AddCheckpointCommand(*audit_cmd)) registered.push_back(std::move(r));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::fprintf(stderr, "safeguard: %s\n", e.what());
    std::fprintf(stderr, "Run 'safeguard --help' for the commands and their options.\n");
    return 64;
  }
  if (!context.today.empty()) {
    if (auto day = sg::core::Date::ParseIso(context.today, "--today"); !day) {
      return sg::cli::Report(day.error());
    }
  }
  int exit_code = 0;
  context.calendar = LoadCalendar(holidays, exit_code);
  if (context.calendar == nullptr) return exit_code;
  context.codes = &sg::core::CodeLists::Embedded();

  if (demo_cmd->parsed()) return sg::cli::RunDemo(context, demo);
  if (work_cmd->parsed()) return sg::cli::RunWork(context, work);
  if (child_cmd->parsed()) return sg::cli::RunChild(context, child);
  if (verify_cmd->parsed()) return sg::cli::RunAuditVerify(context, verify);
  if (import_cin_cmd->parsed()) return sg::cli::RunImportCin(context, import_cin);
  if (export_cin_cmd->parsed()) return sg::cli::RunExportCin(context, export_cin);
  if (import_lac_cmd->parsed()) return sg::cli::RunImportLac(context, import_lac);
  if (export_lac_cmd->parsed()) return sg::cli::RunExportLac(context, export_lac);
  if (validate_cin_cmd->parsed()) return sg::cli::RunValidateCin(context, validate_cin);
  if (validate_lac_cmd->parsed()) return sg::cli::RunValidateLac(context, validate_lac);
  if (indicators_cmd->parsed()) return sg::cli::RunIndicators(context, indicators);
  if (benchmarks_cmd->parsed()) return sg::cli::RunBenchmarks(benchmarks);
  if (scorecard_cmd->parsed()) return sg::cli::RunScorecard(context, scorecard);
  if (annual_cmd->parsed()) return sg::cli::RunReportAnnual(context, report);
  for (const auto& r : registered) {
    if (r.command->parsed()) return r.run(context);
  }
  return 64;
}
