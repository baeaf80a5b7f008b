// database.hpp: the host's one state database, with per-area schema migrations. Two backends
// behind one interface: SQLite (WAL; the embedded default, <state dir>/state.db) and PostgreSQL
// (libpq; a postgresql:// URI, shared by several hosts).
//
// Every area of the host (connections and secrets, export cursors, the import ledger, the webhook
// inbox, the run history) keeps its tables here and registers its own migrations under its own
// area name. SQL is written once, in the subset both backends share:
//   - placeholders are ?1, ?2, ... (or ?, numbered in order); PostgreSQL sees $1, $2, ...;
//   - upserts are INSERT ... ON CONFLICT, new ids come back through RETURNING;
//   - migrations use the column types INTEGER (64-bit on both: BIGINT in PostgreSQL), TEXT and
//     BLOB (BYTEA); "INTEGER PRIMARY KEY" (with or without AUTOINCREMENT) is an id that the
//     database assigns when none is given, on both;
//   - booleans are INTEGER 0/1 in tables; a boolean expression read with column_int is 0 or 1.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

struct sqlite3;

namespace host::store {

// Thrown for database failures inside the host (never across the ABI). The message names the
// database, the operation and the backend's own explanation; it never contains bound values
// (they may be secrets) or a password.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One prepared statement of one backend (what Statement forwards to).
class StatementBackend {
 public:
  virtual ~StatementBackend() = default;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_blob(int index, std::span<const unsigned char> bytes) = 0;
  virtual void bind_int(int index, int64_t value) = 0;
  virtual void bind_null(int index) = 0;
  virtual bool step() = 0;
  virtual void reset() = 0;
  virtual bool is_null(int column) const = 0;
  virtual int64_t column_int(int column) const = 0;
  virtual std::string column_text(int column) const = 0;
  virtual std::string column_blob(int column) const = 0;
};

// A prepared statement. Bind indexes are 1-based (?1 is index 1).
class Statement {
 public:
  explicit Statement(std::unique_ptr<StatementBackend> backend) : backend_(std::move(backend)) {}

  // ERRORS: PostgreSQL throws StoreError for text holding a NUL byte or not UTF-8 (SQLite
  // keeps both as they are; bytes that must survive either backend go through bind_blob).
  Statement& bind(int index, std::string_view text) {
    backend_->bind_text(index, text);
    return *this;
  }
  Statement& bind_blob(int index, std::span<const unsigned char> bytes) {
    backend_->bind_blob(index, bytes);
    return *this;
  }
  Statement& bind(int index, int64_t value) {
    backend_->bind_int(index, value);
    return *this;
  }
  Statement& bind_null(int index) {
    backend_->bind_null(index);
    return *this;
  }
  // Binds `values` to ?1, ?2, ... in order: one list in the order of the placeholders instead of
  // an index per value. Each value is text, an integer or bytes (std::span<const unsigned char>).
  template <typename... Values>
  Statement& bind_all(const Values&... values) {
    int index = 1;
    (bind_value(index++, values), ...);
    return *this;
  }
  // Advances; true while a row is available. Throws StoreError on failure.
  bool step() { return backend_->step(); }
  // Runs to completion (for statements that return no rows).
  void run() {
    while (step()) {
    }
  }
  void reset() { backend_->reset(); }  // ready to bind and step again

  // Columns of the current row. NULL reads as 0 or "".
  bool is_null(int column) const { return backend_->is_null(column); }
  int64_t column_int(int column) const { return backend_->column_int(column); }
  std::string column_text(int column) const { return backend_->column_text(column); }
  std::string column_blob(int column) const { return backend_->column_blob(column); }

  // One column into a field of its type (a bool is an integer column, non-zero for true).
  void read_column(int column, int64_t& out) const { out = column_int(column); }
  void read_column(int column, uint64_t& out) const {
    out = static_cast<uint64_t>(column_int(column));  // counts, stored as 64-bit integers
  }
  void read_column(int column, bool& out) const { out = column_int(column) != 0; }
  void read_column(int column, std::string& out) const { out = column_text(column); }
  void read_column(int column, std::optional<int64_t>& out) const {  // NULL: nullopt
    if (is_null(column)) {
      out.reset();
    } else {
      out = column_int(column);
    }
  }

 private:
  void bind_value(int index, std::string_view text) { bind(index, text); }
  void bind_value(int index, int64_t value) { bind(index, value); }
  void bind_value(int index, std::span<const unsigned char> bytes) { bind_blob(index, bytes); }

  std::unique_ptr<StatementBackend> backend_;
};

// A string's bytes as bind_blob and bind_all take them (sealed secrets travel as std::string).
inline std::span<const unsigned char> as_bytes(std::string_view s) {
  return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

// Reads the current row's columns into `fields`, column 0 first: one list in the order of the
// SELECT, instead of an index per field.
template <typename... Fields>
void read_columns(const Statement& row, Fields&... fields) {
  int column = 0;
  (row.read_column(column++, fields), ...);
}

// Every row `select` yields, each made by `read(const Statement&)`.
template <typename Read>
auto read_rows(Statement& select, Read&& read) {
  std::vector<std::invoke_result_t<Read&, const Statement&>> rows;
  while (select.step()) rows.push_back(read(std::as_const(select)));
  return rows;
}

// The first row `select` yields, made by `read(const Statement&)`, or nullopt when there is none.
template <typename Read>
auto read_first_row(Statement& select, Read&& read)
    -> std::optional<std::invoke_result_t<Read&, const Statement&>> {
  if (!select.step()) return std::nullopt;
  return read(std::as_const(select));
}

// Where the state is: a directory (SQLite in <dir>/state.db, the master key file beside it) or a
// PostgreSQL database (a postgresql:// or postgres:// URI; no files: the master key comes from
// CONNECTOR_HOST_MASTER_KEY, the same on every host).
struct StateLocation {
  std::filesystem::path dir;  // empty when the state is in PostgreSQL
  std::string database_uri;   // empty for SQLite

  // `--state`'s value: a URI when it starts with postgresql:// or postgres://, else a directory.
  static StateLocation parse(std::string_view argument);
  bool in_postgresql() const { return !database_uri.empty(); }
};

// `uri` without its password (for messages): postgresql://user@host:port/db?...
std::string describe_database_uri(std::string_view uri);

enum class Backend { kSqlite, kPostgresql };

// THREADING: one Database per thread (a connection is not shared across threads here); several
// threads, processes or hosts may open the same state: SQLite's WAL and busy timeout, or
// PostgreSQL's locks, serialize writers.
class Database {
 public:
  // Opens or creates the SQLite database at `path`: WAL, synchronous=FULL, foreign_keys=ON and a
  // busy timeout. ERRORS: throws StoreError naming the path and the cause (locked, corrupt, not a
  // database).
  static std::unique_ptr<Database> open(const std::filesystem::path& path);
  // Connects to the PostgreSQL database at `uri`. ERRORS: throws StoreError naming the URI
  // (without its password) and the server's or libpq's explanation.
  static std::unique_ptr<Database> open_postgresql(std::string_view uri);
  // The state's database: <dir>/state.db, or the PostgreSQL database of the URI.
  static std::unique_ptr<Database> open(const StateLocation& state);
  virtual ~Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Brings `area`'s tables to the newest version: steps[i] is the SQL that moves version i to
  // i+1. Each step runs in its own transaction, recorded in schema_migrations(area, version).
  void migrate(std::string_view area, std::span<const std::string_view> steps);

  // Runs `body` inside one write transaction (SQLite's BEGIN IMMEDIATE; on PostgreSQL a
  // transaction that first takes the state's write lock, so write transactions are serialized as
  // on SQLite, across hosts); commits, or rolls back and rethrows if it throws.
  void transaction(const std::function<void()>& body);

  virtual void exec(std::string_view sql) = 0;  // statements without parameters, `;`-separated
  virtual Statement prepare(std::string_view sql) = 0;
  virtual int changes() const = 0;  // rows changed by the last statement
  virtual bool has_table(std::string_view name) = 0;
  virtual Backend backend() const = 0;
  // For messages: "state database PATH" or "PostgreSQL state postgresql://user@host/db".
  const std::string& name() const { return name_; }
  // The SQLite connection (online backup), or nullptr for PostgreSQL.
  virtual sqlite3* sqlite_handle() { return nullptr; }

 protected:
  explicit Database(std::string name) : name_(std::move(name)) {}
  virtual void begin_write() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  // A migration step's SQL in this backend's dialect (the column types above).
  virtual std::string schema_sql(std::string_view portable) const { return std::string(portable); }

 private:
  int64_t applied_versions(std::string_view area);  // how many of `area`'s steps are recorded
  std::string name_;
};

}  // namespace host::store
