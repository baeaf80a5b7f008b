#include "engine/flows/schedule/scheduler_thread.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "log/log_sink.hpp"

namespace host::engine {

SchedulerThread::SchedulerThread(const std::filesystem::path& flow_dir,
                                 FlowSchedulerOptions options, uint64_t clock_speed,
                                 std::optional<int64_t> clock_origin)
    : clock_(static_cast<double>(clock_speed), clock_origin) {
  options.clock = &clock_;
  options.flow_dir = flow_dir;
  const size_t workers =
      options.run_workers ? options.run_workers->workers() : std::max<size_t>(options.workers, 1);
  scheduler_ = std::make_unique<FlowScheduler>(std::vector<FlowManifest>{}, std::move(options));
  scheduler_->update(read_flow_folder(flow_dir));
  log::info("scheduler", "scheduling " + std::to_string(scheduler_->states().size()) +
                             " flow(s) of " + flow_dir.string() + " on " + std::to_string(workers) +
                             " worker(s), re-reading the folder every " +
                             std::to_string(kFlowFolderRescan.count()) + " s" +
                             (clock_speed > 1 ? " with the clock " + std::to_string(clock_speed) +
                                                    " times faster (tests only)"
                                              : ""));
  thread_ = std::thread([this] { scheduler_->run_until_stopped(); });
}

SchedulerThread::~SchedulerThread() {
  scheduler_->stop();
  thread_.join();
  scheduler_.reset();
}

}  // namespace host::engine
