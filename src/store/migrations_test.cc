#include "store/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "core/hash.h"

namespace sg::store {
namespace {

namespace fs = std::filesystem;
using core::Code;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Makes a SQLite database the way another program would: one table, no
// schema_migrations, default (rollback) journal.
void MakeForeignDatabase(const std::string& path) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE stock (item TEXT); INSERT INTO stock VALUES ('x');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
}

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_migrations_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "safeguard.db").string();
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::unique_ptr<Database> Open(OpenMode mode = OpenMode::kCreateIfMissing) {
    auto db = OpenSqlite(path_, mode);
    EXPECT_TRUE(db) << db.error().message();
    return db ? std::move(*db) : nullptr;
  }

  int Latest() const { return MigrationsFor("sqlite").back().version; }

  fs::path dir_;
  std::string path_;
};

TEST_F(MigrationsTest, MigrationsAreNumberedFromOneWithoutGaps) {
  auto migrations = MigrationsFor("sqlite");
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1) << "migration at index " << i;
    EXPECT_FALSE(migrations[i].name.empty()) << migrations[i].version;
    EXPECT_FALSE(migrations[i].sql.empty()) << migrations[i].version;
  }
  EXPECT_TRUE(MigrationsFor("no-such-engine").empty());
}

TEST_F(MigrationsTest, FromEmptyReachesTheLatestVersion) {
  auto db = Open();
  ASSERT_NE(db, nullptr);
  auto version = SchemaVersion(*db);
  ASSERT_TRUE(version) << version.error().message();
  EXPECT_EQ(*version, Latest());
  auto rows = db->QueryInt("SELECT COUNT(*) FROM schema_migrations", {});
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows, static_cast<int64_t>(MigrationsFor("sqlite").size()));
  // Each applied row records the checksum of the program's copy.
  for (const Migration& m : MigrationsFor("sqlite")) {
    std::string checksum, name;
    auto s = db->Query("SELECT checksum, name FROM schema_migrations WHERE version = $1",
                       {m.version}, [&](const Row& row) -> Status {
                         checksum = row.String(0);
                         name = row.String(1);
                         return {};
                       });
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(checksum, core::Sha256Hex(m.sql)) << m.version;
    EXPECT_EQ(name, m.name) << m.version;
  }
}

TEST_F(MigrationsTest, MigrateTwiceIsANoOp) {
  auto db = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("INSERT INTO settings (key, value) VALUES ('demo', 'yes')"));
  auto before = db->QueryInt("SELECT COUNT(*) FROM sqlite_schema", {});
  ASSERT_TRUE(before);
  auto again = Migrate(*db);
  ASSERT_TRUE(again) << again.error().message();
  auto again2 = Migrate(*db);
  ASSERT_TRUE(again2) << again2.error().message();
  EXPECT_EQ(SchemaVersion(*db).value_or(-1), Latest());
  EXPECT_EQ(db->QueryInt("SELECT COUNT(*) FROM schema_migrations", {}).value_or(-1),
            static_cast<int64_t>(MigrationsFor("sqlite").size()));
  EXPECT_EQ(db->QueryInt("SELECT COUNT(*) FROM sqlite_schema", {}).value_or(-1), *before);
  EXPECT_EQ(db->QueryInt("SELECT COUNT(*) FROM settings", {}).value_or(-1), 1);
  // And re-opening migrates nothing either.
  db.reset();
  auto reopened = Open(OpenMode::kMustExist);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(SchemaVersion(*reopened).value_or(-1), Latest());
  EXPECT_EQ(reopened->QueryInt("SELECT COUNT(*) FROM settings", {}).value_or(-1), 1);
}

TEST_F(MigrationsTest, AlteredChecksumIsRefusedAsDataLoss) {
  {
    auto db = Open();
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Execute("UPDATE schema_migrations SET checksum = $1 WHERE version = 1",
                            {core::Sha256Hex("someone else's migration")}));
  }
  auto db = OpenSqlite(path_, OpenMode::kMustExist);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code(), Code::kDataLoss);
  EXPECT_NE(db.error().message().find("differs"), std::string::npos) << db.error().message();
  EXPECT_NE(db.error().message().find(path_), std::string::npos) << db.error().message();
  EXPECT_TRUE(fs::exists(path_)) << "a refused database must not be deleted";
}

TEST_F(MigrationsTest, AlteredChecksumIsRefusedByMigrateDirectly) {
  auto db = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1"));
  auto s = Migrate(*db);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), Code::kDataLoss);
}

TEST_F(MigrationsTest, FutureVersionIsRefusedAsNewer) {
  {
    auto db = Open();
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Execute(
        "INSERT INTO schema_migrations (version, name, checksum) VALUES (999, 'future', 'abc')"));
    EXPECT_EQ(SchemaVersion(*db).value_or(-1), 999);
  }
  auto db = OpenSqlite(path_, OpenMode::kMustExist);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code(), Code::kFailedPrecondition);
  EXPECT_NE(db.error().message().find("newer"), std::string::npos) << db.error().message();
  EXPECT_NE(db.error().message().find("999"), std::string::npos) << db.error().message();
  EXPECT_TRUE(fs::exists(path_));
}

// A database with tables of its own but no schema_migrations was made by
// some other program: Safeguard must not mix its schema into it.
TEST_F(MigrationsTest, ForeignSqliteDatabaseIsRefused) {
  MakeForeignDatabase(path_);
  auto db = OpenSqlite(path_, OpenMode::kMustExist);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code(), Code::kFailedPrecondition);
  EXPECT_NE(db.error().message().find("not one made by Safeguard"), std::string::npos)
      << db.error().message();
  EXPECT_TRUE(fs::exists(path_));
}

TEST_F(MigrationsTest, ForeignSqliteDatabaseIsLeftAsItWas) {
  MakeForeignDatabase(path_);
  const std::string before = ReadBytes(path_);
  ASSERT_FALSE(OpenSqlite(path_, OpenMode::kMustExist));
  // Refusing the file must not change it: no Safeguard tables, and not
  // switched to WAL (a persistent change to the file header).
  EXPECT_TRUE(ReadBytes(path_) == before) << "the refused file's bytes changed";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  std::vector<std::string> seen;
  auto collect = [](void* out, int, char** values, char**) -> int {
    static_cast<std::vector<std::string>*>(out)->push_back(values[0] ? values[0] : "");
    return 0;
  };
  sqlite3_exec(raw, "PRAGMA journal_mode; SELECT name FROM sqlite_schema WHERE type = 'table'",
               collect, &seen, nullptr);
  sqlite3_close(raw);
  EXPECT_EQ(seen, (std::vector<std::string>{"delete", "stock"}));
}

TEST_F(MigrationsTest, EmptyFileIsMigrated) {
  // A zero-length file is an empty SQLite database: Safeguard may take it.
  std::FILE* f = std::fopen(path_.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fclose(f);
  auto db = Open(OpenMode::kMustExist);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(SchemaVersion(*db).value_or(-1), Latest());
}

}  // namespace
}  // namespace sg::store
