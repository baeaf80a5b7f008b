#include "engine/flows/export/table_sink.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <stdexcept>
#include <system_error>

#include "engine/flows/export_definition.hpp"

namespace host::engine {
namespace {

constexpr std::array<std::string_view, 3> kMigrations = {
    // 1: which flow each export table belongs to, the definition its cursor was made for, the
    // cursor.
    "CREATE TABLE export_tables ("
    "  table_name TEXT PRIMARY KEY,"
    "  flow TEXT NOT NULL,"
    "  definition TEXT NOT NULL,"
    "  cursor INTEGER,"
    "  completed_at INTEGER,"
    "  updated_at INTEGER NOT NULL);",
    // 2: the windows committed past a table's cursor (a delta run commits slices as they
    // complete), until the cursor reaches them.
    "CREATE TABLE export_table_windows ("
    "  table_name TEXT NOT NULL,"
    "  from_s INTEGER NOT NULL,"
    "  to_s INTEGER NOT NULL,"
    "  PRIMARY KEY (table_name, from_s, to_s));",
    // 3: the slice board of a delta run shared by several processes (shared_slices.hpp): the
    // lead's plan, and its slices not committed yet with who pages them.
    "CREATE TABLE export_table_plans ("
    "  table_name TEXT PRIMARY KEY,"
    "  run_id INTEGER NOT NULL,"
    "  origin INTEGER NOT NULL);"
    "CREATE TABLE export_table_slices ("
    "  table_name TEXT NOT NULL,"
    "  run_id INTEGER NOT NULL,"
    "  from_s INTEGER NOT NULL,"
    "  to_s INTEGER NOT NULL,"
    "  holder TEXT NOT NULL DEFAULT '',"
    "  beat_ms INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (table_name, from_s));"};

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

std::string sql_identifier(std::string_view identifier) {
  return "\"" + std::string(identifier) + "\"";
}

// A top-level member as the key's text: a string as it is, an integer in decimal.
std::optional<std::string> key_text(simdjson::dom::object record, std::string_view field) {
  simdjson::dom::element value;
  if (record[field].get(value) != simdjson::SUCCESS) return std::nullopt;
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) return std::string(text);
  int64_t number = 0;
  if (value.get_int64().get(number) == simdjson::SUCCESS) return std::to_string(number);
  uint64_t unsigned_number = 0;
  if (value.get_uint64().get(unsigned_number) == simdjson::SUCCESS) {
    return std::to_string(unsigned_number);
  }
  return std::nullopt;
}

std::optional<int64_t> cursor_value(simdjson::dom::object record, std::string_view field) {
  int64_t value = 0;
  if (field.empty() || record[field].get_int64().get(value) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

void migrate_export_tables(store::Database& db) { db.migrate("engine_export_tables", kMigrations); }

TableSink::TableSink(store::Database& db, TableSinkTarget target,
                     std::filesystem::path spool_directory, bool reset_cursor)
    : db_(db),
      target_(std::move(target)),
      spool_directory_(std::move(spool_directory)),
      reset_cursor_(reset_cursor) {
  if (!is_valid_table_name(target_.table)) {
    throw std::invalid_argument("\"" + target_.table + "\" cannot name an export table");
  }
  for (const char* column : {"connection", "shop", "key", "record"}) {
    if (target_.cursor_field == column) {
      throw std::invalid_argument("the cursor field \"" + target_.cursor_field +
                                  "\" is one of the table's own columns");
    }
  }
  if (!target_.cursor_field.empty() && !is_valid_table_name(target_.cursor_field)) {
    throw std::invalid_argument("the cursor field \"" + target_.cursor_field +
                                "\" cannot name a column");
  }
  if (target_.key_field.empty()) {
    throw std::invalid_argument("table " + target_.table +
                                ": the resource's records have no natural key to upsert by");
  }
}

std::string TableSink::destination() const {
  return "table " + target_.table + " in " + db_.name();
}

SinkStart TableSink::start(const SinkStartRequest& request) {
  if (request.mode == ExportMode::kTest) {
    throw std::logic_error("a test run previews into a file, not into table " + target_.table);
  }
  migrate_export_tables(db_);
  flow_ = request.flow;
  definition_ = request.definition;
  // A delta run goes on from the cursor, so it can take slices as they complete; modes all and
  // once export their whole window, in order.
  any_order_ = request.mode == ExportMode::kDelta;
  SinkStart start;
  start.any_order = any_order_;
  auto select = db_.prepare(
      "SELECT flow, definition, cursor, completed_at FROM export_tables WHERE table_name = ?1");
  select.bind(1, target_.table);
  if (!select.step()) {
    if (db_.has_table(target_.table)) {
      start.refusal = "table " + target_.table + " exists in " + db_.name() +
                      " and is not an export's output (the state's own tables are not): give "
                      "the flow another output_table";
      return start;
    }
    new_stream_ = true;
    return start;
  }
  const std::string owner = select.column_text(0);
  const std::string stored_definition = select.column_text(1);
  if (owner != flow_) {
    start.refusal = "table " + target_.table + " is the output of flow " + owner + "; give flow " +
                    flow_ + " another output_table";
    return start;
  }
  if (stored_definition != definition_ && !reset_cursor_) {
    start.refusal = "flow " + flow_ + " changed since its cursor for table " + target_.table +
                    " was stored (" + describe_definition_change(stored_definition, definition_) +
                    "): the cursor covers the old export, and would skip the new one's records "
                    "before it. Run with --reset-cursor to export the new definition from the "
                    "window's start (the rows already in the table stay)";
    return start;
  }
  if (!reset_cursor_) {
    if (!select.is_null(2)) start.cursor = select.column_int(2);
    start.completed = request.mode == ExportMode::kOnce && !select.is_null(3);
  }
  if (any_order_ && !reset_cursor_) {
    auto windows = db_.prepare(
        "SELECT from_s, to_s FROM export_table_windows WHERE table_name = ?1 ORDER BY from_s");
    windows.bind(1, target_.table);
    while (windows.step()) start.done.push_back({windows.column_int(0), windows.column_int(1)});
  }
  return start;
}

void TableSink::open() {
  const bool postgresql = db_.backend() == store::Backend::kPostgresql;
  const std::string table = sql_identifier(target_.table);
  std::string create = "CREATE TABLE IF NOT EXISTS " + table +
                       " (\"connection\" TEXT NOT NULL, \"shop\" TEXT NOT NULL,"
                       " \"key\" TEXT NOT NULL, \"record\" " +
                       (postgresql ? "JSONB" : "TEXT") + " NOT NULL,";
  if (!target_.cursor_field.empty()) {
    create += " " + sql_identifier(target_.cursor_field) + " BIGINT,";
  }
  create += " PRIMARY KEY (\"connection\", \"shop\", \"key\"))";
  db_.transaction([&] {
    db_.exec(create);
    if (!target_.cursor_field.empty()) {
      db_.exec("CREATE INDEX IF NOT EXISTS " +
               sql_identifier(target_.table + "_by_" + target_.cursor_field) + " ON " + table +
               " (" + sql_identifier(target_.cursor_field) + ")");
    }
    if (new_stream_ || reset_cursor_) {
      db_.prepare(
             "INSERT INTO export_tables(table_name, flow, definition, cursor, completed_at,"
             " updated_at) VALUES (?1, ?2, ?3, NULL, NULL, ?4) ON CONFLICT (table_name) DO UPDATE"
             " SET definition = excluded.definition, cursor = NULL, completed_at = NULL,"
             " updated_at = excluded.updated_at")
          .bind_all(target_.table, flow_, definition_, now())
          .run();
      db_.prepare("DELETE FROM export_table_windows WHERE table_name = ?1")
          .bind(1, target_.table)
          .run();
    }
  });
}

void TableSink::append(const SliceRecords& records) {
  simdjson::dom::parser parser;
  records.for_each([&](std::string_view line) {
    simdjson::dom::object record;
    if (parser.parse(line.data(), line.size(), true).get(record) != simdjson::SUCCESS) {
      throw std::runtime_error("table " + target_.table + ": a record is not a JSON object");
    }
    std::optional<std::string> key = key_text(record, target_.key_field);
    if (!key) {
      throw std::runtime_error("table " + target_.table + ": a record has no \"" +
                               target_.key_field + "\" (its key) to upsert by");
    }
    pending_.push_back(
        {std::move(*key), cursor_value(record, target_.cursor_field), std::string(line)});
  });
}

void TableSink::upsert_pending() {
  const bool postgresql = db_.backend() == store::Backend::kPostgresql;
  const std::string table = sql_identifier(target_.table);
  std::string upsert = "INSERT INTO " + table + " (\"connection\", \"shop\", \"key\", \"record\"";
  if (!target_.cursor_field.empty()) upsert += ", " + sql_identifier(target_.cursor_field);
  upsert += std::string(") VALUES (?1, ?2, ?3, ") + (postgresql ? "CAST(?4 AS JSONB)" : "?4");
  upsert += target_.cursor_field.empty() ? ")" : ", ?5)";
  upsert +=
      " ON CONFLICT (\"connection\", \"shop\", \"key\") DO UPDATE SET \"record\" = "
      "excluded.\"record\"";
  if (!target_.cursor_field.empty()) {
    // Never replaced by an older version of the record (a slice done again after a newer one).
    const std::string column = sql_identifier(target_.cursor_field);
    upsert += ", " + column + " = excluded." + column + " WHERE excluded." + column +
              " IS NULL OR " + table + "." + column + " IS NULL OR excluded." + column +
              " >= " + table + "." + column;
  }
  auto insert = db_.prepare(upsert);
  for (const Row& row : pending_) {
    insert.bind(1, target_.connection).bind(2, target_.shop).bind(3, row.key).bind(4, row.record);
    if (!target_.cursor_field.empty()) {
      if (row.cursor_value) {
        insert.bind(5, *row.cursor_value);
      } else {
        insert.bind_null(5);
      }
    }
    insert.run();
    insert.reset();
  }
}

void TableSink::move_cursor(int64_t cursor) {
  // Monotonic: a run that lags behind another run of the flow never moves the cursor back.
  db_.prepare(
         "UPDATE export_tables SET cursor = ?1, updated_at = ?2"
         " WHERE table_name = ?3 AND (cursor IS NULL OR cursor < ?1)")
      .bind_all(cursor, now(), target_.table)
      .run();
}

void TableSink::commit(std::optional<int64_t> cursor) {
  db_.transaction([&] {
    upsert_pending();
    if (cursor) move_cursor(*cursor);
  });
  pending_.clear();
}

std::optional<int64_t> TableSink::read_cursor() {
  auto stored = db_.prepare("SELECT cursor FROM export_tables WHERE table_name = ?1");
  stored.bind(1, target_.table);
  if (stored.step() && !stored.is_null(0)) return stored.column_int(0);
  return std::nullopt;
}

std::optional<int64_t> TableSink::stored_cursor() {
  if (!any_order_) return RecordSink::stored_cursor();
  return read_cursor();
}

std::optional<int64_t> TableSink::commit_window(const TimeSlice& window, int64_t origin) {
  if (!any_order_) return RecordSink::commit_window(window, origin);
  std::optional<int64_t> cursor;
  db_.transaction([&] {
    upsert_pending();
    db_.prepare(
           "INSERT INTO export_table_windows(table_name, from_s, to_s) VALUES (?1, ?2, ?3)"
           " ON CONFLICT (table_name, from_s, to_s) DO NOTHING")
        .bind_all(target_.table, window.from, window.to)
        .run();
    cursor = read_cursor();
    // The done windows, in time order, that now join the cursor (or the run's origin).
    int64_t reach = cursor.value_or(origin);
    {
      auto windows = db_.prepare(
          "SELECT from_s, to_s FROM export_table_windows WHERE table_name = ?1 ORDER BY from_s");
      windows.bind(1, target_.table);
      while (windows.step() && windows.column_int(0) <= reach) {
        reach = std::max(reach, windows.column_int(1));
      }
    }
    if (reach > cursor.value_or(origin)) {
      move_cursor(reach);
      cursor = reach;
    }
    db_.prepare("DELETE FROM export_table_windows WHERE table_name = ?1 AND to_s <= ?2")
        .bind_all(target_.table, reach)
        .run();
    // Off the slice board, if a shared run put it there (shared_slices.hpp): it is durable now.
    db_.prepare(
           "DELETE FROM export_table_slices WHERE table_name = ?1 AND from_s = ?2 AND to_s = ?3")
        .bind_all(target_.table, window.from, window.to)
        .run();
  });
  pending_.clear();
  return cursor;
}

void TableSink::finish(bool completed_once) {
  if (!completed_once) return;
  db_.prepare("UPDATE export_tables SET completed_at = ?1, updated_at = ?1 WHERE table_name = ?2")
      .bind_all(now(), target_.table)
      .run();
}

}  // namespace host::engine
