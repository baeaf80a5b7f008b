// private_connection.hpp: a connection built from a source config in a private, temporary state
// directory, for a front end that runs where there is no host state (an Airbyte container, a
// Singer runner).
//
// The directory (mode 0700 under $TMPDIR) holds a state database with the OAuth client, the
// connection and the config's tokens, their secrets encrypted as in any host state under a
// master key created in it, and is removed when the object is destroyed. A process killed with
// SIGKILL leaves it behind; nothing in it is readable by other users.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/authorization/connection_session.hpp"
#include "engine/connections/connection_schema_view.hpp"
#include "engine/connections/host_paths.hpp"
#include "store/token_store.hpp"
#include "sync_protocols/source_config.hpp"

namespace host::sync {

// A failure a person fixes in the config (a refused secret, a dead refresh token, an unknown
// shop), as opposed to one of the host or the network.
class ConfigFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The name of the connection inside the private state (flows name it).
inline constexpr const char* kPrivateConnectionName = "source";

// THREADING: one thread builds and destroys it; session() is as thread-safe as any session.
class PrivateConnection {
 public:
  // Creates the directory and stores the client, the connection and the tokens. `base` gives
  // the plugin and manifest directories. ERRORS: throws ConfigFailure when the connector refuses
  // the config (naming the field), std::runtime_error for local failures.
  PrivateConnection(const engine::HostPaths& base, const std::string& connector_id,
                    const SourceConfig& config);
  ~PrivateConnection();
  PrivateConnection(const PrivateConnection&) = delete;
  PrivateConnection& operator=(const PrivateConnection&) = delete;

  const engine::HostPaths& paths() const { return paths_; }
  const engine::ConnectionSchemaView& view() const { return view_; }

  // Lists the shops the tokens cover (the connector's scopes endpoint; a rejected access token
  // is refreshed once) and stores them, then opens the session flows run on. ERRORS: throws
  // ConfigFailure with the remote side's message for a refused secret or token.
  std::vector<store::ScopeRow> probe_and_open();
  // REQUIRES: probe_and_open() returned.
  engine::ConnectionSession& session() { return *session_; }

  // The stored tokens now (a refresh may have replaced them). ERRORS: throws std::runtime_error.
  store::TokenSet current_tokens() const;

 private:
  engine::HostPaths paths_;
  engine::ConnectionSchemaView view_;
  std::unique_ptr<engine::ConnectionSession> session_;
};

}  // namespace host::sync
