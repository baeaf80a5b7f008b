#include "engine/flows/schedule/run_workers.hpp"

#include <algorithm>
#include <exception>
#include <iterator>

#include "engine/flows/run/run_history.hpp"
#include "log/log_sink.hpp"

namespace host::engine {
namespace {

constexpr const char* kLogArea = "runs";

}  // namespace

RunWorkers::RunWorkers(RunWorkersOptions options) : options_(std::move(options)) {
  options_.workers = std::clamp<size_t>(options_.workers, 1, kMaxRunWorkers);
  options_.max_queued = std::clamp<size_t>(options_.max_queued, 1, kMaxQueuedRunsLimit);
  for (size_t i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { work(); });
}

RunWorkers::~RunWorkers() { shutdown(); }

std::string RunWorkers::queue_full_text() const {
  return "the run queue is full: " + std::to_string(options_.max_queued) + " runs wait for " +
         std::to_string(options_.workers) +
         " workers already (serve --workers and --max-queued-runs set these); start it again "
         "once some have ended";
}

std::string RunWorkers::flow_busy_text(const std::string& flow_key) {
  return "flow " + flow_key +
         " has a run queued or going already (started by its schedule or from the console): "
         "one flow runs once at a time; start it again when that run has ended";
}

void RunWorkers::release_key_locked(const std::string& key) {
  if (key.empty()) return;
  const auto found = std::find(busy_keys_.begin(), busy_keys_.end(), key);
  if (found != busy_keys_.end()) busy_keys_.erase(found);
}

SubmitResult RunWorkers::submit(QueuedRun run) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return {RunAdmission::kStopped, 0};
    if (!run.flow_key.empty() &&
        std::find(busy_keys_.begin(), busy_keys_.end(), run.flow_key) != busy_keys_.end()) {
      return {RunAdmission::kFlowBusy, 0};
    }
    if (queue_.size() + reserved_ >= options_.max_queued) return {RunAdmission::kQueueFull, 0};
    ++reserved_;  // the place is this run's while its row is written outside the lock
    if (!run.flow_key.empty()) busy_keys_.push_back(run.flow_key);
  }
  if (run.open_queued_row) {
    try {
      run.request.run_id = open_queued_run_record(run.request);
    } catch (...) {
      std::lock_guard lock(mutex_);
      --reserved_;
      release_key_locked(run.flow_key);
      wake_.notify_all();
      throw;
    }
  }
  const int64_t id = run.open_queued_row ? run.request.run_id : 0;
  std::unique_lock lock(mutex_);
  --reserved_;
  if (stopping_) {  // shutdown() began while the row was written
    wake_.notify_all();
    lock.unlock();
    std::vector<QueuedRun> late;
    late.push_back(std::move(run));
    record_not_started(late, "the workers stopped before it could be queued");
    return {RunAdmission::kStopped, id};
  }
  queue_.push_back(std::move(run));
  wake_.notify_all();
  return {RunAdmission::kQueued, id};
}

void RunWorkers::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping
    QueuedRun run = std::move(queue_.front());
    queue_.pop_front();
    running_owners_.push_back(run.owner);
    lock.unlock();
    FlowRunResult result;
    try {
      result = options_.run(run.request);
    } catch (const std::exception& e) {
      // run_flow reports its failures in its result; this is the last resort.
      result.outcome = FlowOutcome::kHostFailed;
      result.error = e.what();
      log::warn(kLogArea, "a run of flow " + run.request.flow.name + " threw: " + e.what());
    }
    // Freed before on_end: an owner that reacts to the end may start the flow's next run.
    lock.lock();
    release_key_locked(run.flow_key);
    lock.unlock();
    if (run.on_end) run.on_end(&result);
    lock.lock();
    running_owners_.erase(std::find(running_owners_.begin(), running_owners_.end(), run.owner));
    wake_.notify_all();
  }
}

void RunWorkers::record_not_started(const std::vector<QueuedRun>& jobs, const std::string& why) {
  if (jobs.empty()) return;
  log::warn(kLogArea, std::to_string(jobs.size()) + " queued run(s) not started: " + why);
  for (const QueuedRun& job : jobs) {
    try {
      record_run_without_running(*open_run_history(job.request.paths), job.request, kRunNotStarted,
                                 "not started: " + why);
    } catch (const std::exception& e) {
      log::warn(kLogArea, "cannot record the run of flow " + job.request.flow.name +
                              " that was not started: " + e.what());
    }
    {
      std::lock_guard lock(mutex_);
      release_key_locked(job.flow_key);
    }
    if (job.on_end) job.on_end(nullptr);
  }
}

void RunWorkers::withdraw(const void* owner, const std::string& why) {
  std::vector<QueuedRun> taken;
  std::unique_lock lock(mutex_);
  const auto theirs = std::stable_partition(
      queue_.begin(), queue_.end(), [&](const QueuedRun& run) { return run.owner != owner; });
  taken.assign(std::make_move_iterator(theirs), std::make_move_iterator(queue_.end()));
  queue_.erase(theirs, queue_.end());
  lock.unlock();
  record_not_started(taken, why);
  lock.lock();
  wake_.wait(lock, [&] {
    return std::find(running_owners_.begin(), running_owners_.end(), owner) ==
           running_owners_.end();
  });
}

void RunWorkers::shutdown() {
  std::vector<QueuedRun> dropped;
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
    queue_.clear();
    threads.swap(threads_);
    wake_.notify_all();
  }
  record_not_started(dropped, "serve stopped before a worker was free for it");
  for (auto& thread : threads) thread.join();
}

void RunWorkers::wait_idle() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return queue_.empty() && reserved_ == 0 && running_owners_.empty(); });
}

}  // namespace host::engine
