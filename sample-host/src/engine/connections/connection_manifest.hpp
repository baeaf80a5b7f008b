// connection_manifest.hpp: reads a connection manifest.
//
//   {"name": "my-shop", "connector": "<connector id>", "oauth_client": "my-app",
//    "redirect_uri": "http://127.0.0.1:8765/connection/oauth2callback",   (optional)
//    "settings": {<non-secret fields of the connector's connection schema>},
//    "secrets": {<secret fields>: {"env": "NAME"} | {"file": "PATH"}},
//    "ca_file": "PATH",                                                   (optional)
//    "allow_plain_http": true}        (optional; plain http:// to non-loopback hosts, warned)
//
// Every path in it (a {"file": PATH} secret reference, ca_file) is relative to the manifest's
// folder, wherever the host runs.
//
// Settings and secrets are checked against the connector's connection schema (unknown fields,
// types, enums, required fields); the connector itself validates the assembled config later.
// Schema: manifests/schemas/connection.schema.json.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/connections/connection_manifest_fields.hpp"

namespace host::engine {

// The host's own OAuth callback when a manifest names none.
inline constexpr const char* kDefaultRedirectUri =
    "http://127.0.0.1:8765/connection/oauth2callback";

struct ConnectionManifest {
  std::filesystem::path file;
  std::string name;
  std::string connector;
  std::string oauth_client;  // the OAuth client's name
  std::string redirect_uri;
  std::string settings_json;  // a JSON object of the non-secret settings
  std::vector<store::NamedSecret> secrets;
  std::string ca_file;            // absolute, or empty: an extra CA to trust for this connection
  bool allow_plain_http = false;  // the opt-in to plain http:// with hosts other than loopback
};

// Reads, validates and resolves the manifest (secret references included).
// ERRORS: throws ManifestError naming the file and every field at fault.
ConnectionManifest read_connection_manifest(const std::filesystem::path& file,
                                            const SchemaLookup& schema_for);

// The same rules over a parsed document whose secrets come as `secrets` says (a console's form
// gives values). ERRORS: throws ManifestError naming doc.file and every field at fault.
ConnectionManifest read_connection_document(const ManifestDocument& doc,
                                            const SchemaLookup& schema_for,
                                            const SecretInput& secrets);

// True for an absolute http(s) URL with a host and a port the host can listen on.
bool is_valid_redirect_uri(std::string_view uri);

}  // namespace host::engine
