#include "console/console_runs.hpp"

#include <algorithm>
#include <chrono>

#include "log/log_sink.hpp"

namespace host::console {
namespace {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct ConsoleRuns::Run {
  std::mutex mutex;
  RunView view;
};

// Feeds a run's live view.
class ConsoleRuns::Progress : public engine::ProgressSink {
 public:
  explicit Progress(std::shared_ptr<Run> run) : run_(std::move(run)) {}
  void on_progress(const engine::FlowProgress& progress) override {
    std::lock_guard lock(run_->mutex);
    run_->view.progress = progress;
  }
  void on_error(const std::string& text) override {
    std::lock_guard lock(run_->mutex);
    run_->view.last_error = text;
  }

 private:
  std::shared_ptr<Run> run_;
};

ConsoleRuns::~ConsoleRuns() {
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
  }
  for (auto& worker : workers) worker.join();
}

std::string ConsoleRuns::start(engine::FlowManifest flow, engine::ExportMode mode,
                               std::string mode_name, const engine::HostPaths& paths) {
  auto run = std::make_shared<Run>();
  run->view.flow = flow.name;
  run->view.mode = std::move(mode_name);
  run->view.started_at = unix_now();
  run->view.progress.kind = flow.kind;
  std::lock_guard lock(mutex_);
  run->view.id = std::to_string(next_id_++);
  runs_.push_back(run);
  workers_.emplace_back([run, flow = std::move(flow), mode, paths]() mutable {
    Progress progress(run);
    engine::FlowRunRequest request;
    request.flow = std::move(flow);
    request.options.mode = mode;
    request.paths = paths;
    request.progress = &progress;
    engine::FlowRunResult result;
    try {
      result = engine::run_flow(request);
    } catch (const std::exception& e) {
      result.outcome = engine::FlowOutcome::kHostFailed;
      result.error = e.what();
    }
    log::info("console", "run of flow " + request.flow.name + " ended" +
                             (result.error.empty() ? "" : ": " + result.error));
    std::lock_guard run_lock(run->mutex);
    run->view.ended_at = unix_now();
    run->view.result = std::move(result);
  });
  return run->view.id;
}

std::vector<RunView> ConsoleRuns::list(std::string_view flow) const {
  std::vector<RunView> out;
  std::lock_guard lock(mutex_);
  for (auto it = runs_.rbegin(); it != runs_.rend(); ++it) {
    std::lock_guard run_lock((*it)->mutex);
    if (flow.empty() || (*it)->view.flow == flow) out.push_back((*it)->view);
  }
  return out;
}

std::optional<RunView> ConsoleRuns::find(std::string_view id) const {
  std::lock_guard lock(mutex_);
  for (const auto& run : runs_) {
    std::lock_guard run_lock(run->mutex);
    if (run->view.id == id) return run->view;
  }
  return std::nullopt;
}

}  // namespace host::console
