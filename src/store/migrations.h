// Migrations: forward-only, numbered schema changes embedded in the binary.
//
// Each migration runs in one transaction together with its row in
// schema_migrations(version, name, checksum, applied_at), so a failure leaves
// the database at the previous version, never between two. On every open we
// also check the checksums of the migrations already applied: a database
// whose history differs from the program's (an edited migration, a database
// from a newer Safeguard) is refused with a clear message instead of being
// migrated into an unknown state.
#ifndef SAFEGUARD_STORE_MIGRATIONS_H_
#define SAFEGUARD_STORE_MIGRATIONS_H_

#include <span>
#include <string_view>

#include "store/database.h"

namespace sg::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Every migration for `engine` ("sqlite"), in version order.
std::span<const Migration> MigrationsFor(std::string_view engine);

// kFailedPrecondition when `db` is a database of some other program (it has
// tables but no schema_migrations); checks only, changes nothing.
Status CheckIsSafeguardDatabase(Database& db);

// Brings `db` to the newest schema. Idempotent.
Status Migrate(Database& db);

// The highest applied version, 0 for an empty database.
Result<int> SchemaVersion(Database& db);

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_MIGRATIONS_H_
