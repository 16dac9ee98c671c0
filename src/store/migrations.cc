#include "store/migrations.h"

#include <fmt/format.h>

#include "core/hash.h"

namespace sg::embedded {
extern const std::string_view kSqliteMigration0001;
extern const std::string_view kSqliteMigration0002;
extern const std::string_view kSqliteMigration0003;
extern const std::string_view kSqliteMigration0004;
extern const std::string_view kSqliteMigration0005;
}

namespace sg::store {
namespace {

using core::Code;
using core::Fail;

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))) STRICT";

const Migration kSqlite[] = {
    {1, "journey", embedded::kSqliteMigration0001},
    {2, "cin_census", embedded::kSqliteMigration0002},
    {3, "ssda903", embedded::kSqliteMigration0003},
    {4, "identity", embedded::kSqliteMigration0004},
    {5, "indexes", embedded::kSqliteMigration0005},
};

}  // namespace

// A database that has tables of its own but no schema_migrations was not
// made by Safeguard; migrating it would mix our schema into someone else's.
Status CheckIsSafeguardDatabase(Database& db) {
  if (db.engine() != "sqlite") return {};
  auto ours = db.QueryInt(
      "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'",
      {});
  if (!ours) return std::unexpected(ours.error());
  auto any = db.QueryInt("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'", {});
  if (!any) return std::unexpected(any.error());
  if (*ours == 0 && *any > 0) {
    return Fail(Code::kFailedPrecondition,
                "the file is a SQLite database, but not one made by Safeguard");
  }
  return {};
}

std::span<const Migration> MigrationsFor(std::string_view engine) {
  if (engine == "sqlite") return kSqlite;
  return {};
}

Result<int> SchemaVersion(Database& db) {
  auto version = db.QueryInt("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {});
  if (!version) return std::unexpected(version.error());
  return static_cast<int>(*version);
}

Status Migrate(Database& db) {
  if (auto s = CheckIsSafeguardDatabase(db); !s) return s;
  if (auto s = db.ExecuteScript(kCreateTable); !s) return s;
  auto migrations = MigrationsFor(db.engine());
  if (migrations.empty()) {
    return Fail(Code::kInternal, fmt::format("no migrations for engine {}", db.engine()));
  }
  // Check the history already applied against the program's.
  std::vector<std::pair<int, std::string>> applied;
  auto s = db.Query("SELECT version, checksum FROM schema_migrations ORDER BY version", {},
                    [&](const Row& row) -> Status {
                      applied.emplace_back(static_cast<int>(row.Int(0)), row.String(1));
                      return {};
                    });
  if (!s) return s;
  for (const auto& [version, checksum] : applied) {
    if (version < 1) {
      return Fail(Code::kDataLoss,
                  fmt::format("schema_migrations holds an impossible version {}", version));
    }
    if (version > migrations.back().version) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the database is at schema version {}, newer than this program "
                              "knows ({}); use a newer Safeguard",
                              version, migrations.back().version));
    }
    const Migration& m = migrations[static_cast<size_t>(version - 1)];
    if (core::Sha256Hex(m.sql) != checksum) {
      return Fail(Code::kDataLoss,
                  fmt::format("schema migration {} ({}) applied to this database differs from "
                              "the program's copy",
                              version, m.name));
    }
  }
  for (const Migration& m : migrations.subspan(applied.size())) {
    auto step = db.InTransaction(TransactionMode::kWrite, [&]() -> Status {
      if (auto r = db.ExecuteScript(m.sql); !r) return r;
      return db.Execute("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                        {m.version, m.name, core::Sha256Hex(m.sql)});
    });
    if (!step) return std::unexpected(step.error().WithContext(fmt::format("migration {}", m.version)));
  }
  return {};
}

}  // namespace sg::store
