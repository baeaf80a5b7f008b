// rate_limiter.cpp: token buckets.
#include "rate_limiter.hpp"

#include <algorithm>

namespace sandbox {

bool RateLimiter::try_acquire(const std::string& key) {
  if (per_second_ <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto [it, inserted] = buckets_.try_emplace(key);
  Bucket& b = it->second;
  if (inserted) {
    b.tokens = per_second_;
  } else {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(per_second_, b.tokens + elapsed * per_second_);
  }
  b.last = now;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace sandbox
