// progress_sink.hpp: what a flow run tells its front end while it works (a terminal line, a web
// console's live view, a scheduler's metrics).
#pragma once

#include <cstdint>
#include <string>

#include "engine/flows/export/export_runner.hpp"
#include "engine/flows/flow_manifest.hpp"
#include "engine/flows/import/import_runner.hpp"
#include "engine/flows/run/call_counts.hpp"

namespace host::engine {

struct FlowProgress {
  FlowKind kind = FlowKind::kExport;
  // Exports: records and pages paged so far (committed or not), slices committed / known.
  ExportCounters exported;
  ImportCounters imported;  // imports: records read and their outcomes so far
  CallCounts calls;
  double seconds = 0;  // since the records step began
};

// Every callback has a default that ignores it. THREADING: the run makes one call at a time,
// from any of its threads; a callback must not block for long (workers may wait on it).
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // First: the run's row in the run history (run_history.hpp) is written; `run_id` names it.
  virtual void on_run_started(int64_t /*run_id*/) {}
  // About twice a second while records move.
  virtual void on_progress(const FlowProgress& /*progress*/) {}
  // Exports: a slice's records and its cursor are durable in the sink.
  virtual void on_slice_committed(const SliceCommitted& /*slice*/) {}
  // Something a person should know that does not stop the run (a cut-off tail, an endpoint
  // without a time filter, records applied to another target). One sentence, no newline.
  virtual void on_warning(const std::string& /*text*/) {}
  // The connection pins endpoint versions the remote side retires: "warning: ..." lines, each
  // ending in a newline (version_drift.hpp).
  virtual void on_version_drift(const std::string& /*lines*/) {}
  // Imports: a record the run could not apply (also a "failed" line of the results file).
  virtual void on_record_failed(const ImportFailure& /*failure*/) {}
  // The run stops without finishing: the same text as FlowRunResult::error.
  virtual void on_error(const std::string& /*text*/) {}
};

// A sink between the run and another sink (a front end's, or null) that passes every callback
// on: the layers run_flow() puts in front of the front end's sink derive from it and override
// what they look at, calling the forwarding method too.
class ForwardingProgressSink : public ProgressSink {
 public:
  explicit ForwardingProgressSink(ProgressSink* inner) : inner_(inner) {}
  void on_run_started(int64_t run_id) override {
    if (inner_ != nullptr) inner_->on_run_started(run_id);
  }
  void on_progress(const FlowProgress& progress) override {
    if (inner_ != nullptr) inner_->on_progress(progress);
  }
  void on_slice_committed(const SliceCommitted& slice) override {
    if (inner_ != nullptr) inner_->on_slice_committed(slice);
  }
  void on_warning(const std::string& text) override {
    if (inner_ != nullptr) inner_->on_warning(text);
  }
  void on_version_drift(const std::string& lines) override {
    if (inner_ != nullptr) inner_->on_version_drift(lines);
  }
  void on_record_failed(const ImportFailure& failure) override {
    if (inner_ != nullptr) inner_->on_record_failed(failure);
  }
  void on_error(const std::string& text) override {
    if (inner_ != nullptr) inner_->on_error(text);
  }

 protected:
  ProgressSink* inner() const { return inner_; }

 private:
  ProgressSink* inner_;
};

}  // namespace host::engine
