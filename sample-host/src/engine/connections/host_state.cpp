#include "engine/connections/host_state.hpp"

#include <stdexcept>

#include "engine/connections/connection_open_config.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"
#include "store/master_key_check.hpp"

namespace host::engine {

HostState::HostState(const HostPaths& paths)
    : paths_(paths), db_(store::open_connection_state(paths.state())) {}

const store::SecretBox& HostState::box() {
  if (!box_) {
    store::VerifiedSecretBox verified = store::open_verified_secret_box(*db_, paths_.state_dir);
    if (verified.key_created) {
      log::warn("state", "created the master key in " + verified.key_source +
                             ": it encrypts every secret in " + db_->name() +
                             "; back it up, because without it the stored secrets are lost");
    }
    box_.emplace(std::move(verified.box));
  }
  return *box_;
}

std::shared_ptr<const loader::LoadedConnector> HostState::load_connector(
    const std::string& id) const {
  auto outcome = loader::load_by_id(paths_.manifest_dir, paths_.plugin_dir, id);
  if (!outcome.connector) throw std::runtime_error(outcome.error);
  return outcome.connector;
}

std::function<ConnectionSchemaView(const std::string&)> HostState::schema_lookup() const {
  return [this](const std::string& id) { return read_connection_schema_view(*load_connector(id)); };
}

std::string wrong_master_key_message(std::string_view what) {
  return "cannot decrypt secrets of " + std::string(what) +
         ": the master key differs from the one they were stored with (set " +
         store::kMasterKeyEnv + " or restore " + store::kMasterKeyFile + ")";
}

OpenedConnection open_stored_connection(HostState& state, const std::string& name) {
  OpenedConnection out;
  auto record = store::find_connection(state.db(), name);
  if (!record) throw std::runtime_error("no connection named " + name);
  out.record = std::move(*record);
  auto client = store::find_oauth_client_by_id(state.db(), out.record.oauth_client_id);
  if (!client) throw std::runtime_error("connection " + name + ": its OAuth client is gone");
  out.client = std::move(*client);

  const auto& box = state.box();
  auto secrets =
      store::open_sealed_fields(state.db(), box, store::kConnectionSecrets, out.record.id);
  if (!secrets) throw std::runtime_error(wrong_master_key_message("connection " + name));
  auto client_secrets =
      store::open_sealed_fields(state.db(), box, store::kOAuthClientSecrets, out.client.id);
  if (!client_secrets) {
    throw std::runtime_error(wrong_master_key_message("OAuth client " + out.client.name +
                                                      " (used by connection " + name + ")"));
  }

  out.connector = state.load_connector(out.record.connector);
  out.view = read_connection_schema_view(*out.connector);
  const store::SecretString config =
      build_connector_config({out.record.name, out.client.fields_json, &*client_secrets,
                              out.record.settings_json, &*secrets});
  const cnx::Status status =
      open_connector_connection(out.connector, config, log::connector_host_services(), &out.handle);
  if (!status.ok()) {
    throw std::runtime_error("connection " + name +
                             ": the connector refused its stored "
                             "configuration: " +
                             status.to_string() +
                             "; save it again with `connector-host connection save`");
  }
  return out;
}

}  // namespace host::engine
