// airbyte_source.hpp: the connector as an Airbyte source (protocol v0): spec, check, discover
// and read, each writing one JSON message per line to `out` and nothing else (logs go to stderr).
//
// Messages and their fields follow Airbyte's protocol documentation (PROTOCOL_NOTES.md in this
// folder says which facts come from where). Every run that fails writes a TRACE message of type
// ERROR (failure_type config_error for what a person fixes in the config, catalog or state;
// system_error otherwise) before it returns non-zero. check reports a refused config as
// CONNECTION_STATUS FAILED and returns 0: the check itself worked.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "engine/connections/host_paths.hpp"

namespace host::sync {

struct AirbyteRequest {
  engine::HostPaths paths;  // plugin and manifest directories (state_dir is not used)
  std::string connector;    // the connector id
  std::filesystem::path config;
  std::filesystem::path catalog;  // read
  std::filesystem::path state;    // read; empty: none
};

// Each returns the process exit code (0 success, 1 failure).
int airbyte_spec(const AirbyteRequest& request, std::ostream& out);
int airbyte_check(const AirbyteRequest& request, std::ostream& out);
int airbyte_discover(const AirbyteRequest& request, std::ostream& out);
int airbyte_read(const AirbyteRequest& request, std::ostream& out);

}  // namespace host::sync
