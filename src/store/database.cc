#include "store/database.h"

#include <fmt/format.h>

namespace sg::store {

std::optional<int64_t> Row::OptInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<std::string> Row::OptString(int column) const {
  if (IsNull(column)) return std::nullopt;
  return String(column);
}

Result<core::Date> Row::DateAt(int column) const {
  auto date = core::Date::ParseIso(Text(column), "stored date");
  if (!date) {
    return core::Fail(core::Code::kDataLoss,
                      fmt::format("column {} holds a malformed date: {}", column,
                                  date.error().message()));
  }
  return *date;
}

Result<std::optional<core::Date>> Row::OptDateAt(int column) const {
  if (IsNull(column)) return std::optional<core::Date>();
  auto date = DateAt(column);
  if (!date) return std::unexpected(date.error());
  return std::optional<core::Date>(*date);
}

Result<int64_t> Database::QueryInt(std::string_view sql, Params params, int64_t fallback) {
  int64_t value = fallback;
  auto s = Query(sql, params, [&](const Row& row) -> Status {
    value = row.Int(0);
    return {};
  });
  if (!s) return std::unexpected(s.error());
  return value;
}

}  // namespace sg::store
