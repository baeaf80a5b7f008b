#include "engine/calls/token_exchange.hpp"

#include <chrono>
#include <json_writer/json_writer.hpp>
#include <thread>

namespace host::engine {
namespace {

constexpr int kMaxAttempts = 3;

store::TokenSet to_token_set(const cnx_token_set& t) {
  store::TokenSet out;
  out.access_token = store::SecretString(std::string(cnx::to_view(t.access_token)));
  out.access_expires_at = t.access_expires_at;
  out.refresh_token = store::SecretString(std::string(cnx::to_view(t.refresh_token)));
  out.refresh_expires_at = t.refresh_expires_at;
  out.account_id = std::string(cnx::to_view(t.account_id));
  out.account_name = std::string(cnx::to_view(t.account_name));
  out.account_region = std::string(cnx::to_view(t.account_region));
  out.scopes_json.clear();
  jsonw::Writer w(out.scopes_json);
  w.begin_array();
  for (size_t i = 0; i < t.scope_count && t.scopes != nullptr; ++i) {
    w.value(cnx::to_view(t.scopes[i]));
  }
  w.end_array();
  return out;
}

bool worth_retrying(cnx_status status) {
  return status == CNX_STATUS_RETRY || status == CNX_STATUS_RATE_LIMITED;
}

const char* grant_word(cnx_token_grant grant) {
  return grant == CNX_GRANT_AUTHORIZATION_CODE ? "code exchange" : "token refresh";
}

}  // namespace

http::Request to_http_request(const cnx_http_request& request, std::string_view body) {
  http::Request out;
  out.method = std::string(cnx::to_view(request.method));
  out.url = std::string(cnx::to_view(request.url));
  for (size_t i = 0; i < request.header_count; ++i) {
    out.headers.push_back({std::string(cnx::to_view(request.headers[i].key)),
                           std::string(cnx::to_view(request.headers[i].value))});
  }
  out.body = body;
  return out;
}

store::TokenSet exchange_tokens(const cnx_connector_api& api, const cnx_connection* connection,
                                http::Client& http, cnx_token_grant grant,
                                std::string_view credential) {
  const cnx::Releaser releaser{&api, nullptr};
  std::string last_error;
  cnx_status last_status = CNX_STATUS_RETRY;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(std::chrono::milliseconds(400 * attempt));
    cnx_http_request* raw = nullptr;
    cnx_error* error = nullptr;
    const cnx_status code =
        api.token_request(connection, grant, cnx::to_cnx_str(credential), &raw, &error);
    cnx::HttpRequestPtr request = cnx::adopt(raw, releaser);
    const cnx::Status built = cnx::Status::from_call(api, code, error);
    if (!built.ok()) {
      throw TokenExchangeError(
          built.code(), std::string(grant_word(grant)) +
                            ": the connector cannot build the request: " + built.to_string());
    }
    // The request may carry the app secret and the credential: it is sent, never logged.
    http::Request wire = to_http_request(*request, cnx::to_view(request->body));
    http::Response response = http.send(wire);
    if (!response.ok()) {
      last_error = std::string(grant_word(grant)) + " failed: " + response.error_message;
      // A refused plain-HTTP origin stays refused: no second attempt.
      if (response.error == http::TransportError::kPlainHttpRefused) {
        last_status = CNX_STATUS_PERMANENT;
        break;
      }
      last_status = CNX_STATUS_RETRY;
      continue;
    }
    cnx_token_set* tokens_raw = nullptr;
    error = nullptr;
    const cnx_status parsed_code = api.parse_token_response(
        connection, response.status, cnx::to_cnx_str(response.body), &tokens_raw, &error);
    cnx::TokenSetPtr tokens = cnx::adopt(tokens_raw, releaser);
    const cnx::Status parsed = cnx::Status::from_call(api, parsed_code, error);
    if (parsed.ok() && tokens) return to_token_set(*tokens);
    last_status = parsed.ok() ? CNX_STATUS_INTERNAL : parsed.code();
    last_error = std::string(grant_word(grant)) + " refused: " + parsed.to_string();
    if (parsed.remote_code() != 0)
      last_error += " (code " + std::to_string(parsed.remote_code()) + ")";
    if (!worth_retrying(last_status)) break;
  }
  throw TokenExchangeError(last_status, last_error);
}

}  // namespace host::engine
