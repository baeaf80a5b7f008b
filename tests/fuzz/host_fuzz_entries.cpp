#include "host_fuzz_entries.hpp"

#include <unistd.h>

#include <connector_abi/connector_abi.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/connections/connection_manifest.hpp"
#include "engine/connections/connection_schema_view.hpp"
#include "engine/connections/oauth_client_manifest.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"
#include "engine/flows/jsonl_values.hpp"
#include "loader/connector_loader.hpp"

namespace host_fuzz {
namespace {

using namespace host::engine;

constexpr std::string_view kConfig =
    R"({"name":"fuzz","oauth_client":{"service_region":"us","client_id":"fk",)"
    R"("client_secret":"fs","service_id":"sv"},"app_key":"fk","app_secret":"fs"})";

void require_that(bool condition) {
  if (!condition) std::abort();
}

const cnx_connector_api& connector_api() {
  static const cnx_connector_api* api = cnx_connector_get_api(CNX_ABI_MAJOR);
  require_that(api != nullptr);
  return *api;
}

const cnx_connection* fuzz_connection() {
  static cnx_connection* connection = [] {
    cnx_connection* opened = nullptr;
    require_that(connector_api().connection_open(nullptr, {kConfig.data(), kConfig.size()}, &opened,
                                                 nullptr) == CNX_STATUS_OK);
    return opened;
  }();
  return connection;
}

// The connector's real describe document: what the host parses its catalog and schema from.
const std::string& describe_text() {
  static const std::string text = [] {
    cnx_buffer* out = nullptr;
    require_that(connector_api().describe(&out, nullptr) == CNX_STATUS_OK);
    std::string copy(out->bytes.data, out->bytes.len);
    connector_api().free_buffer(out);
    return copy;
  }();
  return text;
}

// The schema lookup the manifest readers take: the connector's own, whatever name they ask for.
SchemaLookup connector_schema() {
  return [](const std::string&) {
    return parse_connection_schema_view("tiktok-shop", describe_text());
  };
}

const FlowCatalog& described_catalog() {
  static const FlowCatalog catalog = parse_flow_catalog(describe_text());
  return catalog;
}

// One scratch file per process: the manifest readers take paths, as the CLI gives them.
const std::filesystem::path& scratch_path() {
  static const std::filesystem::path path = [] {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("host_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / "manifest.json";
  }();
  return path;
}

const std::filesystem::path& write_scratch(const uint8_t* data, size_t size) {
  std::ofstream(scratch_path(), std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return scratch_path();
}

bool names_file(const std::string& message, const std::filesystem::path& file) {
  return message.find(file.string()) != std::string::npos;
}

}  // namespace

int fuzz_flow_manifest(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<FlowProblem> problems;
  const FlowManifest flow = parse_flow_manifest("fuzz-flow.json", text, problems);
  for (const auto& p : problems) require_that(p.field.empty() || p.field[0] == '/');
  if (!problems.empty()) {
    require_that(names_file(describe_problems("fuzz-flow.json", problems), "fuzz-flow.json"));
    return 0;
  }
  require_that(!flow.name.empty() && flow.concurrency >= 1);
  validate_flow_against_catalog(flow, described_catalog(), problems);
  if (problems.empty()) {
    const EndpointSpec& endpoint = flow_endpoint(flow, described_catalog());
    require_that(!endpoint.id.empty());
  }
  return 0;
}

int fuzz_flow_catalog(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const FlowCatalog catalog = parse_flow_catalog(text);
    for (const auto& r : catalog.resources) require_that(catalog.find_resource(r.id) != nullptr);
  } catch (const std::runtime_error&) {
    // Declared: a malformed catalog is reported with its JSON pointer.
  }
  try {
    (void)parse_connection_schema_view("fuzz", text);
  } catch (const std::runtime_error&) {
  }
  return 0;
}

int fuzz_connection_manifest(const uint8_t* data, size_t size) {
  const auto& file = write_scratch(data, size);
  try {
    const ConnectionManifest m = read_connection_manifest(file, connector_schema());
    require_that(!m.name.empty());
  } catch (const ManifestError& e) {
    require_that(names_file(e.what(), file) && !e.problems().empty());
  }
  return 0;
}

int fuzz_oauth_client_manifest(const uint8_t* data, size_t size) {
  const auto& file = write_scratch(data, size);
  try {
    (void)read_oauth_client_manifest(file, connector_schema());
  } catch (const ManifestError& e) {
    require_that(names_file(e.what(), file) && !e.problems().empty());
  }
  return 0;
}

int fuzz_connector_manifest(const uint8_t* data, size_t size) {
  const auto& file = write_scratch(data, size);
  std::string error;
  const auto manifest = host::loader::read_manifest(file, file.parent_path(), &error);
  require_that(manifest.has_value() == error.empty());
  if (!manifest) require_that(names_file(error, file));
  return 0;
}

int fuzz_page_response(const uint8_t* data, size_t size) {
  // Byte 0 picks the endpoint and the HTTP status; the rest is the body, handled as the export
  // engine handles a page: classify through the connector, then minify every record and read
  // every key.
  static constexpr std::string_view kEndpoints[] = {
      "orders.search",   "orders.get",      "products.search", "returns.search",
      "packages.search", "statements.list", "warehouses.list", "products.inventory.update"};
  constexpr int32_t kStatuses[] = {200, 200, 200, 429, 500, 503, 404, 401};
  if (size < 1) return 0;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  cnx_response response{};
  response.struct_size = sizeof response;
  response.endpoint = {kEndpoints[data[0] & 7].data(), kEndpoints[data[0] & 7].size()};
  response.http_status = kStatuses[(data[0] >> 3) & 7];
  response.body = {body.data(), body.size()};
  cnx_classification* result = nullptr;
  cnx_error* error = nullptr;
  require_that(connector_api().classify_response(fuzz_connection(), &response, &result, &error) ==
               CNX_STATUS_OK);
  std::string line;
  for (size_t i = 0; i < result->record_count; ++i) {
    const cnx_record& r = result->records[i];
    require_that(r.json.offset + r.json.len <= body.size() &&
                 r.key.offset + r.key.len <= body.size());
    line.clear();
    const std::string_view json = std::string_view(body).substr(r.json.offset, r.json.len);
    if (append_minified_line(json, line)) require_that(!line.empty() && line.back() == '\n');
    (void)json_scalar_text(std::string_view(body).substr(r.key.offset, r.key.len));
  }
  connector_api().free_classification(result);
  connector_api().free_error(error);
  return 0;
}

}  // namespace host_fuzz
