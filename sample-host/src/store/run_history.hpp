// run_history.hpp: the "run_history" area of the state database: one row per flow run, written
// by the flow-run API (engine/flows/run/run_history_recorder.hpp) for every front end.
//
// A row is inserted when the run starts (outcome "running"; or before, "queued" while the run
// waits for a worker, then made "running" as it starts), updated with its counts while it
// works, and finished with its outcome, end time, cursor and error. A row left "running" (or
// "queued") by a process that is gone (killed, crashed) reads as "interrupted": the reads below
// settle such rows before they answer, so a front end polling one run sees it end either way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace host::store {

// The outcome of a row that has not ended, and of one whose process died before it ended.
inline constexpr const char* kRunRunning = "running";
inline constexpr const char* kRunInterrupted = "interrupted";
// The outcome of a row opened before its run started, while the run waits for a worker
// (begin_queued_run); start_queued_run() makes it "running".
inline constexpr const char* kRunQueued = "queued";

struct RunCounts {
  uint64_t records = 0;   // exports: records exported; imports: records read
  uint64_t pages = 0;     // exports: search pages and detail calls
  uint64_t calls = 0;     // calls to the remote side (a page, a batch, a record's write)
  uint64_t requests = 0;  // exchanges those took, retries included
  uint64_t retries = 0;
  uint64_t rate_limited = 0;  // answers "rate limited" (HTTP 429), retried ones included
  uint64_t applied = 0;       // imports
  uint64_t skipped = 0;       // imports: already applied or repeated in the input
  uint64_t failed = 0;        // imports: records refused
};

// What is known when a run starts.
struct RunStart {
  std::string flow;        // the flow's name
  std::string flow_file;   // its manifest (absolute), or "" for a flow built in code
  std::string kind;        // "export" or "import"
  std::string connection;  // the connection's name
  std::string shop;        // the flow's shop as given; the run replaces it with the scope id
  std::string mode;        // exports: "all", "delta", "once", "test"; imports: ""
  std::string started_by;  // the front end: "cli", "console", "scheduler", ...
};

// A record an import could not apply, as the run history keeps it: never a secret (the record's
// key, where it was in the input, the remote code or the verdict, the message).
struct RunFailure {
  int64_t line = 0;     // the input line (1-based)
  std::string key;      // the record's idempotency key
  std::string code;     // the remote side's code ("12052038"), else the verdict ("INVALID_INPUT")
  std::string message;  // at most kMaxRunFailureMessage bytes
};

// A run keeps its first this many failures (the counts keep the total).
inline constexpr size_t kMaxRunFailures = 100;
inline constexpr size_t kMaxRunFailureMessage = 1000;

struct RunRecord {
  int64_t id = 0;
  RunStart start;
  int64_t pid = 0;                     // the process running it
  int64_t started_at_ms = 0;           // unix milliseconds
  int64_t updated_at_ms = 0;           // the last write (start, progress, end)
  std::optional<int64_t> ended_at_ms;  // nullopt while it runs
  // kRunQueued, kRunRunning, kRunInterrupted, or the flow's outcome as the engine names it
  // ("succeeded", "nothing_to_do", "bad_flow", "refused", "failed", "records_failed",
  // "host_failed").
  std::string outcome;
  std::string step;  // how far it got: "connect", "check", "records", "documents"
  RunCounts counts;
  std::optional<int64_t> cursor_before;  // exports: the stored cursor it started from
  std::optional<int64_t> cursor_after;   // exports: the stored cursor when it ended
  std::string output;                    // exports: the output; imports: the results file
  std::string error;                     // "" unless it failed
  std::vector<RunFailure> failures;      // imports: find_run() fills it; list_runs() does not

  // Not ended yet: queued or running.
  bool running() const { return !ended_at_ms.has_value(); }
  // Ended in a way that needs a look: anything but queued, running, "succeeded" and
  // "nothing_to_do".
  bool failed() const;
};

// How a run ended, for finish_run().
struct RunEnd {
  std::string outcome;
  std::string step;
  std::string shop;  // the scope id the run resolved ("" keeps the one given at the start)
  RunCounts counts;
  std::optional<int64_t> cursor_before;
  std::optional<int64_t> cursor_after;
  std::string output;
  std::string error;
};

struct RunFilter {
  std::string flow{};   // "" for every flow
  bool failed = false;  // only runs for which RunRecord::failed() holds
  uint64_t limit = 50;  // the newest this many
};

// Brings the area's tables up to date; begin_run(), list_runs() and find_run() call it (the
// others write a row begin_run() made). ERRORS: every function throws StoreError.
void migrate_run_history(Database& db);

// Inserts the row of a run starting now in this process; returns its id.
int64_t begin_run(Database& db, const RunStart& start);

// Inserts the row of a run that waits for a worker of this process (outcome kRunQueued);
// returns its id.
int64_t begin_queued_run(Database& db, const RunStart& start);

// The queued row `id` becomes running, started now. A row that is not queued is left alone.
void start_queued_run(Database& db, int64_t id);

// Replaces the running row's counts (a progress update). A row that ended is left alone.
void update_run_counts(Database& db, int64_t id, const RunCounts& counts);

// Ends the row. A row that ended already (settled as interrupted, say) is left alone.
void finish_run(Database& db, int64_t id, const RunEnd& end);

// Adds `failures` to the run's, in order, while it keeps fewer than kMaxRunFailures (the rest
// are dropped); messages are cut to kMaxRunFailureMessage bytes.
void add_run_failures(Database& db, int64_t id, const std::vector<RunFailure>& failures);

// The newest runs first, as `filter` asks.
std::vector<RunRecord> list_runs(Database& db, const RunFilter& filter);

// One run with its failures, or nullopt when there is no row with that id.
std::optional<RunRecord> find_run(Database& db, int64_t id);

// Claims the fire of `flow` due at `due` (unix seconds) for `claimant` ("HOST:PID"): true for the
// first serve process to ask, false for every other (they share the state: one fire, one run).
// Claims older than a week are forgotten. ERRORS: throws StoreError.
bool claim_fire(Database& db, std::string_view flow, int64_t due, std::string_view claimant);
// Who claimed that fire, or "" when nobody did.
std::string fire_claimant(Database& db, std::string_view flow, int64_t due);

}  // namespace host::store
