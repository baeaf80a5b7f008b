// cursor_store.hpp: where an export flow's progress is kept between runs.
//
// Per flow name: the delta cursor (the end of the time window that is completely and durably
// exported), whether a "once" flow has completed, and per output file the number of bytes that
// belong to committed slices. The engine appends a slice's records to the output, fsyncs, then
// commits the cursor and the new byte count in ONE transaction; on the next run, bytes past the
// committed count (written by a run that died before its commit) are cut off, because that run's
// uncommitted slices will be exported again. So the output holds every committed record once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace host::store {
class Database;
}

namespace host::engine {

struct ExportProgress {
  std::optional<int64_t> cursor;            // unix seconds; nullopt before the first commit
  bool completed = false;                   // a "once" flow that finished
  std::optional<uint64_t> committed_bytes;  // for the output asked about; nullopt: never written
};

// THREADING: one thread at a time (it owns a database connection).
class CursorStore {
 public:
  virtual ~CursorStore() = default;
  virtual ExportProgress load(const std::string& flow, const std::string& output) = 0;
  // Atomically records that `output` holds `committed_bytes` committed bytes and, when given,
  // that the flow's cursor is now `cursor`.
  virtual void commit(const std::string& flow, const std::string& output,
                      std::optional<int64_t> cursor, uint64_t committed_bytes) = 0;
  virtual void mark_completed(const std::string& flow) = 0;
};

// The SQLite store (tables of area "engine_export" in the state database).
// OWNERSHIP: borrows `db`, which must outlive the store. ERRORS: throws store::StoreError.
std::unique_ptr<CursorStore> make_sqlite_cursor_store(store::Database& db);

}  // namespace host::engine
