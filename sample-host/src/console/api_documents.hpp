// api_documents.hpp: what the OAuth client and connection routes share: reading a submitted
// document with the manifest readers' rules (secrets as values), the 422 for its problems, and
// the label a document's problems carry.
#pragma once

#include <optional>
#include <string>

#include "console/console_api.hpp"
#include "engine/connections/connection_manifest_fields.hpp"

namespace host::console {

// What problems name instead of a file.
inline constexpr const char* kRequestBodyLabel = "request body";

// Parses `body` into `doc`; on failure returns the 422 to answer.
std::optional<http::OutgoingResponse> parse_document(const std::string& body,
                                                     engine::ManifestDocument& doc);

// The 422 for a document the readers refused.
http::OutgoingResponse refused_document(const engine::ManifestError& error);

// For PUT .../NAME: the document's "name" must be NAME (or absent: NAME is put in). Returns the
// body to read (NAME inserted when absent) or the 422 to answer through *refusal.
std::string body_named(const std::string& body, const std::string& name,
                       std::optional<http::OutgoingResponse>* refusal);

}  // namespace host::console
