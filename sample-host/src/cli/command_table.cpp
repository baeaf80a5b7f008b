// The list of connector-host's commands. Adding a command: write cli/<name>_command.cpp defining
// the function, declare it here and add one row to the table.
#include "cli/command.hpp"

#include <iostream>

#include <connector_abi/connector_abi.h>

namespace host::cli {

// Declarations of the commands, each defined in its own file.
int connectors_command(const GlobalOptions& options, std::span<const std::string> args);
int describe_command(const GlobalOptions& options, std::span<const std::string> args);
int oauth_client_command(const GlobalOptions& options, std::span<const std::string> args);
int connection_command(const GlobalOptions& options, std::span<const std::string> args);
int authorize_command(const GlobalOptions& options, std::span<const std::string> args);
int listen_command(const GlobalOptions& options, std::span<const std::string> args);
int webhooks_command(const GlobalOptions& options, std::span<const std::string> args);
int run_command(const GlobalOptions& options, std::span<const std::string> args);
int sign_command(const GlobalOptions& options, std::span<const std::string> args);
int runs_command(const GlobalOptions& options, std::span<const std::string> args);
int state_command(const GlobalOptions& options, std::span<const std::string> args);
int serve_command(const GlobalOptions& options, std::span<const std::string> args);
int airbyte_command(const GlobalOptions& options, std::span<const std::string> args);
int singer_command(const GlobalOptions& options, std::span<const std::string> args);

namespace {

int version_command(const GlobalOptions&, std::span<const std::string> args) {
  const OptionTable table{.command = "connector-host version",
                          .summary = "Prints the host version and the connector ABI it speaks."};
  if (const auto stop = parse_command_line(table, args)) return *stop;
  std::cout << "connector-host " << CONNECTOR_HOST_VERSION << " (connector ABI " << CNX_ABI_MAJOR
            << "." << CNX_ABI_MINOR << ")\n";
  return kExitOk;
}

constexpr Command kCommands[] = {
    {"version", "version", "print the host version and the connector ABI it speaks",
     &version_command},
    {"connectors", "connectors", "load every connector manifest; list what loaded and why not",
     &connectors_command},
    {"describe", "describe CONNECTOR", "print a connector's schema and catalog as JSON",
     &describe_command},
    {"oauth-client", "oauth-client save|list|show|delete ...",
     "manage OAuth 2.0 clients (see oauth-client --help)", &oauth_client_command},
    {"connection", "connection save|list|show|test|delete ...",
     "manage connections (see connection --help)", &connection_command},
    {"authorize", "authorize NAME", "authorize a shop for a connection; store tokens and shops",
     &authorize_command},
    {"listen", "listen --connection NAME --address HOST:PORT",
     "receive, verify and keep webhook deliveries (see listen --help)", &listen_command},
    {"webhooks", "webhooks list|set|delete|drain ...",
     "manage webhook subscriptions; drain the inbox (see webhooks --help)", &webhooks_command},
    {"run", "run FLOW_MANIFEST [--mode M] [--out PATH]",
     "run an export or import flow (see run --help)", &run_command},
    {"runs", "runs list|show ...", "the run history (see runs --help)", &runs_command},
    {"state", "state rekey|backup ...",
     "re-encrypt the secrets under a new key; back up the state (see state --help)",
     &state_command},
    {"sign", "sign --connection FILE --method M --url URL ...",
     "print the signed request as JSON, secrets masked (see sign --help)", &sign_command},
    {"serve", "serve [--address HOST:PORT] [--flow-dir DIR]",
     "serve the web console and its JSON API (see serve --help)", &serve_command},
    {"airbyte", "airbyte --connector ID spec|check|discover|read ...",
     "run a connector as an Airbyte source (see airbyte --help)", &airbyte_command},
    {"singer", "singer --connector ID --config FILE [--discover] ...",
     "run a connector as a Singer tap (see singer --help)", &singer_command},
};
}  // namespace

std::span<const Command> commands() { return kCommands; }

namespace {

std::optional<int> exit_code_for(ParseOutcome outcome) {
  switch (outcome) {
    case ParseOutcome::kParsed:
      return std::nullopt;
    case ParseOutcome::kHelpPrinted:
      return kExitOk;
    case ParseOutcome::kBadUsage:
      break;
  }
  return kExitUsage;
}

}  // namespace

std::optional<int> parse_command_line(const OptionTable& table, std::span<const std::string> args) {
  return exit_code_for(parse_options(table, args, std::cout, std::cerr));
}

std::optional<int> parse_command_line(const VerbTable& table, std::span<const std::string> args,
                                      size_t* verb) {
  return exit_code_for(parse_verb(table, args, std::cout, std::cerr, verb));
}

int run_verb(const VerbTable& table, std::span<const std::string> args) {
  size_t verb = 0;
  if (const auto stop = parse_command_line(table, args, &verb)) return *stop;
  return table.verbs[verb].run();
}

int no_such_name(std::string_view command, std::string_view what, std::string_view name) {
  std::cerr << command << ": no " << what << " named " << name << "\n";
  return kExitFailed;
}

}  // namespace host::cli
