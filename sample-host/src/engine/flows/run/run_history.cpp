#include "engine/flows/run/run_history.hpp"

#include "engine/flows/run/run_recorder.hpp"
#include "store/connection_tables.hpp"

namespace host::engine {
namespace {

std::unique_ptr<store::Database> open_history(const HostPaths& paths) {
  auto db = store::Database::open(paths.state_dir / store::kStateDatabaseFile);
  store::migrate_run_history(*db);
  return db;
}

}  // namespace

int64_t open_run_record(const FlowRunRequest& request) {
  return store::begin_run(*open_history(request.paths), run_start(request));
}

std::vector<RunRecord> list_runs(const HostPaths& paths, const RunFilter& filter) {
  return store::list_runs(*open_history(paths), filter);
}

std::optional<RunRecord> find_run(const HostPaths& paths, int64_t id) {
  return store::find_run(*open_history(paths), id);
}

std::string_view flow_outcome_name(FlowOutcome outcome) {
  switch (outcome) {
    case FlowOutcome::kSucceeded:
      return "succeeded";
    case FlowOutcome::kNothingToDo:
      return "nothing_to_do";
    case FlowOutcome::kBadFlow:
      return "bad_flow";
    case FlowOutcome::kRefused:
      return "refused";
    case FlowOutcome::kFailed:
      return "failed";
    case FlowOutcome::kRecordsFailed:
      return "records_failed";
    case FlowOutcome::kHostFailed:
      break;
  }
  return "host_failed";
}

std::string_view flow_step_name(FlowStep step) {
  switch (step) {
    case FlowStep::kConnect:
      return "connect";
    case FlowStep::kCheck:
      return "check";
    case FlowStep::kRecords:
      return "records";
    case FlowStep::kDocuments:
      break;
  }
  return "documents";
}

std::string_view export_mode_name(ExportMode mode) {
  switch (mode) {
    case ExportMode::kAll:
      return "all";
    case ExportMode::kDelta:
      return "delta";
    case ExportMode::kOnce:
      return "once";
    case ExportMode::kTest:
      break;
  }
  return "test";
}

std::string_view flow_kind_name(FlowKind kind) {
  switch (kind) {
    case FlowKind::kExport:
      return "export";
    case FlowKind::kImport:
      return "import";
    case FlowKind::kListener:
      break;
  }
  return "listener";
}

std::optional<ExportMode> parse_export_mode(std::string_view name) {
  for (ExportMode mode :
       {ExportMode::kAll, ExportMode::kDelta, ExportMode::kOnce, ExportMode::kTest}) {
    if (export_mode_name(mode) == name) return mode;
  }
  return std::nullopt;
}

}  // namespace host::engine
