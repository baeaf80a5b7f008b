// connector_host_command.hpp: the command line that runs the built connector-host on a test's
// state directory with the build's plugin and manifest directories. Link
// connector_host_under_test, which defines CONNECTOR_HOST_PATH, CONNECTOR_PLUGIN_DIR and
// MANIFEST_DIR.
#pragma once

#include <filesystem>
#include <string>

namespace test_support {

// "connector-host --state STATE --plugin-dir ... --manifest-dir ... ARGS", for run_command.
inline std::string connector_host_command(const std::filesystem::path& state,
                                          const std::string& args) {
  return std::string(CONNECTOR_HOST_PATH) + " --state " + state.string() + " --plugin-dir " +
         CONNECTOR_PLUGIN_DIR + " --manifest-dir " + MANIFEST_DIR + " " + args;
}

}  // namespace test_support
