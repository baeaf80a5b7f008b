// rate_limiter.cpp: token buckets.
#include "rate_limiter.hpp"

#include <algorithm>

namespace sandbox {

bool RateLimiter::try_acquire(const std::string& key, double per_second) {
  if (per_second <= 0) return true;
  // At least one token's room, or a limit below 1/s would refuse everything.
  const double capacity = std::max(1.0, per_second);
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto [it, inserted] = buckets_.try_emplace(key);
  Bucket& b = it->second;
  if (inserted) {
    b.tokens = capacity;
  } else {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(capacity, b.tokens + elapsed * per_second);
  }
  b.last = now;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace sandbox
