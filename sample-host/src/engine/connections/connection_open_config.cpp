#include "engine/connections/connection_open_config.hpp"

#include <simdjson.h>
#include <json_writer/json_pointer.hpp>
#include <json_writer/json_writer.hpp>

namespace host::engine {
namespace {

size_t secrets_size(const std::vector<store::NamedSecret>* secrets) {
  size_t n = 0;
  if (secrets) {
    for (const auto& s : *secrets) n += s.field.size() + s.value.view().size() * 6 + 8;
  }
  return n;
}

// Copies the members of a JSON object text into the writer's current object.
void append_members(jsonw::Writer& w, std::string_view object_json) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(object_json.data(), object_json.size()).get_object().get(object) !=
      simdjson::SUCCESS) {
    return;  // stored by this host as an object; an unreadable one adds nothing
  }
  for (auto [key, value] : object) w.raw_field(key, simdjson::minify(value));
}

void append_secrets(jsonw::Writer& w, const std::vector<store::NamedSecret>* secrets) {
  if (!secrets) return;
  for (const auto& s : *secrets) w.field(s.field, s.value.view());
}

}  // namespace

store::SecretString build_connector_config(const ConfigParts& parts) {
  std::string json;
  // Reserve once so that growing never leaves copies of secrets in freed memory.
  json.reserve(1024 + parts.connection_name.size() + parts.client_fields_json.size() +
               parts.settings_json.size() + secrets_size(parts.client_secrets) +
               secrets_size(parts.secrets));
  jsonw::Writer w(json);
  w.begin_object().field(kNameConfigKey, parts.connection_name);
  w.key(kOAuthClientConfigKey).begin_object();
  append_members(w, parts.client_fields_json);
  append_secrets(w, parts.client_secrets);
  w.end_object();
  append_members(w, parts.settings_json);
  append_secrets(w, parts.secrets);
  w.end_object();
  return store::SecretString(std::move(json));
}

cnx::Status open_connector_connection(std::shared_ptr<const loader::LoadedConnector> connector,
                                      const store::SecretString& config,
                                      const cnx_host_services* host, cnx::ConnectionPtr* out) {
  const cnx_connector_api& api = connector->api();
  cnx_connection* handle = nullptr;
  cnx_error* error = nullptr;
  const cnx_status code =
      api.connection_open(host, cnx::to_cnx_str(config.view()), &handle, &error);
  cnx::Status status = cnx::Status::from_call(api, code, error);
  if (status.ok()) {
    *out = cnx::adopt(handle, loader::releaser_for(std::move(connector)));
  } else if (handle != nullptr) {
    api.connection_close(handle);
  }
  return status;
}

std::vector<ManifestProblem> config_problems_for_manifest(const cnx::Status& status,
                                                          const ConnectionSchemaView& view,
                                                          std::string_view client_name) {
  std::vector<ManifestProblem> problems;
  simdjson::dom::parser parser;
  simdjson::dom::array details;
  const std::string& text = status.details_json();
  if (!text.empty() && parser.parse(text).get_array().get(details) == simdjson::SUCCESS) {
    for (auto entry : details) {
      std::string_view field;
      std::string_view message;
      if (entry["field"].get_string().get(field) != simdjson::SUCCESS) field = "";
      if (entry["message"].get_string().get(message) != simdjson::SUCCESS) message = "is invalid";
      const std::string client_prefix = std::string("/") + kOAuthClientConfigKey;
      std::string pointer;
      std::string note;
      if (field.starts_with(client_prefix)) {
        pointer = "/oauth_client";
        note = " (in OAuth client " + std::string(client_name) + ": " +
               std::string(field.substr(client_prefix.size())) + ")";
      } else if (field.empty() || field == std::string("/") + kNameConfigKey) {
        pointer = std::string(field);
      } else {
        // The connector's pointer is into its config; its first token names the field.
        const auto tokens = jsonw::parse_pointer(field);
        const SchemaField* f =
            tokens && !tokens->empty() ? view.config.find((*tokens)[0]) : nullptr;
        pointer = std::string(f && f->secret ? "/secrets" : "/settings") + std::string(field);
      }
      problems.push_back({pointer, std::string(message) + note});
    }
  }
  if (problems.empty()) {
    problems.push_back({"", "the connector refused the configuration: " + status.to_string()});
  }
  return problems;
}

}  // namespace host::engine
