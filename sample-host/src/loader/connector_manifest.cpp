// Reading connector manifests (read_manifest in connector_loader.hpp).
//
// A manifest is a JSON object: {"id": "...", "library": "...", "abi_major": 1, "sha256": "..."}.
// "sha256" is optional; keys this host does not know are ignored (manifests are append-only too).
#include <simdjson.h>

#include <cctype>
#include <limits>
#include <string_view>

#include "loader/connector_loader.hpp"

namespace host::loader {
namespace {

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Fills `error` with "connector manifest FILE: <what>" and returns nullopt, for one-line returns.
std::nullopt_t fail(const std::filesystem::path& file, std::string_view what, std::string* error) {
  *error = "connector manifest " + file.string() + ": " + std::string(what);
  return std::nullopt;
}

std::string quoted(std::string_view field) { return "\"" + std::string(field) + "\""; }

}  // namespace

std::optional<ConnectorManifest> read_manifest(const std::filesystem::path& manifest_path,
                                               const std::filesystem::path& plugin_dir,
                                               std::string* error) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.load(manifest_path.string()).get(doc); err) {
    if (err == simdjson::IO_ERROR) return fail(manifest_path, "cannot be read", error);
    return fail(manifest_path, std::string("is not valid JSON: ") + simdjson::error_message(err),
                error);
  }
  simdjson::dom::object root;
  if (doc.get_object().get(root)) return fail(manifest_path, "is not a JSON object", error);

  auto required_string = [&](const char* field, std::string_view* out) -> bool {
    simdjson::dom::element value;
    if (root[field].get(value)) {
      fail(manifest_path, "missing required field " + quoted(field), error);
      return false;
    }
    if (value.get_string().get(*out) || out->empty()) {
      fail(manifest_path, "field " + quoted(field) + " must be a non-empty string", error);
      return false;
    }
    return true;
  };

  ConnectorManifest manifest;
  manifest.manifest_path = manifest_path;
  std::string_view id;
  std::string_view library;
  if (!required_string(kManifestIdField, &id)) return std::nullopt;
  if (!required_string(kManifestLibraryField, &library)) return std::nullopt;
  manifest.id = std::string(id);

  simdjson::dom::element major;
  if (root[kManifestAbiMajorField].get(major)) {
    return fail(manifest_path, "missing required field " + quoted(kManifestAbiMajorField), error);
  }
  uint64_t major_value = 0;
  if (major.get_uint64().get(major_value) || major_value > std::numeric_limits<uint32_t>::max()) {
    return fail(manifest_path,
                "field " + quoted(kManifestAbiMajorField) + " must be a non-negative integer",
                error);
  }
  manifest.abi_major = static_cast<uint32_t>(major_value);

  simdjson::dom::element pin;
  if (!root[kManifestSha256Field].get(pin)) {
    std::string_view hex;
    if (pin.get_string().get(hex) || !is_sha256_hex(hex)) {
      return fail(manifest_path,
                  "field " + quoted(kManifestSha256Field) + " must be 64 hexadecimal digits",
                  error);
    }
    manifest.sha256 = lowercase(hex);
  }

  std::filesystem::path library_path(library);
  if (library_path.is_relative()) library_path = plugin_dir / library_path;
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(library_path, ec);
  manifest.library = (ec ? library_path : absolute).lexically_normal();
  return manifest;
}

}  // namespace host::loader
