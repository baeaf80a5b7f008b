#include "engine/flows/schedule/flow_scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <limits>
#include <string>

#include "engine/authorization/connection_report.hpp"
#include "engine/flows/run/run_history.hpp"
#include "engine/flows/run/run_recorder.hpp"
#include "engine/flows/schedule/fire_times.hpp"
#include "engine/flows/schedule/schedule_status.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"
#include "store/run_history.hpp"

namespace host::engine {
namespace {

constexpr const char* kLogArea = "scheduler";
// The longest run_until_stopped() sleeps before it looks at the clock again: a system clock that
// jumps (NTP) is noticed within this.
constexpr std::chrono::milliseconds kMaxSleep{1000};

}  // namespace

FlowRunRequest scheduled_run_request(const FlowManifest& flow, const HostPaths& paths) {
  FlowRunRequest request;
  request.flow = flow;
  request.paths = paths;
  request.started_by = kScheduledBy;
  request.options.mode = flow.schedule && flow.schedule->mode == ScheduleMode::kAll
                             ? ExportMode::kAll
                             : ExportMode::kDelta;
  return request;
}

FlowScheduler::FlowScheduler(std::vector<FlowManifest> flows, FlowSchedulerOptions options)
    : options_(std::move(options)) {
  const int64_t now = options_.clock->now();
  for (FlowManifest& flow : flows) {
    Entry entry;
    entry.next_fire = next_fire_time(*flow.schedule, flow.name, now);
    entry.flow = std::move(flow);
    entries_.push_back(std::move(entry));
  }
  const size_t workers = std::clamp<size_t>(options_.workers, 1, kMaxSchedulerWorkers);
  for (size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

FlowScheduler::~FlowScheduler() {
  stop();
  for (auto& worker : workers_) worker.join();
}

void FlowScheduler::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  queue_.clear();
  wake_.notify_all();
}

store::Database* FlowScheduler::database() {
  if (!db_) {
    try {
      db_ = store::open_connection_state(options_.paths.state_dir);
      store::migrate_run_history(*db_);
    } catch (const std::exception& e) {
      db_.reset();
      log::warn(kLogArea, std::string("cannot open the state database: ") + e.what());
    }
  }
  return db_.get();
}

void FlowScheduler::record_fire_without_run(const FlowManifest& flow, const char* outcome,
                                            const std::string& why) {
  store::Database* db = database();
  if (db == nullptr) return;
  try {
    const int64_t id =
        store::begin_run(*db, run_start(scheduled_run_request(flow, options_.paths)));
    store::RunEnd end;
    end.outcome = outcome;
    end.step = flow_step_name(FlowStep::kConnect);
    end.error = why;
    store::finish_run(*db, id, end);
  } catch (const std::exception& e) {
    log::warn(kLogArea, "cannot record the " + std::string(outcome) + " fire of flow " + flow.name +
                            ": " + e.what());
  }
}

size_t FlowScheduler::fire_due() {
  const int64_t now = options_.clock->now();
  std::unique_lock lock(mutex_);
  size_t queued = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    Entry& entry = entries_[i];
    if (entry.next_fire > now || stopping_) continue;
    const int64_t due = entry.next_fire;
    entry.next_fire = next_fire_time(*entry.flow.schedule, entry.flow.name, now);
    std::optional<std::string> paused;
    if (store::Database* db = database()) {
      try {
        // Token expiry is real time, whatever clock the schedules run by.
        paused = schedule_pause_reason(*db, entry.flow.connection, store::unix_now());
      } catch (const std::exception& e) {
        log::warn(kLogArea, "cannot read connection " + entry.flow.connection + ": " + e.what());
      }
    }
    if (paused) {
      if (!entry.paused) {
        log::warn(kLogArea, "flow " + entry.flow.name + ": " + *paused);
        record_fire_without_run(entry.flow, kRunPaused, *paused);
      }
      entry.paused = true;
      continue;
    }
    if (entry.paused) {
      log::info(kLogArea, "flow " + entry.flow.name + ": connection " + entry.flow.connection +
                              " is authorized again; its schedule resumes");
      entry.paused = false;
    }
    if (entry.in_flight) {
      const std::string why = "the fire due at " + utc_text(due) +
                              " was skipped: the previous run of this flow is still going (or "
                              "waiting for a worker); the next fire is at " +
                              utc_text(entry.next_fire);
      log::warn(kLogArea, "flow " + entry.flow.name + ": " + why);
      record_fire_without_run(entry.flow, kRunSkipped, why);
      continue;
    }
    entry.in_flight = true;
    queue_.push_back(i);
    ++queued;
  }
  if (queued > 0) wake_.notify_all();
  return queued;
}

void FlowScheduler::run_until_stopped() {
  for (;;) {
    fire_due();
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    int64_t next = std::numeric_limits<int64_t>::max();
    for (const Entry& entry : entries_) next = std::min(next, entry.next_fire);
    const auto wait = std::min(options_.clock->real_wait_until(next), kMaxSleep);
    wake_.wait_for(lock, wait, [this] { return stopping_; });
  }
}

void FlowScheduler::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    const size_t index = queue_.front();
    queue_.pop_front();
    ++running_;
    lock.unlock();
    run_one(index);
    lock.lock();
    --running_;
    entries_[index].in_flight = false;
    wake_.notify_all();
  }
}

// entries_[index].flow does not change once the scheduler is made, so it is read unlocked.
void FlowScheduler::run_one(size_t index) {
  const FlowManifest& flow = entries_[index].flow;
  std::string ended;
  try {
    const FlowRunResult result = options_.run(scheduled_run_request(flow, options_.paths));
    ended = "run " + std::to_string(result.run_id) +
            " ended: " + std::string(flow_outcome_name(result.outcome)) +
            (result.error.empty() ? "" : " (" + result.error + ")");
  } catch (const std::exception& e) {
    // run_flow reports its failures in its result; this is the last resort.
    ended = std::string("run failed: ") + e.what();
  }
  log::info(kLogArea, "flow " + flow.name + ": " + ended);
}

void FlowScheduler::wait_idle() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return stopping_ || (queue_.empty() && running_ == 0); });
}

std::vector<ScheduledFlowState> FlowScheduler::states() {
  std::lock_guard lock(mutex_);
  std::vector<ScheduledFlowState> out;
  for (const Entry& entry : entries_) {
    out.push_back({entry.flow.name, entry.next_fire, entry.in_flight, entry.paused});
  }
  return out;
}

}  // namespace host::engine
