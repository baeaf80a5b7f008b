#include "store/private_paths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>

#include "log/log_sink.hpp"

namespace host::store {
namespace {

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Warns about `dir` the first time this process sees it open to others: a run opens the state
// database from several places (and threads), one line is enough.
void warn_once_if_shared(const std::filesystem::path& dir, mode_t mode) {
  if ((mode & 077) == 0) return;
  static std::mutex mutex;
  static std::set<std::string> warned;
  {
    std::lock_guard lock(mutex);
    if (!warned.insert(dir.string()).second) return;
  }
  log::warn("state", "state directory " + dir.string() + " has mode " + mode_text(mode) +
                         ": other local users can reach the connections, shops and webhook "
                         "bodies in it; make it private with `chmod 700 " +
                         dir.string() + "`");
}

}  // namespace

std::optional<std::string> ensure_private_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (dir.has_parent_path() && !dir.parent_path().empty()) {
    std::filesystem::create_directories(dir.parent_path(), ec);
    if (ec) return "cannot create state directory " + dir.string() + ": " + ec.message();
  }
  if (::mkdir(dir.c_str(), 0700) == 0) return std::nullopt;
  if (errno != EEXIST) {
    return "cannot create state directory " + dir.string() + ": " + std::strerror(errno);
  }
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    return "state directory " + dir.string() + " exists but is not a directory";
  }
  warn_once_if_shared(dir, info.st_mode);
  return std::nullopt;
}

std::optional<std::string> create_private_file(const std::filesystem::path& file) {
  // O_EXCL: an existing file is left exactly as it is (SQLite reports what is wrong with it).
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0 && errno == EEXIST) return std::nullopt;
  if (fd < 0) return "cannot create " + file.string() + ": " + std::strerror(errno);
  ::close(fd);
  return std::nullopt;
}

}  // namespace host::store
