// /api/v1/flows and /api/v1/runs: the flow manifests in the console's flow folder, runs started
// through ConsoleRuns (queued for serve's bounded workers, engine::run_flow), and the run history
// of every front end (engine/flows/run/run_history.hpp): live counts while a run goes, its result
// once it ended, and its output as a download.
#include <simdjson.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iterator>

#include <json_writer/json_writer.hpp>

#include "console/console_api.hpp"
#include "console/console_http.hpp"
#include "console/console_runs.hpp"
#include "engine/flows/flow_folder.hpp"
#include "engine/flows/run/run_history.hpp"

namespace host::console {
namespace {

// Bounds what the console sends back.
constexpr uintmax_t kMaxOutputDownloadBytes = 256u << 20;
// A refused start (the run queue is full, or serve stops): when to ask again, in seconds.
constexpr const char* kRetryAfterFullQueue = "5";
// GET /api/v1/runs: the newest this many.
constexpr uint64_t kRunsListed = 50;

http::OutgoingResponse list_flows(const ConsoleContext& context) {
  std::string out;
  jsonw::Writer w(out);
  w.begin_array();
  const engine::FlowFolder folder = engine::read_flow_folder(context.flow_dir);
  for (const auto& flow : folder.flows) {
    w.begin_object().field("name", flow.name).field("file", flow.file.filename().string());
    w.field("kind", engine::flow_kind_name(flow.kind)).field("connection", flow.connection);
    w.field("resource", flow.resource).field("shop", flow.shop);
    w.field("output", flow.output.string()).field("output_table", flow.output_table).end_object();
  }
  w.end_array();
  return json_response(200, std::move(out));
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
  const std::optional<engine::ExportMode> mode = engine::parse_export_mode(mode_text);
  if (!mode) {
    return problems_response("unknown run mode",
                             {{"/mode", "must be one of \"all\", \"delta\", \"once\", \"test\""}});
  }
  engine::FlowFolder folder = engine::read_flow_folder(context.flow_dir);
  for (auto& flow : folder.flows) {
    if (flow.name != name) continue;
    engine::FlowRunRequest run;
    run.flow = std::move(flow);
    run.options.mode = *mode;
    run.paths = context.paths;
    const StartedRun started = context.runs->start(std::move(run));
    if (!started.refused.empty()) {
      http::OutgoingResponse refused = error_response(started.http_status, started.refused);
      // A full queue drains by itself; a busy flow is the person's to wait for.
      if (started.http_status == 503)
        refused.headers.push_back({"Retry-After", kRetryAfterFullQueue});
      return refused;
    }
    std::string out;
    jsonw::Writer(out)
        .begin_object()
        .field("run_id", std::to_string(started.run_id))
        .field("outcome", store::kRunQueued)
        .end_object();
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

// The history keeps unix milliseconds; the API speaks unix seconds.
int64_t seconds_of(int64_t ms) { return ms / 1000; }

// An output the console can hand out: a run records an output given on the command line as it
// was given, relative to the directory it ran in, which need not be this process's.
bool has_output(const engine::RunRecord& run) {
  return !run.running() && std::filesystem::path(run.output).is_absolute();
}

void write_run(jsonw::Writer& w, const engine::RunRecord& run, bool detail) {
  w.begin_object().field("id", std::to_string(run.id)).field("flow", run.start.flow);
  w.field("mode", run.start.mode).field("started_at", seconds_of(run.started_at_ms));
  write_optional(
      w, "ended_at",
      run.ended_at_ms ? std::optional<int64_t>(seconds_of(*run.ended_at_ms)) : std::nullopt);
  w.field("outcome", run.outcome);
  const bool is_import = run.start.kind == engine::flow_kind_name(engine::FlowKind::kImport);
  const engine::RunCounts& counts = run.counts;
  w.key("counts").begin_object();
  if (is_import) {
    w.field("read", counts.records).field("applied", counts.applied);
    w.field("skipped", counts.skipped).field("failed", counts.failed);
  } else {
    w.field("records", counts.records).field("pages", counts.pages);
  }
  w.field("requests", counts.requests).end_object();
  write_optional(w, "cursor_before", run.cursor_before);
  write_optional(w, "cursor_after", run.cursor_after);
  if (run.error.empty()) {
    w.key("error").raw("null");
  } else {
    w.field("error", run.error);
  }
  if (detail) {
    // The counts are as of the row's last write (about once a second while the run moves).
    const int64_t until_ms = run.ended_at_ms.value_or(run.updated_at_ms);
    const double seconds = static_cast<double>(until_ms - run.started_at_ms) / 1000.0;
    const uint64_t records =
        is_import ? counts.applied + counts.skipped + counts.failed : counts.records;
    w.key("progress").begin_object().field("records", records).field("pages", counts.pages);
    w.field("requests", counts.requests).field("errors", is_import ? counts.failed : 0);
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f",
                  seconds > 0 ? static_cast<double>(records) / seconds : 0.0);
    w.raw_field("rate_per_s", rate);
    w.end_object();
    w.field("has_output", has_output(run));
    w.key("failures").begin_array();
    for (const store::RunFailure& failure : run.failures) {
      w.begin_object().field("line", failure.line).field("key", failure.key);
      w.field("code", failure.code).field("message", failure.message).end_object();
    }
    w.end_array();
  }
  w.end_object();
}

http::OutgoingResponse run_output(const engine::RunRecord& run) {
  const std::string id = std::to_string(run.id);
  if (run.running()) return error_response(409, "run " + id + " is still running");
  const std::filesystem::path file = run.output;
  std::error_code ec;
  if (!has_output(run) || !std::filesystem::is_regular_file(file, ec)) {
    return error_response(404, "run " + id + " wrote no output file this console can find" +
                                   (run.output.empty() ? "" : " (it names " + run.output + ")"));
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
      {"Content-Disposition", "attachment; filename=\"" + run.start.flow + "-" + id + ".jsonl\""});
  return response;
}

// The run the path's ID names, or nullopt (not a run id, or no such run).
std::optional<engine::RunRecord> find_run(const ConsoleContext& context, std::string_view id) {
  int64_t number = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (ec != std::errc() || end != id.data() + id.size() || number <= 0) return std::nullopt;
  return engine::find_run(context.paths, number);
}

}  // namespace

std::optional<http::OutgoingResponse> flows_api(const ConsoleContext& context,
                                                const ApiRequest& request) {
  if (request.segments.empty()) return std::nullopt;
  if (route_is(request, "GET", {"flows"})) return list_flows(context);
  if (route_is(request, "POST", {"flows", "*", "runs"})) return start_run(context, request);
  if (route_is(request, "GET", {"runs"})) {
    engine::RunFilter filter;
    filter.flow = query_parameter(request.target, "flow");
    filter.limit = kRunsListed;
    std::string out;
    jsonw::Writer w(out);
    w.begin_array();
    for (const auto& run : engine::list_runs(context.paths, filter)) write_run(w, run, false);
    w.end_array();
    return json_response(200, std::move(out));
  }
  if (request.segments[0] == "runs" && request.method == "GET" && request.segments.size() >= 2) {
    const auto run = find_run(context, request.segments[1]);
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
