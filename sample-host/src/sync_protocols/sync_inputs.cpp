#include "sync_protocols/sync_inputs.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "loader/connector_description.hpp"
#include "sync_protocols/private_connection.hpp"

namespace host::sync {

ConnectorFacts load_connector_facts(const engine::HostPaths& paths, const std::string& id) {
  ConnectorFacts facts;
  auto outcome = loader::load_by_id(paths.manifest_dir, paths.plugin_dir, id);
  if (!outcome.connector) throw std::runtime_error(outcome.error);
  facts.connector = outcome.connector;
  const auto description = loader::describe_connector(*facts.connector);
  if (!description.ok()) throw std::runtime_error(description.error);
  facts.view = engine::parse_connection_schema_view(id, description.json);
  facts.streams = read_source_streams(description.json);
  return facts;
}

std::string read_input_file(const std::filesystem::path& file, std::string_view what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigFailure(std::string(what) + " " + file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

SourceConfig read_config_file(const std::filesystem::path& file,
                              const engine::ConnectionSchemaView& view, store::SecretString& text) {
  text = store::SecretString(read_input_file(file, "config"));
  std::string error;
  SourceConfig config = parse_source_config(text.view(), view, error);
  if (!error.empty()) throw ConfigFailure("config " + file.string() + ": " + error);
  return config;
}

}  // namespace host::sync
