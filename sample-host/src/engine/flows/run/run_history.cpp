#include "engine/flows/run/run_history.hpp"

#include "engine/flows/run/run_recorder.hpp"
#include "store/connection_tables.hpp"

#include <text_codec/enum_names.hpp>

namespace host::engine {
namespace {

// The words the run history stores and the front ends print.
constexpr textcodec::EnumName<FlowOutcome> kOutcomeNames[] = {
    {FlowOutcome::kSucceeded, "succeeded"},   {FlowOutcome::kNothingToDo, "nothing_to_do"},
    {FlowOutcome::kBadFlow, "bad_flow"},      {FlowOutcome::kRefused, "refused"},
    {FlowOutcome::kFailed, "failed"},         {FlowOutcome::kRecordsFailed, "records_failed"},
    {FlowOutcome::kHostFailed, "host_failed"}};
constexpr textcodec::EnumName<FlowStep> kStepNames[] = {{FlowStep::kConnect, "connect"},
                                                        {FlowStep::kCheck, "check"},
                                                        {FlowStep::kRecords, "records"},
                                                        {FlowStep::kDocuments, "documents"}};
constexpr textcodec::EnumName<ExportMode> kModeNames[] = {{ExportMode::kAll, "all"},
                                                          {ExportMode::kDelta, "delta"},
                                                          {ExportMode::kOnce, "once"},
                                                          {ExportMode::kTest, "test"}};
constexpr textcodec::EnumName<FlowKind> kKindNames[] = {{FlowKind::kExport, "export"},
                                                        {FlowKind::kImport, "import"},
                                                        {FlowKind::kListener, "listener"}};

}  // namespace

std::unique_ptr<store::Database> open_run_history(const HostPaths& paths) {
  auto db = store::Database::open(paths.state());
  store::migrate_run_history(*db);
  return db;
}

int64_t open_run_record(const FlowRunRequest& request) {
  return store::begin_run(*open_run_history(request.paths), run_start(request));
}

int64_t open_queued_run_record(const FlowRunRequest& request) {
  return store::begin_queued_run(*open_run_history(request.paths), run_start(request));
}

void record_run_without_running(store::Database& db, const FlowRunRequest& request,
                                std::string_view outcome, const std::string& why) {
  const int64_t id =
      request.run_id != 0 ? request.run_id : store::begin_run(db, run_start(request));
  store::RunEnd end;
  end.outcome = outcome;
  end.step = flow_step_name(FlowStep::kConnect);
  end.error = why;
  store::finish_run(db, id, end);
}

std::vector<RunRecord> list_runs(const HostPaths& paths, const RunFilter& filter) {
  return store::list_runs(*open_run_history(paths), filter);
}

std::optional<RunRecord> find_run(const HostPaths& paths, int64_t id) {
  return store::find_run(*open_run_history(paths), id);
}

std::string_view flow_outcome_name(FlowOutcome outcome) {
  return textcodec::enum_name(kOutcomeNames, outcome, "host_failed");
}

std::string_view flow_step_name(FlowStep step) {
  return textcodec::enum_name(kStepNames, step, "documents");
}

std::string_view export_mode_name(ExportMode mode) {
  return textcodec::enum_name(kModeNames, mode, "test");
}

std::string_view flow_kind_name(FlowKind kind) {
  return textcodec::enum_name(kKindNames, kind, "listener");
}

std::optional<ExportMode> parse_export_mode(std::string_view name) {
  return textcodec::enum_from_name(kModeNames, name);
}

}  // namespace host::engine
