// Renders the catalog as the "resources" and "endpoints" members of the describe document
// (host-api/DESCRIBE.md). Keys beyond the documented ones are documented there too.
#include <json_writer/json_writer.hpp>

#include "catalog.hpp"

namespace tts {
namespace {

// `text` as a JSON string, or null when it is empty (the catalog's "none").
void write_string_or_null(jsonw::Writer& w, std::string_view text) {
  if (text.empty()) {
    w.null();
  } else {
    w.value(text);
  }
}

// Writes `key`, then null when `spec` is absent (false), else opens an object for it (true).
bool begin_object_or_null(jsonw::Writer& w, std::string_view key, const void* spec) {
  w.key(key);
  if (spec == nullptr) {
    w.null();
    return false;
  }
  w.begin_object();
  return true;
}

void write_window(jsonw::Writer& w, std::string_view name, const TimeWindowSpec& window) {
  if (window.from.empty()) return;
  w.key(name).begin_object();
  w.field("from", window.from).field("to", window.to).field("to_inclusive", window.to_inclusive);
  w.end_object();
}

void write_paging(jsonw::Writer& w, const PagingSpec* paging) {
  if (!begin_object_or_null(w, "paging", paging)) return;
  w.field("style", "page_token")
      .field("size_param", "page_size")
      .field("token_param", "page_token");
  w.field("min", paging->min_size).field("max", paging->max_size);
  w.field("default", paging->default_size).field("next_token", paging->next_token);
  w.field("total", paging->total).field("max_results", paging->max_results);
  w.end_object();
}

void write_incremental(jsonw::Writer& w, const IncrementalSpec* incremental) {
  if (incremental == nullptr) return;
  w.key("incremental").begin_object();
  w.field("location", incremental->location).field("unit", "unix_seconds");
  write_window(w, "update", incremental->update);
  write_window(w, "create", incremental->create);
  w.field("cursor_field", incremental->cursor_field);
  w.end_object();
}

void write_import(jsonw::Writer& w, const ImportSpec* import) {
  if (!begin_object_or_null(w, "import", import)) return;
  w.field("body", import->body);
  w.key("idempotency");
  if (import->idempotency_param.empty()) {
    w.null();
  } else {
    w.begin_object().field("location", import->idempotency_location);
    w.field("param", import->idempotency_param);
    w.field("max_len", import->idempotency_max_len).end_object();
  }
  w.key("item_errors");
  write_string_or_null(w, import->item_errors);
  w.end_object();
}

// "versions": the default, and every version known to be served with its retirement date.
void write_versions(jsonw::Writer& w, const EndpointSpec& spec) {
  w.key("versions").begin_object().field("used", spec.version);
  w.key("served").begin_array();
  bool listed_default = false;
  for (const VersionFact& fact : spec.served) {
    if (fact.version.empty()) break;
    listed_default = listed_default || fact.version == spec.version;
    w.begin_object().field("version", fact.version).key("retires");
    write_string_or_null(w, fact.retires);
    w.end_object();
  }
  if (!listed_default) {
    w.begin_object().field("version", spec.version).key("retires").null().end_object();
  }
  w.end_array().end_object();
}

void write_endpoint(jsonw::Writer& w, const EndpointSpec& spec) {
  w.key(spec.id).begin_object();
  w.field("method", spec.method).field("path", spec.path).field("version", spec.version);
  w.field("scope", scope_rule_name(spec.scope)).field("content_type", spec.content_type);
  w.field("records", spec.records).field("key", spec.key);
  w.key("query").begin_object();
  for (const FixedParam& param : spec.query) {
    if (!param.key.empty()) w.field(param.key, param.value);
  }
  w.end_object();
  w.key("path_params").begin_array();
  for_each_path_param(spec.path, [&w](std::string_view name) { w.value(name); });
  w.end_array();
  write_paging(w, spec.paging);
  write_incremental(w, spec.incremental);
  write_import(w, spec.import);
  w.field("summary", spec.summary);
  write_versions(w, spec);
  w.key("rate_limit").begin_object().field("per_second", spec.rate_per_second);
  w.field("per", "app_account_endpoint").end_object();
  w.key("oauth_scopes").begin_array();
  if (!spec.oauth_scope.empty()) w.value(spec.oauth_scope);
  w.end_array();
  w.end_object();
}

void write_resource(jsonw::Writer& w, const ResourceSpec& resource) {
  w.begin_object().field("id", resource.id).field("name", resource.name);
  w.key("export");
  write_string_or_null(w, resource.export_endpoint);
  if (resource.detail != nullptr) {
    w.key("detail").begin_object().field("endpoint", resource.detail->endpoint);
    w.field("ids_param", resource.detail->ids_param).field("batch", resource.detail->batch);
    w.end_object();
  }
  w.key("imports").begin_array();
  for (std::string_view id : resource.imports) {
    if (!id.empty()) w.value(id);
  }
  w.end_array().end_object();
}

}  // namespace

void write_catalog_members(jsonw::Writer& writer) {
  writer.key("resources").begin_array();
  for (const ResourceSpec& resource : resources()) write_resource(writer, resource);
  writer.end_array();
  writer.key("endpoints").begin_object();
  for (const EndpointSpec& spec : endpoints()) write_endpoint(writer, spec);
  writer.end_object();
}

}  // namespace tts
