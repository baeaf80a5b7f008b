// /api/v1/oauth-clients: list, create (POST) and replace (PUT .../NAME) OAuth clients. The
// documents are OAuth client manifests whose secrets are the values typed into the form; the
// secrets are sealed like the command line's and never returned.
#include <json_writer/json_writer.hpp>

#include "console/api_documents.hpp"
#include "console/console_http.hpp"
#include "engine/connections/connection_save.hpp"
#include "engine/connections/oauth_client_manifest.hpp"
#include "log/log_sink.hpp"

namespace host::console {
namespace {

void write_client(jsonw::Writer& w, engine::HostState& state, const store::OAuthClientRecord& c) {
  w.begin_object().field("name", c.name).field("connector", c.connector);
  w.raw_field("fields", c.fields_json.empty() ? "{}" : c.fields_json);
  w.key("secret_fields_set").begin_array();
  for (const auto& field : c.secret_fields) w.value(field);
  w.end_array().key("used_by").begin_array();
  for (const auto& user : store::connections_using_client(state.db(), c.id)) w.value(user);
  w.end_array().end_object();
}

http::OutgoingResponse client_answer(int status, engine::HostState& state,
                                     const std::string& name) {
  const auto client = store::find_oauth_client(state.db(), name);
  if (!client) return error_response(404, "no OAuth client named " + name);
  std::string out;
  jsonw::Writer w(out);
  write_client(w, state, *client);
  return json_response(status, std::move(out));
}

http::OutgoingResponse list_clients(const ConsoleContext& context) {
  engine::HostState state(context.paths);
  std::string out;
  jsonw::Writer w(out);
  w.begin_array();
  for (const auto& client : store::list_oauth_clients(state.db())) write_client(w, state, client);
  w.end_array();
  return json_response(200, std::move(out));
}

bool client_exists(engine::HostState& state, const std::string& name) {
  return store::find_oauth_client(state.db(), name).has_value();
}

store::OAuthClientInput read_client(const ConsoleContext& /*context*/, engine::HostState& state,
                                    engine::ManifestDocument& doc) {
  return engine::read_oauth_client_document(doc, state.schema_lookup(), engine::secret_values());
}

void store_client(engine::HostState& state, store::OAuthClientInput&& input) {
  store::save_oauth_client(state.db(), state.box(), input);
  log::info("console", "saved OAuth client " + input.name + " (" +
                           std::to_string(input.secrets.size()) +
                           " secret field(s) stored encrypted)");
}

constexpr NamedDocuments<store::OAuthClientInput> kClients = {.label = "OAuth client",
                                                              .a_label = "an OAuth client",
                                                              .exists = &client_exists,
                                                              .read = &read_client,
                                                              .store = &store_client,
                                                              .answer = &client_answer};

}  // namespace

std::optional<http::OutgoingResponse> oauth_clients_api(const ConsoleContext& context,
                                                        const ApiRequest& request) {
  if (request.segments.empty() || request.segments[0] != "oauth-clients") return std::nullopt;
  if (route_is(request, "GET", {"oauth-clients"})) return list_clients(context);
  if (route_is(request, "POST", {"oauth-clients"})) {
    return save_named_document(context, request.body, "", kClients);
  }
  if (route_is(request, "GET", {"oauth-clients", "*"})) {
    engine::HostState state(context.paths);
    return client_answer(200, state, request.segments[1]);
  }
  if (route_is(request, "PUT", {"oauth-clients", "*"})) {
    return save_named_document(context, request.body, request.segments[1], kClients);
  }
  return error_response(405, "oauth-clients: GET, POST, or GET/PUT oauth-clients/NAME");
}

}  // namespace host::console
