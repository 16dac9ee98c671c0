#include "api/app.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <utility>

#include "access/checkpoint.h"
#include "api/jobs.h"
#include "http/form.h"

namespace sg::api {
namespace {

using core::Code;

// Checkpoint the audit log after this many new rows or this long, whichever
// comes first (and once more at shutdown).
constexpr int64_t kCheckpointRows = 10'000;
constexpr std::chrono::seconds kCheckpointEvery{60};

// A request on its way through the App's threads.
struct Pending {
  http::Request request;
  http::Handler::Respond respond;
  const Route* route = nullptr;
  http::PathParams params;
  std::string pattern;
  std::optional<std::string> hashing_result;
};

// What one thread (the database thread, each hashing-pool thread) owns: a
// connection and the modules built on it.
struct Modules {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<access::Gate> gate;
  std::unique_ptr<journey::Journey> journey;
  std::unique_ptr<access::Accounts> accounts;
};

void Log(std::string_view line) {
  std::fprintf(stderr, "safeguard: %.*s\n", static_cast<int>(line.size()), line.data());
}

bool ChangesState(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// The routes a user who must change their password may still call.
bool AllowedBeforePasswordChange(std::string_view method, std::string_view pattern) {
  if (pattern == "/api/v1/session") return method == "GET" || method == "DELETE";
  return pattern == "/api/v1/session/password" && method == "POST";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

http::Response Internal() {
  return http::Problem(500, "internal",
                       "an internal error stopped this request; nothing it did was saved");
}

// Sends a response exactly once. Every 401 says how to authenticate
// (RFC 9110 11.6.1), whichever way the caller tried.
void Deliver(Pending& pending, http::Response response) {
  if (!pending.respond) return;
  if (!pending.pattern.empty()) response.SetHeader("X-Route", pending.pattern);
  if (response.status == 401 && !response.Header("WWW-Authenticate")) {
    response.SetHeader("WWW-Authenticate", "Bearer realm=\"safeguard\"");
  }
  auto respond = std::move(pending.respond);
  pending.respond = nullptr;
  try {
    respond(std::move(response));
  } catch (const std::exception& e) {
    Log(fmt::format("responding failed: {}", e.what()));
  } catch (...) {
    Log("responding failed");
  }
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) {
      return std::nullopt;
    }
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

// The route's answer to an error: its own page, else problem+json.
http::Response Answer(const Pending& pending, const core::Error& error, Refusal refusal) {
  if (pending.route != nullptr && pending.route->error_page) {
    return pending.route->error_page(pending.request, error, refusal);
  }
  return http::Problem(error);
}

// The CSRF token the request carries: the header, or for a form route the
// csrf_token field of its form body.
std::optional<std::string> SentCsrfToken(const Pending& pending) {
  if (auto header = pending.request.Header("x-csrf-token")) return std::string(*header);
  if (!pending.route->csrf_in_form) return std::nullopt;
  auto form = http::Form::Parse(pending.request);
  if (!form || !form->Has("csrf_token")) return std::nullopt;
  return form->Get("csrf_token");
}

const core::Error& Forged() {
  static const core::Error error(
      Code::kPermissionDenied,
      "the request did not come from a Safeguard page (CSRF check failed)");
  return error;
}

}  // namespace

const access::Actor& Call::actor() const {
  return auth->actor;
}

struct App::Impl {
  explicit Impl(AppOptions app_options) : options(std::move(app_options)) {
    clock = options.clock != nullptr ? options.clock : &system_clock;
    calendar =
        options.calendar != nullptr ? options.calendar : &core::WorkingCalendar::EnglandAndWales();
    codes = options.codes != nullptr ? options.codes : &core::CodeLists::Embedded();
    routes = options.routes ? std::move(*options.routes) : AllRoutes();
    options.routes.reset();
    if (options.jobs_directory.empty()) options.jobs_directory = options.database_path + ".jobs";
    if (!options.checkpoints) {
      options.checkpoints = access::CheckpointPaths::Beside(options.database_path);
    }
    if (options.max_batch == 0) options.max_batch = 1;
  }

  // --- I/O thread ---
  void Enqueue(Pending pending, bool hashing);

  // A connection of its own and the modules on it, for one thread.
  core::Result<Modules> Open();

  // --- hashing pool ---
  void HashingLoop(Modules& modules);
  void RunHashingStage(Pending& pending);

  // --- database thread ---
  void DatabaseThread(std::promise<core::Status>& ready);
  void RunBatch(Modules& modules, std::vector<Pending>& batch);
  http::Response RunOne(Modules& modules, Pending& pending);

  // --- either ---
  core::Result<http::Response> Serve(Modules& modules, Pending& pending);
  std::optional<http::Response> CheckCaller(access::Accounts& accounts, const Pending& pending,
                                            std::optional<access::Authenticated>& auth);
  std::optional<http::Response> CheckCsrf(const Pending& pending,
                                          const access::Authenticated& auth) const;
  bool OriginAllowed(const http::Request& request) const;

  AppOptions options;
  RouteTable routes;
  core::SystemClock system_clock;
  const core::Clock* clock = nullptr;
  const core::WorkingCalendar* calendar = nullptr;
  const core::CodeLists* codes = nullptr;
  std::unique_ptr<Jobs> jobs;

  // Both queues share one lock: a request moves from one to the other, and
  // Drain must see both at once to know when nothing is left.
  std::mutex mu;
  std::condition_variable db_cv;
  std::condition_variable hashing_cv;
  std::deque<Pending> queue;          // for the database thread
  std::deque<Pending> hashing_queue;  // for the hashing pool
  bool draining = false;              // Handle refuses new work
  bool hashing_stop = false;          // the pool ends when its queue is empty
  bool db_stop = false;               // the database thread ends when its queue is empty

  std::thread db_thread;
  std::vector<std::thread> hashing_threads;
  std::once_flag drained;
};

core::Result<Modules> App::Impl::Open() {
  Modules modules;
  SG_ASSIGN_OR_RETURN(modules.db,
                      store::OpenSqlite(options.database_path, store::OpenMode::kMustExist));
  modules.gate = std::make_unique<access::Gate>(*modules.db, *clock);
  modules.journey = std::make_unique<journey::Journey>(
      *modules.gate, *calendar, *codes,
      journey::PlacementLookup{options.postcodes, options.authority});
  modules.accounts = std::make_unique<access::Accounts>(*modules.db, *clock, options.accounts);
  return modules;
}

void App::Impl::Enqueue(Pending pending, bool hashing) {
  std::unique_lock lock(mu);
  if (draining) {
    lock.unlock();
    Deliver(pending, http::Problem(503, "unavailable", "the server is shutting down; try again"));
    return;
  }
  if (queue.size() + hashing_queue.size() >= options.max_queued) {
    lock.unlock();
    http::Response busy =
        http::Problem(503, "unavailable", "the server is too busy to take this request; try again");
    busy.SetHeader("Retry-After", "1");
    Deliver(pending, std::move(busy));
    return;
  }
  if (hashing) {
    hashing_queue.push_back(std::move(pending));
    lock.unlock();
    hashing_cv.notify_one();
  } else {
    queue.push_back(std::move(pending));
    lock.unlock();
    db_cv.notify_one();
  }
}

void App::Impl::HashingLoop(Modules& modules) {
  for (;;) {
    Pending pending;
    {
      std::unique_lock lock(mu);
      hashing_cv.wait(lock, [&] { return !hashing_queue.empty() || hashing_stop; });
      if (hashing_queue.empty()) return;
      pending = std::move(hashing_queue.front());
      hashing_queue.pop_front();
    }
    if (pending.route->placement == Placement::kHashingPool) {
      // No transaction around it: the Accounts calls commit their own
      // short writes after hashing, so the write lock is never held while
      // Argon2id runs.
      http::Response response;
      try {
        core::Result<http::Response> served = Serve(modules, pending);
        response = served ? std::move(*served) : Answer(pending, served.error(), Refusal::kNone);
      } catch (...) {
        // Serve catches what handlers throw; this is authentication itself.
        response = Internal();
      }
      Deliver(pending, std::move(response));
    } else {
      RunHashingStage(pending);
    }
  }
}

void App::Impl::RunHashingStage(Pending& pending) {
  core::Result<std::string> result = core::Fail(Code::kInternal, "no hashing stage");
  try {
    if (pending.route->hashing) result = pending.route->hashing(pending.request);
  } catch (const std::exception& e) {
    Log(fmt::format("hashing stage of {} threw: {}", pending.pattern, e.what()));
    Deliver(pending, Internal());
    return;
  } catch (...) {
    Log(fmt::format("hashing stage of {} threw", pending.pattern));
    Deliver(pending, Internal());
    return;
  }
  if (!result) {
    Deliver(pending, http::Problem(result.error()));
    return;
  }
  pending.hashing_result = std::move(*result);
  {
    // Past the draining check on purpose: work already taken is finished.
    std::lock_guard lock(mu);
    queue.push_back(std::move(pending));
  }
  db_cv.notify_one();
}

void App::Impl::DatabaseThread(std::promise<core::Status>& ready) {
  core::Result<Modules> opened = Open();
  if (!opened) {
    ready.set_value(std::unexpected(opened.error()));
    return;
  }
  Modules& modules = *opened;
  access::Checkpointer checkpointer(*options.checkpoints, *clock);
  ready.set_value({});  // `ready` may be gone from here on

  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mu);
      db_cv.wait(lock, [&] { return !queue.empty() || db_stop; });
      if (queue.empty()) break;
      while (!queue.empty() && batch.size() < options.max_batch) {
        batch.push_back(std::move(queue.front()));
        queue.pop_front();
      }
    }
    try {
      RunBatch(modules, batch);
    } catch (...) {
      // Deliver answers only those not answered yet: one answer each.
      for (Pending& pending : batch) Deliver(pending, Internal());
    }
    try {
      if (auto written = checkpointer.MaybeWrite(*modules.db, kCheckpointRows, kCheckpointEvery);
          !written) {
        Log(fmt::format("audit checkpoint not written: {}", written.error().message()));
      }
    } catch (const std::exception& e) {
      Log(fmt::format("audit checkpoint not written: {}", e.what()));
    }
  }
  try {
    if (auto written = checkpointer.MaybeWrite(*modules.db, 1, kCheckpointEvery); !written) {
      Log(fmt::format("audit checkpoint not written: {}", written.error().message()));
    }
  } catch (const std::exception& e) {
    Log(fmt::format("audit checkpoint not written: {}", e.what()));
  }
}

// Group commit: one write transaction for the batch, a savepoint for each
// request, and the answers only after the commit, so that nothing is told
// to a client (a child's record, above all) before the audit row of it is
// durable.
void App::Impl::RunBatch(Modules& modules, std::vector<Pending>& batch) {
  std::vector<http::Response> responses(batch.size());
  core::Status committed;
  try {
    committed = modules.db->InTransaction(store::TransactionMode::kWrite, [&]() -> core::Status {
      for (size_t i = 0; i < batch.size(); ++i) responses[i] = RunOne(modules, batch[i]);
      return {};
    });
  } catch (const std::exception& e) {
    Log(fmt::format("a batch failed: {}", e.what()));
    committed = core::Fail(Code::kInternal, "a batch failed");
  } catch (...) {
    committed = core::Fail(Code::kInternal, "a batch failed");
  }
  if (!committed) {
    Log(fmt::format("a batch of {} requests was not saved: {}", batch.size(),
                    committed.error().message()));
    for (auto& response : responses) {
      response = http::Problem(503, "unavailable",
                               "the database could not save this request, so nothing it did "
                               "was kept; try again");
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) Deliver(batch[i], std::move(responses[i]));
}

http::Response App::Impl::RunOne(Modules& modules, Pending& pending) {
  http::Response response;
  core::Status status;
  modules.gate->ForgetRefusals();
  try {
    status = modules.db->InTransaction(store::TransactionMode::kWrite, [&]() -> core::Status {
      core::Result<http::Response> served = Serve(modules, pending);
      if (!served) return std::unexpected(served.error());
      response = std::move(*served);
      return {};
    });
  } catch (...) {
    // Serve catches what handlers throw; this is the database layer itself.
    return Internal();
  }
  if (!status) {
    // The request rolled back, and with it any refusal it met: a refused
    // look stays on the record.
    if (auto kept = modules.gate->RecordRefusalsAgain(); !kept) {
      Log(fmt::format("a refusal could not be recorded: {}", kept.error().message()));
    }
    response = Answer(pending, status.error(), Refusal::kNone);
  }
  return response;
}

core::Result<http::Response> App::Impl::Serve(Modules& modules, Pending& pending) {
  std::optional<access::Authenticated> auth;
  if (auto refused = CheckCaller(*modules.accounts, pending, auth)) return std::move(*refused);
  Call call{pending.request,
            pending.params,
            auth ? &*auth : nullptr,
            *modules.db,
            *modules.gate,
            *modules.journey,
            *modules.accounts,
            *clock,
            *calendar,
            *codes,
            *jobs,
            pending.hashing_result ? &*pending.hashing_result : nullptr};
  try {
    return pending.route->handler(call);
  } catch (const std::exception& e) {
    Log(fmt::format("the handler of {} {} threw: {}", pending.request.method, pending.pattern,
                    e.what()));
  } catch (...) {
    Log(fmt::format("the handler of {} {} threw", pending.request.method, pending.pattern));
  }
  return core::Fail(Code::kInternal,
                    "an internal error stopped this request; nothing it did was saved");
}

bool App::Impl::OriginAllowed(const http::Request& request) const {
  auto origin = request.Header("origin");
  if (!origin) return true;
  for (const auto& allowed : options.origins) {
    if (*origin == allowed) return true;
  }
  return false;
}

std::optional<http::Response> App::Impl::CheckCsrf(const Pending& pending,
                                                   const access::Authenticated& auth) const {
  if (!ChangesState(pending.request.method)) return std::nullopt;
  auto sent = SentCsrfToken(pending);
  if (!sent || !SameSecret(*sent, auth.csrf_token) || !OriginAllowed(pending.request)) {
    return Answer(pending, Forged(), Refusal::kForged);
  }
  return std::nullopt;
}

// Who is calling, before any handler runs: nullopt to go on (with `auth`
// set for a signed-in caller), or the refusal to send.
std::optional<http::Response> App::Impl::CheckCaller(access::Accounts& accounts,
                                                     const Pending& pending,
                                                     std::optional<access::Authenticated>& auth) {
  const http::Request& request = pending.request;
  const Route& route = *pending.route;
  auto refuse = [&](Code code, std::string message, Refusal refusal) {
    return Answer(pending, core::Error(code, std::move(message)), refusal);
  };
  if (route.auth == Auth::kNone) {
    // Nobody is signed in yet, but a page of another site must not sign a
    // browser in to an account of its choosing (login CSRF).
    if (ChangesState(request.method) && !OriginAllowed(request)) {
      return Answer(pending, Forged(), Refusal::kForged);
    }
    return std::nullopt;
  }
  if (route.auth == Auth::kOptional) {
    if (ChangesState(request.method) && !OriginAllowed(request)) {
      return Answer(pending, Forged(), Refusal::kForged);
    }
    if (auto cookie = request.Cookie(kSessionCookie); cookie && !cookie->empty()) {
      if (auto checked = accounts.Authenticate(*cookie)) auth = std::move(*checked);
    }
    return std::nullopt;
  }
  if (auto authorization = request.Header("authorization")) {
    auto token = BearerToken(*authorization);
    if (!token) {
      return refuse(Code::kUnauthenticated,
                    "the Authorization header must carry an API token as \"Bearer sgt_...\"",
                    Refusal::kNotSignedIn);
    }
    auto checked = accounts.AuthenticateToken(*token);
    if (!checked) return Answer(pending, checked.error(), Refusal::kNotSignedIn);
    bool scoped = false;
    for (const auto& scope : checked->scopes) scoped = scoped || scope == route.scope;
    if (!scoped) {
      return refuse(Code::kPermissionDenied,
                    fmt::format("this API token lacks the '{}' scope this call needs", route.scope),
                    Refusal::kOther);
    }
    auth = std::move(*checked);
  } else if (auto cookie = request.Cookie(kSessionCookie); cookie && !cookie->empty()) {
    auto checked = accounts.Authenticate(*cookie);
    if (!checked) return Answer(pending, checked.error(), Refusal::kNotSignedIn);
    if (auto refused = CheckCsrf(pending, *checked)) return refused;
    auth = std::move(*checked);
  } else {
    return refuse(Code::kUnauthenticated,
                  "sign in first: this call needs a session or an API token",
                  Refusal::kNotSignedIn);
  }
  if (auth->user.must_change_password &&
      !AllowedBeforePasswordChange(request.method, pending.pattern) &&
      !route.allowed_before_password_change) {
    return refuse(Code::kPermissionDenied,
                  "change your password first (POST /api/v1/session/password)",
                  Refusal::kMustChangePassword);
  }
  return std::nullopt;
}

core::Result<std::unique_ptr<App>> App::Start(AppOptions options) {
  std::unique_ptr<App> app(new App());
  app->impl_ = std::make_unique<Impl>(std::move(options));
  Impl& impl = *app->impl_;
  impl.jobs =
      std::make_unique<Jobs>(impl.options.database_path, impl.options.jobs_directory, *impl.clock);
  std::promise<core::Status> ready;
  auto started = ready.get_future();
  impl.db_thread = std::thread([&impl, &ready] { impl.DatabaseThread(ready); });
  core::Status status = started.get();
  if (!status) {
    impl.db_thread.join();
    impl.draining = true;
    return std::unexpected(status.error());
  }
  for (int i = 0; i < std::max(1, impl.options.hashing_threads); ++i) {
    core::Result<Modules> modules = impl.Open();
    if (!modules) return std::unexpected(modules.error());  // ~App stops the rest
    impl.hashing_threads.emplace_back([&impl, owned = std::make_shared<Modules>(std::move(
                                                  *modules))] { impl.HashingLoop(*owned); });
  }
  return app;
}

App::~App() {
  if (impl_) Drain();
}

void App::Handle(http::Request request, Respond respond) {
  Pending pending;
  pending.respond = std::move(respond);
  // HEAD is GET without the body (the server drops it).
  // (Not a ?: of "GET" and request.method: that makes a temporary string the
  // view would outlive.)
  std::string_view method = request.method;
  if (method == "HEAD") method = "GET";
  auto match = impl_->routes.Find(method, request.path);
  if (match.handler == nullptr) {
    if (match.allowed.empty()) {
      const core::Error nothing(Code::kNotFound, "there is nothing at this address");
      const bool page = !request.path.starts_with("/api/") && impl_->options.page_not_found;
      Deliver(pending, page ? impl_->options.page_not_found(request, nothing, Refusal::kNone)
                            : http::Problem(nothing));
      return;
    }
    http::Response wrong = http::Problem(
        405, "method_not_allowed",
        fmt::format("this address does not take that method; it takes {}", Join(match.allowed)));
    wrong.SetHeader("Allow", Join(match.allowed));
    pending.pattern = match.pattern;
    Deliver(pending, std::move(wrong));
    return;
  }
  pending.route = match.handler;
  pending.pattern = std::move(match.pattern);
  pending.params = std::move(match.params);
  if (pending.route->placement == Placement::kInline) {
    http::Response response;
    try {
      response =
          pending.route->inline_handler ? pending.route->inline_handler(request) : Internal();
    } catch (...) {
      response = Internal();
    }
    Deliver(pending, std::move(response));
    return;
  }
  pending.request = std::move(request);
  const bool hashing = pending.route->placement == Placement::kHashing ||
                       pending.route->placement == Placement::kHashingPool;
  impl_->Enqueue(std::move(pending), hashing);
}

void App::Drain() {
  Impl& impl = *impl_;
  std::call_once(impl.drained, [&impl] {
    {
      std::lock_guard lock(impl.mu);
      impl.draining = true;
      impl.hashing_stop = true;
    }
    impl.hashing_cv.notify_all();
    for (auto& thread : impl.hashing_threads) {
      if (thread.joinable()) thread.join();
    }
    {
      std::lock_guard lock(impl.mu);
      impl.db_stop = true;
    }
    impl.db_cv.notify_all();
    if (impl.db_thread.joinable()) impl.db_thread.join();
    impl.jobs.reset();
  });
}

}  // namespace sg::api
