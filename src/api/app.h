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
//   * kHashing: sign-in and password changes, whose Argon2id work (~50 ms,
//     64 MiB) runs on a small pool of its own before the database step, so
//     that it never stalls the database thread.
//   * Jobs (imports, reports): a job thread with its own connection;
//     clients poll /api/v1/jobs/{id} for progress (jobs.h).
//
// Authentication happens on the database thread before the handler runs:
// the __Host-sg_session cookie (browser) or an "Authorization: Bearer"
// API token (integrations). For a cookie-authenticated request that changes
// anything (POST, PUT, PATCH, DELETE) the X-CSRF-Token header must equal the
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

enum class Placement { kInline, kDatabase, kHashing };
enum class Auth {
  kNone,      // anyone (sign-in, health, the API document)
  kSignedIn,  // a session or an API token
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

using HandlerFn = std::function<core::Result<http::Response>(Call&)>;
// The first stage of a kHashing route: runs on the hashing pool with only
// the request; its string result reaches the database stage.
using HashingFn = std::function<core::Result<std::string>(const http::Request&)>;

struct Route {
  Placement placement = Placement::kDatabase;
  Auth auth = Auth::kSignedIn;
  HandlerFn handler;
  HashingFn hashing;  // kHashing only
  // An API token needs this scope to call the route ("read", "write",
  // "returns", "indicators", "admin"); sessions are not scoped.
  std::string scope = "read";
};

using RouteTable = http::Router<Route>;

// Each file of routes adds its own (routes_*.cc).
void AddSessionRoutes(RouteTable& routes);
void AddChildRoutes(RouteTable& routes);
void AddJourneyRoutes(RouteTable& routes);
void AddWorkRoutes(RouteTable& routes);   // work tray, missed timescales, indicators, jobs
void AddAdminRoutes(RouteTable& routes);  // agencies, teams, workers, users, involvements, tokens
void AddMetaRoutes(RouteTable& routes);   // /healthz, /api/v1/openapi.json
// Every route of the API, as the server mounts them.
RouteTable AllRoutes();

struct AppOptions {
  std::string database_path;
  std::vector<std::string> origins;  // allowed Origin values, e.g. "http://127.0.0.1:8080"
  access::AccountsOptions accounts;
  size_t max_batch = 256;
  int hashing_threads = 1;
  std::string jobs_directory;  // where job results (report files) are written
  // Where postcodes are looked up for placements; may be null.
  const places::PostcodeDirectory* postcodes = nullptr;
  std::string authority;  // ONS code of the responsible authority, for IN/OUT
  const core::Clock* clock = nullptr;  // default: the system clock
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
