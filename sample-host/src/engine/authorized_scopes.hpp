// authorized_scopes.hpp: lists the accounts (e.g. shops) an access token covers by calling
// the connector's scopes endpoint (describe's "scopes"), signed with the token.
#pragma once

#include <stdexcept>
#include <string_view>
#include <vector>

#include <connector_abi/connector.hpp>

#include "engine/connection_schema_view.hpp"
#include "http/http_client.hpp"
#include "store/token_store.hpp"

namespace host::engine {

// A failed scopes call with the connector's verdict (REFRESH_TOKEN: refresh and call again).
class ScopesCallError : public std::runtime_error {
 public:
  ScopesCallError(cnx_status status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  cnx_status status() const { return status_; }

 private:
  cnx_status status_;
};

// Calls spec.endpoint once with `access_token` and reads each record's id, name, region and
// credential through spec's field names. ERRORS: throws ScopesCallError (no endpoint declared,
// the request cannot be signed, transport failure, a verdict other than OK).
std::vector<store::ScopeRow> fetch_authorized_scopes(const cnx_connector_api& api,
                                                     const cnx_connection* connection,
                                                     http::Client& http,
                                                     std::string_view access_token,
                                                     const ScopesSpec& spec);

}  // namespace host::engine
