// connection_open_config.hpp: assembles the config a connector's connection_open takes from a
// stored connection and its OAuth client, generically:
//   {"name": <connection name>, "oauth_client": {<client fields>, <client secrets>},
//    <settings>..., <secrets>...}
// and maps the connector's field errors back to the manifest fields they came from.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <connector_abi/connector.hpp>

#include "engine/connections/connection_manifest_fields.hpp"
#include "loader/connector_loader.hpp"

namespace host::engine {

struct ConfigParts {
  std::string_view connection_name;
  std::string_view client_fields_json;  // JSON object
  const std::vector<store::NamedSecret>* client_secrets = nullptr;
  std::string_view settings_json;  // JSON object
  const std::vector<store::NamedSecret>* secrets = nullptr;
};

// The config JSON. It holds secrets, hence the SecretString (wiped when dropped).
store::SecretString build_connector_config(const ConfigParts& parts);

// Opens the config through the connector (its validation is the last word on the fields).
// `host` may be null. On failure *out stays empty and the Status says why.
cnx::Status open_connector_connection(std::shared_ptr<const loader::LoadedConnector> connector,
                                      const store::SecretString& config,
                                      const cnx_host_services* host, cnx::ConnectionPtr* out);

// The connector's field errors (Status::details_json) as manifest problems: "/settings/X" for a
// setting, "/secrets/X" for a secret, the OAuth client's fields prefixed with its name.
// Falls back to the Status message when there are no details.
std::vector<ManifestProblem> config_problems_for_manifest(const cnx::Status& status,
                                                          const ConnectionSchemaView& view,
                                                          std::string_view client_name);

}  // namespace host::engine
