// The commands of `safeguard`, one function each. Each returns the process
// exit code; errors are printed to stderr as one sentence by Report().
//
// Exit codes: 0 success; 1 a check found problems (audit verify found the
// log broken); otherwise core::ExitStatus of the error (64 bad usage, 65
// data breaks a rule, 66 a file or record not found, 69 unavailable, 76
// data loss, 70 internal).
#ifndef SAFEGUARD_CLI_COMMANDS_H_
#define SAFEGUARD_CLI_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/code_lists.h"
#include "core/error.h"

namespace sg::cli {

struct Context {
  const core::WorkingCalendar* calendar = nullptr;
  const core::CodeLists* codes = nullptr;
  std::string today;  // --today, for a stopped clock; empty = the system clock
};

struct DemoArgs {
  std::string db;
  uint64_t seed = 1;
  int years = 5;
  std::string until;  // default: today
  double contacts_per_year = 9000;
  std::string users_password;  // non-empty: add the demo users with this password
};

struct WorkArgs {
  std::string db;
  std::string as_of;  // default: today
  std::string format = "table";
  bool overdue_only = false;
  int limit = 0;  // 0 = all
};

struct ChildArgs {
  std::string db;
  std::string reference;
  std::string format = "table";
};

struct AuditVerifyArgs {
  std::string db;
  std::string format = "table";
};

struct ImportCinArgs {
  std::string db;
  std::vector<std::string> files;
  std::string format = "table";
};

struct ExportCinArgs {
  std::string db;
  int year = 0;
  std::string output;
  std::string la_number;  // default: the database's
};

struct ValidateCinArgs {
  std::vector<std::string> files;
  std::string format = "table";
  int year = 0;  // 0: from each file's header
  bool skip_structure = false;
};

struct ImportLacArgs {
  std::string db;
  int year = 0;
  std::vector<std::string> files;
  std::string format = "table";
  std::string la;  // default: the database's authority
};

struct ExportLacArgs {
  std::string db;
  int year = 0;
  std::string output;  // a folder
};

struct ValidateLacArgs {
  std::vector<std::string> files;
  std::vector<std::string> previous;  // last year's return, for the rules that compare
  int year = 0;
  std::string format = "table";
  std::string la;  // the authority: DfE number (895) or ONS code (E06000049)
};

int RunDemo(const Context& context, const DemoArgs& args);
int RunWork(const Context& context, const WorkArgs& args);
int RunChild(const Context& context, const ChildArgs& args);
int RunAuditVerify(const Context& context, const AuditVerifyArgs& args);
int RunImportCin(const Context& context, const ImportCinArgs& args);
int RunExportCin(const Context& context, const ExportCinArgs& args);
// Exit 0 with no errors, 1 with errors (queries alone do not fail), 2 when a
// file cannot be read.
int RunValidateCin(const Context& context, const ValidateCinArgs& args);
int RunImportLac(const Context& context, const ImportLacArgs& args);
int RunExportLac(const Context& context, const ExportLacArgs& args);
// The same exit statuses as RunValidateCin.
int RunValidateLac(const Context& context, const ValidateLacArgs& args);

// Prints "safeguard: <message>" and returns the exit status for the error.
int Report(const core::Error& error);

}  // namespace sg::cli

#endif  // SAFEGUARD_CLI_COMMANDS_H_
