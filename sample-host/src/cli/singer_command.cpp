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
      .options = {{.name = "--connector",
                   .value_name = "ID",
                   .help = "the connector's id (see `connectors`)",
                   .required = true,
                   .set = set_text(&request.connector)},
                  {.name = "--config",
                   .value_name = "FILE",
                   .help = "the tap config (the fields of `airbyte --connector ID spec`)",
                   .required = true,
                   .set = set_path(&request.config)},
                  {.name = "--state",
                   .value_name = "FILE",
                   .help = "the value of the last STATE message of an earlier sync",
                   .set = set_path(&request.state)},
                  {.name = "--catalog",
                   .value_name = "FILE",
                   .help = "the streams to sync (selected in their metadata); default: all",
                   .set = set_path(&request.catalog)},
                  {.name = "--discover",
                   .help = "print the catalog instead of syncing",
                   .kind = OptionKind::kFlag,
                   .set = set_true(&request.discover)}},
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
