// The public test vectors of shared/docs/tiktok-shop-api.md.
#include <array>

#include "hmac_sha256.hpp"
#include "plugin_api_fixture.hpp"
#include "request_signer.hpp"

namespace tts::test {
namespace {

// A public vector signed through the ABI: endpoint mode when `endpoint` is set, else URL mode.
struct AbiVector {
  const char* name;
  const char* app_key;
  const char* app_secret;
  const char* endpoint;
  const char* method;
  const char* url;
  const char* cipher;
  const char* body;
  int64_t timestamp;
  const char* sent_method;
  const char* url_prefix;
  const char* sign;
};

class AbiSigningVectors : public ::testing::TestWithParam<AbiVector> {};

TEST_P(AbiSigningVectors, SignThroughAbi) {
  const AbiVector& vector = GetParam();
  OpenConnection connection(config_json(vector.app_key, vector.app_secret));
  cnx_request request = empty_request();
  request.endpoint = s(vector.endpoint);
  request.method = s(vector.method);
  request.url = s(vector.url);
  request.scope_credential = s(vector.cipher);
  request.body = s(vector.body);
  request.timestamp = vector.timestamp;
  const Signed result = sign(connection.get(), request);
  ASSERT_EQ(result.status, CNX_STATUS_OK) << result.error_message;
  EXPECT_EQ(result.method, vector.sent_method);
  EXPECT_EQ(result.query("sign"), vector.sign);
  EXPECT_EQ(result.url.rfind(vector.url_prefix, 0), 0u) << result.url;
}

INSTANTIATE_TEST_SUITE_P(
    Public, AbiSigningVectors,
    ::testing::Values(
        AbiVector{"TikTokWorkedExampleShopsList", "29a39d", "e59af819cc", "shops.list", "", "", "",
                  "", 1623812664, "GET",
                  "https://open-api.tiktokglobalshop.com/authorization/202309/shops?",
                  "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"},
        AbiVector{"SkitWebhooksGetWithShopCipher", "68xu9ks5p4i8", "e59af819cc", "webhooks.list",
                  "", "", "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK", "", 1696909648, "GET",
                  "https://open-api.tiktokglobalshop.com/event/202309/webhooks?",
                  "ed58e1b5e59865c22a7b828c1cab65007441f43cc91a6cb2f2cdc638e0995a37"},
        AbiVector{"SkitWebhooksPutWithBody", "68xu9ks5p4i8", "e59af819cc", "", "PUT",
                  "/event/202309/webhooks", "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK",
                  R"({"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"})",
                  1696909648, "PUT", "https://open-api.tiktokglobalshop.com/event/202309/webhooks?",
                  "701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7"}),
    [](const ::testing::TestParamInfo<AbiVector>& vector_info) {
      return std::string(vector_info.param.name);
    });

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
