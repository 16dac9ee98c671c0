#include "http/server.h"

// clang-format off
// Asio 1.74's awaitable.hpp uses std::exchange without including <utility>,
// so <utility> comes before any Asio header.
#include <utility>
// clang-format on

#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "http/router.h"

namespace sg::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// After an error answer the client may still be sending the body we refused.
// Closing at once would make the kernel reset the connection and the client
// could lose our answer, so we read and discard for a short, bounded while.
constexpr std::chrono::milliseconds kLingerTime{1000};
constexpr size_t kLingerBytes = 1024 * 1024;

auto Await(ErrorCode& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

// Beast 1.74 speaks boost::string_view.
std::string_view View(beast::string_view text) {
  return {text.data(), text.size()};
}
beast::string_view BeastView(std::string_view text) {
  return {text.data(), text.size()};
}

uint64_t SeedFromDevice() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

// Request ids need to be unique enough to find a line in a log, not secret.
std::string NewRequestId() {
  thread_local core::Random random(SeedFromDevice());
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random.Next()));
  return text;
}

std::string UtcNowWithMillis() {
  auto now = std::chrono::system_clock::now();
  int64_t millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];  // room for any int the format could meet, to satisfy -Wformat-truncation
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis % 1000));
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A handler's header that would break the message's framing (a CR or LF
// in a value splits the response) is a bug; the server answers 500 instead.
bool ValidHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsTokenChar(c)) return false;
  }
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// The server owns message framing and connection management.
bool IsFramingHeader(std::string_view lower_name) {
  return lower_name == "content-length" || lower_name == "transfer-encoding" ||
         lower_name == "connection" || lower_name == "keep-alive" || lower_name == "upgrade";
}

// Decodes the path of a request target. It refuses what could walk out of
// a directory or hide a separator from the router: an encoded slash, a "."
// or ".." segment (also when encoded), a NUL, a malformed escape.
std::optional<std::string> DecodePath(std::string_view raw) {
  if (raw.empty() || raw.front() != '/') return std::nullopt;
  for (size_t i = 0; i + 2 < raw.size(); ++i) {
    if (raw[i] == '%' && raw[i + 1] == '2' && (raw[i + 2] == 'f' || raw[i + 2] == 'F')) {
      return std::nullopt;
    }
  }
  std::optional<std::string> path = PercentDecode(raw, /*plus_is_space=*/false);
  if (!path) return std::nullopt;
  for (std::string_view segment : SplitPath(*path)) {
    if (segment == "." || segment == "..") return std::nullopt;
  }
  return path;
}

bool ParseQuery(std::string_view raw, std::multimap<std::string, std::string>& query) {
  while (!raw.empty()) {
    size_t amp = raw.find('&');
    std::string_view pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq), /*plus_is_space=*/true);
    auto value = PercentDecode(
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!name || !value) return false;
    query.emplace(std::move(*name), std::move(*value));
  }
  return true;
}

// Fills path and query from the target; a Problem when either is invalid.
std::optional<Response> ConvertTarget(Request& request) {
  std::string_view target = request.target;
  size_t question = target.find('?');
  std::optional<std::string> path = DecodePath(target.substr(0, question));
  if (!path) return Problem(400, "invalid_argument", "the path is not valid");
  request.path = std::move(*path);
  if (question != std::string_view::npos &&
      !ParseQuery(target.substr(question + 1), request.query)) {
    return Problem(400, "invalid_argument", "the query is not valid");
  }
  return std::nullopt;
}

Request ConvertRequest(BeastRequest& message, const std::string& remote_address) {
  Request request;
  request.method = std::string(View(message.method_string()));
  request.target = std::string(View(message.target()));
  for (const auto& field : message) {
    request.headers.emplace_back(Lower(View(field.name_string())),
                                 std::string(View(field.value())));
  }
  request.body = std::move(message.body());
  request.remote_address = remote_address;
  request.request_id = NewRequestId();
  return request;
}

// What the connection needs besides the message to finish a response.
struct Reply {
  int version = 11;
  bool head = false;
  bool keep_alive = true;
  std::string request_id;
};

struct Outgoing {
  BeastResponse message;
  std::string route = "-";
  size_t body_bytes = 0;
};

bool HasNoBody(int status) {
  return status < 200 || status == 204 || status == 304;
}

void SetUnlessPresent(const Response& response, BeastResponse& message, std::string_view name,
                      std::string_view value) {
  if (!response.Header(name)) message.set(BeastView(name), BeastView(value));
}

Outgoing Finish(Response response, const Reply& reply) {
  Outgoing out;
  if (auto route = response.Header("x-route")) out.route = std::string(*route);
  std::erase_if(response.headers,
                [](const auto& header) { return Lower(header.first) == "x-route"; });
  bool valid = response.status >= 100 && response.status <= 599;
  for (const auto& [name, value] : response.headers) valid = valid && ValidHeader(name, value);
  if (!ValidHeader("content-type", response.content_type)) valid = false;
  if (!valid) response = Problem(500, "internal", "the server could not form its answer");

  BeastResponse& message = out.message;
  message.version(reply.version);
  message.result(static_cast<unsigned>(response.status));
  beast::string_view reason = bhttp::obsolete_reason(message.result());
  message.reason(reason == "<unknown-status>" ? beast::string_view() : reason);
  for (const auto& [name, value] : response.headers) {
    std::string lower = Lower(name);
    if (IsFramingHeader(lower)) continue;
    if (lower == "content-type") {
      response.content_type = value;
      continue;
    }
    message.insert(BeastView(name), BeastView(value));
  }
  if (!HasNoBody(response.status) && !response.content_type.empty()) {
    message.set(bhttp::field::content_type, BeastView(response.content_type));
  }
  SetUnlessPresent(response, message, "Content-Security-Policy", kContentSecurityPolicy);
  SetUnlessPresent(response, message, "X-Content-Type-Options", "nosniff");
  SetUnlessPresent(response, message, "X-Frame-Options", "DENY");
  SetUnlessPresent(response, message, "Referrer-Policy", "same-origin");
  SetUnlessPresent(response, message, "Cross-Origin-Opener-Policy", "same-origin");
  SetUnlessPresent(response, message, "Cache-Control", "no-store");
  SetUnlessPresent(response, message, "X-Request-Id", reply.request_id);
  SetUnlessPresent(response, message, "Server", "safeguard");
  if (!HasNoBody(response.status)) {
    message.content_length(response.body.size());
    if (!reply.head) {
      out.body_bytes = response.body.size();
      message.body() = std::move(response.body);
    }
  }
  message.keep_alive(reply.keep_alive);
  return out;
}

// Where a request's answer meets the connection that waits for it. The
// handler may answer from any thread; the connection reads it on its strand.
struct Answer {
  std::mutex mu;
  bool delivered = false;
  // While Handle runs, the connection will look for the answer as soon as
  // it returns, so a respond in that window needs no wake-up.
  bool in_handle = true;
  std::optional<Response> response;
};

// Whether the io_context may still be posted to. A handler may keep its
// `respond` past the server's life; then respond does nothing.
struct Liveness {
  std::shared_mutex mu;
  bool alive = true;
};

class Connection;

// The server proper; Server::Impl holds one.
class Engine {
 public:
  Engine(ServerOptions options, Handler& handler);
  ~Engine();

  core::Status Listen();
  uint16_t port() const { return port_.load(); }
  void Run();
  void Stop();

  const ServerOptions& options() const { return options_; }
  Handler& handler() { return handler_; }
  const std::shared_ptr<Liveness>& liveness() const { return liveness_; }
  bool stopping() const { return stop_requested_.load(); }
  bool abandoned() const { return abandoned_.load(); }

  void Log(std::string_view method, std::string_view request_id, std::string_view route, int status,
           size_t bytes, SteadyClock::time_point start);
  void Forget(Connection* connection);

 private:
  asio::awaitable<void> AcceptLoop();
  void StartServing();  // on control_
  void BeginStop();     // on control_
  void RunLoop();
  void Abandon();

  ServerOptions options_;
  Handler& handler_;
  std::shared_ptr<Liveness> liveness_ = std::make_shared<Liveness>();
  std::atomic<uint16_t> port_{0};
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> abandoned_{false};
  std::mutex log_mu_;
  // Live connections; declared before the io_context so that it outlives
  // the connections the io_context destroys.
  std::mutex connections_mu_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;

  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> control_;  // acceptor, signals, grace
  tcp::acceptor acceptor_;
  asio::steady_timer grace_;
  std::optional<asio::signal_set> signals_;
  bool stop_begun_ = false;  // control_ only
  bool serving_ = false;     // control_ only
};

// One client connection. Its coroutine, timers and the posts that wake it
// all run on one strand, so its state needs no lock.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Engine& engine, tcp::socket socket)
      : engine_(engine),
        socket_(std::move(socket)),
        deadline_(socket_.get_executor()),
        wake_(socket_.get_executor()) {
    ErrorCode ec;
    auto endpoint = socket_.remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
  }
  ~Connection() { engine_.Forget(this); }

  asio::any_io_executor executor() { return socket_.get_executor(); }

  static asio::awaitable<void> Serve(std::shared_ptr<Connection> self);
  static asio::awaitable<void> RejectBusy(std::shared_ptr<Connection> self);

  // On the strand: close an idle connection (shutdown).
  void OnStop() {
    ErrorCode ignored;
    if (idle_) socket_.cancel(ignored);
  }
  // On the strand: end whatever the connection waits for (server teardown).
  void Abort() {
    Close();
    wake_.cancel();
  }

 private:
  // How reading a request ended.
  struct Incoming {
    std::optional<BeastRequest> message;  // set when a whole request arrived
    std::optional<Response> refusal;      // else the answer, if any, before closing
    std::string method = "-";
  };

  void ArmDeadline(std::chrono::milliseconds timeout);
  bool DisarmDeadline();  // true when the deadline fired
  void StartDeadlineTimer();
  void OnDeadlineTimer();
  asio::awaitable<bool> WaitForBytes(std::chrono::milliseconds timeout);
  asio::awaitable<Incoming> ReadRequest();
  asio::awaitable<bool> SendContinue();
  // nullopt when the server is torn down before the handler answered.
  asio::awaitable<std::optional<Response>> CallHandler(Request request);
  asio::awaitable<bool> Write(Outgoing& out);
  asio::awaitable<void> LingerAndClose();
  void Close();
  Incoming Refuse(const ErrorCode& ec, bool timed_out, std::string method);

  Engine& engine_;
  tcp::socket socket_;
  asio::steady_timer deadline_;
  asio::steady_timer wake_;
  beast::flat_buffer buffer_;
  std::string remote_address_;
  // Deadlines are lazy: ArmDeadline only moves deadline_at_, and the timer
  // is re-armed only when a deadline comes earlier than the timer's expiry.
  // A keep-alive request sets three deadlines (idle, header, write), each
  // later than the last, so most cost no timer operation at all.
  SteadyClock::time_point deadline_at_ = SteadyClock::time_point::max();
  SteadyClock::time_point timer_at_ = SteadyClock::time_point::max();  // max: no wait pending
  bool timed_out_ = false;
  bool idle_ = false;
  std::shared_ptr<Answer> waiting_;  // the request being handled, if any
};

// ---------------------------------------------------------------- Connection

void Connection::ArmDeadline(std::chrono::milliseconds timeout) {
  timed_out_ = false;
  deadline_at_ = SteadyClock::now() + timeout;
  if (deadline_at_ < timer_at_) StartDeadlineTimer();
}

bool Connection::DisarmDeadline() {
  deadline_at_ = SteadyClock::time_point::max();
  return timed_out_;
}

void Connection::StartDeadlineTimer() {
  timer_at_ = deadline_at_;
  deadline_.expires_at(timer_at_);  // a wait already pending ends as aborted
  deadline_.async_wait([self = shared_from_this(), at = timer_at_](const ErrorCode& ec) {
    // Aborted, or a completion queued before a re-arm: a newer wait owns the timer.
    if (ec || at != self->timer_at_) return;
    self->OnDeadlineTimer();
  });
}

void Connection::OnDeadlineTimer() {
  timer_at_ = SteadyClock::time_point::max();
  if (deadline_at_ == SteadyClock::time_point::max()) return;  // disarmed meanwhile
  if (SteadyClock::now() < deadline_at_) {
    StartDeadlineTimer();  // the deadline moved later since the timer was set
    return;
  }
  deadline_at_ = SteadyClock::time_point::max();
  timed_out_ = true;
  // Cancel, not close: the socket stays usable for the 408.
  ErrorCode ignored;
  socket_.cancel(ignored);
}

asio::awaitable<bool> Connection::WaitForBytes(std::chrono::milliseconds timeout) {
  ErrorCode ec;
  ArmDeadline(timeout);
  size_t n = co_await socket_.async_read_some(buffer_.prepare(4096), Await(ec));
  DisarmDeadline();
  if (ec) co_return false;
  buffer_.commit(n);
  co_return true;
}

Connection::Incoming Connection::Refuse(const ErrorCode& ec, bool timed_out, std::string method) {
  Incoming in;
  in.method = std::move(method);
  if (timed_out) {
    in.refusal = Problem(408, "invalid_argument", "the request did not arrive in time");
  } else if (ec == bhttp::error::header_limit) {
    in.refusal = Problem(431, "invalid_argument", "the request's header is too large");
  } else if (ec == bhttp::error::body_limit) {
    in.refusal = Problem(413, "invalid_argument", "the request's body is too large");
  } else if (ec == bhttp::error::bad_version) {
    // Beast's parser accepts HTTP/1.0 and HTTP/1.1 only.
    in.refusal = Problem(505, "invalid_argument", "only HTTP/1.0 and HTTP/1.1 are served");
  } else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    // The client went away; nobody to answer.
  } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    in.refusal = Problem(400, "invalid_argument", "the request is malformed");
  }
  return in;
}

asio::awaitable<bool> Connection::SendContinue() {
  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  ErrorCode ec;
  ArmDeadline(engine_.options().write_timeout);
  co_await asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()), Await(ec));
  DisarmDeadline();
  co_return !ec;
}

asio::awaitable<Connection::Incoming> Connection::ReadRequest() {
  const ServerOptions& options = engine_.options();
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(
      std::min<size_t>(options.max_header_bytes, std::numeric_limits<uint32_t>::max())));
  parser.body_limit(static_cast<uint64_t>(options.max_body_bytes));

  ErrorCode ec;
  ArmDeadline(options.header_timeout);
  co_await bhttp::async_read_header(socket_, buffer_, parser, Await(ec));
  bool timed_out = DisarmDeadline();
  if (ec) co_return Refuse(ec, timed_out, "-");

  std::string method(View(parser.get().method_string()));
  if (!parser.is_done()) {
    auto expect = parser.get()[bhttp::field::expect];
    if (parser.get().version() == 11 && beast::iequals(expect, "100-continue") &&
        !co_await SendContinue()) {
      co_return Incoming{};
    }
    ArmDeadline(options.body_timeout);
    co_await bhttp::async_read(socket_, buffer_, parser, Await(ec));
    timed_out = DisarmDeadline();
    if (ec) co_return Refuse(ec, timed_out, std::move(method));
  }
  Incoming in;
  in.method = std::move(method);
  in.message = parser.release();
  co_return in;
}

asio::awaitable<std::optional<Response>> Connection::CallHandler(Request request) {
  auto answer = std::make_shared<Answer>();
  waiting_ = answer;
  std::weak_ptr<Connection> weak = weak_from_this();
  Handler::Respond respond = [answer, weak, liveness = engine_.liveness()](Response response) {
    {
      std::lock_guard lock(answer->mu);
      if (answer->delivered) return;  // a second call is a handler bug; the first stands
      answer->delivered = true;
      answer->response = std::move(response);
      if (answer->in_handle) return;
    }
    std::shared_lock alive_lock(liveness->mu);
    if (!liveness->alive) return;
    if (auto connection = weak.lock()) {
      asio::post(connection->executor(), [weak, answer] {
        auto waiter = weak.lock();
        if (waiter && waiter->waiting_ == answer) waiter->wake_.cancel();
      });
    }
  };
  bool threw = false;
  try {
    engine_.handler().Handle(std::move(request), std::move(respond));
  } catch (...) {
    threw = true;  // a handler bug; the client still gets an answer
  }
  {
    std::lock_guard lock(answer->mu);
    answer->in_handle = false;
    if (threw && !answer->delivered) {
      answer->delivered = true;
      answer->response = Problem(500, "internal", "the server failed to answer the request");
    }
  }
  while (true) {
    {
      std::lock_guard lock(answer->mu);
      if (answer->response) break;
    }
    if (engine_.abandoned()) co_return std::nullopt;
    ErrorCode ec;
    wake_.expires_at(SteadyClock::time_point::max());
    co_await wake_.async_wait(Await(ec));
  }
  waiting_.reset();
  std::lock_guard lock(answer->mu);
  co_return std::move(*answer->response);
}

asio::awaitable<bool> Connection::Write(Outgoing& out) {
  ErrorCode ec;
  ArmDeadline(engine_.options().write_timeout);
  co_await bhttp::async_write(socket_, out.message, Await(ec));
  DisarmDeadline();
  co_return !ec;
}

asio::awaitable<void> Connection::LingerAndClose() {
  ErrorCode ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  ArmDeadline(std::min(kLingerTime, engine_.options().write_timeout));
  char sink[4096];
  size_t drained = 0;
  while (!ec && drained < kLingerBytes) {
    drained += co_await socket_.async_read_some(asio::buffer(sink), Await(ec));
  }
  DisarmDeadline();
  Close();
}

void Connection::Close() {
  ErrorCode ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  // The pending wait holds the connection; let it go now, not at its expiry.
  deadline_.cancel();
  timer_at_ = SteadyClock::time_point::max();
}

asio::awaitable<void> Connection::Serve(std::shared_ptr<Connection> self) {
  const ServerOptions& options = self->engine_.options();
  bool linger = false;
  while (true) {
    // Until its first byte a request has not begun: the connection is idle
    // (closed silently after idle_timeout, or at once on shutdown), and
    // header_timeout runs from that byte.
    if (self->buffer_.size() == 0) {
      self->idle_ = true;
      if (self->engine_.stopping()) break;
      bool more = co_await self->WaitForBytes(options.idle_timeout);
      self->idle_ = false;
      if (!more) break;
    }
    SteadyClock::time_point start = SteadyClock::now();
    Incoming in = co_await self->ReadRequest();
    Reply reply;
    Response response;
    if (in.message) {
      BeastRequest& message = *in.message;
      reply.version = static_cast<int>(message.version());
      reply.head = message.method() == bhttp::verb::head;
      reply.keep_alive = message.keep_alive();
      Request request = ConvertRequest(message, self->remote_address_);
      reply.request_id = request.request_id;
      if (auto refusal = ConvertTarget(request)) {
        response = std::move(*refusal);
      } else {
        std::optional<Response> answered = co_await self->CallHandler(std::move(request));
        if (!answered) break;
        response = std::move(*answered);
        RunFinish(response);  // here, on this I/O thread
      }
    } else if (in.refusal) {
      reply.keep_alive = false;
      reply.request_id = NewRequestId();
      response = std::move(*in.refusal);
      linger = true;
    } else {
      break;  // the client closed or the read failed: nobody to answer
    }
    if (self->engine_.stopping()) reply.keep_alive = false;
    Outgoing out = Finish(std::move(response), reply);
    bool written = co_await self->Write(out);
    self->engine_.Log(in.method, reply.request_id, out.route, out.message.result_int(),
                      written ? out.body_bytes : 0, start);
    if (!written || !reply.keep_alive) break;
  }
  if (linger) {
    co_await self->LingerAndClose();
  } else {
    self->Close();
  }
}

asio::awaitable<void> Connection::RejectBusy(std::shared_ptr<Connection> self) {
  SteadyClock::time_point start = SteadyClock::now();
  Reply reply;
  reply.keep_alive = false;
  reply.request_id = NewRequestId();
  Response busy = Problem(503, "unavailable", "the server is busy; try again shortly");
  busy.SetHeader("Retry-After", "1");
  Outgoing out = Finish(std::move(busy), reply);
  bool written = co_await self->Write(out);
  self->engine_.Log("-", reply.request_id, out.route, out.message.result_int(),
                    written ? out.body_bytes : 0, start);
  co_await self->LingerAndClose();
}

// -------------------------------------------------------------------- Engine

Engine::Engine(ServerOptions options, Handler& handler)
    : options_(std::move(options)),
      handler_(handler),
      ioc_(std::max(1, options_.io_threads)),
      control_(asio::make_strand(ioc_)),
      acceptor_(ioc_),
      grace_(control_) {}

Engine::~Engine() {
  {
    std::unique_lock lock(liveness_->mu);
    liveness_->alive = false;
  }
  Abandon();
}

// Unwinds every coroutine still in the io_context (after a shutdown_grace
// expired, or when Run never ran), so that connections are destroyed here
// rather than leaked by the io_context's own destructor.
void Engine::Abandon() {
  abandoned_ = true;
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(connections_mu_);
    for (auto& [raw, weak] : connections_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (auto& connection : live) {
    asio::post(connection->executor(), [connection] { connection->Abort(); });
  }
  live.clear();
  asio::post(control_, [this] {
    ErrorCode ignored;
    acceptor_.close(ignored);
    grace_.cancel();
    if (signals_) signals_->cancel(ignored);
  });
  ioc_.restart();
  try {
    ioc_.run_for(std::chrono::seconds(2));
  } catch (...) {
    // Teardown goes on; a connection's failure has nobody left to tell.
  }
}

core::Status Engine::Listen() {
  std::string where = options_.host + ":" + std::to_string(options_.port);
  auto failed = [&where](const ErrorCode& ec) {
    return core::Fail(core::Code::kUnavailable, "cannot listen on " + where + ": " + ec.message());
  };
  ErrorCode ec;
  tcp::resolver resolver(ioc_);
  auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) return failed(ec);
  if (endpoints.empty()) return failed(asio::error::host_not_found);
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return failed(ec);
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    ErrorCode ignored;
    acceptor_.close(ignored);
    return failed(ec);
  }
  port_ = acceptor_.local_endpoint(ec).port();
  return {};
}

void Engine::Run() {
  asio::post(control_, [this] { StartServing(); });
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.io_threads; ++i) threads.emplace_back([this] { RunLoop(); });
  RunLoop();
  for (auto& thread : threads) thread.join();
}

void Engine::RunLoop() {
  while (true) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      // One connection's failure must not take the server down.
      std::fprintf(stderr, "safeguard: http: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "safeguard: http: a connection failed\n");
    }
  }
}

void Engine::StartServing() {
  if (stop_begun_ || serving_) return;
  serving_ = true;
  asio::co_spawn(control_, AcceptLoop(), asio::detached);
  if (options_.handle_signals) {
    signals_.emplace(ioc_, SIGINT, SIGTERM);
    signals_->async_wait(asio::bind_executor(control_, [this](const ErrorCode& ec, int) {
      if (!ec) Stop();
    }));
  }
}

void Engine::Stop() {
  stop_requested_ = true;
  asio::post(control_, [this] { BeginStop(); });
}

void Engine::BeginStop() {
  if (stop_begun_) return;
  stop_begun_ = true;
  ErrorCode ignored;
  acceptor_.close(ignored);
  if (signals_) signals_->cancel(ignored);
  grace_.expires_after(options_.shutdown_grace);
  grace_.async_wait([this](const ErrorCode& ec) {
    if (!ec) ioc_.stop();
  });
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(connections_mu_);
    if (connections_.empty()) grace_.cancel();
    for (auto& [raw, weak] : connections_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (auto& connection : live) {
    asio::post(connection->executor(), [connection] { connection->OnStop(); });
  }
}

void Engine::Forget(Connection* connection) {
  std::lock_guard lock(connections_mu_);
  if (connections_.erase(connection) == 0 || !connections_.empty()) return;
  if (stop_requested_ && !abandoned_) {
    // The last connection is gone: let Run return without waiting out the grace.
    asio::post(control_, [this] {
      if (stop_begun_) grace_.cancel();
    });
  }
}

asio::awaitable<void> Engine::AcceptLoop() {
  asio::steady_timer backoff(control_);
  while (true) {
    tcp::socket socket(asio::make_strand(ioc_));
    ErrorCode ec;
    co_await acceptor_.async_accept(socket, Await(ec));
    if (ec) {
      if (!acceptor_.is_open() || ec == asio::error::operation_aborted) co_return;
      // Out of file descriptors and the like: pause rather than spin.
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(Await(ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(*this, std::move(socket));
    bool busy;
    {
      std::lock_guard lock(connections_mu_);
      busy = connections_.size() >= static_cast<size_t>(std::max(0, options_.max_connections));
      if (!busy) connections_.emplace(connection.get(), connection);
    }
    asio::co_spawn(connection->executor(),
                   busy ? Connection::RejectBusy(connection) : Connection::Serve(connection),
                   asio::detached);
  }
}

void Engine::Log(std::string_view method, std::string_view request_id, std::string_view route,
                 int status, size_t bytes, SteadyClock::time_point start) {
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
  nlohmann::ordered_json line;
  line["at"] = UtcNowWithMillis();
  line["id"] = request_id;
  line["method"] = method;
  line["route"] = route;
  line["status"] = status;
  line["bytes"] = bytes;
  line["us"] = micros;
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(log_mu_);
  if (options_.access_log) {
    options_.access_log(text);
  } else {
    text.push_back('\n');
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
}

}  // namespace

// -------------------------------------------------------------------- Server

struct Server::Impl {
  Impl(ServerOptions options, Handler& handler) : engine(std::move(options), handler) {}
  Engine engine;
};

Server::Server(ServerOptions options, Handler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() = default;

core::Status Server::Listen() {
  return impl_->engine.Listen();
}
uint16_t Server::port() const {
  return impl_->engine.port();
}
void Server::Run() {
  impl_->engine.Run();
}
void Server::Stop() {
  impl_->engine.Stop();
}

}  // namespace sg::http
