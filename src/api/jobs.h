// Jobs: long work (imports, reports) off the request path, with progress a
// client can poll.
//
// A job is a function run on the job thread with a database connection of
// its own (opened per job from the App's database path), a Progress to
// report through, and the Actor who asked; what it returns (a small JSON
// summary and, optionally, a result file) is kept with the job. Jobs run one
// at a time in submission order; a queue of at most kMaxQueued waits.
// Only the user who submitted a job may see it (others get 404, so that job
// ids reveal nothing). Finished jobs are forgotten after an hour; their
// result files are removed with them.
#ifndef SAFEGUARD_API_JOBS_H_
#define SAFEGUARD_API_JOBS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "access/actor.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace sg::api {

// Thread-safe; the job calls it as it goes.
class Progress {
 public:
  virtual ~Progress() = default;
  // done of total units (bytes, children, pages), and what is happening.
  virtual void Report(int64_t done, int64_t total, std::string_view stage) = 0;
};

struct JobOutput {
  std::string summary_json = "{}";  // shown in the job's status
  std::optional<std::string> result_file;  // a file the job wrote (moved under the jobs directory)
  std::string result_content_type;         // of the file
  std::string result_name;                 // file name offered on download
};

using JobFn = std::function<core::Result<JobOutput>(store::Database& db, const access::Actor& actor,
                                                    Progress& progress)>;

enum class JobState { kQueued, kRunning, kSucceeded, kFailed };
std::string_view JobStateName(JobState state);  // queued, running, succeeded, failed

struct JobStatus {
  int64_t id = 0;
  std::string kind;  // "import-cin", "report-annual", ...
  JobState state = JobState::kQueued;
  int64_t done = 0, total = 0;
  std::string stage;
  std::string submitted_at, finished_at;
  std::string summary_json = "{}";
  std::optional<core::Error> error;  // kFailed
  bool has_result = false;
};

class Jobs {
 public:
  static constexpr int kMaxQueued = 16;
  // Opens a new connection to `database_path` for each job; results are
  // written under `directory` (created when missing).
  Jobs(std::string database_path, std::string directory, const core::Clock& clock);
  ~Jobs();  // waits for the running job; queued ones are dropped

  // kUnavailable when the queue is full.
  core::Result<int64_t> Submit(const access::Actor& actor, std::string kind, JobFn fn);
  // kNotFound for an unknown id or another user's job.
  core::Result<JobStatus> Status(const access::Actor& actor, int64_t id) const;
  // The result file of a succeeded job: path, content type, download name.
  core::Result<JobOutput> Result(const access::Actor& actor, int64_t id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sg::api

#endif  // SAFEGUARD_API_JOBS_H_
