// App: the JSON API under /api/v1/, as an http::Handler.
//
// Design. The server's I/O threads never touch the database. App routes each
// request on the I/O thread and sends its work to where it belongs:
//
//   * kInline: answered at once on the I/O thread (/healthz, the OpenAPI
//     document): no database, no blocking.
//   * kDatabase: queued for the database thread. That one thread owns the
//     write connection (SQLite allows one writer; two threads taking turns
//     on its lock only add waiting) and runs requests in *group commit*:
//     it takes every request queued (up to max_batch), opens one write
//     transaction, runs each request in its own savepoint (a request that
//     fails rolls back its savepoint alone), commits once, and only then
//     answers them all. A child's record is never returned before the audit
//     row of that read is durable in the same commit; the commit cost is
//     shared by the batch, which is what lets every read be audited at
//     thousands of requests a second.
//   * kHashing: work whose Argon2id stage (~50 ms, 64 MiB) runs on a small
//     pool of its own before the database step, so that it never stalls
//     the database thread; the stage sees only the request.
//   * kHashingPool: sign-in and password changes. Accounts::SignIn and
//     ChangePassword hash and then commit a short write of their own, so
//     the whole request runs on a hashing-pool thread with a connection of
//     its own, outside group commit (see Route::placement).
//   * Jobs (imports, reports): a job thread with its own connection;
//     clients poll /api/v1/jobs/{id} for progress (jobs.h).
//
// Authentication happens before the handler runs, on the thread that runs
// it (the database thread; a hashing-pool thread for kHashingPool): the
// __Host-sg_session cookie (browser) or an "Authorization: Bearer" API token
// (integrations). For a cookie-authenticated request that changes anything
// (POST, PUT, PATCH, DELETE) the X-CSRF-Token header must equal the
// session's token and the Origin header, when present, must be one of
// AppOptions::origins; otherwise 403 before any handler runs.
//
// Every handler returns Result<Response>; an Error becomes problem+json
// through http::Problem, the one mapping from canonical code to status.
#ifndef SAFEGUARD_API_APP_H_
#define SAFEGUARD_API_APP_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access/accounts.h"
#include "access/checkpoint.h"
#include "access/gate.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/code_lists.h"
#include "http/message.h"
#include "http/router.h"
#include "http/server.h"
#include "journey/journey.h"
#include "places/postcode_directory.h"
#include "store/database.h"

namespace sg::api {

inline constexpr std::string_view kSessionCookie = "__Host-sg_session";

enum class Placement {
  kInline,    // on the I/O thread, from the request alone (Route::inline_handler)
  kDatabase,  // on the database thread, in a savepoint of a group commit
  kHashing,   // Route::hashing on the hashing pool, then the handler as kDatabase
  // The handler on a hashing-pool thread with that thread's own connection
  // and NO enclosing transaction: each module call it makes must commit on
  // its own (Accounts' calls do). Only for calls that hash passwords.
  kHashingPool,
};
enum class Auth {
  kNone,      // anyone (sign-in, health, the API document)
  kSignedIn,  // a session or an API token
  // Anyone; a valid session cookie makes Call::auth non-null (the sign-in
  // page knows who is already signed in). A bad cookie counts as none.
  kOptional,
};

// Why a request was refused before its handler ran; kNone for an error the
// handler itself returned.
enum class Refusal {
  kNone,
  kNotSignedIn,         // no session or token, or one that has ended
  kForged,              // CSRF token or Origin wrong
  kMustChangePassword,  // signed in, but the password must be changed first
  kOther,               // a token without the scope, and the like
};

class Jobs;

// What a handler on the database thread has to hand. References stay valid
// for the call only.
struct Call {
  const http::Request& request;
  const http::PathParams& params;
  // Set when the route needs a signed-in caller.
  const access::Authenticated* auth = nullptr;
  store::Database& db;
  access::Gate& gate;
  journey::Journey& journey;
  access::Accounts& accounts;
  const core::Clock& clock;
  const core::WorkingCalendar& calendar;
  const core::CodeLists& codes;
  Jobs& jobs;
  // Filled by kHashing routes' first stage, read by their database stage.
  const std::string* hashing_result = nullptr;

  const access::Actor& actor() const;  // REQUIRES auth
};

// A handler's Error becomes problem+json and rolls back the request's
// savepoint. A handler that must keep what it wrote while answering with an
// error (a failed sign-in counts toward the account's lock) returns the
// problem Response as a value instead: a Response always commits.
using HandlerFn = std::function<core::Result<http::Response>(Call&)>;
// A kInline route: answered on the I/O thread from the request alone.
using InlineFn = std::function<http::Response(const http::Request&)>;
// The first stage of a kHashing route: runs on the hashing pool with only
// the request; its string result reaches the database stage.
using HashingFn = std::function<core::Result<std::string>(const http::Request&)>;
// How a route answers an error: a refusal before its handler ran, or an
// Error its handler returned (after the request's savepoint rolled back).
// Unset: problem+json (http::Problem). The pages set it to answer in HTML.
using ErrorPageFn =
    std::function<http::Response(const http::Request&, const core::Error&, Refusal)>;

struct Route {
  Placement placement = Placement::kDatabase;
  Auth auth = Auth::kSignedIn;
  HandlerFn handler;
  HashingFn hashing;        // kHashing only
  InlineFn inline_handler;  // kInline only (`handler` is not used)
  // An API token needs this scope to call the route ("read", "write",
  // "returns", "indicators", "admin"); sessions are not scoped.
  std::string scope = "read";
  ErrorPageFn error_page;
  // A form's changes carry the CSRF token as the csrf_token field of an
  // application/x-www-form-urlencoded or multipart/form-data body (pages);
  // otherwise only the X-CSRF-Token header counts (the API).
  bool csrf_in_form = false;
  // A user who must change their password may still call it (the pages
  // that change it, sign out).
  bool allowed_before_password_change = false;
};

using RouteTable = http::Router<Route>;

// Each file of routes adds its own (routes_*.cc).
void AddSessionRoutes(RouteTable& routes);
void AddChildRoutes(RouteTable& routes);
void AddJourneyRoutes(RouteTable& routes);
void AddWorkRoutes(RouteTable& routes);   // work tray, missed timescales, indicators, scorecard
void AddJobRoutes(RouteTable& routes);    // imports and the annual report as jobs
void AddAdminRoutes(RouteTable& routes);  // agencies, teams, workers, users, involvements, tokens
void AddMetaRoutes(RouteTable& routes);   // /healthz, /api/v1/openapi.json
// Every route of the API, as the server mounts them.
RouteTable AllRoutes();
// The common route: on the database thread, signed in, needing `scope` of an
// API token.
Route DatabaseRoute(HandlerFn handler, std::string scope);

// The OpenAPI document: base.json with every area's fragment merged in
// (routes_meta.cc); built once. kInternal when a fragment is not valid JSON.
core::Result<std::string> OpenApiDocument();

struct AppOptions {
  std::string database_path;
  std::vector<std::string> origins;  // allowed Origin values, e.g. "http://127.0.0.1:8080"
  access::AccountsOptions accounts;
  size_t max_batch = 256;
  int hashing_threads = 1;
  // Where job results (report files) are written; default DATABASE.jobs.
  std::string jobs_directory;
  // Where postcodes are looked up for placements; may be null.
  const places::PostcodeDirectory* postcodes = nullptr;
  std::string authority;               // ONS code of the responsible authority, for IN/OUT
  const core::Clock* clock = nullptr;  // default: the system clock
  // Default: WorkingCalendar::EnglandAndWales() and CodeLists::Embedded().
  const core::WorkingCalendar* calendar = nullptr;
  const core::CodeLists* codes = nullptr;
  // Where the audit log's signed checkpoints go; default beside the database.
  std::optional<access::CheckpointPaths> checkpoints;
  // Requests waiting for the database thread beyond this get 503 at once,
  // so that overload sheds work instead of growing the queue without bound.
  size_t max_queued = 10'000;
  // How an address outside /api/ that no route serves is answered (a
  // browser's mistyped page: the pages' "Page not found"); default
  // problem+json, as under /api/.
  ErrorPageFn page_not_found;
  // The routes to serve; default AllRoutes(). Tests of App itself give a
  // table of their own.
  std::optional<RouteTable> routes;
};

class App final : public http::Handler {
 public:
  // Opens the database (must exist) on the database thread and starts it.
  static core::Result<std::unique_ptr<App>> Start(AppOptions options);
  ~App() override;  // drains the queue, stops the threads

  void Handle(http::Request request, Respond respond) override;

  // Blocks until queued work is done and stops taking more (graceful
  // shutdown, after the server stops accepting).
  void Drain();

 private:
  App() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sg::api

#endif  // SAFEGUARD_API_APP_H_
