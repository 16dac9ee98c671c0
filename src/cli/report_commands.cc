// safeguard scorecard and safeguard report annual: the partnership's
// quarterly scorecard and annual report, from the records and DfE's
// published benchmarks.
#include <cstdio>
#include <fstream>

#include <fmt/format.h>

#include "cli/common.h"
#include "cli/figure_sources.h"
#include "cli/report_commands.h"
#include "indicators/benchmarks.h"
#include "indicators/source.h"
#include "reporting/annual_report.h"
#include "reporting/figures.h"
#include "reporting/pdf.h"
#include "reporting/pending_file.h"
#include "reporting/scorecard.h"

namespace sg::cli {
namespace {

// Writes `text` to `path` through a temporary file renamed into place, or
// to stdout when path is empty or "-".
core::Status WriteText(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return {};
  }
  return reporting::WriteFileAtomically(path, text);
}

core::Status CheckFormat(const std::string& format, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (format == a) return {};
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return core::Fail(core::Code::kInvalidArgument, fmt::format("--format '{}' is not one of {}", format, list));
}

core::Status Scorecard(const Context& context, const ScorecardArgs& args) {
  SG_RETURN_IF_ERROR(CheckFormat(args.format, {"html", "json", "xlsx"}));
  if (args.format == "xlsx" && (args.output.empty() || args.output == "-"))
    return core::Fail(core::Code::kInvalidArgument, "an xlsx scorecard needs a file: give -o FILE");
  SG_RETURN_IF_ERROR(indicators::PeriodFor(args.year, args.quarter));
  if (args.quarter == 0)
    return core::Fail(core::Code::kInvalidArgument, "--quarter is required (1 April-June ... 4 January-March)");
  const auto targets_path = args.targets.empty() ? reporting::Targets::DefaultPath()
                                                 : std::filesystem::path(args.targets);
  std::optional<reporting::Targets> targets;
  std::string targets_source;
  if (auto loaded = reporting::Targets::Load(targets_path)) {
    targets = *std::move(loaded);
    targets_source = targets_path.filename().string();
  } else if (!args.targets.empty() || loaded.error().code() != core::Code::kNotFound) {
    return std::unexpected(loaded.error());
  } else {
    targets_source = "no targets file: RAG not rated";
  }
  SG_ASSIGN_OR_RETURN(FigureSources sources, LoadFigureSources(context, args.db, args.la,
                                                   fmt::format("scorecard {} Q{}", args.year, args.quarter)));
  const auto* data = sources.data();
  auto book = reporting::BuildFigureBook(sources.snapshot, *context.calendar, data, sources.la,
                                         reporting::YearsEnding(args.year, 5, args.quarter));
  auto card = reporting::BuildScorecard(std::move(book), targets ? &*targets : nullptr,
                                        targets_source, data);
  if (args.format == "xlsx") return reporting::WriteScorecardXlsx(card, args.output);
  return WriteText(args.output, args.format == "json" ? reporting::ScorecardJson(card) + "\n"
                                                      : reporting::ScorecardHtml(card));
}

core::Status ReportAnnual(const Context& context, const ReportAnnualArgs& args) {
  SG_RETURN_IF_ERROR(CheckFormat(args.format, {"html", "pdf", "xlsx"}));
  if (args.output.empty()) return core::Fail(core::Code::kInvalidArgument, "give the report's file with -o FILE");
  SG_RETURN_IF_ERROR(indicators::PeriodFor(args.year, 0));
  SG_ASSIGN_OR_RETURN(FigureSources sources, LoadFigureSources(context, args.db, args.la,
                                                   fmt::format("annual report {}", args.year)));
  const auto* data = sources.data();
  auto book = reporting::BuildFigureBook(sources.snapshot, *context.calendar, data, sources.la,
                                         reporting::YearsEnding(args.year, 5, 0));
  reporting::AnnualReportOptions options{.narrative_dir = args.narrative, .partnership_name = args.name};
  SG_ASSIGN_OR_RETURN(auto report, reporting::BuildAnnualReport(std::move(book), options));
  if (args.format == "xlsx") return reporting::WriteAnnualReportXlsx(report, args.output);
  const std::string html = reporting::AnnualReportHtml(report);
  if (args.format == "html") return WriteText(args.output, html);
  // PDF: the same HTML, printed by Chromium from a temporary file.
  const auto html_path = std::filesystem::path(args.output).concat(".print.html");
  SG_RETURN_IF_ERROR(reporting::WriteFileAtomically(html_path, html));
  auto printed = reporting::RenderPdf(html_path, args.output);
  std::error_code ignored;
  std::filesystem::remove(html_path, ignored);
  return printed;
}

}  // namespace

int RunScorecard(const Context& context, const ScorecardArgs& args) {
  if (auto done = Scorecard(context, args); !done) return Report(done.error());
  if (!args.output.empty() && args.output != "-")
    std::fprintf(stderr, "safeguard: wrote the Q%d %s scorecard to %s\n", args.quarter,
                 reporting::YearLabel(args.year).c_str(), args.output.c_str());
  return 0;
}

int RunReportAnnual(const Context& context, const ReportAnnualArgs& args) {
  if (auto done = ReportAnnual(context, args); !done) return Report(done.error());
  std::fprintf(stderr, "safeguard: wrote the %s annual report to %s\n",
               reporting::YearLabel(args.year).c_str(), args.output.c_str());
  return 0;
}

}  // namespace sg::cli
