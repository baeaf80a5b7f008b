// flow_catalog.hpp: the parts of a connector's describe document that flows are driven by.
//
// The host knows nothing about the remote application: resources, endpoints, paging, time windows
// and import rules all come from the connector's catalog (host-api/DESCRIBE.md). This file reads
// them once into plain structs so that the engine never walks JSON in its hot loops.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace host::engine {

// page_token paging (DESCRIBE.md "paging").
struct PagingSpec {
  std::string size_param = "page_size";
  std::string token_param = "page_token";
  int64_t min_size = 1;
  int64_t max_size = 100;
  int64_t default_size = 100;
  int64_t max_results = 0;  // a hard cap on results per query; 0: none
};

// The request fields that bound one kind of time window (update or create).
struct WindowFields {
  std::string from;
  std::string to;
  bool to_inclusive = false;  // the upper bound includes its second (e.g. update_time_le)
};

struct IncrementalSpec {
  bool in_query = false;  // "query"; otherwise the fields go into the JSON body
  std::optional<WindowFields> update;
  std::optional<WindowFields> create;
  std::string cursor_field;  // the record's member the window filters on (e.g. update_time)
};

struct IdempotencySpec {
  std::string param;  // the query parameter (or, in_body, the top-level body field) of the key
  int64_t max_len = 0;
  bool in_body = false;  // "location": "body"
};

struct ImportSpec {
  bool body_rest = true;  // "rest": the record minus its path params is the body; else no body
  std::optional<IdempotencySpec> idempotency;
};

struct EndpointSpec {
  std::string id;
  std::string method;
  std::string scope;  // "required" | "forbidden" | "optional"
  std::string key;    // natural key field of a record; may be empty
  std::vector<std::pair<std::string, std::string>> query;  // fixed query parameters
  std::vector<std::string> path_params;
  std::optional<PagingSpec> paging;
  std::optional<IncrementalSpec> incremental;
  std::optional<ImportSpec> import;
  double rate_limit_per_second = 0;  // "rate_limit": {"per_second"}; 0: the connector gives none
  std::vector<std::string> oauth_scopes;  // the OAuth scopes the call needs; empty: none known
};

// A search endpoint's records fetched again in detail, by key, in batches.
struct DetailSpec {
  std::string endpoint;
  std::string ids_param;
  int64_t batch = 50;
};

struct ResourceSpec {
  std::string id;
  std::string export_endpoint;  // empty: not exportable
  std::optional<DetailSpec> detail;
  std::vector<std::string> imports;
};

// The catalog. Immutable after parse; THREADING: read from any thread.
struct FlowCatalog {
  std::string connector_id;
  std::string scopes_endpoint;
  std::vector<ResourceSpec> resources;
  std::vector<EndpointSpec> endpoints;

  const ResourceSpec* find_resource(std::string_view id) const;
  const EndpointSpec* find_endpoint(std::string_view id) const;
};

// Reads the catalog members of a describe document.
// ERRORS: throws std::runtime_error naming the JSON pointer that is malformed (a connector bug).
FlowCatalog parse_flow_catalog(std::string_view describe_json);

}  // namespace host::engine
