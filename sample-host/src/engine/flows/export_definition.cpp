#include "engine/flows/export_definition.hpp"

#include <simdjson.h>
#include <json_writer/json_writer.hpp>

namespace host::engine {
namespace {

constexpr const char* kMembers[] = {"connection", "shop",         "resource",
                                    "endpoint",   "window_field", "filters"};

// The member's minified JSON, or "" when absent or unreadable.
std::string member(simdjson::dom::parser& parser, const std::string& json, const char* key) {
  simdjson::dom::element root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) return {};
  simdjson::dom::element value;
  if (root[key].get(value) != simdjson::SUCCESS) return {};
  return simdjson::minify(value);
}

// Opens the definition object with what every flow's data is bound to: where it goes or comes
// from (connection, shop) and through which resource and endpoint.
void write_target(jsonw::Writer& w, const FlowManifest& flow, const EndpointSpec& endpoint,
                  const std::string& shop_id) {
  w.begin_object()
      .field("connection", flow.connection)
      .field("shop", shop_id)
      .field("resource", flow.resource)
      .field("endpoint", endpoint.id);
}

}  // namespace

std::string export_definition(const FlowManifest& flow, const EndpointSpec& endpoint,
                              const std::string& shop_id) {
  std::string out;
  jsonw::Writer w(out);
  write_target(w, flow, endpoint, shop_id);
  if (endpoint.incremental) {
    w.field("window_field", flow.window.field);
  } else {
    w.key("window_field").null();
  }
  w.raw_field("filters", flow.filters_json);
  w.end_object();
  return out;
}

std::string import_target(const FlowManifest& flow, const EndpointSpec& endpoint,
                          const std::string& shop_id) {
  std::string out;
  jsonw::Writer w(out);
  write_target(w, flow, endpoint, shop_id);
  w.end_object();
  return out;
}

std::string describe_definition_change(const std::string& stored, const std::string& current) {
  simdjson::dom::parser parser;
  std::string out;
  for (const char* key : kMembers) {
    const std::string before = member(parser, stored, key);
    const std::string after = member(parser, current, key);
    if (before == after) continue;
    if (!out.empty()) out += "; ";
    out += key;
    if (std::string_view(key) == "filters" || before.size() + after.size() > 200) {
      out += " changed";
    } else {
      out += " " + (before.empty() ? std::string("(none)") : before) + " -> " +
             (after.empty() ? std::string("(none)") : after);
    }
  }
  return out;
}

}  // namespace host::engine
