// `connector-host runs list [--flow NAME] [--failed] [--limit N]` and `runs show ID`: the run
// history every flow run writes (engine/flows/run/run_history.hpp), whoever started it.
#include <iostream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <text_codec/utc_time.hpp>

#include "cli/command.hpp"
#include "cli/show_lines.hpp"
#include "engine/flows/run/run_history.hpp"

namespace host::cli {
namespace {

// The most `runs list` prints at once; --limit asks for fewer or more up to this.
constexpr uint64_t kMaxListed = 10'000;

struct RunsArgs {
  engine::RunFilter filter;
  int64_t id = 0;
};

OptionSetter set_run_id(int64_t* target) {
  return [target](const std::string& value) {
    if (!parse_whole_number(value, target) || *target <= 0) {
      return "takes a run id (a whole number from 1, as `runs list` prints), not '" +
             value.substr(0, 32) + "'";
    }
    return std::string();
  };
}

// "2026-12-01T12:34:56Z" (UTC, whole seconds).
std::string utc_time(int64_t unix_ms) {
  return textcodec::utc_text(unix_ms / 1000, textcodec::UtcForm::kIso8601);
}

// "12.3 s" from the start to the end, or to the last write of a row still running.
std::string duration(const engine::RunRecord& run) {
  const int64_t end = run.ended_at_ms.value_or(run.updated_at_ms);
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  out << static_cast<double>(end - run.started_at_ms) / 1000.0 << " s";
  return out.str();
}

std::string cursor_text(const std::optional<int64_t>& cursor) {
  if (!cursor) return "none";
  return std::to_string(*cursor) + " (" + utc_time(*cursor * 1000) + ")";
}

int list(const GlobalOptions& options, const engine::RunFilter& filter) {
  const std::vector<engine::RunRecord> runs = engine::list_runs(options, filter);
  if (runs.empty()) {
    std::cout << (filter.failed || !filter.flow.empty() ? "no runs match\n"
                                                        : "no runs recorded yet\n");
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows = {{"ID", "FLOW", "SHOP", "MODE", "STARTED",
                                                 "DURATION", "OUTCOME", "RECORDS", "REQUESTS",
                                                 "429S"}};
  for (const engine::RunRecord& run : runs) {
    rows.push_back({std::to_string(run.id), run.start.flow, run.start.shop,
                    run.start.mode.empty() ? run.start.kind : run.start.mode,
                    utc_time(run.started_at_ms), duration(run), run.outcome,
                    std::to_string(run.counts.records), std::to_string(run.counts.requests),
                    std::to_string(run.counts.rate_limited)});
  }
  std::vector<size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    std::cout << line << "\n";
  }
  return kExitOk;
}

// An import's failed records, one line each: "  line N  KEY  CODE  MESSAGE" (the first
// store::kMaxRunFailures; the count of all is the "failed" field).
void print_failures(const engine::RunRecord& run) {
  if (run.failures.empty()) return;
  const bool all = run.failures.size() == run.counts.failed;
  std::cout << "failures"
            << (all ? ""
                    : " (the first " + std::to_string(run.failures.size()) + " of " +
                          std::to_string(run.counts.failed) + ")")
            << ":\n";
  for (const store::RunFailure& failure : run.failures) {
    std::cout << "  line " << failure.line << "  " << failure.key << "  " << failure.code << "  "
              << failure.message << "\n";
  }
}

int show(const GlobalOptions& options, int64_t id) {
  const auto run = engine::find_run(options, id);
  if (!run) {
    std::cerr << "connector-host runs show: no run with id " << id
              << " (`connector-host runs list` prints them)\n";
    return kExitFailed;
  }
  const engine::RunCounts& c = run->counts;
  print_field(std::cout, "id", std::to_string(run->id));
  print_field(std::cout, "flow", run->start.flow);
  if (!run->start.flow_file.empty()) print_field(std::cout, "manifest", run->start.flow_file);
  print_field(std::cout, "kind", run->start.kind);
  if (!run->start.mode.empty()) print_field(std::cout, "mode", run->start.mode);
  print_field(std::cout, "connection", run->start.connection);
  print_field(std::cout, "shop", run->start.shop);
  print_field(std::cout, "started by",
              run->start.started_by + " (pid " + std::to_string(run->pid) + ")");
  print_field(std::cout, "started", utc_time(run->started_at_ms));
  print_field(std::cout, "ended", run->ended_at_ms ? utc_time(*run->ended_at_ms) : "not yet");
  print_field(std::cout, "duration", duration(*run));
  print_field(std::cout, "outcome", run->outcome);
  if (!run->step.empty()) print_field(std::cout, "step", run->step);
  print_field(std::cout, "records", std::to_string(c.records));
  if (run->start.kind == "export") print_field(std::cout, "pages", std::to_string(c.pages));
  print_field(std::cout, "calls", std::to_string(c.calls));
  print_field(std::cout, "requests", std::to_string(c.requests));
  print_field(std::cout, "retries", std::to_string(c.retries));
  print_field(std::cout, "rate limited (429)", std::to_string(c.rate_limited));
  if (run->start.kind == "import") {
    print_field(std::cout, "applied", std::to_string(c.applied));
    print_field(std::cout, "skipped", std::to_string(c.skipped));
    print_field(std::cout, "failed", std::to_string(c.failed));
  }
  if (run->start.kind == "export") {
    print_field(std::cout, "cursor before", cursor_text(run->cursor_before));
    print_field(std::cout, "cursor after", cursor_text(run->cursor_after));
  }
  if (!run->output.empty()) print_field(std::cout, "output", run->output);
  if (!run->error.empty()) print_field(std::cout, "error", run->error);
  print_failures(*run);
  return kExitOk;
}

}  // namespace

int runs_command(const GlobalOptions& options, std::span<const std::string> args) {
  RunsArgs parsed;
  const VerbTable table{
      .command = "connector-host runs",
      .verbs =
          {{"list",
            "list recorded runs, newest first",
            {.options = {text_option("--flow", "NAME", "only the runs of the flow named NAME",
                                     &parsed.filter.flow),
                         flag_option("--failed",
                                     "only the runs that did not succeed (interrupted ones too)",
                                     &parsed.filter.failed),
                         value_option("--limit", "N", "at most N runs (default 50)",
                                      set_whole_number(&parsed.filter.limit, 1, kMaxListed))}}},
           {"show",
            "show one run: its counts, cursors, error and an import's failed records",
            {.operands = {{.name = "ID", .set = set_run_id(&parsed.id)}}}}},
      .details =
          "Every run of a flow is recorded, from this command line or any other front end: "
          "flow, connection, shop, mode, start, end, outcome, counts (records, pages, requests, "
          "retries, rate-limited answers; applied, skipped and failed records of imports), the "
          "cursor before and after, the error, and an import's failed records (key, code, "
          "message; the first 100). A run still going shows as running with "
          "its counts so far; one whose process died shows as interrupted."};
  size_t verb = 0;
  if (const auto stop = parse_command_line(table, args, &verb)) return *stop;
  if (table.verbs[verb].name == "list") return list(options, parsed.filter);
  return show(options, parsed.id);
}

}  // namespace host::cli
