// The console's authorization attempts: a state is used once, expires after its lifetime (ten
// minutes unless serve says otherwise) and belongs to the session that started it.
#include <gtest/gtest.h>

#include "console/authorization_attempts.hpp"

namespace {

using host::console::AttemptVerdict;
using host::console::AuthorizationAttempts;
using host::console::kAttemptSeconds;

constexpr int64_t kStart = 1'700'000'000;

TEST(ConsoleAttempts, a_live_state_is_taken_once_and_names_its_connection) {
  AuthorizationAttempts attempts;
  attempts.add("s1", "shop-a", "session-1", kStart);
  std::string connection;
  EXPECT_EQ(attempts.take("s1", "session-1", kStart + 5, &connection), AttemptVerdict::kOurs);
  EXPECT_EQ(connection, "shop-a");
  EXPECT_EQ(attempts.take("s1", "session-1", kStart + 6, &connection), AttemptVerdict::kReused);
}

TEST(ConsoleAttempts, an_unknown_state_is_refused) {
  AuthorizationAttempts attempts;
  attempts.add("s1", "shop-a", "session-1", kStart);
  std::string connection;
  EXPECT_EQ(attempts.take("s2", "session-1", kStart, &connection), AttemptVerdict::kUnknown);
  EXPECT_EQ(attempts.take("s", "session-1", kStart, &connection), AttemptVerdict::kUnknown);
  EXPECT_EQ(attempts.take("", "", kStart, &connection), AttemptVerdict::kUnknown);
  EXPECT_TRUE(connection.empty());
}

TEST(ConsoleAttempts, a_state_older_than_ten_minutes_is_expired_and_stays_unusable) {
  AuthorizationAttempts attempts;
  attempts.add("s1", "shop-a", "session-1", kStart);
  std::string connection;
  EXPECT_EQ(attempts.take("s1", "session-1", kStart + kAttemptSeconds + 1, &connection),
            AttemptVerdict::kExpired);
  EXPECT_TRUE(connection.empty());
}

TEST(ConsoleAttempts, a_shorter_lifetime_expires_a_state_sooner_and_only_after_it) {
  AuthorizationAttempts attempts(3);
  EXPECT_EQ(attempts.lifetime_seconds(), 3);
  attempts.add("s1", "shop-a", "session-1", kStart);
  attempts.add("s2", "shop-a", "session-1", kStart);
  std::string connection;
  EXPECT_EQ(attempts.take("s1", "session-1", kStart + 4, &connection), AttemptVerdict::kExpired);
  EXPECT_EQ(attempts.take("s2", "session-1", kStart + 3, &connection), AttemptVerdict::kOurs);
  EXPECT_EQ(AuthorizationAttempts().lifetime_seconds(), kAttemptSeconds);
}

TEST(ConsoleAttempts, another_sessions_cookie_is_refused_but_no_cookie_is_judged_by_the_state) {
  AuthorizationAttempts attempts;
  attempts.add("s1", "shop-a", "session-1", kStart);
  attempts.add("s2", "shop-b", "session-1", kStart);
  std::string connection;
  EXPECT_EQ(attempts.take("s1", "session-2", kStart, &connection), AttemptVerdict::kOtherSession);
  // Refused, not used: the right browser may still finish it.
  EXPECT_EQ(attempts.take("s1", "session-1", kStart, &connection), AttemptVerdict::kOurs);
  // A cross-site redirect carries no SameSite=Strict cookie.
  EXPECT_EQ(attempts.take("s2", "", kStart, &connection), AttemptVerdict::kOurs);
  EXPECT_EQ(connection, "shop-b");
}

}  // namespace
