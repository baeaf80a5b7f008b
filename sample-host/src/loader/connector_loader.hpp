// connector_loader.hpp: finds connectors through their manifests and loads them with Boost.DLL.
//
// A connector manifest (manifests/connectors/*.json) names the connector, its library file
// (relative to the plugin directory unless absolute), the ABI major it speaks, and optionally a
// sha256 pin of the library. Nothing is loaded by scanning for .so files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <connector_abi/connector_abi.h>
#include <connector_abi/connector.hpp>

namespace host::loader {

struct ConnectorManifest {
  std::filesystem::path manifest_path;  // where it was read from
  std::string id;                       // the connector id, as its describe document says
  std::filesystem::path library;        // resolved to an absolute path
  uint32_t abi_major = 0;
  std::optional<std::string> sha256;  // lowercase hex pin of the library file, if any
};

// A loaded connector. Keeps its shared library mapped for as long as any copy of the
// shared_ptr lives, so a table, a connection or an output from it must not outlive it.
// THREADING: immutable; use from any thread.
class LoadedConnector {
 public:
  virtual ~LoadedConnector() = default;
  virtual const ConnectorManifest& manifest() const = 0;
  // The connector's function table, already checked: abi_major matches, struct_size is large
  // enough for every field this host reads, every required function pointer is set.
  virtual const cnx_connector_api& api() const = 0;
};

// The outcome of loading one manifest: a connector, or a sentence naming the connector (or the
// manifest file) and the cause.
struct LoadOutcome {
  std::filesystem::path manifest_path;
  std::string id;  // may be empty when the manifest itself was unreadable
  std::shared_ptr<const LoadedConnector> connector;
  std::string error;
};

// Reads one connector manifest. ERRORS: returns nullopt and fills `error` with one line per field
// at fault: "connector manifest FILE: POINTER: MESSAGE" (manifest/manifest_problem.hpp).
std::optional<ConnectorManifest> read_manifest(const std::filesystem::path& manifest_path,
                                               const std::filesystem::path& plugin_dir,
                                               std::string* error);

// Loads the library a manifest names: checks the sha256 pin, loads with Boost.DLL, resolves the
// single entry symbol, negotiates the ABI version, validates the table. Never throws; never
// lets a broken plugin take the host down short of a crash inside the plugin's own code.
LoadOutcome load_connector(const ConnectorManifest& manifest);

// Reads every *.json in manifest_dir (sorted by name) and loads each.
std::vector<LoadOutcome> load_all(const std::filesystem::path& manifest_dir,
                                  const std::filesystem::path& plugin_dir);

// Finds the manifest whose id is `id` in manifest_dir and loads it. ERRORS: an outcome with
// an error naming the id when no manifest has it.
LoadOutcome load_by_id(const std::filesystem::path& manifest_dir,
                       const std::filesystem::path& plugin_dir, const std::string& id);

// The manifest field names, for messages and for tools that write manifests.
inline constexpr const char* kManifestIdField = "id";
inline constexpr const char* kManifestLibraryField = "library";
inline constexpr const char* kManifestAbiMajorField = "abi_major";
inline constexpr const char* kManifestSha256Field = "sha256";

// A releaser for outputs of `connector`'s table that also keeps the connector's library loaded
// until every output made with it is released. REQUIRES: connector is not null.
cnx::Releaser releaser_for(std::shared_ptr<const LoadedConnector> connector);

}  // namespace host::loader
