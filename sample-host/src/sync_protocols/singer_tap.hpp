// singer_tap.hpp: the connector as a Singer tap (Singer specification 0.3): --discover prints
// the catalog; a sync writes SCHEMA, RECORD and STATE messages, one JSON object per line, on
// `out` and nothing else (logs go to stderr). The streams, schemas, keys and bookmarks are the
// Airbyte source's: a stream's bookmark is {"cursors": {"<shop id>": <cursor>}}.
//
// Singer has no error message: a failure is one line on stderr and exit code 1. A refresh that
// rotates the refresh token writes the config file back with the new tokens (as the spec asks of
// a tap whose config changes during a run), atomically and readable by its owner only.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "engine/connections/host_paths.hpp"

namespace host::sync {

struct SingerRequest {
  engine::HostPaths paths;  // plugin and manifest directories (state_dir is not used)
  std::string connector;
  std::filesystem::path config;
  std::filesystem::path state;    // empty: none
  std::filesystem::path catalog;  // empty: every stream, incremental where it can be
  bool discover = false;
};

// Returns the exit code (0 success, 1 failure); errors go to `err`.
int singer_tap(const SingerRequest& request, std::ostream& out, std::ostream& err);

}  // namespace host::sync
