// webhook_fixture.cpp: starting, subscribing and checking signatures for the webhook tests.
#include "webhook_fixture.hpp"

#include <thread>

#include "reference_hmac.hpp"
#include "test_signer.hpp"

namespace sandbox_test {

void WebhookTest::start_sandbox(double time_scale, int timeout_ms, const std::string& ca_file) {
  sandbox::SandboxOptions o = fast_options();
  o.webhook_time_scale = time_scale;
  o.webhook_timeout_ms = timeout_ms;
  o.webhook_ca_file = ca_file;
  start(o);
  sign_in();
}

void WebhookTest::subscribe(const std::string& event_type, const std::string& address) {
  const auto reply =
      call("PUT", "/event/202309/webhooks", {},
           R"({"event_type":")" + event_type + R"(","address":")" + address + R"("})");
  EXPECT_EQ(parse_json(reply.body).code(), 0) << reply.body;
}

Json WebhookTest::first_live_product() {
  const Json page = parse_json(call("POST", "/product/202309/products/search", {{"page_size", "1"}},
                                    R"({"status":"ACTIVATE"})")
                                   .body);
  return parse_json(
      call("GET", "/product/202309/products/" + page.str("/data/products/0/id")).body);
}

void WebhookTest::expect_signed(const ReceivedRequest& request) const {
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/tiktok/webhooks");
  EXPECT_EQ(request.content_type, "application/json");
  EXPECT_EQ(request.authorization,
            test_support::hmac_sha256_hex(options_.app_secret, options_.app_key + request.body))
      << request.body;
}

Json WebhookTest::receive_one_signed(WebhookReceiver& receiver) {
  const auto got = receiver.wait_for(1);
  EXPECT_EQ(got.size(), 1u);
  if (got.empty()) return parse_json("{}");
  expect_signed(got[0]);
  return parse_json(got[0].body);
}

void WebhookTest::expect_counts(std::uint64_t attempts, std::uint64_t retries,
                                std::uint64_t acknowledged, std::uint64_t given_up) {
  const sandbox::WebhookStats stats = server_->stats().webhooks;
  EXPECT_EQ(stats.attempts, attempts);
  EXPECT_EQ(stats.retries, retries);
  EXPECT_EQ(stats.acknowledged, acknowledged);
  EXPECT_EQ(stats.given_up, given_up);
  EXPECT_EQ(stats.pending, 0u);
}

Json WebhookTest::admin(const std::string& path, const std::string& body) {
  return parse_json(
      http_once(server_->port(), "POST", path, {{"content-type", "application/json"}}, body).body);
}

bool WebhookTest::wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace sandbox_test
