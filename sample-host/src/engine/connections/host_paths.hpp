// host_paths.hpp: where a host keeps its state and finds its connectors. Every front end (the
// command line, a service, an Airbyte entrypoint) fills one and hands it to the engine.
#pragma once

#include <filesystem>
#include <string>

#include "store/database.hpp"

namespace host::engine {

struct HostPaths {
  std::filesystem::path state_dir;     // state.db and, by default, the master key
  std::filesystem::path plugin_dir;    // connector libraries
  std::filesystem::path manifest_dir;  // connector manifests
  std::string state_database;          // a postgresql:// URI instead of <state_dir>/state.db

  store::StateLocation state() const { return {.dir = state_dir, .database_uri = state_database}; }
};

}  // namespace host::engine
