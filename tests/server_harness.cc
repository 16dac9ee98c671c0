#include "server_harness.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <utility>

#include "api/app.h"
#include "http/form.h"
#include "http/server.h"
#include "store/journey_store.h"

namespace sg::testing {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Has(const HeaderList& headers, std::string_view name) {
  const std::string lower = Lower(name);
  for (const auto& [key, value] : headers) {
    if (Lower(key) == lower) return true;
  }
  return false;
}

bool ChangesState(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// --- a blocking HTTP/1.1 exchange over loopback ---

class Socket {
 public:
  explicit Socket(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return;
    // A server that never answers fails the test instead of hanging it.
    timeval timeout{30, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
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

  bool ok() const { return fd_ >= 0; }

  // False when the server stopped reading (it may still have answered, e.g.
  // 413 for a body over the limit).
  bool WriteAll(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Appends what arrives; false at the end of the stream or on error.
  bool ReadSome(std::string& into) {
    char buffer[16384];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    into.append(buffer, static_cast<size_t>(n));
    return true;
  }

 private:
  int fd_ = -1;
};

// Decodes a chunked body; nullopt until it is complete.
std::optional<std::string> Dechunk(std::string_view data) {
  std::string body;
  size_t at = 0;
  for (;;) {
    const size_t line_end = data.find("\r\n", at);
    if (line_end == std::string_view::npos) return std::nullopt;
    const size_t size =
        std::strtoul(std::string(data.substr(at, line_end - at)).c_str(), nullptr, 16);
    at = line_end + 2;
    if (size == 0) return body;
    if (data.size() < at + size + 2) return std::nullopt;
    body.append(data.substr(at, size));
    at += size + 2;
  }
}

// Reads one response: through the header, then Content-Length bytes, a
// chunked body, or up to the end of the stream.
HttpResult ReadResponse(Socket& socket, bool head) {
  HttpResult result;
  std::string data;
  size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    if (!socket.ReadSome(data)) return result;
  }
  std::string_view head_text = std::string_view(data).substr(0, header_end);
  size_t line_end = head_text.find("\r\n");
  std::string_view status_line = head_text.substr(0, line_end);
  if (status_line.size() < 12) return result;
  result.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  std::optional<size_t> length;
  bool chunked = false;
  while (line_end != std::string_view::npos) {
    const size_t start = line_end + 2;
    line_end = head_text.find("\r\n", start);
    std::string_view line = head_text.substr(
        start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = Lower(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (name == "content-length") length = std::strtoul(std::string(value).c_str(), nullptr, 10);
    if (name == "transfer-encoding" && Lower(value).find("chunked") != std::string::npos) {
      chunked = true;
    }
    result.headers.emplace_back(std::move(name), std::string(value));
  }
  if (head || result.status == 204 || result.status == 304) return result;
  const size_t body_start = header_end + 4;
  if (chunked) {
    std::optional<std::string> body;
    while (!(body = Dechunk(std::string_view(data).substr(body_start)))) {
      if (!socket.ReadSome(data)) break;
    }
    result.body = body.value_or(data.substr(body_start));
    return result;
  }
  while (!length || data.size() < body_start + *length) {
    if (!socket.ReadSome(data)) break;
  }
  result.body = data.substr(body_start, length.value_or(std::string::npos));
  return result;
}

// Forwards to the App once it exists: the App needs the server's port (for
// its allowed origin) and the server needs a handler before it can listen.
class Forward final : public http::Handler {
 public:
  void Handle(http::Request request, Respond respond) override {
    http::Handler* target = target_.load();
    if (target == nullptr) {
      respond(http::Problem(503, "unavailable", "the test server is starting"));
      return;
    }
    target->Handle(std::move(request), std::move(respond));
  }
  void set_target(http::Handler* target) { target_ = target; }

 private:
  std::atomic<http::Handler*> target_ = nullptr;
};

}  // namespace

// --- HttpResult ---

std::string HttpResult::Header(std::string_view name) const {
  const std::string lower = Lower(name);
  for (const auto& [key, value] : headers) {
    if (key == lower) return value;
  }
  return "";
}

std::vector<std::string> HttpResult::Headers(std::string_view name) const {
  const std::string lower = Lower(name);
  std::vector<std::string> out;
  for (const auto& [key, value] : headers) {
    if (key == lower) out.push_back(value);
  }
  return out;
}

bool HttpResult::HasHeader(std::string_view name) const {
  const std::string lower = Lower(name);
  for (const auto& [key, value] : headers) {
    if (key == lower) return true;
  }
  return false;
}

nlohmann::json HttpResult::json() const {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    ADD_FAILURE() << "the response (status " << status << ") is not JSON: " << body;
    return nullptr;
  }
  return parsed;
}

// --- Client ---

Client::Client(uint16_t port) : port_(port) {}

nlohmann::json WaitForJob(Client& client, const std::string& location) {
  for (int i = 0; i < 6000; ++i) {
    HttpResult r = client.Get(location);
    if (r.status != 200) {
      ADD_FAILURE() << "GET " << location << ": " << r.status << " " << r.body;
      return nullptr;
    }
    nlohmann::json job = r.json();
    if (job["state"] == "succeeded" || job["state"] == "failed") return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "the job at " << location << " did not finish";
  return nullptr;
}

HttpResult Client::PostForm(std::string_view target,
                            const std::vector<std::pair<std::string, std::string>>& fields,
                            bool with_csrf) {
  std::string body;
  auto add = [&body](std::string_view name, std::string_view value) {
    if (!body.empty()) body += '&';
    body += http::UrlEncode(name) + "=" + http::UrlEncode(value);
  };
  for (const auto& [name, value] : fields) add(name, value);
  if (with_csrf && !csrf_token_.empty()) add("csrf_token", csrf_token_);
  const bool sent_csrf = send_csrf_;
  send_csrf_ = false;  // a browser's form carries no X-CSRF-Token header
  HttpResult result = Exchange("POST", target, std::move(body),
                               {{"Content-Type", "application/x-www-form-urlencoded"},
                                {"Origin", fmt::format("http://127.0.0.1:{}", port_)}});
  send_csrf_ = sent_csrf;
  return result;
}

HttpResult Client::Exchange(std::string_view method, std::string_view target, std::string body,
                            HeaderList headers) {
  if (!session_token_.empty() && !Has(headers, "cookie")) {
    headers.emplace_back("Cookie", fmt::format("{}={}", api::kSessionCookie, session_token_));
  }
  if (!session_token_.empty() && send_csrf_ && ChangesState(method) &&
      !Has(headers, "x-csrf-token")) {
    headers.emplace_back("X-CSRF-Token", csrf_token_);
  }
  if (!bearer_.empty() && !Has(headers, "authorization")) {
    headers.emplace_back("Authorization", "Bearer " + bearer_);
  }
  if (origin_ && !Has(headers, "origin")) headers.emplace_back("Origin", *origin_);
  std::string request =
      fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", method, target, port_);
  for (const auto& [name, value] : headers) request += fmt::format("{}: {}\r\n", name, value);
  if (!body.empty() || ChangesState(method)) {
    request += fmt::format("Content-Length: {}\r\n", body.size());
  }
  request += "Connection: close\r\n\r\n";
  request += body;
  Socket socket(port_);
  if (!socket.ok()) {
    ADD_FAILURE() << "cannot connect to the test server on port " << port_;
    return {};
  }
  socket.WriteAll(request);
  HttpResult result = ReadResponse(socket, method == "HEAD");
  for (const std::string& cookie : result.Headers("set-cookie")) {
    const std::string prefix = fmt::format("{}=", api::kSessionCookie);
    if (cookie.rfind(prefix, 0) != 0) continue;
    session_token_ = cookie.substr(prefix.size(), cookie.find(';') - prefix.size());
    if (session_token_.empty()) csrf_token_.clear();
  }
  return result;
}

HttpResult Client::Get(std::string_view target, const HeaderList& headers) {
  return Exchange("GET", target, "", headers);
}

HttpResult Client::Delete(std::string_view target, const HeaderList& headers) {
  return Exchange("DELETE", target, "", headers);
}

HttpResult Client::Post(std::string_view target, const nlohmann::json& body,
                        const HeaderList& headers) {
  return PostText(target, body.dump(), "application/json", headers);
}

HttpResult Client::Put(std::string_view target, const nlohmann::json& body,
                       const HeaderList& headers) {
  HeaderList all = headers;
  if (!Has(all, "content-type")) all.emplace_back("Content-Type", "application/json");
  return Exchange("PUT", target, body.dump(), std::move(all));
}

HttpResult Client::Patch(std::string_view target, const nlohmann::json& body,
                         const HeaderList& headers) {
  HeaderList all = headers;
  if (!Has(all, "content-type")) all.emplace_back("Content-Type", "application/json");
  return Exchange("PATCH", target, body.dump(), std::move(all));
}

HttpResult Client::PostText(std::string_view target, std::string body,
                            std::string_view content_type, const HeaderList& headers) {
  HeaderList all = headers;
  if (!Has(all, "content-type")) all.emplace_back("Content-Type", std::string(content_type));
  return Exchange("POST", target, std::move(body), std::move(all));
}

HttpResult Client::Send(std::string_view method, std::string_view target, std::string body,
                        const HeaderList& headers) {
  return Exchange(method, target, std::move(body), headers);
}

HttpResult Client::SendRaw(std::string_view bytes) {
  Socket socket(port_);
  if (!socket.ok()) {
    ADD_FAILURE() << "cannot connect to the test server on port " << port_;
    return {};
  }
  socket.WriteAll(bytes);
  return ReadResponse(socket, false);
}

HttpResult Client::SignIn(std::string_view username, std::string_view password) {
  HttpResult result = Post("/api/v1/session", {{"username", username}, {"password", password}});
  if (result.status == 201) {
    nlohmann::json body = nlohmann::json::parse(result.body, nullptr, false);
    if (!body.is_discarded() && body.contains("csrf_token") && body["csrf_token"].is_string()) {
      csrf_token_ = body["csrf_token"].get<std::string>();
    }
  }
  return result;
}

HttpResult Client::SignOut() {
  HttpResult result = Delete("/api/v1/session");
  ForgetSession();
  return result;
}

void Client::ForgetSession() {
  session_token_.clear();
  csrf_token_.clear();
}

// --- HarnessClock ---

core::Date HarnessClock::Today() const {
  // 86400 seconds a day since 1970-01-01, the epoch of Date too.
  return core::Date::FromDays(static_cast<int32_t>(now_.load() / 86400));
}

std::string HarnessClock::NowUtc() const {
  return core::UtcFromUnixSeconds(now_.load());
}

// --- TestServer ---

struct TestServer::Running {
  Forward forward;
  std::unique_ptr<http::Server> server;
  std::unique_ptr<api::App> app;
  std::thread thread;
};

TestServer::TestServer(HarnessOptions options)
    : clock_(int64_t{options.today.days()} * 86400 + 9 * 3600),
      system_(access::Actor::System("test", "set up the scene of a test")) {
  std::string pattern = (std::filesystem::temp_directory_path() / "sg-api-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "cannot make a temporary directory";
    return;
  }
  directory_ = pattern;
  database_path_ = directory_ + "/safeguard.db";
  auto opened = store::OpenSqlite(database_path_, store::OpenMode::kCreateIfMissing);
  if (!opened) {
    ADD_FAILURE() << "cannot create the database: " << opened.error().message();
    return;
  }
  db_ = std::move(*opened);
  options.accounts.cost = access::HashCost::kMinimum;
  gate_ = std::make_unique<access::Gate>(*db_, clock_);
  journey_ = std::make_unique<journey::Journey>(
      *gate_, core::WorkingCalendar::EnglandAndWales(), core::CodeLists::Embedded(),
      journey::PlacementLookup{options.postcodes, options.authority});
  accounts_ = std::make_unique<access::Accounts>(*db_, clock_, options.accounts);
  if (!BuildCast()) return;
  running_ = StartServer(options);
}

TestServer::~TestServer() {
  Stop();
  accounts_.reset();
  journey_.reset();
  gate_.reset();
  db_.reset();
  if (!directory_.empty()) {
    std::error_code error;
    std::filesystem::remove_all(directory_, error);
  }
}

bool TestServer::BuildCast() {
  teams_.assessment = AddTeam("LA-CSC", "Assessment Team 1");
  teams_.front_door = AddTeam("LA-CSC", "Front Door (ChECS)");
  teams_.business_unit = AddTeam("LA-CSC", "Partnership Business Unit");
  teams_.police = AddTeam("POLICE", "Public Protection Unit");
  teams_.hospital = AddTeam("MCHFT", "Safeguarding Children Team");
  teams_.school = AddTeam("SCHOOLS", "Wistaston Primary School");
  using access::Role;
  users_.social_worker = AddUser("socialworker", Role::kSocialWorker, teams_.assessment);
  users_.manager = AddUser("manager", Role::kTeamManager, teams_.assessment);
  users_.front_door = AddUser("frontdoor", Role::kFrontDoorPractitioner, teams_.front_door);
  users_.police = AddUser("police.officer", Role::kPartnerPractitioner, teams_.police);
  users_.health = AddUser("health", Role::kPartnerPractitioner, teams_.hospital);
  users_.school = AddUser("school", Role::kDesignatedSafeguardingLead, teams_.school);
  users_.analyst = AddUser("analyst", Role::kPartnershipAnalyst, teams_.business_unit, false);
  users_.auditor = AddUser("auditor", Role::kAuditor, teams_.business_unit, false);
  users_.admin = AddUser("admin", Role::kAdministrator, teams_.business_unit, false);
  return users_.admin.id != 0 && users_.social_worker.id != 0;
}

bool TestServer::StartServer(const HarnessOptions& options) {
  running_state_ = std::make_unique<Running>();
  Running& run = *running_state_;
  http::ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.io_threads = options.io_threads;
  server_options.max_body_bytes = options.max_body_bytes;
  server_options.handle_signals = false;
  server_options.access_log = [this](std::string_view line) {
    std::lock_guard lock(log_mu_);
    access_log_.emplace_back(line);
  };
  run.server = std::make_unique<http::Server>(server_options, run.forward);
  if (auto listening = run.server->Listen(); !listening) {
    ADD_FAILURE() << "the test server cannot listen: " << listening.error().message();
    return false;
  }
  port_ = run.server->port();
  api::AppOptions app_options;
  app_options.database_path = database_path_;
  app_options.origins = options.origins;
  app_options.origins.push_back(origin());
  app_options.accounts = options.accounts;
  app_options.accounts.cost = access::HashCost::kMinimum;
  app_options.max_batch = options.max_batch;
  app_options.jobs_directory = directory_ + "/jobs";
  app_options.postcodes = options.postcodes;
  app_options.authority = options.authority;
  app_options.clock = &clock_;
  if (options.extra_routes) {
    app_options.routes = api::AllRoutes();
    options.extra_routes(*app_options.routes);
  }
  auto app = api::App::Start(std::move(app_options));
  if (!app) {
    ADD_FAILURE() << "the App did not start: " << app.error().message();
    return false;
  }
  run.app = std::move(*app);
  run.forward.set_target(run.app.get());
  run.thread = std::thread([server = run.server.get()] { server->Run(); });
  return true;
}

void TestServer::Stop() {
  if (!running_state_) return;
  Running& run = *running_state_;
  if (run.server) run.server->Stop();
  if (run.thread.joinable()) run.thread.join();
  if (run.app) run.app->Drain();
  run.forward.set_target(nullptr);
  run.app.reset();
  run.server.reset();
  running_state_.reset();
  running_ = false;
}

std::string TestServer::origin() const {
  return fmt::format("http://127.0.0.1:{}", port_);
}

Client TestServer::SignedIn(const TestUser& user) const {
  Client client(port_);
  HttpResult result = client.SignIn(user.username, user.password);
  EXPECT_EQ(result.status, 201) << "sign-in of " << user.username << ": " << result.body;
  return client;
}

int64_t TestServer::AddTeam(std::string_view agency_code, std::string_view name) {
  store::JourneyStore store(*db_);
  auto agency = store.FindAgencyByCode(agency_code);
  if (!agency || !*agency) {
    ADD_FAILURE() << "no agency " << agency_code;
    return 0;
  }
  store::Team team;
  team.agency_id = (*agency)->id;
  team.name = std::string(name);
  auto id = store.InsertTeam(team);
  if (!id) {
    ADD_FAILURE() << "team " << name << ": " << id.error().message();
    return 0;
  }
  return *id;
}

int64_t TestServer::AddWorker(int64_t team_id, std::string_view name) {
  store::JourneyStore store(*db_);
  store::Worker worker;
  worker.team_id = team_id;
  worker.name = std::string(name);
  worker.role = "practitioner";
  auto id = store.InsertWorker(worker);
  if (!id) {
    ADD_FAILURE() << "worker " << name << ": " << id.error().message();
    return 0;
  }
  return *id;
}

TestUser TestServer::AddUser(std::string_view username, access::Role role, int64_t team_id,
                             bool with_worker, bool must_change_password,
                             std::string_view password) {
  TestUser user;
  user.username = std::string(username);
  user.password = std::string(password);
  user.role = role;
  user.team_id = team_id;
  if (with_worker) user.worker_id = AddWorker(team_id, fmt::format("Worker {}", username));
  access::NewUser request;
  request.username = user.username;
  request.display_name = fmt::format("Test user {}", username);
  request.email = fmt::format("{}@example.org", username);
  request.team_id = team_id;
  request.worker_id = user.worker_id;
  request.role = role;
  request.password = user.password;
  request.must_change_password = must_change_password;
  auto added = accounts_->AddUser(system_, request);
  if (!added) {
    ADD_FAILURE() << "user " << username << ": " << added.error().message();
    return user;
  }
  user.id = added->id;
  return user;
}

int64_t TestServer::AddChild(std::string_view forename, std::string_view surname,
                             std::optional<core::Date> birth_date, std::string_view la_child_id) {
  store::Person child;
  child.forename = std::string(forename);
  child.surname = std::string(surname);
  child.birth_date = birth_date.value_or(core::AddMonths(today(), -120));
  if (!la_child_id.empty()) child.la_child_id = std::string(la_child_id);
  auto id = journey_->RegisterChild(system_, child);
  if (!id) {
    ADD_FAILURE() << "child " << forename << ": " << id.error().message();
    return 0;
  }
  return *id;
}

int64_t TestServer::Allocate(int64_t person_id, int64_t team_id, std::optional<int64_t> worker_id,
                             std::optional<core::Date> start) {
  auto id = journey_->Allocate(system_, person_id, team_id, worker_id, start.value_or(today()),
                               "allocated in a test");
  if (!id) {
    ADD_FAILURE() << "allocation: " << id.error().message();
    return 0;
  }
  return *id;
}

int64_t TestServer::Involve(int64_t person_id, int64_t team_id, std::optional<int64_t> worker_id,
                            std::optional<core::Date> start, std::string_view lawful_basis) {
  auto id = journey_->Involve(system_, person_id, team_id, worker_id, start.value_or(today()),
                              std::string(lawful_basis), false, "involved in a test");
  if (!id) {
    ADD_FAILURE() << "involvement: " << id.error().message();
    return 0;
  }
  return *id;
}

int64_t TestServer::AddNote(int64_t person_id, std::string_view summary,
                            std::string_view classification, std::optional<core::Date> date) {
  journey::NewNote note;
  note.person_id = person_id;
  note.date = date.value_or(today());
  note.summary = std::string(summary);
  note.classification = std::string(classification);
  access::Actor author = system_;
  if (classification == "police-restricted") author.agency = "POLICE";
  if (classification == "health-restricted") author.agency = "CCG";
  auto id = journey_->AddNote(author, note);
  if (!id) {
    ADD_FAILURE() << "note: " << id.error().message();
    return 0;
  }
  return *id;
}

std::string TestServer::IssueToken(std::string_view username,
                                   const std::vector<std::string>& scopes) {
  auto issued = accounts_->IssueToken(system_, username, "test token", scopes, std::nullopt);
  if (!issued) {
    ADD_FAILURE() << "token for " << username << ": " << issued.error().message();
    return "";
  }
  return issued->second;
}

void TestServer::DisableUser(std::string_view username) {
  if (auto disabled = accounts_->DisableUser(system_, username); !disabled) {
    ADD_FAILURE() << "disable " << username << ": " << disabled.error().message();
  }
}

int64_t TestServer::CountRows(std::string_view table) {
  for (char c : table) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      ADD_FAILURE() << "not a table name: " << table;
      return -1;
    }
  }
  // A table name cannot be a bound parameter; it is checked above and comes
  // from the test's own text.
  auto count = db_->QueryInt(fmt::format("SELECT COUNT(*) FROM {}", table), {});
  if (!count) {
    ADD_FAILURE() << "count of " << table << ": " << count.error().message();
    return -1;
  }
  return *count;
}

std::vector<std::string> TestServer::AccessLog() const {
  std::lock_guard lock(log_mu_);
  return access_log_;
}

}  // namespace sg::testing
