// sync_inputs.hpp: what both protocol front ends read before they sync: the connector's
// description (without any host state), the config file and the streams.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/connections/connection_schema_view.hpp"
#include "engine/connections/host_paths.hpp"
#include "loader/connector_loader.hpp"
#include "store/secret_box.hpp"
#include "sync_protocols/source_config.hpp"
#include "sync_protocols/source_streams.hpp"

namespace host::sync {

struct ConnectorFacts {
  std::shared_ptr<const loader::LoadedConnector> connector;
  engine::ConnectionSchemaView view;
  std::vector<SourceStream> streams;
};

// Loads the connector `id` from `paths` and reads its description.
// ERRORS: throws std::runtime_error with the loader's or the describe reader's reason.
ConnectorFacts load_connector_facts(const engine::HostPaths& paths, const std::string& id);

// The text of a config, catalog or state file. ERRORS: throws ConfigFailure naming the file.
std::string read_input_file(const std::filesystem::path& file, std::string_view what);

// Reads and parses the config file. ERRORS: throws ConfigFailure "config FILE: /field: why".
// `text` receives the file's text (it holds secrets: the caller wipes it).
SourceConfig read_config_file(const std::filesystem::path& file,
                              const engine::ConnectionSchemaView& view, store::SecretString& text);

}  // namespace host::sync
