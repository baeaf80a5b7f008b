// connector-host authorize against the sandbox: the built-in browser, refusals, forged or
// missing state, timeouts, and the token lifecycle (refresh on expiry and after a rejection,
// single-flight, the refresh-token warning).
#include <atomic>
#include <chrono>
#include <ctime>
#include <future>
#include <thread>

#include "connection_e2e_fixture.hpp"
#include "engine/authorization/connection_session.hpp"
#include "http/http_client.hpp"
#include "text_contains.hpp"

namespace connection_e2e {
namespace {

using test_support::contains;

class AuthorizeE2eTest : public ConnectionE2eTest {
 protected:
  void save_only() {
    ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
    ASSERT_EQ(host("connection save " + connection_manifest().string()).exit_code, 0)
        << all_output_;
  }

  // Starts `authorize` in the background and waits until its callback listener answers.
  std::future<test_support::CommandOutput> authorize_in_background(const std::string& flags) {
    auto future = std::async(std::launch::async, [this, flags] {
      return host("authorize e2e-shop --timeout 30 " + flags);
    });
    host::http::Client probe;
    for (int i = 0; i < 200; ++i) {
      host::http::Request request{
          "GET",
          "http://127.0.0.1:" + std::to_string(callback_port_) + "/not-the-callback",
          {},
          {}};
      if (probe.send(request).ok()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return future;
  }

  host::http::Response get(const std::string& url) {
    host::http::Client client;
    return client.send({"GET", url, {}, {}});
  }

  // Saves the connection, starts `authorize` (2 s timeout), sends its callback a redirect with
  // `query`, and expects the attempt to fail with `sentence` and store no token.
  void expect_redirect_rejected(const std::string& query, const std::string& sentence) {
    start_sandbox();
    save_only();
    auto running = authorize_in_background("--timeout 2");
    get("http://127.0.0.1:" + std::to_string(callback_port_) + "/connection/oauth2callback?" +
        query);
    const auto out = running.get();
    EXPECT_EQ(out.exit_code, 1);
    EXPECT_TRUE(contains(out.output, sentence)) << out.output;
    EXPECT_FALSE(token_summary("e2e-shop").has_value());
  }

  host::engine::HostPaths global_options() {
    host::engine::HostPaths o;
    o.state_dir = dir_ / "state";
    o.plugin_dir = CONNECTOR_PLUGIN_DIR;
    o.manifest_dir = MANIFEST_DIR;
    return o;
  }
};

TEST_F(AuthorizeE2eTest, BuiltinBrowserAuthorizesAndStoresTokensAndShops) {
  start_sandbox();
  save_only();
  const auto out = host("authorize e2e-shop --browser builtin --timeout 30");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(contains(out.output,
                       "Redirect URI to register on the app (Partner Center): " + redirect_uri()));
  EXPECT_TRUE(contains(out.output, sandbox_->base_url() + "/open/authorize?"));
  for (const auto& shop : sandbox_->shops()) {
    if (shop.owned_by_authorizing_seller) {
      EXPECT_TRUE(contains(out.output, shop.id)) << shop.id;
    }
  }
  const auto tokens = token_summary("e2e-shop");
  ASSERT_TRUE(tokens.has_value());
  EXPECT_EQ(tokens->generation, 1);
  EXPECT_GT(tokens->access_expires_at, 0);
  auto db = state_db();
  EXPECT_EQ(host::store::read_scopes(*db, host::store::find_connection(*db, "e2e-shop")->id).size(),
            static_cast<size_t>(options_.shop_count));
}

TEST_F(AuthorizeE2eTest, RefusedAuthorizationFailsAndStoresNothing) {
  start_sandbox();
  save_only();
  sandbox_->set_authorize_behaviour(sandbox::AuthorizeBehaviour::kRefuse);
  const auto out = host("authorize e2e-shop --browser builtin --timeout 30");
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_TRUE(contains(out.output, "was refused by the shop (error=access_denied)")) << out.output;
  EXPECT_FALSE(token_summary("e2e-shop").has_value());
}

TEST_F(AuthorizeE2eTest, ARedirectWithAForeignStateIsRejected) {
  // The attempt ignores the forged redirect and waits for its own, in vain.
  expect_redirect_rejected("code=forged-code&state=not-the-state",
                           "1 with a wrong or reused state");
}

TEST_F(AuthorizeE2eTest, ARedirectWithoutStateIsRejectedUnlessAllowed) {
  expect_redirect_rejected("code=some-code", "--allow-missing-state");
}

TEST_F(AuthorizeE2eTest, AnAppStoreInstallWithoutStateIsAcceptedWhenAllowed) {
  start_sandbox();
  save_only();
  auto running = authorize_in_background("--allow-missing-state");
  // The seller starts from the app store: the authorize page is opened without a state.
  const auto page = get(sandbox_->base_url() + "/open/authorize?service_id=" + kServiceId);
  ASSERT_EQ(page.status, 302);
  const std::string location(page.header("Location"));
  EXPECT_FALSE(contains(location, "state="));
  get(location);
  const auto out = running.get();
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(token_summary("e2e-shop").has_value());
}

TEST_F(AuthorizeE2eTest, NoRedirectWithinTheTimeoutIsAClearError) {
  start_sandbox();
  save_only();
  const auto out = host("authorize e2e-shop --timeout 1");
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_TRUE(contains(out.output, "within 1 seconds")) << out.output;
}

TEST_F(AuthorizeE2eTest, AnAccessTokenAboutToExpireIsRefreshedBeforeUse) {
  options_.access_token_lifetime = 30;
  start_sandbox();
  save_and_authorize();
  ASSERT_EQ(token_summary("e2e-shop")->generation, 1);
  // Make it a week-old token with 30 s left: inside the one-minute margin of a long-lived token.
  state_db()->exec("UPDATE connection_tokens SET updated_at = updated_at - 604800");
  const auto out = host("connection test e2e-shop");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(token_summary("e2e-shop")->generation, 2);
}

TEST_F(AuthorizeE2eTest, AShortLivedTokenServesMostOfItsLifeBeforeARefresh) {
  options_.access_token_lifetime = 30;  // a fixed one-minute margin would refresh every call
  start_sandbox();
  save_and_authorize();
  for (int i = 0; i < 2; ++i) {
    const auto out = host("connection test e2e-shop");
    EXPECT_EQ(out.exit_code, 0) << out.output;
  }
  EXPECT_EQ(token_summary("e2e-shop")->generation, 1);
}

TEST_F(AuthorizeE2eTest, ARefreshTokenNearItsEndIsWarnedAbout) {
  options_.refresh_token_lifetime = 3 * 24 * 3600;
  start_sandbox();
  save_and_authorize();
  const auto out = host("connection test e2e-shop");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(contains(out.output, "the refresh token expires on")) << out.output;
  EXPECT_TRUE(contains(host("connection show e2e-shop").output, "refresh-expiring"));
}

TEST_F(AuthorizeE2eTest, ConcurrentRejectionsRefreshOnceAcrossThreadsAndSessions) {
  start_sandbox();
  save_and_authorize();
  auto first = host::engine::open_session(global_options(), "e2e-shop");
  auto second = host::engine::open_session(global_options(), "e2e-shop");  // another "process"
  const std::string rejected = first->access_token();
  ASSERT_EQ(second->access_token(), rejected);

  std::vector<std::future<std::string>> results;
  for (int i = 0; i < 8; ++i) {
    results.push_back(
        std::async(std::launch::async, [&] { return first->refresh_after_rejection(rejected); }));
  }
  std::string fresh;
  for (auto& r : results) {
    const std::string token = r.get();
    EXPECT_NE(token, rejected);
    if (fresh.empty()) fresh = token;
    EXPECT_EQ(token, fresh);
  }
  EXPECT_EQ(token_summary("e2e-shop")->generation, 2);
  // The second session still holds the rejected token; it must pick up the rotation, not refresh.
  EXPECT_EQ(second->refresh_after_rejection(rejected), fresh);
  EXPECT_EQ(token_summary("e2e-shop")->generation, 2);
}

TEST_F(AuthorizeE2eTest, ADeadRefreshTokenAsksForReauthorization) {
  // The sandbox's clock runs ahead on demand, so that both its tokens expire while the host's
  // timestamps stay inside the sandbox's five-minute window: the host meets an expired access
  // token, refreshes, and learns that the refresh token is dead too.
  auto offset = std::make_shared<std::atomic<int64_t>>(0);
  options_.clock = [offset] { return static_cast<int64_t>(std::time(nullptr)) + offset->load(); };
  options_.access_token_lifetime = 200;
  options_.refresh_token_lifetime = 100;
  start_sandbox();
  save_and_authorize();
  offset->store(250);
  const auto out = host("connection test e2e-shop");
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_TRUE(contains(out.output, "re-authorize with `connector-host authorize e2e-shop`"))
      << out.output;
  EXPECT_TRUE(token_summary("e2e-shop")->needs_reauthorization);
  EXPECT_TRUE(contains(host("connection show e2e-shop").output, "needs-reauthorization"));
  // Authorizing again clears the flag.
  offset->store(0);
  ASSERT_EQ(host("authorize e2e-shop --browser builtin --timeout 30").exit_code, 0) << all_output_;
  EXPECT_FALSE(token_summary("e2e-shop")->needs_reauthorization);
}

}  // namespace
}  // namespace connection_e2e
