// Registered: a command that adds its own options to the program and says
// how to run it, so that main.cc stays a list and a new family of commands
// (user, token, serve, audit checkpoint) lives in its own file.
#ifndef SAFEGUARD_CLI_REGISTERED_H_
#define SAFEGUARD_CLI_REGISTERED_H_

#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace sg::cli {

struct Registered {
  CLI::App* command = nullptr;  // run when this (sub)command was parsed
  std::function<int(const Context&)> run;
};

// `safeguard user add|disable|enable|reset|list` and `safeguard token issue|revoke|list`.
std::vector<Registered> AddAccountCommands(CLI::App& app);
// `safeguard serve`.
std::vector<Registered> AddServeCommand(CLI::App& app);
// `safeguard audit checkpoint` (under the existing `audit` command).
std::vector<Registered> AddCheckpointCommand(CLI::App& audit);

}  // namespace sg::cli

#endif  // SAFEGUARD_CLI_REGISTERED_H_
