#include "record_schemas.hpp"

#include <array>
#include <span>
#include <string_view>

#include "catalog.hpp"

namespace tts {
namespace {

// A record field whose type the API facts fix (docs/tiktok-shop-api.md, the sandbox's records).
struct TypedField {
  std::string_view name;
  std::string_view type;  // a JSON Schema type
};

struct ResourceFields {
  std::string_view resource;
  std::array<TypedField, 8> fields;
};

// Fields beyond the key and the cursor that the records of a resource always carry. Every other
// field is allowed (additionalProperties): the API adds fields without a version change.
constexpr ResourceFields kKnownFields[] = {
    {"orders",
     {{{"status", "string"},
       {"create_time", "integer"},
       {"update_time", "integer"},
       {"line_items", "array"},
       {"payment", "object"},
       {"recipient_address", "object"}}}},
    {"products",
     {{{"title", "string"},
       {"status", "string"},
       {"create_time", "integer"},
       {"update_time", "integer"},
       {"skus", "array"}}}},
};

std::span<const TypedField> known_fields(std::string_view resource) {
  for (const ResourceFields& entry : kKnownFields) {
    if (entry.resource == resource) return entry.fields;
  }
  return {};
}

void write_property(jsonw::Writer& w, std::string_view name, std::string_view type) {
  w.key(name).begin_object().field("type", type).end_object();
}

void write_record_schema(jsonw::Writer& w, const ResourceSpec& resource,
                         const EndpointSpec& endpoint) {
  const std::string_view cursor =
      endpoint.incremental != nullptr ? endpoint.incremental->cursor_field : std::string_view();
  w.key(resource.id).begin_object();
  w.key("primary_key").begin_array();
  if (!endpoint.key.empty()) w.value(endpoint.key);
  w.end_array();
  w.key("cursor_field");
  if (cursor.empty()) {
    w.null();
  } else {
    w.value(cursor);
  }
  w.key("schema").begin_object().field("$schema", "http://json-schema.org/draft-07/schema#");
  w.field("type", "object").field("additionalProperties", true);
  w.key("required").begin_array();
  if (!endpoint.key.empty()) w.value(endpoint.key);
  w.end_array();
  w.key("properties").begin_object();
  if (!endpoint.key.empty()) write_property(w, endpoint.key, "string");
  if (!cursor.empty()) write_property(w, cursor, "integer");
  for (const TypedField& field : known_fields(resource.id)) {
    if (field.name.empty() || field.name == endpoint.key || field.name == cursor) continue;
    write_property(w, field.name, field.type);
  }
  w.end_object().end_object().end_object();
}

}  // namespace

void write_record_schemas(jsonw::Writer& w) {
  w.key("record_schemas").begin_object();
  for (const ResourceSpec& resource : resources()) {
    if (resource.export_endpoint.empty()) continue;
    const EndpointSpec* endpoint = find_endpoint(resource.export_endpoint);
    if (endpoint != nullptr) write_record_schema(w, resource, *endpoint);
  }
  w.end_object();
}

}  // namespace tts
