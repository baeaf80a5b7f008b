// file_sha256.hpp: the SHA-256 of a file's bytes, for checking a connector library's pin.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace host::loader {

// Returns the lowercase hex SHA-256 of the file at `path`, reading it in chunks (memory does not
// grow with the file). ERRORS: nullopt with `error` set to a sentence naming the file when it
// cannot be opened or read, or when OpenSSL fails. THREADING: any thread.
std::optional<std::string> file_sha256_hex(const std::filesystem::path& path, std::string* error);

}  // namespace host::loader
