// export_runner.hpp: runs one export flow: window -> slices -> concurrent paging -> a RecordSink.
//
// Durability protocol (record_sink.hpp): each slice's records go to a spool of their own while
// it is paged (memory while the process's budget allows, else a file: slice_spool.hpp); slices are
// then handed to the sink strictly in time order, each appended and then committed with its end as
// the cursor. A slice that fails stops the run; the cursor stays at the end of the longest prefix
// of committed slices, so the next run starts exactly where durable data ends. The JSON Lines file
// (jsonl_file_sink.hpp) never skips nor duplicates a record: a dead run's pending tail is cut off
// first.
//
// Before any of that the sink claims its destination: a refusal (for the file: one this flow
// did not commit, or one changed since, or a cursor made for another definition) refuses the
// run (result.refused) and nothing is written. A test run never writes a committed output.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "engine/calls/remote_call.hpp"
#include "engine/flows/export/cursor_store.hpp"
#include "engine/flows/export/export_mode.hpp"
#include "engine/flows/export/record_sink.hpp"
#include "engine/flows/export/shared_slices.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"

namespace host::engine {

struct ExportCounters {
  uint64_t records = 0;
  uint64_t pages = 0;  // search pages and detail calls
  size_t slices_done = 0;
  size_t slices_total = 0;  // grows when a dense slice is split
  uint64_t splits = 0;      // slices split because their first page showed them too dense
  // Search + detail chains, over committed slices: keys the search found, and those the detail
  // calls did not return (so not exported).
  uint64_t searched = 0;
  uint64_t missing_details = 0;
};

// A slice the sink committed: its records and the cursor are durable.
struct SliceCommitted {
  std::optional<int64_t> from;  // the slice's window; nullopt for an unwindowed export
  std::optional<int64_t> to;    // its end (committed in time order: the cursor committed with it)
  uint64_t records = 0;
};

struct ExportRun {
  ExportMode mode = ExportMode::kDelta;
  std::filesystem::path output;  // the JSON Lines file (the overload without a sink only)
  uint64_t test_limit = 10;      // mode test: stop after this many records
  int64_t now = 0;               // unix seconds; the window ends at now - lag
  size_t max_slices = 512;
  // Called from the calling thread about twice a second while the export runs. May be empty.
  std::function<void(const ExportCounters&)> progress;
  // Warnings for a person (a cut-off tail, an endpoint without a window). May be empty.
  std::function<void(const std::string&)> warn;
  // What the cursor means (export_definition.hpp); stored with it and compared on every run.
  std::string definition;
  // The JSON Lines file's options (the overload without a sink only; jsonl_file_sink.hpp).
  bool take_over_output = false;  // accept the output as it is now as this flow's
  bool reset_cursor = false;      // forget the stored cursor and bind it to `definition`
  // Called on the committing thread after each slice the sink committed. May be empty.
  std::function<void(const SliceCommitted&)> committed;
  // Called before each commit, on the committing thread; a non-empty answer stops the run with
  // that error before the slice is committed (e.g. the connection was deleted). May be empty.
  std::function<std::string()> check_still_allowed;
  // A delta run into a sink that takes slices in any order may share its slices with other
  // processes through `board` (shared_slices.hpp; may be null: the run pages its plan alone).
  // Without `help` the run leads: it publishes its plan as run `run_id` and ends once every slice
  // is committed, by whichever process. With `help` it pages slices of that published plan
  // until none is free, and plans nothing itself.
  SliceBoard* board = nullptr;
  int64_t run_id = 0;
  std::optional<SlicePlanHead> help;
};

struct ExportResult {
  bool ok = true;
  std::string error;               // why the run failed, naming the slice and the remote error
  bool already_completed = false;  // mode once, completed by an earlier run: nothing was done
  bool refused = false;  // the output or the cursor needs a decision (error says which); nothing
                         // was written
  ExportCounters counters;
  std::optional<int64_t> cursor_before;  // the stored cursor the run started from
  std::optional<int64_t> cursor;         // the stored cursor after the run
  std::filesystem::path output;          // the sink's destination()
};

// Runs the export into `sink`. `endpoint` is the resource's export endpoint; `detail` its
// optional chain. Workers call `caller` concurrently (flow.concurrency).
// ERRORS: failures of the work, and a sink's append() or commit() that throws, come back in the
// result; bad local state before the first slice (a sink that cannot start or open, another run
// of the same output in progress) throws std::runtime_error.
ExportResult run_export(const FlowManifest& flow, const EndpointSpec& endpoint,
                        const std::optional<DetailSpec>& detail,
                        const std::string& scope_credential, RemoteCaller& caller, RecordSink& sink,
                        const ExportRun& run);

// The same into the JSON Lines file run.output (JsonlFileSink with run.take_over_output and
// run.reset_cursor). `cursors` may be null only in mode test (then the test output is not
// checked against committed outputs).
ExportResult run_export(const FlowManifest& flow, const EndpointSpec& endpoint,
                        const std::optional<DetailSpec>& detail,
                        const std::string& scope_credential, RemoteCaller& caller,
                        CursorStore* cursors, const ExportRun& run);

}  // namespace host::engine
