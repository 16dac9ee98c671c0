#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "http/router.h"

namespace sg::http {
namespace {

using namespace std::chrono_literals;

// ------------------------------------------------------------------ client

struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;

  std::string Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return "";
  }
  bool Has(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return true;
    }
    return false;
  }
};

std::string LowerText(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A blocking HTTP/1.1 client on one socket: bytes go out exactly as the test
// writes them, so malformed and slow requests are easy to make. Every read
// gives up after 10 s so that a server bug fails a test instead of hanging it.
class Socket {
 public:
  explicit Socket(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  bool connected() const { return fd_ >= 0; }

  void Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) {
        ADD_FAILURE() << "send failed: " << std::strerror(errno);
        return;
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }

  // One response; nullopt when the connection ends first. `head`: the
  // answer to a HEAD, whose Content-Length announces no body.
  std::optional<RawResponse> Read(bool head = false) {
    size_t end;
    while ((end = carry_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    RawResponse response;
    std::string head_text = carry_.substr(0, end);
    carry_.erase(0, end + 4);
    size_t line_end = head_text.find("\r\n");
    std::string status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12 || status_line.rfind("HTTP/1.", 0) != 0) return std::nullopt;
    response.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      size_t start = line_end + 2;
      line_end = head_text.find("\r\n", start);
      std::string line = head_text.substr(start, line_end - start);
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      response.headers.emplace_back(LowerText(line.substr(0, colon)), value);
    }
    if (head || response.status < 200 || response.status == 204 || response.status == 304) {
      return response;
    }
    size_t length =
        response.Has("content-length") ? std::stoul(response.Header("content-length")) : 0;
    while (carry_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    response.body = carry_.substr(0, length);
    carry_.erase(0, length);
    return response;
  }

  // True when the server ends the connection before sending anything more.
  bool ReadsEof() {
    if (!carry_.empty()) return false;
    char byte;
    ssize_t n = ::recv(fd_, &byte, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool Fill() {
    char buffer[8192];
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    carry_.append(buffer, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string carry_;
};

std::string Get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

std::optional<RawResponse> Exchange(uint16_t port, std::string_view bytes, bool head = false) {
  Socket socket(port);
  if (!socket.connected()) return std::nullopt;
  socket.Send(bytes);
  return socket.Read(head);
}

void ExpectSecurityHeaders(const RawResponse& response) {
  EXPECT_EQ(response.Header("content-security-policy"),
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  EXPECT_EQ(response.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(response.Header("x-frame-options"), "DENY");
  EXPECT_EQ(response.Header("referrer-policy"), "same-origin");
  EXPECT_EQ(response.Header("cross-origin-opener-policy"), "same-origin");
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_TRUE(std::regex_match(response.Header("x-request-id"), std::regex("[0-9a-f]{16}")))
      << response.Header("x-request-id");
  EXPECT_EQ(response.Header("server"), "safeguard");
  EXPECT_FALSE(response.Has("x-route"));
}

// ------------------------------------------------------------- toy handler

class TestHandler : public Handler {
 public:
  TestHandler() {
    router_.Add("GET", "/hello", [](const Request&, const PathParams&, Respond& respond) {
      Response response;
      response.content_type = "text/plain";
      response.body = "hello";
      respond(std::move(response));
    });
    router_.Add("GET", "/items/{id}",
                [](const Request& request, const PathParams& params, Respond& respond) {
                  nlohmann::json query = nlohmann::json::array();
                  for (const auto& [name, value] : request.query) query.push_back({name, value});
                  nlohmann::json body = {{"id", params.at("id")},
                                         {"path", request.path},
                                         {"target", request.target},
                                         {"query", query},
                                         {"remote", request.remote_address},
                                         {"mixed", request.Header("x-mixed-case").value_or("")},
                                         {"request_id", request.request_id}};
                  respond(Json(200, body.dump()));
                });
    router_.Add("POST", "/echo", [](const Request& request, const PathParams&, Respond& respond) {
      Response response;
      response.content_type = "text/plain";
      response.body = request.body;
      respond(std::move(response));
    });
    router_.Add("GET", "/slow", [this](const Request&, const PathParams&, Respond& respond) {
      std::lock_guard lock(mu_);
      threads_.emplace_back([respond] {
        std::this_thread::sleep_for(50ms);
        respond(Json(200, R"({"slow":true})"));
      });
    });
    router_.Add("GET", "/gate", [this](const Request&, const PathParams&, Respond& respond) {
      std::lock_guard lock(mu_);
      gates_.push_back(respond);
      cv_.notify_all();
    });
    router_.Add("GET", "/own-headers", [](const Request&, const PathParams&, Respond& respond) {
      Response response = Json(200, "{}");
      response.SetHeader("Cache-Control", "max-age=60");
      response.SetHeader("X-Frame-Options", "SAMEORIGIN");
      respond(std::move(response));
    });
    router_.Add("GET", "/throw", [](const Request&, const PathParams&, Respond&) {
      throw std::runtime_error("handler bug");
    });
    router_.Add("GET", "/bad-header", [](const Request&, const PathParams&, Respond& respond) {
      Response response = Json(200, "{}");
      response.SetHeader("X-Bad", "a\r\nInjected: 1");
      respond(std::move(response));
    });
    router_.Add("GET", "/big", [](const Request&, const PathParams&, Respond& respond) {
      Response response;
      response.content_type = "application/octet-stream";
      response.body.assign(32 * 1024 * 1024, 'x');  // far beyond the sockets' buffers
      respond(std::move(response));
    });
    router_.Add("GET", "/made-later", [this](const Request&, const PathParams&, Respond& respond) {
      // Answered from a thread of the handler's own, as the database thread
      // answers; the body is made by the server's I/O thread.
      std::lock_guard lock(mu_);
      threads_.emplace_back([respond] {
        Response response;
        response.content_type = "text/plain";
        const auto answering = std::this_thread::get_id();
        response.finish = [answering](Response& made) {
          made.body = std::this_thread::get_id() == answering ? "same thread" : "made elsewhere";
        };
        respond(std::move(response));
      });
    });
    router_.Add("GET", "/finish-throws", [](const Request&, const PathParams&, Respond& respond) {
      Response response;
      response.finish = [](Response&) { throw std::runtime_error("template bug"); };
      respond(std::move(response));
    });
    router_.Add("GET", "/no-content", [](const Request&, const PathParams&, Respond& respond) {
      Response response;
      response.status = 204;
      respond(std::move(response));
    });
  }

  ~TestHandler() override {
    for (auto& thread : threads_) thread.join();
  }

  void Handle(Request request, Respond respond) override {
    ++calls;
    Router<Fn>::Match match = router_.Find(request.method, request.path);
    if (match.handler == nullptr) {
      if (match.allowed.empty()) {
        respond(Problem(404, "not_found", "no such route"));
        return;
      }
      Response response = Problem(405, "invalid_argument", "method not allowed");
      std::string allow;
      for (const auto& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
      response.SetHeader("Allow", allow);
      respond(std::move(response));
      return;
    }
    // The server must log the route and strip the header.
    Respond routed = [respond, pattern = match.pattern](Response response) {
      response.SetHeader("X-Route", pattern);
      respond(std::move(response));
    };
    (*match.handler)(request, match.params, routed);
  }

  // Waits until a /gate request is held; false after 10 s.
  bool WaitForGate() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, 10s, [this] { return !gates_.empty(); });
  }
  Respond TakeGate() {
    std::lock_guard lock(mu_);
    Respond respond = gates_.front();
    gates_.erase(gates_.begin());
    return respond;
  }

  std::atomic<int> calls{0};

 private:
  using Fn = std::function<void(const Request&, const PathParams&, Respond&)>;
  Router<Fn> router_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Respond> gates_;
  std::vector<std::thread> threads_;
};

// -------------------------------------------------------------- test server

// A real Server on a free loopback port, run on a thread of its own, with
// its access log captured.
class TestServer {
 public:
  explicit TestServer(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.handle_signals = false;
    options.access_log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(line);
      log_cv_.notify_all();
    };
    server_ = std::make_unique<Server>(std::move(options), handler_);
    auto listening = server_->Listen();
    EXPECT_TRUE(listening) << listening.error().message();
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~TestServer() {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  uint16_t port() const { return server_->port(); }
  Server& server() { return *server_; }
  TestHandler& handler() { return handler_; }
  void JoinRun() { thread_.join(); }

  // The access log once it has at least n lines (or after 10 s).
  std::vector<std::string> LogLines(size_t n) {
    std::unique_lock lock(log_mu_);
    log_cv_.wait_for(lock, 10s, [this, n] { return log_.size() >= n; });
    return log_;
  }

 private:
  TestHandler handler_;  // outlives the server
  std::mutex log_mu_;
  std::condition_variable log_cv_;
  std::vector<std::string> log_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

ServerOptions SmallLimits() {
  ServerOptions options;
  options.max_header_bytes = 1024;
  options.max_body_bytes = 1024;
  return options;
}

// -------------------------------------------------------------------- tests

TEST(Server, GetAnswered) {
  TestServer server;
  auto response = Exchange(server.port(), Get("/hello"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
  EXPECT_EQ(response->Header("content-type"), "text/plain");
  EXPECT_EQ(response->Header("content-length"), "5");
  ExpectSecurityHeaders(*response);
}

TEST(Server, KeepAliveServesManyRequestsOnOneConnection) {
  TestServer server;
  Socket socket(server.port());
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    socket.Send(Get("/hello"));
    auto response = socket.Read();
    ASSERT_TRUE(response) << "request " << i;
    ASSERT_EQ(response->status, 200);
    EXPECT_FALSE(response->Has("connection"));
    ids.insert(response->Header("x-request-id"));
  }
  EXPECT_EQ(ids.size(), 100u);
  EXPECT_EQ(server.handler().calls, 100);
}

TEST(Server, PipelinedRequestsAnsweredInOrder) {
  TestServer server;
  Socket socket(server.port());
  socket.Send(Get("/items/1") + Get("/items/2"));
  auto first = socket.Read();
  auto second = socket.Read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(nlohmann::json::parse(first->body)["id"], "1");
  EXPECT_EQ(nlohmann::json::parse(second->body)["id"], "2");
}

TEST(Server, ConnectionCloseHonoured) {
  TestServer server;
  Socket socket(server.port());
  socket.Send(Get("/hello", "Connection: close\r\n"));
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(LowerText(response->Header("connection")), "close");
  EXPECT_TRUE(socket.ReadsEof());
}

TEST(Server, Http10WithoutKeepAliveCloses) {
  TestServer server;
  Socket socket(server.port());
  socket.Send("GET /hello HTTP/1.0\r\n\r\n");
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
  EXPECT_TRUE(socket.ReadsEof());
}

TEST(Server, HeadLikeGetWithoutBody) {
  TestServer server;
  Socket socket(server.port());
  socket.Send("HEAD /hello HTTP/1.1\r\nHost: test\r\n\r\n");
  auto head = socket.Read(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), "5");
  ExpectSecurityHeaders(*head);
  // Had the server sent a body, it would be read here as the next response.
  socket.Send(Get("/items/after-head"));
  auto next = socket.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(nlohmann::json::parse(next->body)["id"], "after-head");
}

TEST(Server, NoContentHasNoBody) {
  TestServer server;
  Socket socket(server.port());
  socket.Send(Get("/no-content") + Get("/hello"));
  auto empty = socket.Read();
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 204);
  EXPECT_FALSE(empty->Has("content-length"));
  auto next = socket.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello");
}

TEST(Server, RouterNotFoundAndMethodNotAllowed) {
  TestServer server;
  auto missing = Exchange(server.port(), Get("/nothing/here"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->Header("content-type"), "application/problem+json");
  EXPECT_EQ(nlohmann::json::parse(missing->body)["code"], "not_found");
  ExpectSecurityHeaders(*missing);

  auto wrong = Exchange(server.port(), "DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->Header("allow"), "GET, HEAD");
  ExpectSecurityHeaders(*wrong);
}

TEST(Server, RequestConversion) {
  TestServer server;
  auto response = Exchange(server.port(), Get("/items/a%20b?name=J%C3%B6rg+X&name=second&flag&=v",
                                              "X-Mixed-Case: Yes\r\n"));
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200);
  auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["id"], "a b");
  EXPECT_EQ(body["path"], "/items/a b");
  EXPECT_EQ(body["target"], "/items/a%20b?name=J%C3%B6rg+X&name=second&flag&=v");
  EXPECT_EQ(body["query"],
            nlohmann::json::parse(R"([["","v"],["flag",""],["name","Jörg X"],["name","second"]])"));
  EXPECT_EQ(body["remote"], "127.0.0.1");
  EXPECT_EQ(body["mixed"], "Yes");
  EXPECT_EQ(body["request_id"], response->Header("x-request-id"));
}

TEST(Server, HandlerHeadersWinOverDefaults) {
  TestServer server;
  auto response = Exchange(server.port(), Get("/own-headers"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("cache-control"), "max-age=60");
  EXPECT_EQ(response->Header("x-frame-options"), "SAMEORIGIN");
  EXPECT_EQ(response->Header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(response->Has("x-route"));
}

TEST(Server, FinishMakesTheBodyOnTheIoThreadNotTheOneThatAnswered) {
  TestServer server;
  auto response = Exchange(server.port(), Get("/made-later"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "made elsewhere");
  EXPECT_EQ(response->Header("content-length"), "14");
}

TEST(Server, FinishThatThrowsGets500) {
  TestServer server;
  auto response = Exchange(server.port(), Get("/finish-throws"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
}

TEST(Server, HandlerThatThrowsGets500) {
  TestServer server;
  Socket socket(server.port());
  socket.Send(Get("/throw"));
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  ExpectSecurityHeaders(*response);
  // The connection survives its handler's failure.
  socket.Send(Get("/hello"));
  auto next = socket.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST(Server, HeaderWithLineBreakBecomes500) {
  TestServer server;
  auto response = Exchange(server.port(), Get("/bad-header"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_FALSE(response->Has("injected"));
  EXPECT_FALSE(response->Has("x-bad"));
}

TEST(Server, HandlerAnsweringFromOtherThreadsUnderConcurrency) {
  ServerOptions options;
  options.io_threads = 2;
  TestServer server(options);
  constexpr int kClients = 50;
  std::vector<int> statuses(kClients, 0);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&server, &statuses, i] {
      Socket socket(server.port());
      socket.Send(Get("/slow"));
      if (auto response = socket.Read()) statuses[static_cast<size_t>(i)] = response->status;
    });
  }
  for (auto& client : clients) client.join();
  for (int i = 0; i < kClients; ++i) EXPECT_EQ(statuses[static_cast<size_t>(i)], 200) << i;
  EXPECT_EQ(server.LogLines(kClients).size(), static_cast<size_t>(kClients));
}

TEST(ServerLimits, OversizedHeaderGets431) {
  TestServer server(SmallLimits());
  Socket socket(server.port());
  socket.Send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n");
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(LowerText(response->Header("connection")), "close");
  ExpectSecurityHeaders(*response);
  EXPECT_TRUE(socket.ReadsEof());
  EXPECT_EQ(server.handler().calls, 0);
}

TEST(ServerLimits, HeaderJustUnderTheLimitAccepted) {
  TestServer server(SmallLimits());
  std::string request = Get("/hello", "X-Big: " + std::string(900, 'a') + "\r\n");
  ASSERT_LT(request.size(), 1024u);
  auto response = Exchange(server.port(), request);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST(ServerLimits, BodyAtTheLimitAccepted) {
  TestServer server(SmallLimits());
  std::string body(1024, 'b');
  auto response = Exchange(server.port(),
                           "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + body);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, body);
}

TEST(ServerLimits, OversizedBodyByContentLengthGets413) {
  TestServer server(SmallLimits());
  Socket socket(server.port());
  socket.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1025\r\n\r\n" +
              std::string(1025, 'b'));
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  ExpectSecurityHeaders(*response);
  EXPECT_TRUE(socket.ReadsEof());
  EXPECT_EQ(server.handler().calls, 0);
}

TEST(ServerLimits, OversizedChunkedBodyGets413) {
  TestServer server(SmallLimits());
  Socket socket(server.port());
  std::string chunk(600, 'c');
  socket.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "258\r\n" +
      chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(socket.ReadsEof());
  EXPECT_EQ(server.handler().calls, 0);
}

TEST(ServerLimits, SmallChunkedBodyAccepted) {
  TestServer server(SmallLimits());
  auto response = Exchange(server.port(),
                           "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello world");
}

TEST(ServerLimits, ExpectContinue) {
  TestServer server;
  Socket socket(server.port());
  socket.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  auto interim = socket.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  socket.Send("hello");
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
}

TEST(ServerLimits, MalformedRequestsGet400AndClose) {
  TestServer server;
  for (std::string bytes : {"GARBAGE\r\n\r\n", "GET /hello HTTP/1.1\r\nBad Header\r\n\r\n",
                            "GET /hello HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                            "GET /hello HTTP/1.1\r\nContent-Length: 1\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n"}) {
    Socket socket(server.port());
    socket.Send(bytes);
    auto response = socket.Read();
    ASSERT_TRUE(response) << bytes;
    EXPECT_EQ(response->status, 400) << bytes;
    EXPECT_EQ(nlohmann::json::parse(response->body)["detail"], "the request is malformed");
    ExpectSecurityHeaders(*response);
    EXPECT_TRUE(socket.ReadsEof()) << bytes;
  }
  EXPECT_EQ(server.handler().calls, 0);
}

TEST(ServerLimits, UnsupportedVersionGets505) {
  TestServer server;
  auto response = Exchange(server.port(), "GET /hello HTTP/2.0\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 505);
}

TEST(ServerTimeouts, SlowHeaderGets408) {
  ServerOptions options;
  options.header_timeout = 200ms;
  TestServer server(options);
  Socket socket(server.port());
  socket.Send("GET /hello HTTP/1.1\r\nHost: t\r\n");  // and stall
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  ExpectSecurityHeaders(*response);
  EXPECT_TRUE(socket.ReadsEof());
  EXPECT_EQ(server.handler().calls, 0);
}

TEST(ServerTimeouts, SlowBodyGets408) {
  ServerOptions options;
  options.body_timeout = 200ms;
  TestServer server(options);
  Socket socket(server.port());
  socket.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly ten b");
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_TRUE(socket.ReadsEof());
  EXPECT_EQ(server.handler().calls, 0);
}

TEST(ServerTimeouts, SilentConnectionClosedAfterIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = 200ms;
  TestServer server(options);
  Socket socket(server.port());
  EXPECT_TRUE(socket.ReadsEof());
  EXPECT_TRUE(server.LogLines(0).empty());  // closed silently: no request, no log line
}

TEST(ServerTimeouts, IdleKeepAliveClosedAfterIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = 300ms;
  TestServer server(options);
  Socket socket(server.port());
  socket.Send(Get("/hello"));
  auto response = socket.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(socket.ReadsEof());
}

TEST(ServerTimeouts, ClientThatDoesNotReadIsDroppedAfterWriteTimeout) {
  ServerOptions options;
  options.write_timeout = 200ms;
  TestServer server(options);
  Socket socket(server.port());
  socket.Send(Get("/big"));
  // The log line is written once the write ends, here by its deadline.
  std::vector<std::string> lines = server.LogLines(1);
  ASSERT_EQ(lines.size(), 1u);
  auto line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["status"], 200);
  EXPECT_EQ(line["bytes"], 0);  // not written in full
  EXPECT_FALSE(socket.Read());  // the connection ends before the body does
}

TEST(ServerPaths, TraversalAndBadEncodingsRefusedBeforeTheHandler) {
  TestServer server;
  for (std::string target :
       {"/../etc/passwd", "/items/../hello", "/items/%2e%2e", "/items/%2E%2E/hello", "/items/.%2e",
        "/items/./x", "/items/a%2Fb", "/items/a%2fb", "/items/a%00b", "/items/%zz", "/items/%4",
        "items/x", "http://example.com/hello", "*"}) {
    auto response = Exchange(server.port(), Get(target));
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->status, 400) << target;
    EXPECT_EQ(nlohmann::json::parse(response->body)["detail"], "the path is not valid") << target;
    ExpectSecurityHeaders(*response);
  }
  EXPECT_EQ(server.handler().calls, 0);
}

TEST(ServerPaths, DotsInsideASegmentAreFine) {
  TestServer server;
  auto response = Exchange(server.port(), Get("/items/..x..%2e"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(nlohmann::json::parse(response->body)["id"], "..x...");
}

TEST(ServerPaths, MalformedQueryRefused) {
  TestServer server;
  for (std::string target : {"/hello?x=%zz", "/hello?%=1", "/hello?x=%00"}) {
    auto response = Exchange(server.port(), Get(target));
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->status, 400) << target;
    EXPECT_EQ(nlohmann::json::parse(response->body)["detail"], "the query is not valid");
  }
  EXPECT_EQ(server.handler().calls, 0);
}

TEST(ServerAccessLog, OneJsonLinePerRequestWithoutPathQueryOrHeaders) {
  TestServer server;
  Socket socket(server.port());
  socket.Send(Get("/items/SECRET-ID-123?token=SECRET-QUERY-VALUE",
                  "Cookie: sid=SECRET-COOKIE\r\nAuthorization: Bearer SECRET-TOKEN\r\n"));
  auto first = socket.Read();
  socket.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nSECRET-BODY");
  auto second = socket.Read();
  socket.Send(Get("/SECRET-MISSING-PATH?q=SECRET-Q"));
  auto third = socket.Read();
  ASSERT_TRUE(first && second && third);

  std::vector<std::string> lines = server.LogLines(3);
  ASSERT_EQ(lines.size(), 3u);
  const std::vector<std::string> expected_routes = {"/items/{id}", "/echo", "-"};
  const std::vector<std::string> expected_methods = {"GET", "POST", "GET"};
  const std::vector<int> expected_statuses = {200, 200, 404};
  const std::vector<const RawResponse*> responses = {&*first, &*second, &*third};
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].find("SECRET"), std::string::npos) << lines[i];
    EXPECT_EQ(lines[i].find('\n'), std::string::npos);
    auto line = nlohmann::ordered_json::parse(lines[i]);
    std::vector<std::string> keys;
    for (const auto& item : line.items()) keys.push_back(item.key());
    EXPECT_EQ(keys,
              (std::vector<std::string>{"at", "id", "method", "route", "status", "bytes", "us"}));
    EXPECT_TRUE(std::regex_match(line["at"].get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    EXPECT_EQ(line["id"], responses[i]->Header("x-request-id"));
    EXPECT_EQ(line["method"], expected_methods[i]);
    EXPECT_EQ(line["route"], expected_routes[i]);
    EXPECT_EQ(line["status"], expected_statuses[i]);
    EXPECT_EQ(line["bytes"], responses[i]->body.size());
    EXPECT_GE(line["us"].get<int64_t>(), 0);
  }
}

TEST(ServerAccessLog, ServerRefusalsAreLoggedToo) {
  TestServer server(SmallLimits());
  auto response = Exchange(server.port(), Get("/items/%2e%2e?secret=SECRET"));
  ASSERT_TRUE(response);
  auto refused = Exchange(server.port(), "NONSENSE\r\n\r\n");
  ASSERT_TRUE(refused);
  std::vector<std::string> lines = server.LogLines(2);
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& text : lines) {
    EXPECT_EQ(text.find("SECRET"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(text)["status"], 400);
    EXPECT_EQ(nlohmann::json::parse(text)["route"], "-");
  }
}

TEST(ServerConnections, BeyondMaxConnectionsGets503) {
  ServerOptions options;
  options.max_connections = 2;
  TestServer server(options);
  Socket a(server.port());
  Socket b(server.port());
  for (Socket* socket : {&a, &b}) {
    socket->Send(Get("/hello"));
    auto response = socket->Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
  }
  Socket c(server.port());
  auto busy = c.Read();
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(busy->Header("retry-after"), "1");
  EXPECT_EQ(nlohmann::json::parse(busy->body)["code"], "unavailable");
  ExpectSecurityHeaders(*busy);
  EXPECT_TRUE(c.ReadsEof());
  EXPECT_EQ(server.handler().calls, 2);
}

TEST(ServerListen, PortInUseIsUnavailable) {
  TestServer first;
  TestHandler handler;
  ServerOptions options;
  options.port = first.port();
  Server second(options, handler);
  auto status = second.Listen();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), core::Code::kUnavailable);
  EXPECT_NE(
      status.error().message().find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
      std::string::npos)
      << status.error().message();
}

TEST(ServerListen, BadHostIsUnavailable) {
  TestHandler handler;
  ServerOptions options;
  options.host = "256.1.1.1";
  options.port = 0;
  Server server(options, handler);
  auto status = server.Listen();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), core::Code::kUnavailable);
  EXPECT_EQ(status.error().message().rfind("cannot listen on 256.1.1.1:0: ", 0), 0u);
}

TEST(ServerStop, RequestInFlightCompletesIdleClosesNewRefusedRunReturns) {
  TestServer server;
  uint16_t port = server.port();
  Socket idle(port);
  idle.Send(Get("/hello"));
  ASSERT_TRUE(idle.Read());
  Socket busy(port);
  busy.Send(Get("/gate"));
  ASSERT_TRUE(server.handler().WaitForGate());

  server.server().Stop();
  EXPECT_TRUE(idle.ReadsEof());
  // The idle connection was closed after the acceptor, so this must be refused.
  Socket late(port);
  EXPECT_FALSE(late.connected());

  // Answered from another thread, as the database thread would.
  Handler::Respond respond = server.handler().TakeGate();
  std::thread([respond] { respond(Json(200, R"({"done":true})")); }).join();
  auto response = busy.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"done":true})");
  EXPECT_EQ(LowerText(response->Header("connection")), "close");
  EXPECT_TRUE(busy.ReadsEof());
  server.JoinRun();  // returns without waiting out the grace period
}

TEST(ServerStop, StopBeforeRunReturnsAtOnce) {
  TestHandler handler;
  ServerOptions options;
  options.port = 0;
  options.handle_signals = false;
  Server server(options, handler);
  ASSERT_TRUE(server.Listen());
  server.Stop();
  server.Run();
  Socket late(server.port());
  EXPECT_FALSE(late.connected());
}

TEST(ServerStop, GraceEndsRunAndLateRespondIsHarmless) {
  ServerOptions options;
  options.shutdown_grace = 100ms;
  auto server = std::make_unique<TestServer>(options);
  Socket busy(server->port());
  busy.Send(Get("/gate"));
  ASSERT_TRUE(server->handler().WaitForGate());
  Handler::Respond respond = server->handler().TakeGate();
  server->server().Stop();
  server->JoinRun();         // the handler never answered: Run returns after the grace
  respond(Json(200, "{}"));  // the server stopped but still exists
  server.reset();
  EXPECT_TRUE(busy.ReadsEof());
  respond(Json(200, "{}"));  // the server is gone
}

// Whether the server has read the half request yet or not, destroying it
// after Stop closes the connection.
TEST(ServerStop, HalfSentRequestClosedBySpotOrGrace) {
  ServerOptions options;
  options.shutdown_grace = 100ms;
  auto server = std::make_unique<TestServer>(options);
  Socket idle(server->port());
  idle.Send(Get("/hello"));
  ASSERT_TRUE(idle.Read());
  Socket partial(server->port());
  partial.Send("GET /hello HTTP/1.1\r\n");
  server.reset();
  EXPECT_TRUE(idle.ReadsEof());
  EXPECT_TRUE(partial.ReadsEof());
}

}  // namespace
}  // namespace sg::http
