// master_key.hpp: the 32-byte key that encrypts every secret in the state database.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace host::store {

// The environment variable that, when set, holds the master key as 64 hex characters.
inline constexpr const char* kMasterKeyEnv = "CONNECTOR_HOST_MASTER_KEY";
// The key file's name inside the state directory (64 hex characters and a newline, mode 0600).
inline constexpr const char* kMasterKeyFile = "master.key";

// A master key in memory; wiped when destroyed. Copying is allowed (the SecretBox keeps one) and
// each copy wipes itself.
class MasterKey {
 public:
  static constexpr size_t kSize = 32;
  MasterKey() = default;
  explicit MasterKey(const std::array<unsigned char, kSize>& bytes) : bytes_(bytes) {}
  MasterKey(const MasterKey&) = default;
  MasterKey& operator=(const MasterKey&) = default;
  ~MasterKey();
  const unsigned char* data() const { return bytes_.data(); }

 private:
  std::array<unsigned char, kSize> bytes_{};
};

// Thrown when no usable master key can be had. The message says what to fix; it never contains
// key material.
class MasterKeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A master key with where it came from: "environment variable CONNECTOR_HOST_MASTER_KEY" or
// "master key file PATH" (for messages; never key material), and whether this call created it.
struct LoadedMasterKey {
  MasterKey key;
  std::string source;
  bool created = false;
};

// The master key: from CONNECTOR_HOST_MASTER_KEY when set (64 hex characters, else an error),
// otherwise from <state_dir>/master.key, which is created on first use (mode 0600, from
// RAND_bytes; the state directory is created mode 0700). A key file readable or writable by group
// or others is refused. ERRORS: throws MasterKeyError. THREADING: creation is race-free across
// processes (O_EXCL).
LoadedMasterKey load_or_create_master_key(const std::filesystem::path& state_dir);

// The same without creating anything: nullopt when the variable is unset and the key file does
// not exist. ERRORS: throws MasterKeyError (a bad variable, an unreadable or damaged file).
std::optional<LoadedMasterKey> find_master_key(const std::filesystem::path& state_dir);

// load_or_create_master_key(state_dir).key, for callers that need no source (tests, tools).
MasterKey load_master_key(const std::filesystem::path& state_dir);

// A new key from the system's random generator. ERRORS: throws MasterKeyError.
MasterKey random_master_key();

// The key in a key file (64 hex characters; owner-only mode, a regular file, no symbolic link),
// or nullopt when the file does not exist. ERRORS: throws MasterKeyError.
std::optional<MasterKey> read_master_key_file(const std::filesystem::path& file);

// Creates `file` (O_EXCL, mode 0600) holding `key`, fsync'd; false when the file exists.
// ERRORS: throws MasterKeyError.
bool create_master_key_file(const std::filesystem::path& file, const MasterKey& key);

// Parses 64 hex characters (surrounding whitespace allowed). ERRORS: throws MasterKeyError naming
// `source` and what is wrong (length or a non-hex character), never the text itself.
MasterKey parse_master_key_hex(std::string_view text, std::string_view source);

}  // namespace host::store
