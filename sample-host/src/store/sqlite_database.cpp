// sqlite_database.cpp: the SQLite backend (the embedded default): one WAL file, writers
// serialized by BEGIN IMMEDIATE and a busy timeout.
#include <sqlite3.h>

#include <chrono>
#include <string>
#include <thread>

#include "store/database.hpp"
#include "store/private_paths.hpp"

namespace host::store {
namespace {

// How long a writer waits for another connection's lock before reporting "database is locked".
constexpr int kBusyTimeoutMs = 10'000;

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : "out of memory";
  throw StoreError(message);
}

void check(sqlite3* db, int rc, std::string_view what) {
  if (rc != SQLITE_OK) fail(db, what);
}

// Switches the file to WAL. On a file not yet in WAL mode that needs an exclusive lock, and SQLite
// answers SQLITE_BUSY at once, without its busy handler, when another connection opening the
// same new file holds a shared lock (waiting could deadlock both): several workers opening a
// fresh database together meet exactly that, so wait and retry within the busy timeout.
// (Each attempt may itself wait in the busy handler: the deadline is on the clock.)
void enable_wal(sqlite3* db) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  while (true) {
    const int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    const int primary = rc & 0xff;
    if ((primary != SQLITE_BUSY && primary != SQLITE_LOCKED) ||
        std::chrono::steady_clock::now() >= deadline) {
      fail(db, "database statement \"PRAGMA journal_mode=WAL\" failed");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

class SqliteStatement final : public StatementBackend {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc =
        sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) {
      // The SQL text is ours (never values), so it may appear in the message.
      fail(db, "cannot prepare \"" + std::string(sql.substr(0, 60)) + "\"");
    }
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind_text(int index, std::string_view text) override {
    check(db_,
          sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT),
          "cannot bind a parameter");
  }
  void bind_blob(int index, std::span<const unsigned char> bytes) override {
    // A zero-length blob is still a blob, not NULL.
    check(db_,
          bytes.empty() ? sqlite3_bind_zeroblob(stmt_, index, 0)
                        : sqlite3_bind_blob(stmt_, index, bytes.data(),
                                            static_cast<int>(bytes.size()), SQLITE_TRANSIENT),
          "cannot bind a parameter");
  }
  void bind_int(int index, int64_t value) override {
    check(db_, sqlite3_bind_int64(stmt_, index, value), "cannot bind a parameter");
  }
  void bind_null(int index) override {
    check(db_, sqlite3_bind_null(stmt_, index), "cannot bind a parameter");
  }
  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "database statement failed");
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  bool is_null(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  int64_t column_int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string column_text(int column) const override {
    const auto* text = sqlite3_column_text(stmt_, column);
    const int len = sqlite3_column_bytes(stmt_, column);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(len))
                : std::string();
  }
  std::string column_blob(int column) const override {
    const void* blob = sqlite3_column_blob(stmt_, column);
    const int len = sqlite3_column_bytes(stmt_, column);
    return blob ? std::string(static_cast<const char*>(blob), static_cast<size_t>(len))
                : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, const std::filesystem::path& path)
      : Database("state database " + path.string()), db_(db) {}
  ~SqliteDatabase() override { sqlite3_close_v2(db_); }

  void exec(std::string_view sql) override {
    std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string why = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      throw StoreError("database statement \"" + text.substr(0, 60) + "\" failed: " + why);
    }
  }
  Statement prepare(std::string_view sql) override {
    return Statement(std::make_unique<SqliteStatement>(db_, sql));
  }
  int changes() const override { return sqlite3_changes(db_); }
  bool has_table(std::string_view name) override {
    Statement select = prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    select.bind(1, name);
    return select.step();
  }
  Backend backend() const override { return Backend::kSqlite; }
  sqlite3* sqlite_handle() override { return db_; }

 protected:
  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

 private:
  sqlite3* db_;
};

}  // namespace

std::unique_ptr<Database> Database::open(const std::filesystem::path& path) {
  // The directory and the file are created owner-only before SQLite sees them; SQLite then gives
  // the -wal and -shm files the database file's mode.
  if (path.has_parent_path()) {
    if (auto problem = ensure_private_directory(path.parent_path())) throw StoreError(*problem);
  }
  if (auto problem = create_private_file(path)) throw StoreError(*problem);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  const std::string where = "state database " + path.string();
  if (rc != SQLITE_OK) {
    std::string message = "cannot open " + where + ": " + (db ? sqlite3_errmsg(db) : "no memory");
    sqlite3_close(db);
    throw StoreError(message);
  }
  auto database = std::make_unique<SqliteDatabase>(db, path);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db, 1);
  try {
    // Reading the schema is the first access to the file: a corrupt file or a file that is not
    // a database fails here, before anything is written.
    enable_wal(db);
    database->exec("PRAGMA synchronous=FULL");
    database->exec("PRAGMA foreign_keys=ON");
    database->exec("SELECT count(*) FROM sqlite_master");
    database->exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " area TEXT NOT NULL, version INTEGER NOT NULL, applied_at INTEGER NOT NULL,"
        " PRIMARY KEY (area, version))");
  } catch (const StoreError& e) {
    throw StoreError("cannot use " + where + ": " + e.what());
  }
  return database;
}

}  // namespace host::store
