#include "api/jobs.h"

#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include <fmt/format.h>

namespace sg::api {
namespace {

using core::Code;
using core::Fail;

// A finished job (and its file) is kept this long for its owner to fetch.
constexpr int64_t kKeepFinishedSeconds = 60 * 60;

// A job's result file is moved under the jobs directory with a name of our
// making: nothing the job chose reaches a path.
std::string Extension(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos || name.size() - dot > 8) return "";
  std::string extension = name.substr(dot);
  for (char c : extension.substr(1)) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return "";
  }
  return extension;
}

core::Status MoveFile(const std::string& from, const std::string& to) {
  std::error_code error;
  std::filesystem::rename(from, to, error);
  if (!error) return {};
  // Another file system: copy, then remove the original.
  std::error_code copy_error;
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing,
                             copy_error);
  if (copy_error) {
    return Fail(Code::kUnavailable,
                fmt::format("the job's result could not be kept: {}", copy_error.message()));
  }
  std::filesystem::remove(from, error);
  return {};
}

}  // namespace

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kSucceeded: return "succeeded";
    case JobState::kFailed: return "failed";
  }
  return "unknown";
}

struct Jobs::Impl {
  struct Job {
    JobStatus status;
    access::Actor actor;
    JobFn fn;
    JobOutput output;  // result_file: the path under the directory
    int64_t finished_unix = 0;
  };

  Impl(std::string path, std::string dir, const core::Clock& job_clock)
      : database_path(std::move(path)), directory(std::move(dir)), clock(job_clock) {}

  void Loop();
  void RunOne(int64_t id, const JobFn& fn, const access::Actor& actor);
  // Forgets jobs finished more than an hour ago. REQUIRES: mu held.
  void Prune();
  // The job, when `actor` submitted it. REQUIRES: mu held.
  const Job* Owned(const access::Actor& actor, int64_t id) const;

  const std::string database_path;
  const std::string directory;
  const core::Clock& clock;

  mutable std::mutex mu;
  std::condition_variable cv;
  std::map<int64_t, Job> jobs;
  std::deque<int64_t> queued;
  int64_t next_id = 1;
  bool stopping = false;
  std::thread thread;
};

namespace {

class JobProgress final : public Progress {
 public:
  JobProgress(std::mutex& mu, JobStatus& status) : mu_(mu), status_(status) {}
  void Report(int64_t done, int64_t total, std::string_view stage) override {
    std::lock_guard lock(mu_);
    status_.done = done;
    status_.total = total;
    status_.stage = std::string(stage);
  }

 private:
  std::mutex& mu_;
  JobStatus& status_;  // std::map keeps the element where it is while the job runs
};

}  // namespace

void Jobs::Impl::Loop() {
  for (;;) {
    int64_t id = 0;
    JobFn fn;
    access::Actor actor;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return !queued.empty() || stopping; });
      if (stopping) return;
      id = queued.front();
      queued.pop_front();
      Job& job = jobs.at(id);
      job.status.state = JobState::kRunning;
      fn = std::move(job.fn);
      job.fn = nullptr;
      actor = job.actor;
    }
    RunOne(id, fn, actor);
  }
}

void Jobs::Impl::RunOne(int64_t id, const JobFn& fn, const access::Actor& actor) {
  JobStatus* status = nullptr;
  {
    std::lock_guard lock(mu);
    status = &jobs.at(id).status;
  }
  JobProgress progress(mu, *status);
  core::Result<JobOutput> output = Fail(Code::kInternal, "the job did not run");
  auto db = store::OpenSqlite(database_path, store::OpenMode::kMustExist);
  if (!db) {
    output = std::unexpected(db.error());
  } else {
    try {
      output = fn(**db, actor, progress);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "safeguard: job %lld threw: %s\n", static_cast<long long>(id), e.what());
      output = Fail(Code::kInternal, "the job stopped on an internal error");
    } catch (...) {
      output = Fail(Code::kInternal, "the job stopped on an internal error");
    }
  }
  if (output && output->result_file) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    const std::string kept = (std::filesystem::path(directory) /
                              fmt::format("job-{}{}", id, Extension(output->result_name)))
                                 .string();
    if (auto moved = MoveFile(*output->result_file, kept); !moved) {
      output = std::unexpected(moved.error());
    } else {
      output->result_file = kept;
    }
  }
  std::lock_guard lock(mu);
  Job& job = jobs.at(id);
  job.status.finished_at = clock.NowUtc();
  job.finished_unix = clock.NowUnixSeconds();
  if (output) {
    job.status.state = JobState::kSucceeded;
    job.status.summary_json = output->summary_json;
    job.status.has_result = output->result_file.has_value();
    job.output = std::move(*output);
  } else {
    job.status.state = JobState::kFailed;
    job.status.error = output.error();
  }
}

void Jobs::Impl::Prune() {
  const int64_t now = clock.NowUnixSeconds();
  for (auto it = jobs.begin(); it != jobs.end();) {
    const Job& job = it->second;
    const bool finished =
        job.status.state == JobState::kSucceeded || job.status.state == JobState::kFailed;
    if (finished && now - job.finished_unix > kKeepFinishedSeconds) {
      if (job.output.result_file) {
        std::error_code error;
        std::filesystem::remove(*job.output.result_file, error);
      }
      it = jobs.erase(it);
    } else {
      ++it;
    }
  }
}

const Jobs::Impl::Job* Jobs::Impl::Owned(const access::Actor& actor, int64_t id) const {
  auto it = jobs.find(id);
  if (it == jobs.end() || it->second.actor.id != actor.id ||
      it->second.actor.user_id != actor.user_id) {
    return nullptr;
  }
  return &it->second;
}

Jobs::Jobs(std::string database_path, std::string directory, const core::Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(database_path), std::move(directory), clock)) {
  std::error_code error;
  std::filesystem::create_directories(impl_->directory, error);
  impl_->thread = std::thread([impl = impl_.get()] { impl->Loop(); });
}

Jobs::~Jobs() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  for (const auto& [id, job] : impl_->jobs) {
    if (job.output.result_file) {
      std::error_code error;
      std::filesystem::remove(*job.output.result_file, error);
    }
  }
}

core::Result<int64_t> Jobs::Submit(const access::Actor& actor, std::string kind, JobFn fn) {
  std::unique_lock lock(impl_->mu);
  impl_->Prune();
  if (impl_->stopping) return Fail(Code::kUnavailable, "the server is shutting down; try again");
  if (impl_->queued.size() >= static_cast<size_t>(kMaxQueued)) {
    return Fail(Code::kUnavailable,
                fmt::format("{} jobs are waiting already; try again later", kMaxQueued));
  }
  const int64_t id = impl_->next_id++;
  Impl::Job& job = impl_->jobs[id];
  job.status.id = id;
  job.status.kind = std::move(kind);
  job.status.submitted_at = impl_->clock.NowUtc();
  job.actor = actor;
  job.fn = std::move(fn);
  impl_->queued.push_back(id);
  lock.unlock();
  impl_->cv.notify_one();
  return id;
}

core::Result<JobStatus> Jobs::Status(const access::Actor& actor, int64_t id) const {
  std::lock_guard lock(impl_->mu);
  impl_->Prune();
  const Impl::Job* job = impl_->Owned(actor, id);
  if (job == nullptr) return Fail(Code::kNotFound, fmt::format("there is no job {}", id));
  return job->status;
}

core::Result<JobOutput> Jobs::Result(const access::Actor& actor, int64_t id) const {
  std::lock_guard lock(impl_->mu);
  impl_->Prune();
  const Impl::Job* job = impl_->Owned(actor, id);
  if (job == nullptr) return Fail(Code::kNotFound, fmt::format("there is no job {}", id));
  if (job->status.state != JobState::kSucceeded) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("job {} is {}; it has no result", id, JobStateName(job->status.state)));
  }
  if (!job->output.result_file) {
    return Fail(Code::kNotFound, fmt::format("job {} made no file", id));
  }
  return job->output;
}

}  // namespace sg::api
