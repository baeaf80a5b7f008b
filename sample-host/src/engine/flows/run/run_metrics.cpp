#include "engine/flows/run/run_metrics.hpp"

#include <string>

#include "engine/flows/run/run_history.hpp"
#include "metrics/host_metrics.hpp"

namespace host::engine {
namespace {

metrics::Gauge& running(FlowKind kind) {
  return metrics::host_metrics().runs_running.with({flow_kind_name(kind)});
}

// Adds to `counter` what `total` holds beyond `counted`, and moves `counted` up to it.
void count_beyond(metrics::Counter& counter, uint64_t total, uint64_t& counted) {
  if (total <= counted) return;
  counter.inc(total - counted);
  counted = total;
}

}  // namespace

CountedRun::CountedRun(const FlowManifest& flow, ProgressSink* inner)
    : ForwardingProgressSink(inner), kind_(flow.kind), resource_(flow.resource) {
  running(kind_).add(1);
}

CountedRun::~CountedRun() { running(kind_).add(-1); }

// A slice commits only in a flow the catalog accepted, so its resource is a catalog name.
void CountedRun::on_slice_committed(const SliceCommitted& slice) {
  metrics::host_metrics().records_exported.with({resource_}).inc(slice.records);
  exported_counted_ += slice.records;
  ForwardingProgressSink::on_slice_committed(slice);
}

void CountedRun::on_progress(const FlowProgress& progress) {
  // Progress comes once records move, so the catalog accepted the flow and its resource.
  if (kind_ == FlowKind::kImport) count_imported(progress.imported);
  ForwardingProgressSink::on_progress(progress);
}

void CountedRun::count_imported(const ImportCounters& now) {
  metrics::CounterFamily& imported = metrics::host_metrics().records_imported;
  std::lock_guard lock(imported_mutex_);
  count_beyond(imported.with({resource_, "applied"}), now.succeeded, imported_applied_);
  count_beyond(imported.with({resource_, "skipped"}), now.skipped(), imported_skipped_);
  count_beyond(imported.with({resource_, "failed"}), now.failed, imported_failed_);
}

void CountedRun::finish(const FlowRunResult& result) {
  metrics::HostMetrics& m = metrics::host_metrics();
  m.runs.with({flow_kind_name(result.kind), flow_outcome_name(result.outcome)}).inc();
  // A flow that does not fit its catalog moved nothing, and its resource may be any text: it
  // must not become a label value.
  if (result.outcome == FlowOutcome::kBadFlow) return;
  if (result.kind == FlowKind::kExport) {
    const uint64_t counted = exported_counted_.load();
    if (result.exported.records > counted) {
      m.records_exported.with({resource_}).inc(result.exported.records - counted);
    }
  } else if (result.kind == FlowKind::kImport) {
    count_imported(result.imported);
  }
}

}  // namespace host::engine
