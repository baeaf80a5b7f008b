// Deliveries that are not answered 200 in time are retried on TikTok's schedule (compressed by
// the time scale) with the same notification id and bytes, then given up; https receivers are
// trusted through the CA file.
#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "webhook_fixture.hpp"

namespace sandbox_test {
namespace {

using std::chrono::milliseconds;

class WebhookRetry : public WebhookTest {
 protected:
  // Raises one ORDER_STATUS_CHANGE through the admin endpoint; returns its notification id.
  std::string emit_order_event() {
    const Json emitted = admin(
        "/__sandbox/webhooks/emit",
        R"({"shop_id":")" + shop_id() +
            R"(","type":1,"data":{"order_id":"42","order_status":"AWAITING_SHIPMENT","update_time":1700000000}})");
    EXPECT_EQ(emitted.code(), 0);
    return emitted.str("/data/notification_ids/0");
  }
  sandbox::WebhookDeliveryInfo only_delivery() {
    const auto deliveries = server_->webhook_deliveries();
    EXPECT_EQ(deliveries.size(), 1u);
    return deliveries.empty() ? sandbox::WebhookDeliveryInfo{} : deliveries.front();
  }
  bool settled() {
    const auto d = server_->webhook_deliveries();
    return d.size() == 1 && d.front().state != "pending";
  }
};

// The retry delays scaled: 2 min, 30 min, 3 h, 12 h times `scale`.
milliseconds scaled(std::int64_t seconds, double scale) {
  return milliseconds(static_cast<std::int64_t>(static_cast<double>(seconds) * scale * 1000));
}

TEST_F(WebhookRetry, ReceiverAnswering500TwiceGetsTheEventOnTheThirdAttempt) {
  constexpr double kScale = 0.0005;  // retries after 60 ms and 900 ms
  start_sandbox(kScale);
  WebhookReceiver receiver({{500, milliseconds(0)}, {500, milliseconds(0)}});
  subscribe("ORDER_STATUS_CHANGE", receiver.url());
  const std::string id = emit_order_event();

  const auto got = receiver.wait_for(3);
  ASSERT_EQ(got.size(), 3u);
  for (const auto& request : got) {
    expect_signed(request);
    EXPECT_EQ(request.body, got[0].body);  // same bytes, so the same id and signature
    EXPECT_EQ(parse_json(request.body).str("/tts_notification_id"), id);
  }
  // Each retry waits at least its scaled delay after the failed attempt was answered.
  EXPECT_GE(got[1].at - got[0].at, scaled(120, kScale));
  EXPECT_GE(got[2].at - got[1].at, scaled(1800, kScale));

  ASSERT_TRUE(wait_until([&] { return settled(); }));
  const auto d = only_delivery();
  EXPECT_EQ(d.state, "acknowledged");
  EXPECT_EQ(d.attempts, 3);
  EXPECT_EQ(d.last_result, "200");
  EXPECT_EQ(server_->stats().webhooks.events, 1u);
  expect_counts(/*attempts=*/3, /*retries=*/2, /*acknowledged=*/1, /*given_up=*/0);
  EXPECT_EQ(receiver.received().size(), 3u);
}

TEST_F(WebhookRetry, ReceiverThatIsDownGetsEveryRetryThenTheSandboxGivesUp) {
  start_sandbox(0.00002);  // retries after 2.4 ms, 36 ms, 216 ms, 864 ms
  subscribe("ORDER_STATUS_CHANGE", "http://127.0.0.1:" + std::to_string(closed_port()) + "/x");
  emit_order_event();

  ASSERT_TRUE(wait_until([&] { return settled(); }));
  const auto d = only_delivery();
  EXPECT_EQ(d.state, "given_up");
  EXPECT_EQ(d.attempts, 5);  // the first try and TikTok's four retries
  EXPECT_EQ(d.last_result, "connection refused");
  expect_counts(/*attempts=*/5, /*retries=*/4, /*acknowledged=*/0, /*given_up=*/1);
  const Json json = parse_json(http_once(server_->port(), "GET", "/__sandbox/stats").body);
  EXPECT_EQ(json.num("/webhooks/given_up"), 1);
  EXPECT_EQ(json.num("/webhooks/retries"), 4);
}

TEST_F(WebhookRetry, ReceiverThatComesBackGetsTheEventFromARetry) {
  start_sandbox(0.0005);  // retries after 60 ms, 900 ms, 5.4 s
  const std::uint16_t port = closed_port();
  subscribe("ORDER_STATUS_CHANGE", "http://127.0.0.1:" + std::to_string(port) + "/tiktok/webhooks");
  const std::string id = emit_order_event();
  // Both early attempts refused (counting finished ones: a started second attempt could still
  // meet the receiver below and succeed).
  ASSERT_TRUE(wait_until([&] { return only_delivery().finished_attempts >= 2; }));
  ASSERT_EQ(only_delivery().state, "pending");
  ASSERT_EQ(only_delivery().last_result, "connection refused");

  WebhookReceiver receiver({}, port);  // the receiver is back before the third attempt
  EXPECT_EQ(receive_one_signed(receiver).str("/tts_notification_id"), id);
  ASSERT_TRUE(wait_until([&] { return settled(); }));
  EXPECT_EQ(only_delivery().state, "acknowledged");
  EXPECT_EQ(only_delivery().attempts, 3);
}

TEST_F(WebhookRetry, AnAnswerAfterTheDeadlineIsATimeoutAndIsRetried) {
  start_sandbox(0.0005, /*timeout_ms=*/200);
  // The first answer is a 200, but only after 600 ms: too late to count.
  WebhookReceiver receiver({{200, milliseconds(600)}});
  subscribe("ORDER_STATUS_CHANGE", receiver.url());
  const std::string id = emit_order_event();

  const auto got = receiver.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, got[1].body);
  EXPECT_EQ(parse_json(got[1].body).str("/tts_notification_id"), id);
  ASSERT_TRUE(wait_until([&] { return settled(); }));
  EXPECT_EQ(only_delivery().state, "acknowledged");
  EXPECT_EQ(only_delivery().attempts, 2);
  EXPECT_EQ(server_->stats().webhooks.retries, 1u);
}

// An https receiver: a second sandbox with TLS, which answers an unknown path with 404. A 404
// proves the TLS handshake and the request went through; without trust the handshake fails.
class WebhookTls : public WebhookRetry {
 protected:
  void SetUp() override {
    sandbox::SandboxOptions o;
    o.tls = true;
    o.orders = o.products = o.returns = o.cancellations = o.packages = o.statements = 1;
    receiver_ = std::make_unique<sandbox::SandboxServer>(o);
    std::string error;
    ASSERT_TRUE(receiver_->start(&error)) << error;
    // One file per process and test: ctest runs these tests in parallel processes, and a shared
    // name let one test's CA replace the other's between writing and the TLS handshake.
    ca_file_ = ::testing::TempDir() + "sandbox_webhook_ca_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".pem";
    std::ofstream(ca_file_) << receiver_->certificate_pem();
  }
  void TearDown() override {
    WebhookRetry::TearDown();
    receiver_->stop();
    std::remove(ca_file_.c_str());
  }
  std::unique_ptr<sandbox::SandboxServer> receiver_;
  std::string ca_file_;
};

TEST_F(WebhookTls, HttpsReceiverIsReachedWhenTheCaFileTrustsIt) {
  start_sandbox(0.00002, 3000, ca_file_);
  subscribe("ORDER_STATUS_CHANGE", receiver_->base_url() + "/tiktok/webhooks");
  emit_order_event();
  ASSERT_TRUE(wait_until([&] { return settled(); }));
  EXPECT_EQ(only_delivery().last_result, "404");  // a real HTTP answer over TLS, not a 200
  EXPECT_EQ(only_delivery().state, "given_up");
  EXPECT_EQ(receiver_->stats().rejected_by_code.at(36009009), 5u);
}

TEST_F(WebhookTls, HttpsReceiverWithAnUntrustedCertificateIsNeverReached) {
  start_sandbox(0.00002);  // the system trust store does not know the self-signed certificate
  subscribe("ORDER_STATUS_CHANGE", receiver_->base_url() + "/tiktok/webhooks");
  emit_order_event();
  ASSERT_TRUE(wait_until([&] { return settled(); }));
  EXPECT_EQ(only_delivery().state, "given_up");
  EXPECT_NE(only_delivery().last_result.find("certificate"), std::string::npos)
      << only_delivery().last_result;
  EXPECT_EQ(receiver_->stats().requests_total, 0u);
}

TEST_F(WebhookRetry, AnUnusableCaFileStopsTheSandboxFromStarting) {
  sandbox::SandboxOptions o = fast_options();
  o.webhook_ca_file = ::testing::TempDir() + "no_such_ca.pem";
  sandbox::SandboxServer server(o);
  std::string error;
  EXPECT_FALSE(server.start(&error));
  EXPECT_NE(error.find("CA file"), std::string::npos) << error;
}

}  // namespace
}  // namespace sandbox_test
