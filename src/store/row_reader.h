// RowReader: reads typed fields from a Row and keeps the first malformed
// value as an error, so that record readers stay one line per field.
#ifndef SAFEGUARD_STORE_ROW_READER_H_
#define SAFEGUARD_STORE_ROW_READER_H_

#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace sg::store {

class RowReader {
 public:
  explicit RowReader(const Row& row) : row_(row) {}

  int64_t Int(int c) const { return row_.Int(c); }
  bool Bool(int c) const { return row_.Bool(c); }
  std::string String(int c) const { return row_.String(c); }
  std::optional<int64_t> OptInt(int c) const { return row_.OptInt(c); }
  std::optional<std::string> OptString(int c) const { return row_.OptString(c); }
  core::Date Date(int c) {
    auto d = row_.DateAt(c);
    if (!d) Keep(d.error());
    return d.value_or(core::Date());
  }
  std::optional<core::Date> OptDate(int c) {
    auto d = row_.OptDateAt(c);
    if (!d) Keep(d.error());
    return d.value_or(std::nullopt);
  }
  // Success, or the first malformed value met.
  Status status() const {
    if (error_) return std::unexpected(*error_);
    return {};
  }

 private:
  void Keep(const core::Error& e) {
    if (!error_) error_ = e;
  }
  const Row& row_;
  std::optional<core::Error> error_;
};

// Runs `sql` and reads every row with `read(RowReader&) -> T`.
template <typename T, typename ReadFn>
Result<std::vector<T>> QueryAll(Database& db, std::string_view sql, Params params, ReadFn read) {
  std::vector<T> out;
  auto s = db.Query(sql, params, [&](const Row& row) -> Status {
    RowReader reader(row);
    out.push_back(read(reader));
    return reader.status();
  });
  if (!s) return std::unexpected(s.error());
  return out;
}

// As QueryAll, for a query that matches at most one row.
template <typename T, typename ReadFn>
Result<std::optional<T>> QueryOne(Database& db, std::string_view sql, Params params, ReadFn read) {
  auto all = QueryAll<T>(db, sql, params, read);
  if (!all) return std::unexpected(all.error());
  if (all->empty()) return std::optional<T>();
  return std::optional<T>(std::move(all->front()));
}

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_ROW_READER_H_
