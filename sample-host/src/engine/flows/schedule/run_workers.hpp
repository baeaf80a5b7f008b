// run_workers.hpp: the bounded workers every flow run of a long-running front end goes through
// (`connector-host serve`: the scheduler's runs and the console's share one set), in the order
// they were queued, through the flow-run API (engine/flows/run/flow_run.hpp).
//
// The rules:
// - At most `workers` runs at once; at most `max_queued` wait behind them. A run offered to a
//   full queue is refused at once, and its caller says so (the console answers 503 naming the
//   limit, the scheduler records the fire as skipped): a burst of starts waits in order instead
//   of opening a hundred runs on one state database at once, and the wait has a bound.
// - One flow, one run: a run whose flow_key is queued or running already is refused at once
//   (kFlowBusy), so a console start and a scheduled fire of one flow never run side by side on
//   its cursor and output. Its caller says so (409; a skipped fire).
// - A run queued with its row opened (QueuedRun::open_queued_row) is in the run history from the
//   moment submit() returns, as "queued" until a worker takes it and "running" from then on.
// - Nothing queued is dropped without a trace: a run that never started because the workers
//   stopped (shutdown(), or its owner's withdraw()) is recorded with outcome kRunNotStarted and
//   why (its queued row ends, or a row is written for it).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/flows/run/flow_run.hpp"

namespace host::engine {

inline constexpr size_t kDefaultRunWorkers = 4;
inline constexpr size_t kMaxRunWorkers = 64;
inline constexpr size_t kDefaultMaxQueuedRuns = 256;
inline constexpr size_t kMaxQueuedRunsLimit = 100'000;
// The run history outcome of a queued run that never started.
inline constexpr const char* kRunNotStarted = "not_started";

struct RunWorkersOptions {
  size_t workers = kDefaultRunWorkers;        // 1..kMaxRunWorkers
  size_t max_queued = kDefaultMaxQueuedRuns;  // 1..kMaxQueuedRunsLimit; runs waiting, not running
  // The flow-run API (run_flow); tests put a fake in its place.
  std::function<FlowRunResult(const FlowRunRequest&)> run = run_flow;
};

struct QueuedRun {
  FlowRunRequest request;
  // Open the run's row as queued in submit() (open_queued_run_record), so that the caller has
  // its id at once. False: the run opens its row when it starts (request.run_id stays as given).
  bool open_queued_row = false;
  const void* owner = nullptr;  // withdraw(owner) takes back the runs of this owner
  // Non-empty: at most one run with this key is queued or running at a time (serve uses the
  // flow's name).
  std::string flow_key;
  // Called once the run ended, on its worker thread, with its result; or with nullptr on the
  // thread that stopped the workers when it never started. May be empty. It must not call
  // back into the RunWorkers.
  std::function<void(const FlowRunResult*)> on_end;
};

enum class RunAdmission {
  kQueued,     // a worker runs it in its turn (id: the row's, when submit() opened it)
  kQueueFull,  // refused: max_queued runs wait already; nothing was written
  kFlowBusy,   // refused: a run of the same flow_key is queued or running; nothing was written
  kStopped,    // refused: the workers stop (a row submit() opened is ended as not started)
};

struct SubmitResult {
  RunAdmission admission = RunAdmission::kQueued;
  int64_t run_id = 0;  // the queued row's id (open_queued_row), else 0
};

// THREADING: every method may be called from any thread, except from an on_end callback.
class RunWorkers {
 public:
  explicit RunWorkers(RunWorkersOptions options);
  ~RunWorkers();  // shutdown()
  RunWorkers(const RunWorkers&) = delete;
  RunWorkers& operator=(const RunWorkers&) = delete;

  // Queues `run` behind the runs queued before it. ERRORS: throws store::StoreError when
  // open_queued_row is set and the row cannot be written (nothing is queued then).
  SubmitResult submit(QueuedRun run);

  // Takes back `owner`'s queued runs (each recorded as not started because `why`, its on_end
  // called with nullptr) and waits until none of its runs is running. The workers go on for other
  // owners.
  void withdraw(const void* owner, const std::string& why);

  // Refuses new runs, records every queued run as not started and waits for the running ones
  // to end. Idempotent.
  void shutdown();

  // Waits until no run is queued or running (tests).
  void wait_idle();

  size_t workers() const { return options_.workers; }
  size_t max_queued() const { return options_.max_queued; }
  // "the run queue is full: N runs wait for M workers" and how to change that, for a refusal.
  std::string queue_full_text() const;
  // "flow F has a run queued or going already ...", for a kFlowBusy refusal.
  static std::string flow_busy_text(const std::string& flow_key);

 private:
  void work();
  // Records each of `jobs` as not started (best effort: a database failure is logged), frees
  // its flow key and calls its on_end. REQUIRES: not under mutex_.
  void record_not_started(const std::vector<QueuedRun>& jobs, const std::string& why);
  // Frees `key` for the next run of its flow. REQUIRES: under mutex_.
  void release_key_locked(const std::string& key);

  RunWorkersOptions options_;
  std::mutex mutex_;                         // guards everything below
  std::condition_variable wake_;             // a run queued or ended, or stopping
  std::deque<QueuedRun> queue_;              // oldest first
  std::vector<const void*> running_owners_;  // one entry per running run
  std::vector<std::string> busy_keys_;       // the flow keys of runs admitted and not ended
  size_t reserved_ = 0;  // admitted by submit(), row being written, not yet queued
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: they use the members above
};

}  // namespace host::engine
