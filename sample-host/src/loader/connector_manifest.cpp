// Reading connector manifests (read_manifest in connector_loader.hpp).
//
// A manifest is a JSON object: {"id": "...", "library": "...", "abi_major": 1, "sha256": "..."}.
// "sha256" is optional; keys this host does not know are ignored (manifests are append-only too).
// Every field at fault is reported, each as "connector manifest FILE: POINTER: MESSAGE"
// (manifest/manifest_problem.hpp).
#include <simdjson.h>

#include <cctype>
#include <json_writer/json_pointer.hpp>
#include <limits>
#include <string_view>
#include <text_codec/hex.hpp>

#include "loader/connector_loader.hpp"
#include "manifest/manifest_problem.hpp"

namespace host::loader {
namespace {

using manifest::ManifestProblem;

constexpr size_t kSha256HexDigits = 64;

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string pointer_to(std::string_view field) { return jsonw::child_pointer("", field); }

// A required non-empty string member, or "" after recording why not.
std::string_view required_string(simdjson::dom::object root, const char* field,
                                 std::vector<ManifestProblem>& problems) {
  simdjson::dom::element value;
  if (root[field].get(value)) {
    problems.push_back({pointer_to(field), "is required"});
    return {};
  }
  std::string_view text;
  if (value.get_string().get(text) || text.empty()) {
    problems.push_back({pointer_to(field), "must be a non-empty string"});
    return {};
  }
  return text;
}

std::optional<uint32_t> read_abi_major(simdjson::dom::object root,
                                       std::vector<ManifestProblem>& problems) {
  simdjson::dom::element major;
  if (root[kManifestAbiMajorField].get(major)) {
    problems.push_back({pointer_to(kManifestAbiMajorField), "is required"});
    return std::nullopt;
  }
  uint64_t value = 0;
  if (major.get_uint64().get(value) || value > std::numeric_limits<uint32_t>::max()) {
    problems.push_back({pointer_to(kManifestAbiMajorField), "must be a non-negative integer"});
    return std::nullopt;
  }
  return static_cast<uint32_t>(value);
}

// "connector manifest FILE: POINTER: MESSAGE" lines, one per problem.
std::string describe(const std::filesystem::path& file,
                     const std::vector<ManifestProblem>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    if (!text.empty()) text += "\n";
    text += "connector manifest " + manifest::describe_problem(file, problem);
  }
  return text;
}

}  // namespace

std::optional<ConnectorManifest> read_manifest(const std::filesystem::path& manifest_path,
                                               const std::filesystem::path& plugin_dir,
                                               std::string* error) {
  std::vector<ManifestProblem> problems;
  const auto fail = [&]() -> std::optional<ConnectorManifest> {
    *error = describe(manifest_path, problems);
    return std::nullopt;
  };
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.load(manifest_path.string()).get(doc); err) {
    problems.push_back({"", err == simdjson::IO_ERROR ? std::string("cannot be read")
                                                      : std::string("is not valid JSON: ") +
                                                            simdjson::error_message(err)});
    return fail();
  }
  simdjson::dom::object root;
  if (doc.get_object().get(root)) {
    problems.push_back({"", "is not a JSON object"});
    return fail();
  }

  ConnectorManifest manifest;
  manifest.manifest_path = manifest_path;
  manifest.id = std::string(required_string(root, kManifestIdField, problems));
  const std::string_view library = required_string(root, kManifestLibraryField, problems);
  const std::optional<uint32_t> major = read_abi_major(root, problems);
  manifest.abi_major = major.value_or(0);

  simdjson::dom::element pin;
  if (!root[kManifestSha256Field].get(pin)) {
    std::string_view hex;
    if (pin.get_string().get(hex) || !textcodec::is_hex(hex, kSha256HexDigits)) {
      problems.push_back({pointer_to(kManifestSha256Field), "must be 64 hexadecimal digits"});
    } else {
      manifest.sha256 = lowercase(hex);
    }
  }
  if (!problems.empty()) return fail();

  std::filesystem::path library_path(library);
  if (library_path.is_relative()) library_path = plugin_dir / library_path;
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(library_path, ec);
  manifest.library = (ec ? library_path : absolute).lexically_normal();
  return manifest;
}

}  // namespace host::loader
