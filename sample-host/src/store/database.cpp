#include "store/database.hpp"

#include <sqlite3.h>

#include "store/private_paths.hpp"

#include <chrono>
#include <string>
#include <thread>

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

void check(sqlite3* db, int rc, std::string_view what) {
  if (rc != SQLITE_OK) fail(db, what);
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    // The SQL text is ours (never values), so it may appear in the message.
    fail(db, "cannot prepare \"" + std::string(sql.substr(0, 60)) + "\"");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
  check(
      db_,
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT),
      "cannot bind a parameter");
  return *this;
}

Statement& Statement::bind_blob(int index, std::span<const unsigned char> bytes) {
  // A zero-length blob is still a blob, not NULL.
  check(db_,
        bytes.empty() ? sqlite3_bind_zeroblob(stmt_, index, 0)
                      : sqlite3_bind_blob(stmt_, index, bytes.data(),
                                          static_cast<int>(bytes.size()), SQLITE_TRANSIENT),
        "cannot bind a parameter");
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  check(db_, sqlite3_bind_int64(stmt_, index, value), "cannot bind a parameter");
  return *this;
}

Statement& Statement::bind_null(int index) {
  check(db_, sqlite3_bind_null(stmt_, index), "cannot bind a parameter");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "database statement failed");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  const int len = sqlite3_column_bytes(stmt_, column);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(len))
              : std::string();
}

std::string Statement::column_blob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  const int len = sqlite3_column_bytes(stmt_, column);
  return blob ? std::string(static_cast<const char*>(blob), static_cast<size_t>(len))
              : std::string();
}

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
  std::unique_ptr<Database> database(new Database(db, path));
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

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw StoreError("database statement \"" + text.substr(0, 60) + "\" failed: " + why);
  }
}

void Database::transaction(const std::function<void()>& body) {
  exec("BEGIN IMMEDIATE");
  try {
    body();
    exec("COMMIT");
  } catch (...) {
    // The rollback may itself fail (e.g. the COMMIT already ended the transaction); the original
    // error is the one worth reporting.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

int64_t Database::applied_versions(std::string_view area) {
  Statement applied(db_, "SELECT count(*) FROM schema_migrations WHERE area = ?1");
  applied.bind(1, area);
  return applied.step() ? applied.column_int(0) : 0;
}

void Database::migrate(std::string_view area, std::span<const std::string_view> steps) {
  // A database already at the newest version is the common case (every command and every run
  // opens it): answer it with one read, so that many processes opening the state at once do not
  // queue for the write lock only to find nothing to do.
  // (The statement is finished before any step runs: SQLite refuses DDL while it is open.)
  if (applied_versions(area) >= static_cast<int64_t>(steps.size())) return;
  for (size_t version = 0; version < steps.size(); ++version) {
    transaction([&] {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      Statement done(db_, "SELECT 1 FROM schema_migrations WHERE area = ?1 AND version = ?2");
      done.bind(1, area).bind(2, static_cast<int64_t>(version + 1));
      if (done.step()) return;
      try {
        exec(steps[version]);
      } catch (const StoreError& e) {
        throw StoreError("migration " + std::string(area) + " " + std::to_string(version + 1) +
                         " failed: " + e.what());
      }
      Statement record(db_,
                       "INSERT INTO schema_migrations(area, version, applied_at)"
                       " VALUES (?1, ?2, strftime('%s','now'))");
      record.bind(1, area).bind(2, static_cast<int64_t>(version + 1)).run();
    });
  }
}

int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

}  // namespace host::store
