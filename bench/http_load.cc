// http_load: an open-loop HTTP load generator for bench/server_bench.sh.
//
//   http_load --port P --rate R --connections C --seconds S --requests FILE
//
// Why open loop. A closed-loop client (wrk) sends the next request only when
// the last answer arrives, so with C connections the mean latency is always
// C / throughput: it measures the server's capacity, not the latency a user
// sees at a given load, and a stalled server makes the client send less
// exactly when it matters ("coordinated omission"). This client instead
// schedules request i at start + i / R whatever happened before, spreads the
// schedule over C keep-alive connections, and measures each latency from the
// request's *scheduled* time, so time a request spent waiting behind a slow
// one is counted.
//
// FILE holds one request per line: "<path> <cookie header value>". Requests
// are taken round-robin. Prints one line of figures; exits 1 when any answer
// was not 200 or a connection failed.
#include <utility>  // before asio: its awaitable.hpp uses std::exchange

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Clock = std::chrono::steady_clock;

struct Options {
  int port = 0;
  double rate = 5000;
  int connections = 200;
  double seconds = 20;
  std::string requests_file;
};

struct Shared {
  Options options;
  std::vector<std::pair<std::string, std::string>> requests;  // path, cookie
  Clock::time_point start;
  long long total = 0;  // requests scheduled in the run
  std::vector<double> latencies_ms;
  long long not_ok = 0;
  long long failures = 0;
};

asio::awaitable<void> Connection(Shared& shared, int index) {
  auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream stream(executor);
  beast::error_code ec;
  co_await stream.async_connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                              static_cast<unsigned short>(shared.options.port)),
      asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    ++shared.failures;
    co_return;
  }
  asio::steady_timer timer(executor);
  beast::flat_buffer buffer;
  const auto interval = std::chrono::duration<double>(1.0 / shared.options.rate);
  for (long long i = index; i < shared.total; i += shared.options.connections) {
    const auto scheduled =
        shared.start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(i));
    if (Clock::now() < scheduled) {
      timer.expires_at(scheduled);
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    const auto& [path, cookie] = shared.requests[static_cast<size_t>(i) % shared.requests.size()];
    bhttp::request<bhttp::empty_body> request{bhttp::verb::get, path, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    request.set(bhttp::field::cookie, cookie);
    request.keep_alive(true);
    co_await bhttp::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      ++shared.failures;
      co_return;
    }
    bhttp::response<bhttp::string_body> response;
    co_await bhttp::async_read(stream, buffer, response,
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      ++shared.failures;
      co_return;
    }
    shared.latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - scheduled).count());
    if (response.result_int() != 200) ++shared.not_ok;
  }
}

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t at = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
  return sorted[at];
}

bool ParseArgs(int argc, char** argv, Options& options) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    const char* value = argv[i + 1];
    if (name == "--port") options.port = std::atoi(value);
    else if (name == "--rate") options.rate = std::atof(value);
    else if (name == "--connections") options.connections = std::atoi(value);
    else if (name == "--seconds") options.seconds = std::atof(value);
    else if (name == "--requests") options.requests_file = value;
    else return false;
  }
  return options.port > 0 && options.rate > 0 && options.connections > 0 &&
         options.seconds > 0 && !options.requests_file.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Shared shared;
  if (!ParseArgs(argc, argv, shared.options)) {
    std::fprintf(stderr,
                 "usage: http_load --port P --rate R --connections C --seconds S --requests FILE\n");
    return 64;
  }
  std::ifstream in(shared.options.requests_file);
  for (std::string line; std::getline(in, line);) {
    auto space = line.find(' ');
    if (space == std::string::npos) continue;
    shared.requests.emplace_back(line.substr(0, space), line.substr(space + 1));
  }
  if (shared.requests.empty()) {
    std::fprintf(stderr, "http_load: no requests in %s\n", shared.options.requests_file.c_str());
    return 66;
  }
  shared.total = static_cast<long long>(shared.options.rate * shared.options.seconds);
  shared.latencies_ms.reserve(static_cast<size_t>(shared.total));
  asio::io_context io(1);
  shared.start = Clock::now() + std::chrono::milliseconds(200);  // after connecting
  for (int c = 0; c < shared.options.connections; ++c) {
    asio::co_spawn(io, Connection(shared, c), asio::detached);
  }
  io.run();
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - shared.start).count();
  auto& l = shared.latencies_ms;
  std::sort(l.begin(), l.end());
  std::printf(
      "open loop: offered %.0f req/s on %d connections for %.0f s: answered %zu in %.2f s "
      "(%.0f req/s); latency from the scheduled time p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
      "p99.9 %.2f ms, max %.2f ms; not 200: %lld; failed connections: %lld\n",
      shared.options.rate, shared.options.connections, shared.options.seconds, l.size(), elapsed,
      static_cast<double>(l.size()) / elapsed, Percentile(l, 50), Percentile(l, 90),
      Percentile(l, 99), Percentile(l, 99.9), l.empty() ? 0 : l.back(), shared.not_ok,
      shared.failures);
  return shared.not_ok == 0 && shared.failures == 0 ? 0 : 1;
}
