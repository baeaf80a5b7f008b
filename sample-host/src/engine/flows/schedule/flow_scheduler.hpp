// flow_scheduler.hpp: runs flows on their schedules (engine/flows/flow_schedule.hpp) in one
// process, for `connector-host serve`, through the flow-run API every front end uses
// (engine/flows/run/flow_run.hpp), each run recorded in the run history with started_by
// "scheduler".
//
// The rules:
// - Fire times are fire_times.hpp's: a pure function of the schedule, the flow's name and the
//   time. A scheduler that starts (or restarts) begins with the next fire after now; fires missed
//   while no scheduler ran are not made up for (a delta export's next run picks up everything
//   since its cursor anyway), and neither are several fires missed while one ran late: a fire
//   runs once and the next is the first after it.
// - A fire while the flow's previous run is still queued or running is SKIPPED, not queued (a run
//   elsewhere counts too: every run holds its flow's lease,
//   engine/connections/connection_lease.hpp, so serves sharing a state never run one flow twice at
//   once): waiting would pile up runs behind a flow that is slower than its schedule (without
//   bound, if it always is), and a delta run after the slow one covers the skipped fire's records.
//   Each skip is a run history row with outcome "skipped" naming why, so a schedule that is too
//   tight shows in `runs list --failed`.
// - A connection that needs a person to authorize it again (schedule_pause_reason) PAUSES its
//   flows: a fire runs nothing. The first paused fire of a flow writes one run history row with
//   outcome "paused" and the reason; the fires after it write nothing more until the connection is
//   authorized again, after which the next fire runs (and a later pause is recorded again).
// - Runs go to RunWorkers (run_workers.hpp), the scheduler's own or one shared with the other
//   front ends of the process (serve's console); a run that fails, or throws, ends only itself. A
//   fire that finds the workers' queue full is skipped and recorded like an overlapping one.
// - The flows can change while the scheduler runs (update(); run_until_stopped() re-reads
//   options.flow_dir every kFlowFolderRescan): a new flow is scheduled from its next fire, a
//   removed one is no longer fired (a run of it that goes ends on its own), and a changed one
//   fires by its new schedule (the next fire after the last one, as if it had always had it)
//   and runs its new definition from its next fire on. A file that becomes unusable (a bad edit,
//   half of one saved) is logged by name with its problems and its flow KEEPS its last good
//   definition until the file is fixed or removed: a typo in a manifest must not silently stop
//   a flow that ran fine, and the log says what to fix.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/flows/flow_folder.hpp"
#include "engine/flows/run/flow_run.hpp"
#include "engine/flows/schedule/run_workers.hpp"
#include "engine/flows/schedule/scheduler_clock.hpp"
#include "store/database.hpp"

namespace host::engine {

struct LeaseHolder;

// The run history outcomes of fires that ran nothing.
inline constexpr const char* kRunSkipped = "skipped";
inline constexpr const char* kRunPaused = "paused";
inline constexpr const char* kScheduledBy = "scheduler";
// How often run_until_stopped() re-reads options.flow_dir (real time).
inline constexpr std::chrono::seconds kFlowFolderRescan{2};

struct FlowSchedulerOptions {
  HostPaths paths;
  SchedulerClock* clock = nullptr;  // REQUIRED; borrowed, outlives the scheduler
  // The workers the runs go to, shared with other front ends; null: the scheduler's own, of
  // `workers` threads running `run`.
  std::shared_ptr<RunWorkers> run_workers;
  size_t workers = kDefaultRunWorkers;  // 1..kMaxRunWorkers
  // The flow-run API (run_flow); tests put a fake in its place.
  std::function<FlowRunResult(const FlowRunRequest&)> run = run_flow;
  // Set: run_until_stopped() re-reads this folder every kFlowFolderRescan (update()).
  std::filesystem::path flow_dir{};
};

// One scheduled flow as the scheduler sees it now.
struct ScheduledFlowState {
  std::string flow;
  int64_t next_fire = 0;
  bool in_flight = false;  // a run is queued or running
  bool paused = false;     // the last fire found the connection paused
};

// THREADING: fire_due(), update() and run_until_stopped() from one thread at a time; stop(),
// wait_idle() and states() from any thread.
class FlowScheduler {
 public:
  // Schedules `flows` (each with its schedule set), their first fires after clock->now(), and
  // starts its own workers unless options.run_workers shares some.
  FlowScheduler(std::vector<FlowManifest> flows, FlowSchedulerOptions options);
  // Stops (stop()), takes its queued runs back from the workers (each recorded as not started)
  // and waits for its runs going.
  ~FlowScheduler();
  FlowScheduler(const FlowScheduler&) = delete;
  FlowScheduler& operator=(const FlowScheduler&) = delete;

  // Fires every flow due at clock->now(): queues its run, or records why it runs nothing (see
  // the top of this file). Returns how many runs it queued. A state database that cannot be
  // read or written is logged, and the fire goes on as if the connection were not paused.
  size_t fire_due();

  // Schedules the flows of `folder` in place of the ones it has (see the top of this file), and
  // logs what changed, each file left out and why (once per problem, not on every re-read).
  void update(const FlowFolder& folder);

  // Fires flows as they come due until stop(), re-reading options.flow_dir when it is set.
  void run_until_stopped();

  // Wakes run_until_stopped() to return; fire_due() queues nothing more. Runs queued or going
  // are the destructor's to settle.
  void stop();

  // Waits until no run of this scheduler is queued or running (tests).
  void wait_idle();

  std::vector<ScheduledFlowState> states();

 private:
  struct Entry {
    FlowManifest flow;
    int64_t after = 0;  // next_fire is the first fire after this time
    int64_t next_fire = 0;
    bool paused = false;
    std::string unusable;  // the problems of its file since it became unusable; "" while fine
  };

  // Queues the run of `flow` at the workers; false when they refuse it (why says why).
  // `help_run`: the run of another process that holds the flow; the queued run helps it
  // (FlowRunOptions::help) instead of running the flow. 0: a run of its own.
  bool queue_run(const FlowManifest& flow, std::string& why, int64_t help_run = 0);
  // Takes the fire of `flow` due at `due` for this process: false when another serve sharing the
  // state took it (or the claim could not be written: better no run than two).
  bool claim(const std::string& flow, int64_t due);
  // Who holds `flow` (a run of it in another process, or on another machine sharing the state),
  // if anyone; nullopt also when that cannot be read (the run's own lease then decides).
  std::optional<LeaseHolder> flow_held(const std::string& flow);
  // Writes the run history row of a fire that ran nothing; a database failure is logged.
  void record_fire_without_run(const FlowManifest& flow, const char* outcome,
                               const std::string& why);
  store::Database* database();  // the fire_due() thread's; null when it cannot be opened

  FlowSchedulerOptions options_;
  std::unique_ptr<store::Database> db_;    // fire_due()'s thread only
  std::set<std::string> logged_refusals_;  // update()'s thread only

  std::mutex mutex_;              // guards everything below
  std::condition_variable wake_;  // a run ended, or stopping
  std::vector<Entry> entries_;
  bool announce_additions_ = false;  // false until the first flows are known: they are not news
  std::set<std::string> in_flight_;  // the flows with a run queued or running
  bool stopping_ = false;
};

// The flow run request of a scheduled run of `flow` (started_by kScheduledBy, the schedule's
// mode), for the run history rows of fires that run nothing too.
FlowRunRequest scheduled_run_request(const FlowManifest& flow, const HostPaths& paths);

// Its scheduled runs share their slices (a delta export into a table): a fire that finds the
// flow held by another process queues a run that helps it, instead of skipping.
bool shares_slices(const FlowManifest& flow);

}  // namespace host::engine
