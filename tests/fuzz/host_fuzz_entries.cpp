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

void Require(bool condition) {
  if (!condition) std::abort();
}

const cnx_connector_api& Api() {
  static const cnx_connector_api* api = cnx_connector_get_api(CNX_ABI_MAJOR);
  Require(api != nullptr);
  return *api;
}

const cnx_connection* Connection() {
  static cnx_connection* connection = [] {
    cnx_connection* opened = nullptr;
    Require(Api().connection_open(nullptr, {kConfig.data(), kConfig.size()}, &opened, nullptr) ==
            CNX_STATUS_OK);
    return opened;
  }();
  return connection;
}

// The connector's real describe document: what the host parses its catalog and schema from.
const std::string& Describe() {
  static const std::string text = [] {
    cnx_buffer* out = nullptr;
    Require(Api().describe(&out, nullptr) == CNX_STATUS_OK);
    std::string copy(out->bytes.data, out->bytes.len);
    Api().free_buffer(out);
    return copy;
  }();
  return text;
}

// The schema lookup the manifest readers take: the connector's own, whatever name they ask for.
SchemaLookup connector_schema() {
  return [](const std::string&) { return parse_connection_schema_view("tiktok-shop", Describe()); };
}

const FlowCatalog& Catalog() {
  static const FlowCatalog catalog = parse_flow_catalog(Describe());
  return catalog;
}

// One scratch file per process: the manifest readers take paths, as the CLI gives them.
const std::filesystem::path& Scratch() {
  static const std::filesystem::path path = [] {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("host_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / "manifest.json";
  }();
  return path;
}

const std::filesystem::path& WriteScratch(const uint8_t* data, size_t size) {
  std::ofstream(Scratch(), std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return Scratch();
}

bool Names(const std::string& message, const std::filesystem::path& file) {
  return message.find(file.string()) != std::string::npos;
}

}  // namespace

int fuzz_flow_manifest(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<FlowProblem> problems;
  const FlowManifest flow = parse_flow_manifest("fuzz-flow.json", text, problems);
  for (const auto& p : problems) Require(p.field.empty() || p.field[0] == '/');
  if (!problems.empty()) {
    Require(Names(describe_problems("fuzz-flow.json", problems), "fuzz-flow.json"));
    return 0;
  }
  Require(!flow.name.empty() && flow.concurrency >= 1);
  validate_flow_against_catalog(flow, Catalog(), problems);
  if (problems.empty()) {
    const EndpointSpec& endpoint = flow_endpoint(flow, Catalog());
    Require(!endpoint.id.empty());
  }
  return 0;
}

int fuzz_flow_catalog(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const FlowCatalog catalog = parse_flow_catalog(text);
    for (const auto& r : catalog.resources) Require(catalog.find_resource(r.id) != nullptr);
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
  const auto& file = WriteScratch(data, size);
  try {
    const ConnectionManifest m = read_connection_manifest(file, connector_schema());
    Require(!m.name.empty());
  } catch (const ManifestError& e) {
    Require(Names(e.what(), file) && !e.problems().empty());
  }
  return 0;
}

int fuzz_oauth_client_manifest(const uint8_t* data, size_t size) {
  const auto& file = WriteScratch(data, size);
  try {
    (void)read_oauth_client_manifest(file, connector_schema());
  } catch (const ManifestError& e) {
    Require(Names(e.what(), file) && !e.problems().empty());
  }
  return 0;
}

int fuzz_connector_manifest(const uint8_t* data, size_t size) {
  const auto& file = WriteScratch(data, size);
  std::string error;
  const auto manifest = host::loader::read_manifest(file, file.parent_path(), &error);
  Require(manifest.has_value() == error.empty());
  if (!manifest) Require(Names(error, file));
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
  Require(Api().classify_response(Connection(), &response, &result, &error) == CNX_STATUS_OK);
  std::string line;
  for (size_t i = 0; i < result->record_count; ++i) {
    const cnx_record& r = result->records[i];
    Require(r.json.offset + r.json.len <= body.size() && r.key.offset + r.key.len <= body.size());
    line.clear();
    const std::string_view json = std::string_view(body).substr(r.json.offset, r.json.len);
    if (append_minified_line(json, line)) Require(!line.empty() && line.back() == '\n');
    (void)json_scalar_text(std::string_view(body).substr(r.key.offset, r.key.len));
  }
  Api().free_classification(result);
  Api().free_error(error);
  return 0;
}

}  // namespace host_fuzz
