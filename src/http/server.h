// Server: HTTP/1.1 on Boost.Beast with C++20 coroutines.
//
// Design. One io_context runs every connection as a coroutine, so an idle
// keep-alive connection holds a few hundred bytes and no thread. Each
// connection reads one request at a time under hard limits (header bytes,
// body bytes) and deadlines (the whole header within header_timeout, the
// body within body_timeout, an idle keep-alive connection closed after
// idle_timeout, a response written within write_timeout), so a slow or
// hostile client costs a socket and nothing else. A request that breaks a
// limit gets its status (431, 413, 408, 400) and the connection closes.
//
// The application is a Handler. Handle() is called on an I/O thread and
// must not block: it either answers at once or hands the work to its own
// threads (the database thread, a job) and calls `respond` later from any
// thread; the server resumes the connection's coroutine on its own
// executor. Every response gets the security headers (CSP with
// frame-ancestors 'none', nosniff, same-origin referrer, X-Frame-Options DENY) and an
// X-Request-Id, unless the handler set them itself.
//
// Access log: one JSON line per request on the log sink (stderr by
// default): time, request id, method, route pattern (never the raw path or
// query, which may hold identifiers), status, bytes, microseconds. No
// personal data, cookies or tokens.
//
// Shutdown: Stop() (and SIGTERM/SIGINT when Run installs the handler) stops
// accepting, lets requests in flight finish within shutdown_grace, closes
// idle connections, then returns from Run().
#ifndef SAFEGUARD_HTTP_SERVER_H_
#define SAFEGUARD_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace sg::http {

class Handler {
 public:
  virtual ~Handler() = default;
  using Respond = std::function<void(Response)>;
  // Called once per request on an I/O thread; must call `respond` exactly
  // once (from any thread). A handler that routes sets the response header
  // "X-Route" to the matched pattern; the server logs it and removes it.
  virtual void Handle(Request request, Respond respond) = 0;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (tests); see Server::port()
  int io_threads = 1;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 64 * 1024 * 1024;  // CIN census uploads
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  int max_connections = 10'000;
  bool handle_signals = true;  // SIGTERM and SIGINT call Stop()
  // Where access-log lines go (one JSON object, no newline); stderr when empty.
  std::function<void(std::string_view)> access_log;
};

class Server {
 public:
  Server(ServerOptions options, Handler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; kUnavailable naming the address when it cannot.
  core::Status Listen();
  uint16_t port() const;  // the bound port, after Listen
  // Serves until Stop(); REQUIRES Listen() succeeded.
  void Run();
  // Safe from any thread and from a signal handler's completion.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sg::http

#endif  // SAFEGUARD_HTTP_SERVER_H_
