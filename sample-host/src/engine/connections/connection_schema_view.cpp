#include "engine/connections/connection_schema_view.hpp"

#include <simdjson.h>

#include <algorithm>
#include <stdexcept>

#include "loader/connector_description.hpp"

namespace host::engine {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

std::string string_or(element parent, std::string_view key, std::string fallback) {
  std::string_view value;
  if (parent[key].get_string().get(value) == simdjson::SUCCESS) return std::string(value);
  return fallback;
}

ObjectSchema read_object_schema(element schema) {
  ObjectSchema out;
  object properties;
  if (schema["properties"].get_object().get(properties) != simdjson::SUCCESS) return out;
  for (auto [name, property] : properties) {
    SchemaField field;
    field.name = std::string(name);
    field.type = string_or(property, "type", "");
    bool secret = false;
    if (property["x-secret"].get_bool().get(secret) == simdjson::SUCCESS) field.secret = secret;
    simdjson::dom::array values;
    if (property["enum"].get_array().get(values) == simdjson::SUCCESS) {
      for (element v : values) {
        std::string_view text;
        if (v.get_string().get(text) == simdjson::SUCCESS) field.enum_values.emplace_back(text);
      }
    }
    out.fields.push_back(std::move(field));
  }
  simdjson::dom::array required;
  if (schema["required"].get_array().get(required) == simdjson::SUCCESS) {
    for (element r : required) {
      std::string_view name;
      if (r.get_string().get(name) != simdjson::SUCCESS) continue;
      for (auto& field : out.fields) {
        if (field.name == name) field.required = true;
      }
    }
  }
  return out;
}

}  // namespace

const SchemaField* ObjectSchema::find(std::string_view name) const {
  const auto it = std::ranges::find(fields, name, &SchemaField::name);
  return it == fields.end() ? nullptr : &*it;
}

ConnectionSchemaView parse_connection_schema_view(std::string_view connector_id,
                                                  std::string_view describe_json) {
  simdjson::dom::parser parser;
  element root;
  if (parser.parse(describe_json.data(), describe_json.size()).get(root) != simdjson::SUCCESS) {
    throw std::runtime_error("connector " + std::string(connector_id) +
                             ": its describe document is not JSON");
  }
  element schema;
  if (root["connection_schema"].get(schema) != simdjson::SUCCESS || !schema.is_object()) {
    throw std::runtime_error("connector " + std::string(connector_id) +
                             ": its describe document has no connection_schema object");
  }
  ConnectionSchemaView view;
  view.connector_id = std::string(connector_id);
  view.config = read_object_schema(schema);
  element client;
  if (schema["properties"][kOAuthClientConfigKey].get(client) == simdjson::SUCCESS) {
    view.oauth_client = read_object_schema(client);
  }
  element scopes;
  if (root["scopes"].get(scopes) == simdjson::SUCCESS) {
    view.scopes.endpoint = string_or(scopes, "endpoint", "");
    element fields;
    if (scopes["fields"].get(fields) == simdjson::SUCCESS) {
      view.scopes.id_field = string_or(fields, "id", view.scopes.id_field);
      view.scopes.name_field = string_or(fields, "name", view.scopes.name_field);
      view.scopes.region_field = string_or(fields, "region", view.scopes.region_field);
      view.scopes.credential_field = string_or(fields, "credential", view.scopes.credential_field);
    }
  }
  return view;
}

ConnectionSchemaView read_connection_schema_view(const loader::LoadedConnector& connector) {
  const auto description = loader::describe_connector(connector);
  if (!description.ok()) throw std::runtime_error(description.error);
  return parse_connection_schema_view(connector.manifest().id, description.json);
}

}  // namespace host::engine
