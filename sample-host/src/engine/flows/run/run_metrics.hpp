// run_metrics.hpp: how run_flow() counts a run in the process's metrics (metrics/host_metrics.hpp):
// running while it goes, then its outcome and its records, the numbers the run history keeps.
#pragma once

#include "engine/flows/run/flow_run.hpp"

namespace host::engine {

// THREADING: construction, finish() and destruction on the run's thread; runs of many threads
// count into the same series at once.
class CountedRun {
 public:
  explicit CountedRun(FlowKind kind);  // connector_host_runs_running{kind} + 1
  ~CountedRun();                       // and - 1
  CountedRun(const CountedRun&) = delete;
  CountedRun& operator=(const CountedRun&) = delete;

  // Counts the run that ended with `result`: its outcome, and the records it exported (committed)
  // or imported (applied, skipped, failed), by the flow's resource.
  void finish(const FlowManifest& flow, const FlowRunResult& result) const;

 private:
  FlowKind kind_;
};

}  // namespace host::engine
