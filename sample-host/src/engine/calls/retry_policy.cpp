#include "engine/calls/retry_policy.hpp"

#include <algorithm>

#include <connector_abi/connector.hpp>

namespace host::engine {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int failed_attempts,
                                        int64_t retry_after_ms, std::mt19937_64& rng) {
  const int shift = std::clamp(failed_attempts - 1, 0, 30);
  const int64_t ceiling =
      std::min<int64_t>(policy.cap.count(), policy.base.count() * (int64_t{1} << shift));
  std::uniform_int_distribution<int64_t> pick(0, std::max<int64_t>(ceiling, 0));
  return std::chrono::milliseconds(std::max(pick(rng), retry_after_ms));
}

std::string CallResult::describe() const {
  std::string out = cnx::status_name(verdict);
  if (remote_code != 0) out += " (code " + std::to_string(remote_code) + ")";
  if (!message.empty()) out += ": " + message;
  if (!request_id.empty()) out += " [request id " + request_id + "]";
  return out;
}

CallResult call_with_retries(const RetryPolicy& policy, const AttemptHooks& hooks,
                             std::mt19937_64& rng) {
  std::string token = hooks.access_token();
  bool refreshed = false;
  int failures = 0;  // retryable failures in a row
  int attempts = 0;
  int rate_limited = 0;
  while (true) {
    CallResult result = hooks.attempt(token);
    result.attempts = ++attempts;
    if (result.verdict == CNX_STATUS_RATE_LIMITED) ++rate_limited;
    result.rate_limited_attempts = rate_limited;
    switch (result.verdict) {
      case CNX_STATUS_RETRY:
      case CNX_STATUS_RATE_LIMITED:
        if (++failures >= policy.max_attempts) {
          result.message = "gave up after " + std::to_string(attempts) + " attempts; last: " +
                           (result.message.empty() ? "no reason given" : result.message);
          return result;
        }
        hooks.sleep(backoff_delay(policy, failures, result.retry_after_ms, rng));
        continue;
      case CNX_STATUS_REFRESH_TOKEN:
        if (refreshed) {
          result.message =
              "the access token was rejected again right after a refresh: " + result.message;
          return result;
        }
        refreshed = true;
        token = hooks.refresh_after_rejection(token);
        continue;
      default:
        return result;
    }
  }
}

}  // namespace host::engine
