#include "engine/authorization_flow.hpp"

#include <openssl/crypto.h>

#include <boost/url/parse.hpp>
#include <connector_abi/connector.hpp>

#include "engine/authorization_browser.hpp"
#include "engine/authorization_callback.hpp"
#include "engine/authorized_scopes.hpp"
#include "engine/secret_random.hpp"
#include "engine/token_exchange.hpp"
#include "log/log_sink.hpp"

namespace host::engine {
namespace {

bool same_state(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string authorize_url_for(const cnx_connector_api& api, const cnx_connection* connection,
                              std::string_view state) {
  cnx_buffer* raw = nullptr;
  cnx_error* error = nullptr;
  const cnx_status code = api.authorize_url(connection, cnx::to_cnx_str(state), &raw, &error);
  cnx::BufferPtr buffer = cnx::adopt(raw, cnx::Releaser{&api, nullptr});
  const cnx::Status status = cnx::Status::from_call(api, code, error);
  if (!status.ok() || !buffer) {
    throw AuthorizationError("the connector cannot build the authorize URL: " + status.to_string());
  }
  return std::string(cnx::to_view(buffer->bytes));
}

// Checks what the redirect carried; throws AuthorizationError for anything but a usable code.
void check_callback(const CallbackOutcome& outcome, std::string_view expected_state,
                    const AuthorizeOptions& options, const std::string& name) {
  if (outcome.status == CNX_STATUS_REAUTHORIZE) {
    throw AuthorizationError(
        "the authorization of connection " + name + " was refused" +
        (outcome.error.empty() ? std::string() : " (error=" + outcome.error + ")") +
        "; nothing was stored");
  }
  if (outcome.status != CNX_STATUS_OK) {
    throw AuthorizationError("the redirect to the callback could not be read: " + outcome.message);
  }
  if (!outcome.state_present) {
    if (!options.allow_missing_state) {
      throw AuthorizationError(
          "the redirect carried no state, so it cannot be tied to this authorization (it may "
          "be forged); if it came from an app store install, run again with "
          "--allow-missing-state");
    }
    return;
  }
  if (!same_state(outcome.state, expected_state)) {
    throw AuthorizationError(
        "the redirect's state does not match the one this authorization sent: it belongs to "
        "another attempt or was forged (CSRF); nothing was stored");
  }
}

}  // namespace

CallbackEndpoint callback_endpoint_for(std::string_view redirect_uri) {
  auto parsed = boost::urls::parse_absolute_uri(redirect_uri);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https")) {
    throw AuthorizationError("the redirect URI " + std::string(redirect_uri) +
                             " is not an absolute http(s) URL");
  }
  CallbackEndpoint endpoint;
  const std::string host = parsed->host();
  const bool loopback_literal = host == "127.0.0.1" || host == "::1" || host == "[::1]";
  // A non-loopback redirect host is a deployment's public name, forwarded to this host's
  // loopback listener by a proxy; the listener itself never binds a public address.
  endpoint.address = loopback_literal ? (host == "127.0.0.1" ? host : "::1") : "127.0.0.1";
  endpoint.port = parsed->has_port()
                      ? parsed->port_number()
                      : static_cast<uint16_t>(parsed->scheme() == "https" ? 443 : 80);
  endpoint.path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  return endpoint;
}

AuthorizeResult authorize_connection(ConnectionState& state, const std::string& name,
                                     const AuthorizeOptions& options, std::ostream& out) {
  OpenedConnection opened = open_stored_connection(state, name);
  const cnx_connector_api& api = opened.connector->api();
  const CallbackEndpoint endpoint = callback_endpoint_for(opened.record.redirect_uri);
  const std::string expected_state = random_hex(16);  // 128 bits of CSRF state
  const std::string url = authorize_url_for(api, opened.handle.get(), expected_state);

  AuthorizationCallback callback(endpoint, api, opened.handle.get());
  out << "Redirect URI to register on the app (Partner Center): " << opened.record.redirect_uri
      << "\n"
      << "Open this URL to authorize connection " << name << ":\n  " << url << "\n"
      << "Waiting for the redirect on " << endpoint.address << ":" << endpoint.port << endpoint.path
      << " (timeout " << options.timeout.count() << "s)..." << std::endl;

  http::ClientOptions client_options;
  client_options.ca_file =
      options.ca_file.empty() ? std::filesystem::path(opened.record.ca_file) : options.ca_file;
  client_options.allow_plain_http = opened.record.allow_plain_http;
  http::Client http(client_options);
  if (options.builtin_browser) browse_to_callback(http, url);

  std::optional<CallbackOutcome> outcome = callback.wait(options.timeout);
  if (!outcome) {
    throw AuthorizationError("no redirect reached " + opened.record.redirect_uri + " within " +
                             std::to_string(options.timeout.count()) +
                             " seconds; nothing was stored (is the redirect URI registered on "
                             "the app exactly as printed?)");
  }
  check_callback(*outcome, expected_state, options, name);

  store::TokenSet tokens;
  try {
    tokens = exchange_tokens(api, opened.handle.get(), http, CNX_GRANT_AUTHORIZATION_CODE,
                             outcome->code.view());
  } catch (const TokenExchangeError& e) {
    throw AuthorizationError("connection " + name + ": " + e.what());
  }
  outcome->code = store::SecretString();  // used up: wipe it now
  store::Database& db = state.db();
  db.transaction([&] { store::write_tokens(db, state.box(), opened.record.id, tokens); });
  log::info("authorize", "connection " + name + ": tokens stored");

  AuthorizeResult result;
  try {
    result.scopes = fetch_authorized_scopes(api, opened.handle.get(), http,
                                            tokens.access_token.view(), opened.view.scopes);
    db.transaction([&] { store::write_scopes(db, opened.record.id, result.scopes); });
  } catch (const ScopesCallError& e) {
    throw AuthorizationError("connection " + name +
                             " is authorized, but listing its accounts "
                             "failed: " +
                             e.what() + "; try `connector-host connection test " + name + "`");
  }
  result.tokens = store::read_token_summary(db, opened.record.id).value_or(store::TokenSummary{});
  return result;
}

}  // namespace host::engine
