#include "access/checkpoint.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "access/audit.h"
#include "access/gate.h"
#include "core/clock.h"

namespace sg::access {
namespace {

namespace fs = std::filesystem;
using core::Code;
using core::Status;
using store::AuditRow;

constexpr int64_t kStart = 1'764'150'000;  // 2025-11-26T09:40:00Z

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_checkpoint_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    const std::string db_path = (dir_ / "safeguard.db").string();
    auto db = store::OpenSqlite(db_path, store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    gate_ = std::make_unique<Gate>(*db_, clock_);
    paths_ = CheckpointPaths::Beside(db_path);
    ASSERT_EQ(sodium_init() >= 0, true);
  }
  void TearDown() override {
    gate_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Appends n reads of children's records, one audit row each.
  void AppendEntries(int n) {
    for (int i = 0; i < n; ++i) {
      ++entries_;
      auto s = gate_->Run(system_, Action::kReadRecord, [&](AuditNote& note) -> Status {
        note.action = "read";
        note.entity = "child";
        note.entity_id = std::to_string(entries_);
        note.person_id = entries_;
        note.details = fmt::format("{{\"view\":\"chronology\",\"n\":{}}}", entries_);
        return {};
      });
      ASSERT_TRUE(s) << s.error().message();
    }
  }

  int64_t Write() {
    auto written = WriteCheckpoint(*db_, paths_, clock_);
    EXPECT_TRUE(written) << written.error().message();
    return written.value_or(-1);
  }

  CheckpointVerification Verify() {
    auto v = VerifyCheckpoints(*db_, paths_);
    EXPECT_TRUE(v) << v.error().message();
    return v.value_or(CheckpointVerification{});
  }

  std::vector<std::string> Lines() const {
    std::ifstream in(paths_.file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  std::string FileText() const {
    std::ifstream in(paths_.file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  void WriteFileText(const std::string& text) const {
    std::ofstream(paths_.file, std::ios::binary | std::ios::trunc) << text;
  }

  void AppendFileText(const std::string& text) const {
    std::ofstream(paths_.file, std::ios::binary | std::ios::app) << text;
  }

  std::vector<AuditRow> Rows() {
    std::vector<AuditRow> rows;
    auto s = store::AuditStore(*db_).ForEach([&](const AuditRow& row) -> Status {
      rows.push_back(row);
      return {};
    });
    EXPECT_TRUE(s) << s.error().message();
    return rows;
  }

  // What an attacker with the database file can do: remove the append-only
  // triggers and write through SQL.
  void DropTriggers() {
    auto s =
        db_->ExecuteScript("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
    ASSERT_TRUE(s) << s.error().message();
  }

  void Tamper(std::string_view sql, store::Params params = {}) {
    auto s = db_->Execute(sql, params);
    ASSERT_TRUE(s) << s.error().message();
  }

  // Changes row `seq` and recomputes every hash from there on and the head:
  // a chain that VerifyAudit accepts.
  void RewriteRowAndRebuildChain(int64_t seq, const std::string& details) {
    DropTriggers();
    std::string prev(kGenesisHash);
    for (AuditRow& r : Rows()) {
      if (r.seq == seq) r.details = details;
      r.prev_hash = prev;
      r.entry_hash = ChainHash(r);
      prev = r.entry_hash;
      Tamper("UPDATE audit_log SET details = $2, prev_hash = $3, entry_hash = $4 WHERE seq = $1",
             {r.seq, r.details, r.prev_hash, r.entry_hash});
    }
    Tamper("UPDATE audit_head SET entry_hash = $1 WHERE id = 1", {prev});
  }

  // Removes the rows after `last` and points the head at it.
  void CutLogAfter(int64_t last) {
    DropTriggers();
    Tamper("DELETE FROM audit_log WHERE seq > $1", {last});
    const auto rows = Rows();
    ASSERT_FALSE(rows.empty());
    Tamper("UPDATE audit_head SET seq = $1, entry_hash = $2 WHERE id = 1",
           {rows.back().seq, rows.back().entry_hash});
  }

  void ExpectChainIntact() {
    auto chain = VerifyAudit(*db_);
    ASSERT_TRUE(chain) << chain.error().message();
    EXPECT_TRUE(chain->intact) << "the tamper should leave a chain that verifies: "
                               << chain->problem;
  }

  fs::path dir_;
  std::unique_ptr<store::Database> db_;
  core::ManualClock clock_{kStart};
  Actor system_ = Actor::System("test", "testing");
  std::unique_ptr<Gate> gate_;
  CheckpointPaths paths_;
  int64_t entries_ = 0;
};

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string hex(2 * size + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

std::string Message(int64_t seq, const std::string& hash, const std::string& at) {
  return fmt::format("safeguard-audit-checkpoint v1\n{}\n{}\n{}\n", seq, hash, at);
}

// A well-formed line signed by a key that is not the partnership's.
std::string LineSignedByAnotherKey(int64_t seq, const std::string& hash, const std::string& at) {
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_keypair(pk.data(), sk.data());
  const std::string message = Message(seq, hash, at);
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), sk.data());
  nlohmann::ordered_json line = {{"seq", seq},
                                 {"entry_hash", hash},
                                 {"at", at},
                                 {"public_key", Hex(pk.data(), pk.size())},
                                 {"signature", Hex(sig.data(), sig.size())}};
  return line.dump() + "\n";
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// ---- writing ---------------------------------------------------------------

TEST_F(CheckpointTest, BesideTheDatabase) {
  auto paths = CheckpointPaths::Beside("/data/sg.sqlite");
  EXPECT_EQ(paths.file, "/data/sg.sqlite.checkpoints");
  EXPECT_EQ(paths.key, "/data/sg.sqlite.checkpoint-key");
}

TEST_F(CheckpointTest, EmptyLogWritesNothingAndCreatesNoFile) {
  EXPECT_EQ(Write(), 0);
  EXPECT_FALSE(fs::exists(paths_.file));
  EXPECT_FALSE(fs::exists(paths_.key));
  auto v = Verify();
  EXPECT_TRUE(v.file_missing);
  EXPECT_TRUE(v.intact);
  EXPECT_EQ(v.checkpoints, 0);
}

TEST_F(CheckpointTest, WrittenLineIsTheDocumentedSignedStatement) {
  AppendEntries(3);
  ASSERT_EQ(Write(), 3);
  auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].starts_with("{\"seq\":3,\"entry_hash\":\"")) << lines[0];
  const nlohmann::json line = nlohmann::json::parse(lines[0]);
  const auto head = store::AuditStore(*db_).Head();
  ASSERT_TRUE(head && head->has_value());
  EXPECT_EQ(line["seq"], 3);
  EXPECT_EQ(line["entry_hash"], (*head)->entry_hash);
  EXPECT_EQ(line["at"], clock_.NowUtc());
  // An outsider with libsodium alone can check it against the documented
  // message: the format is the contract, not this code.
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  const std::string pk_hex = line["public_key"], sig_hex = line["signature"];
  ASSERT_EQ(
      sodium_hex2bin(pk.data(), pk.size(), pk_hex.data(), pk_hex.size(), nullptr, nullptr, nullptr),
      0);
  ASSERT_EQ(sodium_hex2bin(sig.data(), sig.size(), sig_hex.data(), sig_hex.size(), nullptr, nullptr,
                           nullptr),
            0);
  const std::string message = Message(3, (*head)->entry_hash, clock_.NowUtc());
  EXPECT_EQ(crypto_sign_verify_detached(sig.data(),
                                        reinterpret_cast<const unsigned char*>(message.data()),
                                        message.size(), pk.data()),
            0);
}

TEST_F(CheckpointTest, WriteThenVerifyRoundTrip) {
  AppendEntries(3);
  EXPECT_EQ(Write(), 3);
  clock_.Advance(std::chrono::minutes(5));
  AppendEntries(2);
  EXPECT_EQ(Write(), 5);
  EXPECT_EQ(Lines().size(), 2u);
  auto v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_FALSE(v.file_missing);
  EXPECT_FALSE(v.torn_last_line);
  EXPECT_EQ(v.checkpoints, 2);
  EXPECT_EQ(v.newest_seq, 5);
  EXPECT_EQ(v.problem, "");
  // Rows added after the newest checkpoint are not a failure.
  AppendEntries(4);
  EXPECT_TRUE(Verify().intact);
}

TEST_F(CheckpointTest, UnchangedHeadWritesNothing) {
  AppendEntries(2);
  ASSERT_EQ(Write(), 2);
  const std::string before = FileText();
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(Write(), 0);
  EXPECT_EQ(FileText(), before);
}

TEST_F(CheckpointTest, KeyFileIsCreatedPrivateWhateverTheUmask) {
  AppendEntries(1);
  const mode_t old = ::umask(0);
  const int64_t written = Write();
  ::umask(old);
  ASSERT_EQ(written, 1);
  struct stat st {};
  ASSERT_EQ(::stat(paths_.key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream key(paths_.key);
  std::string hex;
  key >> hex;
  EXPECT_EQ(hex.size(), 128u);  // the 64-byte secret key in hex
}

TEST_F(CheckpointTest, KeyFileOpenToOthersIsRefused) {
  AppendEntries(1);
  ASSERT_EQ(Write(), 1);
  fs::permissions(paths_.key, fs::perms::group_read, fs::perm_options::add);
  // Refused even with nothing new to sign, so that the problem shows at once.
  EXPECT_FALSE(WriteCheckpoint(*db_, paths_, clock_));
  AppendEntries(1);
  auto written = WriteCheckpoint(*db_, paths_, clock_);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code(), Code::kFailedPrecondition);
  EXPECT_TRUE(Contains(written.error().message(), paths_.key)) << written.error().message();
  EXPECT_TRUE(Contains(written.error().message(), "chmod 600 " + paths_.key))
      << written.error().message();
  auto verified = VerifyCheckpoints(*db_, paths_);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code(), Code::kFailedPrecondition);
  // Writable by others is as bad: someone could swap the key.
  fs::permissions(paths_.key,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_write);
  EXPECT_FALSE(WriteCheckpoint(*db_, paths_, clock_));
  fs::permissions(paths_.key, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(Write(), 2);
}

TEST_F(CheckpointTest, DamagedKeyFileIsDataLoss) {
  AppendEntries(1);
  ASSERT_EQ(Write(), 1);
  std::ofstream(paths_.key, std::ios::trunc) << "not a key\n";
  AppendEntries(1);
  auto written = WriteCheckpoint(*db_, paths_, clock_);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code(), Code::kDataLoss);
}

TEST_F(CheckpointTest, MissingKeyIsNotReplacedWhileCheckpointsExist) {
  AppendEntries(1);
  ASSERT_EQ(Write(), 1);
  fs::remove(paths_.key);
  AppendEntries(1);
  auto written = WriteCheckpoint(*db_, paths_, clock_);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code(), Code::kFailedPrecondition);
  EXPECT_TRUE(Contains(written.error().message(), "missing")) << written.error().message();
  EXPECT_FALSE(fs::exists(paths_.key));
  // Without the key file the first line's key verifies.
  auto v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.checkpoints, 1);
}

// ---- tampering -------------------------------------------------------------

TEST_F(CheckpointTest, RebuiltChainIsDetected) {
  AppendEntries(3);
  ASSERT_EQ(Write(), 3);
  AppendEntries(2);
  ASSERT_EQ(Write(), 5);
  RewriteRowAndRebuildChain(4, "{\"view\":\"nothing to see\"}");
  ExpectChainIntact();
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  // Row 3 is untouched, so its checkpoint holds; row 5's does not.
  EXPECT_TRUE(Contains(v.problem, "audit row 5 does not match checkpoint line 2")) << v.problem;
  EXPECT_TRUE(Contains(v.problem, "rewritten")) << v.problem;
  EXPECT_TRUE(Contains(v.problem, paths_.file)) << v.problem;
  // Nor will a new checkpoint sign over the rewrite at the same row.
  auto written = WriteCheckpoint(*db_, paths_, clock_);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code(), Code::kDataLoss);
}

TEST_F(CheckpointTest, RebuiltChainBeforeTheFirstCheckpointIsDetected) {
  AppendEntries(3);
  ASSERT_EQ(Write(), 3);
  RewriteRowAndRebuildChain(1, "{}");
  ExpectChainIntact();
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_TRUE(Contains(v.problem, "audit row 3 does not match checkpoint line 1")) << v.problem;
}

TEST_F(CheckpointTest, RowsRemovedFromTheEndWithTheHeadRewrittenAreDetected) {
  AppendEntries(5);
  ASSERT_EQ(Write(), 5);
  CutLogAfter(3);
  ExpectChainIntact();
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_TRUE(Contains(v.problem, "audit rows 4 to 5 have been removed from the end")) << v.problem;
  EXPECT_TRUE(Contains(v.problem, "ends at row 3")) << v.problem;
  auto written = WriteCheckpoint(*db_, paths_, clock_);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code(), Code::kDataLoss);
  EXPECT_TRUE(Contains(written.error().message(), "row 3")) << written.error().message();
}

TEST_F(CheckpointTest, EditedLineFailsItsSignature) {
  AppendEntries(2);
  ASSERT_EQ(Write(), 2);
  AppendEntries(2);
  ASSERT_EQ(Write(), 4);
  // Move the first checkpoint's time back a day: still well-formed JSON.
  std::string text = FileText();
  const std::string at = "\"at\":\"" + clock_.NowUtc() + "\"";
  const size_t where = text.find(at);
  ASSERT_NE(where, std::string::npos) << text;
  text.replace(where, at.size(), "\"at\":\"2025-11-25T09:40:00Z\"");
  WriteFileText(text);
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_TRUE(Contains(v.problem, "signature on checkpoint line 1")) << v.problem;
  EXPECT_TRUE(Contains(v.problem, "does not verify")) << v.problem;
  EXPECT_EQ(v.checkpoints, 1);  // line 2 still verifies
}

TEST_F(CheckpointTest, LineSignedByAnotherKeyIsDetected) {
  AppendEntries(2);
  ASSERT_EQ(Write(), 2);
  AppendEntries(1);
  const auto rows = Rows();
  AppendFileText(LineSignedByAnotherKey(3, rows.back().entry_hash, clock_.NowUtc()));
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_TRUE(Contains(v.problem, "checkpoint line 2")) << v.problem;
  EXPECT_TRUE(Contains(v.problem, "different key")) << v.problem;
  EXPECT_TRUE(Contains(v.problem, paths_.key)) << v.problem;
  // Without the key file, every line must repeat the first line's key.
  fs::remove(paths_.key);
  v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_TRUE(Contains(v.problem, "different key from the first line's")) << v.problem;
}

TEST_F(CheckpointTest, FileResignedByAnotherKeyIsDetectedThroughTheKeyFile) {
  AppendEntries(2);
  ASSERT_EQ(Write(), 2);
  // The attacker re-signs a rewritten log with a key of their own.
  RewriteRowAndRebuildChain(1, "{}");
  WriteFileText(LineSignedByAnotherKey(2, Rows().back().entry_hash, clock_.NowUtc()));
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_TRUE(Contains(v.problem, "checkpoint line 1")) << v.problem;
  EXPECT_TRUE(Contains(v.problem, "different key")) << v.problem;
}

TEST_F(CheckpointTest, ReorderedLinesAreDetected) {
  AppendEntries(1);
  ASSERT_EQ(Write(), 1);
  AppendEntries(1);
  ASSERT_EQ(Write(), 2);
  auto lines = Lines();
  ASSERT_EQ(lines.size(), 2u);
  WriteFileText(lines[1] + "\n" + lines[0] + "\n");
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_TRUE(Contains(v.problem, "reordered")) << v.problem;
}

// ---- torn lines ------------------------------------------------------------

TEST_F(CheckpointTest, TornLastLineIsReportedNotAFailure) {
  AppendEntries(2);
  ASSERT_EQ(Write(), 2);
  AppendFileText("{\"seq\":3,\"entry_hash\":\"ab");  // a crash mid-write
  auto v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_TRUE(v.torn_last_line);
  EXPECT_EQ(v.checkpoints, 1);
  EXPECT_EQ(v.newest_seq, 2);
  // The next write cuts the torn line off and leaves whole lines only.
  AppendEntries(1);
  ASSERT_EQ(Write(), 3);
  EXPECT_EQ(Lines().size(), 2u);
  EXPECT_TRUE(FileText().ends_with("}\n"));
  v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_FALSE(v.torn_last_line);
  EXPECT_EQ(v.checkpoints, 2);
}

TEST_F(CheckpointTest, UnreadableLastLineIsTornButInTheMiddleIsBroken) {
  AppendEntries(1);
  ASSERT_EQ(Write(), 1);
  AppendFileText("{\"seq\":\n");
  auto v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_TRUE(v.torn_last_line);
  // A line after the unreadable one makes it a damaged line, not a crash.
  AppendFileText(FileText().substr(0, FileText().find('\n') + 1));
  v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_FALSE(v.torn_last_line);
  EXPECT_TRUE(Contains(v.problem, "checkpoint line 2")) << v.problem;
  EXPECT_TRUE(Contains(v.problem, "cannot be read")) << v.problem;
}

TEST_F(CheckpointTest, TornOnlyLineLeavesNoCheckpoints) {
  AppendEntries(1);
  WriteFileText("{\"seq\":1,");
  auto v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_TRUE(v.torn_last_line);
  EXPECT_EQ(v.checkpoints, 0);
  ASSERT_EQ(Write(), 1);
  EXPECT_EQ(Lines().size(), 1u);
  EXPECT_TRUE(Verify().intact);
}

// ---- the server's hook -----------------------------------------------------

TEST_F(CheckpointTest, CheckpointerWritesEveryNRowsOrEveryInterval) {
  Checkpointer checkpointer(paths_, clock_);
  const auto every = std::chrono::seconds(60);
  auto maybe = [&](int64_t rows) {
    auto written = checkpointer.MaybeWrite(*db_, rows, every);
    EXPECT_TRUE(written) << written.error().message();
    return written.value_or(-1);
  };
  EXPECT_EQ(maybe(3), 0);  // empty log
  AppendEntries(2);
  EXPECT_EQ(maybe(3), 0);  // 2 new rows, 0 s
  AppendEntries(1);
  EXPECT_EQ(maybe(3), 3);  // 3 new rows
  AppendEntries(1);
  clock_.Advance(std::chrono::seconds(59));
  EXPECT_EQ(maybe(3), 0);  // 1 new row, 59 s
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(maybe(3), 4);  // 1 new row, 60 s
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(maybe(3), 0);  // nothing new to sign
  AppendEntries(1);
  EXPECT_EQ(maybe(1), 5);  // shutdown: whatever is new
  EXPECT_EQ(Lines().size(), 3u);
  EXPECT_TRUE(Verify().intact);
}

TEST_F(CheckpointTest, CheckpointerCountsFromTheNewestCheckpointInTheFile) {
  AppendEntries(4);
  ASSERT_EQ(Write(), 4);  // the command line, before the server started
  Checkpointer checkpointer(paths_, clock_);
  AppendEntries(2);
  auto written = checkpointer.MaybeWrite(*db_, 3, std::chrono::seconds(600));
  ASSERT_TRUE(written) << written.error().message();
  EXPECT_EQ(*written, 0);
  AppendEntries(1);
  written = checkpointer.MaybeWrite(*db_, 3, std::chrono::seconds(600));
  ASSERT_TRUE(written) << written.error().message();
  EXPECT_EQ(*written, 7);
}

}  // namespace
}  // namespace sg::access
