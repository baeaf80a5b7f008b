// catalog.hpp: the TikTok Shop endpoints and resources this connector knows, as static data.
//
// The catalog is what a host drives exports and imports from (host-api/DESCRIBE.md). It is
// compiled in, immutable, and shared by every connection; a connection only overrides versions.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace jsonw {
class Writer;
}

namespace tts {

// Whether an endpoint takes the shop credential (shop_cipher) in its query: a declared fact of
// each endpoint (TikTok's reference page lists shop_cipher or does not), never derived from a path.
enum class ScopeRule { kRequired, kForbidden, kOptional };

struct FixedParam {
  std::string_view key{};
  std::string_view value{};
};

// page_token paging: page_size/page_token in the query, next_page_token in the response.
struct PagingSpec {
  int min_size = 1;
  int max_size = 100;
  int default_size = 100;
  std::string_view next_token = "/data/next_page_token";
  std::string_view total = "/data/total_count";  // empty: the endpoint does not report one
  int max_results = 0;                           // hard cap on results; 0: none
};

struct TimeWindowSpec {
  std::string_view from{};  // empty: this window kind is not supported
  std::string_view to{};
  bool to_inclusive = false;
};

struct IncrementalSpec {
  std::string_view location = "body";  // "body" or "query"
  TimeWindowSpec update;
  TimeWindowSpec create;
  std::string_view cursor_field{};  // the record field that carries the window's time
};

struct ImportSpec {
  std::string_view body = "rest";        // "rest" or "none"
  std::string_view idempotency_param{};  // the parameter or body field; empty: none
  // "query": a query parameter; "body": a top-level field of the JSON body (Create Product).
  std::string_view idempotency_location = "query";
  int idempotency_max_len = 0;
  std::string_view item_errors{};  // JSON pointer of per-item failures; empty: none
};

// A version TikTok serves (or served) for an endpoint, and the day it stops, when announced.
struct VersionFact {
  std::string_view version{};
  std::string_view retires{};  // "YYYY-MM-DD"; empty: no retirement known
};

// TikTok's published limit: 50 requests/second per API per (app, shop) (rate-limits page).
inline constexpr int kDefaultRatePerSecond = 50;

struct EndpointSpec {
  std::string_view id{};
  std::string_view method{};
  std::string_view path{};  // template: {version} and {path params}
  std::string_view version{};
  ScopeRule scope = ScopeRule::kRequired;
  std::string_view content_type = "application/json";
  std::string_view records{};  // JSON pointer to the record array (or single object); empty: none
  std::string_view key{};      // natural key field of a record; empty: none
  std::array<FixedParam, 2> query{};
  const PagingSpec* paging = nullptr;
  const IncrementalSpec* incremental = nullptr;
  const ImportSpec* import = nullptr;
  std::string_view summary{};
  // Versions known to be served, oldest first; empty entries end the list. Empty altogether: only
  // `version` is known. Sources: plugin/API_SOURCES.md.
  std::array<VersionFact, 3> served{};
  int rate_per_second = kDefaultRatePerSecond;
  // The OAuth scope the seller's authorization must grant for this call (TikTok's reference
  // page's "Scope"); empty: none known. Set per family in catalog.cpp unless a row names its own.
  // Sources: plugin/API_SOURCES.md "Scopes".
  std::string_view oauth_scope{};
};

struct DetailSpec {
  std::string_view endpoint{};
  std::string_view ids_param{};
  int batch = 0;
};

struct ResourceSpec {
  std::string_view id{};
  std::string_view name{};
  std::string_view export_endpoint{};  // empty: not exportable
  const DetailSpec* detail = nullptr;
  std::array<std::string_view, 4> imports{};
};

// Every endpoint, in a stable order (indexes are stable for the life of the process).
std::span<const EndpointSpec> endpoints();
std::span<const ResourceSpec> resources();

// The endpoint with this id, or nullptr. THREADING: pure.
const EndpointSpec* find_endpoint(std::string_view id);

// The position of `spec` in endpoints(). REQUIRES: spec comes from endpoints().
size_t endpoint_index(const EndpointSpec& spec);

// The endpoint whose method and path template match a concrete request path ("/order/202309/
// orders/search"): {version} and {params} match any one non-empty segment; where several match,
// the one with the most literal segments wins. nullptr when none does. THREADING: pure.
const EndpointSpec* find_endpoint_by_path(std::string_view method, std::string_view path);

// The retirement date of `version` of `spec`, or empty when none is known.
std::string_view retirement_date(const EndpointSpec& spec, std::string_view version);

// Calls `visit(name)` for each {name} in a path template other than {version}, in order.
template <typename Visit>
void for_each_path_param(std::string_view path_template, Visit&& visit) {
  size_t pos = 0;
  while ((pos = path_template.find('{', pos)) != std::string_view::npos) {
    const size_t end = path_template.find('}', pos);
    if (end == std::string_view::npos) return;
    const std::string_view name = path_template.substr(pos + 1, end - pos - 1);
    if (name != "version") visit(name);
    pos = end + 1;
  }
}

// Writes the "resources" and "endpoints" members of the describe document into the object
// `writer` is currently in (DESCRIBE.md). Versions are the catalog defaults.
void write_catalog_members(jsonw::Writer& writer);

// "required" | "forbidden" | "optional".
std::string_view scope_rule_name(ScopeRule rule);

}  // namespace tts
