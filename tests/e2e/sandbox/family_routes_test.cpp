// One end-to-end test per family of the routes added for a seller's flows: each write is seen
// by a later read (shipping changes the order and the tracking, activation changes the product,
// a seller cancellation creates a cancellation, documents are real PDF files on the sandbox).
#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

class FamilyRoutes : public SandboxTest {
 protected:
  void SetUp() override {
    start(fast_options());
    sign_in();
  }
  std::int64_t code_of(const HttpReply& reply) { return parse_json(reply.body).code(); }
  // The first package in `status`, and its order.
  std::pair<std::string, std::string> package_in(const std::string& status) {
    const Json page =
        parse_json(call("POST", "/fulfillment/202309/packages/search", {{"page_size", "50"}},
                        R"({"package_status":")" + status + R"("})")
                       .body);
    return {page.str("/data/packages/0/id"), page.str("/data/packages/0/orders/0/id")};
  }
  std::string order_in(const std::string& status) {
    const Json page = parse_json(call("POST", "/order/202309/orders/search", {{"page_size", "100"}},
                                      R"({"order_status":")" + status + R"("})")
                                     .body);
    return page.str("/data/orders/0/id");
  }
  std::string order_status(const std::string& id) {
    return parse_json(call("GET", "/order/202309/orders", {{"ids", id}}).body)
        .str("/data/orders/0/status");
  }
  std::string product_status(const std::string& id) {
    return parse_json(call("GET", "/product/202309/products/" + id).body).str("/data/status");
  }
};

TEST_F(FamilyRoutes, FulfillmentBatchShipThenLabelIsAPdfOnTheSandbox) {
  const auto [package, order] = package_in("PROCESSING");
  ASSERT_FALSE(package.empty());
  const std::string docs = "/fulfillment/202309/packages/" + package + "/shipping_documents";
  // No label before the package ships; a packing slip at any time.
  EXPECT_EQ(code_of(call("GET", docs, {{"document_type", "SHIPPING_LABEL"}})), 36009409);
  EXPECT_EQ(code_of(call("GET", docs, {{"document_type", "PACKING_SLIP"}})), 0);
  EXPECT_EQ(code_of(call("GET", docs, {{"document_type", "POSTCARD"}})), 36009004);
  const Json slots = parse_json(
      call("GET", "/fulfillment/202309/packages/" + package + "/handover_time_slots").body);
  EXPECT_EQ(slots.code(), 0);
  EXPECT_EQ(slots.arr("/data/pickup_slots").size(), 3u);

  const Json shipped = parse_json(call("POST", "/fulfillment/202309/packages/ship", {},
                                       R"({"packages":[{"id":")" + package +
                                           R"(","handover_method":"DROP_OFF"},{"id":"nope"}]})")
                                      .body);
  ASSERT_EQ(shipped.code(), 0);
  EXPECT_EQ(shipped.arr("/data/errors").size(), 1u);  // only the unknown package failed
  EXPECT_EQ(order_status(order), "AWAITING_COLLECTION");
  const Json detail = parse_json(call("GET", "/fulfillment/202309/packages/" + package).body);
  EXPECT_EQ(detail.str("/data/package_status"), "FULFILLING");
  const std::string tracking = detail.str("/data/tracking_number");
  EXPECT_FALSE(tracking.empty());

  const Json label = parse_json(
      call("GET", docs, {{"document_type", "SHIPPING_LABEL"}, {"document_size", "A6"}}).body);
  ASSERT_EQ(label.code(), 0);
  const std::string url = label.str("/data/doc_url");
  const std::string origin = "http://127.0.0.1:" + std::to_string(server_->port()) + "/";
  ASSERT_EQ(url.rfind(origin, 0), 0u) << url;
  const auto file = http_once(server_->port(), "GET", url.substr(origin.size() - 1));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body.rfind("%PDF-1.4", 0), 0u);
  EXPECT_NE(file.body.find(tracking), std::string::npos);
  EXPECT_NE(file.body.find("%%EOF"), std::string::npos);
  EXPECT_EQ(http_once(server_->port(), "GET", "/__sandbox/documents/guess.pdf").status, 404);
}

TEST_F(FamilyRoutes, FulfillmentSellerShippedOrderAndDeliveryStatus) {
  const std::string order = order_in("AWAITING_SHIPMENT");
  ASSERT_FALSE(order.empty());
  const Json marked =
      parse_json(call("POST", "/fulfillment/202309/orders/" + order + "/packages", {},
                      R"({"tracking_number":"SELF123","shipping_provider_id":"6000003"})")
                     .body);
  ASSERT_EQ(marked.code(), 0);
  const std::string package = marked.str("/data/package_id");
  EXPECT_EQ(order_status(order), "IN_TRANSIT");
  const Json tracking =
      parse_json(call("GET", "/fulfillment/202309/orders/" + order + "/tracking").body);
  EXPECT_EQ(tracking.str("/data/tracking/0/description"), "Shipped by the seller");
  // New shipping info shows in the package.
  ASSERT_EQ(
      code_of(call("POST", "/fulfillment/202309/packages/" + package + "/shipping_info/update", {},
                   R"({"tracking_number":"SELF456","shipping_provider_id":"6000003"})")),
      0);
  EXPECT_EQ(parse_json(call("GET", "/fulfillment/202309/packages/" + package).body)
                .str("/data/tracking_number"),
            "SELF456");
  ASSERT_EQ(
      code_of(call("POST", "/fulfillment/202309/packages/deliver", {},
                   R"({"packages":[{"id":")" + package + R"(","delivery_type":"DELIVERED"}]})")),
      0);
  EXPECT_EQ(order_status(order), "DELIVERED");
}

TEST_F(FamilyRoutes, ProductsDeactivateActivateAndRecoverChangeTheStatus) {
  const Json page = parse_json(call("POST", "/product/202309/products/search", {{"page_size", "1"}},
                                    R"({"status":"ACTIVATE"})")
                                   .body);
  const std::string id = page.str("/data/products/0/id");
  ASSERT_FALSE(id.empty());
  const std::string body = R"({"product_ids":[")" + id + R"("]})";
  ASSERT_EQ(code_of(call("POST", "/product/202309/products/deactivate", {}, body)), 0);
  EXPECT_EQ(product_status(id), "SELLER_DEACTIVATED");
  ASSERT_EQ(code_of(call("POST", "/product/202309/products/activate", {}, body)), 0);
  EXPECT_EQ(product_status(id), "ACTIVATE");
  ASSERT_EQ(code_of(call("DELETE", "/product/202309/products", {}, body)), 0);
  ASSERT_EQ(code_of(call("POST", "/product/202309/products/recover", {}, body)), 0);
  EXPECT_EQ(product_status(id), "SELLER_DEACTIVATED");
}

TEST_F(FamilyRoutes, CreateProductWithABodyIdempotencyKeyCreatesOnce) {
  const std::string body =
      R"({"title":"Retry Mug","idempotency_key":"create-1","skus":[{"seller_sku":"RM-1",)"
      R"("price":{"amount":"9.99","currency":"USD"}}]})";
  const Json first = parse_json(call("POST", "/product/202309/products", {}, body).body);
  const Json retry = parse_json(call("POST", "/product/202309/products", {}, body).body);
  ASSERT_EQ(first.code(), 0);
  EXPECT_EQ(retry.str("/data/product_id"), first.str("/data/product_id"));
  const std::string other =
      R"({"title":"Retry Mug","idempotency_key":"create-2","skus":[{"seller_sku":"RM-1",)"
      R"("price":{"amount":"9.99","currency":"USD"}}]})";
  EXPECT_NE(
      parse_json(call("POST", "/product/202309/products", {}, other).body).str("/data/product_id"),
      first.str("/data/product_id"));
}

TEST_F(FamilyRoutes, CatalogCategoriesBrandsAndGlobalProducts) {
  const Json categories = parse_json(call("GET", "/product/202309/categories").body);
  ASSERT_EQ(categories.code(), 0);
  EXPECT_GT(categories.arr("/data/categories").size(), 0u);
  EXPECT_EQ(code_of(call("GET", "/product/202309/categories/600001/attributes")), 0);
  EXPECT_EQ(code_of(call("GET", "/product/202309/categories/999/rules")), 36009404);
  EXPECT_EQ(code_of(call("POST", "/product/202309/categories/recommend", {},
                         R"({"product_title":"Blue Mugs"})")),
            0);
  const Json brand =
      parse_json(call("POST", "/product/202309/brands", {}, R"({"name":"Sandbox Custom"})").body);
  ASSERT_EQ(brand.code(), 0);
  const Json brands = parse_json(call("GET", "/product/202309/brands",
                                      {{"page_size", "100"}, {"brand_name", "Sandbox Custom"}})
                                     .body);
  EXPECT_EQ(brands.str("/data/brands/0/id"), brand.str("/data/id"));
  EXPECT_EQ(code_of(call("GET", "/product/202312/prerequisites")), 0);

  const Json global = parse_json(
      call("POST", "/product/202309/global_products", {}, R"({"title":"World Lamp"})").body);
  ASSERT_EQ(global.code(), 0);
  const std::string gid = global.str("/data/global_product_id");
  const Json published =
      parse_json(call("POST", "/product/202309/global_products/" + gid + "/publish", {},
                      R"({"publish_target":[{"region":"US"}]})")
                     .body);
  ASSERT_EQ(published.code(), 0);
  const std::string local = published.str("/data/products/0/id");
  ASSERT_FALSE(local.empty());
  EXPECT_EQ(product_status(local), "ACTIVATE");  // the US shop (first) now lists it

  const Json maker = parse_json(
      call("POST", "/product/202409/compliance/manufacturers", {}, R"({"name":"Acme GmbH"})").body);
  ASSERT_EQ(maker.code(), 0);
  const Json makers = parse_json(call("POST", "/product/202501/compliance/manufacturers/search",
                                      {{"page_size", "10"}}, R"({"keyword":"Acme"})")
                                     .body);
  EXPECT_EQ(makers.str("/data/manufacturers/0/id"), maker.str("/data/manufacturer_id"));
}

TEST_F(FamilyRoutes, OrdersExternalReferencesAndPriceDetail) {
  const std::string order = order_in("COMPLETED");
  ASSERT_FALSE(order.empty());
  ASSERT_EQ(code_of(call("POST", "/order/202406/orders/external_orders", {},
                         R"({"orders":[{"id":")" + order +
                             R"(","external_order":{"id":"EXT-9","platform":"SHOPIFY"}}]})")),
            0);
  const Json got =
      parse_json(call("GET", "/order/202406/orders/" + order + "/external_orders").body);
  EXPECT_EQ(got.str("/data/external_orders/0/id"), "EXT-9");
  const Json found =
      parse_json(call("POST", "/order/202406/orders/external_order_search",
                      {{"platform", "SHOPIFY"}, {"external_order_id", "EXT-9"}}, "{}")
                     .body);
  EXPECT_EQ(found.str("/data/orders/0/id"), order);
  const Json price =
      parse_json(call("GET", "/order/202407/orders/" + order + "/price_detail").body);
  EXPECT_EQ(price.code(), 0);
  EXPECT_FALSE(price.str("/data/total").empty());
}

TEST_F(FamilyRoutes, SellerCancellationCreatesACancellationAndCancelsTheOrder) {
  const std::string order = order_in("AWAITING_SHIPMENT");
  ASSERT_FALSE(order.empty());
  const Json made = parse_json(
      call("POST", "/return_refund/202309/cancellations", {},
           R"({"order_id":")" + order + R"(","cancel_reason":"seller_cancel_out_of_stock"})")
          .body);
  ASSERT_EQ(made.code(), 0);
  EXPECT_EQ(order_status(order), "CANCELLED");
  const Json list =
      parse_json(call("POST", "/return_refund/202309/cancellations/search", {{"page_size", "10"}},
                      R"({"cancel_ids":[")" + made.str("/data/cancel_id") + R"("]})")
                     .body);
  bool seen = false;
  for (auto c : list.arr("/data/cancellations")) {
    std::string_view id;
    if (c["cancel_id"].get_string().get(id) == simdjson::SUCCESS &&
        id == made.str("/data/cancel_id"))
      seen = true;
  }
  EXPECT_TRUE(seen);
  // Too late to cancel twice.
  EXPECT_EQ(code_of(call("POST", "/return_refund/202309/cancellations", {},
                         R"({"order_id":")" + order + R"("})")),
            36009409);
}

TEST_F(FamilyRoutes, ReturnsEligibilityCreateAndRefundCalculation) {
  const std::string order = order_in("DELIVERED");
  ASSERT_FALSE(order.empty());
  const Json eligibility = parse_json(
      call("GET", "/return_refund/202309/orders/" + order + "/aftersale_eligibility").body);
  ASSERT_EQ(eligibility.code(), 0);
  EXPECT_GT(eligibility.arr("/data/sku_eligibility").size(), 0u);
  EXPECT_EQ(code_of(call("GET", "/return_refund/202309/reject_reasons")), 0);
  EXPECT_EQ(code_of(call("POST", "/return_refund/202309/refunds/calculate", {},
                         R"({"order_id":")" + order + R"("})")),
            0);
  const Json created =
      parse_json(call("POST", "/return_refund/202309/returns", {{"idempotency_key", "ret-1"}},
                      R"({"order_id":")" + order + R"(","return_type":"REFUND"})")
                     .body);
  ASSERT_EQ(created.code(), 0);
  const Json records = parse_json(
      call("GET", "/return_refund/202309/returns/" + created.str("/data/return_id") + "/records")
          .body);
  EXPECT_EQ(records.str("/data/records/0/event"), "SELLER_CREATE");
}

TEST_F(FamilyRoutes, LogisticsWarehousesDeliveryOptionsProviders) {
  const Json warehouses = parse_json(call("GET", "/logistics/202309/warehouses").body);
  const std::string wh = warehouses.str("/data/warehouses/0/id");
  ASSERT_FALSE(wh.empty());
  const Json options =
      parse_json(call("GET", "/logistics/202309/warehouses/" + wh + "/delivery_options").body);
  const std::string option = options.str("/data/delivery_options/0/id");
  ASSERT_FALSE(option.empty());
  const Json providers = parse_json(
      call("GET", "/logistics/202309/delivery_options/" + option + "/shipping_providers").body);
  EXPECT_GT(providers.arr("/data/shipping_providers").size(), 0u);
  EXPECT_EQ(code_of(call("GET", "/logistics/202309/global_warehouses")), 0);
}

TEST_F(FamilyRoutes, DeauthorizingAShopRemovesItFromTheToken) {
  ASSERT_EQ(code_of(call("DELETE", "/authorization/202403/shops")), 0);
  const Json shops = parse_json(call("GET", "/authorization/202309/shops").body);
  for (auto s : shops.arr("/data/shops")) {
    std::string_view c;
    ASSERT_EQ(s["cipher"].get_string().get(c), simdjson::SUCCESS);
    EXPECT_NE(c, cipher_);
  }
  EXPECT_EQ(code_of(call("GET", "/logistics/202309/warehouses")), 101000);
  EXPECT_EQ(code_of(call("GET", "/seller/202309/permissions")), 0);
}

}  // namespace
}  // namespace sandbox_test
