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

// The list and GET .../NAME show the same.
void write_client(jsonw::Writer& w, engine::HostState& state, const store::OAuthClientRecord& c,
                  bool /*detail*/) {
  w.begin_object().field("name", c.name).field("connector", c.connector);
  w.raw_field("fields", c.fields_json.empty() ? "{}" : c.fields_json);
  w.key("secret_fields_set").begin_array();
  for (const auto& field : c.secret_fields) w.value(field);
  w.end_array().key("used_by").begin_array();
  for (const auto& user : store::connections_using_client(state.db(), c.id)) w.value(user);
  w.end_array().end_object();
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

constexpr NamedDocuments<store::OAuthClientInput, store::OAuthClientRecord> kClients = {
    .label = "OAuth client",
    .a_label = "an OAuth client",
    .find = &store::find_oauth_client,
    .list = &store::list_oauth_clients,
    .read = &read_client,
    .store = &store_client,
    .write = &write_client};

}  // namespace

std::optional<http::OutgoingResponse> oauth_clients_api(const ConsoleContext& context,
                                                        const ApiRequest& request) {
  if (request.segments.empty() || request.segments[0] != "oauth-clients") return std::nullopt;
  if (auto answer = named_document_routes(context, request, "oauth-clients", kClients)) {
    return answer;
  }
  return error_response(405, "oauth-clients: GET, POST, or GET/PUT oauth-clients/NAME");
}

}  // namespace host::console
