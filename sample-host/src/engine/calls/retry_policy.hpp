// retry_policy.hpp: how often and how long to wait before calling again.
//
// "Full jitter" exponential backoff: after the n-th failed attempt, wait a uniformly random time
// in [0, min(cap, base * 2^(n-1))], but never less than the server's retry-after. Random waits
// spread the retries of many workers instead of sending them back in lockstep.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <string>

#include "engine/calls/remote_call.hpp"

namespace host::engine {

struct RetryPolicy {
  std::chrono::milliseconds base{200};
  std::chrono::milliseconds cap{10'000};
  int max_attempts = 8;  // attempts in all, the first included
};

// The wait before the next attempt after `failed_attempts` (>= 1) failures in a row.
// `retry_after_ms` (0: none) is a lower bound. THREADING: `rng` is the caller's.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int failed_attempts,
                                        int64_t retry_after_ms, std::mt19937_64& rng);

// What one call needs from its surroundings. Tests pass fakes.
struct AttemptHooks {
  // The access token to use (may refresh first). Throws when there is none.
  std::function<std::string()> access_token;
  // Replaces a token the remote side rejected; returns the new one. Throws when it cannot.
  std::function<std::string(const std::string& rejected)> refresh_after_rejection;
  // One signed exchange with the given token (rate-limited by the caller).
  std::function<CallResult(const std::string& token)> attempt;
  // Waits (tests record instead of sleeping).
  std::function<void(std::chrono::milliseconds)> sleep;
};

// Calls `hooks.attempt` until it succeeds, or fails in a way a retry cannot fix, or the policy's
// attempts run out. RETRY and RATE_LIMITED verdicts back off and retry; REFRESH_TOKEN refreshes
// the token once per call and retries; every other verdict returns at once. The result is the
// last attempt's, with `attempts` set and, when attempts ran out, the message saying so.
CallResult call_with_retries(const RetryPolicy& policy, const AttemptHooks& hooks,
                             std::mt19937_64& rng);

}  // namespace host::engine
