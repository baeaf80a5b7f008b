// connection_lease.hpp: a run's or a listener's "in use" claim on the connection it works through.
//
// A lease is a row (connection id, pid, what holds it, heartbeat) in the state database, renewed
// every few seconds by a thread of the holder. `connection delete` refuses while a live lease is
// held (one whose heartbeat is recent and whose pid is alive: a holder that died stops counting
// within kLeaseStaleSeconds, or at once when its pid is gone), and with --force deletes the
// connection and its leases. The holder asks check() at every step that would store something
// (an export's commit, an import's send, a listener's delivery): once the lease row or the
// connection it was taken on is gone (also a connection deleted and saved again under the same
// name: it is another connection), check() says why, and the holder stops.
//
// A run's lease also holds its flow: at most one live lease names a flow, whichever process or
// machine took it, so two runs of one flow never go at once, on one serve or on several sharing a
// PostgreSQL state. A holder that dies frees its flow at once on its own machine (its pid is
// gone) and after kLeaseStaleSeconds elsewhere; the next run then resumes from the flow's last
// commit. Heartbeats are on the database's clock (database_clock.hpp), so the machines' clocks do
// not matter.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "store/process_alive.hpp"

namespace host::store {
class Database;
}

namespace host::engine {

inline constexpr int64_t kLeaseHeartbeatSeconds = 2;
inline constexpr int64_t kLeaseStaleSeconds = store::kLeaseStaleSeconds;

// What a run's lease says besides its connection: the run it is (the run history's id, by which
// other machines tell that run from one whose machine died), and the flow it holds, or "" for a
// run that holds none (a test run, which writes only a preview).
struct FlowHold {
  std::string flow;
  int64_t run_id = 0;
};

// Thrown by the constructor when a live lease of another holder holds the flow; what() names that
// holder (flow, run, pid and machine, how long ago it beat).
class FlowBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// THREADING: check() may be called from any thread; construction and destruction on one.
class ConnectionLease {
 public:
  // Takes a lease on connection `connection` (as it is now) for this process; `holder` says
  // what holds it ("run orders-delta", "listen 127.0.0.1:8443"). `on_revoked` (may be empty) is
  // called once, from the heartbeat thread, when the heartbeat finds the lease revoked. With
  // `flow`, the lease also holds that flow (see the header comment).
  // ERRORS: throws FlowBusy when the flow is held; std::runtime_error when there is no such
  // connection; store::StoreError.
  ConnectionLease(const store::StateLocation& state, const std::string& connection,
                  const std::string& holder, std::function<void(const std::string&)> on_revoked,
                  const std::optional<FlowHold>& flow = std::nullopt);
  ~ConnectionLease();  // stops the heartbeat and removes the row
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;

  // Empty while the connection the lease was taken on still exists and the lease is held;
  // otherwise why the holder must stop. ERRORS: a database failure is reported as the reason.
  std::string check();

 private:
  void heartbeat();

  std::string connection_;
  int64_t connection_id_ = 0;
  int64_t lease_id_ = 0;
  std::unique_ptr<store::Database> db_;
  std::function<void(const std::string&)> on_revoked_;
  std::mutex mutex_;  // guards db_ and stopping_
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

struct LeaseHolder {
  int64_t pid = 0;
  std::string holder;
  int64_t started_at = 0;     // unix seconds, by the database's clock
  int64_t heartbeat_age = 0;  // seconds since its last heartbeat
  std::string host;           // its machine ("" in rows from before leases recorded it)
  std::string flow;           // the flow it holds, or ""
  int64_t run_id = 0;         // the run holding it, or 0
};

// "run orders (run 12), pid 345 on host-b, last heartbeat 3 s ago".
std::string describe_lease_holder(const LeaseHolder& holder);

// The live leases on connection `connection_id` (see the header comment for "live").
std::vector<LeaseHolder> live_connection_leases(store::Database& db, int64_t connection_id);

// The live lease that holds `flow`, if any.
std::optional<LeaseHolder> live_flow_lease(store::Database& db, const std::string& flow);

// Removes every lease on the connection (their holders' check() then fails).
void revoke_connection_leases(store::Database& db, int64_t connection_id);

}  // namespace host::engine
