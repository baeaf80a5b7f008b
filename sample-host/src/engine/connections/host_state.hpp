// host_state.hpp: the state a connection command works on (the database and, once a secret
// is touched, the master key), and a stored connection opened through its connector.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <connector_abi/connector.hpp>

#include "engine/connections/connection_schema_view.hpp"
#include "engine/connections/host_paths.hpp"
#include "store/connection_store.hpp"
#include "store/oauth_client_store.hpp"

namespace host::engine {

// THREADING: one thread at a time (it holds one database connection).
class HostState {
 public:
  // Opens <state>/state.db. ERRORS: throws store::StoreError.
  explicit HostState(const HostPaths& paths);

  const HostPaths& paths() const { return paths_; }
  store::Database& db() { return *db_; }
  // The secret box; loads the master key on first use and verifies it against the store's key
  // check (store/master_key_check.hpp); a new key file is announced on stderr.
  // ERRORS: throws store::MasterKeyError.
  const store::SecretBox& box();

  // Loads the connector with this id. ERRORS: throws std::runtime_error with the loader's reason.
  std::shared_ptr<const loader::LoadedConnector> load_connector(const std::string& id) const;

  // What a manifest reader asks for a connector's schema (a SchemaLookup): load_connector(), then
  // its view. The lookup borrows this state. ERRORS: as load_connector().
  std::function<ConnectionSchemaView(const std::string& connector_id)> schema_lookup() const;

 private:
  HostPaths paths_;
  std::unique_ptr<store::Database> db_;
  std::optional<store::SecretBox> box_;
};

// A stored connection, its client, its connector and an open connector handle.
struct OpenedConnection {
  store::ConnectionRecord record;
  store::OAuthClientRecord client;
  std::shared_ptr<const loader::LoadedConnector> connector;
  ConnectionSchemaView view;
  cnx::ConnectionPtr handle;
};

// Reads connection `name`, decrypts its and its client's secrets, builds the config and opens it.
// ERRORS: throws std::runtime_error naming the connection: unknown name; "cannot decrypt secrets
// of connection X: the master key differs from the one they were stored with"; connector not
// loadable; config refused by the connector.
OpenedConnection open_stored_connection(HostState& state, const std::string& name);

// The error for secrets that do not decrypt, naming what owns them (never any key material).
std::string wrong_master_key_message(std::string_view what);

}  // namespace host::engine
