// What the end-to-end tests use to run the real `safeguard` binary and look
// at what it leaves behind. SAFEGUARD_BIN is the program's path (a compile
// definition of each test executable).
#ifndef SAFEGUARD_TESTS_CLI_HARNESS_H_
#define SAFEGUARD_TESTS_CLI_HARNESS_H_

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace sg::testing {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline fs::path MakeTempDir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

inline nlohmann::json ParseJson(const std::string& text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(parsed.is_discarded()) << "not JSON: " << text.substr(0, 2000);
  return parsed;
}

// Runs safeguard with `args` in directory `cwd`, capturing stdout and stderr
// (through files under `io`, kept apart from the files under test) and the
// exit status. SAFEGUARD_BANK_HOLIDAYS is cleared unless `env` sets it.
inline Outcome RunSafeguard(const fs::path& cwd, const fs::path& io,
                            const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env = {}) {
  const fs::path out = io / "stdout", err = io / "stderr";
  std::vector<std::string> argv_s = {SAFEGUARD_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0 || ::chdir(cwd.c_str()) != 0) {
      ::_exit(127);
    }
    ::unsetenv("SAFEGUARD_BANK_HOLIDAYS");
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  Outcome run;
  int wstatus = 0;
  if (pid < 0 || ::waitpid(pid, &wstatus, 0) != pid) {
    ADD_FAILURE() << "could not run " << SAFEGUARD_BIN;
    return run;
  }
  run.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  run.out = ReadFile(out);
  run.err = ReadFile(err);
  return run;
}

// A small sqlite3 handle for looking at, and tampering with, a database.
class Sql {
 public:
  explicit Sql(const fs::path& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db_);
    }
  }
  ~Sql() { sqlite3_close_v2(db_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  // The first column of the first row as text ("" when there is none).
  std::string One(const std::string& query) {
    sqlite3_stmt* stmt = nullptr;
    std::string value;
    if (sqlite3_prepare_v2(db_, query.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << query << ": " << sqlite3_errmsg(db_);
      return value;
    }
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  }
  // Rows in `table`, or -1 when it cannot be counted.
  long long Count(const std::string& table) {
    std::string n = One("SELECT COUNT(*) FROM " + table);
    return n.empty() ? -1 : std::stoll(n);
  }
  bool Exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) ADD_FAILURE() << sql << ": " << (message ? message : "?");
    sqlite3_free(message);
    return rc == SQLITE_OK;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace sg::testing

#endif  // SAFEGUARD_TESTS_CLI_HARNESS_H_
