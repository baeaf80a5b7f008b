// auth_hooks.hpp: TikTok Shop's authorization flow (not standard OAuth 2.0).
//
// The seller opens the authorize page with service_id (and an optional state); TikTok redirects
// to the redirect URL registered on the app with ?code=...&state=... (or ?error=...); the code is
// exchanged, unsigned, on the auth host with the app key and secret in the query.
#pragma once

#include <connector_abi/connector_abi.h>

#include <string>
#include <string_view>

#include "connection.hpp"
#include "result.hpp"
#include "secret_string.hpp"

namespace tts {

// The authorize page URL: the connection's authorize_url (override or region default) with
// service_id and, when not empty, state, both percent-encoded. THREADING: pure.
std::string authorize_url(const Connection& connection, std::string_view state);

// The token request: GET {auth_base_url}/api/v2/token/get?app_key=&app_secret=&auth_code=
// &grant_type=authorized_code, or .../token/refresh?app_key=&app_secret=&refresh_token=
// &grant_type=refresh_token. The URL holds secrets: it must not be logged.
// ERRORS: INVALID_INPUT when `credential` is empty or the grant is unknown.
struct TokenRequest {
  SecretString url;
};
Result<TokenRequest> build_token_request(const Connection& connection, cnx_token_grant grant,
                                         std::string_view credential);

// What the authorization redirect carried.
struct CallbackParams {
  cnx_status status = CNX_STATUS_OK;  // OK with a code, REAUTHORIZE when refused
  SecretString code;
  std::string state;
  std::string error;
};

// Parses the redirect's query string (a leading "?" is tolerated; "+" is a literal plus).
// A refusal (error=auth_denied, access_denied or any other error word) yields REAUTHORIZE.
// ERRORS: INVALID_INPUT when it carries neither a code nor an error, repeats a parameter, or
// has a bad %XX escape. Messages never quote the code.
Result<CallbackParams> parse_callback_query(std::string_view query);

}  // namespace tts
