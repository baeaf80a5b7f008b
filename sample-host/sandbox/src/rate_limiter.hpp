// rate_limiter.hpp: TikTok's per-(app, shop, endpoint) request budget as token buckets.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace sandbox {

// Each key gets a bucket holding `per_second` tokens, refilled continuously on the steady clock.
// THREADING: safe from any thread.
class RateLimiter {
 public:
  explicit RateLimiter(double per_second) : per_second_(per_second) {}

  // Takes one token for `key`; false when the bucket is empty (answer 429 / 36009002).
  // A limit of 0 or less always allows.
  bool try_acquire(const std::string& key);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  const double per_second_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace sandbox
