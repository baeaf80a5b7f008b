#include "store/master_key.hpp"

#include "store/private_paths.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <text_codec/hex.hpp>

namespace host::store {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Reads a whole (small) file descriptor into `out`, which the caller wipes.
bool read_all(int fd, std::string& out) {
  char buf[256];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > 4096) break;  // a key file is 65 bytes; anything huge is not one
  }
  OPENSSL_cleanse(buf, sizeof buf);
  return true;
}

std::string errno_text() { return std::strerror(errno); }

// nullopt when the file does not exist.
std::optional<MasterKey> read_key_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 && errno == ENOENT) return std::nullopt;
  if (fd < 0)
    throw MasterKeyError("cannot read master key file " + file.string() + ": " + errno_text());
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw MasterKeyError("master key file " + file.string() + " is not a regular file");
  }
  if ((info.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    throw MasterKeyError("master key file " + file.string() + " has mode " + mode +
                         "; it must be readable by its owner only (chmod 600)");
  }
  std::string text;
  const bool ok = read_all(fd, text);
  ::close(fd);
  if (!ok) {
    OPENSSL_cleanse(text.data(), text.size());
    throw MasterKeyError("cannot read master key file " + file.string());
  }
  try {
    MasterKey key = parse_master_key_hex(text, "master key file " + file.string());
    OPENSSL_cleanse(text.data(), text.size());
    return key;
  } catch (...) {
    OPENSSL_cleanse(text.data(), text.size());
    throw;
  }
}

// Creates the key file holding `key` with O_EXCL; false when it exists (another process won the
// race to create it).
bool create_key_file(const std::filesystem::path& file, const MasterKey& key) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw MasterKeyError("cannot create master key file " + file.string() + ": " + errno_text());
  }
  char text[MasterKey::kSize * 2 + 1];
  textcodec::write_hex(std::span<const unsigned char>(key.data(), MasterKey::kSize), text);
  text[sizeof text - 1] = '\n';
  const bool written =
      ::write(fd, text, sizeof text) == static_cast<ssize_t>(sizeof text) && ::fsync(fd) == 0;
  ::close(fd);
  OPENSSL_cleanse(text, sizeof text);
  if (!written) {
    ::unlink(file.c_str());
    throw MasterKeyError("cannot write master key file " + file.string());
  }
  return true;
}

}  // namespace

MasterKey::~MasterKey() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

MasterKey random_master_key() {
  std::array<unsigned char, MasterKey::kSize> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw MasterKeyError("cannot generate a master key: the random generator failed");
  }
  MasterKey key(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return key;
}

std::optional<MasterKey> read_master_key_file(const std::filesystem::path& file) {
  return read_key_file(file);
}

bool create_master_key_file(const std::filesystem::path& file, const MasterKey& key) {
  return create_key_file(file, key);
}

MasterKey parse_master_key_hex(std::string_view text, std::string_view source) {
  std::string trimmed = trim(text);
  if (trimmed.size() != MasterKey::kSize * 2) {
    const size_t length = trimmed.size();
    OPENSSL_cleanse(trimmed.data(), trimmed.size());
    throw MasterKeyError(std::string(source) + " must be 64 hex characters (32 bytes); it has " +
                         std::to_string(length) + " characters");
  }
  std::array<unsigned char, MasterKey::kSize> bytes{};
  const bool decoded = textcodec::decode_hex(trimmed, bytes);
  OPENSSL_cleanse(trimmed.data(), trimmed.size());
  if (!decoded) {
    OPENSSL_cleanse(bytes.data(), bytes.size());
    throw MasterKeyError(std::string(source) +
                         " must be 64 hex characters (32 bytes); it contains a non-hex character");
  }
  MasterKey key(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return key;
}

namespace {

std::string key_file_source(const std::filesystem::path& file) {
  return "master key file " + file.string();
}

std::optional<LoadedMasterKey> key_from_environment() {
  const char* env = std::getenv(kMasterKeyEnv);
  if (env == nullptr) return std::nullopt;
  std::string source = std::string("environment variable ") + kMasterKeyEnv;
  MasterKey key = parse_master_key_hex(env, source);
  return LoadedMasterKey{key, std::move(source), false};
}

}  // namespace

std::optional<LoadedMasterKey> find_master_key(const std::filesystem::path& state_dir) {
  if (auto from_env = key_from_environment()) return from_env;
  if (state_dir.empty()) return std::nullopt;  // a state in PostgreSQL has no key file
  const auto file = state_dir / kMasterKeyFile;
  std::optional<MasterKey> key = read_key_file(file);
  if (!key) return std::nullopt;
  return LoadedMasterKey{*key, key_file_source(file), false};
}

LoadedMasterKey load_or_create_master_key(const std::filesystem::path& state_dir) {
  if (auto from_env = key_from_environment()) return *from_env;
  if (state_dir.empty()) {
    throw MasterKeyError(std::string("the state is in PostgreSQL, which keeps no key file: set ") +
                         kMasterKeyEnv +
                         " to the master key (64 hex characters), the same on every host");
  }
  if (auto problem = ensure_private_directory(state_dir)) throw MasterKeyError(*problem);
  const auto file = state_dir / kMasterKeyFile;
  const MasterKey key = random_master_key();
  if (create_key_file(file, key)) return LoadedMasterKey{key, key_file_source(file), true};
  // Another process created it between our attempt and now: read theirs.
  std::optional<MasterKey> existing = read_key_file(file);
  if (!existing) throw MasterKeyError("master key file " + file.string() + " vanished");
  return LoadedMasterKey{*existing, key_file_source(file), false};
}

MasterKey load_master_key(const std::filesystem::path& state_dir) {
  return load_or_create_master_key(state_dir).key;
}

}  // namespace host::store
