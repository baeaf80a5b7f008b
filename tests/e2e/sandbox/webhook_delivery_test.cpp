// Data changes reach subscribers as signed TikTok webhook events, one notification id each.
#include <set>

#include "webhook_fixture.hpp"

namespace sandbox_test {
namespace {

class WebhookDelivery : public WebhookTest {
 protected:
  void SetUp() override { start_sandbox(0.001); }

  // Sets the first sku of `product` to `quantity` in every warehouse it stocks.
  HttpReply set_stock(const Json& product, std::int64_t quantity,
                      std::map<std::string, std::string> query = {}) {
    std::string inventory;
    for (auto stock : product.arr("/data/skus/0/inventory")) {
      std::string_view warehouse;
      EXPECT_EQ(stock["warehouse_id"].get_string().get(warehouse), simdjson::SUCCESS);
      if (!inventory.empty()) inventory += ",";
      inventory += R"({"warehouse_id":")" + std::string(warehouse) + R"(","quantity":)" +
                   std::to_string(quantity) + "}";
    }
    const std::string body = R"({"skus":[{"id":")" + product.str("/data/skus/0/id") +
                             R"(","inventory":[)" + inventory + "]}]}";
    return call("POST", "/product/202309/products/" + product.str("/data/id") + "/inventory/update",
                std::move(query), body);
  }

  // The first request whose status is `status` in a search of `family` (returns|cancellations).
  Json first_pending(const std::string& family, const std::string& status_key,
                     const std::string& status) {
    return parse_json(call("POST", "/return_refund/202309/" + family + "/search",
                           {{"page_size", "50"}},
                           R"({")" + status_key + R"(":[")" + status + "\"]}")
                          .body);
  }
};

TEST_F(WebhookDelivery, InventoryUpdateDeliversASignedProductInformationChange) {
  WebhookReceiver receiver;
  subscribe("PRODUCT_INFORMATION_CHANGE", receiver.url());
  const Json product = first_live_product();
  now_ += 10;
  ASSERT_EQ(parse_json(set_stock(product, 77).body).code(), 0);

  const Json event = receive_one_signed(receiver);
  EXPECT_EQ(event.num("/type"), 15);
  EXPECT_EQ(event.str("/shop_id"), shop_id());
  EXPECT_EQ(event.num("/timestamp"), now_.load());
  EXPECT_FALSE(event.str("/tts_notification_id").empty());
  EXPECT_EQ(event.str("/data/product_id"), product.str("/data/id"));
  EXPECT_EQ(event.str("/data/change_source"), "OPEN_API");
  EXPECT_EQ(event.num("/data/update_time"), now_.load());
  EXPECT_TRUE(wait_until([&] { return server_->stats().webhooks.acknowledged == 1; }));
}

TEST_F(WebhookDelivery, PackageShipDeliversASignedOrderStatusChange) {
  WebhookReceiver receiver;
  subscribe("ORDER_STATUS_CHANGE", receiver.url());
  const Json packages = parse_json(call("POST", "/fulfillment/202309/packages/search",
                                        {{"page_size", "50"}}, R"({"package_status":"PROCESSING"})")
                                       .body);
  const std::string package = packages.str("/data/packages/0/id");
  ASSERT_FALSE(package.empty()) << "the seed has no PROCESSING package";
  const Json detail = parse_json(call("GET", "/fulfillment/202309/packages/" + package).body);
  now_ += 30;
  ASSERT_EQ(
      parse_json(call("POST", "/fulfillment/202309/packages/" + package + "/ship", {}, "{}").body)
          .code(),
      0);

  const Json event = receive_one_signed(receiver);
  EXPECT_EQ(event.num("/type"), 1);
  EXPECT_EQ(event.str("/shop_id"), shop_id());
  EXPECT_EQ(event.str("/data/order_id"), detail.str("/data/orders/0/id"));
  EXPECT_EQ(event.str("/data/order_status"), "AWAITING_COLLECTION");
  EXPECT_EQ(event.num("/data/update_time"), now_.load());
}

TEST_F(WebhookDelivery, DataChangesRaiseTheirDocumentedTopics) {
  WebhookReceiver receiver;
  for (const char* topic :
       {"ORDER_STATUS_CHANGE", "PRODUCT_STATUS_CHANGE", "CANCELLATION_STATUS_CHANGE",
        "RETURN_STATUS_CHANGE", "PRODUCT_INFORMATION_CHANGE", "PRODUCT_CREATION",
        "INVENTORY_STATUS_CHANGE"})
    subscribe(topic, receiver.url());

  const Json cancellation =
      first_pending("cancellations", "cancel_status", "CANCELLATION_REQUEST_PENDING");
  const std::string cancel_id = cancellation.str("/data/cancellations/0/cancel_id");
  ASSERT_FALSE(cancel_id.empty());
  ASSERT_EQ(parse_json(call("POST", "/return_refund/202309/cancellations/" + cancel_id + "/approve",
                            {}, "{}")
                           .body)
                .code(),
            0);  // 11 and 1 (the order is cancelled)
  const Json ret = first_pending("returns", "return_status", "RETURN_OR_REFUND_REQUEST_PENDING");
  const std::string return_id = ret.str("/data/return_orders/0/return_id");
  ASSERT_FALSE(return_id.empty());
  ASSERT_EQ(
      parse_json(
          call("POST", "/return_refund/202309/returns/" + return_id + "/approve", {}, "{}").body)
          .code(),
      0);  // 12
  const Json product = first_live_product();
  ASSERT_EQ(parse_json(set_stock(product, 5).body).code(), 0);  // 15
  ASSERT_EQ(parse_json(set_stock(product, 0).body).code(), 0);  // 15 and 27 (out of stock)
  const Json warehouses = parse_json(call("GET", "/logistics/202309/warehouses").body);
  const Json created = parse_json(
      call(
          "POST", "/product/202309/products", {},
          R"({"title":"Hook Kettle","skus":[{"seller_sku":"HK-1","price":{"amount":"9.50","currency":"USD"},"inventory":[{"warehouse_id":")" +
              warehouses.str("/data/warehouses/0/id") + R"(","quantity":3}]}]})")
          .body);
  ASSERT_EQ(created.code(), 0);  // 16 and 5

  const auto got = receiver.wait_for(8);
  ASSERT_EQ(got.size(), 8u);
  std::multiset<std::int64_t> types;
  for (const auto& request : got) {
    expect_signed(request);
    const Json event = parse_json(request.body);
    types.insert(event.num("/type"));
    switch (event.num("/type")) {
      case 11:
        EXPECT_EQ(event.str("/data/cancel_id"), cancel_id);
        EXPECT_EQ(event.str("/data/cancel_status"), "CANCELLATION_REQUEST_SUCCESS");
        break;
      case 1:
        EXPECT_EQ(event.str("/data/order_status"), "CANCELLED");
        break;
      case 12:
        EXPECT_EQ(event.str("/data/return_id"), return_id);
        EXPECT_EQ(event.str("/data/return_status"), "AWAITING_BUYER_SHIP");
        break;
      case 27:
        EXPECT_EQ(event.str("/data/product_id"), product.str("/data/id"));
        EXPECT_EQ(event.str("/data/current_inventory_status"), "OUT_OF_STOCK");
        break;
      case 16:
      case 5:
        EXPECT_EQ(event.str("/data/product_id"), created.str("/data/product_id"));
        break;
      default:
        break;
    }
  }
  EXPECT_EQ(types, (std::multiset<std::int64_t>{1, 5, 11, 12, 15, 15, 16, 27}));
}

TEST_F(WebhookDelivery, ChangesWithoutASubscriptionAreNotDelivered) {
  WebhookReceiver receiver;
  subscribe("ORDER_STATUS_CHANGE", receiver.url());
  ASSERT_EQ(parse_json(set_stock(first_live_product(), 5).body).code(), 0);
  ASSERT_EQ(parse_json(call("DELETE", "/event/202309/webhooks", {},
                            R"({"event_type":"ORDER_STATUS_CHANGE"})")
                           .body)
                .code(),
            0);
  const Json emitted = admin("/__sandbox/webhooks/emit",
                             R"({"shop_id":")" + shop_id() +
                                 R"(","type":1,"data":{"order_id":"1","order_status":"UNPAID"}})");
  EXPECT_EQ(emitted.code(), 0);
  EXPECT_EQ(emitted.arr("/data/notification_ids").size(), 0u);
  EXPECT_EQ(server_->stats().webhooks.events, 0u);
  EXPECT_TRUE(server_->webhook_deliveries().empty());
  EXPECT_TRUE(receiver.received().empty());
}

TEST_F(WebhookDelivery, EveryEventGetsItsOwnNotificationIdAndAReplayRaisesNone) {
  WebhookReceiver receiver;
  subscribe("PRODUCT_INFORMATION_CHANGE", receiver.url());
  const Json product = first_live_product();
  for (int quantity : {11, 12, 13})
    ASSERT_EQ(parse_json(set_stock(product, quantity,
                                   {{"idempotency_key", "k" + std::to_string(quantity)}})
                             .body)
                  .code(),
              0);
  // The same key again is answered from the idempotency ledger: no change, no event.
  ASSERT_EQ(parse_json(set_stock(product, 13, {{"idempotency_key", "k13"}}).body).code(), 0);
  const auto got = receiver.wait_for(3);
  ASSERT_EQ(got.size(), 3u);
  std::set<std::string> ids;
  for (const auto& request : got) ids.insert(parse_json(request.body).str("/tts_notification_id"));
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_TRUE(wait_until([&] { return server_->stats().webhooks.acknowledged == 3; }));
  EXPECT_EQ(server_->stats().webhooks.events, 3u);
  EXPECT_EQ(receiver.received().size(), 3u);
}

TEST_F(WebhookDelivery, AdminEndpointsRaiseAnyTopicAndAuthorizationEvents) {
  WebhookReceiver receiver;
  for (const char* topic :
       {"PACKAGE_UPDATE", "SELLER_DEAUTHORIZATION", "UPCOMING_AUTHORIZATION_EXPIRATION"})
    subscribe(topic, receiver.url());
  const std::string data =
      R"({"sc_type":"SPLIT","role_type":"ROLE_SELLER","package_list":[{"package_id":"9","order_id_list":["8"]}],"update_time":1700000000})";
  const Json emitted = admin("/__sandbox/webhooks/emit",
                             R"({"shop_id":")" + shop_id() + R"(","type":4,"data":)" + data + "}");
  ASSERT_EQ(emitted.code(), 0);
  ASSERT_EQ(emitted.arr("/data/notification_ids").size(), 1u);
  EXPECT_EQ(admin("/__sandbox/webhooks/deauthorize", R"({"shop_id":")" + shop_id() + "\"}").code(),
            0);
  EXPECT_EQ(admin("/__sandbox/webhooks/authorization_expiring",
                  R"({"shop_id":")" + shop_id() + R"(","expire_time":)" +
                      std::to_string(now_.load() + 5 * 86400) + "}")
                .code(),
            0);
  EXPECT_NE(
      admin("/__sandbox/webhooks/emit", R"({"shop_id":")" + shop_id() + R"(","type":99,"data":{}})")
          .code(),
      0);
  EXPECT_NE(admin("/__sandbox/webhooks/deauthorize", R"({"shop_id":"404"})").code(), 0);

  const auto got = receiver.wait_for(3);
  ASSERT_EQ(got.size(), 3u);
  std::map<std::int64_t, Json> by_type;
  for (const auto& request : got) {
    expect_signed(request);
    Json event = parse_json(request.body);
    by_type.emplace(event.num("/type"), event);
  }
  ASSERT_EQ(by_type.size(), 3u);
  EXPECT_EQ(by_type.at(4).str("/tts_notification_id"), emitted.str("/data/notification_ids/0"));
  EXPECT_EQ(by_type.at(4).str("/data/package_list/0/package_id"), "9");
  EXPECT_NE(by_type.at(6).str("/data/message").find(shop_id()), std::string::npos);
  EXPECT_EQ(by_type.at(7).str("/data/expiration_time"), std::to_string(now_.load() + 5 * 86400));
  EXPECT_NE(by_type.at(7).str("/data/message").find("5 days"), std::string::npos);

  EXPECT_TRUE(wait_until([&] { return server_->stats().webhooks.acknowledged == 3; }));
  const Json stats = parse_json(http_once(server_->port(), "GET", "/__sandbox/stats").body);
  EXPECT_EQ(stats.num("/webhooks/events"), 3);
  EXPECT_EQ(stats.num("/webhooks/acknowledged"), 3);
  const Json listing = parse_json(http_once(server_->port(), "GET", "/__sandbox/webhooks").body);
  EXPECT_EQ(listing.arr("/deliveries").size(), 3u);
  EXPECT_EQ(listing.str("/deliveries/0/state"), "acknowledged");
}

}  // namespace
}  // namespace sandbox_test
