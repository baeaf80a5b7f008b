// `connector-host listen --connection NAME --address HOST:PORT [--tls-cert FILE --tls-key FILE]
// [--path PATH] [--max-body-bytes N]`: receives a connection's webhook deliveries until SIGINT or
// SIGTERM, verifies each through the connector and keeps it in the webhook inbox.
#include <signal.h>
#include <unistd.h>

#include <mutex>

#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "cli/stop_signals.hpp"
#include "console/console_http.hpp"
#include "console/metrics_endpoint.hpp"
#include "engine/authorization/connection_session.hpp"
#include "engine/connections/connection_lease.hpp"
#include "http/http_listener.hpp"
#include "loader/connector_description.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"
#include "webhook/delivery_handler.hpp"
#include "webhook/delivery_path.hpp"
#include "webhook/inbox_writer.hpp"

namespace host::cli {
namespace {

constexpr const char* kSummary =
    "Receives webhook deliveries for a connection and keeps them in the webhook inbox.";

constexpr const char* kDetails =
    "Each POST is verified by the connector over its raw bytes (401 and nothing kept when the "
    "signature is missing or wrong), committed to the inbox, and only then answered 200 with an "
    "empty body; a repeated event id is answered 200 and kept once. Prints 'listening on URL' "
    "first, then logs one line per delivery to stderr; stops on SIGINT or SIGTERM, and (exit "
    "code 1) when the connection is deleted (`connection delete --force`): a delivery that "
    "arrives after that is answered 503 and not kept.\n"
    "`connector-host webhooks drain` (or a listener flow) writes the inbox to JSON Lines.";

struct ListenArgs {
  std::string connection;
  std::string host;
  uint16_t port = 0;
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  std::string path;  // --path; empty: the connector's default (webhook/delivery_path.hpp)
  size_t max_body_bytes = 1u << 20;
};

OptionSetter set_max_body_bytes(size_t* target) {
  return [target](const std::string& value) {
    if (!parse_whole_number(value, target) || *target == 0) {
      return std::string("takes a positive number");
    }
    return std::string();
  };
}

OptionSetter set_delivery_path(std::string* target) {
  return [target](const std::string& value) {
    if (value.front() != '/') return std::string("must start with '/'");
    *target = value;
    return std::string();
  };
}

OptionTable listen_table(ListenArgs& out) {
  return {
      .command = "connector-host listen",
      .options =
          {required(text_option("--connection", "NAME",
                                "the connection whose deliveries to receive", &out.connection)),
           required(value_option("--address", "HOST:PORT",
                                 "where to listen ([::1]:8443 for IPv6; port 0 picks a free one)",
                                 set_host_port(&out.host, &out.port))),
           path_option("--tls-cert", "FILE",
                       "serve HTTPS with this PEM certificate chain (with --tls-key)",
                       &out.tls_cert),
           path_option("--tls-key", "FILE", "the PEM private key of --tls-cert", &out.tls_key),
           value_option("--path", "PATH",
                        "the delivery path (default: the one the connector's describe "
                        "names, else /webhooks/CONNECTOR_ID; others get 404)",
                        set_delivery_path(&out.path)),
           value_option("--max-body-bytes", "N", "larger bodies get 413 (default 1048576)",
                        set_max_body_bytes(&out.max_body_bytes))},
      .summary = kSummary,
      .details = kDetails};
}

// Fills `out`; returns the exit code to stop with (after --help or a usage error), or nullopt.
std::optional<int> parse_listen_args(std::span<const std::string> args, ListenArgs& out) {
  if (const auto stop = parse_command_line(listen_table(out), args)) return stop;
  if (out.tls_cert.empty() != out.tls_key.empty()) {
    std::cerr << "connector-host listen: --tls-cert and --tls-key go together\n";
    return kExitUsage;
  }
  return std::nullopt;
}

std::string listening_url(const ListenArgs& args, uint16_t port) {
  const bool v6 = args.host.find(':') != std::string::npos;
  return std::string(args.tls_cert.empty() ? "http://" : "https://") + (v6 ? "[" : "") + args.host +
         (v6 ? "]" : "") + ":" + std::to_string(port) + args.path;
}

}  // namespace

int listen_command(const GlobalOptions& options, std::span<const std::string> args) {
  ListenArgs parsed;
  if (const auto stop = parse_listen_args(args, parsed)) return *stop;
  const std::unique_ptr<engine::ConnectionSession> session =
      engine::open_session(options, parsed.connection);
  if (parsed.path.empty()) {
    const loader::LoadedConnector& connector = session->connector();
    parsed.path = webhook::default_delivery_path(connector.manifest().id,
                                                 loader::describe_connector(connector).json);
  }

  // Opens and migrates the inbox now, so that a bad state directory fails before listening.
  webhook::InboxWriter inbox(options.state());

  webhook::DeliveryTarget target;
  target.api = &session->connector().api();
  target.connection = session->connection();
  target.connection_name = parsed.connection;
  target.path = parsed.path;
  const webhook::DeliveryHandler handler(target, inbox);

  // Before the listener starts its threads: they inherit the mask.
  StopSignals stop_signals;

  // Taken after the mask is set, so that its heartbeat thread never receives the stop signals.
  // A revoked lease (the connection was deleted) stops the listener like SIGTERM, with a reason.
  std::mutex stop_mutex;
  std::string deleted_reason;
  auto stop_for = [&](const std::string& why) {
    std::lock_guard lock(stop_mutex);
    if (!deleted_reason.empty()) return;
    deleted_reason = why;
    ::kill(::getpid(), SIGTERM);
  };
  engine::ConnectionLease lease(options.state(), parsed.connection,
                                "listen " + listening_url(parsed, parsed.port), stop_for);

  http::ListenerOptions listener_options;
  listener_options.address = parsed.host;
  listener_options.port = parsed.port;
  listener_options.tls_cert = parsed.tls_cert;
  listener_options.tls_key = parsed.tls_key;
  listener_options.max_body_bytes = parsed.max_body_bytes;
  // Webhook senders wait a few seconds for the answer; a body that has not arrived in 5 s is not
  // a sender we serve.
  listener_options.read_timeout = std::chrono::milliseconds(5'000);
  // Handler threads mostly wait for the inbox's group commit; more of them make larger groups.
  listener_options.threads = 32;
  http::Listener listener(listener_options, [&](const http::IncomingRequest& request) {
    // This process's counts (the deliveries), for a scraper on this machine only, as serve's.
    if (console::target_path(request.target) == console::kMetricsPath) {
      return console::metrics_response(request);
    }
    // Checked before each delivery is verified and kept: nothing is stored for a connection
    // that is gone, and the sender is told to come back (503) rather than that it was kept.
    if (std::string why = lease.check(); !why.empty()) {
      stop_for(why);
      http::OutgoingResponse gone;
      gone.status = 503;
      return gone;
    }
    return handler(request);
  });

  std::cout << "listening on " << listening_url(parsed, listener.port()) << std::endl;
  const std::string_view stopped_by = stop_signals.wait();
  listener.stop();
  std::lock_guard lock(stop_mutex);
  if (!deleted_reason.empty()) {
    std::cerr << "connector-host listen: " << deleted_reason << "\n";
    return kExitFailed;
  }
  log::info("webhook", "stopping on " + std::string(stopped_by));
  return kExitOk;
}

}  // namespace host::cli
