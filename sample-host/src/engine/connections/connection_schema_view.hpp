// connection_schema_view.hpp: what the host needs from a connector's describe document to handle
// connections: the connection schema's fields (which are secret, their types and enums), the
// OAuth client sub-object, and where the authorized scopes (shops) are listed.
//
// Nothing here knows a particular connector; everything comes from the describe document.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "loader/connector_loader.hpp"

namespace host::engine {

// The config key that holds the OAuth client's fields (a host convention every OAuth connector
// follows in its connection schema), and the one that holds the connection's name.
inline constexpr const char* kOAuthClientConfigKey = "oauth_client";
inline constexpr const char* kNameConfigKey = "name";

struct SchemaField {
  std::string name;
  std::string type;  // JSON Schema type ("string", "object", ...); empty when not declared
  bool secret = false;
  bool required = false;
  std::vector<std::string> enum_values;
};

struct ObjectSchema {
  std::vector<SchemaField> fields;
  const SchemaField* find(std::string_view name) const;
};

// How to read the accounts a token covers (describe's "scopes").
struct ScopesSpec {
  std::string endpoint;  // catalog endpoint id; empty when the connector lists none
  std::string id_field = "id";
  std::string name_field = "name";
  std::string region_field = "region";
  std::string credential_field = "credential";
};

struct ConnectionSchemaView {
  std::string connector_id;
  ObjectSchema config;        // top-level config fields
  ObjectSchema oauth_client;  // fields of config.oauth_client (empty when the schema has none)
  ScopesSpec scopes;
};

// Asks `connector` to describe itself and reads the parts above.
// ERRORS: throws std::runtime_error naming the connector when describe fails or the document
// lacks a connection_schema object.
ConnectionSchemaView read_connection_schema_view(const loader::LoadedConnector& connector);

// Parses a describe document's text (for tests and callers that already hold it).
ConnectionSchemaView parse_connection_schema_view(std::string_view connector_id,
                                                  std::string_view describe_json);

}  // namespace host::engine
