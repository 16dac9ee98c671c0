// safeguard indicators, scorecard and report: the partnership's figures.
#ifndef SAFEGUARD_CLI_INDICATORS_COMMAND_H_
#define SAFEGUARD_CLI_INDICATORS_COMMAND_H_

#include <string>

#include "cli/commands.h"

namespace sg::cli {

struct IndicatorsArgs {
  std::string db;
  int year = 0;
  int quarter = 0;   // 0: the whole year
  std::string from;  // or any date range
  std::string to;
  std::string la;    // default: the database's authority
  std::string format = "table";
  bool catalogue = false;  // print the catalogue as Markdown (docs/indicators.md)
};

int RunIndicators(const Context& context, const IndicatorsArgs& args);

}  // namespace sg::cli

#endif  // SAFEGUARD_CLI_INDICATORS_COMMAND_H_
