#include "sync_protocols/sync_inputs.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

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

InputDocument parse_input_file(const std::filesystem::path& file, std::string_view what,
                               simdjson::dom::parser& parser, std::string_view not_json) {
  const std::string text = read_input_file(file, what);
  InputDocument document{std::string(what) + " " + file.string(), {}};
  if (parser.parse(text).get(document.root) != simdjson::SUCCESS) {
    throw ConfigFailure(document.where + ": " + std::string(not_json));
  }
  return document;
}

CatalogEntries read_catalog_entries(const std::filesystem::path& file,
                                    simdjson::dom::parser& parser) {
  constexpr std::string_view kNotACatalog = "must be an object with a \"streams\" array";
  InputDocument catalog = parse_input_file(file, "catalog", parser, kNotACatalog);
  CatalogEntries entries{std::move(catalog.where), {}};
  if (catalog.root.get_object()["streams"].get(entries.streams) != simdjson::SUCCESS) {
    throw ConfigFailure(entries.where + ": " + std::string(kNotACatalog));
  }
  return entries;
}

SelectedStream select_stream(const SourceStream& stream, bool incremental, const std::string& at,
                             std::string_view cursor_word, std::string_view full_word) {
  if (incremental && !stream.incremental()) {
    throw ConfigFailure(at + ": stream " + stream.name + " has no " + std::string(cursor_word) +
                        "; it supports " + std::string(full_word) + " only");
  }
  return {&stream, incremental};
}

SyncRequest sync_request(const engine::HostPaths& paths, const std::string& connector,
                         const SourceConfig& config, const store::SecretString& config_text) {
  SyncRequest sync;
  sync.paths = paths;
  sync.connector = connector;
  sync.config = &config;
  sync.config_json = config_text.view();
  return sync;
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
