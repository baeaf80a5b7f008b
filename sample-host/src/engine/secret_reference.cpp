#include "engine/secret_reference.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace host::engine {

std::optional<store::SecretString> resolve_secret_reference(const SecretReference& reference,
                                                            const std::filesystem::path& base_dir,
                                                            std::string* error) {
  std::string value;
  if (reference.kind == SecretReference::Kind::kEnv) {
    const char* env = std::getenv(reference.target.c_str());
    if (env == nullptr) {
      *error = "environment variable " + reference.target + " is not set";
      return std::nullopt;
    }
    value = env;
  } else {
    std::filesystem::path path(reference.target);
    if (path.is_relative()) path = base_dir / path;
    // A directory or a device opens fine and fails on read (libstdc++ throws from the
    // iterator): refuse anything but a regular file, and turn a failed read into a field error.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      *error = "secret file " + path.string() + " is not a readable regular file";
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      *error = "cannot read secret file " + path.string();
      return std::nullopt;
    }
    try {
      value.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } catch (const std::exception&) {
      store::SecretString discard(std::move(value));  // wipes what was read
      *error = "cannot read secret file " + path.string();
      return std::nullopt;
    }
    if (value.ends_with('\n')) value.pop_back();
    if (value.ends_with('\r')) value.pop_back();
  }
  store::SecretString secret(std::move(value));
  if (secret.empty()) {
    *error = reference.kind == SecretReference::Kind::kEnv
                 ? "environment variable " + reference.target + " is empty"
                 : "secret file " + reference.target + " is empty";
    return std::nullopt;
  }
  return secret;
}

}  // namespace host::engine
