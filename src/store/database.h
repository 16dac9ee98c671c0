// Database: the one door to stored data.
//
// Callers write SQL once, with PostgreSQL-style placeholders ($1, $2, ...),
// against this interface; the SQLite driver (sqlite_database.h) rewrites
// them to its own form and a PostgreSQL driver can implement the same
// interface without touching any caller. SQL text is always a constant of
// the program: values travel only as bound parameters, never spliced into
// the text.
//
// Transactions are scoped by a function: InTransaction(fn) commits when fn
// succeeds and rolls back when it fails, so a failed command leaves nothing
// half-written. Calls nest: an inner InTransaction becomes a savepoint, so a
// command that is itself transactional can run inside a larger unit of work
// (a whole import, the demo build) and still undo only its own part.
//
// Thread safety: a Database object is one connection and is not safe to
// share between threads; open one per thread (SQLite's WAL lets readers run
// beside one writer).
#ifndef SAFEGUARD_STORE_DATABASE_H_
#define SAFEGUARD_STORE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/date.h"
#include "core/error.h"

namespace sg::store {

using core::Result;
using core::Status;

// A bound parameter. Dates are stored as ISO text, booleans as 0/1, and an
// empty optional as NULL.
class Value {
 public:
  Value(std::nullptr_t) {}  // NOLINT(google-explicit-constructor): SQL NULL
  Value(int v) : v_(int64_t{v}) {}            // NOLINT
  Value(int64_t v) : v_(v) {}                 // NOLINT
  Value(bool v) : v_(int64_t{v ? 1 : 0}) {}   // NOLINT
  Value(double v) : v_(v) {}                  // NOLINT
  Value(std::string v) : v_(std::move(v)) {}  // NOLINT
  Value(std::string_view v) : v_(std::string(v)) {}  // NOLINT
  Value(const char* v) : v_(std::string(v)) {}       // NOLINT
  Value(core::Date d) : v_(d.Iso()) {}               // NOLINT
  template <typename T>
  Value(const std::optional<T>& v) {  // NOLINT
    if (v) *this = Value(*v);
  }

  const std::variant<std::monostate, int64_t, double, std::string>& get() const { return v_; }

 private:
  std::variant<std::monostate, int64_t, double, std::string> v_;
};

using Params = std::initializer_list<Value>;

// One row of a result, valid only inside the callback that receives it.
class Row {
 public:
  virtual ~Row() = default;
  virtual int columns() const = 0;
  virtual bool IsNull(int column) const = 0;
  virtual int64_t Int(int column) const = 0;  // NULL reads as 0
  virtual double Real(int column) const = 0;
  virtual std::string_view Text(int column) const = 0;  // NULL reads as ""

  std::string String(int column) const { return std::string(Text(column)); }
  std::optional<int64_t> OptInt(int column) const;
  std::optional<std::string> OptString(int column) const;
  bool Bool(int column) const { return Int(column) != 0; }
  // A date column; a malformed stored date is kDataLoss naming the column.
  Result<core::Date> DateAt(int column) const;
  Result<std::optional<core::Date>> OptDateAt(int column) const;
};

enum class TransactionMode {
  kRead,   // a consistent snapshot for reading
  kWrite,  // takes the write lock at once, so it never fails half-way with "busy"
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs fn in a transaction (a savepoint when one is open already); commits
  // if fn returns success, rolls back if it returns an error.
  virtual Status InTransaction(TransactionMode mode, const std::function<Status()>& fn) = 0;

  virtual Status Execute(std::string_view sql, Params params = {}) = 0;
  // Calls `each` for every row; stops early and returns its error if it fails.
  virtual Status Query(std::string_view sql, Params params,
                       const std::function<Status(const Row&)>& each) = 0;
  // Runs an INSERT ... RETURNING id and gives back the id.
  virtual Result<int64_t> InsertReturningId(std::string_view sql, Params params) = 0;
  // Number of rows changed by the last Execute.
  virtual int64_t ChangedRows() const = 0;

  virtual std::string_view engine() const = 0;  // "sqlite", "postgres"

  // Runs several statements of fixed SQL text (migrations). Only for text
  // that is part of the program.
  virtual Status ExecuteScript(std::string_view sql) = 0;

  // Convenience: the single integer a query returns (COUNT(*), ...), or
  // `fallback` when it returns no row.
  Result<int64_t> QueryInt(std::string_view sql, Params params, int64_t fallback = 0);
};

enum class OpenMode {
  kCreateIfMissing,  // a new file becomes an empty, migrated database
  kMustExist,        // kNotFound when the file is not there
};

// Opens (and migrates to the newest schema) a SQLite database file.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, OpenMode mode);

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_DATABASE_H_
