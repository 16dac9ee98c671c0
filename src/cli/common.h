// Helpers shared by the command implementations.
#ifndef SAFEGUARD_CLI_COMMON_H_
#define SAFEGUARD_CLI_COMMON_H_

#include <memory>
#include <string>

#include "cli/commands.h"
#include "core/clock.h"
#include "store/database.h"

namespace sg::cli {

// The clock commands run by: stopped at --today when given, else the system's.
std::unique_ptr<core::Clock> MakeClock(const Context& context);

// A date option, or `fallback` when empty.
core::Result<core::Date> DateOption(const std::string& text, std::string_view option,
                                    core::Date fallback);

core::Result<std::unique_ptr<store::Database>> OpenExisting(const std::string& path);

}  // namespace sg::cli

#endif  // SAFEGUARD_CLI_COMMON_H_
