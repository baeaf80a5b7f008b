// `connector-host run FLOW_MANIFEST [--mode all|delta|once|test] [--out PATH] [--limit N]`:
// runs one export, import or listener flow (manifests/schemas/flow.schema.json) through its
// connection.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <span>
#include <sstream>
#include <string>
#include <utility>

#include "cli/command.hpp"
#include "engine/connections/host_state.hpp"
#include "engine/flows/flow_manifest.hpp"
#include "engine/flows/run/flow_run.hpp"
#include "engine/flows/run/run_history.hpp"
#include "log/log_sink.hpp"
#include "store/connection_store.hpp"
#include "webhook/inbox_drain.hpp"

namespace host::cli {
namespace {

using namespace host::engine;

constexpr const char* kSummary =
    "Runs one flow manifest (an export, an import or a listener) through its connection.\n"
    "A listener flow appends the webhook events `connector-host listen` stored to its output "
    "(--out overrides) and marks them delivered once they are on disk.";

constexpr const char* kDetails =
    "Modes of an export:\n"
    "  all: the whole window (window.start or now - window.lookback_seconds up to now - "
    "window.lag_seconds)\n"
    "  delta: from the stored cursor (the default; the first run behaves like all)\n"
    "  once: like all, once: later runs do nothing\n"
    "  test: the first --limit records to --out (default OUTPUT with .test before its "
    "extension), replacing it; no cursor change\n\n"
    "Paths in the manifest are relative to the manifest's folder; --out and --input are "
    "relative to the current directory.\n\n"
    "Exports append each run's new records to the output file; the cursor advances only over "
    "records already fsync'd there, and a run killed midway is resumed without losing or "
    "repeating a record. Imports skip records an earlier run imported to the same target "
    "(connection, shop, resource, endpoint): the ledger is keyed by the flow name, the target "
    "and idempotency_key (or the record's SHA-256). Pointed at another shop, a flow applies its "
    "records there, with a warning naming how many were applied to the other target.\n"
    "An export's cursor belongs to one output file and one definition (connection, shop, "
    "resource, endpoint, filters, window field). A run refuses (exit 2) an output that another "
    "flow or mode committed to, that holds bytes this flow did not write, or that was replaced "
    "or edited since its last commit (--take-over-output), and a cursor stored for another "
    "definition (--reset-cursor). A test run never writes a committed output.\n"
    "exit codes: 0 success, 1 the work failed, 2 bad usage or bad manifest";

struct RunArgs {
  std::filesystem::path manifest;
  FlowRunOptions options;  // the run request's options, straight from the flags
};

OptionSetter set_mode(ExportMode* target) {
  return [target](const std::string& value) {
    const std::optional<ExportMode> mode = parse_export_mode(value);
    if (!mode) return "takes all, delta, once or test, not '" + value + "'";
    *target = *mode;
    return std::string();
  };
}

OptionTable run_table(RunArgs& out) {
  return {
      .command = "connector-host run",
      .operands = {{.name = "FLOW_MANIFEST", .set = set_path(&out.manifest)}},
      .options =
          {value_option("--mode", "all|delta|once|test",
                        "exports: how much to export (default delta; see the modes below)",
                        set_mode(&out.options.mode)),
           path_option("--out", "PATH",
                       "exports: the JSON Lines output (default: the manifest's output); imports: "
                       "the results file (default: INPUT.results.jsonl)",
                       &out.options.output),
           value_option("--limit", "N",
                        "--mode test: how many records (default 10, at most " +
                            std::to_string(kMaxTestLimit) + ")",
                        set_whole_number(&out.options.test_limit, 1, kMaxTestLimit)),
           path_option("--input", "PATH",
                       "imports: read records from PATH instead of the manifest's input",
                       &out.options.input),
           flag_option("--take-over-output",
                       "exports: accept the output file as it is now as this flow's (see below); "
                       "the cursor is kept",
                       &out.options.take_over_output),
           flag_option("--reset-cursor",
                       "exports: forget the stored cursor (and a once run's completion) and bind "
                       "it to the manifest as it is now; the output file is kept",
                       &out.options.reset_cursor)},
      .summary = kSummary,
      .details = kDetails};
}

// Fills `out` from the arguments; returns the exit code to stop with (after --help or a usage
// error), or nullopt to go on.
std::optional<int> parse_run_args(std::span<const std::string> args, RunArgs& out) {
  if (const auto stop = parse_command_line(run_table(out), args)) return stop;
  const FlowRunOptions& o = out.options;
  if (o.mode == ExportMode::kTest && (o.take_over_output || o.reset_cursor)) {
    std::cerr << "connector-host run: --take-over-output and --reset-cursor do not apply to "
                 "--mode test (a test run keeps no cursor and never writes a committed output)\n";
    return kExitUsage;
  }
  return std::nullopt;
}

// A run as the terminal shows it: a "\r" progress line on a terminal only, warnings in the log,
// version drift as the connector's own warning lines.
class TerminalProgress : public ProgressSink {
 public:
  explicit TerminalProgress(std::string flow) : flow_(std::move(flow)) {}
  ~TerminalProgress() override { end_line(); }
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  void on_progress(const FlowProgress& p) override {
    if (!enabled_) return;
    std::ostringstream line;
    if (p.kind == FlowKind::kExport) {
      const ExportCounters& c = p.exported;
      line << "exporting " << flow_ << ": " << c.records << " records, " << c.pages
           << " pages, slices " << c.slices_done << "/" << c.slices_total << ", "
           << static_cast<int64_t>(p.seconds > 0 ? static_cast<double>(c.records) / p.seconds : 0)
           << " records/s";
    } else {
      line << "importing " << flow_ << ": " << describe_import_counters(p.imported);
    }
    std::fprintf(stderr, "\r\033[K%s", line.str().c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  void on_warning(const std::string& text) override { log::warn("run", text); }
  void on_version_drift(const std::string& lines) override { std::cerr << lines; }

  // Ends the progress line, if one was shown, before the summary is printed.
  void end_line() {
    if (std::exchange(shown_, false)) std::fputs("\n", stderr);
  }

 private:
  std::string flow_;
  bool enabled_ = ::isatty(STDERR_FILENO) == 1;
  bool shown_ = false;
};

void print_export_summary(const FlowManifest& flow, const FlowRunResult& r) {
  if (r.already_completed) {
    std::cout << "flow " << flow.name << " ran once already; nothing to do\n";
    return;
  }
  log::info("run", flow.name + ": " + std::to_string(r.exported.pages) + " pages in " +
                       std::to_string(r.exported.slices_total) + " slices (" +
                       std::to_string(r.exported.splits) +
                       " split because their first page showed them dense)");
  std::cout << "exported " << r.exported.records << " records to " << r.output.string();
  if (r.detail_chain) {
    std::cout << " (the search found " << r.exported.searched << "; " << r.exported.missing_details
              << " of them had no detail record and were not exported)";
  }
  std::cout << "\n";
}

// Prints what the run did and why it stopped, as `run` always has; returns the exit code.
int report_run(const FlowManifest& flow, const FlowRunResult& r) {
  if (!r.problems.empty()) {
    std::cerr << describe_problems(flow.file, r.problems) << "\n";
    return kExitUsage;
  }
  const bool went_through = r.outcome == FlowOutcome::kSucceeded ||
                            r.outcome == FlowOutcome::kNothingToDo ||
                            r.outcome == FlowOutcome::kRecordsFailed;
  if (r.kind == FlowKind::kExport &&
      (r.step == FlowStep::kDocuments || (r.step == FlowStep::kRecords && went_through))) {
    print_export_summary(flow, r);
  }
  if (r.kind == FlowKind::kImport && r.step == FlowStep::kRecords &&
      (went_through || r.outcome == FlowOutcome::kFailed)) {
    std::cout << "imported " << r.input.string() << ": " << describe_import_counters(r.imported)
              << "\n"
              << "results: " << r.output.string() << "\n";
  }
  if (r.documents) {
    std::cout << "documents: " << r.documents->saved << " saved, " << r.documents->skipped
              << " already saved, " << r.documents->failed
              << " failed (index: " << r.documents_index.string() << ")\n";
  }
  switch (r.outcome) {
    case FlowOutcome::kSucceeded:
    case FlowOutcome::kNothingToDo:
      return kExitOk;
    case FlowOutcome::kRecordsFailed:  // the summary above counts them
      return kExitFailed;
    case FlowOutcome::kBadFlow:
    case FlowOutcome::kRefused:
      std::cerr << "connector-host run: " << r.error << "\n";
      return kExitUsage;
    case FlowOutcome::kFailed:
      std::cerr << "connector-host run: " << r.error << "\n";
      if (r.kind == FlowKind::kExport && r.step == FlowStep::kRecords) {
        std::cerr << "  " << r.exported.records << " records of the completed slices are in "
                  << r.output.string() << "; the next run resumes after them\n";
      }
      return kExitFailed;
    case FlowOutcome::kHostFailed:
      std::cerr << "connector-host run: " << r.error << "\n";
      return kExitFailed;
  }
  return kExitFailed;
}

// A listener flow appends the webhook events `connector-host listen` stored for its connection
// to the output and marks them delivered only after the output is fsync'd (see inbox_drain.hpp).
int run_listener_flow(const FlowManifest& flow, const RunArgs& args, const GlobalOptions& options) {
  const std::filesystem::path& out = args.options.output;
  const std::filesystem::path output = out.empty() ? flow.output : out;
  if (std::string clash = output_clash_error(flow, options, output); !clash.empty()) {
    std::cerr << "connector-host run: " << clash << "\n";
    return kExitUsage;
  }
  try {
    engine::HostState state(options);
    if (!store::find_connection(state.db(), flow.connection)) {
      std::cerr << args.manifest.string() << ": /connection: no connection named "
                << flow.connection << "\n";
      return kExitUsage;
    }
    const auto drained = webhook::drain_inbox(state.db(), flow.connection, output);
    std::cout << "delivered " << drained.events << " webhook events to " << output.string() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "connector-host run: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

int run_command(const GlobalOptions& options, std::span<const std::string> raw_args) {
  RunArgs args;
  if (const auto stop = parse_run_args(raw_args, args)) return *stop;

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
      (args.options.mode != ExportMode::kDelta || args.options.take_over_output ||
       args.options.reset_cursor)) {
    std::cerr << "connector-host run: --mode, --take-over-output and --reset-cursor apply to "
                 "exports only\n";
    return kExitUsage;
  }

  if (flow.kind == FlowKind::kListener) return run_listener_flow(flow, args, options);

  FlowRunRequest request;
  request.flow = std::move(flow);
  request.options = args.options;
  request.paths = options;
  TerminalProgress progress(request.flow.name);
  request.progress = &progress;
  const FlowRunResult result = run_flow(request);
  progress.end_line();
  return report_run(request.flow, result);
}

}  // namespace host::cli
