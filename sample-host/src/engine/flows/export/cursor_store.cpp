#include "engine/flows/export/cursor_store.hpp"

#include <ctime>
#include <string_view>

#include "store/database.hpp"

namespace host::engine {
namespace {

constexpr std::string_view kMigrations[] = {
    // 1: a cursor per flow name, and a committed size per (flow, output path).
    "CREATE TABLE export_cursors ("
    "  flow TEXT PRIMARY KEY,"
    "  cursor INTEGER,"
    "  completed_at INTEGER,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE TABLE export_outputs ("
    "  flow TEXT NOT NULL,"
    "  path TEXT NOT NULL,"
    "  committed_bytes INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (flow, path));",
    // 2: one row per (flow, output): the cursor, what it was made for, and the file as committed.
    // Version-1 rows keep their cursor and size; mode, definition and mark stay NULL until the
    // next run adopts them (cursor_store.hpp).
    "CREATE TABLE export_streams ("
    "  flow TEXT NOT NULL,"
    "  output TEXT NOT NULL,"
    "  mode TEXT CHECK (mode IN ('delta', 'once')),"
    "  definition TEXT,"
    "  cursor INTEGER,"
    "  completed_at INTEGER,"
    "  committed_bytes INTEGER NOT NULL,"
    "  device INTEGER,"
    "  inode INTEGER,"
    "  mtime_ns INTEGER,"
    "  tail_sha256 TEXT,"
    "  pending_bytes INTEGER,"
    "  updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (flow, output));"
    "CREATE INDEX export_streams_by_file ON export_streams(device, inode);"
    "INSERT INTO export_streams(flow, output, cursor, completed_at, committed_bytes, updated_at)"
    "  SELECT o.flow, o.path, c.cursor, c.completed_at, o.committed_bytes, o.updated_at"
    "  FROM export_outputs o LEFT JOIN export_cursors c ON c.flow = o.flow;"
    "DROP TABLE export_outputs;"
    "DROP TABLE export_cursors;",
};

constexpr const char* kColumns =
    "SELECT flow, output, mode, definition, cursor, completed_at, committed_bytes, device, inode,"
    " mtime_ns, tail_sha256, pending_bytes FROM export_streams ";

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

template <typename T>
void bind_or_null(store::Statement& s, int index, const std::optional<T>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind_null(index);
  }
}

ExportStream read_stream(store::Statement& s) {
  ExportStream out;
  out.flow = s.column_text(0);
  out.output = s.column_text(1);
  if (!s.is_null(2)) out.mode = s.column_text(2) == "once" ? StreamMode::kOnce : StreamMode::kDelta;
  if (!s.is_null(3)) out.definition = s.column_text(3);
  if (!s.is_null(4)) out.cursor = s.column_int(4);
  out.completed = !s.is_null(5);
  out.committed_bytes = static_cast<uint64_t>(s.column_int(6));
  if (!s.is_null(7)) {
    OutputMark m;
    m.device = static_cast<uint64_t>(s.column_int(7));
    m.inode = static_cast<uint64_t>(s.column_int(8));
    m.size = out.committed_bytes;
    m.mtime_ns = s.column_int(9);
    m.tail_sha256 = s.column_text(10);
    out.mark = m;
  }
  if (!s.is_null(11)) out.pending_bytes = static_cast<uint64_t>(s.column_int(11));
  return out;
}

class DatabaseCursorStore : public CursorStore {
 public:
  explicit DatabaseCursorStore(store::Database& db) : db_(db) {
    db_.migrate("engine_export", kMigrations);
  }

  std::optional<ExportStream> load(const std::string& flow, const std::string& output) override {
    auto s = db_.prepare(std::string(kColumns) + "WHERE flow = ? AND output = ?");
    s.bind(1, flow).bind(2, output);
    if (!s.step()) return std::nullopt;
    return read_stream(s);
  }

  std::vector<ExportStream> streams_of_file(const std::string& output, uint64_t device,
                                            uint64_t inode) override {
    auto s = db_.prepare(std::string(kColumns) + "WHERE output = ? OR (device = ? AND inode = ?)");
    s.bind(1, output).bind(2, static_cast<int64_t>(device)).bind(3, static_cast<int64_t>(inode));
    std::vector<ExportStream> out;
    while (s.step()) out.push_back(read_stream(s));
    return out;
  }

  void save(const ExportStream& st) override {
    auto s = db_.prepare(
        "INSERT INTO export_streams(flow, output, mode, definition, cursor,"
        " completed_at, committed_bytes, device, inode, mtime_ns, tail_sha256, pending_bytes,"
        " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (flow, output) DO UPDATE SET mode = excluded.mode,"
        " definition = excluded.definition, cursor = excluded.cursor,"
        " completed_at = excluded.completed_at, committed_bytes = excluded.committed_bytes,"
        " device = excluded.device, inode = excluded.inode, mtime_ns = excluded.mtime_ns,"
        " tail_sha256 = excluded.tail_sha256, pending_bytes = excluded.pending_bytes,"
        " updated_at = excluded.updated_at");
    const OutputMark* m = st.mark ? &*st.mark : nullptr;
    s.bind(1, st.flow).bind(2, st.output);
    bind_or_null(s, 3,
                 st.mode ? std::optional<std::string>(stream_mode_name(*st.mode)) : std::nullopt);
    bind_or_null(s, 4, st.definition);
    bind_or_null(s, 5, st.cursor);
    bind_or_null(s, 6, st.completed ? std::optional<int64_t>(now()) : std::nullopt);
    s.bind(7, static_cast<int64_t>(st.committed_bytes));
    bind_or_null(s, 8, m ? std::optional<int64_t>(static_cast<int64_t>(m->device)) : std::nullopt);
    bind_or_null(s, 9, m ? std::optional<int64_t>(static_cast<int64_t>(m->inode)) : std::nullopt);
    bind_or_null(s, 10, m ? std::optional<int64_t>(m->mtime_ns) : std::nullopt);
    bind_or_null(s, 11, m ? std::optional<std::string>(m->tail_sha256) : std::nullopt);
    bind_or_null(s, 12,
                 st.pending_bytes ? std::optional<int64_t>(*st.pending_bytes) : std::nullopt);
    s.bind(13, now());
    s.run();
  }

  void remove(const std::string& flow, const std::string& output) override {
    db_.prepare("DELETE FROM export_streams WHERE flow = ? AND output = ?")
        .bind(1, flow)
        .bind(2, output)
        .run();
  }

  void begin_append(const std::string& flow, const std::string& output,
                    uint64_t pending_bytes) override {
    db_.prepare(
           "UPDATE export_streams SET pending_bytes = ?, updated_at = ? "
           "WHERE flow = ? AND output = ?")
        .bind(1, static_cast<int64_t>(pending_bytes))
        .bind(2, now())
        .bind(3, flow)
        .bind(4, output)
        .run();
  }

  void commit(const std::string& flow, const std::string& output, std::optional<int64_t> cursor,
              const OutputMark& mark) override {
    auto s = db_.prepare(
        "UPDATE export_streams SET committed_bytes = ?, device = ?, inode = ?, mtime_ns = ?,"
        " tail_sha256 = ?, pending_bytes = NULL, cursor = COALESCE(?, cursor), updated_at = ? "
        "WHERE flow = ? AND output = ?");
    s.bind(1, static_cast<int64_t>(mark.size)).bind(2, static_cast<int64_t>(mark.device));
    s.bind(3, static_cast<int64_t>(mark.inode)).bind(4, mark.mtime_ns).bind(5, mark.tail_sha256);
    bind_or_null(s, 6, cursor);
    s.bind(7, now()).bind(8, flow).bind(9, output);
    s.run();  // one statement: cursor and mark move together
  }

  void mark_completed(const std::string& flow, const std::string& output) override {
    db_.prepare(
           "UPDATE export_streams SET completed_at = ?, updated_at = ? "
           "WHERE flow = ? AND output = ?")
        .bind(1, now())
        .bind(2, now())
        .bind(3, flow)
        .bind(4, output)
        .run();
  }

 private:
  store::Database& db_;
};

}  // namespace

const char* stream_mode_name(StreamMode mode) {
  return mode == StreamMode::kOnce ? "once" : "delta";
}

std::unique_ptr<CursorStore> make_cursor_store(store::Database& db) {
  return std::make_unique<DatabaseCursorStore>(db);
}

}  // namespace host::engine
