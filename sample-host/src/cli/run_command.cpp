// `connector-host run FLOW_MANIFEST [--mode all|delta|once|test] [--out PATH] [--limit N]`:
// runs one export, import or listener flow (manifests/schemas/flow.schema.json) through its
// connection.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "cli/run_documents.hpp"
#include "engine/connection_lease.hpp"
#include "engine/connection_session.hpp"
#include "engine/connection_state.hpp"
#include "engine/cursor_store.hpp"
#include "engine/export_definition.hpp"
#include "engine/export_runner.hpp"
#include "engine/flow_catalog.hpp"
#include "engine/flow_file_identity.hpp"
#include "engine/flow_manifest.hpp"
#include "engine/flow_session_caller.hpp"
#include "engine/import_runner.hpp"
#include "engine/ledger_store.hpp"
#include "engine/version_drift.hpp"
#include "loader/connector_description.hpp"
#include "log/log_sink.hpp"
#include "store/connection_store.hpp"
#include "store/connection_tables.hpp"
#include "store/database.hpp"
#include "webhook/inbox_drain.hpp"

namespace host::cli {
namespace {

using namespace host::engine;

constexpr const char* kUsage =
    "usage: connector-host run FLOW_MANIFEST [--mode all|delta|once|test] [--out PATH]\n"
    "                          [--limit N] [--input PATH] [--take-over-output]\n"
    "                          [--reset-cursor]\n";

constexpr const char* kHelp =
    "Runs one flow manifest (an export, an import or a listener) through its connection.\n"
    "A listener flow appends the webhook events `connector-host listen` stored to its output\n"
    "(--out overrides) and marks them delivered once they are on disk.\n\n"
    "  --mode all     export the whole window (window.start or now - window.lookback_seconds\n"
    "                 up to now - window.lag_seconds)\n"
    "  --mode delta   export from the stored cursor (default; the first run behaves like all)\n"
    "  --mode once    like all, once: later runs do nothing\n"
    "  --mode test    export the first --limit records (default 10, at most 1000000) to --out\n"
    "                 (default OUTPUT with .test before its extension), replacing it; no\n"
    "                 cursor change\n"
    "  --out PATH     exports: the JSON Lines output (default: the manifest's output);\n"
    "                 imports: the results file (default: INPUT.results.jsonl)\n"
    "  --input PATH   imports: read records from PATH instead of the manifest's input\n"
    "  --take-over-output  exports: accept the output file as it is now as this flow's (see\n"
    "                 below); the cursor is kept\n"
    "  --reset-cursor exports: forget the stored cursor (and a once run's completion) and bind\n"
    "                 it to the manifest as it is now; the output file is kept\n"
    "Paths in the manifest are relative to the manifest's folder; --out and --input are\n"
    "relative to the current directory.\n\n"
    "Exports append each run's new records to the output file; the cursor advances only over\n"
    "records already fsync'd there, and a run killed midway is resumed without losing or\n"
    "repeating a record. Imports skip records an earlier run imported to the same target\n"
    "(connection, shop, resource, endpoint): the ledger is keyed by the flow name, the target\n"
    "and idempotency_key (or the record's SHA-256). Pointed at another shop, a flow applies its\n"
    "records there, with a warning naming how many were applied to the other target.\n"
    "An export's cursor belongs to one output file and one definition (connection, shop,\n"
    "resource, endpoint, filters, window field). A run refuses (exit 2) an output that another\n"
    "flow or mode committed to, that holds bytes this flow did not write, or that was replaced\n"
    "or edited since its last commit (--take-over-output), and a cursor stored for another\n"
    "definition (--reset-cursor). A test run never writes a committed output.\n"
    "exit codes: 0 success, 1 the work failed, 2 bad usage or bad manifest\n";

// --mode test previews a flow; a preview of more records than this is an export.
constexpr uint64_t kMaxTestLimit = 1'000'000;

struct RunArgs {
  std::filesystem::path manifest;
  ExportMode mode = ExportMode::kDelta;
  std::filesystem::path out;
  std::filesystem::path input;
  uint64_t limit = 10;
  bool take_over_output = false;
  bool reset_cursor = false;
};

// Parses the arguments; returns an exit code to stop with, or -1 to go on.
int parse_args(std::span<const std::string> args, RunArgs& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* {
      if (i + 1 >= args.size()) return nullptr;
      return &args[++i];
    };
    const std::string* v = nullptr;
    if (a == "--help" || a == "-h") {
      std::cout << kUsage << kHelp;
      return kExitOk;
    } else if (a == "--mode") {
      if (!(v = value())) break;
      if (*v == "all") out.mode = ExportMode::kAll;
      else if (*v == "delta") out.mode = ExportMode::kDelta;
      else if (*v == "once") out.mode = ExportMode::kOnce;
      else if (*v == "test") out.mode = ExportMode::kTest;
      else {
        std::cerr << "connector-host run: --mode takes all, delta, once or test, not '" << *v
                  << "'\n";
        return kExitUsage;
      }
    } else if (a == "--out") {
      if (!(v = value())) break;
      out.out = *v;
    } else if (a == "--take-over-output") {
      out.take_over_output = true;
    } else if (a == "--reset-cursor") {
      out.reset_cursor = true;
    } else if (a == "--input") {
      if (!(v = value())) break;
      out.input = *v;
    } else if (a == "--limit") {
      if (!(v = value())) break;
      // from_chars, unlike stoull, refuses a sign: "-3" must not wrap around to "everything".
      const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out.limit);
      if (ec != std::errc() || end != v->data() + v->size() || out.limit == 0 ||
          out.limit > kMaxTestLimit) {
        std::cerr << "connector-host run: --limit takes a whole number from 1 to "
                  << kMaxTestLimit << ", not '" << v->substr(0, 32) << "'\n";
        return kExitUsage;
      }
    } else if (!a.starts_with("-") && out.manifest.empty()) {
      out.manifest = a;
    } else {
      std::cerr << "connector-host run: unexpected argument '" << a << "'\n" << kUsage;
      return kExitUsage;
    }
  }
  if (out.manifest.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  if (out.mode == ExportMode::kTest && (out.take_over_output || out.reset_cursor)) {
    std::cerr << "connector-host run: --take-over-output and --reset-cursor do not apply to "
                 "--mode test (a test run keeps no cursor and never writes a committed output)\n";
    return kExitUsage;
  }
  return -1;
}

// Prints "\r<text>" on a terminal only; `finish` ends the line.
class ProgressLine {
 public:
  ProgressLine() : enabled_(::isatty(STDERR_FILENO) == 1) {}
  void show(const std::string& text) {
    if (!enabled_) return;
    std::fprintf(stderr, "\r\033[K%s", text.c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  ~ProgressLine() {
    if (shown_) std::fputs("\n", stderr);
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();

 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
};

// Refuses (true, after printing why) an output that is a file the run reads: the manifest, the
// import input, the state database.
bool output_is_an_input(const FlowManifest& flow, const GlobalOptions& options,
                        const std::filesystem::path& output,
                        const std::filesystem::path& import_input = {}) {
  const std::filesystem::path db = options.state_dir / store::kStateDatabaseFile;
  const auto clash = output_clash(output, {{"the flow manifest", flow.file},
                                           {"the import input", import_input},
                                           {"the state database", db}});
  if (!clash) return false;
  std::cerr << "connector-host run: " << flow.file.string() << ": "
            << describe_output_clash(output, *clash) << "\n";
  return true;
}

std::filesystem::path test_output_path(const std::filesystem::path& output) {
  std::filesystem::path p = output;
  const std::string ext = p.extension().string();
  p.replace_extension();
  return p.string() + ".test" + (ext.empty() ? ".jsonl" : ext);
}

std::filesystem::path export_output(const FlowManifest& flow, const RunArgs& args) {
  return !args.out.empty() ? args.out
         : args.mode == ExportMode::kTest ? test_output_path(flow.output)
                                          : flow.output;
}

int run_export_flow(const FlowManifest& flow, const FlowCatalog& catalog, const RunArgs& args,
                    const GlobalOptions& options, RemoteCaller& caller,
                    const std::string& credential, const std::string& shop_id,
                    ConnectionLease& lease) {
  const EndpointSpec& endpoint = flow_endpoint(flow, catalog);
  const ResourceSpec& resource = *catalog.find_resource(flow.resource);
  ExportRun run;
  run.mode = args.mode;
  run.output = export_output(flow, args);
  if (output_is_an_input(flow, options, run.output)) return kExitUsage;
  run.test_limit = args.limit;
  run.now = static_cast<int64_t>(std::time(nullptr));
  run.definition = export_definition(flow, endpoint, shop_id);
  run.take_over_output = args.take_over_output;
  run.reset_cursor = args.reset_cursor;
  run.check_still_allowed = [&lease] { return lease.check(); };
  ProgressLine progress;
  run.progress = [&](const ExportCounters& c) {
    const double secs = progress.seconds();
    std::ostringstream line;
    line << "exporting " << flow.name << ": " << c.records << " records, " << c.pages
         << " pages, slices " << c.slices_done << "/" << c.slices_total << ", "
         << static_cast<int64_t>(secs > 0 ? static_cast<double>(c.records) / secs : 0)
         << " records/s";
    progress.show(line.str());
  };
  run.warn = [](const std::string& m) { log::warn("run", m); };

  // Test runs read the store too: they must not write an output a stream committed to.
  const auto db = store::Database::open(options.state_dir / store::kStateDatabaseFile);
  const auto cursors = make_sqlite_cursor_store(*db);
  const ExportResult result = run_export(flow, endpoint, resource.detail, credential, caller,
                                         cursors.get(), run);
  if (result.already_completed) {
    std::cout << "flow " << flow.name << " ran once already; nothing to do\n";
    return kExitOk;
  }
  if (result.refused) {
    std::cerr << "connector-host run: " << flow.file.string() << ": " << result.error << "\n";
    return kExitUsage;
  }
  if (!result.ok) {
    std::cerr << "connector-host run: " << flow.file.string() << ": export failed: "
              << result.error << "\n"
              << "  " << result.counters.records << " records of the completed slices are in "
              << result.output.string() << "; the next run resumes after them\n";
    return kExitFailed;
  }
  log::info("run", flow.name + ": " + std::to_string(result.counters.pages) + " pages in " +
                       std::to_string(result.counters.slices_total) + " slices (" +
                       std::to_string(result.counters.splits) +
                       " split because their first page showed them dense)");
  std::cout << "exported " << result.counters.records << " records to " << result.output.string();
  if (resource.detail) {
    std::cout << " (the search found " << result.counters.searched << "; "
              << result.counters.missing_details
              << " of them had no detail record and were not exported)";
  }
  std::cout << "\n";
  return kExitOk;
}

int run_import_flow(const FlowManifest& flow, const FlowCatalog& catalog, const RunArgs& args,
                    const GlobalOptions& options, RemoteCaller& caller,
                    const std::string& credential, const std::string& shop_id,
                    ConnectionLease& lease) {
  const EndpointSpec& endpoint = flow_endpoint(flow, catalog);
  ImportRun run;
  run.target = import_target(flow, endpoint, shop_id);
  run.input = std::filesystem::absolute(args.input.empty() ? flow.input : args.input);
  run.results = std::filesystem::absolute(
      args.out.empty() ? std::filesystem::path(run.input.string() + ".results.jsonl") : args.out);
  if (output_is_an_input(flow, options, run.results, run.input)) return kExitUsage;
  const std::filesystem::path db_path = options.state_dir / store::kStateDatabaseFile;
  // One database connection per worker (a store::Database serves one thread).
  run.open_ledger = [db_path] { return open_sqlite_ledger_store(db_path); };
  ProgressLine progress;
  run.progress = [&](const ImportCounters& c) {
    std::ostringstream line;
    line << "importing " << flow.name << ": " << describe_import_counters(c);
    progress.show(line.str());
  };
  run.warn = [](const std::string& m) { log::warn("run", m); };
  run.check_still_allowed = [&lease] { return lease.check(); };
  if (!std::filesystem::exists(run.input)) {
    std::cerr << "connector-host run: " << flow.file.string() << ": /input: "
              << run.input.string() << " does not exist\n";
    return kExitUsage;
  }
  const ImportResult result = run_import(flow, endpoint, credential, caller, run);
  std::cout << "imported " << run.input.string() << ": "
            << describe_import_counters(result.counters) << "\n"
            << "results: " << run.results.string() << "\n";
  if (!result.ok) {
    std::cerr << "connector-host run: " << flow.file.string() << ": import stopped: "
              << result.error << "\n";
    return kExitFailed;
  }
  return result.counters.failed == 0 ? kExitOk : kExitFailed;
}

// A listener flow appends the webhook events `connector-host listen` stored for its connection
// to the output and marks them delivered only after the output is fsync'd (see inbox_drain.hpp).
int run_listener_flow(const FlowManifest& flow, const RunArgs& args,
                      const GlobalOptions& options) {
  const std::filesystem::path output = args.out.empty() ? flow.output : args.out;
  if (output_is_an_input(flow, options, output)) return kExitUsage;
  try {
    engine::ConnectionState state(options);
    if (!store::find_connection(state.db(), flow.connection)) {
      std::cerr << args.manifest.string() << ": /connection: no connection named "
                << flow.connection << "\n";
      return kExitUsage;
    }
    const auto drained = webhook::drain_inbox(state.db(), flow.connection, output);
    std::cout << "delivered " << drained.events << " webhook events to " << output.string()
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "connector-host run: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

int run_command(const GlobalOptions& options, std::span<const std::string> raw_args) {
  log::configure(options.log_format == LogFormat::kJson ? log::Format::kJson
                                                        : log::Format::kHuman);
  RunArgs args;
  if (int code = parse_args(raw_args, args); code >= 0) return code;

  std::ifstream in(args.manifest, std::ios::binary);
  if (!in) {
    std::cerr << "connector-host run: cannot read " << args.manifest.string() << "\n";
    return kExitUsage;
  }
  std::error_code size_error;
  const auto manifest_size = std::filesystem::file_size(args.manifest, size_error);
  if (!size_error && manifest_size > kMaxFlowManifestBytes) {
    std::cerr << "connector-host run: " << args.manifest.string() << ": is " << manifest_size
              << " bytes; a flow manifest is at most " << kMaxFlowManifestBytes << "\n";
    return kExitUsage;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::vector<FlowProblem> problems;
  FlowManifest flow = parse_flow_manifest(args.manifest, text.str(), problems);
  if (!problems.empty()) {
    std::cerr << describe_problems(args.manifest, problems) << "\n";
    return kExitUsage;
  }
  if (flow.kind != FlowKind::kExport &&
      (args.mode != ExportMode::kDelta || args.take_over_output || args.reset_cursor)) {
    std::cerr << "connector-host run: --mode, --take-over-output and --reset-cursor apply to "
                 "exports only\n";
    return kExitUsage;
  }

  if (flow.kind == FlowKind::kListener) return run_listener_flow(flow, args, options);

  // The lease first: a connection deleted (or replaced) after it is noticed at the next step.
  std::unique_ptr<ConnectionLease> lease;
  std::unique_ptr<ConnectionSession> session;
  try {
    lease = std::make_unique<ConnectionLease>(options.state_dir / store::kStateDatabaseFile,
                                              flow.connection, "run " + flow.name, nullptr);
    session = open_session(options, flow.connection);
  } catch (const std::exception& e) {
    std::cerr << "connector-host run: " << args.manifest.string() << ": /connection: "
              << e.what() << "\n";
    return kExitFailed;
  }
  const auto description = loader::describe_connector(session->connector());
  if (!description.ok()) {
    std::cerr << "connector-host run: " << description.error << "\n";
    return kExitFailed;
  }
  warn_version_drift(session->connector().api(), session->connection(), std::cerr);
  const FlowCatalog catalog = parse_flow_catalog(description.json);
  validate_flow_against_catalog(flow, catalog, problems);
  DocumentDownloadSpec documents;
  if (!flow.documents_json.empty()) read_flow_documents(flow, catalog, documents, problems);
  if (!problems.empty()) {
    std::cerr << describe_problems(args.manifest, problems) << "\n";
    return kExitUsage;
  }
  const EndpointSpec& endpoint = flow_endpoint(flow, catalog);
  std::string credential;
  const auto scope = session->find_scope(flow.shop);
  if (!scope) {
    std::string known;
    for (const auto& s : session->scopes()) known += (known.empty() ? "" : ", ") + s.id;
    std::cerr << args.manifest.string() << ": /shop: \"" << flow.shop
              << "\" is not a shop id or cipher the connection is authorized for ("
              << (known.empty() ? std::string("none; run connector-host authorize ") +
                                      flow.connection
                                : known)
              << ")\n";
    return kExitUsage;
  }
  if (endpoint.scope != "forbidden") credential = scope->credential;

  // Remote sides limit each API per (app, account): one bucket per endpoint, so an export's search
  // and detail calls each get the whole rate.
  RateLimiterRegistry limiters;
  RetryPolicy policy;
  policy.max_attempts = static_cast<int>(flow.max_attempts);
  SessionRemoteCaller caller(*session,
                             {&limiters, flow.connection + "/" + scope->id + "/",
                              flow.rate_limit_per_second, &catalog},
                             policy);
  if (flow.kind == FlowKind::kExport) {
    const int code =
        run_export_flow(flow, catalog, args, options, caller, credential, scope->id, *lease);
    if (code != kExitOk || flow.documents_json.empty()) return code;
    return run_flow_documents(documents, export_output(flow, args), caller, session->http(),
                              credential);
  }
  return run_import_flow(flow, catalog, args, options, caller, credential, scope->id, *lease);
}

}  // namespace host::cli
