// The delivery handler with the real connector, without sockets: signed deliveries are stored
// once; forged, truncated and replayed ones are answered as TikTok expects.
#include <gtest/gtest.h>

#include "webhook/authorization_alerts.hpp"
#include "webhook/inbox_store.hpp"
#include "webhook_e2e_fixture.hpp"

namespace host::webhook::test {
namespace {

class WebhookDeliveryTest : public WebhookConnectionFixture {
 protected:
  void SetUp() override { open("k", "s"); }
};

// EcomPHP's public vector (docs/tiktok-shop-api.md).
class WebhookPublicVectorTest : public WebhookConnectionFixture {
 protected:
  void SetUp() override { open("fake_app_key", "fake_app_secret"); }
};

TEST_F(WebhookPublicVectorTest, ThePublishedSignatureVerifiesAndTheRawBodyIsStored) {
  const std::string body =
      R"({"type":1,"shop_id":"7494726673780148744","timestamp":1664095733,"data":{"order_id":"576684019603311365","order_status":"AWAITING_SHIPMENT","update_time":1664095610}})";
  const std::string signature = "21109834de72ec53c9959716d8514ae388ce1f123e5ffdcafc46713fcdf62b27";
  EXPECT_EQ(tiktok_signature("fake_app_secret", "fake_app_key", body), signature);
  const DeliveryResult result = handler_->handle(post(body, signature));
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kStored);
  EXPECT_EQ(result.event.event_type, "ORDER_STATUS_CHANGE");
  EXPECT_EQ(result.event.account_id, "7494726673780148744");
  EXPECT_EQ(result.event.occurred_at, 1664095733);
  const auto rows = read_undelivered(*open_database(), kConnectionName, 0, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].body, body);
}

TEST_F(WebhookDeliveryTest, ASignedDeliveryIsStoredAndAnsweredWithAnEmpty200) {
  const DeliveryResult result = handler_->handle(signed_post(delivery_body("n-1")));
  EXPECT_EQ(result.response.status, 200);
  EXPECT_TRUE(result.response.body.empty());
  EXPECT_EQ(result.outcome, DeliveryOutcome::kStored);
  EXPECT_EQ(result.event.event_id, "n-1");
  EXPECT_EQ(inbox_rows(), 1);
}

TEST_F(WebhookDeliveryTest, AReplayedDeliveryIsAcknowledgedAndNotStoredTwice) {
  const http::IncomingRequest request = signed_post(delivery_body("n-1"));
  ASSERT_EQ(handler_->handle(request).outcome, DeliveryOutcome::kStored);
  const DeliveryResult replay = handler_->handle(request);
  EXPECT_EQ(replay.response.status, 200);
  EXPECT_EQ(replay.outcome, DeliveryOutcome::kDuplicate);
  EXPECT_EQ(inbox_rows(), 1);
}

TEST_F(WebhookDeliveryTest, AForgedSignatureGets401AndNothingIsStored) {
  const std::string body = delivery_body("n-1");
  const DeliveryResult result = handler_->handle(post(body, tiktok_signature("not-s", "k", body)));
  EXPECT_EQ(result.response.status, 401);
  EXPECT_TRUE(result.response.body.empty());
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRejected);
  EXPECT_EQ(inbox_rows(), 0);
}

TEST_F(WebhookDeliveryTest, AMissingSignatureGets401AndNothingIsStored) {
  EXPECT_EQ(handler_->handle(post(delivery_body("n-1"), "")).response.status, 401);
  EXPECT_EQ(inbox_rows(), 0);
}

TEST_F(WebhookDeliveryTest, ABodyCutAfterSigningGets401AndNothingIsStored) {
  const std::string body = delivery_body("n-1");
  const std::string signature = tiktok_signature("s", "k", body);
  const DeliveryResult result = handler_->handle(post(body.substr(0, body.size() - 10), signature));
  EXPECT_EQ(result.response.status, 401);
  EXPECT_EQ(inbox_rows(), 0);
}

TEST_F(WebhookDeliveryTest, ABodyReformattedAfterSigningGets401) {
  // Same JSON value, other bytes: verification is over the bytes, never a re-parsed value.
  const std::string body = delivery_body("n-1");
  const std::string signature = tiktok_signature("s", "k", body);
  std::string spaced = body;
  spaced.insert(1, " ");
  EXPECT_EQ(handler_->handle(post(spaced, signature)).response.status, 401);
  EXPECT_EQ(inbox_rows(), 0);
}

TEST_F(WebhookDeliveryTest, OtherMethodsGet405WithAllowPost) {
  http::IncomingRequest request = signed_post(delivery_body("n-1"));
  request.method = "GET";
  const DeliveryResult result = handler_->handle(request);
  EXPECT_EQ(result.response.status, 405);
  ASSERT_EQ(result.response.headers.size(), 1u);
  EXPECT_EQ(result.response.headers[0].name, "Allow");
  EXPECT_EQ(result.response.headers[0].value, "POST");
  EXPECT_EQ(inbox_rows(), 0);
}

TEST_F(WebhookDeliveryTest, TheConnectorNamesItsDeliveryPath) {
  EXPECT_EQ(default_delivery_path("tiktok-shop", loader::describe_connector(*connector_).json),
            kDeliveryPath);
}

TEST_F(WebhookDeliveryTest, OtherPathsGet404AndAQueryStringIsIgnored) {
  const std::string body = delivery_body("n-1");
  const std::string signature = tiktok_signature("s", "k", body);
  EXPECT_EQ(handler_->handle(post(body, signature, "/elsewhere")).response.status, 404);
  EXPECT_EQ(handler_->handle(post(body, signature, "/webhooks/tiktok/x")).response.status, 404);
  EXPECT_EQ(handler_->handle(post(body, signature, "/webhooks/tiktok?src=tts")).response.status,
            200);
  EXPECT_EQ(inbox_rows(), 1);
}

TEST_F(WebhookDeliveryTest, ADeauthorizationMarksTheShopItNames) {
  ASSERT_EQ(handler_->handle(signed_post(delivery_body("d-1", 6, "111"))).response.status, 200);
  ASSERT_EQ(handler_->handle(signed_post(delivery_body("e-1", 7, "222"))).response.status, 200);
  const auto alerts = authorization_alerts(*open_database(), kConnectionName);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].account_id, "111");
  EXPECT_EQ(alerts[0].kind, AlertKind::kDeauthorized);
  EXPECT_EQ(alerts[0].event_type, "SELLER_DEAUTHORIZATION");
  EXPECT_EQ(alerts[1].account_id, "222");
  EXPECT_EQ(alerts[1].kind, AlertKind::kAuthorizationExpiring);
}

TEST_F(WebhookDeliveryTest, AnInboxThatCannotBeWrittenGets503SoTheSenderRetries) {
  // Without its table every insert fails, as it would on a broken disk.
  open_database()->exec("DROP TABLE webhook_inbox");
  const DeliveryResult result = handler_->handle(signed_post(delivery_body("n-1")));
  EXPECT_EQ(result.response.status, 503);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kStoreFailed);
}

}  // namespace
}  // namespace host::webhook::test
