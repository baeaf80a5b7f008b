// run_recorder.hpp: how run_flow() writes a run's row in the run history (run_history.hpp):
// a ProgressSink between the run and its front end's sink that writes the row as the run
// starts, its counts as records move, and its end.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/flows/run/flow_run.hpp"
#include "store/database.hpp"
#include "store/run_history.hpp"

namespace host::engine {

// The history's counts of a run's progress or result.
store::RunCounts run_counts(FlowKind kind, const ExportCounters& exported,
                            const ImportCounters& imported, const CallCounts& calls);

// The row's start as `request` describes it.
store::RunStart run_start(const FlowRunRequest& request);

// THREADING: the run calls the ProgressSink side one call at a time (as it calls any sink);
// construction and finish() on the run's thread. Every callback is passed on to the front end's
// sink after the row is written. A database failure is reported once, as a warning, and the
// rest of the run goes unrecorded.
class RunRecorder : public ForwardingProgressSink {
 public:
  // Opens the run's row (or takes request.run_id's, a queued row becoming running) and tells
  // the front end's sink its id.
  explicit RunRecorder(const FlowRunRequest& request);
  RunRecorder(const RunRecorder&) = delete;
  RunRecorder& operator=(const RunRecorder&) = delete;

  int64_t run_id() const { return run_id_; }  // 0 when the row could not be opened

  // Ends the row with the result, and sets result.run_id.
  void finish(FlowRunResult& result);

  void on_run_started(int64_t /*run_id*/) override {}  // the constructor tells the front end
  void on_progress(const FlowProgress& progress) override;
  // Kept (the first store::kMaxRunFailures) and written with the next counts.
  void on_record_failed(const ImportFailure& failure) override;

 private:
  // Runs `write` under the lock unless a write failed before; false when it does not run or
  // fails (the first failure is passed on as a warning).
  template <class Write>
  bool write(Write&& write);

  std::unique_ptr<store::Database> db_;
  int64_t run_id_ = 0;
  // Writes the failures kept since the last write. REQUIRES: under mutex_, db_ open.
  void write_failures();

  std::mutex mutex_;  // guards db_, broken_, last_write_ and the failures
  bool broken_ = false;
  std::vector<store::RunFailure> unwritten_failures_;
  size_t failures_kept_ = 0;
  std::chrono::steady_clock::time_point last_write_{};
};

}  // namespace host::engine
