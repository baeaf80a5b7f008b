// connection_pool.hpp: idle kept-alive client connections, per origin, bounded.
//
// Internal to host_http (ClientConnection brings Beast and Asio).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/client_connection.hpp"

namespace host::http {

// THREADING: all members may be called from many threads at once. A connection is owned by the
// pool while idle and by exactly one caller while in use.
class ConnectionPool {
 public:
  explicit ConnectionPool(size_t max_idle_per_origin);

  // The most recently returned idle connection to `origin` that still looks open, or null.
  // Idle connections the peer has closed are discarded on the way.
  std::unique_ptr<ClientConnection> take(const std::string& origin);

  // Keeps `connection` idle for reuse, unless `origin` already has the maximum of idle
  // connections, in which case it is closed.
  void give(const std::string& origin, std::unique_ptr<ClientConnection> connection);

 private:
  const size_t max_idle_per_origin_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<ClientConnection>>> idle_;
};

}  // namespace host::http
