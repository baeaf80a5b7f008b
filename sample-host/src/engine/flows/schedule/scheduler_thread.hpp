// scheduler_thread.hpp: the scheduler of a long-running front end (`connector-host serve`): the
// scheduled flows of a folder, run by a FlowScheduler on a thread of its own.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include "engine/flows/schedule/flow_scheduler.hpp"
#include "engine/flows/schedule/scheduler_clock.hpp"

namespace host::engine {

class SchedulerThread {
 public:
  // Reads the flows of `flow_dir` (read_flow_folder, scheduled_flows), logs every file left out
  // and why, and how many flows it schedules, then fires them until destroyed, re-reading the
  // folder every kFlowFolderRescan (FlowScheduler::update). `clock_speed` > 1 and
  // `clock_origin` are for tests only (SystemSchedulerClock). options.clock and options.flow_dir
  // are ignored.
  // THREADING: construct after blocking the signals the front end waits for (the threads
  // inherit the mask).
  SchedulerThread(const std::filesystem::path& flow_dir, FlowSchedulerOptions options,
                  uint64_t clock_speed, std::optional<int64_t> clock_origin = std::nullopt);
  // Stops firing, records its queued runs as not started and waits for its runs going.
  ~SchedulerThread();
  SchedulerThread(const SchedulerThread&) = delete;
  SchedulerThread& operator=(const SchedulerThread&) = delete;

 private:
  SystemSchedulerClock clock_;
  std::unique_ptr<FlowScheduler> scheduler_;
  std::thread thread_;
};

}  // namespace host::engine
