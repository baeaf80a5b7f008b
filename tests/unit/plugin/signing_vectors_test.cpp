// The public test vectors of shared/docs/tiktok-shop-api.md.
#include <array>

#include "hmac_sha256.hpp"
#include "plugin_api_fixture.hpp"
#include "request_signer.hpp"

namespace tts::test {
namespace {

TEST(SigningVectors, TikTokWorkedExampleShopsListThroughAbi) {
  OpenConnection connection(config_json("29a39d", "e59af819cc"));
  cnx_request request = empty_request();
  request.endpoint = s("shops.list");
  request.timestamp = 1623812664;
  const Signed result = sign(connection.get(), request);
  ASSERT_EQ(result.status, CNX_STATUS_OK) << result.error_message;
  EXPECT_EQ(result.query("sign"),
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8");
  EXPECT_EQ(result.url.rfind("https://open-api.tiktokglobalshop.com/authorization/202309/shops?", 0),
            0u);
}

TEST(SigningVectors, SkitWebhooksGetWithShopCipherThroughAbi) {
  OpenConnection connection(config_json("68xu9ks5p4i8", "e59af819cc"));
  cnx_request request = empty_request();
  request.endpoint = s("webhooks.list");
  request.scope_credential = s("ROW_xkMbgAAAeVAQra0eZWebFQq5aIK");
  request.timestamp = 1696909648;
  const Signed result = sign(connection.get(), request);
  ASSERT_EQ(result.status, CNX_STATUS_OK) << result.error_message;
  EXPECT_EQ(result.method, "GET");
  EXPECT_EQ(result.query("sign"),
            "ed58e1b5e59865c22a7b828c1cab65007441f43cc91a6cb2f2cdc638e0995a37");
}

TEST(SigningVectors, SkitWebhooksPutWithBodyThroughAbi) {
  OpenConnection connection(config_json("68xu9ks5p4i8", "e59af819cc"));
  const std::string body =
      R"({"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"})";
  cnx_request request = empty_request();
  request.method = s("PUT");
  request.url = s("/event/202309/webhooks");
  request.scope_credential = s("ROW_xkMbgAAAeVAQra0eZWebFQq5aIK");
  request.body = s(body);
  request.timestamp = 1696909648;
  const Signed result = sign(connection.get(), request);
  ASSERT_EQ(result.status, CNX_STATUS_OK) << result.error_message;
  EXPECT_EQ(result.method, "PUT");
  EXPECT_EQ(result.query("sign"),
            "701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7");
}

// Vector 4 signs only foo=bar. Through the ABI the connector always adds app_key and timestamp,
// so this vector is checked on the signature core that sign_request itself uses.
TEST(SigningVectors, EcomPhpFooBarOnTheSignatureCore) {
  const auto key = HmacSha256Key::create("app_secret");
  ASSERT_NE(key, nullptr);
  const std::array<QueryParam, 1> params = {QueryParam{"foo", "bar"}};
  std::vector<std::string_view> pieces;
  char hex[64];
  ASSERT_TRUE(compute_signature(*key, "app_secret", "/test-api", params, "", pieces, hex));
  EXPECT_EQ(std::string(hex, 64),
            "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f");
}

TEST(SigningVectors, EcomPhpWebhookSignatureThroughAbi) {
  OpenConnection connection(config_json("fake_app_key", "fake_app_secret"));
  const std::string body =
      R"({"type":1,"shop_id":"7494726673780148744","timestamp":1664095733,"data":{"order_id":"576684019603311365","order_status":"AWAITING_SHIPMENT","update_time":1664095610}})";
  const cnx_kv headers[] = {
      {s("Authorization"), s("21109834de72ec53c9959716d8514ae388ce1f123e5ffdcafc46713fcdf62b27")}};
  cnx_webhook_event* event = nullptr;
  cnx_error* error = nullptr;
  ASSERT_EQ(api().verify_webhook(connection.get(), headers, 1, s(body), &event, &error),
            CNX_STATUS_OK);
  EXPECT_EQ(v(event->event_type), "ORDER_STATUS_CHANGE");
  EXPECT_EQ(v(event->account_id), "7494726673780148744");
  EXPECT_EQ(event->occurred_at, 1664095733);
  api().free_webhook_event(event);
  api().free_error(error);
}

}  // namespace
}  // namespace tts::test
