// authorization_steps.hpp: the two halves of a browser authorization, for front ends that
// receive the redirect themselves (a web console serves its own callback) and for
// authorize_connection, which runs both around a callback listener of its own:
//   start_authorization: a fresh CSRF state and the connector's authorize URL for it;
//   finish_authorization: for a redirect already tied to that attempt (state checked by the
//   caller), refuses a shop's refusal, exchanges the code, stores the tokens (and the CA file
//   the attempt trusted) and the authorized scopes, and clears the connection's webhook alerts.
#pragma once

#include <filesystem>
#include <string>

#include "engine/authorization/authorization_callback.hpp"
#include "engine/authorization/authorization_flow.hpp"
#include "http/http_client.hpp"

namespace host::engine {

struct AuthorizationStart {
  std::string authorize_url;
  std::string state;  // 128 bits from the CSPRNG, hex; the caller keeps it to judge redirects
};

// ERRORS: throws AuthorizationError when the connector cannot build the URL.
AuthorizationStart start_authorization(const OpenedConnection& opened);

// `outcome` belongs to the attempt (its state was checked); its code is used up and wiped.
// `kept_ca_file`: absolute, or empty: a CA the attempt trusted that the connection keeps.
// ERRORS: throws AuthorizationError (refused by the shop, failed exchange, failed account
// listing after the tokens were stored; never a secret).
AuthorizeResult finish_authorization(HostState& state, const OpenedConnection& opened,
                                     http::Client& http, CallbackOutcome& outcome,
                                     const std::string& kept_ca_file);

// The HTTP client options a connection's authorization uses (its CA file unless `ca_file` is
// given, its plain-http opt-in).
http::ClientOptions authorization_client_options(const OpenedConnection& opened,
                                                 const std::filesystem::path& ca_file);

}  // namespace host::engine
