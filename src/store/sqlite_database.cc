// The SQLite driver of store::Database.
//
// Connection settings follow research/cpp-stack.md §3.2: WAL (readers do not
// block the writer), foreign keys on (off by default in SQLite), a busy
// timeout, synchronous=FULL (case records must survive a power cut), and
// BEGIN IMMEDIATE for writes so a transaction never fails half-way because
// it could not upgrade its lock. Statements are prepared once per SQL text
// and cached for the life of the connection. The page cache (64 MiB) and a
// memory map of the file (256 MiB) keep a server's hot pages in memory
// instead of a read() per page: the default 2 MiB cache holds a few
// hundred children's records, and the server reads thousands a second.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cstdio>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "store/database.h"
#include "store/migrations.h"

namespace sg::store {
namespace {

using core::Code;
using core::Fail;

Code CodeFor(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT: return Code::kFailedPrecondition;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_PERM: return Code::kUnavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Code::kDataLoss;
    default: return Code::kInternal;
  }
}

// "$12" -> "?12" outside string literals; SQLite would otherwise treat $12 as
// a named parameter numbered by first appearance.
std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  bool in_string = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (!in_string && c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);  // a comment runs to the end of its line
      if (end == std::string_view::npos) end = sql.size();
      out.append(sql.substr(i, end - i));
      i = end - 1;
      continue;
    }
    if (c == '\'') in_string = !in_string;
    if (!in_string && c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out.push_back('?');
      continue;
    }
    out.push_back(c);
  }
  return out;
}

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  int columns() const override { return sqlite3_column_count(stmt_); }
  bool IsNull(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  int64_t Int(int c) const override { return sqlite3_column_int64(stmt_, c); }
  double Real(int c) const override { return sqlite3_column_double(stmt_, c); }
  std::string_view Text(int c) const override {
    const unsigned char* text = sqlite3_column_text(stmt_, c);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt_, c))};
  }

 private:
  sqlite3_stmt* stmt_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteDatabase() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Status InTransaction(TransactionMode mode, const std::function<Status()>& fn) override {
    std::string savepoint = fmt::format("sg_{}", depth_);
    const bool outermost = depth_ == 0;
    std::string begin = outermost ? (mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN")
                                  : "SAVEPOINT " + savepoint;
    if (auto s = Exec(begin); !s) return s;
    ++depth_;
    Status result = fn();
    --depth_;
    if (result) {
      Status done = Exec(outermost ? std::string("COMMIT") : "RELEASE " + savepoint);
      if (done) return done;
      result = done;
    }
    if (outermost) {
      (void)Exec("ROLLBACK");
    } else {
      (void)Exec("ROLLBACK TO " + savepoint);
      (void)Exec("RELEASE " + savepoint);
    }
    return result;
  }

  Status Execute(std::string_view sql, Params params) override {
    return Run(sql, params, nullptr);
  }

  Status Query(std::string_view sql, Params params,
               const std::function<Status(const Row&)>& each) override {
    return Run(sql, params, &each);
  }

  Result<int64_t> InsertReturningId(std::string_view sql, Params params) override {
    std::optional<int64_t> id;
    std::function<Status(const Row&)> take = [&](const Row& row) -> Status {
      id = row.Int(0);
      return {};
    };
    if (auto s = Run(sql, params, &take); !s) return std::unexpected(s.error());
    if (!id) return Fail(Code::kInternal, "insert returned no id");
    return *id;
  }

  int64_t ChangedRows() const override { return sqlite3_changes64(db_); }
  std::string_view engine() const override { return "sqlite"; }

  Status ExecuteScript(std::string_view sql) override { return Exec(std::string(sql)); }

  Status Exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return {};
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return Fail(CodeFor(rc), fmt::format("database '{}': {}", path_, text));
  }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    std::string rewritten = RewritePlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return Fail(CodeFor(rc), fmt::format("database '{}': {}", path_, sqlite3_errmsg(db_)));
    }
    statements_.emplace(std::move(key), stmt);
    return stmt;
  }

  Status Bind(sqlite3_stmt* stmt, Params params) {
    int index = 1;
    for (const Value& value : params) {
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              return sqlite3_bind_null(stmt, index);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(stmt, index, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, index, v);
            } else {
              return sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()),
                                       SQLITE_TRANSIENT);
            }
          },
          value.get());
      if (rc != SQLITE_OK) {
        return Fail(CodeFor(rc), fmt::format("database '{}': {}", path_, sqlite3_errmsg(db_)));
      }
      ++index;
    }
    assert(index - 1 == sqlite3_bind_parameter_count(stmt) && "parameter count mismatch");
    return {};
  }

  Status Run(std::string_view sql, Params params, const std::function<Status(const Row&)>* each) {
    auto stmt = Prepare(sql);
    if (!stmt) return std::unexpected(stmt.error());
    sqlite3_stmt* s = *stmt;
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{s};
    if (auto b = Bind(s, params); !b) return b;
    SqliteRow row(s);
    for (;;) {
      int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) return {};
      if (rc != SQLITE_ROW) {
        return Fail(CodeFor(sqlite3_extended_errcode(db_)),
                    fmt::format("database '{}': {}", path_, sqlite3_errmsg(db_)));
      }
      if (each != nullptr) {
        if (auto r = (*each)(row); !r) return r;
      }
    }
  }

  sqlite3* db_;
  std::string path_;
  int depth_ = 0;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

bool FileExists(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, OpenMode mode) {
  const bool existed = FileExists(path);
  if (!existed && mode == OpenMode::kMustExist) {
    return Fail(Code::kNotFound, fmt::format("database '{}' does not exist", path));
  }
  sqlite3* raw = nullptr;
  // One connection per thread (database.h), so SQLite's own locking of the
  // connection is pure cost.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (existed ? 0 : SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close_v2(raw);
    return Fail(Code::kUnavailable, fmt::format("cannot open database '{}': {}", path, why));
  }
  sqlite3_extended_result_codes(raw, 1);
  auto db = std::make_unique<SqliteDatabase>(raw, path);
  auto fail = [&](const core::Error& error) -> Result<std::unique_ptr<Database>> {
    db.reset();
    if (!existed) {  // leave nothing half-made behind
      std::remove(path.c_str());
      std::remove((path + "-wal").c_str());
      std::remove((path + "-shm").c_str());
    }
    if (error.code() == Code::kDataLoss) {
      return Fail(Code::kDataLoss,
                  fmt::format("'{}' is not a Safeguard database or is corrupt ({})", path,
                              error.message()));
    }
    return std::unexpected(error);
  };
  // Look before touching: switching a foreign database to WAL would change
  // its file even though we refuse it.
  if (auto s = CheckIsSafeguardDatabase(*db); !s) return fail(s.error());
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                             "PRAGMA busy_timeout=5000", "PRAGMA synchronous=FULL",
                             "PRAGMA cache_size=-65536", "PRAGMA mmap_size=268435456"}) {
    if (auto s = db->Exec(pragma); !s) return fail(s.error());
  }
  if (auto s = Migrate(*db); !s) return fail(s.error());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace sg::store
