// /api/v1/connections: list, show, create (POST), replace (PUT .../NAME) and test
// (POST .../NAME/test) connections. The documents are connection manifests whose secrets are
// the values typed into the form; saving goes through engine::save_connection_manifest, as
// `connection save` does, so the same rules refuse the same fields.
#include <json_writer/json_writer.hpp>

#include "console/api_documents.hpp"
#include "console/connection_json.hpp"
#include "console/connection_scopes.hpp"
#include "console/console_http.hpp"
#include "console/console_server.hpp"
#include "engine/authorization/connection_check.hpp"
#include "engine/connections/connection_save.hpp"
#include "engine/flows/flow_folder.hpp"
#include "loader/connector_description.hpp"
#include "log/log_sink.hpp"

namespace host::console {
namespace {

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

constexpr NamedDocuments<engine::ConnectionManifest, store::ConnectionRecord> kConnections = {
    .label = "connection",
    .a_label = "a connection",
    .find = &store::find_connection,
    .list = &store::list_connections,
    .read = &read_connection,
    .store = &store_connection,
    .write = &write_connection};

// The scopes the connection's flows (or, without any, the connector's catalog) need.
ScopesNeeded needed_by_flows(const ConsoleContext& context, engine::ConnectionSession& session) {
  const auto description = loader::describe_connector(session.connector());
  if (!description.ok()) throw std::runtime_error(description.error);
  return scopes_needed(engine::parse_flow_catalog(description.json),
                       engine::read_flow_folder(context.flow_dir).flows, session.name());
}

http::OutgoingResponse test(const ConsoleContext& context, const std::string& name) {
  {
    engine::HostState state(context.paths);
    if (!store::find_connection(state.db(), name)) {
      return error_response(404, "no connection named " + name);
    }
  }
  std::vector<store::ScopeRow> shops;
  ScopesNeeded needed;
  try {
    const auto session = engine::open_session(context.paths, name);
    shops = engine::check_connection(context.paths, *session);
    needed = needed_by_flows(context, *session);
  } catch (const std::exception& e) {
    return error_response(502, e.what());
  }
  engine::HostState state(context.paths);
  const auto record = store::find_connection(state.db(), name);
  const auto tokens = store::read_token_summary(state.db(), record->id);
  std::string out;
  jsonw::Writer w(out);
  w.begin_object();
  write_shops(w, shops);
  w.field("token_expires_at", tokens ? tokens->access_expires_at : 0);
  w.field("refresh_expires_at", tokens ? tokens->refresh_expires_at : 0);
  write_scope_check(w, tokens ? tokens->scopes_json : "", needed);
  w.end_object();
  return json_response(200, std::move(out));
}

}  // namespace

std::optional<http::OutgoingResponse> connections_api(const ConsoleContext& context,
                                                      const ApiRequest& request) {
  if (request.segments.empty() || request.segments[0] != "connections") return std::nullopt;
  if (auto answer = named_document_routes(context, request, "connections", kConnections)) {
    return answer;
  }
  if (route_is(request, "POST", {"connections", "*", "test"})) {
    return test(context, request.segments[1]);
  }
  return std::nullopt;  // authorize and webhooks are other handlers'
}

}  // namespace host::console
