#include "engine/cursor_store.hpp"

#include <ctime>
#include <string_view>

#include "store/database.hpp"

namespace host::engine {
namespace {

constexpr std::string_view kMigrations[] = {
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
};

class SqliteCursorStore : public CursorStore {
 public:
  explicit SqliteCursorStore(store::Database& db) : db_(db) {
    db_.migrate("engine_export", kMigrations);
  }

  ExportProgress load(const std::string& flow, const std::string& output) override {
    ExportProgress progress;
    auto cursor = db_.prepare("SELECT cursor, completed_at FROM export_cursors WHERE flow = ?");
    cursor.bind(1, flow);
    if (cursor.step()) {
      if (!cursor.is_null(0)) progress.cursor = cursor.column_int(0);
      progress.completed = !cursor.is_null(1);
    }
    auto bytes = db_.prepare(
        "SELECT committed_bytes FROM export_outputs WHERE flow = ? AND path = ?");
    bytes.bind(1, flow).bind(2, output);
    if (bytes.step()) progress.committed_bytes = static_cast<uint64_t>(bytes.column_int(0));
    return progress;
  }

  void commit(const std::string& flow, const std::string& output, std::optional<int64_t> cursor,
              uint64_t committed_bytes) override {
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    db_.transaction([&] {
      auto out = db_.prepare(
          "INSERT INTO export_outputs(flow, path, committed_bytes, updated_at) VALUES (?,?,?,?) "
          "ON CONFLICT(flow, path) DO UPDATE SET committed_bytes = excluded.committed_bytes, "
          "updated_at = excluded.updated_at");
      out.bind(1, flow).bind(2, output).bind(3, static_cast<int64_t>(committed_bytes)).bind(4, now);
      out.run();
      if (cursor) {
        auto c = db_.prepare(
            "INSERT INTO export_cursors(flow, cursor, updated_at) VALUES (?,?,?) "
            "ON CONFLICT(flow) DO UPDATE SET cursor = excluded.cursor, "
            "updated_at = excluded.updated_at");
        c.bind(1, flow).bind(2, *cursor).bind(3, now);
        c.run();
      }
    });
  }

  void mark_completed(const std::string& flow) override {
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    auto c = db_.prepare(
        "INSERT INTO export_cursors(flow, completed_at, updated_at) VALUES (?,?,?) "
        "ON CONFLICT(flow) DO UPDATE SET completed_at = excluded.completed_at, "
        "updated_at = excluded.updated_at");
    c.bind(1, flow).bind(2, now).bind(3, now);
    c.run();
  }

 private:
  store::Database& db_;
};

}  // namespace

std::unique_ptr<CursorStore> make_sqlite_cursor_store(store::Database& db) {
  return std::make_unique<SqliteCursorStore>(db);
}

}  // namespace host::engine
