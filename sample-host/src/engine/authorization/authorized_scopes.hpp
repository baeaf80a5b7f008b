// authorized_scopes.hpp: lists the accounts (e.g. shops) an access token covers by calling
// the connector's scopes endpoint (describe's "scopes"), signed with the token.
#pragma once

#include <string_view>
#include <vector>

#include "engine/calls/connector_call.hpp"
#include "engine/connections/connection_schema_view.hpp"
#include "http/http_client.hpp"
#include "store/token_store.hpp"

namespace host::engine {

// A failed scopes call with the connector's verdict (REFRESH_TOKEN: refresh and call again).
using ScopesCallError = CallError;

// Calls spec.endpoint once with `access_token` (calls/connector_call.hpp) and reads the records
// with read_scope_rows. ERRORS: throws ScopesCallError (no endpoint declared, the request cannot
// be signed, transport failure, a verdict other than OK).
std::vector<store::ScopeRow> fetch_authorized_scopes(const ConnectorTarget& target,
                                                     http::Client& http,
                                                     std::string_view access_token,
                                                     const ScopesSpec& spec);

class ConnectionSession;

// The scopes a session's connection covers now: fetch_authorized_scopes with the session's access
// token, refreshed and called once more when the connector answers REFRESH_TOKEN. ERRORS: throws
// ScopesCallError as above, and what ConnectionSession::access_token() throws.
std::vector<store::ScopeRow> fetch_session_scopes(ConnectionSession& session,
                                                  const ScopesSpec& spec);

// Each record of a classified scopes response as a row: its id, name, region and credential read
// through spec's field names (strings as they are, numbers in their JSON spelling, anything else
// or a missing field as empty). A record that is not JSON is skipped.
std::vector<store::ScopeRow> read_scope_rows(const CallResult& response, const ScopesSpec& spec);

}  // namespace host::engine
