#include "cli/common.h"

#include <cstdio>

#include <fmt/format.h>

namespace sg::cli {

int Report(const core::Error& error) {
  std::fprintf(stderr, "safeguard: %s\n", error.message().c_str());
  return core::ExitStatus(error.code());
}

std::unique_ptr<core::Clock> MakeClock(const Context& context) {
  if (!context.today.empty()) {
    auto day = core::Date::ParseIso(context.today, "--today");
    if (day) return std::make_unique<core::FixedClock>(*day);
  }
  return std::make_unique<core::SystemClock>();
}

core::Result<core::Date> DateOption(const std::string& text, std::string_view option,
                                    core::Date fallback) {
  if (text.empty()) return fallback;
  return core::Date::ParseIso(text, option);
}

core::Result<std::unique_ptr<store::Database>> OpenExisting(const std::string& path) {
  return store::OpenSqlite(path, store::OpenMode::kMustExist);
}

}  // namespace sg::cli
