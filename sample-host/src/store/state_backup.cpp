#include "store/state_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

namespace host::store {
namespace {

[[noreturn]] void fail(const std::filesystem::path& target, const std::string& why) {
  throw StoreError("cannot back up to " + target.string() + ": " + why);
}

bool sync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

// Copies every page of `source` into the database at `temporary` in one backup step.
void copy_pages(Database& source, const std::filesystem::path& temporary,
                const std::filesystem::path& target) {
  sqlite3* copy = nullptr;
  if (sqlite3_open_v2(temporary.c_str(), &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string why = copy != nullptr ? sqlite3_errmsg(copy) : "out of memory";
    sqlite3_close(copy);
    fail(target, why);
  }
  sqlite3_backup* backup = sqlite3_backup_init(copy, "main", source.sqlite_handle(), "main");
  if (backup == nullptr) {
    const std::string why = sqlite3_errmsg(copy);
    sqlite3_close(copy);
    fail(target, why);
  }
  // -1: every page in one step, under one read transaction of the source: a consistent copy
  // that concurrent writers cannot make restart.
  const int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  const std::string why = rc == SQLITE_DONE ? "" : sqlite3_errstr(rc);
  sqlite3_close(copy);
  if (rc != SQLITE_DONE) fail(target, why);
}

}  // namespace

void backup_database(Database& source, const std::filesystem::path& target) {
  if (source.sqlite_handle() == nullptr) {
    fail(target, source.name() +
                     " is not a SQLite file; back up a PostgreSQL state with pg_dump (its secrets "
                     "are sealed there too)");
  }
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(target, ec))) {
    fail(target, "it exists (give a new file name)");
  }
  const std::filesystem::path temporary =
      target.string() + ".partial-" + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    fail(target, std::string("cannot create ") + temporary.string() + ": " + std::strerror(errno));
  ::close(fd);
  try {
    copy_pages(source, temporary, target);
    if (!sync_path(temporary, O_RDONLY)) fail(target, "cannot fsync " + temporary.string());
    // link() instead of rename(): it refuses a target that appeared meanwhile.
    if (::link(temporary.c_str(), target.c_str()) != 0) {
      fail(target, std::strerror(errno));
    }
    ::unlink(temporary.c_str());
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  sync_path(dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace host::store
