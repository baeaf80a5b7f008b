// A SELLER_DEAUTHORIZATION webhook, delivered by the sandbox to `connector-host listen`, makes
// `connection list` and `connection show` name the shop that needs authorizing again, and a new
// `authorize` clears it.
#include "webhook_delivery_kill_fixture.hpp"

namespace webhook_kill_e2e {
namespace {

TEST_F(WebhookDeliveryKillTest, DeauthorizationIsListedUntilTheConnectionIsAuthorizedAgain) {
  start_with_subscription(0.0005);
  const auto subscribed =
      host("webhooks set --connection " + std::string(kConnection) + " --shop " + shop_id_ +
           " --event-type SELLER_DEAUTHORIZATION --address " + listener_url());
  ASSERT_EQ(subscribed.exit_code, 0) << subscribed.output;
  start_listener();

  const auto before = host("connection list");
  ASSERT_EQ(before.exit_code, 0) << before.output;
  EXPECT_EQ(before.output.find("deauthorized"), std::string::npos) << before.output;

  const auto reply = sandbox_test::http_once(sandbox_->port(), "POST",
                                             "/__sandbox/webhooks/deauthorize",
                                             {{"content-type", "application/json"}},
                                             R"({"shop_id":")" + shop_id_ + R"("})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  ASSERT_TRUE(wait_until_settled());
  EXPECT_EQ(sandbox_->stats().webhooks.acknowledged, 1u);
  EXPECT_EQ(stop_listener(), 0);

  const auto listed = host("connection list");
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("shop " + shop_id_ + ": deauthorized"), std::string::npos)
      << listed.output;
  const auto shown = host("connection show " + std::string(kConnection));
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find("needs re-authorizing"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("SELLER_DEAUTHORIZATION"), std::string::npos) << shown.output;

  const auto again =
      host("authorize " + std::string(kConnection) + " --browser builtin --timeout 30");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("cleared 1 re-authorization alert"), std::string::npos)
      << again.output;
  const auto after = host("connection list");
  EXPECT_EQ(after.output.find("deauthorized"), std::string::npos) << after.output;
}

}  // namespace
}  // namespace webhook_kill_e2e
