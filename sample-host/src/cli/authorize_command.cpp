// `connector-host authorize NAME`: authorizes a shop for a connection through the host's own
// OAuth callback, then stores the tokens (encrypted) and the authorized shops.
#include <charconv>
#include <filesystem>
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "engine/authorization_flow.hpp"
#include "engine/connection_report.hpp"
#include "log/log_sink.hpp"
#include "webhook/authorization_alerts.hpp"

namespace host::cli {
namespace {

constexpr const char* kUsage =
    "usage: connector-host authorize NAME [--timeout SECONDS] [--allow-missing-state]\n"
    "                                     [--browser none|builtin] [--ca-file PATH]\n"
    "Prints the redirect URI to register on the app and the authorize URL, waits for the\n"
    "redirect on the connection's redirect URI (default\n"
    "http://127.0.0.1:8765/connection/oauth2callback), checks its state, exchanges the code and\n"
    "stores the tokens and shops.\n"
    "  --timeout SECONDS      how long to wait for the redirect (default 300)\n"
    "  --allow-missing-state  accept a redirect without state (an app store install)\n"
    "  --browser builtin      open the authorize URL without a person (sandbox, demo, tests)\n"
    "  --ca-file PATH         trust this CA for HTTPS (e.g. the sandbox's certificate); once\n"
    "                         authorized, the connection keeps trusting it (as if its\n"
    "                         manifest's ca_file), for `connection test`, `run` and `listen`\n";

}  // namespace

int authorize_command(const GlobalOptions& options, std::span<const std::string> args) {
  log::configure(options.log_format == LogFormat::kJson ? log::Format::kJson : log::Format::kHuman);
  engine::AuthorizeOptions authorize;
  std::string name;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return kExitOk;
    } else if (a == "--allow-missing-state") {
      authorize.allow_missing_state = true;
    } else if (a == "--timeout" && has_value) {
      const std::string& v = args[++i];
      long long seconds = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
      if (ec != std::errc() || end != v.data() + v.size() || seconds <= 0) {
        std::cerr << "connector-host authorize: --timeout takes a positive number of seconds\n";
        return kExitUsage;
      }
      authorize.timeout = std::chrono::seconds(seconds);
    } else if (a == "--browser" && has_value) {
      const std::string& v = args[++i];
      if (v != "builtin" && v != "none") {
        std::cerr << "connector-host authorize: --browser takes 'builtin' or 'none'\n";
        return kExitUsage;
      }
      authorize.builtin_browser = v == "builtin";
    } else if (a == "--ca-file" && has_value) {
      const std::filesystem::path ca = args[++i];
      std::error_code ec;
      if (!std::filesystem::is_regular_file(ca, ec)) {
        std::cerr << "connector-host authorize: --ca-file " << ca.string()
                  << ": no such file (give the PEM certificate to trust, e.g. the one "
                     "a local sandbox's --tls-cert-out FILE wrote)\n";
        return kExitUsage;
      }
      authorize.ca_file = std::filesystem::absolute(ca, ec).lexically_normal();
    } else if (!a.starts_with("-") && name.empty()) {
      name = a;
    } else {
      std::cerr << "connector-host authorize: unexpected argument '" << a << "'\n" << kUsage;
      return kExitUsage;
    }
  }
  if (name.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  engine::ConnectionState state(options);
  try {
    const auto result = engine::authorize_connection(state, name, authorize, std::cout);
    std::cout << "authorized connection " << name << "\n";
    // A fresh authorization answers every earlier deauthorization or expiry alert.
    const int cleared = webhook::clear_authorization_alerts(state.db(), name);
    if (cleared > 0) std::cout << "cleared " << cleared << " re-authorization alert(s)\n";
    engine::print_authorization(std::cout, name, result.tokens, store::unix_now());
    engine::print_scopes(std::cout, result.scopes);
  } catch (const engine::AuthorizationError& e) {
    std::cerr << "connector-host authorize: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace host::cli
