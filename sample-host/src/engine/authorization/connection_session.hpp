// connection_session.hpp: one stored connection, opened and ready to make authorized calls.
//
// Brings together what a flow needs to call the remote API for a connection: the loaded
// connector, the opened cnx_connection (built from the stored settings and decrypted secrets),
// a valid access token (refreshed single-flight, across threads and processes), the authorized
// shops, and the HTTP client.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <connector_abi/connector_abi.h>

#include "engine/calls/connector_call.hpp"
#include "engine/connections/host_paths.hpp"
#include "http/http_client.hpp"
#include "loader/connector_loader.hpp"

namespace host::engine {

// An account the connection's authorization covers (e.g. a shop).
struct AuthorizedScope {
  std::string id;  // as people enter it (e.g. a shop id)
  std::string name;
  std::string region;
  std::string credential;  // what goes into cnx_request.scope_credential (e.g. a shop cipher)
};

// THREADING: access_token(), refresh_after_rejection() and the accessors may be called from many
// threads at once. Construction and destruction happen on one thread.
class ConnectionSession {
 public:
  virtual ~ConnectionSession() = default;

  virtual const std::string& name() const = 0;
  // The app the connection acts as: its OAuth 2.0 client's "client_id" (the app key), or the
  // OAuth client's name when it has none. Remote sides limit requests per (app, account, API):
  // every connection of one app shares that budget (rate_limiter.hpp).
  virtual const std::string& app_id() const = 0;
  virtual const loader::LoadedConnector& connector() const = 0;
  virtual const cnx_connection* connection() const = 0;
  // The connector and the connection together, for calls/connector_call.hpp (the shared_ptr in
  // it keeps the library loaded while the call's outputs live).
  virtual ConnectorTarget target() const = 0;
  virtual http::Client& http() = 0;

  // A current access token; refreshes first when it expires within a minute. Throws
  // std::runtime_error when the connection is not authorized or the refresh token is dead (the
  // message tells the person to run `connector-host authorize NAME`). Never logs the token.
  virtual std::string access_token() = 0;

  // Call after a response classified CNX_STATUS_REFRESH_TOKEN for `rejected_token`: refreshes
  // unless another thread or process already replaced that token, and returns the current one.
  virtual std::string refresh_after_rejection(const std::string& rejected_token) = 0;

  // The authorized scope whose id or credential equals `id_or_credential`.
  virtual std::optional<AuthorizedScope> find_scope(std::string_view id_or_credential) const = 0;
  virtual std::vector<AuthorizedScope> scopes() const = 0;
};

// Opens the stored connection `name` from the state directory in `options`.
// ERRORS: throws std::runtime_error naming the connection and the cause (unknown name, connector
// not loadable, wrong master key, config rejected by the connector).
std::unique_ptr<ConnectionSession> open_session(const HostPaths& paths, const std::string& name);

}  // namespace host::engine
