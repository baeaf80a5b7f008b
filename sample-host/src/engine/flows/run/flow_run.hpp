// flow_run.hpp: runs one export or import flow for any front end (the command line, a web
// console, a scheduler running many flows, an Airbyte entrypoint).
//
// run_flow() does what `connector-host run` does, in this order: lease and open the flow's
// connection, describe the connector (warning about retiring endpoint versions), check the flow
// against the catalog and the connection's authorized scopes, then run_flow_on(). run_flow_on()
// starts from a connection made ready (a service holding its own session, or a test with a fake
// caller): it checks the output and input paths, runs the export into a RecordSink or the
// import from a RecordSource, then an export's documents step.
//
// Expected failures (a bad flow, a refused output, a remote error, a broken local file) come
// back in the result, never as an exception; the result's error names what went wrong and where.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/authorization/connection_session.hpp"
#include "engine/calls/remote_call.hpp"
#include "engine/connections/host_paths.hpp"
#include "engine/flows/export/document_download.hpp"
#include "engine/flows/export/export_runner.hpp"
#include "engine/flows/export/record_sink.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"
#include "engine/flows/import/import_runner.hpp"
#include "engine/flows/import/record_source.hpp"
#include "engine/flows/run/call_counts.hpp"
#include "engine/flows/run/progress_sink.hpp"
#include "http/http_client.hpp"

namespace host::engine {

// --mode test previews a flow; a preview of more records than this is an export.
inline constexpr uint64_t kMaxTestLimit = 1'000'000;

struct FlowRunOptions {
  ExportMode mode = ExportMode::kDelta;  // exports only
  uint64_t test_limit = 10;              // mode test: this many records at most
  // Exports: the JSON Lines output (default: the manifest's output; in mode test the same name
  // with .test before its extension). Imports: the results file (default: INPUT.results.jsonl).
  // Relative to the current directory. Ignored by an export into a custom sink.
  std::filesystem::path output;
  std::filesystem::path input;    // imports: read this instead of the manifest's input
  bool take_over_output = false;  // exports into the JSON Lines file (jsonl_file_sink.hpp)
  bool reset_cursor = false;      // likewise
  int64_t now = 0;                // unix seconds the export window is computed from; 0: now
  // Exports into a table, mode delta: instead of running the flow, page the free slices of the
  // run that holds it in another process (shared_slices.hpp), and end when none is free; nothing
  // to do when no such run shares its slices. A serve does this when a fire finds its flow held.
  bool help = false;
};

struct FlowRunRequest {
  FlowManifest flow;  // parsed (parse_flow_manifest) or built in code; kind export or import
  FlowRunOptions options;
  HostPaths paths;  // the state directory (cursors, ledger, leases) and where connectors are
  // OWNERSHIP: each borrowed for the run; each may be null.
  ConnectionSession* session = nullptr;  // an open session of flow.connection; null: open one
  RecordSink* sink = nullptr;            // exports; null: the JSON Lines file
  RecordSource* source = nullptr;        // imports; null: the JSON Lines input file
  ProgressSink* progress = nullptr;
  // The run history (run_history.hpp): the row open_run_record() opened for this run, or 0 for
  // the run to open one; and the front end recorded as having started it.
  int64_t run_id = 0;
  std::string started_by = "cli";
};

// A flow's connection made ready for run_flow_on().
struct FlowConnection {
  const FlowCatalog* catalog = nullptr;  // REQUIRED; the flow was checked against it
  RemoteCaller* caller = nullptr;        // REQUIRED; called from many threads at once
  std::string credential;                // the scope credential ("" for unscoped endpoints)
  std::string scope_id;                  // the authorized scope (shop) the flow runs in
  http::Client* http = nullptr;          // the documents step downloads with it
  std::optional<DocumentDownloadSpec> documents;  // the flow's checked documents step
  // Asked before each commit or send; a non-empty answer stops the run (e.g. the connection
  // was deleted). May be empty.
  std::function<std::string()> check_still_allowed;
};

enum class FlowOutcome {
  kSucceeded,      // everything went through
  kNothingToDo,    // mode once: an earlier run completed the stream
  kBadFlow,        // the flow does not fit its connection (problems) or its paths (error)
  kRefused,        // the output or the cursor needs a decision (error says which); nothing written
  kFailed,         // the work stopped (error); what was committed stays, the next run resumes
  kRecordsFailed,  // the run went through, but records (imports) or documents were refused
  kHostFailed,     // the host's own files or state database failed (error is the cause)
};

// How far the run got: the step its outcome comes from.
enum class FlowStep { kConnect, kCheck, kRecords, kDocuments };

struct FlowRunResult {
  int64_t run_id = 0;  // its row in the run history (0: it could not be written)
  FlowOutcome outcome = FlowOutcome::kSucceeded;
  FlowStep step = FlowStep::kConnect;
  FlowKind kind = FlowKind::kExport;
  // Empty on success. Otherwise one line naming what went wrong and where, as "<manifest>:
  // <pointer or step>: <why>" when it concerns the flow, or the local error's own text.
  std::string error;
  std::vector<FlowProblem> problems;  // kBadFlow: what in the manifest does not fit
  ExportCounters exported;            // exports: committed records, pages, slices
  bool detail_chain = false;          // exports: search + detail (exported.searched counts)
  ImportCounters imported;            // imports: applied (succeeded), skipped, failed, requests
  CallCounts calls;
  bool already_completed = false;        // exports, mode once: an earlier run completed it
  std::optional<int64_t> cursor_before;  // exports: the stored cursor the run started from
  std::optional<int64_t> cursor_after;   // exports: the stored cursor when it ended
  std::filesystem::path output;          // exports: the sink's destination; imports: results
  std::filesystem::path input;           // imports: the input file (absolute)
  std::optional<DocumentDownloadResult> documents;  // the documents step ran
  std::filesystem::path documents_index;
  std::string scope_id;  // the authorized scope (shop) it ran in, once known
};

// Runs the flow from its stored connection, recorded in the run history (run_history.hpp).
// THREADING: flows of different outputs may run
// concurrently in one process, each with its own request.
FlowRunResult run_flow(const FlowRunRequest& request);

// Runs the flow on a ready connection (see the top of this file), recorded in the run history.
FlowRunResult run_flow_on(const FlowConnection& connection, const FlowRunRequest& request);

// "<manifest>: <why>" when `output` is a file the run reads (the manifest, the import input,
// the state database); empty otherwise.
std::string output_clash_error(const FlowManifest& flow, const HostPaths& paths,
                               const std::filesystem::path& output,
                               const std::filesystem::path& import_input = {});

// The export output of `flow` when none is given: its output, in mode test with ".test" before
// the extension (".test.jsonl" without one).
std::filesystem::path default_export_output(const FlowManifest& flow, ExportMode mode);

}  // namespace host::engine
