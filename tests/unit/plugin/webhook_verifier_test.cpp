// Webhook verification through the C ABI (signatures computed here with OpenSSL HMAC()).
#include "plugin_api_fixture.hpp"
#include "reference_hmac.hpp"

namespace tts::test {
namespace {

class Webhook : public ::testing::Test {
 protected:
  Webhook() : connection_(config_json("wk", "ws")) {}
  ~Webhook() override { api().free_webhook_event(event_); }

  cnx_status verify(std::string_view header_name, std::string_view signature,
                    std::string_view body) {
    api().free_webhook_event(event_);
    event_ = nullptr;
    const cnx_kv headers[] = {{s("Content-Type"), s("application/json")},
                              {s(header_name), s(signature)}};
    return api().verify_webhook(connection_.get(), headers, 2, s(body), &event_, nullptr);
  }

  OpenConnection connection_;
  cnx_webhook_event* event_ = nullptr;
};

TEST_F(Webhook, HeaderNameIsCaseInsensitive) {
  const std::string body = R"({"type":4,"tts_notification_id":"n-1","shop_id":"s","timestamp":5})";
  ASSERT_EQ(verify("authorization", test_support::hmac_sha256_hex("ws", "wk" + body), body),
            CNX_STATUS_OK);
  EXPECT_EQ(v(event_->event_id), "n-1");
  EXPECT_EQ(v(event_->event_type), "PACKAGE_UPDATE");
  EXPECT_EQ(event_->effect, CNX_WEBHOOK_EFFECT_NONE);
}

TEST_F(Webhook, WrongMissingOrTamperedSignatureIsRejected) {
  const std::string body = R"({"type":1})";
  const std::string good = test_support::hmac_sha256_hex("ws", "wk" + body);
  EXPECT_EQ(verify("Authorization", test_support::hmac_sha256_hex("other", "wk" + body), body),
            CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(verify("X-Other", good, body), CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(verify("Authorization", good, R"({"type":1} )"), CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(verify("Authorization", good.substr(0, 63), body), CNX_STATUS_INVALID_INPUT);
}

TEST_F(Webhook, TypesAfterSixteenHaveTheirNames) {
  for (const auto& [type, name] : {std::pair<int, std::string_view>{13, "NEW_CONVERSATION"},
                                   {14, "NEW_MESSAGE"},
                                   {27, "INVENTORY_STATUS_CHANGE"},
                                   {37, "PRODUCT_AUDIT_STATUS_CHANGE"},
                                   {68, "INVENTORY_CHANGED"},
                                   {99, "TYPE_99"}}) {
    const std::string body = R"({"type":)" + std::to_string(type) + R"(,"shop_id":"s"})";
    ASSERT_EQ(verify("Authorization", test_support::hmac_sha256_hex("ws", "wk" + body), body),
              CNX_STATUS_OK)
        << type;
    EXPECT_EQ(v(event_->event_type), name);
  }
}

TEST_F(Webhook, DeauthorizationAndExpiryCarryEffects) {
  const std::string deauth = R"({"type":6,"shop_id":"s","timestamp":1})";
  ASSERT_EQ(verify("Authorization", test_support::hmac_sha256_hex("ws", "wk" + deauth), deauth),
            CNX_STATUS_OK);
  EXPECT_EQ(event_->effect, CNX_WEBHOOK_EFFECT_DEAUTHORIZED);
  EXPECT_EQ(v(event_->event_type), "SELLER_DEAUTHORIZATION");
  const std::string expiring = R"({"type":7,"shop_id":"s","timestamp":1})";
  ASSERT_EQ(verify("Authorization", test_support::hmac_sha256_hex("ws", "wk" + expiring), expiring),
            CNX_STATUS_OK);
  EXPECT_EQ(event_->effect, CNX_WEBHOOK_EFFECT_AUTHORIZATION_EXPIRING);
}

TEST_F(Webhook, MissingNotificationIdIsDerivedStablyFromTheBody) {
  const std::string body = R"({"type":99,"shop_id":"s"})";
  ASSERT_EQ(verify("Authorization", test_support::hmac_sha256_hex("ws", "wk" + body), body),
            CNX_STATUS_OK);
  const std::string first(v(event_->event_id));
  EXPECT_EQ(first.size(), 64u);
  EXPECT_EQ(v(event_->event_type), "TYPE_99");
  ASSERT_EQ(verify("Authorization", test_support::hmac_sha256_hex("ws", "wk" + body), body),
            CNX_STATUS_OK);
  EXPECT_EQ(v(event_->event_id), first);
}

TEST_F(Webhook, SignedButUnreadableBodyIsInvalidInput) {
  const std::string body = "not json";
  EXPECT_EQ(verify("Authorization", test_support::hmac_sha256_hex("ws", "wk" + body), body),
            CNX_STATUS_INVALID_INPUT);
}

}  // namespace
}  // namespace tts::test
