// connection_scopes.hpp: the OAuth scopes a connection needs against those its token grants,
// for Test connection. What is needed comes from the connector's catalog (describe's
// `endpoints.*.oauth_scopes`, host-api/DESCRIBE.md): the scopes of the endpoints the
// connection's flows call, or, for a connection no flow names yet, of every endpoint.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <json_writer/json_writer.hpp>

#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"

namespace host::console {

struct ScopesNeeded {
  std::string from;  // "flows" (the connection's flows) or "catalog" (no flow names it)
  // Each scope and what needs it: flow names, or endpoint ids when `from` is "catalog".
  std::map<std::string, std::vector<std::string>> needed_by;
};

// The scopes the flows of `connection` among `flows` need (an export's search and detail
// endpoints, an import's endpoint); flows that do not fit the catalog are left out.
ScopesNeeded scopes_needed(const engine::FlowCatalog& catalog,
                           const std::vector<engine::FlowManifest>& flows,
                           std::string_view connection);

// Writes "scopes_granted" (`granted_json`, the token's JSON array, as is), "scopes_needed",
// "scopes_needed_by", "scopes_needed_from" and "scopes_missing" (null when the token lists no
// scope at all: then nothing can be said about what is missing).
void write_scope_check(jsonw::Writer& w, std::string_view granted_json, const ScopesNeeded& needed);

}  // namespace host::console
