// `connector-host listen --connection NAME --address HOST:PORT [--tls-cert FILE --tls-key FILE]
// [--path PATH] [--max-body-bytes N]`: receives a connection's webhook deliveries until SIGINT or
// SIGTERM, verifies each through the connector and keeps it in the webhook inbox.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <mutex>

#include <charconv>
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "engine/connection_lease.hpp"
#include "engine/connection_session.hpp"
#include "http/http_listener.hpp"
#include "loader/connector_description.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"
#include "webhook/delivery_handler.hpp"
#include "webhook/delivery_path.hpp"
#include "webhook/inbox_writer.hpp"

namespace host::cli {
namespace {

constexpr const char* kUsage =
    "usage: connector-host listen --connection NAME --address HOST:PORT\n"
    "                             [--tls-cert FILE --tls-key FILE] [--path PATH]\n"
    "                             [--max-body-bytes N]\n";

constexpr const char* kHelp =
    "Receives webhook deliveries for a connection and keeps them in the webhook inbox.\n\n"
    "  --address HOST:PORT   where to listen ([::1]:8443 for IPv6; port 0 picks a free one)\n"
    "  --tls-cert/--tls-key  serve HTTPS with this PEM certificate chain and key\n"
    "  --path PATH           the delivery path (default: the one the connector's describe\n"
    "                        names, else /webhooks/CONNECTOR_ID; others get 404)\n"
    "  --max-body-bytes N    larger bodies get 413 (default 1048576)\n\n"
    "Each POST is verified by the connector over its raw bytes (401 and nothing kept when the\n"
    "signature is missing or wrong), committed to the inbox, and only then answered 200 with an\n"
    "empty body; a repeated event id is answered 200 and kept once. Prints 'listening on URL'\n"
    "first, then logs one line per delivery to stderr; stops on SIGINT or SIGTERM, and (exit\n"
    "code 1) when the connection is deleted (`connection delete --force`): a delivery that\n"
    "arrives after that is answered 503 and not kept.\n"
    "`connector-host webhooks drain` (or a listener flow) writes the inbox to JSON Lines.\n";

struct ListenArgs {
  std::string connection;
  std::string host;
  uint16_t port = 0;
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  std::string path;  // --path; empty: the connector's default (webhook/delivery_path.hpp)
  size_t max_body_bytes = 1u << 20;
  bool help = false;  // --help was asked for (and printed)
};

// Splits "HOST:PORT" or "[V6]:PORT". False when either part is missing or the port is bad.
bool split_address(const std::string& text, std::string& host, uint16_t& port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) return false;
    host = host.substr(1, host.size() - 2);
  }
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(first, last, port);
  return ec == std::errc() && end == last;
}

// kExitOk when `out` is complete (or help was printed), kExitUsage after printing why not.
int parse_listen_args(std::span<const std::string> args, ListenArgs& out) {
  std::string address;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "-h" || flag == "--help") {
      std::cout << kUsage << "\n" << kHelp;
      out.help = true;
      return kExitOk;
    }
    if (i + 1 >= args.size()) {
      std::cerr << "connector-host listen: " << flag << " needs a value\n" << kUsage;
      return kExitUsage;
    }
    const std::string& value = args[++i];
    if (flag == "--connection") {
      out.connection = value;
    } else if (flag == "--address") {
      address = value;
    } else if (flag == "--tls-cert") {
      out.tls_cert = value;
    } else if (flag == "--tls-key") {
      out.tls_key = value;
    } else if (flag == "--path") {
      if (!value.starts_with('/')) {
        std::cerr << "connector-host listen: --path must start with '/'\n";
        return kExitUsage;
      }
      out.path = value;
    } else if (flag == "--max-body-bytes") {
      const auto [end, ec] =
          std::from_chars(value.data(), value.data() + value.size(), out.max_body_bytes);
      if (ec != std::errc() || end != value.data() + value.size() || out.max_body_bytes == 0) {
        std::cerr << "connector-host listen: --max-body-bytes takes a positive number\n";
        return kExitUsage;
      }
    } else {
      std::cerr << "connector-host listen: unknown option '" << flag << "'\n" << kUsage;
      return kExitUsage;
    }
  }
  if (out.connection.empty() || address.empty()) {
    std::cerr << "connector-host listen: --connection and --address are required\n" << kUsage;
    return kExitUsage;
  }
  if (!split_address(address, out.host, out.port)) {
    std::cerr << "connector-host listen: --address takes HOST:PORT, not '" << address << "'\n";
    return kExitUsage;
  }
  if (out.tls_cert.empty() != out.tls_key.empty()) {
    std::cerr << "connector-host listen: --tls-cert and --tls-key go together\n";
    return kExitUsage;
  }
  return kExitOk;
}

std::string listening_url(const ListenArgs& args, uint16_t port) {
  const bool v6 = args.host.find(':') != std::string::npos;
  return std::string(args.tls_cert.empty() ? "http://" : "https://") + (v6 ? "[" : "") + args.host +
         (v6 ? "]" : "") + ":" + std::to_string(port) + args.path;
}

}  // namespace

int listen_command(const GlobalOptions& options, std::span<const std::string> args) {
  ListenArgs parsed;
  if (const int rc = parse_listen_args(args, parsed); rc != kExitOk || parsed.help) return rc;
  log::configure(options.log_format == LogFormat::kJson ? log::Format::kJson : log::Format::kHuman);
  const std::unique_ptr<engine::ConnectionSession> session =
      engine::open_session(options, parsed.connection);
  if (parsed.path.empty()) {
    const loader::LoadedConnector& connector = session->connector();
    parsed.path = webhook::default_delivery_path(connector.manifest().id,
                                                 loader::describe_connector(connector).json);
  }

  // Opens and migrates the inbox now, so that a bad state directory fails before listening.
  webhook::InboxWriter inbox(options.state_dir / store::kStateDatabaseFile);

  webhook::DeliveryTarget target;
  target.api = &session->connector().api();
  target.connection = session->connection();
  target.connection_name = parsed.connection;
  target.path = parsed.path;
  const webhook::DeliveryHandler handler(target, inbox);

  // Block the stop signals before the listener starts its threads (they inherit the mask), so
  // that only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

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
  engine::ConnectionLease lease(options.state_dir / store::kStateDatabaseFile, parsed.connection,
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
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  listener.stop();
  std::lock_guard lock(stop_mutex);
  if (!deleted_reason.empty()) {
    std::cerr << "connector-host listen: " << deleted_reason << "\n";
    return kExitFailed;
  }
  log::info("webhook",
            std::string("stopping on ") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM"));
  return kExitOk;
}

}  // namespace host::cli
