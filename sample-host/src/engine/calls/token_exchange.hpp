// token_exchange.hpp: exchanges an authorization code or a refresh token for tokens through the
// connector's hooks (calls/connector_call.hpp: token_request -> HTTP -> parse_token_response),
// retrying what may go better a moment later.
#pragma once

#include <string_view>

#include "engine/calls/connector_call.hpp"
#include "http/http_client.hpp"
#include "store/token_store.hpp"

namespace host::engine {

// A failed exchange (a code or a refresh token never appears in its message).
using TokenExchangeError = CallError;

// Runs the exchange; retries a few times with backoff on RETRY and RATE_LIMITED verdicts and on
// transport failures. `credential` (a code or refresh token) is never logged or copied into an
// error. ERRORS: throws TokenExchangeError with the connector's verdict. THREADING: any thread.
store::TokenSet exchange_tokens(const ConnectorTarget& target, http::Client& http,
                                cnx_token_grant grant, std::string_view credential);

}  // namespace host::engine
