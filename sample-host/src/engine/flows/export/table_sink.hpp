// table_sink.hpp: an export into a table of the state database (SQLite or PostgreSQL): the
// RecordSink of a flow whose manifest says "output_table" instead of "output".
//
// One table per flow: a row per record, keyed by (connection, shop, key), with the record itself
// (JSONB in PostgreSQL, JSON text in SQLite) and its cursor field (e.g. update_time) as a column,
// so a consumer can query `... WHERE update_time > ...` at any time. commit() upserts the slice's
// records and stores the cursor in one transaction: after a crash both are there or neither is,
// and a slice done again (after a crash or on another host) changes nothing. A row is replaced
// only by a version of its record that is at least as new by the cursor field.
//
// Ownership (as for a file): export_tables records which flow a table belongs to and the export
// definition its cursor was made for. start() refuses a table of another flow, a table that
// exists without being an export's (such as the state's own tables), and a cursor made for
// another definition unless the run resets it.
//
// A delta run commits each slice as it completes (commit_window): the slice's rows and its window
// go in one transaction, and the cursor moves over the contiguous prefix of done windows. Windows
// past the cursor stay in export_table_windows until the prefix reaches them, so a run that
// stops (killed, or failed on one slice) loses none of the slices it finished, and the next run,
// on any host, exports only what is missing. A committed window also leaves the slice board, in
// the same transaction, when a run shares its slices with other processes (shared_slices.hpp).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/flows/export/record_sink.hpp"
#include "engine/flows/flow_manifest.hpp"
#include "store/database.hpp"

namespace host::engine {

// Where the rows go and what identifies them.
struct TableSinkTarget {
  std::string table;         // is_valid_table_name (flow_manifest.hpp)
  std::string connection;    // the connection's name
  std::string shop;          // the shop the flow exports
  std::string key_field;     // the record's natural key: a top-level string or integer member
  std::string cursor_field;  // a top-level integer member (unix seconds); "": none
};

// Creates or updates the tables every export table's bookkeeping lives in (export_tables, its
// windows, the slice board). TableSink::start and SliceBoard call it.
void migrate_export_tables(store::Database& db);

// OWNERSHIP: borrows `db`, which must outlive the sink. THREADING: one thread (RecordSink's rule).
class TableSink : public RecordSink {
 public:
  TableSink(store::Database& db, TableSinkTarget target, std::filesystem::path spool_directory,
            bool reset_cursor);

  std::string destination() const override;
  std::filesystem::path spool_directory() const override { return spool_directory_; }
  SinkStart start(const SinkStartRequest& request) override;
  void open() override;
  void append(const SliceRecords& records) override;
  void commit(std::optional<int64_t> cursor) override;
  // Mode delta: the slice's rows, its window and the cursor over the windows that now join it,
  // in one transaction (record_sink.hpp).
  std::optional<int64_t> commit_window(const TimeSlice& window, int64_t origin) override;
  std::optional<int64_t> stored_cursor() override;
  void finish(bool completed_once) override;

 private:
  std::optional<int64_t> read_cursor();  // export_tables' cursor of this table (none: NULL)
  void upsert_pending();                 // inside a transaction
  void move_cursor(int64_t cursor);      // forward only; inside a transaction

  struct Row {
    std::string key;
    std::optional<int64_t> cursor_value;
    std::string record;
  };

  store::Database& db_;
  TableSinkTarget target_;
  std::filesystem::path spool_directory_;
  bool reset_cursor_ = false;
  std::string flow_;
  std::string definition_;
  bool new_stream_ = false;
  bool any_order_ = false;  // mode delta: slices committed as they complete (commit_window)
  std::vector<Row> pending_;
};

}  // namespace host::engine
