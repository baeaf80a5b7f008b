// state_backup.hpp: a consistent copy of the state database while other processes use it
// (`connector-host state backup FILE`), through SQLite's online backup API.
#pragma once

#include <filesystem>

#include "store/database.hpp"

namespace host::store {

// Copies `source` into the new file `target` in one step: the copy is the database as one
// committed transaction left it (a read transaction spans the whole copy; in WAL mode writers go
// on meanwhile and their later commits are not in it). The copy is written to a temporary file
// next to `target` (mode 0600: it holds sealed secrets), fsync'd, and renamed to `target`, so
// `target` never holds half a copy. It holds no master key: secrets stay sealed in it.
// ERRORS: throws StoreError naming `target` and the cause (it exists, cannot be written, SQLite's
// error); nothing is left at `target` then.
void backup_database(Database& source, const std::filesystem::path& target);

}  // namespace host::store
