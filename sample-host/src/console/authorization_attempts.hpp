// authorization_attempts.hpp: the authorizations the console started and is waiting for, keyed
// by their CSRF state. A state is used once, expires its lifetime after it was made (ten minutes
// unless `serve --authorization-timeout` says otherwise) and belongs to the session that made it.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace host::console {

inline constexpr int64_t kAttemptSeconds = 600;  // the default lifetime
inline constexpr int64_t kMaxAttemptSeconds = 86'400;

enum class AttemptVerdict {
  kOurs,          // a live attempt of this state: taken (used) now
  kUnknown,       // no attempt has this state: forged, or from another console
  kReused,        // its attempt was answered already
  kExpired,       // its attempt is older than its lifetime
  kOtherSession,  // the redirect carries another session's cookie
};

// THREADING: every method may be called from many threads at once.
class AuthorizationAttempts {
 public:
  // `lifetime_seconds`: how long a state stays usable, 1 to kMaxAttemptSeconds.
  explicit AuthorizationAttempts(int64_t lifetime_seconds = kAttemptSeconds)
      : lifetime_seconds_(lifetime_seconds) {}

  int64_t lifetime_seconds() const { return lifetime_seconds_; }

  // A new attempt for `connection`, made by session `session_id`, with its state.
  void add(const std::string& state, const std::string& connection, const std::string& session_id,
           int64_t now);

  // Judges a redirect's state; on kOurs the attempt is used up and *connection names it.
  // `session_id`: the session cookie the redirect carried, or empty (a cross-site redirect
  // carries none: SameSite=Strict).
  AttemptVerdict take(std::string_view state, std::string_view session_id, int64_t now,
                      std::string* connection);

  // The connections with an attempt on record (live, used or expired), for reading redirects.
  std::vector<std::string> connections() const;

 private:
  struct Attempt {
    std::string state;
    std::string connection;
    std::string session_id;
    int64_t created_at = 0;
    bool used = false;
  };
  const int64_t lifetime_seconds_;
  mutable std::mutex mutex_;
  std::vector<Attempt> attempts_;  // oldest first; bounded by kMaxAttempts
};

}  // namespace host::console
