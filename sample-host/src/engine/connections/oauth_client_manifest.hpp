// oauth_client_manifest.hpp: reads an OAuth client manifest.
//
//   {"name": "my-app", "connector": "<connector id>", <the connector's OAuth client fields>}
//
// The OAuth client fields are whatever the connector's connection schema declares under
// "oauth_client"; secret ones (x-secret) must be references ({"env"} or {"file"}) and are
// resolved here. Schema: manifests/schemas/oauth-client.schema.json.
#pragma once

#include <filesystem>

#include "engine/connections/connection_manifest_fields.hpp"
#include "store/oauth_client_store.hpp"

namespace host::engine {

// Reads, validates and resolves the manifest into what the store saves.
// ERRORS: throws ManifestError naming the file and every field at fault.
store::OAuthClientInput read_oauth_client_manifest(const std::filesystem::path& file,
                                                   const SchemaLookup& schema_for);

// The same rules over a parsed document whose secrets come as `secrets` says (a console's form
// gives values). ERRORS: throws ManifestError naming doc.file and every field at fault.
store::OAuthClientInput read_oauth_client_document(const ManifestDocument& doc,
                                                   const SchemaLookup& schema_for,
                                                   const SecretInput& secrets);

// Names are what people type on the command line: letters, digits, '.', '_', '-' (1-64).
bool is_valid_resource_name(std::string_view name);

}  // namespace host::engine
