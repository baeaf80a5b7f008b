// Writes change the data a later read sees, and idempotency keys make retries apply once.
#include <algorithm>

#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

class Writes : public SandboxTest {
 protected:
  void SetUp() override {
    start(fast_options());
    sign_in();
  }
  Json first_product() {
    const Json page = parse_json(
        call("POST", "/product/202309/products/search", {{"page_size", "1"}}, "{}").body);
    return parse_json(
        call("GET", "/product/202309/products/" + page.str("/data/products/0/id")).body);
  }
  std::string first_pending(const std::string& family, const std::string& status_key,
                            const std::string& pending, const std::string& id_key) {
    const Json page =
        parse_json(call("POST", "/return_refund/202309/" + family + "/search",
                        {{"page_size", "50"}}, "{\"" + status_key + "\":[\"" + pending + "\"]}")
                       .body);
    return page.str("/data/" +
                    std::string(family == "returns" ? "return_orders" : "cancellations") + "/0/" +
                    id_key);
  }
};

TEST_F(Writes, InventoryUpdateIsVisibleInTheNextProductRead) {
  const Json before = first_product();
  const std::string product = before.str("/data/id");
  const std::string sku = before.str("/data/skus/0/id");
  const std::string warehouse = before.str("/data/skus/0/inventory/0/warehouse_id");
  now_ += 5;
  const std::string body = R"({"skus":[{"id":")" + sku + R"(","inventory":[{"warehouse_id":")" +
                           warehouse + R"(","quantity":4321}]}]})";
  const Json result = parse_json(
      call("POST", "/product/202309/products/" + product + "/inventory/update", {}, body).body);
  ASSERT_EQ(result.code(), 0);
  EXPECT_EQ(result.arr("/data/errors").size(), 0u);
  const Json after = parse_json(call("GET", "/product/202309/products/" + product).body);
  EXPECT_EQ(after.num("/data/skus/0/inventory/0/quantity"), 4321);
  EXPECT_EQ(after.num("/data/update_time"), now_.load());
  EXPECT_EQ(server_->stats().writes_by_target.at("inventory:" + product), 1u);
}

TEST_F(Writes, InventoryUpdateReportsUnknownSkusPerSku) {
  const Json before = first_product();
  const std::string product = before.str("/data/id");
  const std::string warehouse = before.str("/data/skus/0/inventory/0/warehouse_id");
  const std::string body =
      R"({"skus":[{"id":"1","inventory":[{"warehouse_id":")" + warehouse + R"(","quantity":1}]}]})";
  const Json result = parse_json(
      call("POST", "/product/202309/products/" + product + "/inventory/update", {}, body).body);
  ASSERT_EQ(result.code(), 0);
  ASSERT_EQ(result.arr("/data/errors").size(), 1u);
  EXPECT_EQ(result.str("/data/errors/0/detail/sku_id"), "1");
}

TEST_F(Writes, CreatedProductIsFoundUpdatedAndDeleted) {
  const Json warehouses = parse_json(call("GET", "/logistics/202309/warehouses").body);
  const std::string wh = warehouses.str("/data/warehouses/0/id");
  ASSERT_FALSE(wh.empty());
  now_ += 60;
  const std::string body =
      R"({"title":"Sandbox Kettle","description":"<p>hot</p>","skus":[{"seller_sku":"K-1","price":{"amount":"19.99","currency":"USD"},"inventory":[{"warehouse_id":")" +
      wh + R"(","quantity":7}]}]})";
  const Json created = parse_json(call("POST", "/product/202309/products", {}, body).body);
  ASSERT_EQ(created.code(), 0);
  const std::string id = created.str("/data/product_id");
  const Json found =
      parse_json(call("POST", "/product/202309/products/search", {{"page_size", "100"}},
                      "{\"update_time_ge\":" + std::to_string(now_.load()) + "}")
                     .body);
  ASSERT_EQ(found.arr("/data/products").size(), 1u);
  EXPECT_EQ(found.str("/data/products/0/id"), id);

  now_ += 60;
  const Json edited = parse_json(call("POST", "/product/202309/products/" + id + "/partial_edit",
                                      {}, R"({"title":"Sandbox Kettle 2"})")
                                     .body);
  ASSERT_EQ(edited.code(), 0);
  const Json read = parse_json(call("GET", "/product/202309/products/" + id).body);
  EXPECT_EQ(read.str("/data/title"), "Sandbox Kettle 2");
  EXPECT_EQ(read.num("/data/update_time"), now_.load());

  const Json deleted = parse_json(
      call("DELETE", "/product/202309/products", {}, "{\"product_ids\":[\"" + id + "\",\"42\"]}")
          .body);
  ASSERT_EQ(deleted.code(), 0);
  EXPECT_EQ(deleted.arr("/data/errors").size(), 1u);
  EXPECT_EQ(parse_json(call("GET", "/product/202309/products/" + id).body).code(), 36009404);
}

TEST_F(Writes, ReturnApprovalWithIdempotencyKeyAppliesOnce) {
  const std::string id =
      first_pending("returns", "return_status", "RETURN_OR_REFUND_REQUEST_PENDING", "return_id");
  ASSERT_FALSE(id.empty());
  const std::string path = "/return_refund/202309/returns/" + id + "/approve";
  const auto first = call("POST", path, {{"idempotency_key", "approve-1"}}, "{}");
  const auto again = call("POST", path, {{"idempotency_key", "approve-1"}}, "{}");
  ASSERT_EQ(parse_json(first.body).code(), 0);
  EXPECT_EQ(again.body, first.body);  // the same answer, replayed
  const auto stats = server_->stats();
  EXPECT_EQ(stats.writes_by_idempotency_key.at("approve-1"), 1u);
  EXPECT_EQ(stats.writes_by_target.at("return_approve:" + id), 1u);
  EXPECT_EQ(stats.idempotent_replays, 1u);
  // A new key is a new attempt: the return is no longer pending.
  EXPECT_EQ(parse_json(call("POST", path, {{"idempotency_key", "approve-2"}}, "{}").body).code(),
            36009409);
  const auto awaiting = return_ids_with_status("AWAITING_BUYER_SHIP");
  EXPECT_NE(std::find(awaiting.begin(), awaiting.end(), id), awaiting.end());
}

TEST_F(Writes, CancellationApprovalCancelsTheOrder) {
  const std::string id =
      first_pending("cancellations", "cancel_status", "CANCELLATION_REQUEST_PENDING", "cancel_id");
  ASSERT_FALSE(id.empty());
  const Json list =
      parse_json(call("POST", "/return_refund/202309/cancellations/search", {{"page_size", "50"}},
                      R"({"cancel_status":["CANCELLATION_REQUEST_PENDING"]})")
                     .body);
  const std::string order = list.str("/data/cancellations/0/order_id");
  ASSERT_EQ(parse_json(call("POST", "/return_refund/202309/cancellations/" + id + "/approve",
                            {{"idempotency_key", "c-1"}}, "{}")
                           .body)
                .code(),
            0);
  const Json detail = parse_json(call("GET", "/order/202309/orders", {{"ids", order}}).body);
  EXPECT_EQ(detail.str("/data/orders/0/status"), "CANCELLED");
}

TEST_F(Writes, ShippingAPackageShowsInDetailOrderAndTracking) {
  const Json page = parse_json(call("POST", "/fulfillment/202309/packages/search",
                                    {{"page_size", "50"}}, R"({"package_status":"PROCESSING"})")
                                   .body);
  const std::string package = page.str("/data/packages/0/id");
  const std::string order = page.str("/data/packages/0/orders/0/id");
  ASSERT_FALSE(package.empty());
  const auto shipped = call(
      "POST", "/fulfillment/202309/packages/" + package + "/ship", {},
      R"({"handover_method":"DROP_OFF","self_shipment":{"tracking_number":"TRK123","shipping_provider_id":"6999"}})");
  ASSERT_EQ(parse_json(shipped.body).code(), 0) << shipped.body;
  const Json detail = parse_json(call("GET", "/fulfillment/202309/packages/" + package).body);
  EXPECT_EQ(detail.str("/data/package_status"), "FULFILLING");
  EXPECT_EQ(detail.str("/data/tracking_number"), "TRK123");
  const Json tracking =
      parse_json(call("GET", "/fulfillment/202309/orders/" + order + "/tracking").body);
  EXPECT_GE(tracking.arr("/data/tracking").size(), 1u);
  const Json orders = parse_json(call("GET", "/order/202309/orders", {{"ids", order}}).body);
  EXPECT_EQ(orders.str("/data/orders/0/status"), "AWAITING_COLLECTION");
}

TEST_F(Writes, WebhookSubscriptionsArePutListedAndDeleted) {
  const std::string body =
      R"({"event_type":"PACKAGE_UPDATE","address":"https://partner.example.invalid/hook"})";
  ASSERT_EQ(parse_json(call("PUT", "/event/202309/webhooks", {}, body).body).code(), 0);
  const Json listed = parse_json(call("GET", "/event/202309/webhooks").body);
  ASSERT_EQ(listed.arr("/data/webhooks").size(), 1u);
  EXPECT_EQ(listed.str("/data/webhooks/0/address"), "https://partner.example.invalid/hook");
  ASSERT_EQ(
      parse_json(
          call("DELETE", "/event/202309/webhooks", {}, R"({"event_type":"PACKAGE_UPDATE"})").body)
          .code(),
      0);
  EXPECT_EQ(parse_json(call("GET", "/event/202309/webhooks").body).arr("/data/webhooks").size(),
            0u);
}

TEST_F(Writes, OrderDetailTakesAtMostFiftyIds) {
  std::string ids;
  for (int i = 0; i < 51; ++i) ids += (i ? "," : "") + std::to_string(1000 + i);
  EXPECT_EQ(parse_json(call("GET", "/order/202309/orders", {{"ids", ids}}).body).code(), 36009004);
}

}  // namespace
}  // namespace sandbox_test
