// flow_manifest.hpp: a flow manifest (one export or one import), read strictly.
//
// Schema: manifests/schemas/flow.schema.json. Reading happens in two steps because the catalog
// is only known once the flow's connection is opened: read_flow_manifest checks the document on
// its own (types, required and unknown keys), validate_flow_against_catalog checks the names and
// ranges that depend on the connector. Every problem names the file and the field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_schedule.hpp"
#include "manifest/manifest_problem.hpp"

namespace host::engine {

// kListener drains the connection's webhook inbox (deliveries `connector-host listen` stored) to
// its output; it names no resource or shop.
enum class FlowKind { kExport, kImport, kListener };

struct FlowWindow {
  std::string field = "update";  // "update" or "create": which time the window filters on
  int64_t start = 0;             // unix seconds where mode "all" starts
  int64_t lookback_seconds = 0;  // when > 0, mode "all" starts at now - lookback instead
  int64_t lag_seconds = 0;       // the window ends at now - lag (late writes settle)
  int64_t slice_seconds = 86400;
};

struct FlowManifest {
  std::filesystem::path file;
  std::string name;
  std::string connection;
  FlowKind kind = FlowKind::kExport;
  std::string resource;
  std::string shop;                 // shop id or cipher
  std::string filters_json = "{}";  // a JSON object merged into each request
  int64_t page_size = 0;            // 0: the endpoint's default
  FlowWindow window;
  int64_t concurrency = 4;
  double rate_limit_per_second = 0;  // a cap on each endpoint's rate; 0: the connector's rates
  int64_t max_attempts = 8;
  // Relative paths in the manifest are resolved against the manifest's folder (as connection
  // manifests resolve secret files and CA files), so a flow means the same wherever it is run
  // from; these hold the resolved paths.
  std::filesystem::path output;  // export, listener
  std::string output_table;      // export: a table of the state database instead of `output`
  std::filesystem::path input;   // import
  std::string endpoint;          // import endpoint id; empty: the resource's only import
  std::string idempotency_key;   // JSON pointer into each import record; empty: sha256 of bytes
  std::string documents_json;    // export: "documents" (engine/document_download.hpp); "": none
  std::optional<FlowSchedule> schedule;  // `serve` runs it on this schedule; nullopt: never
};

// Bounds on what a flow manifest may hold (documented in manifests/schemas/flow.schema.json).
// A flow's name keys its cursor and ledger rows and appears in every log line of its runs.
inline constexpr size_t kMaxFlowNameBytes = 128;
inline constexpr size_t kMaxFlowTextBytes = 256;   // connection, resource, shop, endpoint, ...
inline constexpr size_t kMaxFlowPathBytes = 4096;  // input, output, description
inline constexpr size_t kMaxFiltersBytes = size_t{64} * 1024;  // minified; goes into every request
inline constexpr size_t kMaxFlowManifestBytes = size_t{1024} * 1024;

// `path` as written in `manifest`: unchanged when absolute (or empty), else under the manifest's
// folder (made absolute against the current directory when the manifest path is relative).
std::filesystem::path resolve_manifest_path(const std::filesystem::path& manifest,
                                            const std::filesystem::path& path);

// [a-z][a-z0-9_]{0,62}: a name of an export table (or its cursor column) that both databases take
// as it is (the SQL quotes it anyway).
bool is_valid_table_name(std::string_view name);

// True for 1..kMaxFlowNameBytes characters of [A-Za-z0-9._-] starting with a letter or digit.
bool is_safe_flow_name(std::string_view name);

// One thing wrong with a flow manifest: the manifest problem every reader reports, printed by
// describe_problems ("FILE: POINTER: MESSAGE" lines, the whole document as "(document)").
using FlowProblem = manifest::ManifestProblem;
using manifest::describe_problems;

// Parses the manifest text read from `file`. Returns the manifest; `problems` gets one entry per
// defect (an empty list means the manifest is usable). Never throws for bad content.
FlowManifest parse_flow_manifest(const std::filesystem::path& file, std::string_view text,
                                 std::vector<FlowProblem>& problems);

// Checks the manifest against the connector's catalog: the resource exists and supports the
// flow's kind, the import endpoint belongs to it, the page size is within the endpoint's range,
// the window field is one the endpoint filters on. Appends to `problems`.
void validate_flow_against_catalog(const FlowManifest& flow, const FlowCatalog& catalog,
                                   std::vector<FlowProblem>& problems);

// The endpoint a validated flow calls (the resource's export endpoint, or its import endpoint).
// REQUIRES: validate_flow_against_catalog reported nothing.
const EndpointSpec& flow_endpoint(const FlowManifest& flow, const FlowCatalog& catalog);

}  // namespace host::engine
