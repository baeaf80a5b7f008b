// `connector-host connectors`: loads every connector manifest and lists what loaded and why
// anything did not. Exit 0 when every manifest loaded, 1 when any failed.
#include <iostream>
#include <span>
#include <string>

#include "cli/command.hpp"
#include "loader/connector_loader.hpp"

namespace host::cli {

int connectors_command(const GlobalOptions& options, std::span<const std::string> args) {
  const OptionTable table{
      .command = "connector-host connectors",
      .summary =
          "Loads every connector manifest (*.json) in the manifest directory (--manifest-dir "
          "before the command) and prints one line each: ID  VERSION  ABI MAJOR.MINOR  "
          "LIBRARY, or FAILED and the reason.\nExit 0 when all loaded, 1 when any failed."};
  if (const auto stop = parse_command_line(table, args)) return *stop;
  const auto outcomes = loader::load_all(options.manifest_dir, options.plugin_dir);
  if (outcomes.empty()) {
    std::cerr << "connector-host connectors: no connector manifests in "
              << options.manifest_dir.string() << "\n";
  }
  bool all_loaded = true;
  for (const auto& outcome : outcomes) {
    if (outcome.connector) {
      const cnx_connector_api& api = outcome.connector->api();
      std::cout << outcome.id << "  " << api.connector_version << "  ABI " << api.abi_major << "."
                << api.abi_minor << "  " << outcome.connector->manifest().library.string() << "\n";
    } else {
      all_loaded = false;
      const std::string who =
          outcome.id.empty() ? outcome.manifest_path.filename().string() : outcome.id;
      std::cout << who << "  FAILED  " << outcome.error << "\n";
    }
  }
  return all_loaded ? kExitOk : kExitFailed;
}

}  // namespace host::cli
