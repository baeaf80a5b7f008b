// tiktok-shop-sandbox [options]: runs the local TikTok Shop until SIGINT/SIGTERM. The first
// stdout line is "listening on <base url>" (flushed; the shops are listed on stderr before it) so
// scripts and tests can read the port; the last is the stats line. Exit codes as the host's: 0
// stopped cleanly, 1 could not start, 2 bad usage.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <sandbox/server.hpp>

#include "cli/stop_signals.hpp"

#include "app_secret.hpp"
#include "option_table.hpp"
#include "sandbox_flags.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// Serves until SIGINT or SIGTERM; returns the exit code.
int serve(const sandbox::SandboxOptions& options) {
  using sandbox::cli::kProgram;
  // Before the server starts its I/O threads: they inherit the mask.
  host::cli::StopSignals stop_signals;

  sandbox::SandboxServer server(options);
  std::string error;
  if (!server.start(&error)) {
    std::cerr << kProgram << ": " << error << "\n";
    return kExitFailed;
  }
  if (!options.tls_certificate_out.empty()) {
    std::cerr << "TLS certificate written to " << options.tls_certificate_out
              << " (trust it with a connection's ca_file or `authorize --ca-file`)\n";
  }
  // The shops first, in one write (there may be thousands), so that they are all listed once
  // the listening line is out.
  std::ostringstream shops;
  for (const auto& shop : server.shops()) {
    shops << "shop " << shop.name << " (" << shop.region << ") id=" << shop.id;
    if (shop.owned_by_authorizing_seller) {
      shops << " seller=" << shop.seller << " rate_limit=" << shop.rate_limit_per_second << "\n";
    } else {
      shops << " [another seller]\n";
    }
  }
  std::cerr << shops.str() << std::flush;
  std::cout << "listening on " << server.base_url() << std::endl;
  stop_signals.wait();
  server.stop();
  std::cout << server.stats().summary_line() << std::endl;
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = sandbox::cli;
  const std::vector<std::string> args(argv + 1, argv + argc);
  sandbox::SandboxOptions options;
  cli::AppSecretFlags secret;
  const std::vector<cli::Flag> flags = cli::sandbox_flags(options, secret);
  switch (cli::parse_flags(args, flags, cli::kProgram, cli::kHelpPreamble)) {
    case cli::ParseOutcome::kHelpShown:
      return kExitOk;
    case cli::ParseOutcome::kBadUsage:
      return kExitUsage;
    case cli::ParseOutcome::kParsed:
      break;
  }
  if (!options.tls && !options.tls_certificate_out.empty()) {
    std::cerr << cli::kProgram << ": --tls-cert-out needs --tls\n";
    return kExitUsage;
  }
  if (auto problem = sandbox::options_problem(options)) {
    std::cerr << cli::kProgram << ": " << *problem << "\n";
    return kExitUsage;
  }
  if (!cli::choose_app_secret(secret, options)) return kExitUsage;
  try {
    return serve(options);
  } catch (const std::exception& e) {
    std::cerr << cli::kProgram << ": " << e.what() << "\n";
    return kExitFailed;
  }
}
