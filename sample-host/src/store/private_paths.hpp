// private_paths.hpp: the state directory and the files in it are the owner's alone.
//
// The state holds connections, authorized shops, sealed secrets and webhook bodies: the directory
// is created mode 0700 and every file the host creates there mode 0600 (explicit modes rather than
// a process umask: the umask would also reach the export files a person asked for elsewhere, and
// changing it per call would race between threads). SQLite gives its -wal, -shm and -journal
// files the mode of the database file, so creating state.db 0600 covers them too.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace host::store {

// Creates `dir` when missing (missing parents with the default mode, `dir` itself 0700). When
// `dir` already exists and group or others have any access to it, writes a warning (once per
// process and directory) naming the mode and the fix. Returns a sentence naming `dir` and the
// cause when it cannot be created. THREADING: any thread.
std::optional<std::string> ensure_private_directory(const std::filesystem::path& dir);

// Creates `file` mode 0600 if it does not exist (an existing file keeps its mode), so that a
// library that opens it next (SQLite) finds an owner-only file. Returns a sentence naming `file`
// and the cause on failure. THREADING: any thread (creation is idempotent).
std::optional<std::string> create_private_file(const std::filesystem::path& file);

}  // namespace host::store
