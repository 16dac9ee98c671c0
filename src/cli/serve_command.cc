// safeguard serve: the JSON API over HTTP (api::App behind http::Server)
// until SIGTERM or SIGINT, then a graceful stop: no new connections, the
// requests in flight answered, the database queue drained, a last audit
// checkpoint signed.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/app.h"
#include "cli/common.h"
#include "cli/registered.h"
#include "http/server.h"
#include "pages/page.h"
#include "pages/pages.h"
#include "places/postcode_directory.h"
#include "returns/ssda903_places.h"
#include "store/journey_store.h"

namespace sg::cli {
namespace {

struct ServeArgs {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::vector<std::string> origins;
  int io_threads = 1;
  std::string jobs_dir;  // default: DB.jobs
};

struct Address {
  std::string host;
  uint16_t port = 0;
};

// "HOST:PORT", or "[v6 address]:PORT".
core::Result<Address> ParseListen(std::string_view text) {
  const auto colon = text.rfind(':');
  auto bad = [&] {
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("--listen '{}' is not HOST:PORT (e.g. 127.0.0.1:8080)", text));
  };
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string_view host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos) {
    return bad();
  }
  const int number = std::stoi(std::string(port));
  if (number > 65535) return bad();
  return Address{std::string(host), static_cast<uint16_t>(number)};
}

std::string HostInUrl(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::vector<std::string> DefaultOrigins(const Address& address) {
  std::vector<std::string> origins = {
      fmt::format("http://{}:{}", HostInUrl(address.host), address.port)};
  if (address.host == "127.0.0.1" || address.host == "::1") {
    origins.push_back(fmt::format("http://localhost:{}", address.port));
  }
  return origins;
}

// The responsible authority's ONS code from the database's DfE number, for
// placements' IN/OUT; "" when the database does not say.
std::string AuthorityOf(store::Database& db) {
  store::JourneyStore journey(db);
  auto number = journey.GetSetting("la_number");
  if (!number || !*number) return "";
  auto code = returns::ResolveAuthority(**number);
  return code ? *code : "";
}

// Hands requests to the App once it has started: the App's allowed origins
// need the port the server bound, and the server needs a handler to bind.
class Forward final : public http::Handler {
 public:
  void Handle(http::Request request, Respond respond) override {
    api::App* app = app_.load();
    if (app == nullptr) {
      respond(http::Problem(503, "unavailable", "the server is starting; try again"));
      return;
    }
    app->Handle(std::move(request), std::move(respond));
  }
  void set_app(api::App* app) { app_ = app; }

 private:
  std::atomic<api::App*> app_ = nullptr;
};

int RunServe(const Context& context, const ServeArgs& args) {
  auto address = ParseListen(args.listen);
  if (!address) return Report(address.error());
  std::string authority;
  {
    auto db = OpenExisting(args.db);
    if (!db) return Report(db.error());
    authority = AuthorityOf(**db);
  }
  auto clock = MakeClock(context);
  const auto postcodes = places::PostcodeDirectory::OpenDefault();
  if (!postcodes) {
    std::fprintf(stderr,
                 "safeguard: no postcode index (%s); placements' distance and IN/OUT stay "
                 "unknown\n",
                 postcodes.error().message().c_str());
  }

  Forward forward;
  http::ServerOptions server_options;
  server_options.host = address->host;
  server_options.port = address->port;
  server_options.io_threads = std::max(1, args.io_threads);
  server_options.handle_signals = true;
  http::Server server(server_options, forward);
  if (auto listening = server.Listen(); !listening) return Report(listening.error());
  const Address bound{address->host, server.port()};

  api::AppOptions options;
  options.database_path = args.db;
  options.origins = args.origins.empty() ? DefaultOrigins(bound) : args.origins;
  options.jobs_directory = args.jobs_dir;
  options.postcodes = postcodes ? &*postcodes : nullptr;
  options.authority = authority;
  options.clock = clock.get();
  options.calendar = context.calendar;
  options.routes = pages::AllRoutesWithPages();  // the JSON API and the pages
  options.page_not_found = pages::ErrorPage;
  options.codes = context.codes;
  auto app = api::App::Start(std::move(options));
  if (!app) return Report(app.error());
  forward.set_app(app->get());

  std::fprintf(stderr, "Safeguard is listening on http://%s:%u\n", HostInUrl(bound.host).c_str(),
               static_cast<unsigned>(bound.port));
  server.Run();  // until SIGTERM or SIGINT
  (*app)->Drain();
  forward.set_app(nullptr);
  std::fprintf(stderr, "Safeguard has stopped.\n");
  return 0;
}

}  // namespace

std::vector<Registered> AddServeCommand(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  auto* command = app.add_subcommand("serve", "Serve the JSON API over HTTP");
  command->add_option("--db", args->db, "SQLite database file")->required();
  command->add_option("--listen", args->listen,
                      "Address to listen on, HOST:PORT (default 127.0.0.1:8080; port 0: any)");
  command->add_option("--origin", args->origins,
                      "An origin whose pages may change data with a session, e.g. "
                      "https://safeguard.example.org (repeatable; default: the listen address)");
  command->add_option("--io-threads", args->io_threads, "Threads serving connections (default 1)")
      ->check(CLI::Range(1, 64));
  command->add_option("--jobs-dir", args->jobs_dir,
                      "Where imports and reports leave their files (default DB.jobs)");
  auto run = [args](const Context& context) { return RunServe(context, *args); };
  return {Registered{command, run}};
}

}  // namespace sg::cli
