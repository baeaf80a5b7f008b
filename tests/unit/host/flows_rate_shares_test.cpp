// Rate budgets shared through a PostgreSQL state (engine/flows/rate_shares.hpp): processes that
// use one budget key each go at 1/n of it, a joiner waits until the others counted it, and one
// that leaves gives its share back once its heartbeat is stale.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "engine/flows/rate_shares.hpp"
#include "postgres_test_database.hpp"

namespace host::engine {
namespace {

constexpr const char* kKey = "app/7001/orders.search";

TEST(FlowsRateShares, UsersOfOneBudgetEachTakeTheirShareAndGetItBackWhenOneLeaves) {
  test_support::PostgresTestDatabase database;
  TokenBucket first_bucket(50, default_burst(50));
  TokenBucket second_bucket(50, default_burst(50));
  TokenBucket other_bucket(50, default_burst(50));
  auto first = std::make_unique<RateShares>(database.uri(), "host-a:1");
  first->join(kKey, first_bucket);
  EXPECT_DOUBLE_EQ(first_bucket.rate_per_second(), 50);  // alone

  auto second = std::make_unique<RateShares>(database.uri(), "host-b:2");
  const auto joined_at = std::chrono::steady_clock::now();
  second->join(kKey, second_bucket);
  second->join("app/7002/orders.search", other_bucket);  // another shop: a budget of its own
  // The joiner went at half from its row on, and returned only once the first had counted it.
  EXPECT_DOUBLE_EQ(second_bucket.rate_per_second(), 25);
  EXPECT_DOUBLE_EQ(other_bucket.rate_per_second(), 50);
  // The first counted it in the beat the joiner waited for (and sets its share right after).
  const auto halved_by = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (first_bucket.rate_per_second() > 25 && std::chrono::steady_clock::now() < halved_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_DOUBLE_EQ(first_bucket.rate_per_second(), 25);
  EXPECT_LE(std::chrono::steady_clock::now() - joined_at,
            RateShares::kJoinWait + RateShares::kJoinWait);

  second.reset();  // leaves: its rows go at once
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (first_bucket.rate_per_second() < 50 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_DOUBLE_EQ(first_bucket.rate_per_second(), 50);
}

TEST(FlowsRateShares, AUserThatStopsBeatingIsCountedUntilItsHeartbeatIsStaleThenNot) {
  test_support::PostgresTestDatabase database;
  // A user that died without removing its row: it counts until its heartbeat is stale.
  { RateShares migrates(database.uri(), "host-x:0"); }  // the table, as the host makes it
  database.exec(std::string("INSERT INTO rate_users VALUES ('") + kKey +
                "', 'host-gone:9', CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT))");
  TokenBucket bucket(50, default_burst(50));
  RateShares shares(database.uri(), "host-a:1");
  const auto started = std::chrono::steady_clock::now();
  shares.join(kKey, bucket);
  EXPECT_DOUBLE_EQ(bucket.rate_per_second(), 25);
  // The dead user never beats after our row: join waits its whole kJoinWait for it.
  EXPECT_GE(std::chrono::steady_clock::now() - started, RateShares::kJoinWait);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (bucket.rate_per_second() < 50 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_DOUBLE_EQ(bucket.rate_per_second(), 50);
}

}  // namespace
}  // namespace host::engine
