// api_documents.hpp: what the OAuth client and connection routes share: reading a submitted
// document with the manifest readers' rules (secrets as values), the 422 for its problems, the
// label a document's problems carry, and the one way a document is listed, shown, created or
// replaced.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <json_writer/json_writer.hpp>

#include "console/console_api.hpp"
#include "console/console_http.hpp"
#include "engine/connections/connection_manifest_fields.hpp"
#include "engine/connections/host_state.hpp"

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

// A kind of document the state keeps by name (an OAuth client, a connection): how the routes
// below read, find, list, store and show one. `Input` is what the reader makes of a document
// (it has a `name`); `Record` is what the state keeps.
template <class Input, class Record>
struct NamedDocuments {
  std::string_view label;    // "OAuth client", as in "no OAuth client named NAME"
  std::string_view a_label;  // "an OAuth client", as in "an OAuth client of that name exists"
  std::optional<Record> (*find)(store::Database& db, std::string_view name) = nullptr;
  std::vector<Record> (*list)(store::Database& db) = nullptr;
  // ERRORS: throws engine::ManifestError for the fields at fault.
  Input (*read)(const ConsoleContext& context, engine::HostState& state,
                engine::ManifestDocument& doc) = nullptr;
  // ERRORS: throws engine::ManifestError for what only the state or the connector refuses.
  void (*store)(engine::HostState& state, Input&& input) = nullptr;
  // One as the API shows it; `detail`: as GET .../NAME does (the list shows less).
  void (*write)(jsonw::Writer& w, engine::HostState& state, const Record& record,
                bool detail) = nullptr;
};

// GET .../NAME of `kind`, answered with `status`; 404 for an unknown name.
template <class Input, class Record>
http::OutgoingResponse named_document(int status, engine::HostState& state, const std::string& name,
                                      const NamedDocuments<Input, Record>& kind) {
  const std::optional<Record> record = kind.find(state.db(), name);
  if (!record) return error_response(404, "no " + std::string(kind.label) + " named " + name);
  std::string out;
  jsonw::Writer w(out);
  kind.write(w, state, *record, true);
  return json_response(status, std::move(out));
}

// GET of the collection: every one of `kind`.
template <class Input, class Record>
http::OutgoingResponse named_documents(const ConsoleContext& context,
                                       const NamedDocuments<Input, Record>& kind) {
  engine::HostState state(context.paths);
  std::string out;
  jsonw::Writer w(out);
  w.begin_array();
  for (const Record& record : kind.list(state.db())) kind.write(w, state, record, false);
  w.end_array();
  return json_response(200, std::move(out));
}

// POST (`existing_name` empty) or PUT .../existing_name of `body`: 422 for a PUT whose body names
// another, 404 for a PUT of an unknown name, 422 for the fields the reader or the store refuse
// and for a POST of a name that exists (at /name); otherwise the saved one, 201 or 200.
template <class Input, class Record>
http::OutgoingResponse save_named_document(const ConsoleContext& context, const std::string& body,
                                           const std::string& existing_name,
                                           const NamedDocuments<Input, Record>& kind) {
  std::string named = body;
  if (!existing_name.empty()) {
    std::optional<http::OutgoingResponse> refusal;
    named = body_named(body, existing_name, &refusal);
    if (refusal) return std::move(*refusal);
  }
  engine::HostState state(context.paths);
  if (!existing_name.empty() && !kind.find(state.db(), existing_name)) {
    return error_response(404, "no " + std::string(kind.label) + " named " + existing_name);
  }
  engine::ManifestDocument doc;
  if (auto refusal = parse_document(named, doc)) return std::move(*refusal);
  try {
    Input input = kind.read(context, state, doc);
    const std::string name = input.name;
    if (existing_name.empty() && kind.find(state.db(), name)) {
      return problems_response(std::string(kind.a_label) + " of that name exists",
                               {{"/name", std::string(kind.a_label) + " named " + name +
                                              " exists already: edit it instead"}});
    }
    kind.store(state, std::move(input));
    return named_document(existing_name.empty() ? 201 : 200, state, name, kind);
  } catch (const engine::ManifestError& e) {
    return refused_document(e);
  }
}

// The routes of `collection` ("oauth-clients", "connections"): GET and POST on it, GET and PUT
// on collection/NAME; nullopt for any other.
template <class Input, class Record>
std::optional<http::OutgoingResponse> named_document_routes(
    const ConsoleContext& context, const ApiRequest& request, std::string_view collection,
    const NamedDocuments<Input, Record>& kind) {
  if (route_is(request, "GET", {collection})) return named_documents(context, kind);
  if (route_is(request, "POST", {collection})) {
    return save_named_document(context, request.body, "", kind);
  }
  if (route_is(request, "GET", {collection, "*"})) {
    engine::HostState state(context.paths);
    return named_document(200, state, request.segments[1], kind);
  }
  if (route_is(request, "PUT", {collection, "*"})) {
    return save_named_document(context, request.body, request.segments[1], kind);
  }
  return std::nullopt;
}

}  // namespace host::console
