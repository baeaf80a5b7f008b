// `connector-host serve [--address HOST:PORT] [--flow-dir DIR] [--workers N]
// [--max-queued-runs N] [--authorization-timeout SECONDS] [--web-dir DIR]
// [--tls-cert F --tls-key F]`: the web console and its
// JSON API over the same state as every other command, and the scheduler of the flows of
// --flow-dir (engine/flows/schedule/), their runs and the console's on one set of bounded
// workers, until SIGINT or SIGTERM (sample-host/src/console/, docs/CONSOLE_API.md).
#include <iostream>
#include <memory>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "cli/stop_signals.hpp"
#include "console/console_server.hpp"
#include "engine/connections/secret_reference.hpp"
#include "engine/flows/schedule/run_workers.hpp"
#include "engine/flows/schedule/scheduler_thread.hpp"
#include "log/log_sink.hpp"

namespace host::cli {
namespace {

constexpr const char* kSummary =
    "Serves the web console and its JSON API (/api/v1) over the state store, with the OAuth "
    "callback at /connection/oauth2callback on the same server.";

constexpr const char* kDetails =
    "Prints 'listening on URL' first: URL opens the console once (it carries a one-time access "
    "token that the browser exchanges for an HttpOnly, SameSite=Strict session cookie). Binds "
    "to loopback by default; another address without --tls-cert is warned about, since the "
    "console holds shop credentials. Stops on SIGINT or SIGTERM.\n"
    "Flows are the flow manifests (*.json) in --flow-dir, re-read every few seconds while serve "
    "runs; those with a \"schedule\" run on it (UTC), each recorded in the run history "
    "(`connector-host runs list`) as started by \"scheduler\". Scheduled runs and the runs "
    "started from the console share --workers workers, in the order they were queued; at most "
    "--max-queued-runs wait, and a start beyond that is refused (the API answers 503). The API: "
    "docs/CONSOLE_API.md.";

struct ServeArgs {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  std::filesystem::path flow_dir = ".";
  std::filesystem::path web_dir;
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  std::filesystem::path password_file;
  uint64_t workers = engine::kDefaultRunWorkers;
  uint64_t max_queued_runs = engine::kDefaultMaxQueuedRuns;
  uint64_t authorization_timeout = console::kAttemptSeconds;
  uint64_t test_clock_speed = 1;
  uint64_t test_clock_origin = 0;  // 0: serve's start
};

OptionTable serve_table(ServeArgs& out) {
  return {.command = "connector-host serve",
          .options = {value_option("--address", "HOST:PORT",
                                   "where to listen (default 127.0.0.1:8080; [::1]:8080 for IPv6; "
                                   "port 0 picks a free one)",
                                   set_host_port(&out.host, &out.port)),
                      path_option("--flow-dir", "DIR",
                                  "the folder of the flow manifests the console lists and runs "
                                  "(default: the current directory)",
                                  &out.flow_dir),
                      path_option("--web-dir", "DIR",
                                  "the console's pages (default: share/connector-host/web beside "
                                  "the bin/ folder of connector-host)",
                                  &out.web_dir),
                      path_option("--tls-cert", "FILE",
                                  "serve HTTPS with this PEM certificate chain (with --tls-key)",
                                  &out.tls_cert),
                      path_option("--tls-key", "FILE", "the PEM private key of --tls-cert",
                                  &out.tls_key),
                      path_option("--password-file", "FILE",
                                  "sessions come from a login with the password in FILE (one "
                                  "trailing newline dropped; kept as a PBKDF2 hash only) instead "
                                  "of the one-time URL",
                                  &out.password_file),
                      value_option("--workers", "N",
                                   "runs going at once, scheduled and started from the console, "
                                   "1-64 (default 4); a fire while its flow's previous run still "
                                   "goes or waits is skipped",
                                   set_whole_number(&out.workers, 1, engine::kMaxRunWorkers)),
                      value_option(
                          "--max-queued-runs", "N",
                          "runs that may wait for a worker, 1-100000 (default 256); a "
                          "start beyond that is refused, a fire beyond it skipped",
                          set_whole_number(&out.max_queued_runs, 1, engine::kMaxQueuedRunsLimit)),
                      value_option("--authorization-timeout", "SECONDS",
                                   "how long an authorization started from the console waits "
                                   "for the shop's redirect, 1-86400 (default 600); a later "
                                   "redirect is refused as expired and stores nothing",
                                   set_whole_number(&out.authorization_timeout, 1,
                                                    console::kMaxAttemptSeconds)),
                      value_option("--test-clock-speed", "N",
                                   "FOR TESTS ONLY: the scheduler's clock runs N times faster than "
                                   "real time (1-3600; default 1)",
                                   set_whole_number(&out.test_clock_speed, 1, 3600)),
                      value_option("--test-clock-origin", "UNIX_SECONDS",
                                   "FOR TESTS ONLY: the faster clock counts from this moment "
                                   "instead of serve's start, so that several serve processes "
                                   "sharing a state share one clock",
                                   set_whole_number(&out.test_clock_origin, 1, 4'000'000'000))},
          .summary = kSummary,
          .details = kDetails};
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

}  // namespace

int serve_command(const GlobalOptions& options, std::span<const std::string> args) {
  ServeArgs parsed;
  if (const auto stop = parse_command_line(serve_table(parsed), args)) return *stop;
  console::ConsoleOptions console_options;
  console_options.address = parsed.host;
  console_options.port = parsed.port;
  if (parsed.tls_cert.empty() != parsed.tls_key.empty()) {
    std::cerr << "connector-host serve: --tls-cert and --tls-key go together\n";
    return kExitUsage;
  }
  if (!is_loopback(console_options.address) && parsed.tls_cert.empty()) {
    log::warn("console", "serving on " + console_options.address +
                             ", which is not loopback, without TLS: the access token, the "
                             "session cookie and the secrets typed into the forms cross the "
                             "network unencrypted (give --tls-cert and --tls-key)");
  }
  console_options.paths = options;
  console_options.web_dir = parsed.web_dir.empty()
                                ? options.install_prefix / "share" / "connector-host" / "web"
                                : parsed.web_dir;
  console_options.flow_dir = std::filesystem::absolute(parsed.flow_dir);
  console_options.tls_cert = parsed.tls_cert;
  console_options.tls_key = parsed.tls_key;
  console_options.authorization_timeout_seconds =
      static_cast<int64_t>(parsed.authorization_timeout);
  if (!parsed.password_file.empty()) {
    std::string error;
    const auto password = engine::resolve_secret_reference(
        {engine::SecretReference::Kind::kFile, parsed.password_file.string()}, ".", &error);
    if (!password) {
      std::cerr << "connector-host serve: --password-file: " << error << "\n";
      return kExitUsage;
    }
    console_options.password = std::make_shared<const console::PasswordHash>(password->view());
  }

  // Before the listener and the workers start their threads: they inherit the mask.
  StopSignals stop_signals;
  // Declared first, so destroyed last: the scheduler takes its queued runs back and the console
  // stops taking new ones before the workers record what still waits as not started.
  const auto workers = std::make_shared<engine::RunWorkers>(
      engine::RunWorkersOptions{.workers = parsed.workers, .max_queued = parsed.max_queued_runs});
  console_options.run_workers = workers;
  console::ConsoleServer server(console_options);
  engine::SchedulerThread scheduler(
      console_options.flow_dir, {.paths = options, .run_workers = workers}, parsed.test_clock_speed,
      parsed.test_clock_origin == 0 ? std::nullopt
                                    : std::optional<int64_t>(parsed.test_clock_origin));
  std::cout << "listening on " << server.access_url() << std::endl;
  const std::string_view stopped_by = stop_signals.wait();
  server.stop();
  log::info("console", "stopping on " + std::string(stopped_by));
  return kExitOk;
}

}  // namespace host::cli
