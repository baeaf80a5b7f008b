// page_parse_baseline: the floor the host's export CPU is compared with.
//
//   page_parse_baseline STATE_DIR PLUGIN_DIR MANIFEST_DIR FLOW_MANIFEST [REPEAT]
//
// Runs the flow's export once through the host's own engine (the same requests, pages and
// detail calls as `connector-host run FLOW --mode all`), keeping a copy of every response body;
// then measures the CPU time (this process, user + sys) to simdjson-parse each body and
// re-serialize its `data` member, minified, REPEAT times (default 5), and prints
//   pages N
//   bytes B
//   parse_cpu_seconds S     (per pass: the best of the REPEAT passes)
// for tests/bench/e2e_bench.py, which divides the host process's CPU by it.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <simdjson.h>

#include "engine/authorization/connection_session.hpp"
#include "engine/flows/export/cursor_store.hpp"
#include "engine/flows/export/export_runner.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"
#include "engine/flows/flow_session_caller.hpp"
#include "loader/connector_description.hpp"
#include "store/database.hpp"

namespace {

using namespace host::engine;

// Forwards to the real caller and keeps every response body.
class RecordingCaller : public RemoteCaller {
 public:
  explicit RecordingCaller(RemoteCaller& inner) : inner_(inner) {}
  CallResult call(const CallRequest& request) override {
    CallResult result = inner_.call(request);
    std::lock_guard lock(mutex_);
    bodies_.push_back(result.body);
    return result;
  }
  std::vector<std::string> take() { return std::move(bodies_); }

 private:
  RemoteCaller& inner_;
  std::mutex mutex_;
  std::vector<std::string> bodies_;
};

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int fail(const std::string& message) {
  std::cerr << "page_parse_baseline: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    return fail("usage: page_parse_baseline STATE_DIR PLUGIN_DIR MANIFEST_DIR FLOW [REPEAT]");
  }
  host::engine::HostPaths options;
  options.state_dir = argv[1];
  options.plugin_dir = argv[2];
  options.manifest_dir = argv[3];
  const std::filesystem::path manifest = argv[4];
  const int repeat = argc > 5 ? std::max(1, std::atoi(argv[5])) : 5;

  std::ifstream in(manifest);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<FlowProblem> problems;
  FlowManifest flow = parse_flow_manifest(manifest, text.str(), problems);
  if (!problems.empty()) return fail(describe_problems(manifest, problems));

  std::vector<std::string> bodies;
  try {
    auto session = open_session(options, flow.connection);
    const auto description = host::loader::describe_connector(session->connector());
    if (!description.ok()) return fail(description.error);
    const FlowCatalog catalog = parse_flow_catalog(description.json);
    validate_flow_against_catalog(flow, catalog, problems);
    if (!problems.empty()) return fail(describe_problems(manifest, problems));
    const auto scope = session->find_scope(flow.shop);
    if (!scope) return fail("the connection is not authorized for shop " + flow.shop);
    const EndpointSpec& endpoint = flow_endpoint(flow, catalog);

    RateLimiterRegistry limiters;
    RetryPolicy policy;
    SessionRemoteCaller caller(*session, {&limiters, "baseline/", flow.rate_limit_per_second},
                               policy);
    RecordingCaller recorder(caller);
    // A scratch database and output: the flow's own cursor and output stay untouched.
    const auto scratch = std::filesystem::temp_directory_path() /
                         ("page_parse_baseline_" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch);
    auto db = host::store::Database::open(scratch / "scratch.db");
    auto cursors = make_cursor_store(*db);
    ExportRun run;
    run.mode = ExportMode::kAll;
    run.output = scratch / "records.jsonl";
    run.now = static_cast<int64_t>(std::time(nullptr));
    const ExportResult result =
        run_export(flow, endpoint, catalog.find_resource(flow.resource)->detail,
                   endpoint.scope != "forbidden" ? scope->credential : std::string(), recorder,
                   cursors.get(), run);
    std::filesystem::remove_all(scratch);
    if (!result.ok) return fail("the recording export failed: " + result.error);
    bodies = recorder.take();
  } catch (const std::exception& e) {
    return fail(e.what());
  }

  size_t bytes = 0;
  for (const auto& b : bodies) bytes += b.size();
  // The work every export must do at least: parse each page, write its records back out.
  simdjson::dom::parser parser;
  std::string out;
  double best = 1e300;
  for (int pass = 0; pass < repeat; ++pass) {
    const double start = process_cpu_seconds();
    size_t written = 0;
    for (const auto& body : bodies) {
      simdjson::dom::element doc;
      if (parser.parse(body).get(doc) != simdjson::SUCCESS) return fail("a page is not JSON");
      simdjson::dom::element data;
      if (doc["data"].get(data) != simdjson::SUCCESS) continue;
      out = simdjson::minify(data);
      written += out.size();
    }
    best = std::min(best, process_cpu_seconds() - start);
    if (written == 0) return fail("no page had data");
  }
  std::printf("pages %zu\nbytes %zu\nparse_cpu_seconds %.6f\n", bodies.size(), bytes, best);
  return 0;
}
