// The access matrix at the level of need-to-know: every kind of actor x how
// they stand with a child (involved through their worker, through their
// team, not at all, by break-glass, involvement ended yesterday, starting
// tomorrow) x action (read, record the journey, add a note, read the access
// log) x classification ("", police-restricted, health-restricted, an
// unknown one), each cell written out in a table below rather than derived.
// Then: zero leaks of police intelligence, discovery without disclosure,
// break-glass (reason length, expiry, notifications), the access log, and
// the Gate recording the clearance on its audit row.
#include "access/need_to_know.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/gate.h"
#include "core/clock.h"
#include "store/access_store.h"
#include "store/audit_store.h"
#include "store/journey_store.h"

namespace sg::access {
namespace {

namespace fs = std::filesystem;
using core::Code;
using core::Date;
using core::Status;
using store::Id;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// 10:00 UTC on Monday 30 June 2025.
constexpr int64_t kNow = 1751277600;
const Date kToday = Date::FromYmd(2025, 6, 30);

constexpr const char* kPolice = "police-restricted";
constexpr const char* kHealth = "health-restricted";
constexpr const char* kUnknown = "unknown-restriction";
// The classifications every child's chronology carries, in the order of the
// expectation strings below.
const std::vector<std::string> kClassifications = {"", kPolice, kHealth, kUnknown};
// The actions of the matrix, in the order of the expectation strings below.
constexpr Action kActions[] = {Action::kReadRecord, Action::kRecordJourney, Action::kAddNote,
                               Action::kReadAccessLog};

enum class Standing { kWorker, kTeam, kNone, kBreakGlass, kEndedYesterday, kStartsTomorrow };
constexpr Standing kStandings[] = {Standing::kWorker,     Standing::kTeam,
                                   Standing::kNone,       Standing::kBreakGlass,
                                   Standing::kEndedYesterday, Standing::kStartsTomorrow};

std::string_view StandingName(Standing s) {
  switch (s) {
    case Standing::kWorker: return "involved via worker";
    case Standing::kTeam: return "involved via team";
    case Standing::kNone: return "not involved";
    case Standing::kBreakGlass: return "break-glass";
    case Standing::kEndedYesterday: return "involvement ended yesterday";
    case Standing::kStartsTomorrow: return "involvement starts tomorrow";
  }
  return "?";
}

// The actors of the matrix: a role in a team of an agency.
struct Who {
  const char* label;
  Role role;
  const char* agency;  // "" for the system actor
  const char* team;
};
constexpr Who kWho[] = {
    {"front-door", Role::kFrontDoorPractitioner, "LA-CSC", "Front Door (ChECS)"},
    {"social-worker", Role::kSocialWorker, "LA-CSC", "Assessment Team North"},
    {"team-manager", Role::kTeamManager, "LA-CSC", "Assessment Team North"},
    {"police-manager", Role::kTeamManager, "POLICE", "Public Protection Unit"},
    {"police-officer", Role::kPartnerPractitioner, "POLICE", "Public Protection Unit"},
    {"health-officer", Role::kPartnerPractitioner, "CCG", "Designated Safeguarding Nurses"},
    {"school-dsl", Role::kDesignatedSafeguardingLead, "SCHOOLS", "Wistaston Primary School"},
    {"analyst", Role::kPartnershipAnalyst, "LA-CSC", "Partnership Business Unit"},
    {"auditor", Role::kAuditor, "LA-CSC", "Partnership Business Unit"},
    {"police-auditor", Role::kAuditor, "POLICE", "Professional Standards"},
    {"administrator", Role::kAdministrator, "LA-CSC", "Partnership Business Unit"},
    {"system", Role::kSystem, "", ""},
};

// Each agency's second team: "involved via worker" names the actor's worker
// on an involvement of this team, so that only the worker matches.
const std::map<std::string, std::string> kSiblingTeam = {
    {"LA-CSC", "Assessment Team South"},
    {"POLICE", "Child Abuse Investigation Unit"},
    {"CCG", "Looked After Children Health Team"},
    {"SCHOOLS", "Wistaston Academy"},
};

// One cell row of the matrix.
//   actions: read, record journey, add note, access log; Y allowed, - refused.
//   seen:    "", police-restricted, health-restricted, unknown; Y shown, - withheld
//            ("----" wherever the record cannot be read at all).
//   search:  C a match with the child's details, U a match with contacts only,
//            - the search itself refused.
struct Expect {
  const char* who;
  Standing standing;
  const char* actions;
  const char* seen;
  char search;
};

using S = Standing;
const Expect kMatrix[] = {
    // The front door screens any contact about any child.
    {"front-door", S::kWorker, "YYY-", "Y---", 'C'},
    {"front-door", S::kTeam, "YYY-", "Y---", 'C'},
    {"front-door", S::kNone, "YYY-", "Y---", 'C'},
    {"front-door", S::kBreakGlass, "YYY-", "Y---", 'C'},
    {"front-door", S::kEndedYesterday, "YYY-", "Y---", 'C'},
    {"front-door", S::kStartsTomorrow, "YYY-", "Y---", 'C'},
    // Casework by involvement; break-glass reads and notes, never records.
    {"social-worker", S::kWorker, "YYY-", "Y---", 'C'},
    {"social-worker", S::kTeam, "YYY-", "Y---", 'C'},
    {"social-worker", S::kNone, "----", "----", 'U'},
    {"social-worker", S::kBreakGlass, "Y-Y-", "Y---", 'C'},
    {"social-worker", S::kEndedYesterday, "----", "----", 'U'},
    {"social-worker", S::kStartsTomorrow, "----", "----", 'U'},
    // A team manager also sees who looked, while the agency is involved.
    {"team-manager", S::kWorker, "YYYY", "Y---", 'C'},
    {"team-manager", S::kTeam, "YYYY", "Y---", 'C'},
    {"team-manager", S::kNone, "----", "----", 'U'},
    {"team-manager", S::kBreakGlass, "Y-Y-", "Y---", 'C'},
    {"team-manager", S::kEndedYesterday, "----", "----", 'U'},
    {"team-manager", S::kStartsTomorrow, "----", "----", 'U'},
    // The police's own cleared users see police intelligence.
    {"police-manager", S::kWorker, "YYYY", "YY--", 'C'},
    {"police-manager", S::kTeam, "YYYY", "YY--", 'C'},
    {"police-manager", S::kNone, "----", "----", 'U'},
    {"police-manager", S::kBreakGlass, "Y-Y-", "Y---", 'C'},
    {"police-manager", S::kEndedYesterday, "----", "----", 'U'},
    {"police-manager", S::kStartsTomorrow, "----", "----", 'U'},
    {"police-officer", S::kWorker, "Y-Y-", "YY--", 'C'},
    {"police-officer", S::kTeam, "Y-Y-", "YY--", 'C'},
    {"police-officer", S::kNone, "----", "----", 'U'},
    {"police-officer", S::kBreakGlass, "Y-Y-", "Y---", 'C'},
    {"police-officer", S::kEndedYesterday, "----", "----", 'U'},
    {"police-officer", S::kStartsTomorrow, "----", "----", 'U'},
    // Health-restricted belongs to the CCG.
    {"health-officer", S::kWorker, "Y-Y-", "Y-Y-", 'C'},
    {"health-officer", S::kTeam, "Y-Y-", "Y-Y-", 'C'},
    {"health-officer", S::kNone, "----", "----", 'U'},
    {"health-officer", S::kBreakGlass, "Y-Y-", "Y---", 'C'},
    {"health-officer", S::kEndedYesterday, "----", "----", 'U'},
    {"health-officer", S::kStartsTomorrow, "----", "----", 'U'},
    {"school-dsl", S::kWorker, "Y-Y-", "Y---", 'C'},
    {"school-dsl", S::kTeam, "Y-Y-", "Y---", 'C'},
    {"school-dsl", S::kNone, "----", "----", 'U'},
    {"school-dsl", S::kBreakGlass, "Y-Y-", "Y---", 'C'},
    {"school-dsl", S::kEndedYesterday, "----", "----", 'U'},
    {"school-dsl", S::kStartsTomorrow, "----", "----", 'U'},
    // Aggregate figures only, whatever the standing.
    {"analyst", S::kWorker, "----", "----", '-'},
    {"analyst", S::kTeam, "----", "----", '-'},
    {"analyst", S::kNone, "----", "----", '-'},
    {"analyst", S::kBreakGlass, "----", "----", '-'},
    {"analyst", S::kEndedYesterday, "----", "----", '-'},
    {"analyst", S::kStartsTomorrow, "----", "----", '-'},
    // Auditors read any record, change none; the access log only while
    // their agency is involved.
    {"auditor", S::kWorker, "Y--Y", "Y---", 'C'},
    {"auditor", S::kTeam, "Y--Y", "Y---", 'C'},
    {"auditor", S::kNone, "Y---", "Y---", 'C'},
    {"auditor", S::kBreakGlass, "Y---", "Y---", 'C'},
    {"auditor", S::kEndedYesterday, "Y---", "Y---", 'C'},
    {"auditor", S::kStartsTomorrow, "Y---", "Y---", 'C'},
    {"police-auditor", S::kWorker, "Y--Y", "YY--", 'C'},
    {"police-auditor", S::kTeam, "Y--Y", "YY--", 'C'},
    {"police-auditor", S::kNone, "Y---", "YY--", 'C'},
    {"police-auditor", S::kBreakGlass, "Y---", "YY--", 'C'},
    {"police-auditor", S::kEndedYesterday, "Y---", "YY--", 'C'},
    {"police-auditor", S::kStartsTomorrow, "Y---", "YY--", 'C'},
    // Administrators never see a record; they see who looked.
    {"administrator", S::kWorker, "---Y", "----", '-'},
    {"administrator", S::kTeam, "---Y", "----", '-'},
    {"administrator", S::kNone, "----", "----", '-'},
    {"administrator", S::kBreakGlass, "----", "----", '-'},
    {"administrator", S::kEndedYesterday, "----", "----", '-'},
    {"administrator", S::kStartsTomorrow, "----", "----", '-'},
    // The system actor is cleared everywhere and still sees no restricted text.
    {"system", S::kWorker, "YYYY", "Y---", 'C'},
    {"system", S::kTeam, "YYYY", "Y---", 'C'},
    {"system", S::kNone, "YYYY", "Y---", 'C'},
    {"system", S::kBreakGlass, "YYYY", "Y---", 'C'},
    {"system", S::kEndedYesterday, "YYYY", "Y---", 'C'},
    {"system", S::kStartsTomorrow, "YYYY", "Y---", 'C'},
};

class NeedToKnowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_need_to_know_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db = store::OpenSqlite((dir_ / "ntk.db").string(), store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    gate_ = std::make_unique<Gate>(*db_, clock_);
    for (const auto& [agency, team] : kSiblingTeam) TeamOf(agency, team);
    youth_justice_ = TeamOf("YJS", "Youth Justice Team");
    for (const Who& w : kWho) actors_[w.label] = MakeActor(w);
  }
  void TearDown() override {
    gate_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  template <typename T>
  static T Ok(core::Result<T> r) {
    EXPECT_TRUE(r.has_value()) << r.error().message();
    return r.has_value() ? std::move(*r) : T{};
  }
  store::JourneyStore Journey() { return store::JourneyStore(*db_); }
  int64_t Count(const std::string& sql) { return db_->QueryInt(sql, {}).value_or(-1); }

  // The team of that name in a seeded agency, created on first use.
  Id TeamOf(const std::string& agency, const std::string& name) {
    auto key = agency + "/" + name;
    if (auto it = teams_.find(key); it != teams_.end()) return it->second;
    auto found = Ok(Journey().FindAgencyByCode(agency));
    EXPECT_TRUE(found.has_value()) << agency;
    Id id = Ok(Journey().InsertTeam({0, found ? found->id : 0, name}));
    teams_[key] = id;
    return id;
  }
  Actor MakeActor(const Who& w) {
    if (w.role == Role::kSystem) return Actor::System("test", "testing");
    Actor a;
    a.id = w.label;
    a.name = std::string("The ") + w.label;
    a.agency = w.agency;
    a.role = w.role;
    a.purpose = "casework";
    a.team_id = TeamOf(w.agency, w.team);
    a.worker_id = Ok(Journey().InsertWorker({0, *a.team_id, a.name, w.label}));
    a.user_id = Ok(db_->InsertReturningId(
        "INSERT INTO users (username, display_name, team_id, worker_id, role, password_hash, "
        "created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, 'x', "
        "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z') RETURNING id",
        {a.id, a.name, *a.team_id, *a.worker_id, RoleCode(w.role)}));
    return a;
  }
  const Actor& A(const std::string& label) {
    auto it = actors_.find(label);
    EXPECT_NE(it, actors_.end()) << label;
    return it->second;
  }

  // A child whose chronology holds one entry of every classification.
  Id Child(const std::string& la_id) {
    store::Person p;
    p.la_child_id = la_id;
    p.forename = "Child";
    p.surname = "Of " + la_id;
    p.birth_date = Date::FromYmd(2015, 3, 1);
    Id id = Ok(Journey().InsertPerson(p, "2025-01-01T09:00:00Z"));
    for (const std::string& c : kClassifications) {
      store::ChronologyEntry e;
      e.person_id = id;
      e.occurred_on = Date::FromYmd(2025, 6, 1);
      e.recorded_at = "2025-06-01T09:00:00Z";
      e.kind = "note";
      e.summary = "Entry classified '" + c + "'";
      e.author = "Author";
      e.author_agency = c == kPolice ? "POLICE" : "LA-CSC";
      e.classification = c;
      Ok(Journey().InsertChronology(e));
    }
    return id;
  }
  Id Involve(Id child, Id team, std::optional<Id> worker, Date start,
             std::optional<Date> end = std::nullopt) {
    store::Involvement i;
    i.person_id = child;
    i.team_id = team;
    i.worker_id = worker;
    i.start = start;
    i.end = end;
    return Ok(Journey().InsertInvolvement(i));
  }
  Id Grant(const Actor& actor, Id child, int64_t from, int64_t until) {
    store::BreakGlassRow g;
    g.user_id = *actor.user_id;
    g.person_id = child;
    g.reason = "an urgent reason given at the time";
    g.lawful_basis = "vital interests";
    g.started_at = core::UtcFromUnixSeconds(from);
    g.expires_at = core::UtcFromUnixSeconds(until);
    return Ok(store::AccessStore(*db_).InsertBreakGlass(g));
  }

  // A child standing with `who` as `standing` says.
  Id ChildFor(const Who& who, Standing standing) {
    const Actor& actor = A(who.label);
    Id child = Child(fmt::format("{}-{}", who.label, static_cast<int>(standing)));
    const Date long_ago = Date::FromYmd(2025, 1, 1);
    if (actor.is_system()) {
      // The system actor has no team: the standings differ only in the child.
      if (standing != Standing::kNone) Involve(child, youth_justice_, std::nullopt, long_ago);
      return child;
    }
    switch (standing) {
      case Standing::kWorker:
        Involve(child, TeamOf(who.agency, kSiblingTeam.at(who.agency)), actor.worker_id,
                long_ago);
        break;
      case Standing::kTeam:
        Involve(child, *actor.team_id, std::nullopt, long_ago);
        break;
      case Standing::kNone:
        Involve(child, youth_justice_, std::nullopt, long_ago);
        break;
      case Standing::kBreakGlass:
        Involve(child, youth_justice_, std::nullopt, long_ago);
        Grant(actor, child, kNow - 600, kNow + 3000);
        break;
      case Standing::kEndedYesterday:
        Involve(child, *actor.team_id, actor.worker_id, long_ago, kToday.AddDays(-1));
        break;
      case Standing::kStartsTomorrow:
        Involve(child, *actor.team_id, actor.worker_id, kToday.AddDays(1));
        break;
    }
    return child;
  }

  // What `actor`, cleared as `clearance`, is shown of the child's chronology,
  // as "Y"/"-" per kClassifications.
  std::string Seen(const Actor& actor, const Clearance& clearance, Id child) {
    ClassificationFilter filter(*db_, actor, clearance);
    std::set<std::string> shown;
    for (const auto& e : Ok(Journey().ChronologyOf(child))) {
      if (Ok(filter.Admit(e.classification))) shown.insert(e.classification);
    }
    std::string out;
    for (const std::string& c : kClassifications) out += shown.contains(c) ? 'Y' : '-';
    return out;
  }

  fs::path dir_;
  core::ManualClock clock_{kNow};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Gate> gate_;
  std::map<std::string, Id> teams_;
  std::map<std::string, Actor> actors_;
  Id youth_justice_ = 0;
};

TEST_F(NeedToKnowTest, TheMatrixCoversEveryActorAndStanding) {
  std::set<std::pair<std::string, int>> cells;
  for (const Expect& e : kMatrix) cells.insert({e.who, static_cast<int>(e.standing)});
  EXPECT_EQ(cells.size(), std::size(kMatrix)) << "a cell is written twice";
  EXPECT_EQ(cells.size(), std::size(kWho) * std::size(kStandings)) << "a cell is missing";
}

TEST_F(NeedToKnowTest, AccessMatrix) {
  for (const Expect& expect : kMatrix) {
    const Who* who = nullptr;
    for (const Who& w : kWho) {
      if (std::string_view(w.label) == expect.who) who = &w;
    }
    ASSERT_NE(who, nullptr) << expect.who;
    const Actor& actor = A(who->label);
    const Id child = ChildFor(*who, expect.standing);
    const std::string cell = fmt::format("{} / {}", who->label, StandingName(expect.standing));

    std::string actions;
    for (Action action : kActions) {
      auto cleared = ClearForChild(*db_, actor, child, action, clock_);
      actions += cleared ? 'Y' : '-';
      if (!cleared) {
        EXPECT_EQ(cleared.error().code(), Code::kPermissionDenied) << cell;
      } else if (action == Action::kReadRecord) {
        EXPECT_EQ(cleared->read_only, actor.role == Role::kAuditor) << cell;
      }
    }
    EXPECT_EQ(actions, expect.actions) << cell << " (read, record, note, access log)";

    auto read = ClearForChild(*db_, actor, child, Action::kReadRecord, clock_);
    EXPECT_EQ(read ? Seen(actor, *read, child) : std::string("----"), expect.seen)
        << cell << " (\"\", police, health, unknown)";

    store::Person person = Ok(Journey().FindPerson(child)).value_or(store::Person{});
    SearchQuery by_id;
    by_id.identifier = *person.la_child_id;
    auto found = Discover(*db_, actor, by_id, clock_);
    char search = '-';
    if (found) {
      ASSERT_EQ(found->size(), 1u) << cell;
      const SearchMatch& m = found->front();
      search = m.cleared ? 'C' : 'U';
      EXPECT_EQ(m.contacts.size(), Ok(ContactPointsFor(*db_, child, kToday)).size()) << cell;
      if (m.cleared) {
        EXPECT_EQ(m.person_id, child) << cell;
        EXPECT_EQ(m.surname, person.surname) << cell;
        EXPECT_EQ(m.birth_date, person.birth_date) << cell;
      } else {  // discovery without disclosure
        EXPECT_FALSE(m.person_id.has_value()) << cell;
        EXPECT_EQ(m.la_child_id, "") << cell;
        EXPECT_EQ(m.forename + m.surname, "") << cell;
        EXPECT_FALSE(m.birth_date.has_value()) << cell;
      }
    } else {
      EXPECT_EQ(found.error().code(), Code::kPermissionDenied) << cell;
    }
    EXPECT_EQ(search, expect.search) << cell << " (search)";
  }
}

// The day-only form cannot tell whether a grant has expired, so it refuses.
TEST_F(NeedToKnowTest, WithOnlyADayBreakGlassFailsClosed) {
  const Who& who = kWho[1];  // a social worker
  Id child = ChildFor(who, Standing::kBreakGlass);
  EXPECT_TRUE(ClearForChild(*db_, A(who.label), child, Action::kReadRecord, clock_));
  auto by_day = ClearForChild(*db_, A(who.label), child, Action::kReadRecord, kToday);
  ASSERT_FALSE(by_day);
  EXPECT_EQ(by_day.error().code(), Code::kPermissionDenied);
  SearchQuery q;
  q.identifier = "social-worker-3";
  auto found = Discover(*db_, A(who.label), q, kToday);
  ASSERT_TRUE(found && found->size() == 1u);
  EXPECT_FALSE(found->front().cleared);
}

TEST_F(NeedToKnowTest, ClearanceNamesItsBasisGrantAndLawfulBasis) {
  const Actor& worker = A("social-worker");
  Id child = Child("basis");
  store::Involvement i;
  i.person_id = child;
  i.team_id = *worker.team_id;
  i.start = Date::FromYmd(2025, 1, 1);
  i.lawful_basis = "legal obligation: Children Act 2004 s11";
  Id inv = Ok(Journey().InsertInvolvement(i));
  auto c = Ok(ClearForChild(*db_, worker, child, Action::kReadRecord, clock_));
  EXPECT_EQ(c.basis, Basis::kInvolvement);
  EXPECT_EQ(c.grant_id, inv);
  EXPECT_EQ(c.lawful_basis, "legal obligation: Children Act 2004 s11");
  EXPECT_FALSE(c.read_only);

  Id consented = Child("consented");
  i.person_id = consented;
  i.consent = true;
  Ok(Journey().InsertInvolvement(i));
  EXPECT_EQ(Ok(ClearForChild(*db_, worker, consented, Action::kReadRecord, clock_)).lawful_basis,
            "consent");

  Id glass = Child("glass");
  Id grant = Grant(A("police-officer"), glass, kNow - 1, kNow + 60);
  auto g = Ok(ClearForChild(*db_, A("police-officer"), glass, Action::kAddNote, clock_));
  EXPECT_EQ(g.basis, Basis::kBreakGlass);
  EXPECT_EQ(g.grant_id, grant);
  EXPECT_EQ(g.lawful_basis, "vital interests");

  auto role = Ok(ClearForChild(*db_, A("front-door"), glass, Action::kReadRecord, clock_));
  EXPECT_EQ(role.basis, Basis::kRole);
  EXPECT_FALSE(role.grant_id.has_value());
  auto system = Ok(ClearForChild(*db_, A("system"), glass, Action::kReadRecord, clock_));
  EXPECT_EQ(system.basis, Basis::kSystem);
  EXPECT_THAT((std::vector<std::string_view>{BasisName(Basis::kSystem), BasisName(Basis::kRole),
                                             BasisName(Basis::kInvolvement),
                                             BasisName(Basis::kBreakGlass)}),
              ElementsAre("system", "role", "involvement", "break-glass"));
}

TEST_F(NeedToKnowTest, RefusalSaysWhomToAskAndOffersBreakGlassWhereAllowed) {
  Id child = Child("refused");
  Involve(child, TeamOf("POLICE", "Public Protection Unit"), std::nullopt,
          Date::FromYmd(2025, 1, 1));
  auto read = ClearForChild(*db_, A("social-worker"), child, Action::kReadRecord, clock_);
  ASSERT_FALSE(read);
  EXPECT_THAT(read.error().message(), HasSubstr("Public Protection Unit (Cheshire Constabulary)"));
  EXPECT_THAT(read.error().message(), HasSubstr("break the glass"));
  // Break-glass never opens journey recording, so it is not offered for it.
  auto record = ClearForChild(*db_, A("social-worker"), child, Action::kRecordJourney, clock_);
  ASSERT_FALSE(record);
  EXPECT_THAT(record.error().message(), ::testing::Not(HasSubstr("break the glass")));
  // A child nobody works with: ask the front door.
  auto lone = ClearForChild(*db_, A("school-dsl"), Child("lone"), Action::kReadRecord, clock_);
  ASSERT_FALSE(lone);
  EXPECT_THAT(lone.error().message(), HasSubstr("the front door"));
  // An actor who is not a signed-in user cannot break glass, so is not told to.
  Actor anonymous = A("social-worker");
  anonymous.user_id.reset();
  auto unsigned_in = ClearForChild(*db_, anonymous, child, Action::kReadRecord, clock_);
  ASSERT_FALSE(unsigned_in);
  EXPECT_THAT(unsigned_in.error().message(), ::testing::Not(HasSubstr("break the glass")));
}

TEST_F(NeedToKnowTest, ClassificationRules) {
  const Actor& officer = A("police-officer");
  Actor police_system = Actor::System("import", "police system feed");
  police_system.agency = "POLICE";
  for (const auto& [label, actor] : actors_) {
    EXPECT_TRUE(Ok(MaySeeClassification(*db_, actor, ""))) << label;
    EXPECT_FALSE(Ok(MaySeeClassification(*db_, actor, kUnknown))) << label;
  }
  EXPECT_TRUE(Ok(MaySeeClassification(*db_, officer, kPolice)));
  EXPECT_FALSE(Ok(MaySeeClassification(*db_, officer, kHealth)));
  EXPECT_TRUE(Ok(MaySeeClassification(*db_, A("health-officer"), kHealth)));
  EXPECT_FALSE(Ok(MaySeeClassification(*db_, A("social-worker"), kPolice)));
  EXPECT_FALSE(Ok(MaySeeClassification(*db_, police_system, kPolice)));
  Clearance glass{Basis::kBreakGlass, 1, "vital interests", false};
  EXPECT_FALSE(Ok(MaySeeClassification(*db_, officer, glass, kPolice)));
  EXPECT_TRUE(Ok(MaySeeClassification(*db_, officer, glass, "")));
  Clearance involved{Basis::kInvolvement, 1, "public task", false};
  EXPECT_TRUE(Ok(MaySeeClassification(*db_, officer, involved, kPolice)));

  EXPECT_TRUE(MayClassify(*db_, officer, kPolice));
  EXPECT_TRUE(MayClassify(*db_, police_system, kPolice));
  EXPECT_TRUE(MayClassify(*db_, A("social-worker"), ""));
  auto other = MayClassify(*db_, A("social-worker"), kPolice);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), Code::kPermissionDenied);
  EXPECT_EQ(other.error().message(),
            "only Cheshire Constabulary may restrict an entry as 'police-restricted'");
  auto unknown = MayClassify(*db_, officer, kUnknown);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), Code::kInvalidArgument);
  EXPECT_FALSE(MayClassify(*db_, A("system"), kPolice));
}

TEST_F(NeedToKnowTest, FilterCountsWhatItWithholds) {
  Id child = Child("filter");
  for (const char* c : {kPolice, kPolice, kHealth}) {
    store::ChronologyEntry e;
    e.person_id = child;
    e.occurred_on = kToday;
    e.recorded_at = "2025-06-30T09:00:00Z";
    e.kind = "note";
    e.summary = "more";
    e.author = "A";
    e.author_agency = "POLICE";
    e.classification = c;
    Ok(Journey().InsertChronology(e));
  }
  ClassificationFilter filter(*db_, A("social-worker"), Clearance{Basis::kRole, {}, "", false});
  int shown = 0;
  for (const auto& e : Ok(Journey().ChronologyOf(child))) {
    shown += Ok(filter.Admit(e.classification));
  }
  EXPECT_EQ(shown, 1);
  const auto& w = filter.withheld();
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].classification, kHealth);
  EXPECT_EQ(w[0].owner_agency, "CCG");
  EXPECT_EQ(w[0].owner_agency_name, "Cheshire Clinical Commissioning Group");
  EXPECT_EQ(w[0].count, 2);
  EXPECT_EQ(w[1].classification, kPolice);
  EXPECT_EQ(w[1].count, 3);
  EXPECT_EQ(w[2].classification, kUnknown);
  EXPECT_EQ(w[2].owner_agency, "");
  EXPECT_EQ(w[2].count, 1);
}

// The four children of the brief, a police-restricted entry on each, and
// every actor trying every way in (including a break-glass grant on each
// child for every user): the entry's text reaches exactly the police users
// cleared for that child, and nobody else.
TEST_F(NeedToKnowTest, PoliceIntelligenceReachesExactlyThePoliceClearedForTheChild) {
  const Id worked = Child("worked-with");
  Involve(worked, *A("social-worker").team_id, A("social-worker").worker_id,
          Date::FromYmd(2025, 1, 1));
  const Id policed = Child("policed");
  Involve(policed, *A("police-officer").team_id, std::nullopt, Date::FromYmd(2025, 1, 1));
  const Id alone = Child("alone");
  const Id schooled = Child("schooled");
  Involve(schooled, *A("school-dsl").team_id, std::nullopt, Date::FromYmd(2025, 1, 1));
  for (Id child : {worked, policed, alone, schooled}) {
    for (const auto& [label, actor] : actors_) {
      if (actor.user_id) Grant(actor, child, kNow - 60, kNow + 600);
    }
  }
  // Police auditors audit any case, so they are cleared for every child.
  const std::map<Id, std::set<std::string>> expected = {
      {worked, {"police-auditor"}},
      {policed, {"police-auditor", "police-manager", "police-officer"}},
      {alone, {"police-auditor"}},
      {schooled, {"police-auditor"}},
  };
  for (const auto& [child, readers] : expected) {
    std::set<std::string> seen_by;
    for (const auto& [label, actor] : actors_) {
      auto cleared = ClearForChild(*db_, actor, child, Action::kReadRecord, clock_);
      if (!cleared) continue;
      ClassificationFilter filter(*db_, actor, *cleared);
      for (const auto& e : Ok(Journey().ChronologyOf(child))) {
        if (e.classification == kPolice && Ok(filter.Admit(e.classification))) {
          seen_by.insert(label);
        }
      }
    }
    EXPECT_EQ(seen_by, readers) << "child " << child;
  }
}

// ---- Discovery ----------------------------------------------------------------

TEST_F(NeedToKnowTest, DiscoveryTellsWhomToContactNeverTheDetail) {
  store::Person p;
  p.forename = "Isla";
  p.surname = "Turner";
  p.birth_date = Date::FromYmd(2016, 2, 29);
  p.la_child_id = "C0000042";
  p.upn = "H801200001001";
  p.nhs_number = "4857773456";
  Id child = Ok(Journey().InsertPerson(p, "2025-01-01T09:00:00Z"));
  Involve(child, *A("police-officer").team_id, std::nullopt, Date::FromYmd(2025, 1, 1));
  Involve(child, *A("school-dsl").team_id, std::nullopt, Date::FromYmd(2025, 1, 1));

  SearchQuery q;
  q.name = "  isla   TURN ";
  q.birth_date = Date::FromYmd(2016, 2, 29);
  auto outsider = Ok(Discover(*db_, A("social-worker"), q, clock_));
  ASSERT_EQ(outsider.size(), 1u);
  EXPECT_FALSE(outsider[0].cleared);
  EXPECT_FALSE(outsider[0].person_id.has_value());
  EXPECT_EQ(outsider[0].forename + outsider[0].surname + outsider[0].la_child_id, "");
  ASSERT_EQ(outsider[0].contacts.size(), 2u);
  EXPECT_EQ(outsider[0].contacts[0].agency, "POLICE");
  EXPECT_EQ(outsider[0].contacts[0].team, "Public Protection Unit");
  EXPECT_EQ(outsider[0].contacts[1].agency, "SCHOOLS");
  EXPECT_EQ(outsider[0].contacts[1].agency_name, "Schools and colleges in Cheshire East");

  auto insider = Ok(Discover(*db_, A("school-dsl"), q, clock_));
  ASSERT_EQ(insider.size(), 1u);
  EXPECT_TRUE(insider[0].cleared);
  EXPECT_EQ(insider[0].person_id, child);
  EXPECT_EQ(insider[0].la_child_id, "C0000042");
  EXPECT_EQ(insider[0].forename, "Isla");
  EXPECT_EQ(insider[0].birth_date, Date::FromYmd(2016, 2, 29));

  for (const char* identifier : {"C0000042", "H801200001001", " 4857773456 "}) {
    SearchQuery by_id;
    by_id.identifier = identifier;
    EXPECT_EQ(Ok(Discover(*db_, A("police-officer"), by_id, clock_)).size(), 1u) << identifier;
  }
  SearchQuery wrong_birthday = q;
  wrong_birthday.birth_date = Date::FromYmd(2016, 3, 1);
  EXPECT_THAT(Ok(Discover(*db_, A("social-worker"), wrong_birthday, clock_)), IsEmpty());
}

TEST_F(NeedToKnowTest, DiscoveryRefusesVagueQueriesAndAggregateRoles) {
  Child("someone");
  auto refused = [&](const SearchQuery& q, Code code) {
    auto r = Discover(*db_, A("social-worker"), q, clock_);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), code) << r.error().message();
  };
  refused(SearchQuery{}, Code::kInvalidArgument);
  SearchQuery blank;
  blank.name = "   ";
  blank.identifier = " ";
  refused(blank, Code::kInvalidArgument);
  SearchQuery one_letter;
  one_letter.name = "C";
  refused(one_letter, Code::kInvalidArgument);
  SearchQuery five;
  five.name = "aa bb cc dd ee";
  refused(five, Code::kInvalidArgument);
  SearchQuery two_letters;
  two_letters.name = "Ch";
  EXPECT_EQ(Ok(Discover(*db_, A("social-worker"), two_letters, clock_)).size(), 1u);
  for (const char* label : {"analyst", "administrator"}) {
    auto r = Discover(*db_, A(label), two_letters, clock_);
    ASSERT_FALSE(r) << label;
    EXPECT_EQ(r.error().code(), Code::kPermissionDenied) << label;
  }
}

TEST_F(NeedToKnowTest, DiscoveryIsLimited) {
  for (int i = 0; i < 60; ++i) Child(fmt::format("many-{:02}", i));
  SearchQuery q;
  q.name = "child";
  q.limit = 5;
  EXPECT_EQ(Ok(Discover(*db_, A("front-door"), q, clock_)).size(), 5u);
  q.limit = 0;
  EXPECT_EQ(Ok(Discover(*db_, A("front-door"), q, clock_)).size(), 1u);
  q.limit = 1000;
  EXPECT_EQ(Ok(Discover(*db_, A("front-door"), q, clock_)).size(), 50u);
}

// ---- Break-glass ----------------------------------------------------------------

class BreakGlassTest : public NeedToKnowTest {
 protected:
  core::Result<int64_t> Break(const Actor& actor, Id child, std::string reason,
                              int minutes = 60, std::string basis = "vital interests") {
    core::Result<int64_t> id = 0;
    auto s = gate_->Run(actor, Action::kBreakGlass, [&](AuditNote& note) -> Status {
      id = BreakGlass(*db_, actor, {child, reason, basis, minutes}, clock_);
      if (!id) return std::unexpected(id.error());
      note = AuditNote{"break-glass", "child", std::to_string(*id), child, "{}"};
      return {};
    });
    if (!s) return std::unexpected(s.error());
    return id;
  }
  int64_t Grants() { return Count("SELECT COUNT(*) FROM break_glass"); }
  int64_t Notes() { return Count("SELECT COUNT(*) FROM notifications"); }
};

TEST_F(BreakGlassTest, ReasonOfTwentyCharactersIsEnough) {
  Id child = Child("glass");
  Involve(child, youth_justice_, std::nullopt, Date::FromYmd(2025, 1, 1));
  const Actor& officer = A("police-officer");
  const std::string nineteen = "1234567890123456789";
  for (const std::string& reason : {nineteen, "  " + nineteen + "  ", std::string(),
                                    std::string("é", 2) + "234567890123456789"}) {
    auto r = Break(officer, child, reason);
    ASSERT_FALSE(r) << "'" << reason << "'";
    EXPECT_EQ(r.error().code(), Code::kInvalidArgument);
    EXPECT_THAT(r.error().message(), HasSubstr("at least 20 characters"));
  }
  // The last of those is 20 bytes but 19 characters. Twenty characters, one
  // of them two bytes long, is enough.
  EXPECT_EQ(Grants(), 0);
  auto id = Break(officer, child, std::string("é", 2) + nineteen);
  ASSERT_TRUE(id) << id.error().message();
  EXPECT_EQ(Grants(), 1);
}

TEST_F(BreakGlassTest, ArgumentsAreChecked) {
  Id child = Child("args");
  Involve(child, youth_justice_, std::nullopt, Date::FromYmd(2025, 1, 1));
  const Actor& officer = A("police-officer");
  const std::string reason = "Child found alone at the station at night";
  auto expect = [&](core::Result<int64_t> r, Code code, std::string_view phrase) {
    ASSERT_FALSE(r) << phrase;
    EXPECT_EQ(r.error().code(), code) << r.error().message();
    EXPECT_THAT(r.error().message(), HasSubstr(std::string(phrase)));
  };
  expect(Break(officer, child, reason, 60, "  "), Code::kInvalidArgument, "lawful basis");
  expect(Break(officer, child, reason, 0), Code::kInvalidArgument, "1 to 240 minutes, not 0");
  expect(Break(officer, child, reason, 241), Code::kInvalidArgument, "not 241");
  expect(Break(officer, child, std::string(2001, 'x')), Code::kInvalidArgument, "2,000");
  expect(Break(officer, 9999, reason), Code::kNotFound, "no child with id 9999");
  expect(Break(A("analyst"), child, reason), Code::kPermissionDenied, "may not break the glass");
  expect(Break(A("auditor"), child, reason), Code::kPermissionDenied, "may not break the glass");
  Actor anonymous = officer;
  anonymous.user_id.reset();
  expect(Break(anonymous, child, reason), Code::kPermissionDenied, "signed-in user");
  // Already cleared: by role, by involvement, by an earlier grant, or the system.
  expect(Break(A("front-door"), child, reason), Code::kFailedPrecondition, "already see");
  Involve(child, *A("school-dsl").team_id, std::nullopt, Date::FromYmd(2025, 1, 1));
  expect(Break(A("school-dsl"), child, reason), Code::kFailedPrecondition, "(involvement)");
  expect(Break(A("system"), child, reason), Code::kFailedPrecondition, "(system)");
  EXPECT_EQ(Grants(), 0);
  EXPECT_EQ(Notes(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);
  ASSERT_TRUE(Break(officer, child, reason, 1));
  ASSERT_TRUE(Break(officer, Child("args-2"), reason, 240));
  expect(Break(officer, child, reason), Code::kFailedPrecondition, "(break-glass)");
}

TEST_F(BreakGlassTest, GrantExpiresAfterItsMinutes) {
  Id child = Child("expiry");
  Involve(child, youth_justice_, std::nullopt, Date::FromYmd(2025, 1, 1));
  const Actor& worker = A("social-worker");
  auto before = ClearForChild(*db_, worker, child, Action::kReadRecord, clock_);
  ASSERT_FALSE(before);
  ASSERT_TRUE(Break(worker, child, "Strategy discussion called out of hours", 30));
  EXPECT_TRUE(ClearForChild(*db_, worker, child, Action::kReadRecord, clock_));
  EXPECT_TRUE(gate_->Clear(worker, Action::kReadRecord, child));
  clock_.Advance(std::chrono::seconds(30 * 60 - 1));
  EXPECT_TRUE(ClearForChild(*db_, worker, child, Action::kReadRecord, clock_));
  clock_.Advance(std::chrono::seconds(1));
  auto after = ClearForChild(*db_, worker, child, Action::kReadRecord, clock_);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code(), Code::kPermissionDenied);
  EXPECT_FALSE(gate_->Clear(worker, Action::kReadRecord, child));
  // Another user's grant is no grant for this one.
  ASSERT_TRUE(Break(A("school-dsl"), child, "Pupil disclosed at school this morning"));
  EXPECT_FALSE(ClearForChild(*db_, worker, child, Action::kReadRecord, clock_));
  // Once expired, the glass may be broken again.
  EXPECT_TRUE(Break(worker, child, "Strategy discussion called out of hours", 30));
}

TEST_F(BreakGlassTest, InvolvedTeamsAreNotifiedAndTheBreakIsAudited) {
  Id child = Child("notify");
  const Id ppu = *A("police-officer").team_id;
  const Id school = *A("school-dsl").team_id;
  Involve(child, ppu, std::nullopt, Date::FromYmd(2025, 1, 1));
  Involve(child, school, std::nullopt, Date::FromYmd(2025, 1, 1));
  Involve(child, youth_justice_, std::nullopt, Date::FromYmd(2024, 1, 1), kToday.AddDays(-1));
  auto id = Break(A("social-worker"), child, "Mother arrived at the front desk in crisis");
  ASSERT_TRUE(id) << id.error().message();
  auto police = Ok(store::AccessStore(*db_).NotificationsForTeam(ppu, true, 10));
  auto schools = Ok(store::AccessStore(*db_).NotificationsForTeam(school, true, 10));
  ASSERT_EQ(police.size(), 1u);
  ASSERT_EQ(schools.size(), 1u);
  EXPECT_EQ(Notes(), 2) << "the team whose involvement ended is not told";
  EXPECT_EQ(police[0].kind, "break-glass");
  EXPECT_EQ(police[0].person_id, child);
  EXPECT_EQ(police[0].created_at, "2025-06-30T10:00:00Z");
  EXPECT_THAT(police[0].message, HasSubstr("The social-worker (LA-CSC, social worker)"));
  EXPECT_THAT(police[0].message, HasSubstr("until 2025-06-30T11:00:00Z"));
  EXPECT_THAT(police[0].message, HasSubstr("Mother arrived at the front desk in crisis"));
  // The audit row records the grant that cleared the actor.
  std::vector<store::AuditRow> rows = Ok(store::AuditStore(*db_).RowsAboutPerson(child, 5));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "break-glass");
  EXPECT_EQ(rows[0].details, fmt::format("{{\"basis\":\"break-glass\",\"grant_id\":{},"
                                         "\"lawful_basis\":\"vital interests\"}}",
                                         *id));
}

TEST_F(BreakGlassTest, WithNobodyInvolvedTheFrontDoorIsNotified) {
  Id child = Child("front-door-told");
  ASSERT_TRUE(Break(A("police-officer"), child, "Found wandering near the canal at 2am"));
  auto told = Ok(store::AccessStore(*db_).NotificationsForTeam(*A("front-door").team_id, true, 5));
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(Notes(), 1);
  // With no front-door users either, nobody could be told: refused.
  ASSERT_TRUE(db_->Execute("UPDATE users SET disabled_at = '2025-06-01T00:00:00Z' "
                           "WHERE role = 'front-door-practitioner'"));
  auto r = Break(A("school-dsl"), child, "Found wandering near the canal at 2am");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kFailedPrecondition);
  EXPECT_EQ(Grants(), 1);
  EXPECT_EQ(Notes(), 1);
}

// ---- The access log ----------------------------------------------------------------

TEST_F(NeedToKnowTest, AccessLogShowsWhoLookedToTheOwningAgency) {
  Id child = Child("looked-at");
  Involve(child, *A("police-officer").team_id, std::nullopt, Date::FromYmd(2025, 1, 1));
  auto read = [&](const Actor& actor) {
    return gate_->Run(actor, Action::kReadRecord, [&](AuditNote& note) -> Status {
      note = AuditNote{"read", "child", std::to_string(child), child, "{\"view\":\"summary\"}"};
      return {};
    });
  };
  EXPECT_FALSE(read(A("social-worker")));  // refused, and on the record as refused
  ASSERT_TRUE(read(A("police-officer")));
  ASSERT_TRUE(read(A("front-door")));
  ASSERT_TRUE(read(A("system")));

  auto log = Ok(AccessLog(*db_, A("police-manager"), child, kToday, 10, std::nullopt));
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[3].user, "social-worker");
  EXPECT_EQ(log[3].action, "refused");
  EXPECT_EQ(log[0].user, "system:test");
  EXPECT_EQ(log[0].basis, "system");
  EXPECT_EQ(log[0].user_name, "");
  EXPECT_EQ(log[1].user, "front-door");
  EXPECT_EQ(log[1].user_name, "The front-door");
  EXPECT_EQ(log[1].agency, "LA-CSC");
  EXPECT_EQ(log[1].role, "front-door practitioner");
  EXPECT_EQ(log[1].basis, "role");
  EXPECT_EQ(log[2].user, "police-officer");
  EXPECT_EQ(log[2].agency, "POLICE");
  EXPECT_EQ(log[2].action, "read");
  EXPECT_EQ(log[2].entity, "child");
  EXPECT_EQ(log[2].basis, "involvement");
  EXPECT_EQ(log[2].at, "2025-06-30T10:00:00Z");
  EXPECT_GT(log[0].seq, log[1].seq);

  auto page = Ok(AccessLog(*db_, A("police-manager"), child, kToday, 1, log[1].seq));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].user, "police-officer");
  EXPECT_EQ(Ok(AccessLog(*db_, A("police-auditor"), child, kToday, 10, std::nullopt)).size(), 4u);
  EXPECT_EQ(Ok(AccessLog(*db_, A("system"), child, kToday, 10, std::nullopt)).size(), 4u);
  // Not the owning agency, or not a role that sees logs: refused.
  for (const char* label : {"team-manager", "auditor", "administrator", "police-officer",
                            "front-door", "analyst"}) {
    auto r = AccessLog(*db_, A(label), child, kToday, 10, std::nullopt);
    ASSERT_FALSE(r) << label;
    EXPECT_EQ(r.error().code(), Code::kPermissionDenied) << label;
  }
  // Tomorrow the police are still involved; once their involvement ends, not.
  ASSERT_TRUE(db_->Execute("UPDATE involvements SET end_date = $1 WHERE person_id = $2",
                           {kToday, child}));
  EXPECT_TRUE(AccessLog(*db_, A("police-manager"), child, kToday, 10, std::nullopt));
  EXPECT_FALSE(AccessLog(*db_, A("police-manager"), child, kToday.AddDays(1), 10, std::nullopt));
}

// ---- The Gate ----------------------------------------------------------------

TEST_F(NeedToKnowTest, GateRollsBackWorkForAnActorNotCleared) {
  Id child = Child("gate");
  const int64_t chronology = Count("SELECT COUNT(*) FROM chronology");
  auto s = gate_->Run(A("social-worker"), Action::kAddNote, [&](AuditNote& note) -> Status {
    store::ChronologyEntry e;
    e.person_id = child;
    e.occurred_on = kToday;
    e.recorded_at = "2025-06-30T10:00:00Z";
    e.kind = "note";
    e.summary = "written before the check";
    e.author = "sw";
    e.author_agency = "LA-CSC";
    SG_ASSIGN_OR_RETURN(Id id, store::JourneyStore(*db_).InsertChronology(e));
    note = AuditNote{"create", "chronology_entry", std::to_string(id), child, "{}"};
    return {};
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), Code::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM chronology"), chronology);
  // Only the refusal is on the record, not the refused work's row.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'refused'"), 1);
  // A note that records nothing is still checked when it names a child.
  auto quiet = gate_->Run(A("social-worker"), Action::kReadRecord, [&](AuditNote& note) -> Status {
    note.person_id = child;
    return {};
  });
  EXPECT_FALSE(quiet);
}

TEST_F(NeedToKnowTest, GateMergesTheClearanceIntoTheDetails) {
  Id child = Child("merge");
  Id inv = Involve(child, *A("social-worker").team_id, std::nullopt, Date::FromYmd(2025, 1, 1));
  auto run = [&](const Actor& actor, std::string details) {
    EXPECT_TRUE(gate_->Run(actor, Action::kReadRecord, [&](AuditNote& note) -> Status {
      note = AuditNote{"read", "child", std::to_string(child), child, details};
      return {};
    }));
    return Ok(store::AuditStore(*db_).RowsAboutPerson(child, 1)).at(0).details;
  };
  const std::string basis = fmt::format(
      "\"basis\":\"involvement\",\"grant_id\":{},\"lawful_basis\":\"public task: Children Act "
      "1989 duties (UK GDPR 6(1)(e), 9(2)(g))\"",
      inv);
  EXPECT_EQ(run(A("social-worker"), "{}"), "{" + basis + "}");
  EXPECT_EQ(run(A("social-worker"), ""), "{" + basis + "}");
  EXPECT_EQ(run(A("social-worker"), "{\"view\":\"summary\"}"),
            "{\"view\":\"summary\"," + basis + "}");
  EXPECT_EQ(run(A("social-worker"), "plain \"text\""),
            "{" + basis + ",\"note\":\"plain \\\"text\\\"\"}");
  EXPECT_EQ(run(A("front-door"), "{ }"), "{\"basis\":\"role\"}");
  EXPECT_EQ(run(A("system"), "{\"n\":1}"), "{\"n\":1,\"basis\":\"system\"}");
}

TEST_F(NeedToKnowTest, GateClearAuditsOnlyRefusals) {
  Id child = Child("clear");
  Involve(child, *A("school-dsl").team_id, std::nullopt, Date::FromYmd(2025, 1, 1));
  auto dsl = gate_->Clear(A("school-dsl"), Action::kReadRecord, child);
  ASSERT_TRUE(dsl);
  EXPECT_EQ(dsl->basis, Basis::kInvolvement);
  auto record = gate_->Clear(A("school-dsl"), Action::kRecordJourney, child);
  ASSERT_FALSE(record);
  EXPECT_THAT(record.error().message(),
              HasSubstr("designated safeguarding lead may not record the child's journey"));
  auto auditor = gate_->Clear(A("auditor"), Action::kReadRecord, child);
  ASSERT_TRUE(auditor);
  EXPECT_TRUE(auditor->read_only);
  EXPECT_FALSE(gate_->Clear(A("auditor"), Action::kAddNote, child));
  EXPECT_FALSE(gate_->Clear(A("social-worker"), Action::kBreakGlass, child));
  // Clearances write nothing; the refusals that are need-to-know's (not
  // the role's: a DSL never records the journey) are on the record.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action <> 'refused'"), 0);
}

TEST_F(NeedToKnowTest, ContactPointsAreTheTeamsInvolvedToday) {
  Id child = Child("contacts");
  EXPECT_THAT(Ok(ContactPointsFor(*db_, child, kToday)), IsEmpty());
  Involve(child, *A("health-officer").team_id, std::nullopt, kToday);
  Involve(child, *A("police-officer").team_id, std::nullopt, kToday.AddDays(1));
  auto points = Ok(ContactPointsFor(*db_, child, kToday));
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].agency, "CCG");
  EXPECT_EQ(points[0].team, "Designated Safeguarding Nurses");
  EXPECT_EQ(Ok(ContactPointsFor(*db_, child, kToday.AddDays(1))).size(), 2u);
}

}  // namespace
}  // namespace sg::access
