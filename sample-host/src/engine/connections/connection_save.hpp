// connection_save.hpp: saving a connection once its document was read, with
// the checks that need the state (the client named, its connector) and the connector's own
// validation of the assembled config. Every front end saves through these, so the command line
// and the web console refuse the same things with the same field pointers.
#pragma once

#include "engine/connections/connection_manifest.hpp"
#include "engine/connections/host_state.hpp"

namespace host::engine {

// Checks `manifest` against the state and the connector, then stores the connection (secrets
// sealed). ERRORS: throws ManifestError naming manifest.file and the fields at fault (plain
// http to a non-loopback host, no such OAuth client, a client of another connector, the
// connector's refusal mapped to /settings/... and /secrets/...); std::runtime_error when the
// client's secrets do not decrypt under the master key.
void save_connection_manifest(HostState& state, ConnectionManifest manifest);

// The schema lookup the readers take, through `state`'s connectors.
SchemaLookup schema_lookup(const HostState& state);

}  // namespace host::engine
