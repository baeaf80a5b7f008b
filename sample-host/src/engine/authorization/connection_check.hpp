// connection_check.hpp: `connection test` for any front end: lists the accounts (shops) the
// connection's token covers, refreshing the token once when the remote side says it expired,
// and stores that list as the connection's authorized scopes.
#pragma once

#include <string>
#include <vector>

#include "engine/authorization/connection_session.hpp"
#include "engine/connections/host_paths.hpp"
#include "store/token_store.hpp"

namespace host::engine {

// ERRORS: throws std::runtime_error (not authorized, a dead refresh token, the call failed),
// naming the connection and never a secret.
std::vector<store::ScopeRow> check_connection(const HostPaths& paths, const std::string& name);

// The same over a session of the connection already open (a front end that looks at the
// connection first, e.g. to warn about the endpoint versions it pins).
std::vector<store::ScopeRow> check_connection(const HostPaths& paths, ConnectionSession& session);

}  // namespace host::engine
