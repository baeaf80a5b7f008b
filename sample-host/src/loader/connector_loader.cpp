// Loading connectors with Boost.DLL (load_connector, load_all, load_by_id, releaser_for).
//
// The order of checks is deliberate: everything that can be decided from the manifest and the
// file on disk (existence, sha256 pin, ABI major) is decided BEFORE the library is mapped, so a
// refused library never runs a single constructor in this process.
#define BOOST_DLL_USE_STD_FS
#include <dlfcn.h>
#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <exception>
#include <system_error>
#include <type_traits>
#include <utility>

#include "loader/api_table_check.hpp"
#include "loader/connector_loader.hpp"
#include "loader/file_sha256.hpp"

namespace host::loader {
namespace {

// Owns the mapped library; the table points into it. Destroying this object unloads the library,
// so it must be the last thing from the plugin to go: every copy of the shared_ptr that holds it
// (including those inside cnx::Releaser::keep_alive) keeps it alive.
class DllConnector final : public LoadedConnector {
 public:
  DllConnector(ConnectorManifest manifest, boost::dll::shared_library library,
               const cnx_connector_api* api)
      : manifest_(std::move(manifest)), library_(std::move(library)), api_(api) {}

  const ConnectorManifest& manifest() const override { return manifest_; }
  const cnx_connector_api& api() const override { return *api_; }

 private:
  ConnectorManifest manifest_;
  boost::dll::shared_library library_;
  const cnx_connector_api* api_;
};

LoadOutcome failed(const ConnectorManifest& manifest, std::string error) {
  return LoadOutcome{manifest.manifest_path, manifest.id, nullptr, std::move(error)};
}

// Boost.DLL clears dlerror() after a failed load, losing the loader's reason (a missing
// dependency, an unresolved symbol, not an ELF file). Asking dlopen once more recovers it; if
// that attempt unexpectedly succeeds, it is undone at once.
std::string dlopen_reason(const std::filesystem::path& library) {
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle != nullptr) {
    dlclose(handle);
    return "the dynamic loader refused it once, then accepted it";
  }
  const char* reason = dlerror();
  return reason != nullptr ? reason : "the dynamic loader gave no reason";
}

LoadOutcome load_checked(const ConnectorManifest& manifest) {
  const std::string who = "connector " + manifest.id;
  const std::string library_name = manifest.library.string();

  std::error_code ec;
  if (!std::filesystem::is_regular_file(manifest.library, ec)) {
    return failed(manifest, who + ": library " + library_name + " does not exist");
  }
  if (manifest.sha256) {
    std::string hash_error;
    const auto actual = file_sha256_hex(manifest.library, &hash_error);
    if (!actual) return failed(manifest, who + ": " + hash_error);
    if (*actual != *manifest.sha256) {
      return failed(manifest, who + ": library " + library_name + " has sha256 " + *actual +
                                  " but the manifest pins " + *manifest.sha256 +
                                  "; refusing to load it");
    }
  }
  if (manifest.abi_major != CNX_ABI_MAJOR) {
    return failed(manifest, who + ": manifest " + manifest.manifest_path.string() +
                                " declares ABI major " + std::to_string(manifest.abi_major) +
                                "; this host speaks " + std::to_string(CNX_ABI_MAJOR) +
                                "; not loading it");
  }

  // rtld_now: unresolved symbols fail here, with a message, not later inside a call.
  // rtld_local: two connectors may define the same internal names without clashing.
  boost::dll::shared_library library;
  library.load(manifest.library,
               boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) {
    return failed(manifest, who + ": cannot load library " + library_name + ": " +
                                dlopen_reason(manifest.library));
  }
  if (!library.has(CNX_ENTRY_SYMBOL)) {
    return failed(manifest,
                  who + ": library " + library_name + " does not export " + CNX_ENTRY_SYMBOL);
  }
  auto& entry = library.get<std::remove_pointer_t<cnx_connector_get_api_fn>>(CNX_ENTRY_SYMBOL);
  const cnx_connector_api* table = nullptr;
  try {
    table = entry(CNX_ABI_MAJOR);
  } catch (...) {
    return failed(manifest, who + ": entry " + CNX_ENTRY_SYMBOL +
                                " let an exception escape (the ABI forbids that)");
  }
  if (table == nullptr) {
    return failed(manifest, who + ": entry " + CNX_ENTRY_SYMBOL +
                                " returned no table for ABI major " +
                                std::to_string(CNX_ABI_MAJOR));
  }
  if (auto problem = check_api_table(*table, manifest.id)) {
    return failed(manifest, std::move(*problem));
  }
  auto connector = std::make_shared<const DllConnector>(manifest, std::move(library), table);
  return LoadOutcome{manifest.manifest_path, manifest.id, std::move(connector), {}};
}

// The *.json files of a directory, sorted by name. ERRORS: fills `error` when it cannot be listed.
std::vector<std::filesystem::path> manifest_files(const std::filesystem::path& manifest_dir,
                                                  std::string* error) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  std::filesystem::directory_iterator it(manifest_dir, ec);
  if (ec) {
    *error =
        "cannot list connector manifest directory " + manifest_dir.string() + ": " + ec.message();
    return files;
  }
  for (const auto& entry : it) {
    if (entry.path().extension() == ".json" && !entry.is_directory(ec)) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

LoadOutcome load_connector(const ConnectorManifest& manifest) {
  try {
    return load_checked(manifest);
  } catch (const std::exception& e) {
    return failed(manifest, "connector " + manifest.id + ": loading failed: " + e.what());
  } catch (...) {
    return failed(manifest, "connector " + manifest.id + ": loading failed for an unknown reason");
  }
}

std::vector<LoadOutcome> load_all(const std::filesystem::path& manifest_dir,
                                  const std::filesystem::path& plugin_dir) {
  std::vector<LoadOutcome> outcomes;
  std::string error;
  const auto files = manifest_files(manifest_dir, &error);
  if (!error.empty()) {
    outcomes.push_back(LoadOutcome{manifest_dir, {}, nullptr, error});
    return outcomes;
  }
  for (const auto& file : files) {
    if (auto manifest = read_manifest(file, plugin_dir, &error)) {
      outcomes.push_back(load_connector(*manifest));
    } else {
      outcomes.push_back(LoadOutcome{file, {}, nullptr, error});
    }
  }
  return outcomes;
}

LoadOutcome load_by_id(const std::filesystem::path& manifest_dir,
                       const std::filesystem::path& plugin_dir, const std::string& id) {
  std::string error;
  const auto files = manifest_files(manifest_dir, &error);
  if (!error.empty()) return LoadOutcome{manifest_dir, id, nullptr, error};
  std::string unreadable;  // manifests that might have been the one asked for
  for (const auto& file : files) {
    auto manifest = read_manifest(file, plugin_dir, &error);
    if (!manifest) {
      unreadable += "; " + error;
      continue;
    }
    if (manifest->id == id) return load_connector(*manifest);
  }
  return LoadOutcome{manifest_dir, id, nullptr,
                     "connector " + id + ": no manifest in " + manifest_dir.string() +
                         " has this id" + unreadable};
}

cnx::Releaser releaser_for(std::shared_ptr<const LoadedConnector> connector) {
  const cnx_connector_api* api = &connector->api();
  return cnx::Releaser{api, std::move(connector)};
}

}  // namespace host::loader
