#include "engine/authorization/authorization_flow.hpp"

#include <boost/url/parse.hpp>
#include <connector_abi/connector.hpp>

#include "engine/authorization/authorization_browser.hpp"
#include "engine/authorization/authorization_callback.hpp"
#include "engine/authorization/authorization_steps.hpp"
#include "engine/authorization/authorized_scopes.hpp"
#include "engine/authorization/secret_random.hpp"
#include "engine/calls/token_exchange.hpp"
#include "log/log_sink.hpp"
#include "store/connection_store.hpp"
#include "webhook/authorization_alerts.hpp"

namespace host::engine {
namespace {

std::string authorize_url_for(const ConnectorTarget& target, std::string_view state) {
  cnx::BufferPtr buffer;
  const cnx::Status status = call_for_output(
      target, buffer, [&](const cnx_connector_api& api, cnx_buffer** out, cnx_error** error) {
        return api.authorize_url(target.connection, cnx::to_cnx_str(state), out, error);
      });
  if (!status.ok() || !buffer) {
    throw AuthorizationError("the connector cannot build the authorize URL: " + status.to_string());
  }
  return std::string(cnx::to_view(buffer->bytes));
}

// Ends the attempt when the shop refused it (the callback already tied the redirect to it).
void check_refusal(const CallbackOutcome& outcome, const std::string& name) {
  if (outcome.status != CNX_STATUS_REAUTHORIZE) return;
  throw AuthorizationError(
      "the authorization of connection " + name + " was refused by the shop" +
      (outcome.error.empty() ? std::string() : " (error=" + outcome.error + ")") +
      "; nothing was stored");
}

// Why no redirect ended the attempt: the ones the callback ignored, or a hint at the usual cause.
std::string ignored_summary(const IgnoredCallbacks& ignored) {
  if (ignored.total() == 0) {
    return " (is the redirect URI registered on the app exactly as printed?)";
  }
  std::string text = "; ignored " + std::to_string(ignored.total()) +
                     " redirect(s) that did not belong to this attempt:";
  std::string sep = " ";
  if (ignored.wrong_state > 0) {
    text += sep + std::to_string(ignored.wrong_state) +
            " with a wrong or reused state (another attempt's, or forged: CSRF)";
    sep = ", ";
  }
  if (ignored.missing_state > 0) {
    text += sep + std::to_string(ignored.missing_state) +
            " without state (if it came from an app store install, run again with "
            "--allow-missing-state)";
    sep = ", ";
  }
  if (ignored.unreadable > 0) {
    text += sep + std::to_string(ignored.unreadable) +
            " without a code (last: " + ignored.last_unreadable + ")";
  }
  return text;
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

AuthorizationStart start_authorization(const OpenedConnection& opened) {
  const ConnectorTarget target{opened.connector, opened.handle.get()};
  AuthorizationStart start;
  start.state = random_hex(16);  // 128 bits of CSRF state
  start.authorize_url = authorize_url_for(target, start.state);
  return start;
}

http::ClientOptions authorization_client_options(const OpenedConnection& opened,
                                                 const std::filesystem::path& ca_file) {
  http::ClientOptions client_options;
  client_options.ca_file = ca_file.empty() ? std::filesystem::path(opened.record.ca_file) : ca_file;
  client_options.allow_plain_http = opened.record.allow_plain_http;
  return client_options;
}

AuthorizeResult finish_authorization(HostState& state, const OpenedConnection& opened,
                                     http::Client& http, CallbackOutcome& outcome,
                                     const std::string& kept_ca_file) {
  const std::string& name = opened.record.name;
  const ConnectorTarget target{opened.connector, opened.handle.get()};
  check_refusal(outcome, name);
  store::TokenSet tokens;
  try {
    tokens = exchange_tokens(target, http, CNX_GRANT_AUTHORIZATION_CODE, outcome.code.view());
  } catch (const TokenExchangeError& e) {
    throw AuthorizationError("connection " + name + ": " + e.what());
  }
  outcome.code = store::SecretString();  // used up: wipe it now
  store::Database& db = state.db();
  // A CA given for this authorization is the one every later call needs too: keep it with the
  // tokens, so that `connection test`, `run` and `listen` trust the same server.
  db.transaction([&] {
    store::write_tokens(db, state.box(), opened.record.id, tokens);
    if (!kept_ca_file.empty()) store::set_connection_ca_file(db, opened.record.id, kept_ca_file);
  });
  log::info("authorize", "connection " + name + ": tokens stored" +
                             (kept_ca_file.empty() ? "" : "; it trusts CA file " + kept_ca_file));

  AuthorizeResult result;
  try {
    result.scopes =
        fetch_authorized_scopes(target, http, tokens.access_token.view(), opened.view.scopes);
    db.transaction([&] { store::write_scopes(db, opened.record.id, result.scopes); });
  } catch (const ScopesCallError& e) {
    throw AuthorizationError("connection " + name +
                             " is authorized, but listing its accounts "
                             "failed: " +
                             e.what() + "; try `connector-host connection test " + name + "`");
  }
  result.tokens = store::read_token_summary(db, opened.record.id).value_or(store::TokenSummary{});
  // A fresh authorization answers every earlier deauthorization or expiry alert.
  result.alerts_cleared = webhook::clear_authorization_alerts(db, name);
  return result;
}

AuthorizeResult authorize_connection(HostState& state, const std::string& name,
                                     const AuthorizeOptions& options, std::ostream& out) {
  OpenedConnection opened = open_stored_connection(state, name);
  const ConnectorTarget target{opened.connector, opened.handle.get()};
  const CallbackEndpoint endpoint = callback_endpoint_for(opened.record.redirect_uri);
  const AuthorizationStart start = start_authorization(opened);
  const std::string& url = start.authorize_url;

  AuthorizationCallback callback(endpoint, target, {start.state, options.allow_missing_state});
  out << "Redirect URI to register on the app (Partner Center): " << opened.record.redirect_uri
      << "\n"
      << "Open this URL to authorize connection " << name << ":\n  " << url << "\n"
      << "Waiting for the redirect on " << endpoint.address << ":" << endpoint.port << endpoint.path
      << " (timeout " << options.timeout.count() << "s)..." << std::endl;

  http::Client http(authorization_client_options(opened, options.ca_file));
  if (options.builtin_browser) browse_to_callback(http, url);

  std::optional<CallbackOutcome> outcome = callback.wait(options.timeout);
  if (!outcome) {
    throw AuthorizationError("no redirect of this attempt reached " + opened.record.redirect_uri +
                             " within " + std::to_string(options.timeout.count()) +
                             " seconds; nothing was stored" + ignored_summary(callback.ignored()));
  }
  const std::string kept_ca_file =
      options.ca_file.empty() ? std::string() : std::filesystem::absolute(options.ca_file).string();
  return finish_authorization(state, opened, http, *outcome, kept_ca_file);
}

}  // namespace host::engine
