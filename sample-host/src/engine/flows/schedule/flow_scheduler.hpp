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
// - A fire while the flow's previous run is still queued or running is SKIPPED, not queued:
//   waiting would pile up runs behind a flow that is slower than its schedule (without bound, if
//   it always is), and a delta run after the slow one covers the skipped fire's records. Each
//   skip is a run history row with outcome "skipped" naming why, so a schedule that is too tight
//   shows in `runs list --failed`.
// - A connection that needs a person to authorize it again (schedule_pause_reason) PAUSES its
//   flows: a fire runs nothing. The first paused fire of a flow writes one run history row with
//   outcome "paused" and the reason; the fires after it write nothing more until the connection is
//   authorized again, after which the next fire runs (and a later pause is recorded again).
// - Runs go to a pool of `workers` threads; a run that fails, or throws, ends only itself.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/flows/run/flow_run.hpp"
#include "engine/flows/schedule/scheduler_clock.hpp"
#include "store/database.hpp"

namespace host::engine {

// The run history outcomes of fires that ran nothing.
inline constexpr const char* kRunSkipped = "skipped";
inline constexpr const char* kRunPaused = "paused";
inline constexpr const char* kScheduledBy = "scheduler";
inline constexpr size_t kDefaultSchedulerWorkers = 4;
inline constexpr size_t kMaxSchedulerWorkers = 64;

struct FlowSchedulerOptions {
  HostPaths paths;
  size_t workers = kDefaultSchedulerWorkers;  // 1..kMaxSchedulerWorkers
  SchedulerClock* clock = nullptr;            // REQUIRED; borrowed, outlives the scheduler
  // The flow-run API (run_flow); tests put a fake in its place.
  std::function<FlowRunResult(const FlowRunRequest&)> run = run_flow;
};

// One scheduled flow as the scheduler sees it now.
struct ScheduledFlowState {
  std::string flow;
  int64_t next_fire = 0;
  bool in_flight = false;  // a run is queued or running
  bool paused = false;     // the last fire found the connection paused
};

// THREADING: fire_due() and run_until_stopped() from one thread at a time; stop(),
// wait_idle() and states() from any thread.
class FlowScheduler {
 public:
  // Schedules `flows` (each with its schedule set), their first fires after clock->now(), and
  // starts the workers.
  FlowScheduler(std::vector<FlowManifest> flows, FlowSchedulerOptions options);
  // Stops (stop()) and waits for the runs going; queued runs are dropped.
  ~FlowScheduler();
  FlowScheduler(const FlowScheduler&) = delete;
  FlowScheduler& operator=(const FlowScheduler&) = delete;

  // Fires every flow due at clock->now(): queues its run, or records why it runs nothing (see
  // the top of this file). Returns how many runs it queued. A state database that cannot be
  // read or written is logged, and the fire goes on as if the connection were not paused.
  size_t fire_due();

  // Fires flows as they come due until stop().
  void run_until_stopped();

  // Wakes run_until_stopped() to return and the workers to end after their current run.
  void stop();

  // Waits until no run is queued or running (tests).
  void wait_idle();

  std::vector<ScheduledFlowState> states();

 private:
  struct Entry {
    FlowManifest flow;
    int64_t next_fire = 0;
    bool in_flight = false;
    bool paused = false;
  };

  void work();
  void run_one(size_t index);
  // Writes the run history row of a fire that ran nothing; a database failure is logged.
  void record_fire_without_run(const FlowManifest& flow, const char* outcome,
                               const std::string& why);
  store::Database* database();  // the fire_due() thread's; null when it cannot be opened

  FlowSchedulerOptions options_;
  std::unique_ptr<store::Database> db_;  // fire_due()'s thread only

  std::mutex mutex_;              // guards everything below
  std::condition_variable wake_;  // work queued, a run ended, or stopping
  std::vector<Entry> entries_;
  std::deque<size_t> queue_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;  // last: they use the members above
};

// The flow run request of a scheduled run of `flow` (started_by kScheduledBy, the schedule's
// mode), for the run history rows of fires that run nothing too.
FlowRunRequest scheduled_run_request(const FlowManifest& flow, const HostPaths& paths);

}  // namespace host::engine
