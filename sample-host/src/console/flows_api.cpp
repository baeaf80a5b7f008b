// /api/v1/flows and /api/v1/runs: the flow manifests in the console's flow folder, runs started
// through ConsoleRuns (engine::run_flow on a worker thread), their live progress and results,
// and an export's output as a download.
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

#include <json_writer/json_writer.hpp>

#include "console/console_api.hpp"
#include "console/console_http.hpp"
#include "console/console_runs.hpp"

namespace host::console {
namespace {

// Bounds what the console reads and sends back.
constexpr uintmax_t kMaxFlowFileBytes = engine::kMaxFlowManifestBytes;
constexpr uintmax_t kMaxOutputDownloadBytes = 256u << 20;

std::string_view kind_name(engine::FlowKind kind) {
  switch (kind) {
    case engine::FlowKind::kExport:
      return "export";
    case engine::FlowKind::kImport:
      return "import";
    case engine::FlowKind::kListener:
      return "listener";
  }
  return "export";
}

std::string_view outcome_name(engine::FlowOutcome outcome) {
  switch (outcome) {
    case engine::FlowOutcome::kSucceeded:
      return "succeeded";
    case engine::FlowOutcome::kNothingToDo:
      return "nothing_to_do";
    case engine::FlowOutcome::kBadFlow:
      return "bad_flow";
    case engine::FlowOutcome::kRefused:
      return "refused";
    case engine::FlowOutcome::kFailed:
      return "failed";
    case engine::FlowOutcome::kRecordsFailed:
      return "records_failed";
    case engine::FlowOutcome::kHostFailed:
      return "host_failed";
  }
  return "failed";
}

// The flows of the folder, read strictly; files that are not usable flows are left out.
std::vector<engine::FlowManifest> read_flows(const std::filesystem::path& dir) {
  std::vector<engine::FlowManifest> flows;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    if (std::filesystem::file_size(file, ec) > kMaxFlowFileBytes || ec) continue;
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<engine::FlowProblem> problems;
    engine::FlowManifest flow =
        engine::parse_flow_manifest(std::filesystem::absolute(file), text, problems);
    if (problems.empty()) flows.push_back(std::move(flow));
  }
  return flows;
}

http::OutgoingResponse list_flows(const ConsoleContext& context) {
  std::string out;
  jsonw::Writer w(out);
  w.begin_array();
  for (const auto& flow : read_flows(context.flow_dir)) {
    w.begin_object().field("name", flow.name).field("file", flow.file.filename().string());
    w.field("kind", kind_name(flow.kind)).field("connection", flow.connection);
    w.field("resource", flow.resource).field("shop", flow.shop);
    w.field("output", flow.output.string()).end_object();
  }
  w.end_array();
  return json_response(200, std::move(out));
}

bool parse_mode(std::string_view text, engine::ExportMode* mode) {
  if (text == "all")
    *mode = engine::ExportMode::kAll;
  else if (text == "delta")
    *mode = engine::ExportMode::kDelta;
  else if (text == "once")
    *mode = engine::ExportMode::kOnce;
  else if (text == "test")
    *mode = engine::ExportMode::kTest;
  else
    return false;
  return true;
}

http::OutgoingResponse start_run(const ConsoleContext& context, const ApiRequest& request) {
  const std::string& name = request.segments[1];
  simdjson::dom::parser parser;
  simdjson::dom::object body;
  if (parser.parse(request.body).get(body) != simdjson::SUCCESS) {
    return problems_response("the body must be a JSON object", {{"", "must be a JSON object"}});
  }
  std::string_view mode_text = "delta";
  if (body["mode"].error() == simdjson::SUCCESS &&
      body["mode"].get_string().get(mode_text) != simdjson::SUCCESS) {
    mode_text = "";
  }
  engine::ExportMode mode{};
  if (!parse_mode(mode_text, &mode)) {
    return problems_response("unknown run mode",
                             {{"/mode", "must be one of \"all\", \"delta\", \"once\", \"test\""}});
  }
  for (auto& flow : read_flows(context.flow_dir)) {
    if (flow.name != name) continue;
    const std::string id =
        context.runs->start(std::move(flow), mode, std::string(mode_text), context.paths);
    std::string out;
    jsonw::Writer(out).begin_object().field("run_id", id).end_object();
    return json_response(202, std::move(out));
  }
  return error_response(404, "no flow named " + name + " in " + context.flow_dir.string());
}

void write_optional(jsonw::Writer& w, std::string_view key, const std::optional<int64_t>& v) {
  if (v) {
    w.field(key, *v);
  } else {
    w.key(key).raw("null");
  }
}

void write_run(jsonw::Writer& w, const RunView& run, bool detail) {
  w.begin_object().field("id", run.id).field("flow", run.flow).field("mode", run.mode);
  w.field("started_at", run.started_at);
  write_optional(w, "ended_at", run.result ? std::optional<int64_t>(run.ended_at) : std::nullopt);
  w.field("outcome", run.result ? outcome_name(run.result->outcome) : "running");
  const bool is_import = run.progress.kind == engine::FlowKind::kImport;
  const engine::ExportCounters& exported =
      run.result ? run.result->exported : run.progress.exported;
  const engine::ImportCounters& imported =
      run.result ? run.result->imported : run.progress.imported;
  const engine::CallCounts& calls = run.result ? run.result->calls : run.progress.calls;
  w.key("counts").begin_object();
  if (is_import) {
    w.field("read", imported.read).field("applied", imported.succeeded);
    w.field("skipped", imported.skipped()).field("failed", imported.failed);
  } else {
    w.field("records", exported.records).field("pages", exported.pages);
  }
  w.field("requests", calls.requests).end_object();
  write_optional(w, "cursor_before", run.result ? run.result->cursor_before : std::nullopt);
  write_optional(w, "cursor_after", run.result ? run.result->cursor_after : std::nullopt);
  const std::string error = run.result ? run.result->error : run.last_error;
  if (error.empty()) {
    w.key("error").raw("null");
  } else {
    w.field("error", error);
  }
  if (detail) {
    const double seconds = run.progress.seconds;
    const uint64_t records = is_import ? imported.finished() : exported.records;
    w.key("progress").begin_object().field("records", records).field("pages", exported.pages);
    w.field("requests", calls.requests).field("errors", is_import ? imported.failed : 0);
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f",
                  seconds > 0 ? static_cast<double>(records) / seconds : 0.0);
    w.raw_field("rate_per_s", rate);
    w.end_object();
    w.field("has_output", run.result && !run.result->output.empty());
  }
  w.end_object();
}

http::OutgoingResponse run_output(const RunView& run) {
  if (!run.result) return error_response(409, "run " + run.id + " is still running");
  const std::filesystem::path& file = run.result->output;
  std::error_code ec;
  if (file.empty() || !std::filesystem::is_regular_file(file, ec)) {
    return error_response(404, "run " + run.id + " wrote no output file");
  }
  if (std::filesystem::file_size(file, ec) > kMaxOutputDownloadBytes) {
    return error_response(413, "the output " + file.filename().string() +
                                   " is too large to download here; it is at " + file.string());
  }
  std::ifstream in(file, std::ios::binary);
  http::OutgoingResponse response;
  response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  response.headers.push_back({"Content-Type", "application/x-ndjson"});
  response.headers.push_back(
      {"Content-Disposition", "attachment; filename=\"" + run.flow + "-" + run.id + ".jsonl\""});
  return response;
}

}  // namespace

std::optional<http::OutgoingResponse> flows_api(const ConsoleContext& context,
                                                const ApiRequest& request) {
  if (request.segments.empty()) return std::nullopt;
  if (route_is(request, "GET", {"flows"})) return list_flows(context);
  if (route_is(request, "POST", {"flows", "*", "runs"})) return start_run(context, request);
  if (route_is(request, "GET", {"runs"})) {
    std::string out;
    jsonw::Writer w(out);
    w.begin_array();
    for (const auto& run : context.runs->list(query_parameter(request.target, "flow"))) {
      write_run(w, run, false);
    }
    w.end_array();
    return json_response(200, std::move(out));
  }
  if (request.segments[0] == "runs" && request.method == "GET" && request.segments.size() >= 2) {
    const auto run = context.runs->find(request.segments[1]);
    if (!run) return error_response(404, "no run " + request.segments[1]);
    if (route_is(request, "GET", {"runs", "*"})) {
      std::string out;
      jsonw::Writer w(out);
      write_run(w, *run, true);
      return json_response(200, std::move(out));
    }
    if (route_is(request, "GET", {"runs", "*", "output"})) return run_output(*run);
  }
  return std::nullopt;
}

}  // namespace host::console
