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
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"

namespace host::store {
class Database;
}

namespace host::engine {

inline constexpr int64_t kLeaseHeartbeatSeconds = 2;
inline constexpr int64_t kLeaseStaleSeconds = 15;

// THREADING: check() may be called from any thread; construction and destruction on one.
class ConnectionLease {
 public:
  // Takes a lease on connection `connection` (as it is now) for this process; `holder` says
  // what holds it ("run orders-delta", "listen 127.0.0.1:8443"). `on_revoked` (may be empty) is
  // called once, from the heartbeat thread, when the heartbeat finds the lease revoked.
  // ERRORS: throws std::runtime_error when there is no such connection; store::StoreError.
  ConnectionLease(const store::StateLocation& state, const std::string& connection,
                  const std::string& holder, std::function<void(const std::string&)> on_revoked);
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
  int64_t started_at = 0;
  int64_t heartbeat_at = 0;
};

// The live leases on connection `connection_id` (see the header comment for "live").
std::vector<LeaseHolder> live_connection_leases(store::Database& db, int64_t connection_id);

// Removes every lease on the connection (their holders' check() then fails).
void revoke_connection_leases(store::Database& db, int64_t connection_id);

}  // namespace host::engine
