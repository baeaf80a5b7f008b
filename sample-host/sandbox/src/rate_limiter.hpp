// rate_limiter.hpp: TikTok's per-(app, shop, endpoint) request budget as token buckets.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace sandbox {

// Each key gets a bucket holding one second's worth of tokens at the rate it is asked with,
// refilled continuously on the steady clock. THREADING: safe from any thread.
class RateLimiter {
 public:
  // Takes one token for `key`, whose limit is `per_second`; false when the bucket is empty
  // (answer 429 / 36009002). A limit of 0 or less always allows.
  bool try_acquire(const std::string& key, double per_second);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace sandbox
