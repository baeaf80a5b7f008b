// cursor_store.hpp: where an export's progress and its claim on its output are kept between runs.
//
// One row per export stream: a flow writing one output file (its canonical path) in one run
// mode ("delta" for modes all and delta, "once"). The row binds three things together:
//   - the cursor: the end of the time window completely and durably in that file;
//   - the definition the cursor was made for (export_definition.hpp): connection, shop,
//     resource, endpoint, filters, window field. A cursor means nothing for another definition;
//   - the file itself as last committed (OutputMark): device and inode, committed size, mtime,
//     and a digest of the committed tail, so that a run can tell its own file from one that
//     another flow or a person appended to, edited or replaced.
// The engine records the size the file will have (pending_bytes) BEFORE appending a slice, then
// appends, fsyncs, and commits the new mark and cursor in one transaction. A run that finds
// bytes past the committed size therefore knows whether an interrupted run of its own wrote
// them (pending_bytes covers them: they are cut, the slices are exported again) or not (refused).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace host::store {
class Database;
}

namespace host::engine {

// A committed output file as it was right after its last commit (see export_output_mark.hpp).
struct OutputMark {
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  std::string tail_sha256;  // hex SHA-256 of the last (up to) 64 KiB before `size`

  bool operator==(const OutputMark&) const = default;
};

// "delta" serves modes all and delta (one growing file); "once" serves mode once.
enum class StreamMode { kDelta, kOnce };
const char* stream_mode_name(StreamMode mode);

struct ExportStream {
  std::string flow;
  std::string output;  // canonical path
  // nullopt: the row was written before the host recorded it (schema version 1); the first run
  // that finds it adopts its own.
  std::optional<StreamMode> mode;
  std::optional<std::string> definition;
  std::optional<int64_t> cursor;  // unix seconds; nullopt before the first windowed commit
  bool completed = false;         // mode once: finished
  uint64_t committed_bytes = 0;
  std::optional<OutputMark> mark;         // nullopt: schema version 1 (size only)
  std::optional<uint64_t> pending_bytes;  // an append was started and not committed
};

// THREADING: one thread at a time (it owns a database connection).
// ERRORS: the database store throws store::StoreError.
class CursorStore {
 public:
  virtual ~CursorStore() = default;
  virtual std::optional<ExportStream> load(const std::string& flow, const std::string& output) = 0;
  // Every stream, of any flow, whose output is `output` or whose mark names (device, inode).
  virtual std::vector<ExportStream> streams_of_file(const std::string& output, uint64_t device,
                                                    uint64_t inode) = 0;
  // Writes the whole row (a new stream, a reset, a take-over, an adopted version-1 row).
  virtual void save(const ExportStream& stream) = 0;
  virtual void remove(const std::string& flow, const std::string& output) = 0;
  // Durably notes that the output is about to grow to `pending_bytes`.
  virtual void begin_append(const std::string& flow, const std::string& output,
                            uint64_t pending_bytes) = 0;
  // Atomically: the output now is `mark` (committed_bytes = mark.size, nothing pending) and,
  // when given, the cursor is `cursor`.
  virtual void commit(const std::string& flow, const std::string& output,
                      std::optional<int64_t> cursor, const OutputMark& mark) = 0;
  virtual void mark_completed(const std::string& flow, const std::string& output) = 0;
};

// The store in the state database (tables of area "engine_export"), SQLite or PostgreSQL.
// OWNERSHIP: borrows `db`, which must outlive the store.
std::unique_ptr<CursorStore> make_cursor_store(store::Database& db);

}  // namespace host::engine
