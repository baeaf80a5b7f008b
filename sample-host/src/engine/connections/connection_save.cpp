#include "engine/connections/connection_save.hpp"

#include "engine/connections/connection_open_config.hpp"
#include "engine/connections/plain_http_settings.hpp"
#include "log/log_sink.hpp"

namespace host::engine {

SchemaLookup schema_lookup(const HostState& state) {
  return [&state](const std::string& id) {
    return read_connection_schema_view(*state.load_connector(id));
  };
}

void save_connection_manifest(HostState& state, ConnectionManifest manifest) {
  const std::filesystem::path& file = manifest.file;
  auto plain_http =
      plain_http_setting_problems(manifest.name, manifest.settings_json, manifest.allow_plain_http);
  if (!plain_http.empty()) throw ManifestError(file, std::move(plain_http));
  const auto client = store::find_oauth_client(state.db(), manifest.oauth_client);
  if (!client) {
    throw ManifestError(file, {{"/oauth_client", "no OAuth client named " + manifest.oauth_client +
                                                     " (save one first)"}});
  }
  if (client->connector != manifest.connector) {
    throw ManifestError(file,
                        {{"/connector", "OAuth client " + client->name + " belongs to connector " +
                                            client->connector + ", not " + manifest.connector}});
  }
  auto client_secrets =
      store::open_sealed_fields(state.db(), state.box(), store::kOAuthClientSecrets, client->id);
  if (!client_secrets) {
    throw std::runtime_error(wrong_master_key_message("OAuth client " + client->name));
  }
  // The connector has the last word on the assembled config.
  auto connector = state.load_connector(manifest.connector);
  const auto view = read_connection_schema_view(*connector);
  const store::SecretString config =
      build_connector_config({manifest.name, client->fields_json, &*client_secrets,
                              manifest.settings_json, &manifest.secrets});
  cnx::ConnectionPtr handle;
  const cnx::Status status =
      open_connector_connection(connector, config, log::connector_host_services(), &handle);
  if (!status.ok()) {
    throw ManifestError(file, config_problems_for_manifest(status, view, client->name));
  }
  store::ConnectionInput input;
  input.name = manifest.name;
  input.connector = manifest.connector;
  input.oauth_client_id = client->id;
  input.settings_json = manifest.settings_json;
  input.redirect_uri = manifest.redirect_uri;
  input.ca_file = manifest.ca_file;
  input.allow_plain_http = manifest.allow_plain_http;
  input.secrets = std::move(manifest.secrets);
  store::save_connection(state.db(), state.box(), input);
}

}  // namespace host::engine
