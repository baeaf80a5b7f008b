#include "engine/flows/schedule/scheduler_thread.hpp"

#include <string>
#include <vector>

#include "engine/flows/schedule/schedule_status.hpp"
#include "log/log_sink.hpp"

namespace host::engine {

SchedulerThread::SchedulerThread(const std::filesystem::path& flow_dir,
                                 FlowSchedulerOptions options, uint64_t clock_speed)
    : clock_(static_cast<double>(clock_speed)) {
  const FlowFolder folder = read_flow_folder(flow_dir);
  std::vector<std::string> refused = folder.refused;
  std::vector<FlowManifest> flows = scheduled_flows(folder, refused);
  for (const std::string& lines : refused) log::warn("scheduler", "not scheduled: " + lines);
  log::info("scheduler", "scheduling " + std::to_string(flows.size()) + " flow(s) of " +
                             flow_dir.string() + " on " + std::to_string(options.workers) +
                             " worker(s)" +
                             (clock_speed > 1 ? " with the clock " + std::to_string(clock_speed) +
                                                    " times faster (tests only)"
                                              : ""));
  options.clock = &clock_;
  scheduler_ = std::make_unique<FlowScheduler>(std::move(flows), std::move(options));
  thread_ = std::thread([this] { scheduler_->run_until_stopped(); });
}

SchedulerThread::~SchedulerThread() {
  scheduler_->stop();
  thread_.join();
  scheduler_.reset();
}

}  // namespace host::engine
