#include "sync_protocols/source_streams.hpp"

#include <simdjson.h>

#include <stdexcept>

#include <json_writer/json_writer.hpp>

namespace host::sync {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

std::string string_or_empty(element e) {
  std::string_view text;
  return e.get_string().get(text) == simdjson::SUCCESS ? std::string(text) : std::string();
}

// The record schema with kShopField typed and required first; without a schema, any object
// that has kShopField.
std::string schema_with_shop(const object* schema) {
  std::string out;
  jsonw::Writer w(out);
  w.begin_object();
  if (schema == nullptr) {
    w.field("type", "object").field("additionalProperties", true);
    w.key("properties").begin_object();
    w.key(kShopField).begin_object().field("type", "string").end_object().end_object();
  }
  bool has_required = false;
  if (schema != nullptr) {
    for (auto [key, value] : *schema) {
      if (key == "properties") {
        w.key(key).begin_object();
        w.key(kShopField).begin_object().field("type", "string").end_object();
        object properties;
        if (value.get_object().get(properties) == simdjson::SUCCESS) {
          for (auto [name, property] : properties) w.raw_field(name, simdjson::minify(property));
        }
        w.end_object();
      } else if (key == "required") {
        has_required = true;
        w.key(key).begin_array().value(kShopField);
        simdjson::dom::array names;
        if (value.get_array().get(names) == simdjson::SUCCESS) {
          for (element name : names) w.raw(simdjson::minify(name));
        }
        w.end_array();
      } else {
        w.raw_field(key, simdjson::minify(value));
      }
    }
  }
  if (!has_required) w.key("required").begin_array().value(kShopField).end_array();
  w.end_object();
  return out;
}

}  // namespace

std::vector<SourceStream> read_source_streams(std::string_view describe_json) {
  simdjson::dom::parser parser;
  object root;
  if (parser.parse(describe_json.data(), describe_json.size()).get(root) != simdjson::SUCCESS) {
    throw std::runtime_error("the describe document is not a JSON object");
  }
  object schemas;
  object endpoints;
  simdjson::dom::array resources;
  const bool has_schemas = root["record_schemas"].get(schemas) == simdjson::SUCCESS;
  if (root["endpoints"].get(endpoints) != simdjson::SUCCESS ||
      root["resources"].get(resources) != simdjson::SUCCESS) {
    throw std::runtime_error("the describe document lacks /resources or /endpoints");
  }
  std::vector<SourceStream> streams;
  for (element resource : resources) {
    const std::string id = string_or_empty(resource["id"]);
    const std::string endpoint = string_or_empty(resource["export"]);
    if (id.empty() || endpoint.empty()) continue;
    if (string_or_empty(endpoints[endpoint]["scope"]) != "required") continue;
    SourceStream stream;
    stream.name = id;
    stream.primary_key.emplace_back(kShopField);
    object entry;
    object schema;
    if (has_schemas && schemas[id].get(entry) == simdjson::SUCCESS &&
        entry["schema"].get(schema) == simdjson::SUCCESS) {
      simdjson::dom::array key;
      if (entry["primary_key"].get(key) == simdjson::SUCCESS) {
        for (element field : key) stream.primary_key.push_back(string_or_empty(field));
      }
      stream.cursor_field = string_or_empty(entry["cursor_field"]);
      stream.schema_json = schema_with_shop(&schema);
    } else {
      stream.schema_json = schema_with_shop(nullptr);
    }
    streams.push_back(std::move(stream));
  }
  return streams;
}

const SourceStream* find_stream(const std::vector<SourceStream>& streams, std::string_view name) {
  for (const SourceStream& stream : streams) {
    if (stream.name == name) return &stream;
  }
  return nullptr;
}

std::string stream_state_json(const ShopCursors& cursors) {
  std::string out;
  jsonw::Writer w(out);
  w.begin_object().key("cursors").begin_object();
  for (const auto& [shop, cursor] : cursors) w.field(shop, cursor);
  w.end_object().end_object();
  return out;
}

std::string read_stream_state(std::string_view json, ShopCursors& out) {
  simdjson::dom::parser parser;
  object state;
  object cursors;
  if (parser.parse(json.data(), json.size()).get(state) != simdjson::SUCCESS ||
      state["cursors"].get(cursors) != simdjson::SUCCESS) {
    return "must be an object with a \"cursors\" object";
  }
  for (auto [shop, cursor] : cursors) {
    int64_t value = 0;
    if (cursor.get_int64().get(value) != simdjson::SUCCESS || value < 0) {
      return "/cursors/" + std::string(shop) + ": must be a whole number of unix seconds";
    }
    out[std::string(shop)] = value;
  }
  return "";
}

std::string record_with_shop(std::string_view record, std::string_view shop) {
  std::string out;
  append_record_with_shop(out, record, shop);
  return out;
}

void append_record_with_shop(std::string& out, std::string_view record, std::string_view shop) {
  out.reserve(out.size() + record.size() + shop.size() + 16);
  jsonw::Writer w(out);
  w.begin_object().field(kShopField, shop);
  // The record is the minified object the runner spooled: its members follow the shop's.
  const size_t open = record.find('{');
  std::string_view rest = open == std::string_view::npos ? "}" : record.substr(open + 1);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.remove_prefix(1);
  if (!rest.empty() && rest.front() != '}') out.push_back(',');
  out.append(rest);
}

}  // namespace host::sync
