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
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: connector-host [--manifest-dir DIR] [--plugin-dir DIR] describe "
                 "CONNECTOR\n"
                 "Prints the connector's self-description (connection schema and catalog) as "
                 "JSON.\n";
    return kExitOk;
  }
  if (args.size() != 1) {
    std::cerr << "usage: connector-host describe CONNECTOR\n";
    return kExitUsage;
  }
  const auto outcome = loader::load_by_id(options.manifest_dir, options.plugin_dir, args[0]);
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
