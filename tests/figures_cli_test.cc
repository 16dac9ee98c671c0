// End-to-end tests of the partnership's figures: `safeguard indicators`,
// `benchmarks`, `scorecard` and `report annual`. Each test runs the real
// binary and checks what it prints, its exit status and what it leaves on
// disk, against the contract in docs/indicators.md (INDICATORS.md), the
// shipped config/targets.conf and the records themselves.
//
// Design: every test reads the same demonstration authority (seed 1, five
// years to 2026-11-26). Building it takes ~15 s and ctest runs each test in
// a process of its own, so it is built once into a cache beside the program
// (rebuilt when the program is newer), under a file lock so parallel test
// processes wait for one build; each process then works on its own copy,
// because every figures command appends to the database's audit log.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

#include "cli_harness.h"

namespace {

using namespace sg::testing;  // NOLINT: the harness is this file's vocabulary

// The demo's last day, also the stopped clock of every run.
constexpr const char* kUntil = "2026-11-26";
constexpr size_t kIndicatorCount = 48;

fs::path Source(const std::string& relative) { return fs::path(SAFEGUARD_SOURCE_DIR) / relative; }

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---- The demo authority, built once ----------------------------------------

// An exclusive flock held for the object's life.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) : fd_(::open(path.c_str(), O_CREAT | O_RDWR, 0644)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

void RemoveDatabase(const fs::path& db) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix, ignored);
}

// The cached demo, built if missing or older than the program; empty on failure.
fs::path CachedDemo() {
  const fs::path dir = fs::path(SAFEGUARD_BIN).parent_path() / "test-cache";
  std::error_code error;
  fs::create_directories(dir, error);
  const fs::path db = dir / (std::string("figures-demo-seed1-5y-") + kUntil + ".sqlite");
  FileLock lock(dir / "figures-demo.lock");
  if (fs::exists(db, error) &&
      fs::last_write_time(db, error) >= fs::last_write_time(SAFEGUARD_BIN, error)) {
    return db;
  }
  const fs::path building = dir / "figures-demo.building.sqlite";
  RemoveDatabase(building);
  const fs::path io = MakeTempDir("figures_cli_demo");
  Outcome built = RunSafeguard(io, io, {"--today", kUntil, "demo", "--db", building.string(),
                                        "--seed", "1", "--years", "5", "--until", kUntil});
  fs::remove_all(io, error);
  if (built.status != 0) {
    ADD_FAILURE() << "the demo could not be built: " << built.err;
    RemoveDatabase(building);
    return {};
  }
  fs::rename(building, db, error);
  if (error) ADD_FAILURE() << "cannot keep the demo in " << db << ": " << error.message();
  return error ? fs::path() : db;
}

// The process's own copy of the demo database.
class DemoAuthority : public ::testing::Environment {
 public:
  void SetUp() override {
    // Runs must see the shipped data, whatever the developer's shell sets.
    for (const char* name : {"SAFEGUARD_BENCHMARKS", "SAFEGUARD_TARGETS", "SAFEGUARD_NARRATIVE",
                             "SAFEGUARD_BANK_HOLIDAYS"}) {
      ::unsetenv(name);
    }
    const fs::path cached = CachedDemo();
    if (cached.empty()) return;
    dir_ = MakeTempDir("figures_cli");
    std::error_code error;
    fs::copy_file(cached, dir_ / "demo.sqlite", error);
    if (error) {
      ADD_FAILURE() << "cannot copy the demo: " << error.message();
      return;
    }
    db_ = dir_ / "demo.sqlite";
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }
  static const fs::path& db() { return db_; }

 private:
  fs::path dir_;
  static inline fs::path db_;
};

[[maybe_unused]] ::testing::Environment* const kDemo =
    ::testing::AddGlobalTestEnvironment(new DemoAuthority);

// ---- The catalogue, as docs/indicators.md documents it ---------------------

struct Entry {
  std::string id, title, unit, polarity;
};

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

std::vector<std::string> SplitOn(const std::string& line, char separator) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, separator);) cells.push_back(Trim(cell));
  return cells;
}

// Its table rows: | `id` | title | unit | polarity | rule | source |
const std::vector<Entry>& Catalogue() {
  static const std::vector<Entry> entries = [] {
    std::vector<Entry> parsed;
    std::istringstream in(ReadFile(Source("docs/indicators.md")));
    for (std::string line; std::getline(in, line);) {
      if (!line.starts_with("| `")) continue;
      std::vector<std::string> cells = SplitOn(line, '|');  // cells[0] is before the first bar
      if (cells.size() < 5) continue;
      std::string id = cells[1];
      std::erase(id, '`');
      parsed.push_back({id, cells[2], cells[3], cells[4]});
    }
    return parsed;
  }();
  return entries;
}

// Rounded to one decimal place, half away from zero (INDICATORS.md).
double Round1(double x) { return std::round(x * 10) / 10; }

std::map<std::string, json> ById(const json& list) {
  std::map<std::string, json> out;
  for (const json& item : list) out[item["id"].get<std::string>()] = item;
  return out;
}

// ---- The partnership's targets, read the simple way ------------------------

struct ExpectedTarget {
  double value = 0;
  std::optional<double> amber;
};

std::map<std::string, ExpectedTarget> ShippedTargets() {
  std::map<std::string, ExpectedTarget> targets;
  std::istringstream in(ReadFile(Source("config/targets.conf")));
  for (std::string line; std::getline(in, line);) {
    line = Trim(line);
    if (line.empty() || line.starts_with('#')) continue;
    const size_t eq = line.find('=');
    const std::string key = Trim(line.substr(0, eq));
    const double value = std::stod(line.substr(eq + 1));
    if (key.ends_with(".amber")) {
      targets[key.substr(0, key.size() - 6)].amber = value;
    } else {
      targets[key].value = value;
    }
  }
  return targets;
}

// targets.h: higher is better is green at or above the target, amber at or
// above the amber line (95% of the target by default); lower is better
// mirrored (105%); neutral or no target is not rated; null is no data.
std::string ExpectedRag(const std::string& polarity, const json& value,
                        const std::optional<ExpectedTarget>& target) {
  if (value.is_null()) return "no_data";
  if (!target || polarity == "neutral") return "not_rated";
  const double v = value.get<double>();
  if (polarity == "higher_is_better") {
    if (v >= target->value) return "green";
    return v >= target->amber.value_or(target->value * 0.95) ? "amber" : "red";
  }
  if (v <= target->value) return "green";
  return v <= target->amber.value_or(target->value * 1.05) ? "amber" : "red";
}

// ---- Files the commands write ------------------------------------------------

// The names in a zip's central directory (PK\1\2 records: name length at
// offset 28, name at 46).
std::set<std::string> ZipNames(const fs::path& path) {
  const std::string bytes = ReadFile(path);
  std::set<std::string> names;
  const std::string signature("PK\x01\x02", 4);
  for (size_t at = bytes.find(signature); at != std::string::npos && at + 46 <= bytes.size();
       at = bytes.find(signature, at + 4)) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[at + i]); };
    const size_t length = byte(28) | (byte(29) << 8);
    names.insert(bytes.substr(at + 46, length));
  }
  return names;
}

bool HaveTool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// A tool's stdout, or nullopt when it does not exit 0.
std::optional<std::string> ToolOutput(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  return ::pclose(pipe) == 0 ? std::optional(out) : std::nullopt;
}

std::string Quoted(const fs::path& path) {
  std::string quoted(1, '\'');
  quoted.append(path.string()).push_back('\'');
  return quoted;
}

// The text of the `pdfinfo` line "Name:   value".
std::string InfoField(const std::string& info, const std::string& name) {
  std::istringstream in(info);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(name + ":")) return Trim(line.substr(name.size() + 1));
  }
  return "";
}

// Whether an HTML heading (h1-h6) starts with `text`.
bool HasHeading(const std::string& html, const std::string& text) {
  for (size_t at = html.find("<h"); at != std::string::npos; at = html.find("<h", at + 2)) {
    if (at + 2 >= html.size() || html[at + 2] < '1' || html[at + 2] > '6') continue;
    const size_t close = html.find('>', at);
    if (close != std::string::npos && html.compare(close + 1, text.size(), text) == 0) return true;
  }
  return false;
}

// The HTML of the section whose heading has `id`, up to the next heading.
std::string SectionHtml(const std::string& html, const std::string& id) {
  const size_t start = html.find("id=\"" + id + "\"");
  if (start == std::string::npos) return "";
  const size_t heading_end = html.find("</h", start);
  const size_t next = html.find("<h", heading_end);
  return html.substr(start, next == std::string::npos ? std::string::npos : next - start);
}

// Whether `word` (any case) stands alone in `text`: "NaN" yes, "finance" no.
bool HasWord(const std::string& text, const std::string& word) {
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    const bool starts = at == 0 || !letter(lower[at - 1]);
    const bool ends = at + word.size() >= lower.size() || !letter(lower[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

// One CSV record (RFC 4180 quoting, no line breaks inside fields).
std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// ---- The fixture ---------------------------------------------------------------

class FiguresCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(DemoAuthority::db().empty()) << "no demo database";
    root_ = MakeTempDir("figures_cli_test");
    work_ = root_ / "work";
    io_ = root_ / "io";
    fs::create_directory(work_);
    fs::create_directory(io_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  static std::string Db() { return DemoAuthority::db().string(); }
  fs::path Path(const std::string& name) const { return work_ / name; }

  // Runs safeguard in the work folder with the demo's stopped clock.
  Outcome Run(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), {"--today", kUntil});
    return RunSafeguard(work_, io_, args, env);
  }

  // Runs safeguard and parses its JSON, failing the test unless it succeeds.
  json RunJson(const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env = {}) {
    Outcome o = Run(args, env);
    EXPECT_EQ(o.status, 0) << o.err;
    return o.status == 0 ? ParseJson(o.out) : json();
  }

  json Indicators(std::vector<std::string> period) {
    std::vector<std::string> args = {"indicators", "--db", Db(), "--format", "json"};
    args.insert(args.end(), period.begin(), period.end());
    return RunJson(args);
  }

  // Everything under the work folder, as paths relative to it.
  std::set<std::string> Listing() const {
    std::set<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(work_))
      files.insert(fs::relative(e.path(), work_).string());
    return files;
  }

  // Runs a command that must be refused: exit `status`, one message on
  // stderr containing each of `says`, nothing on stdout, no file left.
  void ExpectRefused(const std::vector<std::string>& args, int status,
                     const std::vector<std::string>& says,
                     const std::map<std::string, std::string>& env = {}) {
    SCOPED_TRACE(::testing::PrintToString(args));
    const std::set<std::string> before = Listing();
    Outcome o = Run(args, env);
    EXPECT_EQ(o.status, status) << o.err;
    EXPECT_TRUE(o.err.starts_with("safeguard: ")) << o.err;
    for (const std::string& part : says) {
      EXPECT_TRUE(Contains(o.err, part)) << "the message lacks '" << part << "': " << o.err;
    }
    EXPECT_EQ(o.out, "");
    EXPECT_EQ(Listing(), before) << "a refused run left a file behind";
  }

  fs::path root_, work_, io_;
};

// ---- indicators: the JSON contract ---------------------------------------------

TEST_F(FiguresCli, IndicatorsJsonHasTheDocumentedShapeEveryIdOnceInCatalogueOrder) {
  ASSERT_EQ(Catalogue().size(), kIndicatorCount) << "docs/indicators.md was not read";
  json doc = Indicators({"--year", "2026"});
  EXPECT_EQ(doc["la"], "895");
  EXPECT_EQ(doc["year"], 2026);
  EXPECT_EQ(doc["period"], json({{"start", "2025-04-01"}, {"end", "2026-03-31"}}));
  ASSERT_TRUE(doc["indicators"].is_array());
  ASSERT_EQ(doc["indicators"].size(), kIndicatorCount);
  for (size_t i = 0; i < kIndicatorCount; ++i) {
    const json& v = doc["indicators"][i];
    const Entry& expected = Catalogue()[i];
    SCOPED_TRACE(expected.id);
    EXPECT_EQ(v["id"], expected.id) << "out of catalogue order at " << i;
    EXPECT_EQ(v["unit"], expected.unit);
    EXPECT_TRUE(v.contains("value"));
    const bool count = expected.unit == "count";
    EXPECT_EQ(v.contains("numerator"), !count) << v;
    EXPECT_EQ(v.contains("denominator"), !count) << v;
    if (v["value"].is_null()) {
      EXPECT_TRUE(v.contains("reason") && v["reason"].is_string() &&
                  !v["reason"].get<std::string>().empty())
          << v;
    } else {
      EXPECT_FALSE(v.contains("reason")) << v;
      if (count) {
        EXPECT_TRUE(v["value"].is_number_integer()) << v;
      }
    }
  }
}

TEST_F(FiguresCli, IndicatorsPercentagesAndRatesAreTheirRoundedNumeratorOverDenominator) {
  for (const char* year : {"2022", "2023", "2024", "2025", "2026"}) {
    json doc = Indicators({"--year", year});
    ASSERT_FALSE(doc.is_null());
    const double population = doc["population"]["children_0_17"].get<double>();
    for (const json& v : doc["indicators"]) {
      SCOPED_TRACE(std::string(year) + " " + v["id"].get<std::string>());
      if (v["unit"] == "count" || v["value"].is_null()) continue;
      const double num = v["numerator"].get<double>(), den = v["denominator"].get<double>();
      ASSERT_GT(den, 0) << v;
      if (v["unit"] == "percent") {
        EXPECT_DOUBLE_EQ(v["value"].get<double>(), Round1(num / den * 100)) << v;
      } else {
        EXPECT_EQ(v["unit"], "per_10k");
        EXPECT_EQ(den, population) << "a rate's denominator is the population";
        EXPECT_DOUBLE_EQ(v["value"].get<double>(), Round1(num / den * 10000)) << v;
      }
    }
    auto by_id = ById(doc["indicators"]);
    const json& conversion = by_id["contacts_to_referral_pct"];
    EXPECT_LE(conversion["numerator"].get<double>(), by_id["contacts"]["value"].get<double>());
    EXPECT_EQ(conversion["denominator"], by_id["contacts"]["value"]);
    EXPECT_EQ(by_id["referral_rate_per_10k"]["numerator"], by_id["referrals"]["value"]);
    EXPECT_EQ(by_id["cin_rate_per_10k"]["numerator"], by_id["cin_at_31_march"]["value"]);
    EXPECT_EQ(by_id["cpp_rate_per_10k"]["numerator"], by_id["cpp_at_31_march"]["value"]);
    EXPECT_EQ(by_id["cla_rate_per_10k"]["numerator"], by_id["cla_at_31_march"]["value"]);
  }
}

// The simplest counts, counted again straight from the tables.
TEST_F(FiguresCli, IndicatorCountsMatchTheRecordsForTheYear) {
  json doc = Indicators({"--year", "2026"});
  ASSERT_FALSE(doc.is_null());
  auto by_id = ById(doc["indicators"]);
  const std::string in_year = " BETWEEN '2025-04-01' AND '2026-03-31'";
  const std::map<std::string, std::string> queries = {
      {"contacts", "SELECT COUNT(*) FROM contacts WHERE contact_date" + in_year},
      {"referrals", "SELECT COUNT(*) FROM referrals WHERE referral_date" + in_year},
      {"referrals_nfa", "SELECT COUNT(*) FROM referrals WHERE nfa = 1 AND referral_date" + in_year},
      {"early_help_started", "SELECT COUNT(*) FROM early_help_episodes WHERE start_date" + in_year},
      {"assessments_completed",
       "SELECT COUNT(*) FROM assessments WHERE authorisation_date" + in_year},
      {"s47_started", "SELECT COUNT(*) FROM section47_enquiries WHERE start_date" + in_year},
      {"icpc_held", "SELECT COUNT(*) FROM icpcs WHERE conference_date" + in_year},
      {"cpp_started", "SELECT COUNT(*) FROM cp_plans WHERE start_date" + in_year},
      {"cpp_started_neglect",
       "SELECT COUNT(*) FROM cp_plans WHERE initial_category = 'NEG' AND start_date" + in_year},
      {"cpp_at_31_march",
       "SELECT COUNT(*) FROM cp_plans WHERE start_date <= '2026-03-31' "
       "AND (end_date IS NULL OR end_date > '2026-03-31')"},
  };
  Sql sql(DemoAuthority::db());
  for (const auto& [id, query] : queries) {
    const std::string counted = sql.One(query);
    ASSERT_FALSE(counted.empty()) << query;
    EXPECT_EQ(by_id[id]["value"].get<long long>(), std::stoll(counted)) << id;
  }
  EXPECT_EQ(by_id["contacts_to_referral_pct"]["numerator"].get<long long>(),
            std::stoll(sql.One("SELECT COUNT(*) FROM contacts WHERE outcome = 'referral' AND "
                               "contact_date" + in_year)));
}

TEST_F(FiguresCli, QuarterCountsOfEventsSumToTheYear) {
  json year = Indicators({"--year", "2026"});
  ASSERT_FALSE(year.is_null());
  const std::vector<std::pair<std::string, std::string>> quarters = {
      {"2025-04-01", "2025-06-30"},
      {"2025-07-01", "2025-09-30"},
      {"2025-10-01", "2025-12-31"},
      {"2026-01-01", "2026-03-31"}};
  std::map<std::string, long long> sums;
  for (int q = 1; q <= 4; ++q) {
    json doc = Indicators({"--year", "2026", "--quarter", std::to_string(q)});
    ASSERT_FALSE(doc.is_null());
    EXPECT_EQ(doc["quarter"], q);
    EXPECT_EQ(doc["period"]["start"], quarters[q - 1].first);
    EXPECT_EQ(doc["period"]["end"], quarters[q - 1].second);
    ASSERT_EQ(doc["indicators"].size(), kIndicatorCount);
    auto by_id = ById(doc["indicators"]);
    for (const char* id : {"contacts", "referrals", "s47_started", "cpp_started",
                           "early_help_started", "icpc_held", "assessments_completed"}) {
      sums[id] += by_id[id]["value"].get<long long>();
    }
  }
  auto by_id = ById(year["indicators"]);
  for (const auto& [id, sum] : sums) EXPECT_EQ(sum, by_id[id]["value"].get<long long>()) << id;
}

TEST_F(FiguresCli, FromAndToOverTheReportingYearEqualsYear) {
  json year = Indicators({"--year", "2026"});
  json range = Indicators({"--from", "2025-04-01", "--to", "2026-03-31"});
  ASSERT_FALSE(range.is_null());
  EXPECT_EQ(range["period"], year["period"]);
  EXPECT_EQ(range["la"], year["la"]);
  EXPECT_EQ(range["indicators"], year["indicators"]);
}

TEST_F(FiguresCli, IndicatorsCsvHasAHeaderAnd48RowsMatchingTheJson) {
  Outcome o = Run({"indicators", "--db", Db(), "--year", "2026", "--format", "csv"});
  ASSERT_EQ(o.status, 0) << o.err;
  std::vector<std::string> lines = Lines(o.out);
  ASSERT_EQ(lines.size(), kIndicatorCount + 1) << o.out;
  EXPECT_EQ(lines[0], "id,title,unit,value,numerator,denominator,reason");
  json doc = Indicators({"--year", "2026"});
  ASSERT_FALSE(doc.is_null());
  for (size_t i = 0; i < kIndicatorCount; ++i) {
    std::vector<std::string> fields = CsvFields(lines[i + 1]);
    ASSERT_EQ(fields.size(), 7u) << lines[i + 1];
    const json& v = doc["indicators"][i];
    SCOPED_TRACE(v["id"].get<std::string>());
    EXPECT_EQ(fields[0], Catalogue()[i].id);
    EXPECT_EQ(fields[1], Catalogue()[i].title);
    EXPECT_EQ(fields[2], Catalogue()[i].unit);
    if (v["value"].is_null()) {
      EXPECT_EQ(fields[3], "");
      EXPECT_EQ(fields[6], v["reason"]);
    } else {
      EXPECT_DOUBLE_EQ(std::stod(fields[3]), v["value"].get<double>());
      EXPECT_EQ(fields[6], "");
    }
  }
}

TEST_F(FiguresCli, IndicatorsTableShowsEveryTitle) {
  Outcome o = Run({"indicators", "--db", Db(), "--year", "2026", "--format", "table"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(Contains(o.out, "2025-04-01 to 2026-03-31")) << o.out.substr(0, 200);
  for (const Entry& e : Catalogue()) EXPECT_TRUE(Contains(o.out, e.title)) << e.title;
}

TEST_F(FiguresCli, CatalogueFlagPrintsDocsIndicatorsMd) {
  Outcome o = Run({"indicators", "--catalogue"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, ReadFile(Source("docs/indicators.md")));
}

// ---- indicators: bad input and missing data -------------------------------------

TEST_F(FiguresCli, IndicatorsRefuseBadInputNamingTheProblem) {
  const std::string db = Db();
  ExpectRefused({"indicators", "--db", db, "--year", "1999", "--format", "json"}, 64,
                {"--year 1999", "not a reporting year"});
  ExpectRefused({"indicators", "--db", db, "--year", "2026", "--quarter", "5", "--format", "json"},
                64, {"--quarter 5", "not a quarter"});
  ExpectRefused({"indicators", "--db", db, "--from", "2026-03-31", "--to", "2025-04-01", "--format",
                 "json"},
                64, {"--to 2025-04-01 is before --from 2026-03-31"});
  ExpectRefused({"indicators", "--db", db, "--from", "2025-02-30", "--to", "2026-03-31"}, 64,
                {"2025-02-30", "not a real calendar day"});
  ExpectRefused({"indicators", "--db", db, "--year", "2026", "--from", "2025-04-01", "--to",
                 "2026-03-31"},
                64, {"not both"});
  ExpectRefused({"indicators", "--db", db, "--format", "json"}, 64, {"--year"});
  ExpectRefused({"indicators", "--year", "2026", "--format", "json"}, 64, {"--db"});
  ExpectRefused({"indicators", "--db", "missing.sqlite", "--year", "2026", "--format", "json"}, 66,
                {"missing.sqlite", "does not exist"});
  ExpectRefused({"indicators", "--db", db, "--year", "2026", "--la", "999", "--format", "json"},
                66, {"'999'"});
  ExpectRefused({"indicators", "--db", db, "--year", "2026", "--format", "xml"}, 64,
                {"'xml'", "json, csv or table"});
}

// 2012-13 lies before every record of the demo: nothing was measured, so
// nothing may read as 0.
TEST_F(FiguresCli, AYearBeforeTheRecordsIsAllNullWithNoDataRecordedNeverZero) {
  json doc = Indicators({"--year", "2013"});
  ASSERT_EQ(doc["indicators"].size(), kIndicatorCount);
  for (const json& v : doc["indicators"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    EXPECT_TRUE(v["value"].is_null()) << v;
    EXPECT_TRUE(v["reason"].get<std::string>().starts_with("no data recorded")) << v;
    if (v["unit"] != "count") {
      EXPECT_TRUE(v["numerator"].is_null()) << v;
      EXPECT_TRUE(v["denominator"].is_null()) << v;
    }
  }
}

// In 2014-15 the demo's records hold only care episodes (the children in
// care when its five years begin keep their earlier episodes); every figure
// drawn from contacts, early help, referrals or child protection is no data.
TEST_F(FiguresCli, AYearOnlyCareRecordsReachHasNoDataForTheOtherSources) {
  json doc = Indicators({"--year", "2015"});
  ASSERT_EQ(doc["indicators"].size(), kIndicatorCount);
  for (const json& v : doc["indicators"]) {
    const std::string id = v["id"];
    if (id.starts_with("cla_") || id.starts_with("care_leavers_")) continue;
    EXPECT_TRUE(v["value"].is_null()) << v;
    EXPECT_TRUE(v["reason"].get<std::string>().starts_with("no data recorded")) << v;
  }
}

// Northamptonshire (928) was abolished in 2021: ONS has no mid-2025
// population for it, so the rates for 2025-26 cannot be computed.
TEST_F(FiguresCli, RatesAreNullWithAReasonForAnAuthorityWithoutAPopulation) {
  json own = Indicators({"--year", "2026"});
  json doc = Indicators({"--year", "2026", "--la", "928"});
  ASSERT_FALSE(doc.is_null());
  EXPECT_EQ(doc["la"], "928");
  EXPECT_TRUE(doc["population"]["children_0_17"].is_null());
  auto theirs = ById(doc["indicators"]);
  auto ours = ById(own["indicators"]);
  for (const Entry& e : Catalogue()) {
    SCOPED_TRACE(e.id);
    const json& v = theirs[e.id];
    if (e.unit != "per_10k") {
      EXPECT_EQ(v, ours[e.id]) << "only the rates depend on the population";
      continue;
    }
    EXPECT_TRUE(v["value"].is_null()) << v;
    EXPECT_TRUE(v["denominator"].is_null()) << v;
    EXPECT_FALSE(v["numerator"].is_null()) << "the count is still known: " << v;
    const std::string reason = v.value("reason", "");
    EXPECT_TRUE(Contains(reason, "mid-2025") && Contains(reason, "928")) << v;
  }
}

std::map<std::string, std::string> BenchmarksIn(const fs::path& dir) {
  return {{"SAFEGUARD_BENCHMARKS", dir.string()}};
}

void ExpectRatesNullWithAReason(const json& doc) {
  ASSERT_EQ(doc["indicators"].size(), kIndicatorCount);
  EXPECT_TRUE(doc["population"]["children_0_17"].is_null());
  for (const json& v : doc["indicators"]) {
    if (v["unit"] == "per_10k") {
      EXPECT_TRUE(v["value"].is_null()) << v;
      EXPECT_FALSE(v.value("reason", "").empty()) << v;
    } else if (v["id"] == "referrals") {
      EXPECT_FALSE(v["value"].is_null()) << "counts need no benchmark files: " << v;
    }
  }
}

TEST_F(FiguresCli, RatesAreNullWithAReasonWhenTheBenchmarkFolderDoesNotExist) {
  Outcome o = Run({"indicators", "--db", Db(), "--year", "2026", "--format", "json"},
                  BenchmarksIn(root_ / "no-such-folder"));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(Contains(o.err, "rates are not available")) << o.err;
  ExpectRatesNullWithAReason(ParseJson(o.out));
}

// An empty folder holds no population either; the counts can still be
// computed, so the rates should be null as when the folder is missing.
TEST_F(FiguresCli, RatesAreNullWithAReasonWhenTheBenchmarkFolderIsEmpty) {
  const fs::path empty = root_ / "empty-benchmarks";
  fs::create_directory(empty);
  Outcome o = Run({"indicators", "--db", Db(), "--year", "2026", "--format", "json"},
                  BenchmarksIn(empty));
  ASSERT_EQ(o.status, 0) << "an empty benchmark folder refuses every figure, not just the rates: "
                         << o.err;
  ExpectRatesNullWithAReason(ParseJson(o.out));
}

// ---- benchmarks ----------------------------------------------------------------

TEST_F(FiguresCli, BenchmarksForCheshireEast2021) {
  json doc = RunJson({"benchmarks", "--la", "895", "--year", "2021", "--format", "json"});
  ASSERT_FALSE(doc.is_null());
  EXPECT_EQ(doc["la"]["number"], "895");
  EXPECT_EQ(doc["la"]["name"], "Cheshire East");
  EXPECT_EQ(doc["la"]["region"], "North West");
  EXPECT_EQ(doc["year"], 2021);
  EXPECT_TRUE(Contains(doc["neighbour_aggregate"].get<std::string>(), "median"));
  ASSERT_EQ(doc["neighbours"].size(), 10u);
  std::set<std::string> neighbours;
  for (const json& n : doc["neighbours"]) {
    EXPECT_FALSE(n["name"].get<std::string>().empty()) << n;
    neighbours.insert(n["number"].get<std::string>());
  }
  EXPECT_EQ(neighbours.size(), 10u) << "a neighbour listed twice";
  EXPECT_FALSE(neighbours.contains("895")) << "an authority is not its own neighbour";
  EXPECT_TRUE(neighbours.contains("896")) << "Cheshire West and Chester";

  auto rows = ById(doc["indicators"]);
  EXPECT_DOUBLE_EQ(rows["cin_rate_per_10k"]["authority"].get<double>(), 269.4);
  EXPECT_EQ(rows["s47_started"]["authority"], 940);
  EXPECT_TRUE(rows["s47_started"]["authority"].is_number_integer());
  for (const auto& [id, row] : rows) {
    SCOPED_TRACE(id);
    EXPECT_TRUE(row["england"].is_number()) << row;
    EXPECT_TRUE(row["region"].is_number()) << row;
    const int with_value = row["neighbours_with_value"];
    EXPECT_TRUE(with_value >= 1 && with_value <= 10) << row;
    EXPECT_TRUE(row["neighbours_median"].is_number()) << row;
    EXPECT_FALSE(row["source"].get<std::string>().empty());
  }
}

TEST_F(FiguresCli, BenchmarksTableNamesTheAuthorityYearAndNeighbours) {
  Outcome o = Run({"benchmarks", "--la", "895", "--year", "2021", "--format", "table"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(Contains(o.out, "Cheshire East (895")) << o.out.substr(0, 300);
  EXPECT_TRUE(Contains(o.out, "2020-21"));
  EXPECT_TRUE(Contains(o.out, "Cheshire West and Chester (896)"));
  EXPECT_TRUE(Contains(o.out, "Children in need per 10,000 children"));
}

TEST_F(FiguresCli, BenchmarksRefuseAnUnknownAuthorityOrFormat) {
  ExpectRefused({"benchmarks", "--la", "999", "--year", "2021", "--format", "json"}, 66, {"999"});
  ExpectRefused({"benchmarks", "--la", "895", "--year", "2021", "--format", "xml"}, 64, {"'xml'"});
  ExpectRefused({"benchmarks", "--la", "895", "--year", "2021", "--data", "no-such-folder"}, 66,
                {"no-such-folder", "does not exist"});
}

TEST_F(FiguresCli, BenchmarksForAYearNotPublishedAreNullWithANote) {
  json doc = RunJson({"benchmarks", "--la", "895", "--year", "2010", "--format", "json"});
  ASSERT_FALSE(doc.is_null());
  ASSERT_FALSE(doc["indicators"].empty());
  for (const json& row : doc["indicators"]) {
    for (const char* column : {"authority", "england", "region", "neighbours_median"}) {
      EXPECT_TRUE(row[column].is_null()) << row;
    }
  }
  bool noted = false;
  for (const json& note : doc["notes"]) {
    noted = noted || Contains(note.get<std::string>(), "No published figures for 2009-10");
  }
  EXPECT_TRUE(noted) << doc["notes"];
}

// ---- scorecard -----------------------------------------------------------------

std::vector<std::string> ScorecardArgs(const std::string& db, const std::string& format) {
  return {"scorecard", "--db", db, "--year", "2026", "--quarter", "2", "--format", format};
}

template <typename... More>
std::vector<std::string> With(std::vector<std::string> args, More... more) {
  (args.push_back(more), ...);
  return args;
}

TEST_F(FiguresCli, ScorecardJsonRatesEveryIndicatorByTargetAndPolarity) {
  json card = RunJson(ScorecardArgs(Db(), "json"));
  ASSERT_FALSE(card.is_null());
  EXPECT_EQ(card["la"], "895");
  EXPECT_EQ(card["year"], 2026);
  EXPECT_EQ(card["quarter"], 2);
  EXPECT_EQ(card["period"], json({{"start", "2025-07-01"}, {"end", "2025-09-30"}}));
  EXPECT_EQ(card["targets"], "targets.conf");
  ASSERT_EQ(card["trend_periods"].size(), 5u);
  EXPECT_EQ(card["trend_periods"].back(), "Q2 2025-26");
  ASSERT_EQ(card["indicators"].size(), kIndicatorCount);

  const auto targets = ShippedTargets();
  const std::set<std::string> rags = {"green", "amber", "red", "not_rated", "no_data"};
  std::set<std::string> seen;
  for (size_t i = 0; i < kIndicatorCount; ++i) {
    const json& row = card["indicators"][i];
    const Entry& entry = Catalogue()[i];
    SCOPED_TRACE(entry.id);
    EXPECT_EQ(row["id"], entry.id);
    EXPECT_EQ(row["polarity"], entry.polarity);
    const std::string rag = row["rag"];
    EXPECT_TRUE(rags.contains(rag)) << rag;
    seen.insert(rag);
    std::optional<ExpectedTarget> target;
    if (auto it = targets.find(entry.id); it != targets.end()) target = it->second;
    if (target) {
      EXPECT_DOUBLE_EQ(row["target"].get<double>(), target->value);
    } else {
      EXPECT_TRUE(row["target"].is_null()) << row["target"];
    }
    EXPECT_EQ(rag, ExpectedRag(entry.polarity, row["value"]["value"], target)) << row["value"];
    ASSERT_EQ(row["trend"].size(), 5u);
    EXPECT_EQ(row["trend"].back(), row["value"]["value"]) << "the trend ends with this quarter";
  }
  EXPECT_DOUBLE_EQ(ById(card["indicators"])["assessments_within_45wd_pct"]["target"].get<double>(),
                   85.7);
  EXPECT_TRUE(seen.contains("green") && seen.contains("red") && seen.contains("not_rated"))
      << "the demo's Q2 2025-26 earns green, red and not rated rows";
}

// Compares two values that may be counts written as 2425 or 2425.0.
void ExpectSameNumber(const json& a, const json& b, const std::string& what) {
  if (a.is_null() || b.is_null()) {
    EXPECT_EQ(a.is_null(), b.is_null()) << what << ": " << a << " vs " << b;
  } else {
    EXPECT_DOUBLE_EQ(a.get<double>(), b.get<double>()) << what;
  }
}

TEST_F(FiguresCli, ScorecardValuesAreThoseOfTheQuarterAndTheSameQuarterLastYear) {
  json card = RunJson(ScorecardArgs(Db(), "json"));
  auto now = ById(Indicators({"--year", "2026", "--quarter", "2"})["indicators"]);
  auto before = ById(Indicators({"--year", "2025", "--quarter", "2"})["indicators"]);
  ASSERT_EQ(card["indicators"].size(), kIndicatorCount);
  for (const json& row : card["indicators"]) {
    const std::string id = row["id"];
    ExpectSameNumber(row["value"]["value"], now[id]["value"], id + " this quarter");
    ExpectSameNumber(row["same_quarter_last_year"]["value"], before[id]["value"],
                     id + " last year");
  }
}

TEST_F(FiguresCli, ScorecardRefusesAMisspeltTargetNamingTheLineAndTheRightId) {
  WriteFile(Path("typo.conf"), "# our targets\nrereferrals_12m_pct = 20\n"
                               "asessments_within_45wd_pct = 85\n");
  ExpectRefused(With(ScorecardArgs(Db(), "json"), "--targets", "typo.conf", "-o", "card.json"), 64,
                {"typo.conf", "line 3", "'asessments_within_45wd_pct'",
                 "did you mean 'assessments_within_45wd_pct'"});
}

TEST_F(FiguresCli, ScorecardRefusesATargetThatIsNotANumber) {
  WriteFile(Path("words.conf"), "assessments_within_45wd_pct = eighty\n");
  ExpectRefused(With(ScorecardArgs(Db(), "json"), "--targets", "words.conf", "-o", "card.json"), 64,
                {"words.conf", "line 1", "'eighty'", "not a number"});
  WriteFile(Path("percent.conf"), "assessments_within_45wd_pct = 85%\n");
  ExpectRefused(With(ScorecardArgs(Db(), "html"), "--targets", "percent.conf", "-o", "card.html"),
                64, {"percent.conf", "line 1", "'85%'", "not a number"});
}

TEST_F(FiguresCli, ScorecardRefusesBadArguments) {
  ExpectRefused({"scorecard", "--db", Db(), "--year", "2026", "--quarter", "5", "--format", "json",
                 "-o", "card.json"},
                64, {"--quarter 5"});
  ExpectRefused(With(ScorecardArgs(Db(), "pdf"), "-o", "card.pdf"), 64, {"'pdf'"});
  ExpectRefused(With(ScorecardArgs(Db(), "json"), "--targets", "absent.conf", "-o", "card.json"),
                66, {"absent.conf"});
  ExpectRefused(With(ScorecardArgs("missing.sqlite", "json"), "-o", "card.json"), 66,
                {"missing.sqlite"});
}

TEST_F(FiguresCli, ScorecardHtmlIsAFullGovukPage) {
  Outcome o = Run(With(ScorecardArgs(Db(), "html"), "-o", "card.html"));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(Listing(), std::set<std::string>{"card.html"});
  const std::string html = ReadFile(Path("card.html"));
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>")) << html.substr(0, 100);
  EXPECT_TRUE(Contains(html, "<html lang=\"en-GB\""));
  EXPECT_TRUE(Contains(html, "</html>"));
  EXPECT_TRUE(Contains(html, "govuk-template"));
  EXPECT_TRUE(Contains(html, "govuk-table"));
  EXPECT_TRUE(Contains(html, "govuk-tag"));
  EXPECT_FALSE(Contains(html, "{{"));
  for (const Entry& e : Catalogue()) EXPECT_TRUE(Contains(html, e.title)) << e.title;

  Outcome to_stdout = Run(ScorecardArgs(Db(), "html"));
  ASSERT_EQ(to_stdout.status, 0) << to_stdout.err;
  EXPECT_TRUE(to_stdout.out.starts_with("<!DOCTYPE html>"));
}

TEST_F(FiguresCli, ScorecardXlsxIsAZippedWorkbook) {
  Outcome o = Run(With(ScorecardArgs(Db(), "xlsx"), "-o", "card.xlsx"));
  ASSERT_EQ(o.status, 0) << o.err;
  ASSERT_TRUE(fs::exists(Path("card.xlsx")));
  EXPECT_TRUE(ReadFile(Path("card.xlsx")).starts_with("PK"));
  EXPECT_TRUE(ZipNames(Path("card.xlsx")).contains("xl/worksheets/sheet1.xml"));
  if (HaveTool("unzip")) {
    auto listing = ToolOutput("unzip -l " + Quoted(Path("card.xlsx")));
    ASSERT_TRUE(listing.has_value()) << "unzip cannot read the workbook";
    EXPECT_TRUE(Contains(*listing, "xl/worksheets/sheet1.xml")) << *listing;
  }
}

TEST_F(FiguresCli, ScorecardXlsxWithoutAFileIsRefused) {
  ExpectRefused(ScorecardArgs(Db(), "xlsx"), 64, {"-o FILE"});
  ExpectRefused(With(ScorecardArgs(Db(), "xlsx"), "-o", "-"), 64, {"-o FILE"});
}

// ---- report annual ---------------------------------------------------------------

std::vector<std::string> AnnualArgs(const std::string& db, const std::string& format,
                                    const std::string& output) {
  return {"report", "annual", "--db", db, "--year", "2026", "--format", format, "-o", output};
}

bool HasHeadingAnyApostrophe(const std::string& html, const std::string& text) {
  std::vector<std::string> spellings = {text};
  if (const size_t at = text.find('\''); at != std::string::npos) {
    for (const char* apostrophe : {"&#39;", "&#x27;", "&apos;", "\xE2\x80\x99"}) {
      spellings.push_back(text.substr(0, at) + apostrophe + text.substr(at + 1));
    }
  }
  for (const std::string& s : spellings)
    if (HasHeading(html, s)) return true;
  return false;
}

TEST_F(FiguresCli, AnnualReportHtmlHasEverySectionChartsAndNoPlaceholders) {
  Outcome o = Run(AnnualArgs(Db(), "html", "annual.html"));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(Listing(), std::set<std::string>{"annual.html"});
  const std::string html = ReadFile(Path("annual.html"));
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  for (const char* title :
       {"Foreword", "Summary", "The child's journey", "Children in need", "Child protection",
        "Cared-for children", "Care leavers", "Child exploitation", "Multi-agency audits",
        "Training and development"}) {
    EXPECT_TRUE(HasHeadingAnyApostrophe(html, title)) << "no heading " << title;
  }
  EXPECT_TRUE(Contains(SectionHtml(html, "audits"), "No data recorded"))
      << SectionHtml(html, "audits");
  EXPECT_TRUE(Contains(SectionHtml(html, "training"), "No data recorded"))
      << SectionHtml(html, "training");
  size_t charts = 0;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 4)) {
    const std::string tag = html.substr(at, html.find('>', at) - at);
    EXPECT_TRUE(Contains(tag, "role=\"img\"")) << tag;
    ++charts;
  }
  EXPECT_GT(charts, 0u) << "no inline SVG chart";
  EXPECT_FALSE(Contains(html, "{{"));
  EXPECT_FALSE(HasWord(html, "nan")) << "a figure printed as NaN";
  EXPECT_FALSE(HasWord(html, "inf")) << "a figure printed as infinity";
}

TEST_F(FiguresCli, AnnualReportPdfIsTaggedA4AndNumbered) {
  Outcome o = Run(AnnualArgs(Db(), "pdf", "annual.pdf"));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(Listing(), std::set<std::string>{"annual.pdf"}) << "the print HTML was left behind";
  EXPECT_TRUE(ReadFile(Path("annual.pdf")).starts_with("%PDF-"));
  if (!HaveTool("pdfinfo") || !HaveTool("pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  auto info = ToolOutput("pdfinfo " + Quoted(Path("annual.pdf")));
  ASSERT_TRUE(info.has_value()) << "pdfinfo cannot read the PDF";
  EXPECT_EQ(InfoField(*info, "Tagged"), "yes") << *info;
  EXPECT_GE(std::stoi(InfoField(*info, "Pages")), 5) << *info;
  double width = 0, height = 0;
  ASSERT_EQ(std::sscanf(InfoField(*info, "Page size").c_str(), "%lf x %lf", &width, &height), 2)
      << *info;
  EXPECT_NEAR(width, 595, 1.5);
  EXPECT_NEAR(height, 842, 1.5);
  auto text = ToolOutput("pdftotext " + Quoted(Path("annual.pdf")) + " -");
  ASSERT_TRUE(text.has_value());
  EXPECT_TRUE(Contains(*text, "Page 1 of")) << text->substr(0, 500);
}

TEST_F(FiguresCli, AnnualReportXlsxHasASheetPerTable) {
  Outcome o = Run(AnnualArgs(Db(), "xlsx", "annual.xlsx"));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(ReadFile(Path("annual.xlsx")).starts_with("PK"));
  size_t sheets = 0;
  for (const std::string& name : ZipNames(Path("annual.xlsx")))
    if (name.starts_with("xl/worksheets/sheet")) ++sheets;
  EXPECT_GE(sheets, 5u);
  if (HaveTool("unzip")) {
    EXPECT_TRUE(ToolOutput("unzip -tq " + Quoted(Path("annual.xlsx"))).has_value())
        << "unzip finds the workbook damaged";
  }
}

TEST_F(FiguresCli, AnnualReportRefusesAMisspeltPlaceholderNamingFileLineAndKey) {
  const fs::path narrative = Path("narrative");
  fs::copy(Source("data/report/annual"), narrative);
  const fs::path page = narrative / "children-in-need.md";
  std::string text = ReadFile(page);
  std::vector<std::string> lines = Lines(text);
  ASSERT_GE(lines.size(), 7u);
  ASSERT_TRUE(Contains(lines[6], "{{cin_rate_per_10k}}")) << "the shipped text moved: " << lines[6];
  text.replace(text.find("{{cin_rate_per_10k}}"), 20, "{{cin_rat_per_10k}}");
  WriteFile(page, text);
  for (const char* format : {"html", "pdf", "xlsx"}) {
    ExpectRefused(With(AnnualArgs(Db(), format, std::string("annual.") + format), "--narrative",
                       narrative.string()),
                  64, {"children-in-need.md", "line 7", "cin_rat_per_10k"});
  }
}

TEST_F(FiguresCli, AnnualReportRefusesAMissingNarrativeFolder) {
  ExpectRefused(With(AnnualArgs(Db(), "html", "annual.html"), "--narrative", "no-narrative"), 66,
                {"no-narrative", "does not exist"});
}

// Not a usage error (64) nor an internal one (70): the place is missing.
TEST_F(FiguresCli, AnnualReportInAFolderThatDoesNotExistFailsClearly) {
  for (const char* format : {"html", "pdf", "xlsx"}) {
    SCOPED_TRACE(format);
    const std::set<std::string> before = Listing();
    Outcome o = Run(AnnualArgs(Db(), format, std::string("no-folder/annual.") + format));
    EXPECT_TRUE(o.status == 66 || o.status == 69) << o.status << " " << o.err;
    EXPECT_TRUE(Contains(o.err, "no-folder")) << o.err;
    EXPECT_EQ(Listing(), before);
  }
}

TEST_F(FiguresCli, AnnualReportRefusesBadArguments) {
  ExpectRefused(AnnualArgs(Db(), "docx", "annual.docx"), 64, {"'docx'"});
  ExpectRefused({"report", "annual", "--db", Db(), "--year", "1999", "--format", "html", "-o",
                 "annual.html"},
                64, {"--year 1999"});
  ExpectRefused(AnnualArgs("missing.sqlite", "html", "annual.html"), 66, {"missing.sqlite"});
  ExpectRefused({"report", "annual", "--db", Db(), "--year", "2026", "--format", "html"}, 64,
                {"--output"});
}

}  // namespace
