#include "access/audit.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "access/gate.h"
#include "core/clock.h"

namespace sg::access {
namespace {

namespace fs = std::filesystem;
using core::Code;
using core::Status;
using store::AuditRow;

constexpr int kEntries = 5;

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_audit_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db = store::OpenSqlite((dir_ / "safeguard.db").string(),
                                store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    gate_ = std::make_unique<Gate>(*db_, clock_);
  }
  void TearDown() override {
    gate_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Appends entries 1..n through the gate: a read of child i's record.
  void AppendEntries(int n) {
    for (int i = 1; i <= n; ++i) {
      auto s = gate_->Run(system_, Action::kReadRecord, [&](AuditNote& note) -> Status {
        note.action = "read";
        note.entity = "child";
        note.entity_id = std::to_string(i);
        note.person_id = i;
        note.details = "{\"view\":\"chronology\",\"n\":" + std::to_string(i) + "}";
        return {};
      });
      ASSERT_TRUE(s) << s.error().message();
    }
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

  int64_t Count(std::string_view sql) { return db_->QueryInt(sql, {}).value_or(-1); }

  // What an attacker with the file can do: remove the append-only triggers.
  void DropTriggers() {
    auto s = db_->ExecuteScript(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
    ASSERT_TRUE(s) << s.error().message();
  }

  void Tamper(std::string_view sql, store::Params params = {}) {
    auto s = db_->Execute(sql, params);
    ASSERT_TRUE(s) << s.error().message();
  }

  AuditVerification Verify() {
    auto v = VerifyAudit(*db_);
    EXPECT_TRUE(v) << v.error().message();
    return v.value_or(AuditVerification{});
  }

  fs::path dir_;
  std::unique_ptr<store::Database> db_;
  core::FixedClock clock_{core::Date::FromYmd(2024, 3, 1)};
  Actor system_ = Actor::System("test", "testing");
  std::unique_ptr<Gate> gate_;
};

TEST_F(AuditTest, EmptyLogIsIntact) {
  auto v = Verify();
  EXPECT_TRUE(v.intact);
  EXPECT_EQ(v.rows_checked, 0);
  EXPECT_FALSE(v.first_broken_seq.has_value());
}

TEST_F(AuditTest, AppendedRowsFormAChain) {
  AppendEntries(kEntries);
  auto rows = Rows();
  ASSERT_EQ(rows.size(), static_cast<size_t>(kEntries));
  std::string prev(kGenesisHash);
  for (int i = 0; i < kEntries; ++i) {
    const AuditRow& r = rows[static_cast<size_t>(i)];
    EXPECT_EQ(r.seq, i + 1);
    EXPECT_EQ(r.at, "2024-03-01T12:00:00Z");
    EXPECT_EQ(r.actor, "system:test (SYSTEM, system; purpose: testing)");
    EXPECT_EQ(r.action, "read");
    EXPECT_EQ(r.entity, "child");
    EXPECT_EQ(r.entity_id, std::to_string(i + 1));
    EXPECT_EQ(r.person_id, i + 1);
    EXPECT_EQ(r.prev_hash, prev);
    EXPECT_EQ(r.entry_hash, ChainHash(r));
    EXPECT_EQ(r.entry_hash.size(), 64u);
    prev = r.entry_hash;
  }
  auto head = store::AuditStore(*db_).Head();
  ASSERT_TRUE(head && head->has_value());
  EXPECT_EQ((*head)->seq, kEntries);
  EXPECT_EQ((*head)->entry_hash, prev);
  auto v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.rows_checked, kEntries);
}

TEST_F(AuditTest, TriggersMakeTheLogAppendOnly) {
  AppendEntries(2);
  auto update = db_->Execute("UPDATE audit_log SET details = '{}' WHERE seq = 1");
  ASSERT_FALSE(update);
  EXPECT_NE(update.error().message().find("append-only"), std::string::npos)
      << update.error().message();
  auto remove = db_->Execute("DELETE FROM audit_log WHERE seq = 2");
  ASSERT_FALSE(remove);
  EXPECT_NE(remove.error().message().find("append-only"), std::string::npos)
      << remove.error().message();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 2);
  EXPECT_TRUE(Verify().intact);
}

TEST_F(AuditTest, AlteredRowIsDetected) {
  AppendEntries(kEntries);
  DropTriggers();
  Tamper("UPDATE audit_log SET details = '{\"view\":\"nothing\"}' WHERE seq = 3");
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_broken_seq, 3);
  EXPECT_EQ(v.rows_checked, 2);
  EXPECT_NE(v.problem.find("altered"), std::string::npos) << v.problem;
}

TEST_F(AuditTest, AlteredActorIsDetected) {
  AppendEntries(kEntries);
  DropTriggers();
  Tamper("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1");
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_broken_seq, 1);
}

TEST_F(AuditTest, MissingMiddleRowIsDetected) {
  AppendEntries(kEntries);
  DropTriggers();
  Tamper("DELETE FROM audit_log WHERE seq = 3");
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_broken_seq, 3);
  EXPECT_NE(v.problem.find("missing"), std::string::npos) << v.problem;
}

TEST_F(AuditTest, RowsRemovedFromTheEndAreDetectedThroughTheHead) {
  AppendEntries(kEntries);
  DropTriggers();
  Tamper("DELETE FROM audit_log WHERE seq = $1", {kEntries});
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_broken_seq, kEntries);
  EXPECT_EQ(v.rows_checked, kEntries - 1);
  EXPECT_NE(v.problem.find("removed from the end"), std::string::npos) << v.problem;
}

TEST_F(AuditTest, MissingHeadIsDetected) {
  AppendEntries(2);
  Tamper("DELETE FROM audit_head");
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("head"), std::string::npos) << v.problem;
}

TEST_F(AuditTest, ChangedPrevHashIsDetected) {
  AppendEntries(kEntries);
  DropTriggers();
  Tamper("UPDATE audit_log SET prev_hash = $1 WHERE seq = 4", {std::string(kGenesisHash)});
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_broken_seq, 4);
  EXPECT_NE(v.problem.find("does not follow"), std::string::npos) << v.problem;
}

TEST_F(AuditTest, ExtraRowWithWrongHashIsDetected) {
  AppendEntries(kEntries);
  auto rows = Rows();
  ASSERT_FALSE(rows.empty());
  // Inserts are allowed by the triggers; this needs no privilege beyond SQL.
  Tamper("INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, person_id, details, "
         "prev_hash, entry_hash) VALUES ($1, 'now', 'me', 'read', 'child', '1', 1, '{}', $2, $3)",
         {kEntries + 1, rows.back().entry_hash, std::string(64, 'f')});
  auto v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_broken_seq, kEntries + 1);
  EXPECT_EQ(v.rows_checked, kEntries);
}

TEST_F(AuditTest, ConsistentRebuildOfTheWholeChainIsNotDetected) {
  // KNOWN LIMIT (see audit.h): anyone who can write the database file can
  // change a row and then recompute every later hash and the head, leaving a
  // chain that verifies. The chain alone cannot see it, and this test pins
  // that; signed checkpoints kept outside the database catch it
  // (CheckpointTest.RebuiltChainIsDetected).
  AppendEntries(kEntries);
  DropTriggers();
  auto rows = Rows();
  rows[1].details = "{\"view\":\"nothing to see\"}";
  std::string prev(kGenesisHash);
  for (AuditRow& r : rows) {
    r.prev_hash = prev;
    r.entry_hash = ChainHash(r);
    prev = r.entry_hash;
    Tamper("UPDATE audit_log SET details = $2, prev_hash = $3, entry_hash = $4 WHERE seq = $1",
           {r.seq, r.details, r.prev_hash, r.entry_hash});
  }
  Tamper("UPDATE audit_head SET entry_hash = $1 WHERE id = 1", {prev});
  auto v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.rows_checked, kEntries);
}

TEST_F(AuditTest, RefusedActionRunsNothingAndWritesNoRow) {
  Actor analyst{"ana", "Ana Lyst", "PARTNERSHIP", Role::kPartnershipAnalyst, "annual report"};
  bool ran = false;
  auto s = gate_->Run(analyst, Action::kRecordJourney, [&](AuditNote& note) -> Status {
    ran = true;
    note.action = "create";
    return {};
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), Code::kPermissionDenied);
  EXPECT_FALSE(ran);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);
}

TEST_F(AuditTest, FailedWorkRollsBackItsChangeAndTheAuditRow) {
  AppendEntries(1);
  auto s = gate_->Run(system_, Action::kRecordJourney, [&](AuditNote& note) -> Status {
    note.action = "create";
    note.entity = "setting";
    note.entity_id = "k";
    if (auto r = db_->Execute("INSERT INTO settings (key, value) VALUES ('k', 'v')"); !r) return r;
    return core::Fail(Code::kInvalidArgument, "the referral date is in the future");
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(s.error().message(), "the referral date is in the future");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM settings"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 1);
  EXPECT_EQ(Count("SELECT seq FROM audit_head"), 1);
  EXPECT_TRUE(Verify().intact);
}

TEST_F(AuditTest, EmptyActionWritesNoRowButKeepsTheWork) {
  auto s = gate_->Run(system_, Action::kReadWorkList, [&](AuditNote&) -> Status {
    return db_->Execute("INSERT INTO settings (key, value) VALUES ('k', 'v')");
  });
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM settings"), 1);
}

TEST_F(AuditTest, EmptyDetailsAreRecordedAsEmptyObject) {
  auto s = gate_->Run(system_, Action::kAdminister, [&](AuditNote& note) -> Status {
    note.action = "create";
    note.entity = "agency";
    note.entity_id = "7";
    return {};
  });
  ASSERT_TRUE(s) << s.error().message();
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].details, "{}");
  EXPECT_EQ(rows[0].person_id, std::nullopt);
  EXPECT_EQ(rows[0].prev_hash, kGenesisHash);
}

TEST_F(AuditTest, BatchFailureInsideKeepsEarlierRunsAndOuterFailureUndoesAll) {
  auto run = [&](const std::string& id, bool fail) {
    return gate_->Run(system_, Action::kRecordJourney, [&](AuditNote& note) -> Status {
      note.action = "create";
      note.entity = "child";
      note.entity_id = id;
      if (fail) return core::Fail(Code::kFailedPrecondition, "no");
      return {};
    });
  };
  auto kept = gate_->Batch([&]() -> Status {
    if (auto s = run("1", false); !s) return s;
    EXPECT_FALSE(run("2", true));
    return run("3", false);
  });
  ASSERT_TRUE(kept) << kept.error().message();
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].entity_id, "3");
  EXPECT_EQ(rows[1].seq, 2);
  auto undone = gate_->Batch([&]() -> Status {
    if (auto s = run("4", false); !s) return s;
    return core::Fail(Code::kAborted, "import failed");
  });
  ASSERT_FALSE(undone);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 2);
  EXPECT_TRUE(Verify().intact);
}

TEST(ChainHashTest, ChangesWhenAnyFieldChanges) {
  AuditRow base;
  base.seq = 7;
  base.at = "2024-03-01T12:00:00Z";
  base.actor = "system:test";
  base.action = "read";
  base.entity = "child";
  base.entity_id = "12";
  base.person_id = 12;
  base.details = "{}";
  base.prev_hash = std::string(kGenesisHash);
  const std::string h = ChainHash(base);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(ChainHash(base), h) << "the hash must be deterministic";
  AuditRow same = base;
  same.entry_hash = "ignored";
  EXPECT_EQ(ChainHash(same), h);

  std::vector<std::pair<std::string, AuditRow>> variants;
  auto vary = [&](const std::string& what, auto change) {
    AuditRow r = base;
    change(r);
    variants.emplace_back(what, r);
  };
  vary("seq", [](AuditRow& r) { r.seq = 8; });
  vary("at", [](AuditRow& r) { r.at = "2024-03-01T12:00:01Z"; });
  vary("actor", [](AuditRow& r) { r.actor = "system:other"; });
  vary("action", [](AuditRow& r) { r.action = "update"; });
  vary("entity", [](AuditRow& r) { r.entity = "referral"; });
  vary("entity_id", [](AuditRow& r) { r.entity_id = "13"; });
  vary("person_id", [](AuditRow& r) { r.person_id = 13; });
  vary("person_id null", [](AuditRow& r) { r.person_id.reset(); });
  vary("details", [](AuditRow& r) { r.details = "{ }"; });
  vary("prev_hash", [](AuditRow& r) { r.prev_hash = std::string(64, '1'); });
  // Length prefixes keep field boundaries: moving a byte between adjacent
  // fields must change the hash.
  vary("boundary", [](AuditRow& r) {
    r.action = "rea";
    r.entity = "dchild";
  });
  for (const auto& [what, row] : variants) EXPECT_NE(ChainHash(row), h) << what;
}

}  // namespace
}  // namespace sg::access
