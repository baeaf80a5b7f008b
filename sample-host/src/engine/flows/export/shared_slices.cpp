#include "engine/flows/export/shared_slices.hpp"

#include <unistd.h>

#include "engine/flows/export/table_sink.hpp"
#include "store/database_clock.hpp"
#include "store/process_alive.hpp"

namespace host::engine {

std::string slice_holder_name(int64_t run_id) {
  return store::this_host() + ":" + std::to_string(::getpid()) + ":run " + std::to_string(run_id);
}

SliceBoard::SliceBoard(const store::StateLocation& state, std::string table, std::string holder)
    : table_(std::move(table)), holder_(std::move(holder)), db_(store::Database::open(state)) {
  migrate_export_tables(*db_);
}

void SliceBoard::add_slices(int64_t run_id, const std::vector<TimeSlice>& slices) {
  auto insert = db_->prepare(
      "INSERT INTO export_table_slices(table_name, run_id, from_s, to_s)"
      " VALUES (?1, ?2, ?3, ?4)");
  for (const TimeSlice& s : slices) {
    insert.bind_all(table_, run_id, s.from, s.to).run();
    insert.reset();
  }
}

void SliceBoard::publish(int64_t run_id, int64_t origin, const std::vector<TimeSlice>& slices) {
  std::lock_guard lock(mutex_);
  db_->transaction([&] {
    db_->prepare("DELETE FROM export_table_slices WHERE table_name = ?1").bind(1, table_).run();
    db_->prepare(
           "INSERT INTO export_table_plans(table_name, run_id, origin) VALUES (?1, ?2, ?3)"
           " ON CONFLICT (table_name) DO UPDATE SET run_id = excluded.run_id,"
           " origin = excluded.origin")
        .bind_all(table_, run_id, origin)
        .run();
    add_slices(run_id, slices);
  });
}

std::optional<SlicePlanHead> SliceBoard::plan() {
  std::lock_guard lock(mutex_);
  auto select = db_->prepare("SELECT run_id, origin FROM export_table_plans WHERE table_name = ?1");
  select.bind(1, table_);
  if (!select.step()) return std::nullopt;
  return SlicePlanHead{select.column_int(0), select.column_int(1)};
}

std::optional<TimeSlice> SliceBoard::claim(int64_t run_id) {
  std::lock_guard lock(mutex_);
  const std::string now = store::database_now_ms(*db_);
  const bool postgresql = db_->backend() == store::Backend::kPostgresql;
  // One statement: the slice is chosen and taken atomically, and PostgreSQL skips a row another
  // claimant's statement is taking instead of waiting for it.
  const std::string free = "holder = '' OR beat_ms < " + now + " - ?4";
  auto claim =
      db_->prepare("UPDATE export_table_slices SET holder = ?1, beat_ms = " + now +
                   " WHERE table_name = ?2 AND from_s = (SELECT from_s FROM export_table_slices"
                   " WHERE table_name = ?2 AND run_id = ?3 AND (" +
                   free + ") ORDER BY from_s LIMIT 1" +
                   (postgresql ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING from_s, to_s");
  claim.bind_all(holder_, table_, run_id, store::kLeaseStaleSeconds * 1000);
  if (!claim.step()) return std::nullopt;
  TimeSlice taken{claim.column_int(0), claim.column_int(1)};
  while (claim.step()) {
  }
  return taken;
}

void SliceBoard::split(int64_t run_id, const TimeSlice& held, const std::vector<TimeSlice>& parts) {
  std::lock_guard lock(mutex_);
  db_->transaction([&] {
    db_->prepare(
           "DELETE FROM export_table_slices WHERE table_name = ?1 AND from_s = ?2 AND to_s = ?3"
           " AND holder = ?4")
        .bind_all(table_, held.from, held.to, holder_)
        .run();
    if (db_->changes() == 0) return;  // another claimant took it over: its parts are its own
    add_slices(run_id, parts);
  });
}

void SliceBoard::release(const TimeSlice& held) {
  std::lock_guard lock(mutex_);
  db_->prepare(
         "UPDATE export_table_slices SET holder = '', beat_ms = 0 WHERE table_name = ?1"
         " AND from_s = ?2 AND to_s = ?3 AND holder = ?4")
      .bind_all(table_, held.from, held.to, holder_)
      .run();
}

void SliceBoard::beat() {
  std::lock_guard lock(mutex_);
  db_->prepare("UPDATE export_table_slices SET beat_ms = " + store::database_now_ms(*db_) +
               " WHERE table_name = ?1 AND holder = ?2")
      .bind_all(table_, holder_)
      .run();
}

size_t SliceBoard::unfinished(int64_t run_id) {
  std::lock_guard lock(mutex_);
  auto count = db_->prepare(
      "SELECT COUNT(*) FROM export_table_slices WHERE table_name = ?1 AND run_id = ?2");
  count.bind_all(table_, run_id);
  return count.step() ? static_cast<size_t>(count.column_int(0)) : 0;
}

void SliceBoard::close(int64_t run_id) {
  std::lock_guard lock(mutex_);
  db_->transaction([&] {
    db_->prepare("DELETE FROM export_table_slices WHERE table_name = ?1 AND run_id = ?2")
        .bind_all(table_, run_id)
        .run();
    db_->prepare("DELETE FROM export_table_plans WHERE table_name = ?1 AND run_id = ?2")
        .bind_all(table_, run_id)
        .run();
  });
}

}  // namespace host::engine
