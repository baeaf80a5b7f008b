// console_runs.hpp: the worker threads of the flow runs the console starts.
//
// A run's row in the engine's run history (engine/flows/run/run_history.hpp) is opened before
// the run starts, so that POST .../runs answers with its id at once; the run then fills that row
// (its counts about once a second, its end) on a worker thread through engine::run_flow. What
// the API says about runs, the console's and every other front end's, is read from the run
// history; only the threads are the console's own.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/flows/run/flow_run.hpp"

namespace host::console {

// THREADING: start() may be called from many threads at once. The destructor waits for the
// runs still going.
class ConsoleRuns {
 public:
  ConsoleRuns() = default;
  ~ConsoleRuns();
  ConsoleRuns(const ConsoleRuns&) = delete;
  ConsoleRuns& operator=(const ConsoleRuns&) = delete;

  // Opens the run's row (started_by "console"), starts `request` on a worker thread and
  // returns the row's id. ERRORS: throws store::StoreError when the row cannot be written
  // (nothing is started then).
  int64_t start(engine::FlowRunRequest request);

  // Joins the workers whose run is over (start() does too) and returns how many still run.
  size_t unfinished();

 private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  void join_finished();  // under mutex_

  std::mutex mutex_;
  std::vector<Worker> workers_;
};

}  // namespace host::console
