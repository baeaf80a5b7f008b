// A connection's token lifecycle (engine/authorization/token_lifecycle.hpp) against a real state
// database, a fake connector and a local token endpoint: an expired token is refreshed once however
// many threads ask at the same moment, a rejection of a token already replaced refreshes nothing,
// and a refresh the connector says needs a person marks the connection for re-authorization.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "calls_fake_connector.hpp"
#include "engine/authorization/token_lifecycle.hpp"
#include "http/http_listener.hpp"
#include "metrics/host_metrics.hpp"
#include "store/connection_store.hpp"
#include "store/master_key.hpp"
#include "store/oauth_client_store.hpp"
#include "store/token_store.hpp"
#include "store_backends.hpp"
#include "store_saved_connection.hpp"

namespace host::engine {
namespace {

using namespace host::testing;  // the fake connector

constexpr int64_t kStoredAt = 1'700'000'000;

class AuthorizationTokenLifecycle : public test_support::BackendTest<> {
 protected:
  AuthorizationTokenLifecycle() : BackendTest("token_lifecycle") {}

  // The state under test: the key file in dir_, the database SQLite there or PostgreSQL.
  HostPaths paths() const {
    return {dir_, {}, {}, state_.in_postgresql() ? state_.location().database_uri : ""};
  }

  void SetUp() override {
    fake_connector_reset();
    ::unsetenv(store::kMasterKeyEnv);  // the key file in the test's own state directory
    dir_ = state_.dir();
    auto state = std::make_unique<HostState>(paths());
    store::OAuthClientInput client{"client", "fake", "{}", {}};
    client.secrets.push_back({"app_secret", store::SecretString(std::string("s"))});
    const int64_t client_id = store::save_oauth_client(state->db(), state->box(), client);
    connection_id_ = save_test_connection(state->db(), state->box(), "shop", "fake", client_id);
    store::TokenSet tokens;
    tokens.access_token = store::SecretString(std::string("old-access"));
    tokens.access_expires_at = store::unix_now() + 3600;
    tokens.refresh_token = store::SecretString(std::string("the-refresh-token"));
    tokens.refresh_expires_at = store::unix_now() + int64_t{30} * 24 * 3600;
    state->db().transaction(
        [&] { store::write_tokens(state->db(), state->box(), connection_id_, tokens); });

    std::lock_guard lock(fake_connector_state().mutex);
    fake_connector_state().token_request = [this](cnx_token_grant grant, std::string_view cred) {
      EXPECT_EQ(grant, CNX_GRANT_REFRESH_TOKEN);
      EXPECT_EQ(cred, "the-refresh-token");
      FakeAnswer<FakeRequest> a;
      a.value.method = "POST";
      a.value.url = "http://127.0.0.1:" + std::to_string(listener_.port()) + "/token";
      return a;
    };
    fake_connector_state().parse_tokens = [this](int, std::string_view) {
      FakeAnswer<FakeTokens> a;
      if (refusal_) {
        a.status = CNX_STATUS_REAUTHORIZE;
        a.message = "refresh token revoked";
        return a;
      }
      if (hits_.load() <= transient_failures_.load()) {
        a.status = CNX_STATUS_RETRY;
        a.message = "service busy";
        return a;
      }
      a.value.access_token = "fresh-" + std::to_string(hits_.load());
      a.value.access_expires_at = store::unix_now() + 7200;
      return a;
    };
    lifecycle_ = std::make_unique<TokenLifecycle>(std::move(state), "shop", connection_id_,
                                                  fake_target(), http_);
    RetryPolicy backoff;
    backoff.max_attempts = kRefreshRounds;
    lifecycle_->set_refresh_backoff(backoff,
                                    [this](std::chrono::milliseconds d) { waits_.push_back(d); });
  }
  void TearDown() override { lifecycle_.reset(); }

  // Makes the lifecycle see the stored access token as expired.
  void jump_past_expiry() {
    lifecycle_->set_clock([] { return store::unix_now() + 3600 + 10; });
  }

  std::filesystem::path dir_;
  int64_t connection_id_ = 0;
  std::atomic<int> hits_{0};
  std::atomic<bool> refusal_{false};
  std::atomic<int> transient_failures_{0};  // the first this many refreshes answer "retry"
  std::vector<std::chrono::milliseconds> waits_;
  http::Listener listener_{{}, [this](const http::IncomingRequest&) {
                             ++hits_;
                             // Slow enough that every thread below asks while it is running.
                             std::this_thread::sleep_for(std::chrono::milliseconds(100));
                             return http::OutgoingResponse{200, {}, "{}"};
                           }};
  http::Client http_;
  std::unique_ptr<TokenLifecycle> lifecycle_;
};

// connector_host_token_refreshes_total{outcome} of this process.
uint64_t refreshes(std::string_view outcome) {
  return metrics::host_metrics().token_refreshes.with({outcome}).value();
}

TEST_P(AuthorizationTokenLifecycle, AValidTokenIsUsedWithoutARefresh) {
  EXPECT_EQ(lifecycle_->access_token(), "old-access");
  EXPECT_EQ(hits_.load(), 0);
}

TEST_P(AuthorizationTokenLifecycle, AnExpiredTokenIsRefreshedOnceForManyThreads) {
  jump_past_expiry();
  const uint64_t ok_before = refreshes("ok");
  std::vector<std::string> seen(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] { seen[i] = lifecycle_->access_token(); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(hits_.load(), 1);
  EXPECT_EQ(refreshes("ok"), ok_before + 1);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), std::set<std::string>{"fresh-1"});
  // The refreshed token is what the store holds now, for other processes.
  HostState reader(paths());
  const auto stored = store::read_tokens(reader.db(), reader.box(), connection_id_);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->tokens.access_token.view(), "fresh-1");
  EXPECT_EQ(stored->tokens.refresh_token.view(), "the-refresh-token");  // kept: none came back
}

TEST_P(AuthorizationTokenLifecycle, ARejectionOfAReplacedTokenRefreshesNothing) {
  EXPECT_EQ(lifecycle_->refresh_after_rejection("some-older-token"), "old-access");
  EXPECT_EQ(hits_.load(), 0);
}

TEST_P(AuthorizationTokenLifecycle, ManyRejectionsOfTheCurrentTokenRefreshItOnce) {
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back(
        [&] { EXPECT_EQ(lifecycle_->refresh_after_rejection("old-access"), "fresh-1"); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(hits_.load(), 1);
}

TEST_P(AuthorizationTokenLifecycle, ARefreshThatNeedsAPersonMarksTheConnection) {
  refusal_ = true;
  jump_past_expiry();
  const uint64_t dead_before = refreshes("reauthorize");
  try {
    lifecycle_->access_token();
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("connector-host authorize shop"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("the-refresh-token"), std::string::npos);
  }
  EXPECT_EQ(hits_.load(), 1);
  EXPECT_EQ(refreshes("reauthorize"), dead_before + 1);
  HostState reader(paths());
  const auto summary = store::read_token_summary(reader.db(), connection_id_);
  ASSERT_TRUE(summary);
  EXPECT_TRUE(summary->needs_reauthorization);
}

TEST_P(AuthorizationTokenLifecycle, ARefreshThatFailsTransientlyIsRetriedWithBackoff) {
  // One round of the exchange's own attempts fails, and the first of the next.
  transient_failures_ = 4;
  jump_past_expiry();
  EXPECT_EQ(lifecycle_->access_token(), "fresh-5");
  EXPECT_EQ(hits_.load(), 5);
  EXPECT_EQ(waits_.size(), 1U) << "one backoff between the two rounds";
  HostState reader(paths());
  EXPECT_FALSE(store::read_token_summary(reader.db(), connection_id_)->needs_reauthorization);
}

TEST_P(AuthorizationTokenLifecycle, ARefreshThatKeepsFailingTransientlyNeedsNoAuthorization) {
  transient_failures_ = 1000;
  RetryPolicy backoff;
  backoff.max_attempts = 2;  // two rounds
  lifecycle_->set_refresh_backoff(backoff,
                                  [this](std::chrono::milliseconds d) { waits_.push_back(d); });
  jump_past_expiry();
  const uint64_t failed_before = refreshes("failed");
  try {
    lifecycle_->access_token();
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("service busy"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("authorize"), std::string::npos) << e.what();
  }
  EXPECT_EQ(waits_.size(), 1U);
  EXPECT_EQ(refreshes("failed"), failed_before + 1) << "one refresh, however many rounds";
  HostState reader(paths());
  EXPECT_FALSE(store::read_token_summary(reader.db(), connection_id_)->needs_reauthorization);
  // The lease was released: the next call refreshes at once.
  transient_failures_ = 0;
  EXPECT_EQ(lifecycle_->access_token().rfind("fresh-", 0), 0U);
}

}  // namespace

// Two processes (two connections to the state, each with its own lifecycle) that find the token
// expired at the same moment: the row lock of the refresh lease lets one refresh and the other
// use its token, also with the state in PostgreSQL shared by several hosts.
TEST_P(AuthorizationTokenLifecycle, TwoLifecyclesOnOneStateRefreshOnce) {
  auto second = std::make_unique<TokenLifecycle>(std::make_unique<HostState>(paths()), "shop",
                                                 connection_id_, fake_target(), http_);
  const auto later = [] { return store::unix_now() + 3600 + 10; };
  lifecycle_->set_clock(later);
  second->set_clock(later);
  std::string a;
  std::string b;
  std::thread first_asks([&] { a = lifecycle_->access_token(); });
  std::thread second_asks([&] { b = second->access_token(); });
  first_asks.join();
  second_asks.join();
  EXPECT_EQ(hits_.load(), 1);
  EXPECT_EQ(a, "fresh-1");
  EXPECT_EQ(b, "fresh-1");
}

STORE_TESTS_ON_BOTH_BACKENDS(AuthorizationTokenLifecycle);

}  // namespace host::engine
