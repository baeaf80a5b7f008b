// /api/v1/connections: list, show, create (POST), replace (PUT .../NAME) and test
// (POST .../NAME/test) connections. The documents are connection manifests whose secrets are
// the values typed into the form; saving goes through engine::save_connection_manifest, as
// `connection save` does, so the same rules refuse the same fields.
#include <json_writer/json_writer.hpp>

#include "console/api_documents.hpp"
#include "console/connection_json.hpp"
#include "console/console_http.hpp"
#include "console/console_server.hpp"
#include "engine/authorization/connection_check.hpp"
#include "engine/connections/connection_save.hpp"
#include "log/log_sink.hpp"

namespace host::console {
namespace {

http::OutgoingResponse connection_answer(int status, engine::HostState& state,
                                         const std::string& name) {
  const auto record = store::find_connection(state.db(), name);
  if (!record) return error_response(404, "no connection named " + name);
  std::string out;
  jsonw::Writer w(out);
  write_connection(w, state, *record, true);
  return json_response(status, std::move(out));
}

http::OutgoingResponse list_connections(const ConsoleContext& context) {
  engine::HostState state(context.paths);
  std::string out;
  jsonw::Writer w(out);
  w.begin_array();
  for (const auto& record : store::list_connections(state.db())) {
    write_connection(w, state, record, false);
  }
  w.end_array();
  return json_response(200, std::move(out));
}

bool connection_exists(engine::HostState& state, const std::string& name) {
  return store::find_connection(state.db(), name).has_value();
}

engine::ConnectionManifest read_connection(const ConsoleContext& context, engine::HostState& state,
                                           engine::ManifestDocument& doc) {
  const bool redirect_given = doc.root["redirect_uri"].error() == simdjson::SUCCESS;
  engine::ConnectionManifest manifest =
      engine::read_connection_document(doc, state.schema_lookup(), engine::secret_values());
  // The console receives its own callback.
  if (!redirect_given) manifest.redirect_uri = context.origin + kCallbackPath;
  return manifest;
}

void store_connection(engine::HostState& state, engine::ConnectionManifest&& manifest) {
  const std::string name = manifest.name;
  engine::save_connection_manifest(state, std::move(manifest));
  log::info("console", "saved connection " + name);
}

constexpr NamedDocuments<engine::ConnectionManifest> kConnections = {.label = "connection",
                                                                     .a_label = "a connection",
                                                                     .exists = &connection_exists,
                                                                     .read = &read_connection,
                                                                     .store = &store_connection,
                                                                     .answer = &connection_answer};

http::OutgoingResponse test(const ConsoleContext& context, const std::string& name) {
  {
    engine::HostState state(context.paths);
    if (!store::find_connection(state.db(), name)) {
      return error_response(404, "no connection named " + name);
    }
  }
  std::vector<store::ScopeRow> scopes;
  try {
    scopes = engine::check_connection(context.paths, name);
  } catch (const std::exception& e) {
    return error_response(502, e.what());
  }
  engine::HostState state(context.paths);
  const auto record = store::find_connection(state.db(), name);
  const auto tokens = store::read_token_summary(state.db(), record->id);
  std::string out;
  jsonw::Writer w(out);
  w.begin_object();
  write_shops(w, scopes);
  w.field("token_expires_at", tokens ? tokens->access_expires_at : 0);
  w.field("refresh_expires_at", tokens ? tokens->refresh_expires_at : 0);
  w.raw_field("scopes_granted",
              tokens && !tokens->scopes_json.empty() ? tokens->scopes_json : "[]");
  w.end_object();
  return json_response(200, std::move(out));
}

}  // namespace

std::optional<http::OutgoingResponse> connections_api(const ConsoleContext& context,
                                                      const ApiRequest& request) {
  if (request.segments.empty() || request.segments[0] != "connections") return std::nullopt;
  if (route_is(request, "GET", {"connections"})) return list_connections(context);
  if (route_is(request, "POST", {"connections"})) {
    return save_named_document(context, request.body, "", kConnections);
  }
  const std::string name = request.segments.size() > 1 ? request.segments[1] : "";
  if (route_is(request, "GET", {"connections", "*"})) {
    engine::HostState state(context.paths);
    return connection_answer(200, state, name);
  }
  if (route_is(request, "PUT", {"connections", "*"})) {
    return save_named_document(context, request.body, name, kConnections);
  }
  if (route_is(request, "POST", {"connections", "*", "test"})) return test(context, name);
  return std::nullopt;  // authorize and webhooks are other handlers'
}

}  // namespace host::console
