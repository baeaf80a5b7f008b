// postgresql_database.cpp: the PostgreSQL backend (libpq), for a state shared by several hosts.
//
// Statements are sent with PQexecParams (typed parameters, never spliced into the SQL) and their
// whole result is read at the first step. Write transactions take one transaction-scoped advisory
// lock first, so they are serialized as SQLite's BEGIN IMMEDIATE serializes them: code written
// for one backend keeps its read-then-write guarantees on the other, across hosts.
//
// Connections are pooled per process and database URI: a Database holds one only for a
// statement, or from the start of a transaction to its end, so the many Database objects of a
// busy process (each run has several, mostly idle) share a few server connections, at most
// kDefaultPoolSize (CONNECTOR_HOST_PG_CONNECTIONS) unless a thread that already holds one needs
// another (a statement of another Database inside a transaction): that one is opened beyond the
// bound, so a thread holding a connection never waits for one and the pool cannot deadlock.
#include <libpq-fe.h>
#include <simdjson.h>
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace host::store {
namespace {

// The key of the advisory lock every write transaction holds (any fixed 64-bit number; this one
// spells "connhost").
constexpr const char* kWriteLockSql = "SELECT pg_advisory_xact_lock(7165064483209506676)";

// Type OIDs of the parameters we send (pg_type.h).
constexpr Oid kInt8Oid = 20;
constexpr Oid kByteaOid = 17;
constexpr Oid kTextOid = 25;
constexpr Oid kUnknownOid = 0;  // NULL: the server infers the type from where it is used

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// The server's primary message and SQLSTATE (never the DETAIL, which may quote values).
std::string explain(const PGresult* result, PGconn* conn) {
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string why = primary ? primary : PQerrorMessage(conn);
  while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back()))) why.pop_back();
  if (const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr) {
    why.append(" (SQLSTATE ").append(state).append(")");
  }
  return why;
}

// Notices (e.g. "relation already exists, skipping") are the server talking to a person at a
// terminal; the host reports what matters through its own errors.
void ignore_notice(void* /*unused*/, const char* /*message*/) {}

constexpr size_t kDefaultPoolSize = 16;
constexpr const char* kPoolSizeEnv = "CONNECTOR_HOST_PG_CONNECTIONS";
// How long a thread holding no connection waits for one before the statement fails.
constexpr std::chrono::seconds kCheckoutWait{60};

// Connections this thread holds now (from any pool): one that holds some never waits.
thread_local int held_by_this_thread = 0;

// One process's connections to one database.
class ConnectionPool {
 public:
  ConnectionPool(std::string conninfo, std::string where)
      : conninfo_(std::move(conninfo)), where_(std::move(where)), bound_(pool_size()) {}
  // Never destroyed (see pool_for): a forked child that exits must not close the parent's.
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // An idle connection, a new one while fewer than the bound are open (or this thread already
  // holds one), else the first one given back. ERRORS: StoreError when none can be opened, or
  // none comes back within kCheckoutWait.
  PGconn* take() {
    std::unique_lock lock(mutex_);
    if (const pid_t pid = ::getpid(); pid != owner_) {
      // A forked child: the idle connections are its parent's sockets. Closing them would end
      // the parent's sessions, so they are only forgotten.
      idle_.clear();
      open_ = 0;
      owner_ = pid;
    }
    const auto deadline = std::chrono::steady_clock::now() + kCheckoutWait;
    while (idle_.empty() && open_ >= bound_ && held_by_this_thread == 0) {
      if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
          open_ >= bound_) {
        throw StoreError("cannot use " + where_ + ": all " + std::to_string(bound_) +
                         " connections of this process stayed busy for " +
                         std::to_string(kCheckoutWait.count()) + " s (" + kPoolSizeEnv +
                         " sets how many it may open)");
      }
    }
    PGconn* conn = nullptr;
    if (!idle_.empty()) {
      conn = idle_.back();
      idle_.pop_back();
    } else {
      ++open_;  // counted while it connects, so that no other thread opens one past the bound
      lock.unlock();
      try {
        conn = connect();
      } catch (...) {
        lock.lock();
        --open_;
        freed_.notify_one();
        throw;
      }
    }
    ++held_by_this_thread;
    return conn;
  }

  // Back into the pool; a connection that is broken, inside a transaction, or beyond the bound
  // is closed instead.
  void give_back(PGconn* conn) noexcept {
    --held_by_this_thread;
    const bool reusable =
        PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE;
    std::lock_guard lock(mutex_);
    if (reusable && open_ <= bound_) {
      idle_.push_back(conn);
    } else {
      PQfinish(conn);
      --open_;
    }
    freed_.notify_one();
  }

  const std::string& where() const { return where_; }
  // Until set_up() is called: the first Database opened creates schema_migrations.
  bool needs_setup() {
    std::lock_guard lock(mutex_);
    return !set_up_;
  }
  void set_up() {
    std::lock_guard lock(mutex_);
    set_up_ = true;
  }

 private:
  static size_t pool_size() {
    const char* given = std::getenv(kPoolSizeEnv);
    size_t n = 0;
    if (given != nullptr) std::from_chars(given, given + std::strlen(given), n);
    return n >= 1 ? n : kDefaultPoolSize;
  }

  PGconn* connect() const {
    PGconn* conn = PQconnectdb(conninfo_.c_str());
    if (conn == nullptr) throw StoreError("cannot open " + where_ + ": out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string why = PQerrorMessage(conn);
      PQfinish(conn);
      while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back()))) why.pop_back();
      throw StoreError("cannot open " + where_ + ": " + why);
    }
    PQsetNoticeProcessor(conn, ignore_notice, nullptr);
    PGresult* set = PQexec(conn, "SET client_min_messages = warning");
    const bool ok = PQresultStatus(set) == PGRES_COMMAND_OK;
    PQclear(set);
    if (!ok) {
      PQfinish(conn);
      throw StoreError("cannot use " + where_ + ": a new connection refused its settings");
    }
    return conn;
  }

  const std::string conninfo_;
  const std::string where_;
  const size_t bound_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<PGconn*> idle_;
  size_t open_ = 0;           // idle, held, or connecting
  pid_t owner_ = ::getpid();  // the process whose connections these are
  bool set_up_ = false;
};

// The pool of `conninfo`, made on first use and kept for the life of the process.
ConnectionPool& pool_for(const std::string& conninfo, const std::string& where) {
  static std::mutex mutex;
  static auto* pools = new std::map<std::string, std::unique_ptr<ConnectionPool>>;
  std::lock_guard lock(mutex);
  auto& pool = (*pools)[conninfo];
  if (!pool) pool = std::make_unique<ConnectionPool>(conninfo, where);
  return *pool;
}

bool succeeded(const PGresult* result) {
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// The length of the -- comment that starts at sql[at] (to the end of its line), or 0.
size_t line_comment_length(std::string_view sql, size_t at) {
  if (sql.substr(at, 2) != "--") return 0;
  const size_t end = sql.find('\n', at);
  return (end == std::string_view::npos ? sql.size() : end) - at;
}

// ?N -> $N and ? -> the next number, outside quoted text and identifiers.
std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int next = 1;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (const size_t comment = line_comment_length(sql, i); comment > 0) {
      out.append(sql.substr(i, comment));
      i += comment - 1;
    } else if (c == '?') {
      out += '$';
      size_t digits = i + 1;
      while (digits < sql.size() && std::isdigit(static_cast<unsigned char>(sql[digits]))) {
        ++digits;
      }
      if (digits == i + 1) {
        out += std::to_string(next++);
      } else {
        const std::string_view number = sql.substr(i + 1, digits - i - 1);
        out.append(number);
        int n = 0;
        std::from_chars(number.data(), number.data() + number.size(), n);
        next = n + 1;
        i = digits - 1;
      }
    } else {
      out += c;
    }
  }
  return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The portable column types of a migration in PostgreSQL's words: INTEGER PRIMARY KEY
// [AUTOINCREMENT] is a 64-bit identity, INTEGER is BIGINT, BLOB is BYTEA.
std::string postgresql_schema(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 64);
  char quote = 0;
  size_t i = 0;
  auto word_at = [&](size_t at, size_t& end) {
    while (at < sql.size() && std::isspace(static_cast<unsigned char>(sql[at]))) ++at;
    end = at;
    while (end < sql.size() && is_word_char(sql[end])) ++end;
    return sql.substr(at, end - at);
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (quote != 0 || c == '\'' || c == '"') {
      if (quote == 0) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
      out += c;
      ++i;
      continue;
    }
    if (const size_t comment = line_comment_length(sql, i); comment > 0) {
      out.append(sql.substr(i, comment));
      i += comment;
      continue;
    }
    if (!is_word_char(c) || (i > 0 && is_word_char(sql[i - 1]))) {
      out += c;
      ++i;
      continue;
    }
    size_t end = i;
    while (end < sql.size() && is_word_char(sql[end])) ++end;
    const std::string_view word = sql.substr(i, end - i);
    if (word == "INTEGER") {
      size_t after_primary = 0;
      size_t after_key = 0;
      if (word_at(end, after_primary) == "PRIMARY" && word_at(after_primary, after_key) == "KEY") {
        out += "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        end = after_key;
        size_t after_auto = 0;
        if (word_at(end, after_auto) == "AUTOINCREMENT") end = after_auto;
      } else {
        out += "BIGINT";
      }
    } else if (word == "BLOB") {
      out += "BYTEA";
    } else {
      out.append(word);
    }
    i = end;
  }
  return out;
}

class PostgresqlDatabase;

class PostgresqlStatement final : public StatementBackend {
 public:
  PostgresqlStatement(PostgresqlDatabase& db, std::string_view sql);

  void bind_text(int index, std::string_view text) override {
    // The server would refuse these too, quoting the bytes; say what it is instead.
    if (text.find('\0') != std::string_view::npos) {
      throw StoreError("cannot bind parameter " + std::to_string(index) +
                       ": the text holds a NUL byte, which a PostgreSQL state cannot keep");
    }
    if (!simdjson::validate_utf8(text.data(), text.size())) {
      throw StoreError("cannot bind parameter " + std::to_string(index) +
                       ": the text is not UTF-8, which a PostgreSQL state cannot keep (a file "
                       "name in another encoding?)");
    }
    set(index, std::string(text), kTextOid, 0);
  }
  void bind_blob(int index, std::span<const unsigned char> bytes) override {
    set(index, std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()), kByteaOid,
        1);
  }
  void bind_int(int index, int64_t value) override {
    set(index, std::to_string(value), kInt8Oid, 0);
  }
  void bind_null(int index) override { set(index, std::nullopt, kUnknownOid, 0); }
  bool step() override;
  void reset() override {
    result_.reset();
    next_row_ = 0;
    row_ = -1;
    values_.clear();
    types_.clear();
    formats_.clear();
  }
  bool is_null(int column) const override { return PQgetisnull(result_.get(), row_, column) != 0; }
  int64_t column_int(int column) const override {
    if (is_null(column)) return 0;
    const char* value = PQgetvalue(result_.get(), row_, column);
    if (value[0] == 't' && value[1] == '\0') return 1;  // a boolean expression
    if (value[0] == 'f' && value[1] == '\0') return 0;
    int64_t n = 0;
    std::from_chars(value, value + std::strlen(value), n);
    return n;
  }
  std::string column_text(int column) const override {
    if (is_null(column)) return {};
    return {PQgetvalue(result_.get(), row_, column),
            static_cast<size_t>(PQgetlength(result_.get(), row_, column))};
  }
  std::string column_blob(int column) const override {
    if (is_null(column)) return {};
    size_t length = 0;
    unsigned char* bytes = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, column)), &length);
    if (bytes == nullptr) throw StoreError("cannot read a bytes column: out of memory");
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
  }

 private:
  void set(int index, std::optional<std::string> value, Oid type, int format) {
    if (index < 1) throw StoreError("cannot bind a parameter: index " + std::to_string(index));
    const auto slot = static_cast<size_t>(index - 1);
    if (values_.size() <= slot) {
      values_.resize(slot + 1);
      types_.resize(slot + 1, kUnknownOid);
      formats_.resize(slot + 1, 0);
    }
    values_[slot] = std::move(value);
    types_[slot] = type;
    formats_[slot] = format;
  }

  PostgresqlDatabase& db_;
  std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  std::vector<int> formats_;
  Result result_;
  int next_row_ = 0;
  int row_ = -1;
};

class PostgresqlDatabase final : public Database {
 public:
  explicit PostgresqlDatabase(ConnectionPool& pool) : Database(pool.where()), pool_(pool) {}
  ~PostgresqlDatabase() override {
    if (held_ != nullptr) rollback();  // a transaction left open: nothing of it is kept
  }

  void exec(std::string_view sql) override {
    const std::string text(sql);
    with_connection([&](PGconn* conn) {
      Result result(PQexec(conn, text.c_str()));
      if (!succeeded(result.get())) {
        throw StoreError("database statement \"" + text.substr(0, 60) +
                         "\" failed: " + explain(result.get(), conn));
      }
      changes_ = count_changed(result.get());
    });
  }
  Statement prepare(std::string_view sql) override {
    return Statement(std::make_unique<PostgresqlStatement>(*this, sql));
  }
  int changes() const override { return changes_; }
  bool has_table(std::string_view name) override {
    Statement select = prepare(
        "SELECT 1 FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_name = ?1");
    select.bind(1, name);
    return select.step();
  }
  Backend backend() const override { return Backend::kPostgresql; }

  // What a statement calls to run: its result, or a StoreError naming the statement.
  Result run(const std::string& sql, const std::vector<std::optional<std::string>>& values,
             const std::vector<Oid>& types, const std::vector<int>& formats) {
    std::vector<const char*> pointers(values.size(), nullptr);
    std::vector<int> lengths(values.size(), 0);
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i]) {
        pointers[i] = values[i]->data();
        lengths[i] = static_cast<int>(values[i]->size());
      }
    }
    Result result;
    with_connection([&](PGconn* conn) {
      result.reset(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), types.data(),
                                pointers.data(), lengths.data(), formats.data(), 0));
      if (!succeeded(result.get())) {
        throw StoreError("database statement \"" + sql.substr(0, 60) +
                         "\" failed: " + explain(result.get(), conn));
      }
    });
    changes_ = count_changed(result.get());
    return result;
  }

 protected:
  void begin_write() override {
    held_ = pool_.take();  // held until commit() or rollback()
    try {
      exec("BEGIN");
      exec(kWriteLockSql);
    } catch (...) {
      rollback();
      throw;
    }
  }
  void commit() override {
    exec("COMMIT");  // if it throws, transaction() rolls back, which gives the connection back
    release();
  }
  void rollback() noexcept override {
    if (held_ == nullptr) return;
    PQclear(PQexec(held_, "ROLLBACK"));
    release();
  }
  std::string schema_sql(std::string_view portable) const override {
    return postgresql_schema(portable);
  }

 private:
  // Runs `use` on the transaction's connection, or on one taken from the pool for it alone.
  template <class Use>
  void with_connection(Use&& use) {
    if (held_ != nullptr) return use(held_);
    PGconn* conn = pool_.take();
    try {
      use(conn);
    } catch (...) {
      pool_.give_back(conn);
      throw;
    }
    pool_.give_back(conn);
  }
  void release() noexcept {
    pool_.give_back(held_);
    held_ = nullptr;
  }

  static int count_changed(const PGresult* result) {
    const char* tuples = PQcmdTuples(const_cast<PGresult*>(result));
    int n = 0;
    if (tuples != nullptr) std::from_chars(tuples, tuples + std::strlen(tuples), n);
    return n;
  }

  ConnectionPool& pool_;
  PGconn* held_ = nullptr;  // the transaction's connection, between begin_write and its end
  int changes_ = 0;
};

PostgresqlStatement::PostgresqlStatement(PostgresqlDatabase& db, std::string_view sql)
    : db_(db), sql_(numbered_placeholders(sql)) {}

bool PostgresqlStatement::step() {
  if (!result_) {
    result_ = db_.run(sql_, values_, types_, formats_);
    next_row_ = 0;
  }
  if (next_row_ >= PQntuples(result_.get())) return false;
  row_ = next_row_++;
  return true;
}

}  // namespace

std::unique_ptr<Database> Database::open_postgresql(std::string_view uri) {
  const std::string conninfo(uri);
  ConnectionPool& pool = pool_for(conninfo, "PostgreSQL state " + describe_database_uri(uri));
  auto database = std::make_unique<PostgresqlDatabase>(pool);
  try {
    if (pool.needs_setup()) {
      // Several hosts starting together must not race creating the same table.
      database->transaction([&] {
        database->exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " area TEXT NOT NULL, version BIGINT NOT NULL, applied_at BIGINT NOT NULL,"
            " PRIMARY KEY (area, version))");
      });
      pool.set_up();
    }  // later opens cost no round trip: a server gone since is named by the first statement
  } catch (const StoreError& e) {
    throw StoreError(std::string(e.what()).starts_with("cannot open ")
                         ? e.what()
                         : "cannot use " + pool.where() + ": " + e.what());
  }
  return database;
}

}  // namespace host::store
