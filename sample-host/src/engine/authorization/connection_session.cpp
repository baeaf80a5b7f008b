// open_session: a stored connection opened with its connector, its token lifecycle, its scopes
// and an HTTP client (trusting the connection's extra CA, if it names one).
#include "engine/authorization/connection_session.hpp"

#include <simdjson.h>

#include <stdexcept>
#include <string_view>

#include "engine/authorization/token_lifecycle.hpp"
#include "engine/connections/host_state.hpp"
#include "store/token_store.hpp"

namespace host::engine {
namespace {

class StoredConnectionSession final : public ConnectionSession {
 public:
  StoredConnectionSession(std::unique_ptr<HostState> state, OpenedConnection opened)
      : opened_(std::move(opened)), http_(client_options(opened_.record)) {
    for (const auto& row : store::read_scopes(state->db(), opened_.record.id)) {
      scopes_.push_back({row.id, row.name, row.region, row.credential});
    }
    tokens_ = std::make_unique<TokenLifecycle>(std::move(state), opened_.record.name,
                                               opened_.record.id, target(), http_);
    app_id_ = client_id_of(opened_.client);
  }

  const std::string& name() const override { return opened_.record.name; }
  const std::string& app_id() const override { return app_id_; }
  const loader::LoadedConnector& connector() const override { return *opened_.connector; }
  const cnx_connection* connection() const override { return opened_.handle.get(); }
  ConnectorTarget target() const override { return {opened_.connector, opened_.handle.get()}; }
  http::Client& http() override { return http_; }

  std::string access_token() override { return tokens_->access_token(); }
  std::string refresh_after_rejection(const std::string& rejected_token) override {
    return tokens_->refresh_after_rejection(rejected_token);
  }

  std::optional<AuthorizedScope> find_scope(std::string_view id_or_credential) const override {
    for (const auto& scope : scopes_) {
      if (scope.id == id_or_credential || scope.credential == id_or_credential) return scope;
    }
    return std::nullopt;
  }
  std::vector<AuthorizedScope> scopes() const override { return scopes_; }

 private:
  static http::ClientOptions client_options(const store::ConnectionRecord& record) {
    http::ClientOptions options;
    options.ca_file = record.ca_file;
    options.allow_plain_http = record.allow_plain_http;
    return options;
  }

  static std::string client_id_of(const store::OAuthClientRecord& client) {
    simdjson::dom::parser parser;
    std::string_view id;
    if (parser.parse(client.fields_json)["client_id"].get_string().get(id) == simdjson::SUCCESS &&
        !id.empty()) {
      return std::string(id);
    }
    return "oauth-client:" + client.name;
  }

  // Destruction order matters: the lifecycle uses http_ and the handle, the handle uses the
  // connector's library; members are destroyed in reverse order of declaration.
  OpenedConnection opened_;
  http::Client http_;
  std::vector<AuthorizedScope> scopes_;
  std::unique_ptr<TokenLifecycle> tokens_;
  std::string app_id_;
};

}  // namespace

std::unique_ptr<ConnectionSession> open_session(const HostPaths& paths, const std::string& name) {
  auto state = std::make_unique<HostState>(paths);
  OpenedConnection opened = open_stored_connection(*state, name);
  return std::make_unique<StoredConnectionSession>(std::move(state), std::move(opened));
}

}  // namespace host::engine
