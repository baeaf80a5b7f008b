// token_lifecycle.hpp: keeps one connection's access token valid: refreshes it before it expires
// and after the remote side rejected it, single-flight across threads (a mutex) and processes (a
// lease row in the state database), and warns when the refresh token itself nears its end.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "engine/calls/connector_call.hpp"
#include "engine/calls/retry_policy.hpp"
#include "engine/connections/host_state.hpp"
#include "http/http_client.hpp"

namespace host::engine {

// Refresh this long before the access token expires, at most.
inline constexpr int64_t kAccessRefreshMarginSeconds = 60;

// How long before its expiry to refresh an access token issued to live `lifetime` seconds (its
// expiry minus the time it was stored): a quarter of that, capped at kAccessRefreshMarginSeconds.
// A fixed margin longer than a short-lived token's whole life (a sandbox's 30 s tokens) would
// refresh before every call; a quarter keeps three quarters of every token in use, and a
// week-long token is refreshed a minute early. At least 1 second.
int64_t access_refresh_margin(int64_t lifetime);
// Rounds of a refresh that keeps failing transiently (each round is exchange_tokens()'s own few
// attempts) before the caller is told; the backoff between them stays well inside the refresh
// lease (90 s).
inline constexpr int kRefreshRounds = 5;

// Warn when the refresh token expires within this many seconds.
inline constexpr int64_t kRefreshWarningSeconds = int64_t{7} * 24 * 3600;

// THREADING: every public function may be called from many threads at once.
class TokenLifecycle {
 public:
  // `state` must hold the connection's database and stay alive; the lifecycle owns it from now on
  // (its database connection is only used under this object's mutex).
  TokenLifecycle(std::unique_ptr<HostState> state, std::string connection_name,
                 int64_t connection_id, ConnectorTarget target, http::Client& http);

  // A valid access token, refreshed first when it expires within the margin.
  // ERRORS: throws std::runtime_error when not authorized or when a person must authorize again
  // (the message names `connector-host authorize NAME`), or when the refresh fails.
  std::string access_token();

  // After a REFRESH_TOKEN verdict for `rejected`: refreshes unless the stored token already
  // differs from it (another thread or process refreshed), and returns the current token.
  std::string refresh_after_rejection(const std::string& rejected);

  // For tests: the clock in Unix seconds (default: the system clock).
  void set_clock(std::function<int64_t()> clock) { clock_ = std::move(clock); }

  // A refresh the remote side answers "retry later" (or that the network loses) is tried again
  // after a randomized backoff, kRefreshRounds rounds in all, instead of ending the caller's
  // work; a refresh the remote side refuses for good marks the connection as needing
  // authorization. For tests: the backoff policy and the wait (default: sleep).
  void set_refresh_backoff(RetryPolicy policy,
                           std::function<void(std::chrono::milliseconds)> wait) {
    backoff_ = policy;
    wait_ = std::move(wait);
  }

 private:
  // REQUIRES: mutex_ held. Loads the stored tokens into the cache.
  void reload_locked();
  // REQUIRES: mutex_ held. Refreshes unless the generation moved on from `seen_generation`.
  void refresh_locked(int64_t seen_generation);
  void warn_if_refresh_expiring_locked();
  // REQUIRES: mutex_ held and the refresh lease. The exchange, retried in rounds with backoff.
  store::TokenSet exchange_with_backoff_locked(std::string_view refresh_token);
  [[noreturn]] void throw_reauthorize(const std::string& why) const;

  std::unique_ptr<HostState> state_;
  std::string name_;
  int64_t connection_id_;
  ConnectorTarget target_;
  http::Client& http_;
  std::function<int64_t()> clock_;
  RetryPolicy backoff_{std::chrono::milliseconds(1000), std::chrono::milliseconds(8000),
                       kRefreshRounds};
  std::function<void(std::chrono::milliseconds)> wait_;

  std::mutex mutex_;
  bool loaded_ = false;
  store::SecretString access_token_;
  int64_t access_expires_at_ = 0;
  int64_t refresh_margin_ = kAccessRefreshMarginSeconds;  // access_refresh_margin() of the token
  int64_t refresh_expires_at_ = 0;
  int64_t generation_ = 0;
  bool warned_ = false;
};

}  // namespace host::engine
