#include "console/console_runs.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include "engine/flows/run/run_history.hpp"
#include "log/log_sink.hpp"

namespace host::console {

ConsoleRuns::~ConsoleRuns() {
  std::vector<Worker> workers;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
  }
  for (auto& worker : workers) worker.thread.join();
}

size_t ConsoleRuns::unfinished() {
  std::lock_guard lock(mutex_);
  join_finished();
  return workers_.size();
}

// A thread that ended keeps its stack until it is joined: a console that serves for weeks would
// otherwise hold one per run it ever started.
void ConsoleRuns::join_finished() {
  const auto finished = std::partition(workers_.begin(), workers_.end(),
                                       [](const Worker& worker) { return !worker.done->load(); });
  for (auto it = finished; it != workers_.end(); ++it) it->thread.join();
  workers_.erase(finished, workers_.end());
}

int64_t ConsoleRuns::start(engine::FlowRunRequest request) {
  request.started_by = "console";
  request.progress = nullptr;  // the run history is the console's live view
  request.run_id = engine::open_run_record(request);
  const int64_t id = request.run_id;
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::lock_guard lock(mutex_);
  join_finished();
  workers_.push_back({std::thread([request = std::move(request), done]() {
                        std::string error;
                        try {
                          error = engine::run_flow(request).error;
                        } catch (const std::exception& e) {
                          // run_flow reports its failures in its result; this is the last resort,
                          // and the row stays "running" until this process ends.
                          error = e.what();
                        }
                        log::info("console", "run " + std::to_string(request.run_id) + " of flow " +
                                                 request.flow.name + " ended" +
                                                 (error.empty() ? "" : ": " + error));
                        done->store(true);
                      }),
                      done});
  return id;
}

}  // namespace host::console
