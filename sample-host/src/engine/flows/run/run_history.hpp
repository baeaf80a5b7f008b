// run_history.hpp: what every flow run did, for every front end (`connector-host runs`, a web
// console's runs page, a scheduler).
//
// run_flow() and run_flow_on() record each run in the state database (store/run_history.hpp):
// a row inserted as the run starts (outcome "running"), its counts written about once a second
// while records move, and its outcome, end, cursors and error when it ends. A front end that
// must know the run's id before the run starts (to answer a request with it, then poll the live
// row) opens the row itself with open_run_record() and passes its id in FlowRunRequest::run_id;
// otherwise the run opens it, and the id is in ProgressSink::on_run_started() and in
// FlowRunResult::run_id.
//
// The history is best effort: a run whose row cannot be written (the database locked for longer
// than its busy timeout, say) goes on, with one warning.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/connections/host_paths.hpp"
#include "engine/flows/run/flow_run.hpp"
#include "store/run_history.hpp"

namespace host::engine {

using store::RunCounts;
using store::RunFilter;
using store::RunRecord;

// Inserts the "running" row of the run `request` describes (its flow, connection, shop, mode
// and started_by) and returns its id, for FlowRunRequest::run_id. ERRORS: throws
// store::StoreError.
int64_t open_run_record(const FlowRunRequest& request);

// The same row for a run that waits for a worker first: it reads "queued" until the run starts
// (RunRecorder makes it "running"). ERRORS: throws store::StoreError.
int64_t open_queued_run_record(const FlowRunRequest& request);

// Records a run that ran nothing (a skipped or paused fire, a queued run that never started):
// ends request.run_id's row, or writes a new ended row when it is 0, with `outcome`, step
// "connect" and `why` as its error. ERRORS: throws store::StoreError.
void record_run_without_running(store::Database& db, const FlowRunRequest& request,
                                std::string_view outcome, const std::string& why);

// The state database with the run history's tables up to date. ERRORS: throws
// store::StoreError.
std::unique_ptr<store::Database> open_run_history(const HostPaths& paths);

// The newest runs first, as `filter` asks; rows of processes that died read as "interrupted".
// ERRORS: throws store::StoreError.
std::vector<RunRecord> list_runs(const HostPaths& paths, const RunFilter& filter);

// One run (running or ended), or nullopt. ERRORS: throws store::StoreError.
std::optional<RunRecord> find_run(const HostPaths& paths, int64_t id);

// The names the history gives outcomes, steps, modes and kinds: "succeeded", "nothing_to_do",
// "bad_flow", "refused", "failed", "records_failed", "host_failed"; "connect", "check",
// "records", "documents"; "all", "delta", "once", "test"; "export", "import", "listener".
std::string_view flow_outcome_name(FlowOutcome outcome);
std::string_view flow_step_name(FlowStep step);
std::string_view export_mode_name(ExportMode mode);
std::string_view flow_kind_name(FlowKind kind);

// The mode export_mode_name() gives `name`, or nullopt for any other text.
std::optional<ExportMode> parse_export_mode(std::string_view name);

}  // namespace host::engine
