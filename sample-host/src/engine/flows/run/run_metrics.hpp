// run_metrics.hpp: how run_flow() counts a run in the process's metrics (metrics/host_metrics.hpp):
// running while it goes, an export's records as each slice commits and an import's as its
// progress reports them (so a long run shows on /metrics while it goes, not only once it ended),
// then its outcome and what no callback counted yet, the numbers the run history keeps.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "engine/flows/run/flow_run.hpp"
#include "engine/flows/run/progress_sink.hpp"

namespace host::engine {

// A ProgressSink between the run and `inner` (passed every callback) that counts the run.
// THREADING: construction, finish() and destruction on the run's thread; the callbacks one at a
// time from any thread; runs of many threads count into the same series at once.
class CountedRun : public ForwardingProgressSink {
 public:
  // connector_host_runs_running{kind} + 1 (and - 1 on destruction).
  CountedRun(const FlowManifest& flow, ProgressSink* inner);
  ~CountedRun() override;
  CountedRun(const CountedRun&) = delete;
  CountedRun& operator=(const CountedRun&) = delete;

  // An export's committed records: connector_host_records_exported_total{resource} + records.
  void on_slice_committed(const SliceCommitted& slice) override;
  // An import's records applied, skipped and failed since the last report:
  // connector_host_records_imported_total{resource,outcome}.
  void on_progress(const FlowProgress& progress) override;

  // Counts the run that ended with `result`: its outcome, and the records it exported
  // (committed) or imported (applied, skipped, failed) that no callback counted yet, by the
  // flow's resource.
  void finish(const FlowRunResult& result);

 private:
  FlowKind kind_;
  std::string resource_;
  std::atomic<uint64_t> exported_counted_{0};
  // An import's records counted so far, by outcome (the counters only grow).
  std::mutex imported_mutex_;  // guards the three below
  uint64_t imported_applied_ = 0;
  uint64_t imported_skipped_ = 0;
  uint64_t imported_failed_ = 0;
  // Counts what `now` holds beyond the records counted so far.
  void count_imported(const ImportCounters& now);
};

}  // namespace host::engine
