// console_runs.hpp: the flow runs the console starts, through the bounded workers of the serve
// process (engine/flows/schedule/run_workers.hpp), shared with the scheduler under `serve`.
//
// A run's row in the engine's run history (engine/flows/run/run_history.hpp) is opened as
// "queued" before the run is queued, so that POST .../runs answers with its id at once; a worker
// takes the run in its turn and fills that row ("running", its counts about once a second, its
// end) through engine::run_flow. A run the workers refuse (their queue is full, or serve stops)
// has no row and gets a refusal naming the limit. What the API says about runs, the console's
// and every other front end's, is read from the run history.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/flows/run/flow_run.hpp"
#include "engine/flows/schedule/run_workers.hpp"

namespace host::console {

struct StartedRun {
  int64_t run_id = 0;     // the queued row; 0 when refused
  std::string refused;    // why the workers refused it ("" when queued)
  int http_status = 202;  // 202 queued; 409 its flow has a run already; 503 full or stopping
};

// THREADING: start() may be called from many threads at once.
class ConsoleRuns {
 public:
  // Runs on `workers` (shared with the scheduler), or on workers of its own when null.
  explicit ConsoleRuns(std::shared_ptr<engine::RunWorkers> workers = nullptr);
  ConsoleRuns(const ConsoleRuns&) = delete;
  ConsoleRuns& operator=(const ConsoleRuns&) = delete;

  // Opens the run's row as queued (started_by "console") and queues `request` at the workers.
  // ERRORS: throws store::StoreError when the row cannot be written (nothing is queued then).
  StartedRun start(engine::FlowRunRequest request);

  engine::RunWorkers& workers() { return *workers_; }

 private:
  std::shared_ptr<engine::RunWorkers> workers_;
};

}  // namespace host::console
