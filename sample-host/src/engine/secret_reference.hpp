// secret_reference.hpp: manifests never hold secrets, only references to where they are:
// {"env": "NAME"} (an environment variable) or {"file": "PATH"} (a file, relative to the
// manifest's folder; one trailing newline is dropped).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "store/secret_box.hpp"

namespace host::engine {

struct SecretReference {
  enum class Kind { kEnv, kFile };
  Kind kind = Kind::kEnv;
  std::string target;  // the variable name or the file path as written
};

// Reads the secret a reference points to. Returns nullopt and sets *error (a sentence naming the
// variable or file, never the value) when it is unset, unreadable or empty.
std::optional<store::SecretString> resolve_secret_reference(const SecretReference& reference,
                                                            const std::filesystem::path& base_dir,
                                                            std::string* error);

}  // namespace host::engine
