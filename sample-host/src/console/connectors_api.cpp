// GET /api/v1/connectors: every loadable connector's schema and field help, from its describe.
#include <simdjson.h>

#include <json_writer/json_writer.hpp>

#include "console/console_api.hpp"
#include "console/console_http.hpp"
#include "console/console_server.hpp"
#include "engine/connections/connection_schema_view.hpp"
#include "loader/connector_description.hpp"

namespace host::console {
namespace {

// The config pointer describe's field_help uses, as the pointer into the document a console
// submits: "/oauth_client/x" -> the OAuth client document's "/x"; "/y" -> the connection
// document's "/settings/y" or "/secrets/y".
void write_help(jsonw::Writer& w, const simdjson::dom::object* help,
                const engine::ConnectionSchemaView& view) {
  const std::string client_prefix = std::string("/") + engine::kOAuthClientConfigKey + "/";
  std::string client;
  std::string connection;
  jsonw::Writer client_w(client);
  jsonw::Writer connection_w(connection);
  client_w.begin_object();
  connection_w.begin_object();
  if (help != nullptr) {
    for (auto [pointer, text] : *help) {
      std::string_view value;
      if (text.get_string().get(value) != simdjson::SUCCESS) continue;
      if (pointer.starts_with(client_prefix)) {
        client_w.field(pointer.substr(client_prefix.size() - 1), value);
      } else if (pointer.size() > 1 && pointer.front() == '/') {
        const engine::SchemaField* field = view.config.find(pointer.substr(1));
        const bool secret = field != nullptr && field->secret;
        connection_w.field(std::string(secret ? "/secrets" : "/settings") + std::string(pointer),
                           value);
      }
    }
  }
  client_w.end_object();
  connection_w.end_object();
  w.key("help")
      .begin_object()
      .raw_field("oauth_client", client)
      .raw_field("connection", connection);
  w.end_object();
}

std::string connectors_json(const ConsoleContext& context) {
  std::string out;
  jsonw::Writer w(out);
  w.begin_array();
  for (const auto& outcome :
       loader::load_all(context.paths.manifest_dir, context.paths.plugin_dir)) {
    if (!outcome.connector) continue;
    const auto described = loader::describe_connector(*outcome.connector);
    if (!described.ok()) continue;
    simdjson::dom::parser parser;
    simdjson::dom::object doc;
    if (parser.parse(described.json).get(doc) != simdjson::SUCCESS) continue;
    const auto view = engine::parse_connection_schema_view(outcome.id, described.json);
    w.begin_object().field("id", outcome.id);
    std::string_view text;
    if (doc["name"].get_string().get(text) == simdjson::SUCCESS) w.field("name", text);
    if (doc["version"].get_string().get(text) == simdjson::SUCCESS) w.field("version", text);
    simdjson::dom::element schema;
    if (doc["connection_schema"].get(schema) == simdjson::SUCCESS) {
      w.raw_field("connection_schema", simdjson::minify(schema));
      simdjson::dom::element client;
      if (schema["properties"][engine::kOAuthClientConfigKey].get(client) == simdjson::SUCCESS) {
        w.raw_field("oauth_client_schema", simdjson::minify(client));
      }
    }
    simdjson::dom::object help;
    const bool has_help = doc["field_help"].get_object().get(help) == simdjson::SUCCESS;
    write_help(w, has_help ? &help : nullptr, view);
    w.field("redirect_path", kCallbackPath);
    w.field("default_redirect_uri", context.origin + kCallbackPath);
    w.end_object();
  }
  w.end_array();
  return out;
}

}  // namespace

std::optional<http::OutgoingResponse> connectors_api(const ConsoleContext& context,
                                                     const ApiRequest& request) {
  if (request.segments.empty() || request.segments[0] != "connectors") return std::nullopt;
  if (!route_is(request, "GET", {"connectors"})) return error_response(405, "connectors: GET only");
  return json_response(200, connectors_json(context));
}

}  // namespace host::console
