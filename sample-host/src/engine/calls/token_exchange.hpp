// token_exchange.hpp: exchanges an authorization code or a refresh token for tokens through the
// connector's hooks (token_request -> HTTP -> parse_token_response).
#pragma once

#include <stdexcept>
#include <string_view>

#include <connector_abi/connector.hpp>

#include "http/http_client.hpp"
#include "store/token_store.hpp"

namespace host::engine {

// A failed exchange, with the connector's verdict (REAUTHORIZE: a person must authorize again;
// RETRY/RATE_LIMITED: try later; PERMANENT: e.g. a wrong app secret). Never contains a secret.
class TokenExchangeError : public std::runtime_error {
 public:
  TokenExchangeError(cnx_status status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  cnx_status status() const { return status_; }

 private:
  cnx_status status_;
};

// Runs the exchange; retries a few times with backoff on RETRY and RATE_LIMITED verdicts and on
// transport failures. `credential` (a code or refresh token) is never logged or copied into an
// error. ERRORS: throws TokenExchangeError. THREADING: any thread.
store::TokenSet exchange_tokens(const cnx_connector_api& api, const cnx_connection* connection,
                                http::Client& http, cnx_token_grant grant,
                                std::string_view credential);

// Copies a request the connector built into the HTTP client's shape (borrowing `body`).
http::Request to_http_request(const cnx_http_request& request, std::string_view body);

}  // namespace host::engine
