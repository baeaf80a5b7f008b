#include "engine/flows/run/run_recorder.hpp"

#include <exception>
#include <filesystem>
#include <utility>

#include "engine/flows/run/run_history.hpp"
#include "store/connection_tables.hpp"

namespace host::engine {
namespace {

// How often a running row's counts are written while records move.
constexpr std::chrono::milliseconds kProgressWriteInterval{1000};

}  // namespace

store::RunCounts run_counts(FlowKind kind, const ExportCounters& exported,
                            const ImportCounters& imported, const CallCounts& calls) {
  store::RunCounts c;
  c.records = kind == FlowKind::kImport ? imported.read : exported.records;
  c.pages = exported.pages;
  c.calls = calls.calls;
  c.requests = calls.requests;
  c.retries = calls.retries;
  c.rate_limited = calls.rate_limited_answers;
  c.applied = imported.succeeded;
  c.skipped = imported.skipped();
  c.failed = imported.failed;
  return c;
}

store::RunStart run_start(const FlowRunRequest& request) {
  const FlowManifest& flow = request.flow;
  store::RunStart start;
  start.flow = flow.name;
  start.flow_file = flow.file.empty() ? "" : std::filesystem::absolute(flow.file).string();
  start.kind = flow_kind_name(flow.kind);
  start.connection = flow.connection;
  start.shop = flow.shop;
  if (flow.kind == FlowKind::kExport) start.mode = export_mode_name(request.options.mode);
  start.started_by = request.started_by;
  return start;
}

RunRecorder::RunRecorder(const FlowRunRequest& request) : ForwardingProgressSink(request.progress) {
  write([&] {
    db_ = store::Database::open(request.paths.state());
    if (request.run_id != 0) {
      store::start_queued_run(*db_, request.run_id);  // a row opened as queued starts now
      run_id_ = request.run_id;
    } else {
      run_id_ = store::begin_run(*db_, run_start(request));
    }
  });
  if (run_id_ != 0) ForwardingProgressSink::on_run_started(run_id_);
}

template <class Write>
bool RunRecorder::write(Write&& write) {
  std::string failure;
  {
    std::lock_guard lock(mutex_);
    if (broken_) return false;
    try {
      write();
      last_write_ = std::chrono::steady_clock::now();
      return true;
    } catch (const std::exception& e) {
      broken_ = true;
      db_.reset();
      failure = e.what();
    }
  }
  // The run matters more than its record: it goes on, and says once that it goes unrecorded.
  ForwardingProgressSink::on_warning("run history: " + failure +
                                     "; the rest of this run is not recorded");
  return false;
}

void RunRecorder::finish(FlowRunResult& result) {
  store::RunEnd end;
  end.outcome = flow_outcome_name(result.outcome);
  end.step = flow_step_name(result.step);
  end.shop = result.scope_id;
  end.counts = run_counts(result.kind, result.exported, result.imported, result.calls);
  end.cursor_before = result.cursor_before;
  end.cursor_after = result.cursor_after;
  end.output = result.output.string();
  end.error = result.error;
  if (write([&] {
        write_failures();
        store::finish_run(*db_, run_id_, end);
      })) {
    result.run_id = run_id_;
  }
}

void RunRecorder::on_progress(const FlowProgress& progress) {
  bool due = false;
  {
    std::lock_guard lock(mutex_);
    due = std::chrono::steady_clock::now() - last_write_ >= kProgressWriteInterval;
  }
  if (due) {
    const store::RunCounts counts =
        run_counts(progress.kind, progress.exported, progress.imported, progress.calls);
    write([&] {
      write_failures();
      store::update_run_counts(*db_, run_id_, counts);
    });
  }
  ForwardingProgressSink::on_progress(progress);
}

void RunRecorder::on_record_failed(const ImportFailure& failure) {
  {
    std::lock_guard lock(mutex_);
    if (failures_kept_ < store::kMaxRunFailures) {
      ++failures_kept_;
      unwritten_failures_.push_back(
          {static_cast<int64_t>(failure.line), failure.key, failure.code, failure.message});
    }
  }
  ForwardingProgressSink::on_record_failed(failure);
}

void RunRecorder::write_failures() {
  store::add_run_failures(*db_, run_id_, unwritten_failures_);
  unwritten_failures_.clear();
}

}  // namespace host::engine
