// safeguard scorecard and safeguard report annual.
#ifndef SAFEGUARD_CLI_REPORT_COMMANDS_H_
#define SAFEGUARD_CLI_REPORT_COMMANDS_H_

#include <string>

#include "cli/commands.h"

namespace sg::cli {

struct ScorecardArgs {
  std::string db;
  int year = 0;
  int quarter = 0;
  std::string format = "html";
  std::string output;   // -o; html and json default to stdout
  std::string targets;  // default: config/targets.conf as shipped
  std::string la;       // default: the database's authority
};

struct ReportAnnualArgs {
  std::string db;
  int year = 0;
  std::string format = "html";
  std::string output;     // -o, required
  std::string narrative;  // folder of the Markdown narrative; default: shipped
  std::string la;
  std::string name;       // the partnership's name; default "<authority> Safeguarding Children Partnership"
};

int RunScorecard(const Context& context, const ScorecardArgs& args);
int RunReportAnnual(const Context& context, const ReportAnnualArgs& args);

}  // namespace sg::cli

#endif  // SAFEGUARD_CLI_REPORT_COMMANDS_H_
