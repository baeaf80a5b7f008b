// A SELLER_DEAUTHORIZATION webhook, delivered by the sandbox to `connector-host listen`, makes
// `connection list` and `connection show` name the shop that needs authorizing again, and a new
// `authorize` clears it.
#include <algorithm>
#include <fstream>
#include <iterator>

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

  const auto reply = test_support::http_once(
      sandbox_->port(), "POST", "/__sandbox/webhooks/deauthorize",
      {{"content-type", "application/json"}}, R"({"shop_id":")" + shop_id_ + R"("})");
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

// A flow of kind listener drains the inbox to JSON Lines, each event once across runs.
TEST_F(WebhookDeliveryKillTest, ListenerFlowDrainsTheInboxOnce) {
  start_with_subscription(0.0005);
  start_listener();
  const std::string first = emit_order_event(1);
  const std::string second = emit_order_event(2);
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  ASSERT_TRUE(wait_until_settled());
  EXPECT_EQ(stop_listener(), 0);

  const auto flow = dir_ / "events-flow.json";
  const auto output = dir_ / "events.jsonl";
  std::ofstream(flow) << R"({"name":"events","connection":")" << kConnection
                      << R"(","kind":"listener","output":")" << output.string() << R"("})";
  const auto run = host("run " + flow.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("delivered 2 webhook events"), std::string::npos) << run.output;
  std::ifstream in(output);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find(first), std::string::npos) << text;
  EXPECT_NE(text.find(second), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;

  const auto again = host("run " + flow.string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("delivered 0 webhook events"), std::string::npos) << again.output;

  std::ofstream(flow) << R"({"name":"events","connection":")" << kConnection
                      << R"(","kind":"listener","shop":"x","output":")" << output.string()
                      << R"("})";
  const auto wrong = host("run " + flow.string());
  EXPECT_EQ(wrong.exit_code, 2) << wrong.output;
  EXPECT_NE(wrong.output.find("/shop"), std::string::npos) << wrong.output;
}

}  // namespace
}  // namespace webhook_kill_e2e
