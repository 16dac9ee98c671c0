// End-to-end tests of the `safeguard` program: each test runs the real binary
// in a fresh temporary directory and checks its output, exit status and what
// it leaves on disk. The demo is kept small (one year, 400 contacts) for speed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

#include "cli_harness.h"

namespace {

using namespace sg::testing;  // NOLINT: the harness is this file's vocabulary

constexpr const char* kToday = "2025-03-31";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("SAFEGUARD_BANK_HOLIDAYS");
    std::string pattern = (fs::temp_directory_path() / "safeguard-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    io_ = dir_ / ".io";  // captured output lives apart from the files under test
    fs::create_directory(io_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  fs::path Path(const std::string& name) const { return dir_ / name; }

  // Runs safeguard with `args` in the test's directory.
  Outcome Sg(const std::vector<std::string>& args,
             const std::map<std::string, std::string>& env = {}) {
    return RunSafeguard(dir_, io_, args, env);
  }

  // Builds the small demo authority in `name`, failing the test if it cannot.
  fs::path Demo(const std::string& name, int seed = 1) {
    fs::path db = Path(name);
    Outcome r = Sg({"--today", kToday, "demo", "--db", db.string(), "--seed", std::to_string(seed),
                    "--years", "1", "--contacts-per-year", "400", "--until", kToday});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::exists(db));
    return db;
  }

  json WorkJson(const fs::path& db, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--today",   kToday,     "work", "--db",
                                     db.string(), "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    Outcome r = Sg(args);
    EXPECT_EQ(r.status, 0) << r.err;
    json parsed = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(parsed.is_discarded()) << "not JSON: " << r.out;
    return parsed;
  }

  // The names in the test directory (the captured output aside).
  std::set<std::string> Listing() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path() != io_) names.insert(entry.path().filename().string());
    }
    return names;
  }

  // A failure the user can act on: the expected status, one line on stderr
  // starting "safeguard:" that contains `needle` (CLI11's usage errors may add
  // the help hint), nothing on stdout.
  static void ExpectError(const Outcome& r, int status, const std::string& needle) {
    EXPECT_EQ(r.status, status) << "stderr: " << r.err << "stdout: " << r.out;
    EXPECT_TRUE(r.err.starts_with("safeguard: ")) << r.err;
    const std::string first = r.err.substr(0, r.err.find('\n'));
    EXPECT_NE(first.find(needle), std::string::npos) << "'" << needle << "' not in: " << first;
    const std::string rest = r.err.substr(std::min(r.err.size(), first.size() + 1));
    EXPECT_TRUE(rest.empty() ||
                rest == "Run 'safeguard --help' for the commands and their options.\n")
        << "more than one line on stderr: " << r.err;
    EXPECT_EQ(r.out, "");
  }

  fs::path dir_, io_;
};

const std::vector<std::string> kTables = {"persons",     "contacts", "referrals",
                                          "assessments", "cp_plans", "care_episodes"};

std::vector<long long> Counts(const fs::path& db) {
  Sql sql(db);
  std::vector<long long> counts;
  for (const auto& t : kTables) counts.push_back(sql.Count(t));
  counts.push_back(sql.Count("audit_log"));
  return counts;
}

std::string AuditHead(const fs::path& db) {
  return Sql(db).One("SELECT entry_hash FROM audit_head WHERE id = 1");
}

// ---- demo ----------------------------------------------------------------

TEST_F(CliTest, DemoBuildsAndRefusesToBuildTwiceInOneFile) {
  fs::path db = Path("demo.sqlite");
  Outcome first = Sg({"--today", kToday, "demo", "--db", db.string(), "--years", "1",
                      "--contacts-per-year", "400", "--until", kToday});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("Demo authority built in " + db.string() + ": 1 years to 2025-03-31"),
            std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("children "), std::string::npos) << first.out;
  const auto counts = Counts(db);
  EXPECT_GT(counts[0], 0);  // persons
  EXPECT_GT(counts[1], 0);  // contacts
  const auto size = fs::file_size(db);
  const std::string bytes = ReadFile(db);

  Outcome second = Sg({"--today", kToday, "demo", "--db", db.string(), "--years", "1",
                       "--contacts-per-year", "400", "--until", kToday});
  EXPECT_NE(second.status, 0);
  EXPECT_NE(second.err.find("already holds children"), std::string::npos) << second.err;
  EXPECT_EQ(second.out, "");
  EXPECT_EQ(fs::file_size(db), size);
  EXPECT_TRUE(ReadFile(db) == bytes) << "the failed demo changed the database file";
  EXPECT_EQ(Counts(db), counts);
}

TEST_F(CliTest, DemoIsDeterministicForASeed) {
  fs::path a = Demo("a.sqlite", 7), b = Demo("b.sqlite", 7), c = Demo("c.sqlite", 8);
  EXPECT_EQ(Counts(a), Counts(b));
  const std::string head_a = AuditHead(a);
  EXPECT_EQ(head_a.size(), 64u);
  EXPECT_EQ(head_a, AuditHead(b));
  EXPECT_NE(head_a, AuditHead(c));
  json work_a = WorkJson(a);
  EXPECT_FALSE(work_a["items"].empty());
  EXPECT_EQ(work_a.dump(), WorkJson(b).dump());
  EXPECT_NE(work_a.dump(), WorkJson(c).dump());
}

// ---- work ----------------------------------------------------------------

TEST_F(CliTest, WorkJsonIsOrderedAndFilters) {
  fs::path db = Demo("w.sqlite", 4);  // a seed whose small demo has overdue work
  json all = WorkJson(db);
  ASSERT_TRUE(all.contains("summary") && all.contains("items")) << all.dump();
  EXPECT_EQ(all["as_of"], kToday);
  const auto& items = all["items"];
  ASSERT_GT(items.size(), 3u);
  EXPECT_EQ(all["summary"]["open"].get<size_t>(), items.size());
  for (size_t i = 1; i < items.size(); ++i) {
    EXPECT_LE(items[i - 1]["due"].get<std::string>(), items[i]["due"].get<std::string>())
        << "items " << i - 1 << " and " << i << " are out of due-date order";
  }
  int overdue_in_all = 0;
  for (const auto& item : items) overdue_in_all += item["status"] == "overdue";

  json overdue = WorkJson(db, {"--overdue"});
  ASSERT_GT(overdue["items"].size(), 0u) << "the seed-4 demo has overdue work";
  EXPECT_EQ(overdue["items"].size(), static_cast<size_t>(overdue_in_all));
  EXPECT_EQ(overdue["summary"]["overdue"].get<int>(), overdue_in_all);
  for (const auto& item : overdue["items"]) EXPECT_EQ(item["status"], "overdue") << item.dump();

  json limited = WorkJson(db, {"--limit", "3"});
  ASSERT_EQ(limited["items"].size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(limited["items"][i], items[i]);
  EXPECT_EQ(limited["summary"], all["summary"]);

  Outcome table = Sg({"--today", kToday, "work", "--db", db.string(), "--limit", "2"});
  EXPECT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("Statutory work on 2025-03-31"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(items[0]["la_child_id"].get<std::string>()), std::string::npos);
}

// ---- child ---------------------------------------------------------------

TEST_F(CliTest, ChildPrintsChronologyAndTheReadIsAudited) {
  fs::path db = Demo("c.sqlite");
  json work = WorkJson(db);
  ASSERT_FALSE(work["items"].empty());
  const std::string id = work["items"][0]["la_child_id"];
  ASSERT_FALSE(id.empty());
  const long long before = Sql(db).Count("audit_log");

  Outcome r = Sg({"--today", kToday, "child", "--db", db.string(), id});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Date of birth"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(id), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(work["items"][0]["child_name"].get<std::string>()), std::string::npos);
  const long long after = Sql(db).Count("audit_log");
  EXPECT_GE(after, before + 1) << "reading a chronology must be audited";

  Outcome j = Sg({"--today", kToday, "child", "--db", db.string(), id, "--format", "json"});
  ASSERT_EQ(j.status, 0) << j.err;
  json child = json::parse(j.out, nullptr, false);
  ASSERT_FALSE(child.is_discarded()) << j.out;
  EXPECT_EQ(child["la_child_id"], id);
  EXPECT_FALSE(child["chronology"].empty());
  EXPECT_GT(Sql(db).Count("audit_log"), after);
}

TEST_F(CliTest, ChildUnknownIdIsNotFound) {
  fs::path db = Demo("c.sqlite");
  ExpectError(Sg({"--today", kToday, "child", "--db", db.string(), "C9999999"}), 66, "'C9999999'");
}

// ---- audit verify --------------------------------------------------------

class AuditTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    db_ = Demo("audit.sqlite");
  }
  // A copy of the demo with `sql` run on it, the append-only triggers removed.
  fs::path Tampered(const std::string& name, const std::string& sql) {
    fs::path copy = Path(name);
    fs::copy_file(db_, copy);
    for (const char* suffix : {"-wal", "-shm"}) {
      fs::path side = db_.string() + suffix;
      if (fs::exists(side)) fs::copy_file(side, copy.string() + suffix);
    }
    Sql s(copy);
    EXPECT_TRUE(s.Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    EXPECT_TRUE(s.Exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"));
    EXPECT_TRUE(s.Exec(sql));
    return copy;
  }
  Outcome Verify(const fs::path& db, const std::string& format = "table") {
    return Sg({"audit", "verify", "--db", db.string(), "--format", format});
  }
  fs::path db_;
};

TEST_F(AuditTest, IntactDemoPasses) {
  Outcome r = Verify(db_);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("intact"), std::string::npos) << r.out;
  Outcome j = Verify(db_, "json");
  ASSERT_EQ(j.status, 0) << j.err;
  json v = json::parse(j.out, nullptr, false);
  EXPECT_EQ(v["intact"], true) << j.out;
  EXPECT_EQ(v["rows_checked"].get<long long>(), Sql(db_).Count("audit_log"));
}

TEST_F(AuditTest, AlteredRowIsNamed) {
  fs::path bad = Tampered("altered.sqlite", "UPDATE audit_log SET details='{\"x\":1}' WHERE seq=5");
  Outcome r = Verify(bad);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("at row 5:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("intact"), std::string::npos) << r.out;
  Outcome j = Verify(bad, "json");
  EXPECT_EQ(j.status, 1);
  json v = json::parse(j.out, nullptr, false);
  EXPECT_EQ(v["intact"], false) << j.out;
  EXPECT_EQ(v["first_broken_row"], 5) << j.out;
  // The original is untouched by all this.
  EXPECT_EQ(Verify(db_).status, 0);
}

TEST_F(AuditTest, DeletedMiddleRowIsNamed) {
  Outcome r = Verify(Tampered("deleted.sqlite", "DELETE FROM audit_log WHERE seq=7"));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("row 7"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing"), std::string::npos) << r.out;
}

TEST_F(AuditTest, RemovedLastRowIsReported) {
  const long long last = Sql(db_).Count("audit_log");
  Outcome r = Verify(Tampered("truncated.sqlite",
                              "DELETE FROM audit_log WHERE seq=(SELECT MAX(seq) FROM audit_log)"));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("row " + std::to_string(last)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("removed from the end"), std::string::npos) << r.out;
}

// ---- bad input -----------------------------------------------------------

TEST_F(CliTest, MissingDatabaseIsNotFoundAndNotCreated) {
  const std::string db = Path("absent.sqlite").string();
  const auto before = Listing();
  ExpectError(Sg({"--today", kToday, "work", "--db", db}), 66, "absent.sqlite");
  ExpectError(Sg({"child", "--db", db, "C0000001"}), 66, "absent.sqlite");
  ExpectError(Sg({"audit", "verify", "--db", db}), 66, "absent.sqlite");
  EXPECT_EQ(Listing(), before);
}

TEST_F(CliTest, UnwritableDemoPathIsUnavailable) {
  const auto before = Listing();
  const std::vector<std::string> paths = {"/nonexistent-dir/x.sqlite",
                                          Path("no-such-dir/x.sqlite").string()};
  for (const auto& db : paths) {
    ExpectError(Sg({"--today", kToday, "demo", "--db", db, "--years", "1", "--until", kToday}), 69,
                db);
    EXPECT_FALSE(fs::exists(db));
  }
  EXPECT_FALSE(fs::exists("/nonexistent-dir"));
  EXPECT_EQ(Listing(), before);
}

TEST_F(CliTest, CorruptDatabaseIsDataLossAndLeftAlone) {
  const fs::path db = Path("corrupt.sqlite");
  const std::string text = "This is a shopping list, not a database.\neggs\nmilk\n";
  WriteFile(db, text);
  const auto before = Listing();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--today", kToday, "work", "--db", db.string()},
           {"child", "--db", db.string(), "C0000001"},
           {"audit", "verify", "--db", db.string()},
           {"--today", kToday, "demo", "--db", db.string(), "--years", "1", "--until", kToday}}) {
    ExpectError(Sg(args), 76, "corrupt.sqlite");
    EXPECT_EQ(ReadFile(db), text);
    EXPECT_EQ(Listing(), before);
  }
}

TEST_F(CliTest, ImpossibleDatesAreUsageErrors) {
  fs::path db = Demo("d.sqlite");
  const auto before = Listing();
  ExpectError(Sg({"--today", kToday, "work", "--db", db.string(), "--as-of", "2023-02-30"}), 64,
              "'2023-02-30'");
  ExpectError(Sg({"--today", kToday, "demo", "--db", Path("n.sqlite").string(), "--years", "1",
                  "--until", "2025-13-01"}),
              64, "'2025-13-01'");
  ExpectError(Sg({"--today", "31/03/2025", "work", "--db", db.string()}), 64, "'31/03/2025'");
  EXPECT_EQ(Listing(), before);
}

TEST_F(CliTest, FutureUntilIsRefused) {
  ExpectError(Sg({"demo", "--db", Path("f.sqlite").string(), "--years", "1", "--until",
                  "2025-04-01", "--today", kToday}),  // global option after the command
              64, "2025-04-01");
  EXPECT_FALSE(fs::exists(Path("f.sqlite")));
}

TEST_F(CliTest, WrongOptionsAndFormatsAreUsageErrors) {
  fs::path db = Demo("o.sqlite");
  ExpectError(Sg({"work", "--db", db.string(), "--frobnicate"}), 64, "frobnicate");
  ExpectError(Sg({"--frobnicate", "work", "--db", db.string()}), 64, "frobnicate");
  ExpectError(Sg({"--frobnicate"}), 64, "subcommand");  // CLI11 asks for the command first
  ExpectError(Sg({"work"}), 64, "--db");
  ExpectError(Sg({"work", "--db", db.string(), "--limit", "-1"}), 64, "--limit");
  ExpectError(Sg({"--today", kToday, "work", "--db", db.string(), "--format", "xml"}), 64, "'xml'");
  ExpectError(Sg({"child", "--db", db.string(), "C0000001", "--format", "csv"}), 64, "'csv'");
  ExpectError(Sg({"audit", "verify", "--db", db.string(), "--format", "yaml"}), 64, "'yaml'");
}

TEST_F(CliTest, BadBankHolidayFiles) {
  fs::path db = Demo("h.sqlite");
  const std::string missing = Path("missing.csv").string();
  ExpectError(Sg({"--bank-holidays", missing, "--today", kToday, "work", "--db", db.string()}), 66,
              "missing.csv");
  ExpectError(
      Sg({"--today", kToday, "work", "--db", db.string()}, {{"SAFEGUARD_BANK_HOLIDAYS", missing}}),
      66, "missing.csv");
  const fs::path bad_date = Path("bad-date.csv");
  WriteFile(bad_date, "date,name\n2025-01-01,New Year's Day\n2025-02-30,Nonsense Day\n");
  ExpectError(
      Sg({"--bank-holidays", bad_date.string(), "--today", kToday, "work", "--db", db.string()}),
      64, "line 3");
  const fs::path no_header = Path("no-header.csv");
  WriteFile(no_header, "2025-01-01,New Year's Day\n");
  ExpectError(
      Sg({"--bank-holidays", no_header.string(), "--today", kToday, "work", "--db", db.string()}),
      64, "line 1");
}

TEST_F(CliTest, DemoYearsZeroIsRefused) {
  const auto before = Listing();
  ExpectError(Sg({"--today", kToday, "demo", "--db", Path("z.sqlite").string(), "--years", "0",
                  "--until", kToday}),
              64, "--years");
  EXPECT_EQ(Listing(), before);
}

// ---- bank holidays -------------------------------------------------------

TEST_F(CliTest, BankHolidayFileMovesDueDates) {
  fs::path db = Demo("b.sqlite");
  const std::string shipped =
      ReadFile(fs::path(SAFEGUARD_SOURCE_DIR) / "data" / "bank-holidays-england-wales.csv");
  ASSERT_NE(shipped.find("2025-04-18"), std::string::npos) << "shipped calendar not found";
  const fs::path same = Path("same.csv"), more = Path("more.csv");
  WriteFile(same, shipped);
  // A week of extra holidays in March 2025, when plenty of clocks are running.
  std::string extra = shipped;
  if (!extra.ends_with('\n')) extra += '\n';
  for (const char* day : {"2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07"}) {
    extra += std::string(day) + ",Extra day\n";
  }
  WriteFile(more, extra);

  json plain = WorkJson(db);
  EXPECT_EQ(WorkJson(db, {"--bank-holidays", same.string()}), plain)
      << "a copy of the shipped calendar must change nothing";
  json moved = WorkJson(db, {"--bank-holidays", more.string()});
  ASSERT_NE(moved, plain);
  std::map<std::string, std::string> due_before;
  for (const auto& i : plain["items"]) {
    due_before[i["kind"].get<std::string>() + "/" + i["record_id"].dump()] = i["due"];
  }
  int later = 0;
  for (const auto& i : moved["items"]) {
    auto it = due_before.find(i["kind"].get<std::string>() + "/" + i["record_id"].dump());
    if (it == due_before.end()) continue;
    EXPECT_GE(i["due"].get<std::string>(), it->second) << i.dump();
    later += i["due"].get<std::string>() > it->second;
  }
  EXPECT_GT(later, 0) << "no due date moved for a week of extra holidays";
}

// ---- audit checkpoints ---------------------------------------------------

// Signed checkpoints outside the database (access/checkpoint.h): written by
// `audit checkpoint`, checked by `audit verify` beside the hash chain.
class CheckpointTest : public AuditTest {
 protected:
  fs::path CheckpointFile() const { return db_.string() + ".checkpoints"; }
  fs::path KeyFile() const { return db_.string() + ".checkpoint-key"; }

  Outcome Checkpoint(const fs::path& db, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"audit", "checkpoint", "--db", db.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return Sg(args);
  }
  // Verifies `db` against the demo's checkpoints (a tampered copy lives in
  // another file, so the paths come from the environment).
  Outcome VerifyAgainstDemo(const fs::path& db, const std::string& format = "table") {
    return Sg({"audit", "verify", "--db", db.string(), "--format", format},
              {{"SAFEGUARD_CHECKPOINTS", CheckpointFile().string()},
               {"SAFEGUARD_CHECKPOINT_KEY", KeyFile().string()}});
  }
  // The demo's audit log replaced by a longer one from another authority: a
  // whole chain rebuilt, consistent in itself, as someone who can write the
  // file could.
  fs::path Rebuilt(const std::string& name) {
    const fs::path other = Path("other.sqlite");
    Outcome built = Sg({"--today", kToday, "demo", "--db", other.string(), "--seed", "2", "--years",
                        "1", "--contacts-per-year", "600", "--until", kToday});
    EXPECT_EQ(built.status, 0) << built.err;
    Sql o(other);
    EXPECT_TRUE(o.Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    const std::string attach = "ATTACH DATABASE '" + other.string() + "' AS other;";
    return Tampered(name, attach +
                              "DELETE FROM audit_log;"
                              "INSERT INTO audit_log SELECT * FROM other.audit_log;"
                              "DELETE FROM audit_head;"
                              "INSERT INTO audit_head SELECT * FROM other.audit_head;"
                              "DETACH DATABASE other;");
  }
};

TEST_F(CheckpointTest, VerifyWithoutCheckpointsSaysNoneWrittenYet) {
  Outcome r = Verify(db_);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("no checkpoints written yet"), std::string::npos) << r.out;
  Outcome j = Verify(db_, "json");
  ASSERT_EQ(j.status, 0) << j.err;
  json v = ParseJson(j.out);
  EXPECT_EQ(v["intact"], true) << j.out;
  EXPECT_EQ(v["checkpoints"]["written"], false) << j.out;
  EXPECT_EQ(v["checkpoints"]["verified"], 0) << j.out;
  EXPECT_FALSE(fs::exists(CheckpointFile()));
}

TEST_F(CheckpointTest, WrittenCheckpointVerifies) {
  const long long rows = Sql(db_).Count("audit_log");
  ASSERT_GT(rows, 0);
  Outcome w = Checkpoint(db_);
  ASSERT_EQ(w.status, 0) << w.err;
  EXPECT_NE(w.out.find("Checkpoint written: audit row " + std::to_string(rows)), std::string::npos)
      << w.out;
  EXPECT_NE(w.out.find(CheckpointFile().string()), std::string::npos) << w.out;
  EXPECT_NE(w.out.find("new signing key"), std::string::npos) << w.out;
  EXPECT_EQ(fs::status(KeyFile()).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(ReadFile(CheckpointFile()).find("{\"seq\":" + std::to_string(rows) + ","), 0u);

  Outcome r = Verify(db_);
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("Audit log intact"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Checkpoints verified: 1"), std::string::npos) << r.out;
  Outcome j = Verify(db_, "json");
  ASSERT_EQ(j.status, 0) << j.err;
  json v = ParseJson(j.out);
  EXPECT_EQ(v["intact"], true) << j.out;
  EXPECT_EQ(v["checkpoints"]["intact"], true) << j.out;
  EXPECT_EQ(v["checkpoints"]["verified"], 1) << j.out;
  EXPECT_EQ(v["checkpoints"]["newest_row"].get<long long>(), rows) << j.out;

  Outcome again = Checkpoint(db_);
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("Nothing new to checkpoint"), std::string::npos) << again.out;
  EXPECT_EQ(ReadFile(CheckpointFile()).find('\n'), ReadFile(CheckpointFile()).size() - 1)
      << "an unchanged head must not add a line";
}

TEST_F(CheckpointTest, CheckpointPathsCanBeChosen) {
  const fs::path file = Path("elsewhere.checkpoints"), key = Path("elsewhere.key");
  Outcome w = Checkpoint(db_, {"--checkpoints", file.string(), "--checkpoint-key", key.string()});
  ASSERT_EQ(w.status, 0) << w.err;
  EXPECT_TRUE(fs::exists(file));
  EXPECT_TRUE(fs::exists(key));
  EXPECT_FALSE(fs::exists(CheckpointFile()));
  const std::map<std::string, std::string> env = {{"SAFEGUARD_CHECKPOINTS", file.string()},
                                                  {"SAFEGUARD_CHECKPOINT_KEY", key.string()}};
  Outcome r = Sg({"audit", "verify", "--db", db_.string()}, env);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Checkpoints verified: 1"), std::string::npos) << r.out;
}

TEST_F(CheckpointTest, RebuiltChainFailsAgainstTheCheckpoint) {
  ASSERT_EQ(Checkpoint(db_).status, 0);
  const fs::path bad = Rebuilt("rebuilt.sqlite");
  Outcome r = VerifyAgainstDemo(bad);
  EXPECT_EQ(r.status, 1) << r.err << r.out;
  // The rebuilt chain is consistent: only the checkpoint shows the rewrite.
  EXPECT_NE(r.out.find("Audit log intact"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CHECKPOINTS BROKEN"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("does not match checkpoint line 1 of '" + CheckpointFile().string() + "'"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("rewritten"), std::string::npos) << r.out;
  Outcome j = VerifyAgainstDemo(bad, "json");
  EXPECT_EQ(j.status, 1);
  json v = ParseJson(j.out);
  EXPECT_EQ(v["intact"], false) << j.out;
  EXPECT_EQ(v["chain"]["intact"], true) << j.out;
  EXPECT_EQ(v["checkpoints"]["intact"], false) << j.out;
  EXPECT_NE(v["problem"].get<std::string>().find("checkpoint line 1"), std::string::npos) << j.out;
  // The original still verifies against its checkpoint.
  EXPECT_EQ(Verify(db_).status, 0);
}

TEST_F(CheckpointTest, RowsRemovedFromTheEndWithTheHeadRewrittenFail) {
  ASSERT_EQ(Checkpoint(db_).status, 0);
  const long long rows = Sql(db_).Count("audit_log");
  const fs::path bad = Tampered(
      "cut.sqlite",
      "DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 3 FROM audit_log);"
      "UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit_log), "
      "entry_hash = (SELECT entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1) WHERE id = 1;");
  Outcome r = VerifyAgainstDemo(bad);
  EXPECT_EQ(r.status, 1) << r.err << r.out;
  EXPECT_NE(r.out.find("Audit log intact"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("audit rows " + std::to_string(rows - 2) + " to " + std::to_string(rows) +
                       " have been removed from the end"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("checkpoint line 1"), std::string::npos) << r.out;
  // Nor will a new checkpoint sign the shortened log.
  Outcome w = Sg({"audit", "checkpoint", "--db", bad.string(), "--checkpoints",
                  CheckpointFile().string(), "--checkpoint-key", KeyFile().string()});
  ExpectError(w, 76, "run 'safeguard audit verify'");
}

TEST_F(CheckpointTest, TornLastLineIsReportedNotBroken) {
  ASSERT_EQ(Checkpoint(db_).status, 0);
  std::ofstream(CheckpointFile(), std::ios::app) << "{\"seq\":9";
  Outcome r = Verify(db_);
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("cut short"), std::string::npos) << r.out;
  json v = ParseJson(Verify(db_, "json").out);
  EXPECT_EQ(v["checkpoints"]["torn_last_line"], true);
}

TEST_F(CheckpointTest, KeyOpenToOthersIsRefused) {
  ASSERT_EQ(Checkpoint(db_).status, 0);
  fs::permissions(KeyFile(), fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  ExpectError(Verify(db_), 65, "chmod 600 " + KeyFile().string());
  ExpectError(Checkpoint(db_), 65, "chmod 600 " + KeyFile().string());
}

TEST_F(CliTest, CheckpointOfMissingDatabaseIsNotFound) {
  const std::string db = Path("absent.sqlite").string();
  const auto before = Listing();
  ExpectError(Sg({"audit", "checkpoint", "--db", db}), 66, "absent.sqlite");
  EXPECT_EQ(Listing(), before);
}

}  // namespace
