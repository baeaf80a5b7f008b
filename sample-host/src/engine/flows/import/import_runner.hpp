// import_runner.hpp: runs one import flow: JSON Lines in, one write per record, outcomes out.
//
// Exactly-once discipline: a record's ledger row is set "in_flight" (durably) before its
// request leaves, and "succeeded"/"failed" after the answer. A re-run skips succeeded records.
// A record found "in_flight" was sent by a run that died before hearing back; it is sent again
// with the same remote idempotency key when the endpoint takes one (the remote side then answers
// from its own ledger instead of applying it twice). For endpoints without one the resend is
// reported in the results ("resent": true) because only the remote side can tell.
//
// The ledger is kept per target (ImportRun::target): the same flow pointed at another shop,
// connection, resource or endpoint applies its records there. A record sent to one target that
// the ledger says was applied to another of the flow's targets is noted in its result line
// ("note") and counted (applied_elsewhere); the run warns once with the count and what changed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "engine/calls/remote_call.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"
#include "engine/flows/import/ledger_store.hpp"
#include "engine/flows/import/record_source.hpp"

namespace host::engine {

// Every record read ends in exactly one of succeeded, already_applied, repeated or failed, so a
// summary can account for all of them; `read` minus those four were still queued when the run
// stopped (they are attempted by the next run).
struct ImportCounters {
  uint64_t read = 0;             // non-blank input lines handed to the workers
  uint64_t succeeded = 0;        // applied by this run
  uint64_t already_applied = 0;  // skipped: the ledger says an earlier run applied it
  uint64_t repeated = 0;         // skipped: its idempotency key is on an earlier line
  uint64_t failed = 0;           // refused by the remote side, or not a valid record
  uint64_t requests = 0;
  // Of the records sent: how many the ledger says were applied to another target of the flow.
  uint64_t applied_elsewhere = 0;
  uint64_t skipped() const { return already_applied + repeated; }
  uint64_t finished() const { return succeeded + skipped() + failed; }
};

// "N records read: A applied, S skipped as already applied, R skipped as repeated, F failed"
// (and "Q not attempted" when the run stopped early): one clause per outcome, zeros included.
std::string describe_import_counters(const ImportCounters& counters);

// A record the run could not apply (a failed line of the results file), for a run history:
// never a secret.
struct ImportFailure {
  uint64_t line = 0;
  std::string key;      // the record's idempotency key
  std::string code;     // the remote side's code, else the verdict ("INVALID_INPUT")
  std::string message;  // why: the remote message, the per-item errors, or the input's fault
};

struct ImportRun {
  std::filesystem::path input;  // a JSON Lines file, read when `source` is null
  // Where the records come from instead of `input`. OWNERSHIP: borrowed for the run. May be null.
  RecordSource* source = nullptr;
  std::filesystem::path results;  // JSON Lines of per-record outcomes (appended)
  // Where the writes go (import_target() in export_definition.hpp); the ledger's rows are bound
  // to it.
  std::string target;
  // A ledger for one worker thread; called once per worker.
  std::function<std::unique_ptr<LedgerStore>()> open_ledger;
  std::function<void(const ImportCounters&)> progress;  // about twice a second; may be empty
  std::function<void(const std::string&)> warn;         // may be empty
  // Each failed record, from the workers, one call at a time. May be empty.
  std::function<void(const ImportFailure&)> failed;
  // Asked before each record is sent, from the worker threads; a non-empty answer stops the run
  // with that error (e.g. the connection was deleted). May be empty.
  std::function<std::string()> check_still_allowed;
};

struct ImportResult {
  bool ok = true;  // false: the run stopped before the end of the input (error says why)
  std::string error;
  ImportCounters counters;
};

// Runs the import with flow.concurrency workers sharing `caller`.
// ERRORS: an unreadable input or unwritable results file throws std::runtime_error naming it.
ImportResult run_import(const FlowManifest& flow, const EndpointSpec& endpoint,
                        const std::string& scope_credential, RemoteCaller& caller,
                        const ImportRun& run);

}  // namespace host::engine
