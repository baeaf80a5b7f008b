// A listener SIGKILLed while the sandbox delivers loses no acknowledged event: every event the
// sandbox raised reaches the inbox exactly once (the sandbox's retries bring whatever was not
// acknowledged; the inbox keeps a repeated id once), and many simultaneous deliveries through the
// real subprocess listener are all acknowledged within TikTok's 3 s deadline.
#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <set>

#include "webhook_delivery_kill_fixture.hpp"

namespace webhook_kill_e2e {
namespace {

constexpr std::uint64_t kSeed = 20240607;
constexpr double kTimeScale = 0.0005;  // retries after 60 ms, 900 ms, 5.4 s, 21.6 s

TEST_F(WebhookDeliveryKillTest, ListenerKilledDuringDeliveryLosesNoAcknowledgedEvent) {
  constexpr int kEvents = 200;
  constexpr int kKills = 4;
  SCOPED_TRACE("seed " + std::to_string(kSeed));
  ASSERT_NO_FATAL_FAILURE(start_with_subscription(kTimeScale));
  ASSERT_NO_FATAL_FAILURE(start_listener());

  // The kill moments: after a seeded number of events were raised, plus a seeded few
  // milliseconds, so that deliveries are in flight (being read, verified, committed, answered).
  std::mt19937_64 random(kSeed);
  std::uniform_int_distribution<int> threshold_of(10, kEvents - 10);
  std::uniform_int_distribution<int> extra_us_of(0, 3000);
  std::uniform_int_distribution<int> pause_ms_of(10, 120);
  std::vector<int> thresholds;
  thresholds.reserve(kKills);
  for (int k = 0; k < kKills; ++k) thresholds.push_back(threshold_of(random));
  std::sort(thresholds.begin(), thresholds.end());

  // Events are raised from their own thread, paced a little, so that some arrive while the
  // listener is down and some while it is starting again.
  std::vector<std::string> emitted(kEvents);
  std::atomic<int> raised{0};
  std::thread emitter([&] {
    for (int i = 0; i < kEvents; ++i) {
      emitted[i] = emit_order_event(i);
      raised.store(i + 1);
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
  });
  for (const int threshold : thresholds) {
    while (raised.load() < threshold) std::this_thread::sleep_for(std::chrono::microseconds(200));
    std::this_thread::sleep_for(std::chrono::microseconds(extra_us_of(random)));
    kill_listener();
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms_of(random)));
    start_listener();
    if (HasFatalFailure()) break;
  }
  emitter.join();
  ASSERT_FALSE(HasFatalFailure());
  for (int i = 0; i < kEvents; ++i) ASSERT_FALSE(emitted[i].empty()) << "emit " << i << " failed";
  ASSERT_EQ(std::set<std::string>(emitted.begin(), emitted.end()).size(), size_t{kEvents});

  ASSERT_TRUE(wait_until_settled()) << "deliveries still pending";
  const sandbox::WebhookStats stats = sandbox_->stats().webhooks;
  EXPECT_EQ(stats.events, uint64_t{kEvents});
  EXPECT_EQ(stats.acknowledged, uint64_t{kEvents});
  EXPECT_EQ(stats.given_up, 0u);
  EXPECT_EQ(stats.pending, 0u);
  // The kills did disturb delivery: some attempts failed and were retried.
  EXPECT_GT(stats.retries, 0u);
  RecordProperty("attempts", std::to_string(stats.attempts));
  RecordProperty("retries", std::to_string(stats.retries));
  stop_and_expect_inbox_holds_exactly(emitted);
}

// A frozen listener (SIGSTOP) lets every first attempt time out at the sandbox; the retries
// queue up behind them. Once it runs again it reads both the stale first attempts and the
// retries: each event is stored once and the repeats are acknowledged as duplicates.
TEST_F(WebhookDeliveryKillTest, DeliveriesRetriedAfterTheSenderGaveUpWaitingAreStoredOnce) {
  constexpr int kEvents = 30;
  // Each attempt waits 200 ms; retries after 60 ms, 900 ms, 5.4 s, 21.6 s.
  ASSERT_NO_FATAL_FAILURE(start_with_subscription(kTimeScale, /*timeout_ms=*/200));
  ASSERT_NO_FATAL_FAILURE(start_listener());
  freeze_listener();
  std::vector<std::string> emitted(kEvents);
  for (int i = 0; i < kEvents; ++i) ASSERT_FALSE((emitted[i] = emit_order_event(i)).empty());
  // Every first attempt timed out and its retry started (its bytes wait in the frozen
  // listener's sockets, like the first attempt's).
  ASSERT_TRUE(wait_for_retries(kEvents)) << sandbox_->stats().webhooks.retries << " retries";
  thaw_listener();

  ASSERT_TRUE(wait_until_settled()) << "deliveries still pending";
  const sandbox::WebhookStats stats = sandbox_->stats().webhooks;
  EXPECT_EQ(stats.acknowledged, uint64_t{kEvents});
  EXPECT_EQ(stats.given_up, 0u);
  // The listener saw some event twice and said so rather than storing it again.
  EXPECT_GT(duplicate_log_lines(), 0);
  RecordProperty("attempts", std::to_string(stats.attempts));
  stop_and_expect_inbox_holds_exactly(emitted);
}

TEST_F(WebhookDeliveryKillTest, FiveHundredConcurrentDeliveriesAreAllAcknowledgedInTime) {
  constexpr int kEvents = 500;
  constexpr int kEmitters = 4;
  ASSERT_NO_FATAL_FAILURE(start_with_subscription(kTimeScale));
  ASSERT_NO_FATAL_FAILURE(start_listener());

  // Raised back to back from several threads: the sandbox starts each delivery at once on its
  // own connection, so hundreds overlap at the listener.
  std::vector<std::string> emitted(kEvents);
  std::vector<std::thread> emitters;
  emitters.reserve(kEmitters);
  for (int t = 0; t < kEmitters; ++t) {
    emitters.emplace_back([&, t] {
      for (int i = t; i < kEvents; i += kEmitters) emitted[i] = emit_order_event(i);
    });
  }
  for (auto& e : emitters) e.join();
  for (int i = 0; i < kEvents; ++i) ASSERT_FALSE(emitted[i].empty()) << "emit " << i << " failed";

  ASSERT_TRUE(wait_until_settled()) << "deliveries still pending";
  const sandbox::WebhookStats stats = sandbox_->stats().webhooks;
  EXPECT_EQ(stats.events, uint64_t{kEvents});
  EXPECT_EQ(stats.acknowledged, uint64_t{kEvents});
  // An attempt not answered 200 within the sandbox's 3 s deadline would have been retried.
  EXPECT_EQ(stats.retries, 0u);
  EXPECT_EQ(stats.attempts, uint64_t{kEvents});
  EXPECT_EQ(stats.given_up, 0u);
  stop_and_expect_inbox_holds_exactly(emitted);
}

}  // namespace
}  // namespace webhook_kill_e2e
