#include "engine/flows/schedule/flow_scheduler.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <limits>
#include <string>

#include "engine/authorization/connection_report.hpp"
#include "engine/connections/connection_lease.hpp"
#include "engine/flows/run/run_history.hpp"
#include "engine/flows/schedule/fire_times.hpp"
#include "engine/flows/schedule/schedule_status.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"
#include "store/process_alive.hpp"
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

bool shares_slices(const FlowManifest& flow) {
  return flow.kind == FlowKind::kExport && !flow.output_table.empty() &&
         scheduled_run_request(flow, {}).options.mode == ExportMode::kDelta;
}

FlowScheduler::FlowScheduler(std::vector<FlowManifest> flows, FlowSchedulerOptions options)
    : options_(std::move(options)) {
  const int64_t now = options_.clock->now();
  for (FlowManifest& flow : flows) {
    Entry entry;
    entry.after = now;
    entry.next_fire = next_fire_time(*flow.schedule, flow.name, now);
    entry.flow = std::move(flow);
    entries_.push_back(std::move(entry));
  }
  announce_additions_ = !entries_.empty();
  if (!options_.run_workers) {
    options_.run_workers = std::make_shared<RunWorkers>(
        RunWorkersOptions{.workers = options_.workers, .run = options_.run});
  }
}

FlowScheduler::~FlowScheduler() {
  stop();
  options_.run_workers->withdraw(this, "the scheduler stopped before a worker was free for it");
}

void FlowScheduler::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  wake_.notify_all();
}

void FlowScheduler::update(const FlowFolder& folder) {
  std::vector<std::string> refused = folder.refused;
  std::vector<FlowManifest> flows = scheduled_flows(folder, refused);
  std::set<std::string> refusals(refused.begin(), refused.end());
  for (const std::string& lines : refusals) {
    if (!logged_refusals_.contains(lines)) log::warn(kLogArea, "not scheduled: " + lines);
  }
  logged_refusals_ = std::move(refusals);

  const int64_t now = options_.clock->now();
  std::lock_guard lock(mutex_);
  const bool announce = announce_additions_;
  announce_additions_ = true;
  std::vector<Entry> next;
  for (FlowManifest& flow : flows) {
    const auto old = std::find_if(entries_.begin(), entries_.end(),
                                  [&](const Entry& e) { return e.flow.name == flow.name; });
    Entry entry;
    if (old == entries_.end()) {
      entry.after = now;
      entry.next_fire = next_fire_time(*flow.schedule, flow.name, now);
      if (announce) {
        log::info(kLogArea, "flow " + flow.name + " of " + flow.file.string() +
                                " is scheduled; its first fire is at " + utc_text(entry.next_fire));
      }
    } else {
      entry = std::move(*old);
      old->flow.name.clear();  // taken: not looked at again below
      const int64_t fire = next_fire_time(*flow.schedule, flow.name, entry.after);
      if (fire != entry.next_fire) {
        log::info(kLogArea, "flow " + flow.name + ": its schedule changed; the next fire is at " +
                                utc_text(fire));
      }
      if (!entry.unusable.empty()) {
        log::info(kLogArea, "flow " + flow.name + ": " + flow.file.string() +
                                " is usable again; the flow runs its new definition");
      }
      entry.next_fire = fire;
      entry.unusable.clear();
    }
    entry.flow = std::move(flow);
    next.push_back(std::move(entry));
  }
  for (Entry& old : entries_) {
    if (old.flow.name.empty()) continue;
    const std::string prefix = old.flow.file.string() + ":";
    const auto problem = std::find_if(refused.begin(), refused.end(), [&](const std::string& r) {
      return !old.flow.file.empty() && r.starts_with(prefix);
    });
    if (problem == refused.end()) {
      log::info(kLogArea, "flow " + old.flow.name + " is no longer scheduled: " +
                              old.flow.file.string() + " is gone or has no schedule");
      continue;
    }
    if (old.unusable != *problem) {
      log::warn(kLogArea, "flow " + old.flow.name + ": " + old.flow.file.string() +
                              " cannot be used any more, so the flow keeps its last good "
                              "definition until the file is fixed or removed: " +
                              *problem);
    }
    old.unusable = *problem;
    next.push_back(std::move(old));
  }
  entries_ = std::move(next);
}

store::Database* FlowScheduler::database() {
  if (!db_) {
    try {
      db_ = store::open_connection_state(options_.paths.state());
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
    record_run_without_running(*db, scheduled_run_request(flow, options_.paths), outcome, why);
  } catch (const std::exception& e) {
    log::warn(kLogArea, "cannot record the " + std::string(outcome) + " fire of flow " + flow.name +
                            ": " + e.what());
  }
}

bool FlowScheduler::queue_run(const FlowManifest& flow, std::string& why, int64_t help_run) {
  QueuedRun run;
  run.request = scheduled_run_request(flow, options_.paths);
  if (help_run != 0) {
    run.request.options.help = true;
    run.request.started_by =
        std::string(kScheduledBy) + ", helping run " + std::to_string(help_run);
  }
  run.owner = this;
  run.flow_key = flow.name;
  // In the run history from the fire on, as "queued" while it waits for a worker.
  run.open_queued_row = true;
  run.on_end = [this, name = flow.name](const FlowRunResult* result) {
    if (result != nullptr) {
      log::info(kLogArea, "flow " + name + ": run " + std::to_string(result->run_id) +
                              " ended: " + std::string(flow_outcome_name(result->outcome)) +
                              (result->error.empty() ? "" : " (" + result->error + ")"));
    }
    std::lock_guard lock(mutex_);
    in_flight_.erase(name);
    wake_.notify_all();
  };
  SubmitResult submitted;
  try {
    submitted = options_.run_workers->submit(std::move(run));
  } catch (const std::exception& e) {
    why = std::string("its run could not be recorded: ") + e.what();
    return false;
  }
  switch (submitted.admission) {
    case RunAdmission::kQueued:
      return true;
    case RunAdmission::kQueueFull:
      why = options_.run_workers->queue_full_text();
      return false;
    case RunAdmission::kFlowBusy:
      why = "a run of this flow started from the console is still queued or going";
      return false;
    case RunAdmission::kStopped:
      why = "the workers stop";
      return false;
  }
  return false;
}

bool FlowScheduler::claim(const std::string& flow, int64_t due) {
  store::Database* db = database();
  if (db == nullptr) return true;  // no state to share: this process is the only one that knows
  static const std::string claimant = store::this_host() + ":" + std::to_string(::getpid());
  try {
    if (store::claim_fire(*db, flow, due, claimant)) return true;
    log::info(kLogArea, "flow " + flow + ": the fire due at " + utc_text(due) +
                            " is run by another serve sharing the state (" +
                            store::fire_claimant(*db, flow, due) + ")");
    return false;
  } catch (const std::exception& e) {
    // Running it here risks a second run of the fire elsewhere; not running it risks none.
    log::warn(kLogArea, "flow " + flow + ": cannot claim the fire due at " + utc_text(due) +
                            ", so it does not run here: " + e.what());
    return false;
  }
}

std::optional<LeaseHolder> FlowScheduler::flow_held(const std::string& flow) {
  store::Database* db = database();
  if (db == nullptr) return std::nullopt;
  try {
    return live_flow_lease(*db, flow);
  } catch (const std::exception& e) {
    // The run itself takes the flow's lease, and is refused if another holds it.
    log::warn(kLogArea, "flow " + flow + ": cannot read who holds it: " + e.what());
    return std::nullopt;
  }
}

size_t FlowScheduler::fire_due() {
  const int64_t now = options_.clock->now();
  std::unique_lock lock(mutex_);
  size_t queued = 0;
  for (Entry& entry : entries_) {
    if (entry.next_fire > now || stopping_) continue;
    const int64_t due = entry.next_fire;
    entry.after = now;
    entry.next_fire = next_fire_time(*entry.flow.schedule, entry.flow.name, now);
    if (!claim(entry.flow.name, due)) continue;
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
    std::string why;
    if (in_flight_.contains(entry.flow.name)) {
      why = "the previous run of this flow is still going (or waiting for a worker)";
    } else if (const auto holder = flow_held(entry.flow.name)) {
      // A delta export into a table shares its slices: the fire helps the run holding it.
      const std::string held =
          "the previous run of this flow is still going: " + describe_lease_holder(*holder);
      if (!shares_slices(entry.flow) || holder->run_id == 0) {
        why = held;
      } else if (queue_run(entry.flow, why, holder->run_id)) {
        in_flight_.insert(entry.flow.name);
        ++queued;
        continue;
      } else {
        why = std::string(held).append("; a run to help it could not be queued: ").append(why);
      }
    } else if (queue_run(entry.flow, why)) {
      in_flight_.insert(entry.flow.name);
      ++queued;
      continue;
    }
    why = std::string("the fire due at ")
              .append(utc_text(due))
              .append(" was skipped: ")
              .append(why)
              .append("; the next fire is at ")
              .append(utc_text(entry.next_fire));
    log::warn(kLogArea, "flow " + entry.flow.name + ": " + why);
    record_fire_without_run(entry.flow, kRunSkipped, why);
  }
  return queued;
}

void FlowScheduler::run_until_stopped() {
  auto next_rescan = std::chrono::steady_clock::now() + kFlowFolderRescan;
  for (;;) {
    if (!options_.flow_dir.empty() && std::chrono::steady_clock::now() >= next_rescan) {
      update(read_flow_folder(options_.flow_dir));
      next_rescan = std::chrono::steady_clock::now() + kFlowFolderRescan;
    }
    fire_due();
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    int64_t next = std::numeric_limits<int64_t>::max();
    for (const Entry& entry : entries_) next = std::min(next, entry.next_fire);
    const auto wait = std::min(options_.clock->real_wait_until(next), kMaxSleep);
    wake_.wait_for(lock, wait, [this] { return stopping_; });
  }
}

void FlowScheduler::wait_idle() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return stopping_ || in_flight_.empty(); });
}

std::vector<ScheduledFlowState> FlowScheduler::states() {
  std::lock_guard lock(mutex_);
  std::vector<ScheduledFlowState> out;
  for (const Entry& entry : entries_) {
    out.push_back(
        {entry.flow.name, entry.next_fire, in_flight_.contains(entry.flow.name), entry.paused});
  }
  return out;
}

}  // namespace host::engine
