#include "console/console_runs.hpp"

#include <string>
#include <utility>

#include "log/log_sink.hpp"

namespace host::console {

ConsoleRuns::ConsoleRuns(std::shared_ptr<engine::RunWorkers> workers)
    : workers_(workers ? std::move(workers)
                       : std::make_shared<engine::RunWorkers>(engine::RunWorkersOptions{})) {}

StartedRun ConsoleRuns::start(engine::FlowRunRequest request) {
  request.started_by = "console";
  request.progress = nullptr;  // the run history is the console's live view
  engine::QueuedRun run;
  run.request = std::move(request);
  run.open_queued_row = true;
  run.owner = this;
  run.flow_key = run.request.flow.name;
  run.on_end = [flow = run.request.flow.name](const engine::FlowRunResult* result) {
    if (result == nullptr) return;  // never started: the workers recorded why
    log::info("console", "run " + std::to_string(result->run_id) + " of flow " + flow + " ended" +
                             (result->error.empty() ? "" : ": " + result->error));
  };
  const std::string run_flow_name = run.request.flow.name;
  const engine::SubmitResult submitted = workers_->submit(std::move(run));
  switch (submitted.admission) {
    case engine::RunAdmission::kQueued:
      return {submitted.run_id, "", 202};
    case engine::RunAdmission::kQueueFull:
      return {0, workers_->queue_full_text(), 503};
    case engine::RunAdmission::kFlowBusy:
      return {0, engine::RunWorkers::flow_busy_text(run_flow_name), 409};
    case engine::RunAdmission::kStopped:
      break;
  }
  return {0, "serve is stopping: it starts no more runs", 503};
}

}  // namespace host::console
