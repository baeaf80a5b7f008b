// `connector-host singer --connector ID --config FILE [--state FILE] [--catalog FILE]
// [--discover]`: the connector as a Singer tap (sync_protocols/singer_tap.hpp).
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "sync_protocols/singer_tap.hpp"

namespace host::cli {

int singer_command(const GlobalOptions& options, std::span<const std::string> args) {
  sync::SingerRequest request;
  request.paths = options;
  const OptionTable table{
      .command = "connector-host singer",
      .options =
          {required(text_option("--connector", "ID", "the connector's id (see `connectors`)",
                                &request.connector)),
           required(path_option("--config", "FILE",
                                "the tap config (the fields of `airbyte --connector ID spec`)",
                                &request.config)),
           path_option("--state", "FILE", "the value of the last STATE message of an earlier sync",
                       &request.state),
           path_option("--catalog", "FILE",
                       "the streams to sync (selected in their metadata); default: all",
                       &request.catalog),
           flag_option("--discover", "print the catalog instead of syncing", &request.discover)},
      .summary =
          "Runs a connector as a Singer tap: SCHEMA, RECORD and STATE messages, one per "
          "line on stdout; logs and errors on stderr. The connection is built from "
          "--config in a private temporary state directory, removed at exit; a refresh "
          "that rotates the tokens writes them back into --config.",
      .details = "exit codes: 0 success, 1 the work failed, 2 bad usage"};
  if (const auto stop = parse_command_line(table, args)) return *stop;
  return sync::singer_tap(request, std::cout, std::cerr);
}

}  // namespace host::cli
