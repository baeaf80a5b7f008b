// `connector-host authorize NAME`: authorizes a shop for a connection through the host's own
// OAuth callback, then stores the tokens (encrypted) and the authorized shops.
#include <filesystem>
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "engine/authorization/authorization_flow.hpp"
#include "engine/authorization/connection_report.hpp"

namespace host::cli {
namespace {

OptionSetter set_timeout(std::chrono::seconds* target) {
  return [target](const std::string& value) {
    long long seconds = 0;
    if (!parse_whole_number(value, &seconds) || seconds <= 0) {
      return std::string("takes a positive number of seconds");
    }
    *target = std::chrono::seconds(seconds);
    return std::string();
  };
}

OptionSetter set_browser(bool* builtin) {
  return [builtin](const std::string& value) {
    if (value != "builtin" && value != "none") return std::string("takes 'builtin' or 'none'");
    *builtin = value == "builtin";
    return std::string();
  };
}

OptionSetter set_ca_file(std::filesystem::path* target) {
  return [target](const std::string& value) {
    const std::filesystem::path ca = value;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(ca, ec)) {
      return ca.string() +
             ": no such file (give the PEM certificate to trust, e.g. the one "
             "`connector-host sandbox --tls --tls-cert-out FILE` wrote)";
    }
    *target = std::filesystem::absolute(ca, ec).lexically_normal();
    return std::string();
  };
}

OptionTable authorize_table(std::string& name, engine::AuthorizeOptions& authorize) {
  return {
      .command = "connector-host authorize",
      .operands = {{.name = "NAME",
                    .help = "the saved connection to authorize",
                    .set = set_text(&name)}},
      .options = {value_option("--timeout", "SECONDS",
                               "how long to wait for the redirect (default 300)",
                               set_timeout(&authorize.timeout)),
                  flag_option("--allow-missing-state",
                              "accept a redirect without state (an app store install)",
                              &authorize.allow_missing_state),
                  value_option("--browser", "none|builtin",
                               "builtin opens the authorize URL without a person (sandbox, demo, "
                               "tests); none (the default) leaves it to you",
                               set_browser(&authorize.builtin_browser)),
                  value_option("--ca-file", "PATH",
                               "trust this CA for HTTPS (e.g. the sandbox's certificate); once "
                               "authorized, the connection keeps trusting it (as if its "
                               "manifest's ca_file), for `connection test`, `run` and `listen`",
                               set_ca_file(&authorize.ca_file))},
      .summary =
          "Prints the redirect URI to register on the app and the authorize URL, waits for "
          "the redirect on the connection's redirect URI (default "
          "http://127.0.0.1:8765/connection/oauth2callback), checks its state, exchanges "
          "the code and stores the tokens and shops."};
}

}  // namespace

int authorize_command(const GlobalOptions& options, std::span<const std::string> args) {
  engine::AuthorizeOptions authorize;
  std::string name;
  if (const auto stop = parse_command_line(authorize_table(name, authorize), args)) return *stop;
  engine::HostState state(options);
  try {
    const auto result = engine::authorize_connection(state, name, authorize, std::cout);
    std::cout << "authorized connection " << name << "\n";
    if (result.alerts_cleared > 0) {
      std::cout << "cleared " << result.alerts_cleared << " re-authorization alert(s)\n";
    }
    engine::print_authorization(std::cout, name, result.tokens, store::unix_now());
    engine::print_scopes(std::cout, result.scopes);
  } catch (const engine::AuthorizationError& e) {
    std::cerr << "connector-host authorize: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace host::cli
