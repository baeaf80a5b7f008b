// The token bucket's arithmetic (with a fake clock) and the retry policy's bounds and decisions.
#include <gtest/gtest.h>

#include "engine/calls/rate_limiter.hpp"
#include "engine/calls/retry_policy.hpp"

namespace host::engine {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

struct FakeClock {
  std::chrono::steady_clock::time_point t{};
  SteadyClockFn fn() {
    return [this] { return t; };
  }
};

TEST(EngineRateLimiter, FullBucketServesItsBurstWithoutWaiting) {
  FakeClock clock;
  TokenBucket bucket(10, 5, clock.fn());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bucket.reserve(), nanoseconds(0)) << i;
}

TEST(EngineRateLimiter, ReservationsBeyondTheBurstWaitOneIntervalEach) {
  FakeClock clock;
  TokenBucket bucket(10, 5, clock.fn());
  for (int i = 0; i < 5; ++i) bucket.reserve();
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(bucket.reserve()), milliseconds(100));
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(bucket.reserve()), milliseconds(200));
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(bucket.reserve()), milliseconds(300));
}

TEST(EngineRateLimiter, TokensRefillAtTheRateButNeverPastTheBurst) {
  FakeClock clock;
  TokenBucket bucket(10, 5, clock.fn());
  for (int i = 0; i < 5; ++i) bucket.reserve();
  clock.t += milliseconds(200);  // two tokens back
  EXPECT_EQ(bucket.reserve(), nanoseconds(0));
  EXPECT_EQ(bucket.reserve(), nanoseconds(0));
  EXPECT_GT(bucket.reserve(), nanoseconds(0));
  clock.t += std::chrono::seconds(60);  // a long idle time refills only up to the burst
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bucket.reserve(), nanoseconds(0)) << i;
  EXPECT_GT(bucket.reserve(), nanoseconds(0));
}

TEST(EngineRateLimiter, SustainedRateMatchesTheConfiguredRate) {
  FakeClock clock;
  TokenBucket bucket(50, 5, clock.fn());
  // 1000 requests, each sent when its reservation says: the last leaves after ~(1000-5)/50 s.
  nanoseconds last{0};
  for (int i = 0; i < 1000; ++i) last = bucket.reserve();
  EXPECT_NEAR(std::chrono::duration<double>(last).count(), 995.0 / 50.0, 0.001);
}

TEST(EngineRateLimiter, RegistryHandsOutOneBucketPerKey) {
  RateLimiterRegistry registry;
  auto a = registry.bucket("app/shop1", 50);
  EXPECT_EQ(a, registry.bucket("app/shop1", 50));
  EXPECT_NE(a, registry.bucket("app/shop2", 50));
}

TEST(EngineRateLimiter, RegistryBucketGoesAtTheLowestRateAskedOfIt) {
  // Two flows of one app and shop calling one API share its remote budget, whatever cap each
  // flow sets: the shared bucket must keep the tighter one, whichever flow asked first.
  RateLimiterRegistry registry;
  auto fast_first = registry.bucket("app/shop1/orders", 50);
  EXPECT_EQ(registry.bucket("app/shop1/orders", 10), fast_first);
  EXPECT_DOUBLE_EQ(fast_first->rate_per_second(), 10);
  EXPECT_EQ(registry.bucket("app/shop1/orders", 50), fast_first);
  EXPECT_DOUBLE_EQ(fast_first->rate_per_second(), 10);
  EXPECT_DOUBLE_EQ(registry.bucket("app/shop2/orders", 50)->rate_per_second(), 50);
}

TEST(EngineRateLimiter, ALoweredRateSpacesReservationsAtTheNewRateAndBurst) {
  FakeClock clock;
  TokenBucket bucket(50, default_burst(50), clock.fn());  // burst 5
  bucket.lower_rate_to(10);                               // burst 1
  EXPECT_DOUBLE_EQ(bucket.rate_per_second(), 10);
  EXPECT_EQ(bucket.reserve(), nanoseconds(0));
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(bucket.reserve()), milliseconds(100));
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(bucket.reserve()), milliseconds(200));
  bucket.lower_rate_to(20);  // a higher rate changes nothing
  EXPECT_DOUBLE_EQ(bucket.rate_per_second(), 10);
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(bucket.reserve()), milliseconds(300));
}

TEST(EngineRetry, BackoffStaysWithinTheExponentialCeilingAndTheCap) {
  RetryPolicy policy;  // base 200 ms, cap 10 s
  std::mt19937_64 rng(7);
  for (int n = 1; n <= 12; ++n) {
    const int64_t ceiling = std::min<int64_t>(10'000, 200LL << (n - 1));
    int64_t max_seen = 0;
    for (int i = 0; i < 2000; ++i) {
      const auto d = backoff_delay(policy, n, 0, rng).count();
      ASSERT_GE(d, 0);
      ASSERT_LE(d, ceiling) << "attempt " << n;
      max_seen = std::max(max_seen, d);
    }
    EXPECT_GT(max_seen, ceiling / 2) << "jitter should use the whole range, attempt " << n;
  }
}

TEST(EngineRetry, BackoffHonoursRetryAfter) {
  RetryPolicy policy;
  std::mt19937_64 rng(1);
  for (int i = 0; i < 100; ++i) EXPECT_GE(backoff_delay(policy, 1, 1500, rng).count(), 1500);
}

struct Script {
  explicit Script(std::vector<CallResult> a) : answers(std::move(a)) {}
  std::vector<CallResult> answers;
  size_t next = 0;
  std::vector<std::string> tokens_used;
  std::vector<milliseconds> sleeps;
  int refreshes = 0;

  AttemptHooks hooks() {
    AttemptHooks h;
    h.access_token = [] { return std::string("token-1"); };
    h.refresh_after_rejection = [this](const std::string&) {
      ++refreshes;
      return "token-" + std::to_string(refreshes + 1);
    };
    h.attempt = [this](const std::string& token) {
      tokens_used.push_back(token);
      return answers.at(std::min(next++, answers.size() - 1));
    };
    h.sleep = [this](milliseconds d) { sleeps.push_back(d); };
    return h;
  }
};

CallResult verdict(cnx_status s) {
  CallResult r;
  r.verdict = s;
  r.message = "m";
  return r;
}

TEST(EngineRetry, RetriesTransientFailuresThenSucceeds) {
  Script s({verdict(CNX_STATUS_RETRY), verdict(CNX_STATUS_RATE_LIMITED), verdict(CNX_STATUS_OK)});
  std::mt19937_64 rng(1);
  const auto r = call_with_retries(RetryPolicy{}, s.hooks(), rng);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(s.sleeps.size(), 2u);
}

TEST(EngineRetry, CountsTheRateLimitedAnswersARetryGotPast) {
  Script s({verdict(CNX_STATUS_RATE_LIMITED), verdict(CNX_STATUS_RETRY),
            verdict(CNX_STATUS_RATE_LIMITED), verdict(CNX_STATUS_OK)});
  std::mt19937_64 rng(1);
  const auto r = call_with_retries(RetryPolicy{}, s.hooks(), rng);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.attempts, 4);
  EXPECT_EQ(r.rate_limited_attempts, 2);
}

TEST(EngineRetry, GivesUpAfterMaxAttemptsWithAClearMessage) {
  Script s({verdict(CNX_STATUS_RETRY)});
  RetryPolicy policy;
  policy.max_attempts = 4;
  std::mt19937_64 rng(1);
  const auto r = call_with_retries(policy, s.hooks(), rng);
  EXPECT_EQ(r.verdict, CNX_STATUS_RETRY);
  EXPECT_EQ(r.attempts, 4);
  EXPECT_EQ(s.sleeps.size(), 3u);
  EXPECT_NE(r.message.find("gave up after 4 attempts"), std::string::npos);
}

TEST(EngineRetry, RefreshesARejectedTokenOnceAndRetriesWithTheNewOne) {
  Script s({verdict(CNX_STATUS_REFRESH_TOKEN), verdict(CNX_STATUS_OK)});
  std::mt19937_64 rng(1);
  const auto r = call_with_retries(RetryPolicy{}, s.hooks(), rng);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(s.refreshes, 1);
  EXPECT_EQ(s.tokens_used, (std::vector<std::string>{"token-1", "token-2"}));
}

TEST(EngineRetry, SecondRejectionAfterARefreshFails) {
  Script s({verdict(CNX_STATUS_REFRESH_TOKEN)});
  std::mt19937_64 rng(1);
  const auto r = call_with_retries(RetryPolicy{}, s.hooks(), rng);
  EXPECT_EQ(r.verdict, CNX_STATUS_REFRESH_TOKEN);
  EXPECT_EQ(s.refreshes, 1);
  EXPECT_EQ(r.attempts, 2);
}

TEST(EngineRetry, PermanentAndReauthorizeVerdictsAreNotRetried) {
  for (cnx_status st : {CNX_STATUS_PERMANENT, CNX_STATUS_REAUTHORIZE, CNX_STATUS_INVALID_INPUT}) {
    Script s({verdict(st), verdict(CNX_STATUS_OK)});
    std::mt19937_64 rng(1);
    const auto r = call_with_retries(RetryPolicy{}, s.hooks(), rng);
    EXPECT_EQ(r.verdict, st);
    EXPECT_EQ(r.attempts, 1);
    EXPECT_TRUE(s.sleeps.empty());
  }
}

}  // namespace
}  // namespace host::engine
