#include "engine/calls/rate_limiter.hpp"

#include <algorithm>
#include <thread>

namespace host::engine {

TokenBucket::TokenBucket(double rate_per_second, double burst, SteadyClockFn clock)
    : rate_(std::max(rate_per_second, 1e-6)),
      burst_(std::max(burst, 1.0)),
      clock_(std::move(clock)),
      tokens_(burst_),
      updated_(now()) {}

std::chrono::steady_clock::time_point TokenBucket::now() const {
  return clock_ ? clock_() : std::chrono::steady_clock::now();
}

std::chrono::nanoseconds TokenBucket::reserve() {
  std::lock_guard lock(mutex_);
  const auto t = now();
  if (t > updated_) {
    const double elapsed = std::chrono::duration<double>(t - updated_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * effective_rate());
    updated_ = t;
  }
  tokens_ -= 1.0;
  if (tokens_ >= 0) return std::chrono::nanoseconds(0);
  // The deficit is paid back at the effective rate.
  return std::chrono::nanoseconds(static_cast<int64_t>(-tokens_ / effective_rate() * 1e9));
}

void TokenBucket::lower_rate_to(double rate_per_second) {
  std::lock_guard lock(mutex_);
  const double rate = std::max(rate_per_second, 1e-6);
  if (rate >= rate_) return;
  rate_ = rate;
  burst_ = std::min(burst_, default_burst(effective_rate()));
  tokens_ = std::min(tokens_, burst_);
}

void TokenBucket::set_share(double share) {
  std::lock_guard lock(mutex_);
  const double clamped = std::clamp(share, 1e-6, 1.0);
  if (clamped == share_) return;
  // Tokens accrued so far at the old share stay (at most a burst); from now on the new one.
  const auto t = now();
  if (t > updated_) {
    const double elapsed = std::chrono::duration<double>(t - updated_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * effective_rate());
    updated_ = t;
  }
  share_ = clamped;
  burst_ = default_burst(effective_rate());
  tokens_ = std::min(tokens_, burst_);
}

double TokenBucket::rate_per_second() const {
  std::lock_guard lock(mutex_);
  return effective_rate();
}

void TokenBucket::acquire() {
  const auto wait = reserve();
  if (wait.count() > 0) std::this_thread::sleep_for(wait);
}

std::shared_ptr<TokenBucket> RateLimiterRegistry::bucket(const std::string& key,
                                                         double rate_per_second) {
  std::shared_ptr<TokenBucket> bucket;
  std::shared_future<void> joined;
  std::promise<void> joining;
  JoinFn join;
  bool made = false;
  {
    std::lock_guard lock(mutex_);
    Slot& slot = buckets_[key];
    if (!slot.bucket) {
      slot.bucket = std::make_shared<TokenBucket>(rate_per_second, default_burst(rate_per_second));
      slot.joined = joining.get_future().share();
      made = true;
      join = join_;
    } else {
      slot.bucket->lower_rate_to(rate_per_second);
    }
    bucket = slot.bucket;
    if (!made && slot.joined.valid()) joined = slot.joined;  // only while the join goes on
  }
  if (!made) {
    if (joined.valid()) joined.wait();  // outside the lock: holds up only this key's callers
    return bucket;
  }
  if (join) {
    try {
      join(key, *bucket);
    } catch (...) {
      // The join reports its own failures; the bucket then goes at its whole rate.
    }
  }
  joining.set_value();
  std::lock_guard lock(mutex_);
  buckets_[key].joined = {};  // joined: later callers of the key take the bucket and go
  return bucket;
}

void RateLimiterRegistry::set_join(JoinFn join) {
  std::lock_guard lock(mutex_);
  join_ = std::move(join);
}

RateLimiterRegistry& process_rate_limiters() {
  static RateLimiterRegistry registry;
  return registry;
}

double default_burst(double rate_per_second) { return std::max(1.0, rate_per_second / 10.0); }

}  // namespace host::engine
