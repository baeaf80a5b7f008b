#include "engine/flows/run/run_metrics.hpp"

#include <string>

#include "engine/flows/run/run_history.hpp"
#include "metrics/host_metrics.hpp"

namespace host::engine {
namespace {

metrics::Gauge& running(FlowKind kind) {
  return metrics::host_metrics().runs_running.with({flow_kind_name(kind)});
}

}  // namespace

CountedRun::CountedRun(FlowKind kind) : kind_(kind) { running(kind_).add(1); }

CountedRun::~CountedRun() { running(kind_).add(-1); }

void CountedRun::finish(const FlowManifest& flow, const FlowRunResult& result) const {
  metrics::HostMetrics& m = metrics::host_metrics();
  m.runs.with({flow_kind_name(result.kind), flow_outcome_name(result.outcome)}).inc();
  // A flow that does not fit its catalog moved nothing, and its resource may be any text: it
  // must not become a label value.
  if (result.outcome == FlowOutcome::kBadFlow) return;
  if (result.kind == FlowKind::kExport) {
    m.records_exported.with({flow.resource}).inc(result.exported.records);
  } else if (result.kind == FlowKind::kImport) {
    const ImportCounters& imported = result.imported;
    m.records_imported.with({flow.resource, "applied"}).inc(imported.succeeded);
    m.records_imported.with({flow.resource, "skipped"}).inc(imported.skipped());
    m.records_imported.with({flow.resource, "failed"}).inc(imported.failed);
  }
}

}  // namespace host::engine
