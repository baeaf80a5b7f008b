// connection_pool.cpp: LIFO idle lists (the most recently used connection is the least likely to
// have been closed by the server's idle timeout). Connections are closed outside the lock.
#include "http/connection_pool.hpp"

namespace host::http {

ConnectionPool::ConnectionPool(size_t max_idle_per_origin)
    : max_idle_per_origin_(max_idle_per_origin) {}

std::unique_ptr<ClientConnection> ConnectionPool::take(const std::string& origin) {
  for (;;) {
    std::unique_ptr<ClientConnection> connection;
    {
      std::lock_guard lock(mutex_);
      auto it = idle_.find(origin);
      if (it == idle_.end() || it->second.empty()) return nullptr;
      connection = std::move(it->second.back());
      it->second.pop_back();
    }
    if (connection->looks_reusable()) return connection;
  }
}

void ConnectionPool::give(const std::string& origin, std::unique_ptr<ClientConnection> connection) {
  {
    std::lock_guard lock(mutex_);
    auto& idle = idle_[origin];
    if (idle.size() < max_idle_per_origin_) {
      idle.push_back(std::move(connection));
      return;
    }
  }
  connection.reset();  // over the bound: close it, outside the lock
}

}  // namespace host::http
