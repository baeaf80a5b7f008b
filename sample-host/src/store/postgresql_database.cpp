// postgresql_database.cpp: the PostgreSQL backend (libpq), for a state shared by several hosts.
//
// Statements are sent with PQexecParams (typed parameters, never spliced into the SQL) and their
// whole result is read at the first step. Write transactions take one transaction-scoped advisory
// lock first, so they are serialized as SQLite's BEGIN IMMEDIATE serializes them: code written
// for one backend keeps its read-then-write guarantees on the other, across hosts.
#include <libpq-fe.h>
#include <simdjson.h>

#include <cctype>
#include <charconv>
#include <cstring>
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
  PostgresqlDatabase(PGconn* conn, std::string name) : Database(std::move(name)), conn_(conn) {}
  ~PostgresqlDatabase() override { PQfinish(conn_); }

  void exec(std::string_view sql) override {
    const std::string text(sql);
    Result result(PQexec(conn_, text.c_str()));
    if (!succeeded(result.get())) {
      throw StoreError("database statement \"" + text.substr(0, 60) +
                       "\" failed: " + explain(result.get(), conn_));
    }
    changes_ = count_changed(result.get());
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
    Result result(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), types.data(),
                               pointers.data(), lengths.data(), formats.data(), 0));
    if (!succeeded(result.get())) {
      throw StoreError("database statement \"" + sql.substr(0, 60) +
                       "\" failed: " + explain(result.get(), conn_));
    }
    changes_ = count_changed(result.get());
    return result;
  }

 protected:
  void begin_write() override {
    exec("BEGIN");
    try {
      exec(kWriteLockSql);
    } catch (...) {
      rollback();
      throw;
    }
  }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override { PQclear(PQexec(conn_, "ROLLBACK")); }
  std::string schema_sql(std::string_view portable) const override {
    return postgresql_schema(portable);
  }

 private:
  static int count_changed(const PGresult* result) {
    const char* tuples = PQcmdTuples(const_cast<PGresult*>(result));
    int n = 0;
    if (tuples != nullptr) std::from_chars(tuples, tuples + std::strlen(tuples), n);
    return n;
  }

  PGconn* conn_;
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

// Notices (e.g. "relation already exists, skipping") are the server talking to a person at a
// terminal; the host reports what matters through its own errors.
void ignore_notice(void* /*unused*/, const char* /*message*/) {}

}  // namespace

std::unique_ptr<Database> Database::open_postgresql(std::string_view uri) {
  const std::string where = "PostgreSQL state " + describe_database_uri(uri);
  const std::string conninfo(uri);
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr) throw StoreError("cannot open " + where + ": out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back()))) why.pop_back();
    throw StoreError("cannot open " + where + ": " + why);
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  auto database = std::make_unique<PostgresqlDatabase>(conn, where);
  try {
    // Several hosts starting together must not race creating the same table.
    database->exec("SET client_min_messages = warning");
    database->exec("BEGIN");
    database->exec(kWriteLockSql);
    database->exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " area TEXT NOT NULL, version BIGINT NOT NULL, applied_at BIGINT NOT NULL,"
        " PRIMARY KEY (area, version))");
    database->exec("COMMIT");
  } catch (const StoreError& e) {
    throw StoreError("cannot use " + where + ": " + e.what());
  }
  return database;
}

}  // namespace host::store
