#include "engine/flows/run/flow_run.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <mutex>
#include <sstream>
#include <utility>

#include "engine/calls/rate_limiter.hpp"
#include "engine/calls/retry_policy.hpp"
#include "engine/connections/connection_lease.hpp"
#include "engine/flows/export/cursor_store.hpp"
#include "engine/flows/export/jsonl_file_sink.hpp"
#include "engine/flows/export/table_sink.hpp"
#include "engine/flows/export_definition.hpp"
#include "engine/flows/flow_file_identity.hpp"
#include "engine/flows/flow_session_caller.hpp"
#include "engine/flows/import/ledger_store.hpp"
#include "engine/flows/rate_shares.hpp"
#include "engine/flows/run/flow_documents.hpp"
#include "engine/flows/run/run_metrics.hpp"
#include "engine/flows/run/run_recorder.hpp"
#include "engine/flows/version_drift.hpp"
#include "loader/connector_description.hpp"
#include "store/connection_tables.hpp"
#include "store/database.hpp"

namespace host::engine {
namespace {

// Hands a ProgressSink one call at a time (workers and the committing thread all report); a
// null sink ignores them.
class SerialProgress {
 public:
  explicit SerialProgress(ProgressSink* sink) : sink_(sink) {}
  template <class Call>
  void send(Call&& call) {
    if (sink_ == nullptr) return;
    std::lock_guard lock(mutex_);
    call(*sink_);
  }
  // A step's warning callback: each text to the sink's on_warning.
  std::function<void(const std::string&)> warning_callback() {
    return [this](const std::string& text) {
      send([&](ProgressSink& sink) { sink.on_warning(text); });
    };
  }

 private:
  ProgressSink* sink_;
  std::mutex mutex_;
};

// Seconds since the records step began, for rates.
class StepClock {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// A step's progress callback: the step's counters (into FlowProgress::*field), the calls made and
// the seconds since the callback was made, sent through `progress`.
template <class Counters>
std::function<void(const Counters&)> step_progress_callback(FlowKind kind,
                                                            Counters FlowProgress::*field,
                                                            const CountingCaller& caller,
                                                            SerialProgress& progress) {
  return [kind, field, &caller, &progress, clock = StepClock()](const Counters& counters) {
    FlowProgress now;
    now.kind = kind;
    now.*field = counters;
    now.calls = caller.counts();
    now.seconds = clock.seconds();
    progress.send([&](ProgressSink& sink) { sink.on_progress(now); });
  };
}

void set_failure(FlowRunResult& result, FlowOutcome outcome, std::string error) {
  result.outcome = outcome;
  result.error = std::move(error);
}

void run_documents_step(const FlowConnection& connection, const FlowRunRequest& request,
                        const std::filesystem::path& records_file, RemoteCaller& caller,
                        FlowRunResult& result) {
  const DocumentDownloadSpec& spec = *connection.documents;
  result.step = FlowStep::kDocuments;
  result.documents_index = spec.directory / "index.jsonl";
  if (request.sink != nullptr) {
    return set_failure(result, FlowOutcome::kBadFlow,
                       request.flow.file.string() +
                           ": /documents: the documents step reads the JSON Lines output, and "
                           "this run wrote to " +
                           result.output.string());
  }
  try {
    if (connection.http == nullptr) throw std::logic_error("no HTTP client to download with");
    result.documents =
        run_document_download(spec, records_file, connection.credential, caller, *connection.http);
    if (result.documents->failed > 0) {
      set_failure(result, FlowOutcome::kRecordsFailed,
                  "documents: " + std::to_string(result.documents->failed) +
                      " could not be saved (index: " + result.documents_index.string() + ")");
    }
  } catch (const std::exception& e) {
    set_failure(result, FlowOutcome::kHostFailed, std::string("documents: ") + e.what());
  }
}

// Where a table export spools slices beyond the memory budget: beside a SQLite state, else (a
// PostgreSQL state has no directory) in the temporary directory; one per process, since runs of
// one table flow may go at once on several hosts or processes (table_sink.hpp).
std::filesystem::path table_spool_directory(const HostPaths& paths, const std::string& table) {
  const std::filesystem::path base =
      paths.state_dir.empty() ? std::filesystem::temp_directory_path() : paths.state_dir;
  return base / ("spool-table-" + table + "-" + std::to_string(::getpid()));
}

void run_export_step(const FlowConnection& connection, const FlowRunRequest& request,
                     CountingCaller& caller, SerialProgress& progress, FlowRunResult& result) {
  const FlowManifest& flow = request.flow;
  const FlowRunOptions& options = request.options;
  const EndpointSpec& endpoint = flow_endpoint(flow, *connection.catalog);
  const ResourceSpec* resource = connection.catalog->find_resource(flow.resource);
  const std::optional<DetailSpec> detail = resource ? resource->detail : std::nullopt;
  result.detail_chain = detail.has_value();
  // A flow into a table previews (mode test) into a file like any other.
  const bool to_table =
      !flow.output_table.empty() && options.mode != ExportMode::kTest && request.sink == nullptr;
  const std::filesystem::path output = to_table ? std::filesystem::path()
                                       : options.output.empty()
                                           ? default_export_output(flow, options.mode)
                                           : options.output;
  if (request.sink == nullptr && !to_table) {
    if (std::string clash = output_clash_error(flow, request.paths, output); !clash.empty()) {
      return set_failure(result, FlowOutcome::kBadFlow, std::move(clash));
    }
  }

  ExportRun run;
  run.mode = options.mode;
  run.output = output;
  run.test_limit = options.test_limit;
  run.now = options.now != 0 ? options.now : static_cast<int64_t>(std::time(nullptr));
  run.definition = export_definition(flow, endpoint, connection.scope_id);
  run.take_over_output = options.take_over_output;
  run.reset_cursor = options.reset_cursor;
  run.check_still_allowed = connection.check_still_allowed;
  run.progress =
      step_progress_callback(FlowKind::kExport, &FlowProgress::exported, caller, progress);
  run.warn = progress.warning_callback();
  run.committed = [&](const SliceCommitted& slice) {
    progress.send([&](ProgressSink& sink) { sink.on_slice_committed(slice); });
  };

  // The JSON Lines file keeps its cursor in the state database. Test runs read the store too:
  // they must not write an output a stream committed to.
  std::unique_ptr<store::Database> db;
  std::unique_ptr<CursorStore> cursors;
  std::unique_ptr<JsonlFileSink> file_sink;
  std::unique_ptr<TableSink> table_sink;
  std::unique_ptr<SliceBoard> board;
  RecordSink* sink = request.sink;
  if (to_table) {
    if (endpoint.key.empty()) {
      return set_failure(result, FlowOutcome::kBadFlow,
                         flow.file.string() + ": /output_table: resource \"" + flow.resource +
                             "\" has no natural key to upsert its records by; use /output");
    }
    db = store::Database::open(request.paths.state());
    table_sink = std::make_unique<TableSink>(
        *db,
        TableSinkTarget{
            .table = flow.output_table,
            .connection = flow.connection,
            .shop = connection.scope_id,
            .key_field = endpoint.key,
            .cursor_field = endpoint.incremental ? endpoint.incremental->cursor_field : ""},
        table_spool_directory(request.paths, flow.output_table), options.reset_cursor);
    sink = table_sink.get();
    if (options.mode == ExportMode::kDelta) {
      board = std::make_unique<SliceBoard>(request.paths.state(), flow.output_table,
                                           slice_holder_name(request.run_id));
      run.board = board.get();
      run.run_id = request.run_id;
    }
  } else if (sink == nullptr) {
    db = store::Database::open(request.paths.state());
    cursors = make_cursor_store(*db);
    file_sink = std::make_unique<JsonlFileSink>(
        output, cursors.get(),
        JsonlFileSinkOptions{options.take_over_output, options.reset_cursor});
    sink = file_sink.get();
  }
  if (options.help) {
    if (board == nullptr) {
      return set_failure(result, FlowOutcome::kBadFlow,
                         flow.file.string() +
                             ": only a delta export into a table (output_table) shares its "
                             "slices with the runs that help it");
    }
    const std::optional<SlicePlanHead> plan = board->plan();
    const std::optional<LeaseHolder> lead = live_flow_lease(*db, flow.name);
    if (!plan || !lead || lead->run_id != plan->run_id) {
      result.outcome = FlowOutcome::kNothingToDo;
      result.error = lead ? "the run holding the flow (" + describe_lease_holder(*lead) +
                                ") shares no slices to help with"
                          : "no run holds the flow any more: nothing to help with";
      return;
    }
    progress.warning_callback()("helping " + describe_lease_holder(*lead) +
                                ", which holds the flow: paging the free slices of its plan");
    run.help = plan;
  }
  const ExportResult exported =
      run_export(flow, endpoint, detail, connection.credential, caller, *sink, run);
  file_sink.reset();  // closes the output and drops its lock before the documents read it
  if (table_sink) {
    std::error_code ignored;  // the spool of this process only; empty unless memory ran short
    std::filesystem::remove_all(table_sink->spool_directory(), ignored);
  }
  result.exported = exported.counters;
  result.cursor_before = exported.cursor_before;
  result.cursor_after = exported.cursor;
  result.output = exported.output;
  if (exported.refused) {
    return set_failure(result, FlowOutcome::kRefused, flow.file.string() + ": " + exported.error);
  }
  if (!exported.ok) {
    return set_failure(result, FlowOutcome::kFailed,
                       flow.file.string() + ": export failed: " + exported.error);
  }
  if (exported.already_completed) {
    result.already_completed = true;
    result.outcome = FlowOutcome::kNothingToDo;
  }
  if (connection.documents) run_documents_step(connection, request, output, caller, result);
}

void run_import_step(const FlowConnection& connection, const FlowRunRequest& request,
                     CountingCaller& caller, SerialProgress& progress, FlowRunResult& result) {
  const FlowManifest& flow = request.flow;
  const FlowRunOptions& options = request.options;
  const EndpointSpec& endpoint = flow_endpoint(flow, *connection.catalog);
  ImportRun run;
  run.target = import_target(flow, endpoint, connection.scope_id);
  run.input = std::filesystem::absolute(options.input.empty() ? flow.input : options.input);
  run.results = std::filesystem::absolute(
      options.output.empty() ? std::filesystem::path(run.input.string() + ".results.jsonl")
                             : options.output);
  run.source = request.source;
  result.input = run.input;
  result.output = run.results;
  const std::filesystem::path read_input = request.source == nullptr ? run.input : "";
  if (std::string clash = output_clash_error(flow, request.paths, run.results, read_input);
      !clash.empty()) {
    return set_failure(result, FlowOutcome::kBadFlow, std::move(clash));
  }
  // One database connection per worker (a store::Database serves one thread).
  run.open_ledger = [state = request.paths.state()] { return open_ledger_store(state); };
  run.progress =
      step_progress_callback(FlowKind::kImport, &FlowProgress::imported, caller, progress);
  run.warn = progress.warning_callback();
  run.failed = [&progress](const ImportFailure& failure) {
    progress.send([&](ProgressSink& sink) { sink.on_record_failed(failure); });
  };
  run.check_still_allowed = connection.check_still_allowed;
  if (request.source == nullptr && !std::filesystem::exists(run.input)) {
    return set_failure(result, FlowOutcome::kBadFlow,
                       flow.file.string() + ": /input: " + run.input.string() + " does not exist");
  }
  const ImportResult imported = run_import(flow, endpoint, connection.credential, caller, run);
  result.imported = imported.counters;
  if (!imported.ok) {
    return set_failure(result, FlowOutcome::kFailed,
                       flow.file.string() + ": import stopped: " + imported.error);
  }
  if (imported.counters.failed > 0) {
    set_failure(result, FlowOutcome::kRecordsFailed,
                std::to_string(imported.counters.failed) +
                    " records failed (results: " + run.results.string() + ")");
  }
}

// A listener flow has no records to move: `connector-host run` drains its webhook inbox.
std::string listener_error(const FlowManifest& flow) {
  return flow.file.string() +
         ": /kind: a listener flow delivers stored webhook events; it has no records to export "
         "or import";
}

bool stops_without_finishing(FlowOutcome outcome) {
  return outcome == FlowOutcome::kBadFlow || outcome == FlowOutcome::kRefused ||
         outcome == FlowOutcome::kFailed || outcome == FlowOutcome::kHostFailed;
}

// Runs `run` with the request's progress going through a RunRecorder, so that the run history
// sees it start, move and end; and counted in the process's metrics (run_metrics.hpp).
template <class Run>
FlowRunResult run_recorded(const FlowRunRequest& request, Run&& run) {
  CountedRun counted(request.flow, request.progress);
  FlowRunRequest recorded = request;
  recorded.progress = &counted;
  RunRecorder recorder(recorded);  // in front of the metrics, which are in front of the sink
  recorded.progress = &recorder;
  recorded.run_id = recorder.run_id();
  FlowRunResult result = run(recorded);
  recorder.finish(result);
  counted.finish(result);
  return result;
}

FlowRunResult run_on_unrecorded(const FlowConnection& connection, const FlowRunRequest& request);

}  // namespace

std::string output_clash_error(const FlowManifest& flow, const HostPaths& paths,
                               const std::filesystem::path& output,
                               const std::filesystem::path& import_input) {
  std::vector<ReadFile> inputs = {{"the flow manifest", flow.file},
                                  {"the import input", import_input}};
  if (!paths.state().in_postgresql()) {
    inputs.push_back({"the state database", paths.state_dir / store::kStateDatabaseFile});
  }
  const auto clash = output_clash(output, inputs);
  if (!clash) return {};
  return flow.file.string() + ": " + describe_output_clash(output, *clash);
}

std::filesystem::path default_export_output(const FlowManifest& flow, ExportMode mode) {
  if (mode != ExportMode::kTest) return flow.output;
  // A flow into a table previews into <table>.test.jsonl beside its manifest.
  std::filesystem::path p = flow.output.empty() && !flow.output_table.empty()
                                ? flow.file.parent_path() / (flow.output_table + ".jsonl")
                                : flow.output;
  const std::string ext = p.extension().string();
  p.replace_extension();
  return p.string() + ".test" + (ext.empty() ? ".jsonl" : ext);
}

FlowRunResult run_flow_on(const FlowConnection& connection, const FlowRunRequest& request) {
  return run_recorded(request, [&](const FlowRunRequest& recorded) {
    return run_on_unrecorded(connection, recorded);
  });
}

namespace {

FlowRunResult run_on_unrecorded(const FlowConnection& connection, const FlowRunRequest& request) {
  FlowRunResult result;
  result.kind = request.flow.kind;
  result.scope_id = connection.scope_id;
  result.step = FlowStep::kRecords;
  SerialProgress progress(request.progress);
  CountingCaller caller(*connection.caller);
  try {
    if (request.flow.kind == FlowKind::kExport) {
      run_export_step(connection, request, caller, progress, result);
    } else if (request.flow.kind == FlowKind::kImport) {
      run_import_step(connection, request, caller, progress, result);
    } else {
      result.step = FlowStep::kCheck;
      set_failure(result, FlowOutcome::kBadFlow, listener_error(request.flow));
    }
  } catch (const std::exception& e) {
    set_failure(result, FlowOutcome::kHostFailed, e.what());
  }
  result.calls = caller.counts();
  if (stops_without_finishing(result.outcome)) {
    progress.send([&](ProgressSink& sink) { sink.on_error(result.error); });
  }
  return result;
}

FlowRunResult run_unrecorded(const FlowRunRequest& request) {
  const FlowManifest& flow = request.flow;
  FlowRunResult result;
  result.kind = flow.kind;
  auto stop = [&](FlowOutcome outcome, std::string error) {
    set_failure(result, outcome, std::move(error));
    if (request.progress != nullptr) request.progress->on_error(result.error);
    return result;
  };
  if (flow.kind == FlowKind::kListener) {
    result.step = FlowStep::kCheck;
    return stop(FlowOutcome::kBadFlow, listener_error(flow));
  }
  try {
    // The lease first: a connection deleted (or replaced) after it is noticed at the next step.
    std::unique_ptr<ConnectionLease> lease;
    std::unique_ptr<ConnectionSession> own_session;
    ConnectionSession* session = request.session;
    try {
      // The flow too: its runs never overlap, on any machine sharing the state. A test run
      // writes only its preview, and a helper pages slices the holder shares, so neither holds
      // the flow.
      const bool preview =
          flow.kind == FlowKind::kExport && request.options.mode == ExportMode::kTest;
      lease = std::make_unique<ConnectionLease>(
          request.paths.state(), flow.connection, "run " + flow.name, nullptr,
          FlowHold{preview || request.options.help ? std::string() : flow.name, request.run_id});
      if (session == nullptr) {
        own_session = open_session(request.paths, flow.connection);
        session = own_session.get();
      }
    } catch (const FlowBusy& e) {
      return stop(FlowOutcome::kRefused, flow.file.string() + ": " + e.what());
    } catch (const std::exception& e) {
      return stop(FlowOutcome::kFailed, flow.file.string() + ": /connection: " + e.what());
    }
    const auto description = loader::describe_connector(session->connector());
    if (!description.ok()) return stop(FlowOutcome::kFailed, description.error);
    std::ostringstream drift;
    warn_version_drift(session->connector().api(), session->connection(), drift);
    if (!drift.str().empty() && request.progress != nullptr) {
      request.progress->on_version_drift(drift.str());
    }

    result.step = FlowStep::kCheck;
    const FlowCatalog catalog = parse_flow_catalog(description.json);
    validate_flow_against_catalog(flow, catalog, result.problems);
    DocumentDownloadSpec documents;
    if (!flow.documents_json.empty()) {
      read_flow_documents(flow, catalog, documents, result.problems);
    }
    if (!result.problems.empty()) {
      return stop(FlowOutcome::kBadFlow, describe_problems(flow.file, result.problems));
    }
    const EndpointSpec& endpoint = flow_endpoint(flow, catalog);
    const auto scope = session->find_scope(flow.shop);
    if (!scope) {
      std::string known;
      for (const auto& s : session->scopes()) known += (known.empty() ? "" : ", ") + s.id;
      result.problems.push_back(
          {"/shop",
           "\"" + flow.shop + "\" is not a shop id or cipher the connection is authorized for (" +
               (known.empty() ? "none; run connector-host authorize " + flow.connection : known) +
               ")"});
      return stop(FlowOutcome::kBadFlow, describe_problems(flow.file, result.problems));
    }

    // Remote sides limit each API per (app, scope): one bucket per endpoint, so an export's
    // search and detail calls each get the whole rate, shared with every other flow and
    // connection of this process that calls it for the same app and shop.
    share_rate_budgets(request.paths.state());  // with the other hosts of a PostgreSQL state
    RetryPolicy policy;
    policy.max_attempts = static_cast<int>(flow.max_attempts);
    SessionRemoteCaller caller(*session,
                               {&process_rate_limiters(), session->app_id() + "/" + scope->id + "/",
                                flow.rate_limit_per_second, &catalog},
                               policy);
    FlowConnection connection;
    connection.catalog = &catalog;
    connection.caller = &caller;
    if (endpoint.scope != "forbidden") connection.credential = scope->credential;
    connection.scope_id = scope->id;
    connection.http = &session->http();
    if (!flow.documents_json.empty()) connection.documents = documents;
    connection.check_still_allowed = [&lease] { return lease->check(); };
    return run_on_unrecorded(connection, request);
  } catch (const std::exception& e) {
    return stop(FlowOutcome::kHostFailed, e.what());
  }
}

}  // namespace

FlowRunResult run_flow(const FlowRunRequest& request) {
  return run_recorded(request,
                      [](const FlowRunRequest& recorded) { return run_unrecorded(recorded); });
}

}  // namespace host::engine
