// AccessStore: the rows need-to-know rests on, with their boundaries (an
// involvement open on its first and last day, a grant expiring on the
// second), and a discovery search that treats LIKE's wildcards and SQL as
// plain text.
#include "store/access_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/audit_store.h"
#include "store/journey_store.h"

namespace sg::store {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

const Date kToday = D(2025, 6, 30);

class AccessStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sg_access_store_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db = OpenSqlite((dir_ / "a.db").string(), OpenMode::kCreateIfMissing);
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    csc_team_ = Team("LA-CSC", "Assessment Team North");
    police_team_ = Team("POLICE", "Public Protection Unit");
    school_team_ = Team("SCHOOLS", "Wistaston Primary School");
    worker_ = Value(Journey().InsertWorker({0, csc_team_, "Sam Worker", "social worker"}));
  }
  void TearDown() override {
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  template <typename T>
  static T Value(Result<T> r) {
    EXPECT_TRUE(r.has_value()) << r.error().message();
    return r.has_value() ? std::move(*r) : T{};
  }

  JourneyStore Journey() { return JourneyStore(*db_); }
  AccessStore Access() { return AccessStore(*db_); }

  Id Team(const std::string& agency, const std::string& name) {
    auto found = Value(Journey().FindAgencyByCode(agency));
    EXPECT_TRUE(found.has_value()) << agency << " is not seeded";
    return Value(Journey().InsertTeam({0, found ? found->id : 0, name}));
  }
  Id Person(const std::string& forename, const std::string& surname, Date birth,
            std::optional<std::string> la_id = std::nullopt) {
    store::Person p;
    p.forename = forename;
    p.surname = surname;
    p.birth_date = birth;
    p.la_child_id = std::move(la_id);
    return Value(Journey().InsertPerson(p, "2025-01-01T09:00:00Z"));
  }
  Id Involve(Id person, Id team, std::optional<Id> worker, Date start,
             std::optional<Date> end = std::nullopt, std::string basis = "public task",
             bool consent = false) {
    Involvement i;
    i.person_id = person;
    i.team_id = team;
    i.worker_id = worker;
    i.start = start;
    i.end = end;
    i.lawful_basis = std::move(basis);
    i.consent = consent;
    return Value(Journey().InsertInvolvement(i));
  }
  Id User(const std::string& username, const std::string& display_name, Id team,
          const std::string& role, bool disabled = false) {
    return Value(db_->InsertReturningId(
        "INSERT INTO users (username, display_name, team_id, role, password_hash, created_at, "
        "password_changed_at, disabled_at) VALUES ($1, $2, $3, $4, 'x', '2025-01-01T00:00:00Z', "
        "'2025-01-01T00:00:00Z', $5) RETURNING id",
        {username, display_name, team, role,
         disabled ? std::optional<std::string>("2025-02-01T00:00:00Z") : std::nullopt}));
  }
  std::vector<std::string> Surnames(const PersonQuery& q) {
    std::vector<std::string> out;
    for (const auto& m : Value(Access().SearchPersons(q))) out.push_back(m.surname);
    return out;
  }
  static PersonQuery Name(std::vector<std::string> words) {
    PersonQuery q;
    q.name_words = std::move(words);
    return q;
  }

  fs::path dir_;
  std::unique_ptr<Database> db_;
  Id csc_team_ = 0, police_team_ = 0, school_team_ = 0, worker_ = 0;
};

TEST_F(AccessStoreTest, InvolvementIsOpenFromItsFirstToItsLastDay) {
  Id child = Person("Amy", "Brown", D(2015, 1, 1));
  Id starts_today = Involve(child, csc_team_, std::nullopt, kToday);
  auto found = Value(Access().FindOpenInvolvement(child, std::nullopt, csc_team_, kToday));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, starts_today);
  // The day before it starts, nothing.
  EXPECT_FALSE(Value(Access().FindOpenInvolvement(child, std::nullopt, csc_team_,
                                                  kToday.AddDays(-1)))
                   .has_value());

  Id other = Person("Ben", "Brown", D(2015, 1, 1));
  Involve(other, csc_team_, std::nullopt, D(2025, 1, 1), kToday);  // ends today: still open
  EXPECT_TRUE(Value(Access().FindOpenInvolvement(other, std::nullopt, csc_team_, kToday)));
  EXPECT_FALSE(Value(Access().FindOpenInvolvement(other, std::nullopt, csc_team_,
                                                  kToday.AddDays(1))));
}

TEST_F(AccessStoreTest, InvolvementMatchesWorkerOrTeamAndPrefersTheWorker) {
  Id child = Person("Cara", "Green", D(2016, 1, 1));
  Id by_team = Involve(child, csc_team_, std::nullopt, D(2025, 6, 1));
  Id by_worker =
      Involve(child, police_team_, worker_, D(2025, 5, 1), std::nullopt, "consent", true);
  auto both = Value(Access().FindOpenInvolvement(child, worker_, csc_team_, kToday));
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(both->id, by_worker);  // the worker's own, though older
  EXPECT_TRUE(both->consent);
  EXPECT_EQ(both->worker_id, worker_);
  auto team_only = Value(Access().FindOpenInvolvement(child, std::nullopt, csc_team_, kToday));
  ASSERT_TRUE(team_only.has_value());
  EXPECT_EQ(team_only->id, by_team);
  EXPECT_EQ(team_only->lawful_basis, "public task");
  EXPECT_FALSE(Value(Access().FindOpenInvolvement(child, std::nullopt, std::nullopt, kToday)));
  EXPECT_FALSE(Value(Access().FindOpenInvolvement(child, std::nullopt, school_team_, kToday)));
  // Another child's involvement grants nothing on this one.
  Id stranger = Person("Dan", "Green", D(2016, 1, 1));
  EXPECT_FALSE(Value(Access().FindOpenInvolvement(stranger, worker_, csc_team_, kToday)));
}

TEST_F(AccessStoreTest, AgencyInvolvementCoversEveryTeamOfTheAgency) {
  Id child = Person("Eve", "Hall", D(2014, 1, 1));
  Id second_police = Team("POLICE", "Child Abuse Investigation Unit");
  Id inv = Involve(child, second_police, std::nullopt, D(2025, 6, 1));
  auto found = Value(Access().FindOpenAgencyInvolvement(child, "POLICE", kToday));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, inv);
  EXPECT_FALSE(Value(Access().FindOpenAgencyInvolvement(child, "LA-CSC", kToday)));
  EXPECT_FALSE(Value(Access().FindOpenAgencyInvolvement(child, "POLICE", D(2025, 5, 31))));
}

TEST_F(AccessStoreTest, ContactPointsAreTheTeamsInvolvedToday) {
  Id child = Person("Finn", "King", D(2013, 1, 1));
  Involve(child, school_team_, std::nullopt, D(2025, 1, 1));
  Involve(child, police_team_, std::nullopt, D(2025, 1, 1));
  Involve(child, police_team_, worker_, D(2025, 2, 1));  // the same team twice: once
  Involve(child, csc_team_, std::nullopt, D(2024, 1, 1), D(2025, 6, 29));  // ended yesterday
  auto points = Value(Access().ContactPoints(child, kToday));
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].agency, "POLICE");
  EXPECT_EQ(points[0].team, "Public Protection Unit");
  EXPECT_EQ(points[0].agency_name, "Cheshire Constabulary");
  EXPECT_EQ(points[1].agency, "SCHOOLS");
  EXPECT_EQ(points[1].team_id, school_team_);
  EXPECT_THAT(Value(Access().ContactPoints(Person("Gil", "Lee", D(2013, 1, 1)), kToday)),
              IsEmpty());
}

TEST_F(AccessStoreTest, TeamsWithRoleSkipDisabledUsers) {
  Id front_door = Team("LA-CSC", "Front Door (ChECS)");
  User("fd1", "Front One", front_door, "front-door-practitioner");
  User("fd2", "Front Two", front_door, "front-door-practitioner");
  User("old", "Old Hand", csc_team_, "front-door-practitioner", /*disabled=*/true);
  User("sw", "Social Worker", csc_team_, "social-worker");
  auto teams = Value(Access().TeamsWithRole("front-door-practitioner"));
  ASSERT_EQ(teams.size(), 1u);
  EXPECT_EQ(teams[0].team_id, front_door);
  EXPECT_THAT(Value(Access().TeamsWithRole("auditor")), IsEmpty());
}

TEST_F(AccessStoreTest, BreakGlassIsActiveFromItsStartUntilJustBeforeItsExpiry) {
  Id child = Person("Hana", "Moore", D(2012, 1, 1));
  Id user = User("pp", "Partner", school_team_, "partner-practitioner");
  BreakGlassRow grant{0, user, child, "reason", "vital interests", "2025-06-30T10:00:00Z",
                      "2025-06-30T11:00:00Z"};
  Id id = Value(Access().InsertBreakGlass(grant));
  auto at = [&](const char* now) {
    return Value(Access().FindActiveBreakGlass(user, child, now));
  };
  EXPECT_FALSE(at("2025-06-30T09:59:59Z").has_value());
  ASSERT_TRUE(at("2025-06-30T10:00:00Z").has_value());
  EXPECT_EQ(at("2025-06-30T10:00:00Z")->id, id);
  EXPECT_EQ(at("2025-06-30T10:59:59Z")->lawful_basis, "vital interests");
  EXPECT_FALSE(at("2025-06-30T11:00:00Z").has_value());
  Id other_child = Person("Ian", "Moore", D(2012, 1, 1));
  EXPECT_FALSE(Value(Access().FindActiveBreakGlass(user, other_child, "2025-06-30T10:30:00Z")));
  Id other_user = User("pp2", "Partner Two", school_team_, "partner-practitioner");
  EXPECT_FALSE(Value(Access().FindActiveBreakGlass(other_user, child, "2025-06-30T10:30:00Z")));
}

TEST_F(AccessStoreTest, ClassificationsAreSeededWithTheirOwners) {
  auto police = Value(Access().FindClassification("police-restricted"));
  ASSERT_TRUE(police.has_value());
  EXPECT_EQ(police->owner_agency, "POLICE");
  EXPECT_EQ(police->owner_agency_name, "Cheshire Constabulary");
  auto health = Value(Access().FindClassification("health-restricted"));
  ASSERT_TRUE(health.has_value());
  EXPECT_EQ(health->owner_agency, "CCG");
  EXPECT_FALSE(Value(Access().FindClassification("secret")).has_value());
  EXPECT_FALSE(Value(Access().FindClassification("")).has_value());
}

TEST_F(AccessStoreTest, SearchMatchesNamePrefixesCaseInsensitively) {
  Person("Oliver", "Smith", D(2015, 3, 1), "C1");
  Person("Olivia", "Smithson", D(2016, 4, 1), "C2");
  Person("Amelia", "Oliver", D(2017, 5, 1), "C3");
  Person("George", "Jones", D(2015, 3, 1), "C4");
  EXPECT_THAT(Surnames(Name({"oli"})), ElementsAre("Oliver", "Smith", "Smithson"));
  EXPECT_THAT(Surnames(Name({"SMITH"})), ElementsAre("Smith", "Smithson"));
  EXPECT_THAT(Surnames(Name({"oliver", "smi"})), ElementsAre("Smith"));
  EXPECT_THAT(Surnames(Name({"liver"})), IsEmpty());  // a prefix, not a substring
  PersonQuery born = Name({});
  born.birth_date = D(2015, 3, 1);
  EXPECT_THAT(Surnames(born), ElementsAre("Jones", "Smith"));
  born.name_words = {"geo"};
  EXPECT_THAT(Surnames(born), ElementsAre("Jones"));
  PersonQuery limited = Name({"o"});
  limited.limit = 2;
  EXPECT_THAT(Surnames(limited), ElementsAre("Oliver", "Smith"));
}

TEST_F(AccessStoreTest, SearchByIdentifierIsExact) {
  store::Person p;
  p.forename = "Ruby";
  p.surname = "Shaw";
  p.birth_date = D(2014, 2, 2);
  p.la_child_id = "C0000123";
  p.upn = "A123456789012";
  p.nhs_number = "9434765919";
  Id id = Value(Journey().InsertPerson(p, "2025-01-01T09:00:00Z"));
  for (const char* identifier : {"C0000123", "A123456789012", "9434765919"}) {
    PersonQuery q;
    q.identifier = identifier;
    auto found = Value(Access().SearchPersons(q));
    ASSERT_EQ(found.size(), 1u) << identifier;
    EXPECT_EQ(found[0].id, id);
    EXPECT_EQ(found[0].la_child_id, "C0000123");
    EXPECT_EQ(found[0].birth_date, D(2014, 2, 2));
  }
  PersonQuery partial;
  partial.identifier = "C000012";
  EXPECT_THAT(Value(Access().SearchPersons(partial)), IsEmpty());
}

TEST_F(AccessStoreTest, SearchTreatsWildcardsAndSqlAsText) {
  Person("Ann", "O_Neil", D(2015, 1, 1));
  Person("Ann", "OxNeil", D(2015, 1, 1));
  Person("Bea", "100%", D(2015, 1, 1));
  Person("Bea", "1000", D(2015, 1, 1));
  Person("Cal", "Back\\slash", D(2015, 1, 1));
  EXPECT_THAT(Surnames(Name({"o_"})), ElementsAre("O_Neil"));
  EXPECT_THAT(Surnames(Name({"100%"})), ElementsAre("100%"));
  EXPECT_THAT(Surnames(Name({"%"})), IsEmpty());
  EXPECT_THAT(Surnames(Name({"_"})), IsEmpty());
  EXPECT_THAT(Surnames(Name({"back\\"})), ElementsAre("Back\\slash"));
  EXPECT_THAT(Surnames(Name({"' OR 1=1 --"})), IsEmpty());
  PersonQuery injected;
  injected.identifier = "x' OR '1'='1";
  EXPECT_THAT(Value(Access().SearchPersons(injected)), IsEmpty());
  EXPECT_EQ(db_->QueryInt("SELECT COUNT(*) FROM persons", {}).value(), 5);
}

TEST_F(AccessStoreTest, SearchRefusesMoreThanFourWords) {
  auto r = Access().SearchPersons(Name({"a1", "b2", "c3", "d4", "e5"}));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::Code::kInvalidArgument);
  EXPECT_TRUE(Access().SearchPersons(Name({"a1", "b2", "c3", "d4"})).has_value());
}

TEST_F(AccessStoreTest, EscapeLike) {
  EXPECT_EQ(EscapeLike("50%_off\\"), "50\\%\\_off\\\\");
  EXPECT_EQ(EscapeLike("plain"), "plain");
  EXPECT_EQ(EscapeLike(""), "");
}

TEST_F(AccessStoreTest, NotificationsNewestFirstAndMarkedReadOnce) {
  Id child = Person("Jo", "Bell", D(2013, 1, 1));
  NotificationRow n{0, police_team_, child, "break-glass", "first", "2025-06-30T10:00:00Z", {}};
  Id first = Value(Access().InsertNotification(n));
  n.message = "second";
  n.created_at = "2025-06-30T11:00:00Z";
  Id second = Value(Access().InsertNotification(n));
  n.team_id = school_team_;
  n.message = "another team's";
  Value(Access().InsertNotification(n));
  auto all = Value(Access().NotificationsForTeam(police_team_, false, 10));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, second);
  EXPECT_EQ(all[1].id, first);
  EXPECT_EQ(all[1].person_id, child);
  EXPECT_FALSE(all[0].read_at.has_value());
  EXPECT_TRUE(Value(Access().MarkNotificationRead(first, police_team_, "2025-06-30T12:00:00Z")));
  EXPECT_FALSE(Value(Access().MarkNotificationRead(first, police_team_, "2025-06-30T12:01:00Z")));
  // Not the school's notification to mark.
  EXPECT_FALSE(Value(Access().MarkNotificationRead(second, school_team_, "2025-06-30T12:00:00Z")));
  auto unread = Value(Access().NotificationsForTeam(police_team_, true, 10));
  ASSERT_EQ(unread.size(), 1u);
  EXPECT_EQ(unread[0].id, second);
  auto read = Value(Access().NotificationsForTeam(police_team_, false, 10));
  EXPECT_EQ(read[1].read_at, "2025-06-30T12:00:00Z");
  EXPECT_EQ(Value(Access().NotificationsForTeam(police_team_, false, 1)).size(), 1u);
}

TEST_F(AccessStoreTest, AuditRowsAboutAPersonNameTheUserNewestFirst) {
  Id child = Person("Kit", "Cole", D(2013, 1, 1));
  Id other = Person("Lou", "Cole", D(2013, 1, 1));
  User("sam.w", "Sam Worker", csc_team_, "social-worker");
  User("sam", "Just Sam", csc_team_, "social-worker");  // a prefix of another username
  AuditStore log(*db_);
  auto append = [&](int64_t seq, std::string actor, std::optional<Id> person) {
    AuditRow row;
    row.seq = seq;
    row.at = "2025-06-30T10:00:0" + std::to_string(seq) + "Z";
    row.actor = std::move(actor);
    row.action = "read";
    row.entity = "chronology";
    row.entity_id = "1";
    row.person_id = person;
    row.details = "{\"basis\":\"involvement\"}";
    row.prev_hash = "p";
    row.entry_hash = "h" + std::to_string(seq);
    ASSERT_TRUE(log.Append(row).has_value());
  };
  append(1, "SAM.W (LA-CSC, social worker; purpose: casework)", child);
  append(2, "system:cli (SYSTEM, system; purpose: show)", child);
  append(3, "sam (LA-CSC, social worker; purpose: casework)", other);
  append(4, "sam (LA-CSC, social worker; purpose: casework)", child);
  append(5, "gone.user (POLICE, partner-agency practitioner; purpose: x)", child);
  auto rows = Value(Access().AuditRowsAboutPerson(child, 10, std::nullopt));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].seq, 5);
  EXPECT_EQ(rows[0].user_display_name, "");
  EXPECT_EQ(rows[1].seq, 4);
  EXPECT_EQ(rows[1].user_display_name, "Just Sam");
  EXPECT_EQ(rows[2].user_display_name, "");  // the system actor
  EXPECT_EQ(rows[3].user_display_name, "Sam Worker");  // usernames are case-insensitive
  EXPECT_EQ(rows[3].details, "{\"basis\":\"involvement\"}");
  auto page = Value(Access().AuditRowsAboutPerson(child, 2, 4));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].seq, 2);
  EXPECT_EQ(page[1].seq, 1);
}

}  // namespace
}  // namespace sg::store
