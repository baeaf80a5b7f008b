#include "console/connection_scopes.hpp"

#include <simdjson.h>

#include <set>

namespace host::console {
namespace {

void add_needs(ScopesNeeded& out, const engine::EndpointSpec* endpoint, const std::string& by) {
  if (endpoint == nullptr) return;
  for (const auto& scope : endpoint->oauth_scopes) {
    auto& users = out.needed_by[scope];
    if (users.empty() || users.back() != by) users.push_back(by);
  }
}

// The names in a JSON array of strings; anything else in it is skipped.
std::set<std::string, std::less<>> granted_names(std::string_view granted_json) {
  std::set<std::string, std::less<>> names;
  simdjson::dom::parser parser;
  simdjson::dom::array items;
  if (parser.parse(granted_json.data(), granted_json.size()).get(items) != simdjson::SUCCESS) {
    return names;
  }
  for (simdjson::dom::element item : items) {
    std::string_view name;
    if (item.get(name) == simdjson::SUCCESS) names.emplace(name);
  }
  return names;
}

}  // namespace

ScopesNeeded scopes_needed(const engine::FlowCatalog& catalog,
                           const std::vector<engine::FlowManifest>& flows,
                           std::string_view connection) {
  ScopesNeeded out;
  out.from = "flows";
  bool any_flow = false;
  for (const auto& flow : flows) {
    if (flow.connection != connection || flow.kind == engine::FlowKind::kListener) continue;
    std::vector<engine::FlowProblem> problems;
    engine::validate_flow_against_catalog(flow, catalog, problems);
    if (!problems.empty()) continue;
    any_flow = true;
    add_needs(out, &engine::flow_endpoint(flow, catalog), flow.name);
    const engine::ResourceSpec* resource = catalog.find_resource(flow.resource);
    if (flow.kind == engine::FlowKind::kExport && resource != nullptr && resource->detail) {
      add_needs(out, catalog.find_endpoint(resource->detail->endpoint), flow.name);
    }
  }
  if (any_flow) return out;
  out.from = "catalog";
  for (const auto& endpoint : catalog.endpoints) add_needs(out, &endpoint, endpoint.id);
  return out;
}

void write_scope_check(jsonw::Writer& w, std::string_view granted_json,
                       const ScopesNeeded& needed) {
  const auto granted = granted_names(granted_json);
  w.raw_field("scopes_granted", granted_json.empty() ? "[]" : granted_json);
  w.key("scopes_needed").begin_array();
  for (const auto& [scope, users] : needed.needed_by) w.value(scope);
  w.end_array().key("scopes_needed_by").begin_object();
  for (const auto& [scope, users] : needed.needed_by) {
    w.key(scope).begin_array();
    for (const auto& user : users) w.value(user);
    w.end_array();
  }
  w.end_object().field("scopes_needed_from", needed.from).key("scopes_missing");
  if (granted.empty()) {
    w.null();
    return;
  }
  w.begin_array();
  for (const auto& [scope, users] : needed.needed_by) {
    if (!granted.contains(scope)) w.value(scope);
  }
  w.end_array();
}

}  // namespace host::console
