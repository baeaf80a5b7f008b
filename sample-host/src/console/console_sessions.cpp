#include "console/console_sessions.hpp"

#include <openssl/crypto.h>

#include "engine/authorization/secret_random.hpp"

namespace host::console {

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

ConsoleSessions::ConsoleSessions() : access_token_(engine::random_hex(32)) {}

std::string ConsoleSessions::access_token() const {
  std::lock_guard lock(mutex_);
  return access_token_;
}

std::optional<std::string> ConsoleSessions::redeem_access_token(std::string_view token) {
  {
    std::lock_guard lock(mutex_);
    if (access_token_.empty() || !same_secret(token, access_token_)) return std::nullopt;
    access_token_.clear();
  }
  return open_session();
}

std::string ConsoleSessions::open_session() {
  std::string id = engine::random_hex(32);
  std::lock_guard lock(mutex_);
  csrf_by_session_[id] = engine::random_hex(32);
  return id;
}

std::optional<std::string> ConsoleSessions::csrf_token(std::string_view session_id) const {
  if (session_id.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  // A map lookup by the id itself is not constant-time, but it only reveals whether a guess
  // shares a hash bucket's chain, not the id's bytes; the ids have 256 bits.
  const auto found = csrf_by_session_.find(std::string(session_id));
  if (found == csrf_by_session_.end()) return std::nullopt;
  return found->second;
}

}  // namespace host::console
