#include "engine/connections/secret_reference.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace host::engine {
namespace {

// Closes a file descriptor when the reading is done, whichever way it ends.
struct FileCloser {
  int fd;
  ~FileCloser() {
    if (fd >= 0) ::close(fd);
  }
};

// /proc and /sys files are generated on read (environments, memory maps, kernel state): not
// secrets anyone stores there, and their size is reported as 0, so no bound is known up front.
bool is_virtual_file_system(int fd) {
  struct statfs fs {};
  if (::fstatfs(fd, &fs) != 0) return false;
  return fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC;
}

// Reads the secret file at `path` into `value` (wiped by the caller's SecretString on every
// path). Symbolic links are followed (secret mounts are made of them) but what is opened must be
// a regular file of at most kMaxSecretFileBytes on a real file system.
std::optional<std::string> read_secret_file(const std::filesystem::path& path, std::string& value) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  FileCloser file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (file.fd < 0) {
    return "cannot read secret file " + path.string() + ": " + std::strerror(errno);
  }
  struct stat info {};
  if (::fstat(file.fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    return "secret file " + path.string() +
           " is not a regular file (directories, devices, FIFOs and sockets are refused)";
  }
  if (is_virtual_file_system(file.fd)) {
    return "secret file " + path.string() + " is on /proc or /sys, which hold no stored secrets";
  }
  const std::string too_large = "secret file " + path.string() + " is larger than " +
                                std::to_string(kMaxSecretFileBytes) +
                                " bytes, the most a secret may hold";
  if (static_cast<uint64_t>(info.st_size) > kMaxSecretFileBytes) return too_large;
  // The size may change between fstat and read: read at most one byte past the bound.
  value.resize(kMaxSecretFileBytes + 1);
  size_t used = 0;
  while (used < value.size()) {
    const ssize_t n = ::read(file.fd, value.data() + used, value.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return "cannot read secret file " + path.string() + ": " + std::strerror(errno);
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  if (used > kMaxSecretFileBytes) return too_large;
  value.resize(used);
  return std::nullopt;
}

}  // namespace

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
    if (value.size() > kMaxSecretFileBytes) {
      store::SecretString discard(std::move(value));
      *error = "environment variable " + reference.target + " is larger than " +
               std::to_string(kMaxSecretFileBytes) + " bytes, the most a secret may hold";
      return std::nullopt;
    }
  } else {
    std::filesystem::path path(reference.target);
    if (path.is_relative()) path = base_dir / path;
    if (auto problem = read_secret_file(path, value)) {
      store::SecretString discard(std::move(value));  // wipes what was read
      *error = std::move(*problem);
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
