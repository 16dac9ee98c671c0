#include "store/database.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/journey_store.h"

namespace sg::store {
namespace {

namespace fs = std::filesystem;
using core::Code;
using core::Date;

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "sg_store_test_XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    if (made != nullptr) path_ = made;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Every column of the last row, as text (empty if no row).
std::vector<std::string> QueryRow(Database& db, std::string_view sql, Params params = {}) {
  std::vector<std::string> columns;
  auto s = db.Query(sql, params, [&](const Row& row) -> Status {
    columns.clear();
    for (int c = 0; c < row.columns(); ++c) columns.push_back(row.String(c));
    return {};
  });
  EXPECT_TRUE(s) << s.error().message();
  return columns;
}

std::string QueryText(Database& db, std::string_view sql, Params params = {}) {
  auto columns = QueryRow(db, sql, params);
  return columns.empty() ? "" : columns[0];
}

using Texts = std::vector<std::string>;

// An error of `code` whose message contains `part`.
template <typename R>
void ExpectError(const R& result, Code code, std::string_view part = "") {
  ASSERT_FALSE(result.has_value()) << "expected an error containing '" << part << "'";
  EXPECT_EQ(result.error().code(), code) << result.error().message();
  EXPECT_NE(result.error().message().find(part), std::string::npos) << result.error().message();
}

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty()) << "could not make a temporary directory";
    path_ = dir_.File("safeguard.db");
    auto db = OpenSqlite(path_, OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
  }

  Status Put(const char* key) {
    return db_->Execute("INSERT INTO settings (key, value) VALUES ($1, '1')", {key});
  }
  std::string Keys() {
    return QueryText(*db_, "SELECT group_concat(key, ',') FROM (SELECT key FROM settings ORDER BY key)");
  }

  int64_t Count(std::string_view sql) {
    auto n = db_->QueryInt(sql, {});
    EXPECT_TRUE(n) << n.error().message();
    return n.value_or(-1);
  }

  Id NewPerson(JourneyStore& store, const std::string& forename = "Ada") {
    Person p;
    p.forename = forename;
    p.birth_date = Date::FromYmd(2015, 6, 1);
    auto id = store.InsertPerson(p, "2024-03-01T12:00:00Z");
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, OpenCreatesAndMigratesWithConnectionSettings) {
  EXPECT_TRUE(fs::exists(path_));
  EXPECT_EQ(db_->engine(), "sqlite");
  for (const char* table : {"schema_migrations", "persons", "referrals", "chronology",
                            "audit_log", "audit_head", "settings"}) {
    EXPECT_EQ(QueryText(*db_, "SELECT COUNT(*) FROM sqlite_schema WHERE name = $1", {table}), "1")
        << table;
  }
  EXPECT_EQ(Count("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(QueryText(*db_, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Count("PRAGMA synchronous"), 2);  // FULL
}

TEST_F(DatabaseTest, ReopeningKeepsData) {
  ASSERT_TRUE(Put("k"));
  db_.reset();
  auto again = OpenSqlite(path_, OpenMode::kMustExist);
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(QueryText(**again, "SELECT value FROM settings WHERE key = 'k'"), "1");
}

TEST(OpenSqliteTest, MustExistOnMissingFileIsNotFoundAndCreatesNothing) {
  TempDir dir;
  std::string path = dir.File("missing.db");
  ExpectError(OpenSqlite(path, OpenMode::kMustExist), Code::kNotFound, path);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(OpenSqliteTest, MissingDirectoryIsUnavailableWithClearMessage) {
  TempDir dir;
  std::string path = dir.File("no/such/dir/safeguard.db");
  auto db = OpenSqlite(path, OpenMode::kCreateIfMissing);
  ExpectError(db, Code::kUnavailable, "cannot open database '" + path + "'");
  EXPECT_FALSE(fs::exists(dir.File("no")));
}

void ExpectRefusedAsCorrupt(const std::string& path, const std::string& bytes) {
  WriteBytes(path, bytes);
  auto db = OpenSqlite(path, OpenMode::kCreateIfMissing);
  ExpectError(db, Code::kDataLoss, path);
  ExpectError(db, Code::kDataLoss, "corrupt");
  ASSERT_TRUE(fs::exists(path)) << "a file that was there must not be deleted";
  EXPECT_TRUE(ReadBytes(path) == bytes) << "a refused file must be left as it was";
  EXPECT_FALSE(fs::exists(path + "-wal"));
}

TEST(OpenSqliteTest, GarbageFileIsDataLossAndLeftAlone) {
  TempDir dir;
  std::string garbage(4096, '\0');
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 131 + 7) % 251);
  ExpectRefusedAsCorrupt(dir.File("garbage.db"), garbage);
}

TEST(OpenSqliteTest, TextFileIsDataLossAndLeftAlone) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 40; ++i) text += "name,date of birth,postcode\nAda,2015-06-01,AB1 2CD\n";
  ExpectRefusedAsCorrupt(dir.File("children.csv"), text);
}

TEST_F(DatabaseTest, PlaceholdersBindByNumber) {
  EXPECT_EQ(QueryRow(*db_, "SELECT $2, $1", {"a", "b"}), (Texts{"b", "a"}));
  EXPECT_EQ(QueryText(*db_, "SELECT $1 || '-' || $1", {"x"}), "x-x");
  EXPECT_EQ(QueryText(*db_, "SELECT $10 || $1", {1, 2, 3, 4, 5, 6, 7, 8, 9, "ten"}), "ten1");
}

TEST_F(DatabaseTest, PlaceholderInsideStringLiteralIsLeftAlone) {
  EXPECT_EQ(QueryRow(*db_, "SELECT '$1 costs $2', $1, 'it''s $1'", {"x"}),
            (Texts{"$1 costs $2", "x", "it's $1"}));
}

TEST_F(DatabaseTest, ValueTypesAreStoredAsDocumented) {
  auto check = [&](Value v, const std::string& type, const std::string& text) {
    EXPECT_EQ(QueryRow(*db_, "SELECT typeof($1), CAST($1 AS TEXT)", {v}), (Texts{type, text}));
  };
  check(42, "integer", "42");
  check(int64_t{9'000'000'000}, "integer", "9000000000");
  check(true, "integer", "1");
  check(false, "integer", "0");
  check(2.5, "real", "2.5");
  check(std::string("text"), "text", "text");
  check(std::string_view("view"), "text", "view");
  check("chars", "text", "chars");
  check(Date::FromYmd(2024, 2, 29), "text", "2024-02-29");
  check(std::optional<Date>(Date::FromYmd(2023, 1, 5)), "text", "2023-01-05");
  check(std::optional<int64_t>(7), "integer", "7");
  check(std::optional<std::string>(), "null", "");
  check(std::optional<Date>(), "null", "");
  check(nullptr, "null", "");
}

TEST_F(DatabaseTest, RowAccessorsHandleNull) {
  auto s = db_->Query("SELECT NULL, 3, 'x'", {}, [&](const Row& row) -> Status {
    EXPECT_TRUE(row.IsNull(0));
    EXPECT_EQ(row.Int(0), 0);
    EXPECT_EQ(row.Text(0), "");
    EXPECT_EQ(row.OptInt(0), std::nullopt);
    EXPECT_EQ(row.OptString(0), std::nullopt);
    EXPECT_EQ(row.OptInt(1), 3);
    EXPECT_EQ(row.OptString(2), "x");
    auto d = row.OptDateAt(0);
    EXPECT_TRUE(d && !d->has_value());
    return {};
  });
  ASSERT_TRUE(s) << s.error().message();
}

TEST_F(DatabaseTest, DateAtOnMalformedDateIsDataLoss) {
  for (const char* stored : {"2023-02-30", "01/02/2023", "", "2023-2-1"}) {
    std::optional<core::Error> error;
    auto s = db_->Query("SELECT $1", {stored}, [&](const Row& row) -> Status {
      auto d = row.DateAt(0);
      if (!d) error = d.error();
      return {};
    });
    ASSERT_TRUE(s);
    ASSERT_TRUE(error.has_value()) << stored;
    EXPECT_EQ(error->code(), Code::kDataLoss) << stored;
    EXPECT_NE(error->message().find("column 0"), std::string::npos) << error->message();
  }
  // Through a repository: a person row whose birth date was written badly.
  ASSERT_TRUE(db_->Execute(
      "INSERT INTO persons (id, birth_date, created_at) VALUES (5, '31/12/2015', 'now')"));
  JourneyStore store(*db_);
  ExpectError(store.FindPerson(5), Code::kDataLoss, "malformed date");
}

TEST_F(DatabaseTest, QueryIntFallsBackWhenNoRows) {
  EXPECT_EQ(db_->QueryInt("SELECT 1 WHERE 0", {}, 42).value_or(-1), 42);
  EXPECT_EQ(db_->QueryInt("SELECT 1 WHERE 0", {}).value_or(-1), 0);
  EXPECT_EQ(db_->QueryInt("SELECT $1 + 1", {6}, 42).value_or(-1), 7);
  EXPECT_FALSE(db_->QueryInt("SELECT * FROM no_such_table", {}));
}

TEST_F(DatabaseTest, QueryStopsAtCallbackError) {
  int seen = 0;
  auto s = db_->Query("SELECT value FROM json_each('[1,2,3]')", {}, [&](const Row&) -> Status {
    ++seen;
    return core::Fail(Code::kAborted, "enough");
  });
  ExpectError(s, Code::kAborted, "enough");
  EXPECT_EQ(seen, 1);
}

TEST_F(DatabaseTest, InTransactionCommitsOnSuccess) {
  ASSERT_TRUE(db_->InTransaction(TransactionMode::kWrite, [&] { return Put("a"); }));
  EXPECT_EQ(Keys(), "a");
}

TEST_F(DatabaseTest, InTransactionRollsBackAndReturnsTheErrorUnchanged) {
  auto s = db_->InTransaction(TransactionMode::kWrite, [&]() -> Status {
    if (auto r = Put("a"); !r) return r;
    return core::Fail(Code::kInvalidArgument, "the form is wrong");
  });
  ExpectError(s, Code::kInvalidArgument);
  EXPECT_EQ(s.error().message(), "the form is wrong");
  EXPECT_EQ(Keys(), "");
  // The connection is usable afterwards (no transaction left open).
  EXPECT_TRUE(db_->InTransaction(TransactionMode::kWrite, [] { return Status(); }));
}

TEST_F(DatabaseTest, NestedFailureRollsBackOnlyTheInnerPart) {
  Status inner_result;
  auto s = db_->InTransaction(TransactionMode::kWrite, [&]() -> Status {
    if (auto r = Put("outer"); !r) return r;
    inner_result = db_->InTransaction(TransactionMode::kWrite, [&]() -> Status {
      if (auto r = Put("inner"); !r) return r;
      return core::Fail(Code::kFailedPrecondition, "inner refused");
    });
    return Put("after");
  });
  ASSERT_TRUE(s) << s.error().message();
  ExpectError(inner_result, Code::kFailedPrecondition, "inner refused");
  EXPECT_EQ(Keys(), "after,outer");
}

TEST_F(DatabaseTest, OuterFailureUndoesCommittedInnerPart) {
  auto s = db_->InTransaction(TransactionMode::kWrite, [&]() -> Status {
    auto inner = db_->InTransaction(TransactionMode::kWrite, [&] { return Put("inner"); });
    if (!inner) return inner;
    return core::Fail(Code::kAborted, "outer gives up");
  });
  ExpectError(s, Code::kAborted, "outer gives up");
  EXPECT_EQ(Keys(), "");
}

TEST_F(DatabaseTest, ForeignKeyViolationIsFailedPrecondition) {
  JourneyStore store(*db_);
  ExpectError(store.InsertTeam(Team{0, 999, "Nowhere"}), Code::kFailedPrecondition);
  ExpectError(db_->Execute("INSERT INTO contacts (person_id, contact_date, contact_source) "
                           "VALUES (12345, '2024-01-01', '1A')"),
              Code::kFailedPrecondition, "FOREIGN KEY");
}

TEST_F(DatabaseTest, CheckViolationFails) {
  JourneyStore store(*db_);
  Id person = NewPerson(store);
  Referral r;
  r.person_id = person;
  r.referral_date = Date::FromYmd(2024, 3, 10);
  r.referral_source = "1A";
  r.closure_date = Date::FromYmd(2024, 3, 1);
  r.closure_reason = "RC1";
  ExpectError(store.InsertReferral(r), Code::kFailedPrecondition, "CHECK");

  r.closure_date.reset();
  r.closure_reason.reset();
  auto id = store.InsertReferral(r);
  ASSERT_TRUE(id) << id.error().message();
  ExpectError(store.CloseReferral(*id, Date::FromYmd(2024, 3, 9), "RC1"),
              Code::kFailedPrecondition, "CHECK");
  // A closure date without a closure reason breaks the other CHECK.
  ExpectError(db_->Execute("UPDATE referrals SET closure_date = '2024-04-01' WHERE id = $1", {*id}),
              Code::kFailedPrecondition, "CHECK");
}

TEST_F(DatabaseTest, PersonRoundTripIncludingDisabilities) {
  JourneyStore store(*db_);
  Person p;
  p.source_system = "LCS";
  p.source_id = "C-1";
  p.la_child_id = "LA0001";
  p.forename = "Ada";
  p.surname = "Lovelace";
  p.sex = "F";
  p.ethnicity = "WBRI";
  p.birth_date = Date::FromYmd(2015, 6, 1);
  p.home_postcode = "AB1 2CD";
  p.disabilities = {"HEAR", "VIS"};
  auto id = store.InsertPerson(p, "2024-03-01T12:00:00Z");
  ASSERT_TRUE(id) << id.error().message();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM person_disabilities"), 2);
  auto found = store.FindPerson(*id);
  ASSERT_TRUE(found && found->has_value());
  const Person& f = **found;
  EXPECT_EQ(f.id, *id);
  EXPECT_EQ(f.source_id, "C-1");
  EXPECT_EQ(f.la_child_id, "LA0001");
  EXPECT_EQ(f.surname, "Lovelace");
  EXPECT_EQ(f.sex, "F");
  EXPECT_EQ(f.birth_date, p.birth_date);
  EXPECT_EQ(f.home_postcode, "AB1 2CD");
  EXPECT_EQ(f.expected_birth_date, std::nullopt);
  EXPECT_EQ(f.upn, std::nullopt);
  EXPECT_EQ(f.disabilities, (Texts{"HEAR", "VIS"}));
  EXPECT_EQ(store.FindPersonByLaChildId("LA0001").value().value_or(Person{}).id, *id);
  EXPECT_FALSE(store.FindPerson(*id + 100).value().has_value());
}

TEST_F(DatabaseTest, ContactReferralAndAssessmentRoundTrip) {
  JourneyStore store(*db_);
  Id person = NewPerson(store);
  Contact c;
  c.person_id = person;
  c.consultation_ref = "CONS-9";
  c.contact_date = Date::FromYmd(2024, 1, 8);
  c.contact_source = "5A";
  c.contactor = "school";
  c.factors = {"3A", "2B"};
  c.screening_tools = {"graded-care-profile"};
  auto cid = store.InsertContact(c);
  ASSERT_TRUE(cid) << cid.error().message();
  ASSERT_TRUE(store.DecideContact(*cid, Date::FromYmd(2024, 1, 9), "referral"));
  auto contact = store.FindContact(*cid);
  ASSERT_TRUE(contact && contact->has_value());
  EXPECT_EQ((*contact)->contact_date, c.contact_date);
  EXPECT_EQ((*contact)->consultation_ref, "CONS-9");
  EXPECT_EQ((*contact)->factors, (Texts{"2B", "3A"}));  // sorted
  EXPECT_EQ((*contact)->screening_tools, c.screening_tools);
  EXPECT_EQ((*contact)->decision_date, Date::FromYmd(2024, 1, 9));
  EXPECT_EQ((*contact)->outcome, "referral");

  Referral r;
  r.person_id = person;
  r.contact_id = *cid;
  r.referral_date = Date::FromYmd(2024, 1, 9);
  r.referral_source = "5A";
  r.primary_need = "N1";
  r.nfa = true;
  auto rid = store.InsertReferral(r);
  ASSERT_TRUE(rid) << rid.error().message();
  auto open = store.FindOpenReferral(person);
  ASSERT_TRUE(open && open->has_value());
  EXPECT_EQ((*open)->id, *rid);
  EXPECT_TRUE((*open)->nfa);
  EXPECT_EQ((*open)->contact_id, *cid);
  EXPECT_EQ((*open)->primary_need, "N1");
  EXPECT_EQ((*open)->closure_date, std::nullopt);

  Assessment a;
  a.referral_id = *rid;
  a.start = Date::FromYmd(2024, 1, 10);
  a.factors = {"4C", "1B"};
  auto aid = store.InsertAssessment(a);
  ASSERT_TRUE(aid) << aid.error().message();
  ASSERT_TRUE(store.AuthoriseAssessment(*aid, Date::FromYmd(2024, 2, 1), {"21"}));
  auto found = store.FindAssessment(*aid);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->authorised, Date::FromYmd(2024, 2, 1));
  EXPECT_EQ((*found)->factors, (Texts{"1B", "21", "4C"}));

  ASSERT_TRUE(store.CloseReferral(*rid, Date::FromYmd(2024, 3, 1), "RC8"));
  EXPECT_FALSE(store.FindOpenReferral(person).value().has_value());
}

TEST_F(DatabaseTest, CareEpisodesAndChronologyComeBackInDateOrder) {
  JourneyStore store(*db_);
  Id person = NewPerson(store);
  auto episode = [&](const char* source, Date start, const char* legal_status) {
    CareEpisode e;
    e.source_id = source;
    e.person_id = person;
    e.start = start;
    e.reason_new_episode = "S";
    e.legal_status = legal_status;
    e.category_of_need = "N1";
    e.placement_type = "U1";
    return e;
  };
  CareEpisode later = episode("E2", Date::FromYmd(2024, 5, 1), "C2");
  CareEpisode first = episode("E1", Date::FromYmd(2024, 2, 1), "V2");
  first.end = Date::FromYmd(2024, 5, 1);
  first.reason_ceased = "X1";
  first.reason_place_change = "CARPL";
  first.placement_postcode = "ZZ9 9ZZ";
  ASSERT_TRUE(store.InsertCareEpisode(later));
  ASSERT_TRUE(store.InsertCareEpisode(first));
  auto episodes = store.CareEpisodesOf(person);
  ASSERT_TRUE(episodes) << episodes.error().message();
  ASSERT_EQ(episodes->size(), 2u);
  EXPECT_EQ((*episodes)[0].source_id, "E1");
  EXPECT_EQ((*episodes)[0].end, first.end);
  EXPECT_EQ((*episodes)[0].reason_ceased, "X1");
  EXPECT_EQ((*episodes)[0].reason_place_change, "CARPL");
  EXPECT_EQ((*episodes)[1].source_id, "E2");
  EXPECT_EQ((*episodes)[1].legal_status, "C2");
  EXPECT_EQ((*episodes)[1].end, std::nullopt);

  auto entry = [&](Date on, const std::string& summary) {
    ChronologyEntry e;
    e.person_id = person;
    e.occurred_on = on;
    e.recorded_at = "2024-06-01T12:00:00Z";
    e.kind = "note";
    e.summary = summary;
    e.author = "worker";
    e.author_agency = "LA-CSC";
    auto id = store.InsertChronology(e);
    EXPECT_TRUE(id) << id.error().message();
  };
  entry(Date::FromYmd(2024, 4, 1), "c");
  entry(Date::FromYmd(2024, 1, 1), "a");
  entry(Date::FromYmd(2024, 4, 1), "d");
  entry(Date::FromYmd(2024, 2, 1), "b");
  auto chronology = store.ChronologyOf(person);
  ASSERT_TRUE(chronology) << chronology.error().message();
  std::string order;
  for (const auto& e : *chronology) order += e.summary;
  EXPECT_EQ(order, "abcd");  // by date, then by the order recorded
  EXPECT_EQ(chronology->front().classification, "");
  EXPECT_EQ(chronology->front().record_table, std::nullopt);
}


// ---- Per-child and per-referral reads --------------------------------------

// The reads see records however they were written (no chronology entry is
// needed), only the child's or the referral's own, in date order then id,
// each complete.
TEST_F(DatabaseTest, PerChildReadsReturnOnlyThatChildsRecordsInDateOrder) {
  JourneyStore store(*db_);
  Id child = NewPerson(store, "Ada");
  Id other = NewPerson(store, "Bea");
  auto contact = [&](Id person, Date on, Texts factors, Texts tools) {
    Contact c;
    c.person_id = person;
    c.contact_date = on;
    c.contact_source = "5A";
    c.factors = std::move(factors);
    c.screening_tools = std::move(tools);
    auto id = store.InsertContact(c);
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  };
  Id later = contact(child, Date::FromYmd(2024, 3, 1), {"3A", "2B"}, {});
  Id earlier = contact(child, Date::FromYmd(2024, 1, 1), {}, {"graded-care-profile"});
  Id same_day = contact(child, Date::FromYmd(2024, 3, 1), {"1A"}, {"x", "a"});
  contact(other, Date::FromYmd(2024, 2, 1), {"9Z"}, {"b"});
  auto contacts = store.ContactsOf(child);
  ASSERT_TRUE(contacts) << contacts.error().message();
  ASSERT_EQ(contacts->size(), 3u);
  EXPECT_EQ((*contacts)[0].id, earlier);
  EXPECT_EQ((*contacts)[0].factors, Texts{});
  EXPECT_EQ((*contacts)[0].screening_tools, Texts{"graded-care-profile"});
  EXPECT_EQ((*contacts)[1].id, later);  // same date: by id
  EXPECT_EQ((*contacts)[1].factors, (Texts{"2B", "3A"}));
  EXPECT_EQ((*contacts)[1].screening_tools, Texts{});
  EXPECT_EQ((*contacts)[2].id, same_day);
  EXPECT_EQ((*contacts)[2].factors, Texts{"1A"});
  EXPECT_EQ((*contacts)[2].screening_tools, (Texts{"a", "x"}));
  Id nobody = NewPerson(store, "Cal");
  EXPECT_TRUE(store.ContactsOf(nobody).value().empty());

  for (auto [person, start] : {std::pair(child, Date::FromYmd(2024, 5, 1)),
                               std::pair(child, Date::FromYmd(2024, 2, 1)),
                               std::pair(other, Date::FromYmd(2024, 1, 1))}) {
    EarlyHelpEpisode e;
    e.person_id = person;
    e.start = start;
    ASSERT_TRUE(store.InsertEarlyHelp(e));
  }
  auto early_help = store.EarlyHelpOf(child);
  ASSERT_TRUE(early_help) << early_help.error().message();
  ASSERT_EQ(early_help->size(), 2u);
  EXPECT_EQ((*early_help)[0].start, Date::FromYmd(2024, 2, 1));
  EXPECT_EQ((*early_help)[1].start, Date::FromYmd(2024, 5, 1));

  for (auto [person, on] : {std::pair(child, Date::FromYmd(2024, 6, 1)),
                            std::pair(other, Date::FromYmd(2024, 3, 1)),
                            std::pair(child, Date::FromYmd(2023, 6, 1))}) {
    Referral r;
    r.person_id = person;
    r.referral_date = on;
    r.referral_source = "5A";
    ASSERT_TRUE(store.InsertReferral(r));
  }
  auto referrals = store.ReferralsOf(child);
  ASSERT_TRUE(referrals) << referrals.error().message();
  ASSERT_EQ(referrals->size(), 2u);
  EXPECT_EQ((*referrals)[0].referral_date, Date::FromYmd(2023, 6, 1));
  EXPECT_EQ((*referrals)[1].referral_date, Date::FromYmd(2024, 6, 1));

  MissingEpisode m{0, child, "A", Date::FromYmd(2024, 4, 2), Date::FromYmd(2024, 4, 3)};
  ASSERT_TRUE(store.InsertMissing(m));
  ASSERT_TRUE(store.InsertMissing(MissingEpisode{0, child, "M", Date::FromYmd(2024, 1, 5), {}}));
  ASSERT_TRUE(store.InsertMissing(MissingEpisode{0, other, "M", Date::FromYmd(2024, 1, 1), {}}));
  auto missing = store.MissingEpisodesOf(child);
  ASSERT_TRUE(missing) << missing.error().message();
  ASSERT_EQ(missing->size(), 2u);
  EXPECT_EQ((*missing)[0].kind, "M");
  EXPECT_EQ((*missing)[0].end, std::nullopt);
  EXPECT_EQ((*missing)[1].kind, "A");
  EXPECT_EQ((*missing)[1].start, Date::FromYmd(2024, 4, 2));
  EXPECT_EQ((*missing)[1].end, Date::FromYmd(2024, 4, 3));

  CareLeaverContact c{0, child, Date::FromYmd(2024, 9, 1), "YES", "F2", std::nullopt};
  ASSERT_TRUE(store.InsertCareLeaverContact(c));
  ASSERT_TRUE(store.InsertCareLeaverContact(
      CareLeaverContact{0, child, Date::FromYmd(2024, 7, 1), "NO", std::nullopt, "B"}));
  ASSERT_TRUE(store.InsertCareLeaverContact(
      CareLeaverContact{0, other, Date::FromYmd(2024, 1, 1), "YES", std::nullopt, std::nullopt}));
  auto leaver = store.CareLeaverContactsOf(child);
  ASSERT_TRUE(leaver) << leaver.error().message();
  ASSERT_EQ(leaver->size(), 2u);
  EXPECT_EQ((*leaver)[0].in_touch, "NO");
  EXPECT_EQ((*leaver)[0].activity, std::nullopt);
  EXPECT_EQ((*leaver)[0].accommodation, "B");
  EXPECT_EQ((*leaver)[1].in_touch, "YES");
  EXPECT_EQ((*leaver)[1].activity, "F2");
  EXPECT_EQ((*leaver)[1].accommodation, std::nullopt);

  ASSERT_TRUE(store.InsertCareReview(child, Date::FromYmd(2024, 8, 1), std::string("PN1")));
  ASSERT_TRUE(store.InsertCareReview(child, Date::FromYmd(2024, 2, 1), std::nullopt));
  ASSERT_TRUE(store.InsertCareReview(other, Date::FromYmd(2024, 3, 1), std::nullopt));
  auto reviews = store.CareReviewsOf(child);
  ASSERT_TRUE(reviews) << reviews.error().message();
  ASSERT_EQ(reviews->size(), 2u);
  EXPECT_EQ((*reviews)[0].date, Date::FromYmd(2024, 2, 1));
  EXPECT_EQ((*reviews)[0].person_id, child);
  EXPECT_EQ((*reviews)[0].participation, std::nullopt);
  EXPECT_EQ((*reviews)[1].date, Date::FromYmd(2024, 8, 1));
  EXPECT_EQ((*reviews)[1].participation, "PN1");
  EXPECT_GT((*reviews)[1].id, 0);
}

TEST_F(DatabaseTest, PerReferralReadsReturnOnlyThatReferralsRecords) {
  JourneyStore store(*db_);
  Id child = NewPerson(store);
  auto referral = [&](Date on) {
    Referral r;
    r.person_id = child;
    r.referral_date = on;
    r.referral_source = "5A";
    auto id = store.InsertReferral(r);
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  };
  Id first = referral(Date::FromYmd(2023, 1, 2));
  Id second = referral(Date::FromYmd(2024, 1, 2));

  // Assessments: factors of each, none of another referral's.
  auto assessment = [&](Id ref, Date start, Texts factors) {
    Assessment a;
    a.referral_id = ref;
    a.start = start;
    a.factors = std::move(factors);
    auto id = store.InsertAssessment(a);
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  };
  Id late = assessment(second, Date::FromYmd(2024, 3, 1), {"4C", "1B"});
  Id early = assessment(second, Date::FromYmd(2024, 1, 3), {});
  assessment(first, Date::FromYmd(2023, 1, 3), {"9A"});
  ASSERT_TRUE(store.AuthoriseAssessment(early, Date::FromYmd(2024, 2, 1), {"21"}));
  auto assessments = store.AssessmentsOf(second);
  ASSERT_TRUE(assessments) << assessments.error().message();
  ASSERT_EQ(assessments->size(), 2u);
  EXPECT_EQ((*assessments)[0].id, early);
  EXPECT_EQ((*assessments)[0].factors, Texts{"21"});
  EXPECT_EQ((*assessments)[0].authorised, Date::FromYmd(2024, 2, 1));
  EXPECT_EQ((*assessments)[1].id, late);
  EXPECT_EQ((*assessments)[1].factors, (Texts{"1B", "4C"}));
  EXPECT_EQ(store.AssessmentsOf(first).value().at(0).factors, Texts{"9A"});

  auto discussion = [&](Id ref, Date on) {
    auto id = store.InsertStrategyDiscussion(StrategyDiscussion{0, std::nullopt, ref, on});
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  };
  Id sd_late = discussion(second, Date::FromYmd(2024, 2, 5));
  Id sd_early = discussion(second, Date::FromYmd(2024, 1, 5));
  discussion(first, Date::FromYmd(2023, 1, 5));
  auto sds = store.StrategyDiscussionsOf(second);
  ASSERT_TRUE(sds) << sds.error().message();
  ASSERT_EQ(sds->size(), 2u);
  EXPECT_EQ((*sds)[0].id, sd_early);
  EXPECT_EQ((*sds)[1].id, sd_late);
  EXPECT_EQ((*sds)[1].date, Date::FromYmd(2024, 2, 5));

  Section47 s;
  s.referral_id = second;
  s.strategy_discussion_id = sd_early;
  s.start = Date::FromYmd(2024, 1, 6);
  s.icpc_target = Date::FromYmd(2024, 2, 2);
  auto s47 = store.InsertSection47(s);
  ASSERT_TRUE(s47) << s47.error().message();
  s.referral_id = first;
  s.strategy_discussion_id = std::nullopt;
  s.start = Date::FromYmd(2023, 1, 6);
  ASSERT_TRUE(store.InsertSection47(s));
  ASSERT_TRUE(store.SetIcpcNotRequired(*s47));
  auto s47s = store.Section47sOf(second);
  ASSERT_TRUE(s47s) << s47s.error().message();
  ASSERT_EQ(s47s->size(), 1u);
  EXPECT_EQ((*s47s)[0].id, *s47);
  EXPECT_EQ((*s47s)[0].strategy_discussion_id, sd_early);
  EXPECT_EQ((*s47s)[0].icpc_target, Date::FromYmd(2024, 2, 2));
  EXPECT_TRUE((*s47s)[0].icpc_not_required);

  Icpc transfer;
  transfer.referral_id = second;
  transfer.date = Date::FromYmd(2024, 3, 1);
  transfer.transfer_in = true;
  transfer.plan_made = true;
  Icpc conference;
  conference.referral_id = second;
  conference.section47_id = *s47;
  conference.date = Date::FromYmd(2024, 2, 1);
  ASSERT_TRUE(store.InsertIcpc(transfer));
  ASSERT_TRUE(store.InsertIcpc(conference));
  auto icpcs = store.IcpcsOf(second);
  ASSERT_TRUE(icpcs) << icpcs.error().message();
  ASSERT_EQ(icpcs->size(), 2u);
  EXPECT_EQ((*icpcs)[0].section47_id, *s47);
  EXPECT_FALSE((*icpcs)[0].transfer_in);
  EXPECT_EQ((*icpcs)[1].section47_id, std::nullopt);
  EXPECT_TRUE((*icpcs)[1].transfer_in);
  EXPECT_TRUE((*icpcs)[1].plan_made);
  EXPECT_TRUE(store.IcpcsOf(first).value().empty());
}

TEST_F(DatabaseTest, WholeChildReadsSplitByReferralAndPlan) {
  JourneyStore store(*db_);
  Id child = NewPerson(store);
  Id other = NewPerson(store, "Bea");
  auto referral = [&](Id person, Date on) {
    Referral r;
    r.person_id = person;
    r.referral_date = on;
    r.referral_source = "5A";
    auto id = store.InsertReferral(r);
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  };
  Id first = referral(child, Date::FromYmd(2023, 1, 2));
  Id second = referral(child, Date::FromYmd(2024, 1, 2));
  Id theirs = referral(other, Date::FromYmd(2024, 1, 2));

  // No plan yet: the plan dates are not read, and come back empty.
  auto none = store.ReferralRecordsOf(child);
  ASSERT_TRUE(none) << none.error().message();
  EXPECT_TRUE(none->assessments.empty());
  EXPECT_TRUE(none->cp_plans.empty());
  EXPECT_TRUE(none->cp_reviews.empty());

  auto assessment = [&](Id ref, Date start, Texts factors) {
    Assessment a;
    a.referral_id = ref;
    a.start = start;
    a.factors = std::move(factors);
    ASSERT_TRUE(store.InsertAssessment(a));
  };
  assessment(second, Date::FromYmd(2024, 1, 3), {"4C", "1B"});
  assessment(first, Date::FromYmd(2023, 1, 3), {"9A"});
  assessment(theirs, Date::FromYmd(2024, 1, 3), {"2A"});
  auto plan = [&](Id ref, Date start) {
    CpPlan p;
    p.referral_id = ref;
    p.start = start;
    p.initial_category = "NEG";
    p.latest_category = "NEG";
    auto id = store.InsertCpPlan(p);
    EXPECT_TRUE(id) << id.error().message();
    return id.value_or(0);
  };
  Id later_plan = plan(second, Date::FromYmd(2024, 2, 1));
  Id earlier_plan = plan(first, Date::FromYmd(2023, 2, 1));
  Id their_plan = plan(theirs, Date::FromYmd(2024, 2, 1));
  ASSERT_TRUE(store.InsertCpReview(later_plan, Date::FromYmd(2024, 5, 1)));
  ASSERT_TRUE(store.InsertCpReview(earlier_plan, Date::FromYmd(2023, 5, 1)));
  ASSERT_TRUE(store.InsertCpReview(their_plan, Date::FromYmd(2024, 5, 1)));
  ASSERT_TRUE(store.InsertCoreGroup(later_plan, Date::FromYmd(2024, 2, 10)));

  auto all = store.ReferralRecordsOf(child);
  ASSERT_TRUE(all) << all.error().message();
  ASSERT_EQ(all->assessments.size(), 2u);  // by start date, across referrals
  EXPECT_EQ(all->assessments[0].referral_id, first);
  EXPECT_EQ(all->assessments[0].factors, Texts{"9A"});
  EXPECT_EQ(all->assessments[1].referral_id, second);
  EXPECT_EQ(all->assessments[1].factors, (Texts{"1B", "4C"}));
  ASSERT_EQ(all->cp_plans.size(), 2u);
  EXPECT_EQ(all->cp_plans[0].id, earlier_plan);
  EXPECT_EQ(all->cp_plans[1].id, later_plan);
  ASSERT_EQ(all->cp_reviews.size(), 2u);
  EXPECT_EQ(all->cp_reviews[0].plan_id, earlier_plan);
  EXPECT_EQ(all->cp_reviews[1].plan_id, later_plan);
  EXPECT_EQ(all->cp_reviews[1].date, Date::FromYmd(2024, 5, 1));
  ASSERT_EQ(all->core_groups.size(), 1u);
  EXPECT_EQ(all->core_groups[0].plan_id, later_plan);
}

TEST_F(DatabaseTest, OpenInvolvementsComeWithNamesOnlyWhileOpen) {
  JourneyStore store(*db_);
  Id child = NewPerson(store);
  auto agency = store.FindAgencyByCode("POLICE");
  ASSERT_TRUE(agency && *agency);
  auto team = store.InsertTeam(Team{0, (*agency)->id, "Public Protection Unit"});
  ASSERT_TRUE(team) << team.error().message();
  auto worker = store.InsertWorker(Worker{0, *team, "DC Jones", "officer"});
  ASSERT_TRUE(worker) << worker.error().message();
  auto involve = [&](std::optional<Id> who, Date start, std::optional<Date> end) {
    Involvement i;
    i.person_id = child;
    i.team_id = *team;
    i.worker_id = who;
    i.start = start;
    i.end = end;
    i.reason = "enquiry";
    ASSERT_TRUE(store.InsertInvolvement(i));
  };
  const Date today = Date::FromYmd(2024, 6, 1);
  involve(*worker, Date::FromYmd(2024, 1, 1), std::nullopt);
  involve(std::nullopt, Date::FromYmd(2024, 2, 1), today);  // ends today: still open
  involve(std::nullopt, Date::FromYmd(2023, 1, 1), Date::FromYmd(2024, 5, 31));  // ended
  involve(std::nullopt, Date::FromYmd(2024, 6, 2), std::nullopt);  // not begun

  auto open = store.OpenInvolvementsOf(child, today);
  ASSERT_TRUE(open) << open.error().message();
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].involvement.worker_id, *worker);
  EXPECT_EQ((*open)[0].team, "Public Protection Unit");
  EXPECT_EQ((*open)[0].agency, "POLICE");
  EXPECT_EQ((*open)[0].agency_name, (*agency)->name);
  EXPECT_EQ((*open)[0].worker, "DC Jones");
  EXPECT_EQ((*open)[1].involvement.end, today);
  EXPECT_EQ((*open)[1].worker, "");
}

TEST_F(DatabaseTest, ClassificationCountsSkipUnclassifiedItems) {
  JourneyStore store(*db_);
  Id child = NewPerson(store);
  Id other = NewPerson(store, "Bea");
  auto note = [&](Id person, std::string classification) {
    ChronologyEntry e;
    e.person_id = person;
    e.occurred_on = Date::FromYmd(2024, 1, 1);
    e.recorded_at = "2024-01-01T09:00:00Z";
    e.kind = "note";
    e.summary = "seen";
    e.author = "someone";
    e.author_agency = "POLICE";
    e.classification = std::move(classification);
    ASSERT_TRUE(store.InsertChronology(e));
  };
  EXPECT_TRUE(store.ClassificationCountsOf(child).value().empty());
  note(child, "");
  note(child, "police-restricted");
  note(child, "police-restricted");
  note(child, "health-restricted");
  note(other, "police-restricted");
  auto counts = store.ClassificationCountsOf(child);
  ASSERT_TRUE(counts) << counts.error().message();
  ASSERT_EQ(counts->size(), 2u);
  EXPECT_EQ((*counts)[0].classification, "health-restricted");
  EXPECT_EQ((*counts)[0].count, 1);
  EXPECT_EQ((*counts)[1].classification, "police-restricted");
  EXPECT_EQ((*counts)[1].count, 2);
}

}  // namespace
}  // namespace sg::store
