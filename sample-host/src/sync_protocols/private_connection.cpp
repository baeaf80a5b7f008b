#include "sync_protocols/private_connection.hpp"

#include <stdlib.h>

#include <cstdlib>
#include <system_error>

#include "engine/authorization/authorized_scopes.hpp"
#include "engine/connections/connection_manifest.hpp"
#include "engine/connections/connection_open_config.hpp"
#include "engine/connections/host_state.hpp"
#include "log/log_sink.hpp"
#include "store/connection_store.hpp"
#include "store/oauth_client_store.hpp"

namespace host::sync {
namespace {

// Unknown lifetimes of the config's tokens: a given access token is tried until the remote side
// rejects it (then refreshed); the refresh token is assumed alive until it is refused.
constexpr int64_t kAssumedAccessSeconds = 3600;
constexpr int64_t kAssumedRefreshSeconds = int64_t{365} * 86400;

std::filesystem::path make_private_directory() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/connector-host-sync.XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a private state directory under " +
                             pattern.substr(0, pattern.rfind('/')) + ": " +
                             std::generic_category().message(errno));
  }
  return pattern;
}

std::vector<store::NamedSecret> copy_secrets(const std::vector<store::NamedSecret>& secrets) {
  std::vector<store::NamedSecret> out;
  out.reserve(secrets.size());
  for (const auto& s : secrets) out.push_back({s.field, store::SecretString(s.value.copy())});
  return out;
}

void store_connection(engine::HostState& state, const std::string& connector_id,
                      const SourceConfig& config) {
  auto connector = state.load_connector(connector_id);
  // The connector has the last word on the assembled config.
  const store::SecretString assembled = engine::build_connector_config(
      {kPrivateConnectionName, config.client_fields_json, &config.client_secrets,
       config.settings_json, &config.secrets});
  cnx::ConnectionPtr handle;
  const cnx::Status status = engine::open_connector_connection(
      connector, assembled, log::connector_host_services(), &handle);
  if (!status.ok()) {
    std::string message = "the connector refused the config: " + status.message();
    if (!status.details_json().empty()) message += " " + status.details_json();
    throw ConfigFailure(message);
  }
  store::OAuthClientInput client;
  client.name = kPrivateConnectionName;
  client.connector = connector_id;
  client.fields_json = config.client_fields_json;
  client.secrets = copy_secrets(config.client_secrets);
  const int64_t client_id = store::save_oauth_client(state.db(), state.box(), client);

  store::ConnectionInput input;
  input.name = kPrivateConnectionName;
  input.connector = connector_id;
  input.oauth_client_id = client_id;
  input.settings_json = config.settings_json;
  input.redirect_uri = engine::kDefaultRedirectUri;
  input.secrets = copy_secrets(config.secrets);
  const int64_t connection_id = store::save_connection(state.db(), state.box(), input);

  store::TokenSet tokens;
  const int64_t now = store::unix_now();
  tokens.access_token = store::SecretString(config.access_token.copy());
  // Without an access token the first call refreshes (0 would mean "never expires").
  tokens.access_expires_at = config.access_token.empty() ? now - 1 : now + kAssumedAccessSeconds;
  tokens.refresh_token = store::SecretString(config.refresh_token.copy());
  tokens.refresh_expires_at = now + kAssumedRefreshSeconds;
  state.db().transaction(
      [&] { store::write_tokens(state.db(), state.box(), connection_id, tokens); });
}

}  // namespace

PrivateConnection::PrivateConnection(const engine::HostPaths& base, const std::string& connector_id,
                                     const SourceConfig& config)
    : paths_(base) {
  paths_.state_dir = make_private_directory();
  try {
    engine::HostState state(paths_);
    view_ = engine::read_connection_schema_view(*state.load_connector(connector_id));
    store_connection(state, connector_id, config);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(paths_.state_dir, ignored);
    throw;
  }
}

PrivateConnection::~PrivateConnection() {
  session_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(paths_.state_dir, ignored);
}

std::vector<store::ScopeRow> PrivateConnection::probe_and_open() {
  std::vector<store::ScopeRow> scopes;
  {
    const auto probe = engine::open_session(paths_, kPrivateConnectionName);
    try {
      scopes = engine::fetch_session_scopes(*probe, view_.scopes);
    } catch (const engine::ScopesCallError& e) {
      // A remote side that is busy or away is not the config's fault.
      if (e.status() == CNX_STATUS_RETRY || e.status() == CNX_STATUS_RATE_LIMITED) throw;
      throw ConfigFailure(std::string("listing the authorized shops failed: ") + e.what());
    } catch (const std::exception& e) {
      // access_token(): the refresh was refused (a wrong secret, a dead refresh token).
      throw ConfigFailure(std::string("the tokens were refused: ") + e.what());
    }
  }
  engine::HostState state(paths_);
  const auto record = store::find_connection(state.db(), kPrivateConnectionName);
  if (!record) throw std::runtime_error("the private connection vanished from its state");
  state.db().transaction([&] { store::write_scopes(state.db(), record->id, scopes); });
  session_ = engine::open_session(paths_, kPrivateConnectionName);
  return scopes;
}

store::TokenSet PrivateConnection::current_tokens() const {
  engine::HostState state(paths_);
  const auto record = store::find_connection(state.db(), kPrivateConnectionName);
  if (!record) throw std::runtime_error("the private connection vanished from its state");
  auto stored = store::read_tokens(state.db(), state.box(), record->id);
  if (!stored) throw std::runtime_error("the private connection has no tokens");
  return std::move(stored->tokens);
}

}  // namespace host::sync
