// console_runs.hpp: flow runs the console started, each on a worker thread through
// engine::run_flow, with their live progress and, once done, their result.
//
// RunHistory is what the API reads; ConsoleRuns keeps runs in memory (the runs of this serve
// process). A persistent history can stand behind the same interface.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/connections/host_paths.hpp"
#include "engine/flows/run/flow_run.hpp"

namespace host::console {

struct RunView {
  std::string id;
  std::string flow;
  std::string mode;  // "all", "delta", "once", "test"
  int64_t started_at = 0;
  int64_t ended_at = 0;  // 0 while running
  engine::FlowProgress progress;
  std::optional<engine::FlowRunResult> result;  // set once ended
  std::string last_error;                       // an error the run reported so far
};

class RunHistory {
 public:
  virtual ~RunHistory() = default;
  // Newest first; only `flow`'s when it is not empty.
  virtual std::vector<RunView> list(std::string_view flow) const = 0;
  virtual std::optional<RunView> find(std::string_view id) const = 0;
};

// THREADING: every method may be called from many threads at once. The destructor waits for the
// runs still going.
class ConsoleRuns : public RunHistory {
 public:
  ConsoleRuns() = default;
  ~ConsoleRuns() override;
  ConsoleRuns(const ConsoleRuns&) = delete;
  ConsoleRuns& operator=(const ConsoleRuns&) = delete;

  // Starts `flow` in `mode` (exports; imports ignore it) and returns the run's id.
  std::string start(engine::FlowManifest flow, engine::ExportMode mode, std::string mode_name,
                    const engine::HostPaths& paths);

  std::vector<RunView> list(std::string_view flow) const override;
  std::optional<RunView> find(std::string_view id) const override;

 private:
  struct Run;
  class Progress;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Run>> runs_;  // oldest first
  std::vector<std::thread> workers_;
  uint64_t next_id_ = 1;
};

}  // namespace host::console
