#include "engine/connections/connection_lease.hpp"

#include <unistd.h>

#include <stdexcept>
#include <string_view>

#include "store/connection_store.hpp"
#include "store/database.hpp"
#include "store/database_clock.hpp"
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
    // 3: the flow a run's lease holds (one live lease per flow) and the run holding it. From
    // here on, started_at and heartbeat_at are on the database's clock.
    "ALTER TABLE connection_leases ADD COLUMN flow TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE connection_leases ADD COLUMN run_id INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX connection_leases_by_flow ON connection_leases(flow);",
};

void migrate(store::Database& db) { db.migrate("engine_lease", kMigrations); }

// The leases `where` selects (its parameters from ?2 on) that are live: beaten within
// kLeaseStaleSeconds and, on this machine, held by a live process.
template <class... Params>
std::vector<LeaseHolder> live_leases(store::Database& db, const std::string& where,
                                     const Params&... params) {
  const std::string now = store::database_now_seconds(db);
  auto s = db.prepare("SELECT pid, holder, started_at, " + now +
                      " - heartbeat_at, host, flow, run_id FROM connection_leases WHERE "
                      "heartbeat_at >= " +
                      now + " - ?1 AND " + where + " ORDER BY id");
  s.bind_all(kLeaseStaleSeconds, params...);
  std::vector<LeaseHolder> out;
  while (s.step()) {
    LeaseHolder h{s.column_int(0),  s.column_text(1), s.column_int(2), s.column_int(3),
                  s.column_text(4), s.column_text(5), s.column_int(6)};
    const bool here = h.host.empty() || h.host == store::this_host();
    if (!here || store::process_alive(h.pid)) out.push_back(std::move(h));
  }
  return out;
}

}  // namespace

ConnectionLease::ConnectionLease(const store::StateLocation& state, const std::string& connection,
                                 const std::string& holder,
                                 std::function<void(const std::string&)> on_revoked,
                                 const std::optional<FlowHold>& flow)
    : connection_(connection),
      db_(store::Database::open(state)),
      on_revoked_(std::move(on_revoked)) {
  migrate(*db_);
  const std::string now = store::database_now_seconds(*db_);
  db_->transaction([&] {
    // Rows of holders that died long ago: nothing reads them any more.
    db_->prepare("DELETE FROM connection_leases WHERE heartbeat_at < " + now + " - ?1")
        .bind(1, 100 * kLeaseStaleSeconds)
        .run();
    const auto record = store::find_connection(*db_, connection);
    if (!record) throw std::runtime_error("no connection named " + connection);
    connection_id_ = record->id;
    if (flow && !flow->flow.empty()) {
      // Read and written under the write lock: of two runs taking the flow at once, on any
      // machines, the second sees the first.
      const auto held = live_leases(*db_, "flow = ?2", flow->flow);
      if (!held.empty()) {
        throw FlowBusy("flow " + flow->flow +
                       " is already running: " + describe_lease_holder(held.front()) +
                       "; a flow runs once at a time (the next run resumes where it stops)");
      }
    }
    store::Statement insert = db_->prepare(
        "INSERT INTO connection_leases(connection_id, pid, holder, started_at, heartbeat_at,"
        " host, flow, run_id) VALUES (?1, ?2, ?3, " +
        now + ", " + now + ", ?4, ?5, ?6) RETURNING id");
    insert.bind_all(connection_id_, static_cast<int64_t>(::getpid()), holder, store::this_host(),
                    flow ? flow->flow : std::string(), flow ? flow->run_id : int64_t{0});
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
  const std::string beat =
      "UPDATE connection_leases SET heartbeat_at = " + store::database_now_seconds(*db_) +
      " WHERE id = ?";
  while (!wake_.wait_for(lock, std::chrono::seconds(kLeaseHeartbeatSeconds),
                         [&] { return stopping_; })) {
    bool held = false;
    try {
      db_->prepare(beat).bind(1, lease_id_).run();
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

std::string describe_lease_holder(const LeaseHolder& h) {
  std::string out = h.holder;
  if (h.run_id != 0) out.append(" (run ").append(std::to_string(h.run_id)).append(")");
  out.append(", pid ").append(std::to_string(h.pid));
  if (!h.host.empty()) out.append(" on ").append(h.host);
  return out.append(", last heartbeat ").append(std::to_string(h.heartbeat_age)).append(" s ago");
}

std::vector<LeaseHolder> live_connection_leases(store::Database& db, int64_t connection_id) {
  migrate(db);
  return live_leases(db, "connection_id = ?2", connection_id);
}

std::optional<LeaseHolder> live_flow_lease(store::Database& db, const std::string& flow) {
  migrate(db);
  auto held = live_leases(db, "flow = ?2", flow);
  if (held.empty()) return std::nullopt;
  return std::move(held.front());
}

void revoke_connection_leases(store::Database& db, int64_t connection_id) {
  migrate(db);
  db.prepare("DELETE FROM connection_leases WHERE connection_id = ?").bind(1, connection_id).run();
}

}  // namespace host::engine
