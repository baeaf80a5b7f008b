// Reads the describe document's "resources" and "endpoints" with simdjson's DOM: it runs once per
// command, so clarity beats speed here. Unknown keys are ignored (DESCRIBE.md: append-only).
#include "engine/flows/flow_catalog.hpp"

#include <algorithm>
#include <stdexcept>

#include <simdjson.h>

namespace host::engine {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error("the connector's catalog is malformed at " + where + ": " + what);
}

std::string text_or(const object& o, std::string_view key, std::string fallback,
                    const std::string& where) {
  element value;
  if (o[key].get(value) != simdjson::SUCCESS || value.is_null()) return fallback;
  std::string_view s;
  if (value.get(s) != simdjson::SUCCESS) fail(where + "/" + std::string(key), "not a string");
  return std::string(s);
}

int64_t int_or(const object& o, std::string_view key, int64_t fallback, const std::string& where) {
  element value;
  if (o[key].get(value) != simdjson::SUCCESS || value.is_null()) return fallback;
  int64_t n = 0;
  if (value.get(n) != simdjson::SUCCESS) fail(where + "/" + std::string(key), "not an integer");
  return n;
}

// The object at `key`, or nullopt when absent or null.
std::optional<object> object_at(const object& o, std::string_view key, const std::string& where) {
  element value;
  if (o[key].get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  object inner;
  if (value.get(inner) != simdjson::SUCCESS) fail(where + "/" + std::string(key), "not an object");
  return inner;
}

std::vector<std::string> strings_at(const object& o, std::string_view key,
                                    const std::string& where) {
  std::vector<std::string> out;
  element value;
  if (o[key].get(value) != simdjson::SUCCESS || value.is_null()) return out;
  simdjson::dom::array items;
  if (value.get(items) != simdjson::SUCCESS) fail(where + "/" + std::string(key), "not an array");
  for (element item : items) {
    std::string_view s;
    if (item.get(s) != simdjson::SUCCESS) fail(where + "/" + std::string(key), "not strings");
    out.emplace_back(s);
  }
  return out;
}

std::optional<WindowFields> window_fields(const object& o, std::string_view key,
                                          const std::string& where) {
  auto w = object_at(o, key, where);
  if (!w) return std::nullopt;
  const std::string at = where + "/" + std::string(key);
  WindowFields fields{text_or(*w, "from", "", at), text_or(*w, "to", "", at), false};
  bool inclusive = false;
  if ((*w)["to_inclusive"].get(inclusive) == simdjson::SUCCESS) fields.to_inclusive = inclusive;
  if (fields.from.empty() || fields.to.empty()) fail(at, "needs both 'from' and 'to'");
  return fields;
}

EndpointSpec read_endpoint(std::string_view id, const object& o) {
  const std::string where = "/endpoints/" + std::string(id);
  EndpointSpec spec;
  spec.id = std::string(id);
  spec.method = text_or(o, "method", "GET", where);
  spec.scope = text_or(o, "scope", "optional", where);
  spec.key = text_or(o, "key", "", where);
  spec.path_params = strings_at(o, "path_params", where);
  spec.oauth_scopes = strings_at(o, "oauth_scopes", where);
  if (auto query = object_at(o, "query", where)) {
    for (auto [k, v] : *query) {
      std::string_view s;
      if (v.get(s) != simdjson::SUCCESS) fail(where + "/query/" + std::string(k), "not a string");
      spec.query.emplace_back(std::string(k), std::string(s));
    }
  }
  if (auto p = object_at(o, "paging", where)) {
    const std::string at = where + "/paging";
    PagingSpec paging;
    paging.size_param = text_or(*p, "size_param", paging.size_param, at);
    paging.token_param = text_or(*p, "token_param", paging.token_param, at);
    paging.min_size = int_or(*p, "min", paging.min_size, at);
    paging.max_size = int_or(*p, "max", paging.max_size, at);
    paging.default_size = int_or(*p, "default", paging.max_size, at);
    paging.max_results = int_or(*p, "max_results", 0, at);
    spec.paging = paging;
  }
  if (auto inc = object_at(o, "incremental", where)) {
    const std::string at = where + "/incremental";
    IncrementalSpec incremental;
    incremental.in_query = text_or(*inc, "location", "body", at) == "query";
    incremental.update = window_fields(*inc, "update", at);
    incremental.create = window_fields(*inc, "create", at);
    incremental.cursor_field = text_or(*inc, "cursor_field", "", at);
    spec.incremental = incremental;
  }
  if (auto imp = object_at(o, "import", where)) {
    const std::string at = where + "/import";
    ImportSpec import;
    import.body_rest = text_or(*imp, "body", "rest", at) == "rest";
    if (auto idem = object_at(*imp, "idempotency", at)) {
      IdempotencySpec idempotency{
          text_or(*idem, "param", "", at + "/idempotency"),
          int_or(*idem, "max_len", 0, at + "/idempotency"),
          text_or(*idem, "location", "query", at + "/idempotency") == "body"};
      if (!idempotency.param.empty()) import.idempotency = idempotency;
    }
    spec.import = import;
  }
  if (auto limit = object_at(o, "rate_limit", where)) {
    double per_second = 0;
    element value;
    if ((*limit)["per_second"].get(value) == simdjson::SUCCESS &&
        (value.get(per_second) != simdjson::SUCCESS || per_second < 0)) {
      fail(where + "/rate_limit/per_second", "not a non-negative number");
    }
    spec.rate_limit_per_second = per_second;
  }
  return spec;
}

}  // namespace

const ResourceSpec* FlowCatalog::find_resource(std::string_view id) const {
  const auto it = std::ranges::find(resources, id, &ResourceSpec::id);
  return it == resources.end() ? nullptr : &*it;
}

const EndpointSpec* FlowCatalog::find_endpoint(std::string_view id) const {
  const auto it = std::ranges::find(endpoints, id, &EndpointSpec::id);
  return it == endpoints.end() ? nullptr : &*it;
}

FlowCatalog parse_flow_catalog(std::string_view describe_json) {
  simdjson::dom::parser parser;
  object root;
  if (parser.parse(describe_json.data(), describe_json.size()).get(root) != simdjson::SUCCESS) {
    fail("/", "not a JSON object");
  }
  FlowCatalog catalog;
  catalog.connector_id = text_or(root, "id", "", "");
  if (auto scopes = object_at(root, "scopes", "")) {
    catalog.scopes_endpoint = text_or(*scopes, "endpoint", "", "/scopes");
  }
  simdjson::dom::array resources;
  if (root["resources"].get(resources) != simdjson::SUCCESS) fail("/resources", "missing");
  for (element item : resources) {
    object o;
    if (item.get(o) != simdjson::SUCCESS) fail("/resources", "an entry is not an object");
    ResourceSpec r;
    r.id = text_or(o, "id", "", "/resources");
    if (r.id.empty()) fail("/resources", "an entry has no id");
    const std::string where = "/resources/" + r.id;
    r.export_endpoint = text_or(o, "export", "", where);
    if (auto d = object_at(o, "detail", where)) {
      r.detail = DetailSpec{text_or(*d, "endpoint", "", where + "/detail"),
                            text_or(*d, "ids_param", "ids", where + "/detail"),
                            int_or(*d, "batch", 50, where + "/detail")};
      if (r.detail->endpoint.empty() || r.detail->batch < 1) fail(where + "/detail", "incomplete");
    }
    r.imports = strings_at(o, "imports", where);
    catalog.resources.push_back(std::move(r));
  }
  object endpoints;
  if (root["endpoints"].get(endpoints) != simdjson::SUCCESS) fail("/endpoints", "missing");
  for (auto [id, value] : endpoints) {
    object o;
    if (value.get(o) != simdjson::SUCCESS) fail("/endpoints/" + std::string(id), "not an object");
    catalog.endpoints.push_back(read_endpoint(id, o));
  }
  return catalog;
}

}  // namespace host::engine
