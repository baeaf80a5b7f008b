// database.hpp: the host's one SQLite state database (WAL), with per-area schema migrations.
//
// Every area of the host (connections and secrets, export cursors, the import ledger, the webhook
// inbox) keeps its tables here and registers its own migrations under its own area name.
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
struct sqlite3_stmt;

namespace host::store {

// Thrown for SQLite failures inside the host (never across the ABI). The message names the
// operation and SQLite's own explanation; it never contains bound values (they may be secrets).
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A prepared statement. Bind indexes are 1-based, as in SQLite.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);  // throws StoreError
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::span<const unsigned char> bytes);
  Statement& bind(int index, int64_t value);
  Statement& bind_null(int index);
  // Binds `values` to ?1, ?2, ... in order: one list in the order of the placeholders instead of
  // an index per value. Each value is text, an integer or bytes (std::span<const unsigned char>).
  template <typename... Values>
  Statement& bind_all(const Values&... values) {
    int index = 1;
    (bind_value(index++, values), ...);
    return *this;
  }
  // Advances; true while a row is available. Throws StoreError on failure.
  bool step();
  // Runs to completion (for statements that return no rows).
  void run();
  void reset();  // ready to bind and step again

  bool is_null(int column) const;
  int64_t column_int(int column) const;
  std::string column_text(int column) const;
  std::string column_blob(int column) const;  // bytes as a string

  // One column into a field of its type (a bool is an integer column, non-zero for true).
  void read_column(int column, int64_t& out) const { out = column_int(column); }
  void read_column(int column, uint64_t& out) const {
    out = static_cast<uint64_t>(column_int(column));  // counts, stored as SQLite integers
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

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
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

// THREADING: one Database per thread (SQLite connections are not shared across threads here);
// several threads or processes may open the same file: WAL + busy timeout serialize writers.
class Database {
 public:
  // Opens or creates the database, sets WAL, synchronous=FULL, foreign_keys=ON and a busy timeout.
  // ERRORS: throws StoreError naming the path and the cause (locked, corrupt, not a database).
  static std::unique_ptr<Database> open(const std::filesystem::path& path);
  ~Database();

  // Brings `area`'s tables to the newest version: steps[i] is the SQL that moves version i to
  // i+1. Each step runs in its own transaction, recorded in schema_migrations(area, version).
  void migrate(std::string_view area, std::span<const std::string_view> steps);

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back and rethrows if it throws.
  void transaction(const std::function<void()>& body);

  void exec(std::string_view sql);  // for statements without parameters
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  int64_t last_insert_rowid() const;
  int changes() const;  // rows changed by the last statement
  sqlite3* handle() { return db_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  int64_t applied_versions(std::string_view area);  // how many of `area`'s steps are recorded
  sqlite3* db_;
  std::filesystem::path path_;
};

}  // namespace host::store
