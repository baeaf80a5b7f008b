// `connector-host serve [--address HOST:PORT] [--flow-dir DIR] [--workers N] [--web-dir DIR]
// [--tls-cert F --tls-key F]`: the web console and its JSON API over the same state as every
// other command, and the scheduler of the flows of --flow-dir (engine/flows/schedule/), until
// SIGINT or SIGTERM (sample-host/src/console/, docs/CONSOLE_API.md).
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "cli/stop_signals.hpp"
#include "console/console_server.hpp"
#include "engine/connections/secret_reference.hpp"
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
    "Flows are the flow manifests (*.json) in --flow-dir; those with a \"schedule\" run on it "
    "(UTC), at most --workers at once, each recorded in the run history (`connector-host runs "
    "list`) as started by \"scheduler\". The API: docs/CONSOLE_API.md.";

struct ServeArgs {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  std::filesystem::path flow_dir = ".";
  std::filesystem::path web_dir;
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  std::filesystem::path password_file;
  uint64_t workers = engine::kDefaultSchedulerWorkers;
  uint64_t test_clock_speed = 1;
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
                                   "scheduled runs going at once, 1-64 (default 4); a fire while "
                                   "its flow's previous run still goes is skipped",
                                   set_whole_number(&out.workers, 1, engine::kMaxSchedulerWorkers)),
                      value_option("--test-clock-speed", "N",
                                   "FOR TESTS ONLY: the scheduler's clock runs N times faster than "
                                   "real time (1-3600; default 1)",
                                   set_whole_number(&out.test_clock_speed, 1, 3600))},
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

  // Before the listener starts its threads: they inherit the mask.
  StopSignals stop_signals;
  console::ConsoleServer server(console_options);
  engine::SchedulerThread scheduler(console_options.flow_dir,
                                    {.paths = options, .workers = parsed.workers},
                                    parsed.test_clock_speed);
  std::cout << "listening on " << server.access_url() << std::endl;
  const std::string_view stopped_by = stop_signals.wait();
  server.stop();
  log::info("console", "stopping on " + std::string(stopped_by));
  return kExitOk;
}

}  // namespace host::cli
