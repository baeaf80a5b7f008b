// `connector-host describe CONNECTOR`: prints the connector's describe document, exactly as the
// plugin returned it (plus a final newline when it has none), after checking it is well-formed.
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "loader/connector_description.hpp"
#include "loader/connector_loader.hpp"

namespace host::cli {

int describe_command(const GlobalOptions& options, std::span<const std::string> args) {
  std::string connector;
  const OptionTable table{
      .command = "connector-host describe",
      .operands = {{.name = "CONNECTOR",
                    .help = "the connector's id (see `connectors`)",
                    .set = set_text(&connector)}},
      .summary =
          "Prints the connector's self-description (connection schema and catalog) as "
          "JSON."};
  if (const auto stop = parse_command_line(table, args)) return *stop;
  const auto outcome = loader::load_by_id(options.manifest_dir, options.plugin_dir, connector);
  if (!outcome.connector) {
    std::cerr << "connector-host describe: " << outcome.error << "\n";
    return kExitFailed;
  }
  const auto description = loader::describe_connector(*outcome.connector);
  if (!description.ok()) {
    std::cerr << "connector-host describe: " << description.error << "\n";
    return kExitFailed;
  }
  std::cout << description.json;
  if (!description.json.ends_with('\n')) std::cout << '\n';
  return kExitOk;
}

}  // namespace host::cli
