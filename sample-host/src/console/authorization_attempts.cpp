#include "console/authorization_attempts.hpp"

#include <algorithm>

#include "console/console_sessions.hpp"

namespace host::console {
namespace {

// Enough for every attempt a person makes; the oldest are forgotten first (their redirects are
// then judged unknown, which refuses them all the same).
constexpr size_t kMaxAttempts = 256;

}  // namespace

void AuthorizationAttempts::add(const std::string& state, const std::string& connection,
                                const std::string& session_id, int64_t now) {
  std::lock_guard lock(mutex_);
  if (attempts_.size() >= kMaxAttempts) attempts_.erase(attempts_.begin());
  attempts_.push_back({state, connection, session_id, now, false});
}

AttemptVerdict AuthorizationAttempts::take(std::string_view state, std::string_view session_id,
                                           int64_t now, std::string* connection) {
  std::lock_guard lock(mutex_);
  for (auto& attempt : attempts_) {
    if (!same_secret(attempt.state, state)) continue;
    if (attempt.used) return AttemptVerdict::kReused;
    if (now - attempt.created_at > lifetime_seconds_) return AttemptVerdict::kExpired;
    if (!session_id.empty() && !same_secret(attempt.session_id, session_id)) {
      return AttemptVerdict::kOtherSession;
    }
    attempt.used = true;
    *connection = attempt.connection;
    return AttemptVerdict::kOurs;
  }
  return AttemptVerdict::kUnknown;
}

std::vector<std::string> AuthorizationAttempts::connections() const {
  std::vector<std::string> out;
  std::lock_guard lock(mutex_);
  for (const auto& attempt : attempts_) {
    if (std::find(out.begin(), out.end(), attempt.connection) == out.end()) {
      out.push_back(attempt.connection);
    }
  }
  return out;
}

}  // namespace host::console
