// secret_reference.hpp: manifests never hold secrets, only references to where they are:
// {"env": "NAME"} (an environment variable) or {"file": "PATH"} (a file, relative to the
// manifest's folder; one trailing newline is dropped).
#pragma once

#include <cstddef>
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

// The most a secret may hold (API secrets and tokens are far smaller; a key file is a few KiB).
inline constexpr size_t kMaxSecretFileBytes = 64 * 1024;

// Reads the secret a reference points to. Returns nullopt and sets *error (a sentence naming the
// variable or file, never the value) when it is unset, unreadable, empty or larger than
// kMaxSecretFileBytes. A file reference follows symbolic links (secret mounts use them) and must
// end at a regular file on a real file system: directories, devices, FIFOs, sockets and /proc or
// /sys files are refused, and no more than the bound plus one byte is ever read.
std::optional<store::SecretString> resolve_secret_reference(const SecretReference& reference,
                                                            const std::filesystem::path& base_dir,
                                                            std::string* error);

}  // namespace host::engine
