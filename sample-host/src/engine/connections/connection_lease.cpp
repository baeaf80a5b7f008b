#include "engine/connections/connection_lease.hpp"

#include <unistd.h>

#include <ctime>
#include <stdexcept>
#include <string_view>

#include "store/connection_store.hpp"
#include "store/database.hpp"
#include "store/process_alive.hpp"

namespace host::engine {
namespace {

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE connection_leases ("
    "  id INTEGER PRIMARY KEY,"
    "  connection_id INTEGER NOT NULL,"
    "  pid INTEGER NOT NULL,"
    "  holder TEXT NOT NULL,"
    "  started_at INTEGER NOT NULL,"
    "  heartbeat_at INTEGER NOT NULL);"
    "CREATE INDEX connection_leases_by_connection ON connection_leases(connection_id);",
    // 2: the machine the pid belongs to (several share a state in PostgreSQL): only that machine
    // can tell whether the holder's process is gone; elsewhere the heartbeat says.
    "ALTER TABLE connection_leases ADD COLUMN host TEXT NOT NULL DEFAULT '';",
};

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

void migrate(store::Database& db) { db.migrate("engine_lease", kMigrations); }

}  // namespace

ConnectionLease::ConnectionLease(const store::StateLocation& state, const std::string& connection,
                                 const std::string& holder,
                                 std::function<void(const std::string&)> on_revoked)
    : connection_(connection),
      db_(store::Database::open(state)),
      on_revoked_(std::move(on_revoked)) {
  migrate(*db_);
  db_->transaction([&] {
    // Rows of holders that died long ago: nothing reads them any more.
    db_->prepare("DELETE FROM connection_leases WHERE heartbeat_at < ?")
        .bind(1, now() - 100 * kLeaseStaleSeconds)
        .run();
    const auto record = store::find_connection(*db_, connection);
    if (!record) throw std::runtime_error("no connection named " + connection);
    connection_id_ = record->id;
    store::Statement insert = db_->prepare(
        "INSERT INTO connection_leases(connection_id, pid, holder, started_at,"
        " heartbeat_at, host) VALUES (?1, ?2, ?3, ?4, ?4, ?5) RETURNING id");
    insert.bind_all(connection_id_, static_cast<int64_t>(::getpid()), holder, now(),
                    store::this_host());
    if (!insert.step()) throw store::StoreError("a new lease's row has no id");
    lease_id_ = insert.column_int(0);
  });
  thread_ = std::thread([this] { heartbeat(); });
}

ConnectionLease::~ConnectionLease() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  try {
    db_->prepare("DELETE FROM connection_leases WHERE id = ?").bind(1, lease_id_).run();
  } catch (...) {
    // Best effort: a row left behind goes stale within kLeaseStaleSeconds (its pid is gone).
  }
}

std::string ConnectionLease::check() {
  std::lock_guard lock(mutex_);
  try {
    auto lease = db_->prepare("SELECT 1 FROM connection_leases WHERE id = ?");
    lease.bind(1, lease_id_);
    const auto record = store::find_connection(*db_, connection_);
    if (!lease.step() || !record || record->id != connection_id_) {
      return "connection " + connection_ +
             " was deleted while in use; stopping before storing "
             "anything more";
    }
  } catch (const std::exception& e) {
    return std::string("cannot confirm that connection ") + connection_ +
           " still exists: " + e.what();
  }
  return {};
}

void ConnectionLease::heartbeat() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::seconds(kLeaseHeartbeatSeconds),
                         [&] { return stopping_; })) {
    bool held = false;
    try {
      db_->prepare("UPDATE connection_leases SET heartbeat_at = ? WHERE id = ?")
          .bind(1, now())
          .bind(2, lease_id_)
          .run();
      held = db_->changes() > 0;
    } catch (...) {
      continue;  // busy or briefly unavailable: the next beat tries again
    }
    if (held) continue;
    lock.unlock();
    const std::string why = check();
    if (!why.empty() && on_revoked_) on_revoked_(why);
    return;
  }
}

std::vector<LeaseHolder> live_connection_leases(store::Database& db, int64_t connection_id) {
  migrate(db);
  auto s = db.prepare(
      "SELECT pid, holder, started_at, heartbeat_at, host FROM connection_leases "
      "WHERE connection_id = ? AND heartbeat_at >= ? ORDER BY id");
  s.bind(1, connection_id).bind(2, now() - kLeaseStaleSeconds);
  std::vector<LeaseHolder> out;
  while (s.step()) {
    LeaseHolder h{s.column_int(0), s.column_text(1), s.column_int(2), s.column_int(3)};
    const std::string host = s.column_text(4);
    const bool here = host.empty() || host == store::this_host();
    if (!here || store::process_alive(h.pid)) out.push_back(std::move(h));
  }
  return out;
}

void revoke_connection_leases(store::Database& db, int64_t connection_id) {
  migrate(db);
  db.prepare("DELETE FROM connection_leases WHERE connection_id = ?").bind(1, connection_id).run();
}

}  // namespace host::engine
