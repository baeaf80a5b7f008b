// sync_inputs.hpp: what both protocol front ends read before they sync: the connector's
// description (without any host state), the config file and the streams.
#pragma once

#include <simdjson.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/connections/connection_schema_view.hpp"
#include "engine/connections/host_paths.hpp"
#include "loader/connector_loader.hpp"
#include "store/secret_box.hpp"
#include "sync_protocols/source_config.hpp"
#include "sync_protocols/source_streams.hpp"
#include "sync_protocols/sync_run.hpp"

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

// A catalog or state file parsed as JSON; `where` ("catalog FILE") starts every error about it.
struct InputDocument {
  std::string where;
  simdjson::dom::element root;  // lives in the parser given to parse_input_file
};

// Reads `file` (a `what`: "catalog" or "state") and parses it with `parser`, which must outlive
// the result. ERRORS: throws ConfigFailure "WHAT FILE: cannot be read", or "WHAT FILE: NOT_JSON"
// when the text is not JSON.
InputDocument parse_input_file(const std::filesystem::path& file, std::string_view what,
                               simdjson::dom::parser& parser, std::string_view not_json);

// A catalog file's "streams" array (an Airbyte and a Singer catalog share that shape).
struct CatalogEntries {
  std::string where;
  simdjson::dom::array streams;  // lives in the parser given to read_catalog_entries
};
// ERRORS: throws ConfigFailure "catalog FILE: must be an object with a "streams" array".
CatalogEntries read_catalog_entries(const std::filesystem::path& file,
                                    simdjson::dom::parser& parser);

// `stream` as a catalog entry at `at` selects it. ERRORS: throws ConfigFailure "AT: stream NAME
// has no CURSOR_WORD; it supports FULL_WORD only" when `incremental` asks for a stream without a
// cursor (each protocol names the two in its own words).
SelectedStream select_stream(const SourceStream& stream, bool incremental, const std::string& at,
                             std::string_view cursor_word, std::string_view full_word);

// The sync of `connector` (from `paths`) with `config`, whose text is `config_text` (borrowed:
// both must outlive the request); the caller adds the streams and their states.
SyncRequest sync_request(const engine::HostPaths& paths, const std::string& connector,
                         const SourceConfig& config, const store::SecretString& config_text);

// Reads and parses the config file. ERRORS: throws ConfigFailure "config FILE: /field: why".
// `text` receives the file's text (it holds secrets: the caller wipes it).
SourceConfig read_config_file(const std::filesystem::path& file,
                              const engine::ConnectionSchemaView& view, store::SecretString& text);

}  // namespace host::sync
