// rate_limiter.hpp: token buckets shared by the workers that call one API of one (app, shop).
//
// A remote side allows so many requests/second per API per (app, account) and answers 429 above
// it (the connector's describe says how many: endpoints.*.rate_limit). Workers
// reserve a token before each request; the bucket says how long to wait for it, so requests leave
// evenly spaced instead of in bursts that the remote bucket would reject.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace host::engine {

using SteadyClockFn = std::function<std::chrono::steady_clock::time_point()>;

// THREADING: reserve() and acquire() may be called from many threads at once.
class TokenBucket {
 public:
  // `rate_per_second` tokens accrue per second, up to `burst` (at least 1). The bucket starts
  // full. `clock` defaults to std::chrono::steady_clock::now (tests pass a fake one).
  TokenBucket(double rate_per_second, double burst, SteadyClockFn clock = {});

  // Takes one token and returns how long the caller must wait before using it (zero when one
  // was available). Reservations queue up: each caller's wait accounts for earlier reservations.
  std::chrono::nanoseconds reserve();

  // reserve(), then sleeps for the wait.
  void acquire();

  // Lowers the rate (and the burst that goes with it, default_burst) to `rate_per_second` when
  // that is lower; a higher rate leaves the bucket as it is. Tokens already promised keep their
  // place in the queue; the deficit is paid back at the new rate.
  void lower_rate_to(double rate_per_second);

  // This process's part of the remote budget, in (0, 1]: the bucket goes at rate x share (and
  // the burst that goes with that). Several processes that use one budget each take a share
  // (rate_shares.hpp); alone, the share is 1.
  void set_share(double share);

  // The rate the bucket goes at now: the rate asked of it times its share.
  double rate_per_second() const;

 private:
  std::chrono::steady_clock::time_point now() const;

  double effective_rate() const { return rate_ * share_; }  // mutex_ held

  double rate_;   // guarded by mutex_
  double burst_;  // likewise
  double share_ = 1.0;
  SteadyClockFn clock_;
  mutable std::mutex mutex_;
  double tokens_;  // may go negative: tokens promised to waiting callers
  std::chrono::steady_clock::time_point updated_;
};

// One bucket per key (e.g. "app key/shop"), created on first use with the given rate. A key names
// one remote budget, so every caller of a key shares its bucket, whatever rate it asks for: the
// bucket goes at the lowest rate asked of it (TokenBucket::lower_rate_to), the only one that
// keeps every caller's limit. (A key per rate would split one remote budget into buckets that
// each spend all of it.) THREADING: any thread.
class RateLimiterRegistry {
 public:
  // Called once for each new key, before any caller gets its bucket (callers of that key wait
  // for it; other keys do not): where the process joins the key's budget with other processes.
  using JoinFn = std::function<void(const std::string& key, TokenBucket& bucket)>;

  std::shared_ptr<TokenBucket> bucket(const std::string& key, double rate_per_second);
  // Sets the join for keys made from now on (empty: none). THREADING: any thread.
  void set_join(JoinFn join);

 private:
  struct Slot {
    std::shared_ptr<TokenBucket> bucket;
    std::shared_future<void> joined;  // while the join goes on (empty once it returned)
  };
  std::mutex mutex_;
  std::map<std::string, Slot> buckets_;
  JoinFn join_;
};

// The one registry of this process: every flow and every connection of one app and one account
// (shop) draws on the same buckets, so that together they stay under the remote side's limit.
// Keys are "<app id>/<scope id>/<endpoint id>" (flow_session_caller.hpp). A flow that caps its
// rate (rate_limit_per_second) slows the key's bucket, for every flow of that app and shop, for
// the rest of the process. THREADING: any thread.
RateLimiterRegistry& process_rate_limiters();

// The burst a bucket for `rate_per_second` gets by default: a tenth of a second's worth (at
// least 1), so the remote bucket, which holds a whole second, never sees more than it holds even
// when our clock and its clock disagree.
double default_burst(double rate_per_second);

}  // namespace host::engine
