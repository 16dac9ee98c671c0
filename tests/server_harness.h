// ServerHarness: the real API server on a loopback port, for end-to-end tests.
//
// Design. Each test builds a TestServer: a fresh SQLite database in a
// temporary directory (migrated, so the partnership's agencies are seeded; no
// demo), a standard cast of teams and users (one per role, passwords hashed
// at libsodium's minimum cost so that sign-in is fast), then api::App and
// http::Server on port 0 serving on a thread of their own, with the access
// log captured. Tests talk to it the way a browser or an integration would,
// over real sockets, through Client: a small blocking HTTP/1.1 client (one
// connection per request) with a cookie jar for the session cookie, the
// X-CSRF-Token header sent automatically on changes once signed in, and an
// optional bearer token.
//
// Fixtures (children, involvements, restricted notes) are made through the
// real modules - journey::Journey and access::Accounts acting as
// Actor::System("test", ...) - on a second connection to the same database
// that belongs to the test's thread, so a test sets the scene exactly as the
// program would and can count rows before and after a request. SQLite's WAL
// and busy timeout let that connection and the server's database thread take
// turns.
//
// Time is a clock of the harness: it stands still at 09:00 UTC on
// HarnessOptions::today until a test advances it (AdvanceClock), so dates in
// tests are exact and timeouts (idle sessions, locks, break-glass) can be
// crossed without sleeping.
//
// Thread safety: a TestServer and its fixture calls belong to the test's
// thread; Client objects may each be used by one thread at a time (so a test
// of concurrency makes one Client per thread).
#ifndef SAFEGUARD_TESTS_SERVER_HARNESS_H_
#define SAFEGUARD_TESTS_SERVER_HARNESS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "access/accounts.h"
#include "access/actor.h"
#include "access/gate.h"
#include "api/app.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/code_lists.h"
#include "core/date.h"
#include "journey/journey.h"
#include "places/postcode_directory.h"
#include "store/database.h"

namespace sg::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A response as the client received it.
struct HttpResult {
  int status = 0;      // 0: no response (the connection failed or closed early)
  HeaderList headers;  // names lower-case, in the order received
  std::string body;

  // The first header of that name (any case), or "" when absent.
  std::string Header(std::string_view name) const;
  // Every header of that name, e.g. several Set-Cookie.
  std::vector<std::string> Headers(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  // The body as JSON; adds a test failure (and returns null) when it is not JSON.
  nlohmann::json json() const;
};

// One caller, like one browser tab or one integration.
//
// Automatic headers, each left out when the request's own `headers` name the
// same header (so a test can send a wrong or empty one):
//   Cookie: __Host-sg_session=<token>    once SignIn succeeded (until SignOut/ForgetSession)
//   X-CSRF-Token: <token>                on POST/PUT/PATCH/DELETE, when signed in and send_csrf
//   Authorization: Bearer <token>        after UseBearer
//   Origin: <origin>                     when set_origin was given one
//   Content-Type: application/json       for the JSON overloads
class Client {
 public:
  explicit Client(uint16_t port);

  HttpResult Get(std::string_view target, const HeaderList& headers = {});
  HttpResult Delete(std::string_view target, const HeaderList& headers = {});
  HttpResult Post(std::string_view target, const nlohmann::json& body,
                  const HeaderList& headers = {});
  HttpResult Put(std::string_view target, const nlohmann::json& body,
                 const HeaderList& headers = {});
  HttpResult Patch(std::string_view target, const nlohmann::json& body,
                   const HeaderList& headers = {});
  // A body sent exactly as given (malformed JSON, XML uploads, CSV).
  HttpResult PostText(std::string_view target, std::string body, std::string_view content_type,
                      const HeaderList& headers = {});
  // Any method, with the automatic headers; body as given (no Content-Type
  // unless in `headers`).
  HttpResult Send(std::string_view method, std::string_view target, std::string body,
                  const HeaderList& headers = {});
  // Bytes written to the socket exactly as given (no automatic headers); the
  // response read until the server closes or answers. For malformed requests.
  HttpResult SendRaw(std::string_view bytes);

  // A form as a browser sends it: application/x-www-form-urlencoded, the
  // CSRF token as the form's csrf_token field (not the header) when signed
  // in and `with_csrf`, and the same Origin a browser would send.
  HttpResult PostForm(std::string_view target,
                      const std::vector<std::pair<std::string, std::string>>& fields,
                      bool with_csrf = true);
  // POST /api/v1/session {username, password}; on 201 keeps the session
  // cookie and the CSRF token from the answer.
  HttpResult SignIn(std::string_view username, std::string_view password);
  // DELETE /api/v1/session, then forgets the session either way.
  HttpResult SignOut();
  void ForgetSession();
  // Every later request carries "Authorization: Bearer <token>".
  void UseBearer(std::string token) { bearer_ = std::move(token); }

  const std::string& session_token() const { return session_token_; }
  const std::string& csrf_token() const { return csrf_token_; }
  void set_session_token(std::string token) { session_token_ = std::move(token); }
  void set_csrf_token(std::string token) { csrf_token_ = std::move(token); }
  void set_send_csrf(bool send) { send_csrf_ = send; }
  void set_origin(std::optional<std::string> origin) { origin_ = std::move(origin); }
  uint16_t port() const { return port_; }

 private:
  HttpResult Exchange(std::string_view method, std::string_view target, std::string body,
                      HeaderList headers);

  uint16_t port_;
  std::string session_token_;
  std::string csrf_token_;
  std::string bearer_;
  std::optional<std::string> origin_;
  bool send_csrf_ = true;
};

// Polls GET `location` (an /api/v1/jobs/{id} address) until the job has
// succeeded or failed, and answers its last state. Bounded: a job that
// never ends (or a status other than 200) fails the test and answers null,
// rather than hang it.
nlohmann::json WaitForJob(Client& client, const std::string& location);

// The password every harness user has unless a test gives another. It meets
// the password policy.
inline constexpr std::string_view kTestPassword = "Harness-passw0rd-for-tests";

struct TestUser {
  int64_t id = 0;
  std::string username;
  std::string password;
  access::Role role = access::Role::kSocialWorker;
  int64_t team_id = 0;
  std::optional<int64_t> worker_id;  // the worker involvements name, when the user has one
};

// The standard cast, made before the server starts.
struct StandardTeams {
  int64_t assessment = 0;     // LA-CSC "Assessment Team 1"
  int64_t front_door = 0;     // LA-CSC "Front Door (ChECS)"
  int64_t business_unit = 0;  // LA-CSC "Partnership Business Unit"
  int64_t police = 0;         // POLICE "Public Protection Unit"
  int64_t hospital = 0;       // MCHFT "Safeguarding Children Team"
  int64_t school = 0;         // SCHOOLS "Wistaston Primary School"
};
struct StandardUsers {
  TestUser social_worker;  // "socialworker", assessment team, with a worker
  TestUser manager;        // "manager", team manager of the assessment team
  TestUser front_door;     // "frontdoor", front-door practitioner
  TestUser police;         // "police.officer", partner practitioner, police team, with a worker
  TestUser health;         // "health", partner practitioner, hospital team, with a worker
  TestUser school;         // "school", designated safeguarding lead, school team, with a worker
  TestUser analyst;        // "analyst", partnership analyst, business unit
  TestUser auditor;        // "auditor", business unit
  TestUser admin;          // "admin", administrator, business unit
};

struct HarnessOptions {
  core::Date today = core::Date::FromYmd(2025, 6, 2);  // the clock starts at 09:00 UTC
  size_t max_body_bytes = 1024 * 1024;
  size_t max_batch = 256;
  int io_threads = 2;
  // Extra allowed origins; the server's own http://127.0.0.1:<port> is
  // always allowed.
  std::vector<std::string> origins;
  access::AccountsOptions accounts;  // cost is forced to HashCost::kMinimum
  // For the care commands' placement look-ups (not owned; may be null).
  const places::PostcodeDirectory* postcodes = nullptr;
  std::string authority;  // ONS code of the responsible authority
  // Routes a test adds beside every route of the API (tests of App itself).
  std::function<void(api::RouteTable&)> extra_routes;
};

// A clock a test moves by hand; safe to read from the server's threads.
class HarnessClock final : public core::Clock {
 public:
  explicit HarnessClock(int64_t unix_seconds) : now_(unix_seconds) {}
  core::Date Today() const override;
  std::string NowUtc() const override;
  int64_t NowUnixSeconds() const override { return now_.load(); }
  void Advance(std::chrono::seconds by) { now_ += by.count(); }

 private:
  std::atomic<int64_t> now_;
};

class TestServer {
 public:
  // Builds the database and the standard cast, starts the server. A failure
  // adds a test failure and leaves ok() false: tests ASSERT_TRUE(server.ok()).
  explicit TestServer(HarnessOptions options = {});
  ~TestServer();  // stops the server, drains the App, removes the directory
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  bool ok() const { return running_; }
  uint16_t port() const { return port_; }
  std::string origin() const;  // "http://127.0.0.1:<port>"
  Client NewClient() const { return Client(port_); }
  // A client already signed in as `user` (a test failure when sign-in fails).
  Client SignedIn(const TestUser& user) const;

  const StandardTeams& teams() const { return teams_; }
  const StandardUsers& users() const { return users_; }

  // Time.
  core::Date today() const { return clock_.Today(); }
  void AdvanceClock(std::chrono::seconds by) { clock_.Advance(by); }
  const core::Clock& clock() const { return clock_; }

  // Fixtures, through the real modules as Actor::System("test"). Each fails
  // the test (ADD_FAILURE) and returns 0 when the module refuses.
  int64_t AddTeam(std::string_view agency_code, std::string_view name);
  int64_t AddWorker(int64_t team_id, std::string_view name);
  // A user with a role in a team; with_worker gives them a worker in that team.
  TestUser AddUser(std::string_view username, access::Role role, int64_t team_id,
                   bool with_worker = true, bool must_change_password = false,
                   std::string_view password = kTestPassword);
  // A child born `birth_date` (default: ten years before today).
  int64_t AddChild(std::string_view forename, std::string_view surname,
                   std::optional<core::Date> birth_date = std::nullopt,
                   std::string_view la_child_id = "");
  // Journey::Allocate: the council team (and worker) working with the child
  // from `start` (default: today); ends earlier allocations.
  int64_t Allocate(int64_t person_id, int64_t team_id, std::optional<int64_t> worker_id,
                   std::optional<core::Date> start = std::nullopt);
  // Journey::Involve: a partner team's involvement (does not end others).
  int64_t Involve(int64_t person_id, int64_t team_id, std::optional<int64_t> worker_id,
                  std::optional<core::Date> start = std::nullopt,
                  std::string_view lawful_basis =
                      "public task: Children Act 1989 s.47 enquiries (UK GDPR 6(1)(e))");
  // A chronology note; with a classification it is written by a system actor
  // of the owning agency (police-restricted: POLICE), as the program would.
  int64_t AddNote(int64_t person_id, std::string_view summary, std::string_view classification = "",
                  std::optional<core::Date> date = std::nullopt);
  int64_t AddPoliceRestrictedNote(int64_t person_id, std::string_view summary) {
    return AddNote(person_id, summary, "police-restricted");
  }
  // An API token for `username` with `scopes`; the token text.
  std::string IssueToken(std::string_view username, const std::vector<std::string>& scopes);
  void DisableUser(std::string_view username);

  // Inspection. CountRows takes a table name of [a-z0-9_] only.
  int64_t CountRows(std::string_view table);
  int64_t AuditRows() { return CountRows("audit_log"); }
  std::vector<std::string> AccessLog() const;  // the server's access-log lines so far

  // The test thread's own connection and modules, for anything else.
  store::Database& db() { return *db_; }
  access::Gate& gate() { return *gate_; }
  journey::Journey& journey() { return *journey_; }
  access::Accounts& accounts() { return *accounts_; }
  const access::Actor& system_actor() const { return system_; }
  const std::string& database_path() const { return database_path_; }
  const std::string& directory() const { return directory_; }

  // Stops the server and drains the App (the destructor does it too).
  void Stop();

 private:
  struct Running;
  bool BuildCast();
  bool StartServer(const HarnessOptions& options);

  HarnessClock clock_;
  std::string directory_;
  std::string database_path_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<access::Gate> gate_;
  std::unique_ptr<journey::Journey> journey_;
  std::unique_ptr<access::Accounts> accounts_;
  access::Actor system_;
  StandardTeams teams_;
  StandardUsers users_;
  mutable std::mutex log_mu_;
  std::vector<std::string> access_log_;
  std::unique_ptr<Running> running_state_;
  uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace sg::testing

#endif  // SAFEGUARD_TESTS_SERVER_HARNESS_H_
