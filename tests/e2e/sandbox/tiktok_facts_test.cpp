// Where the sandbox must disagree with a client the way TikTok would: statuses as TikTok names
// them, default sort orders, per-endpoint versions (retired and unknown ones refused), the
// version-specific shapes, shop_cipher rules per endpoint, finance 202501/202605 and uploads.
// Each fact's source is in docs/tiktok-shop-api.md and the sandbox's route table.
#include <algorithm>
#include <set>

#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

class TikTokFacts : public SandboxTest {
 protected:
  void SetUp() override {
    auto o = fast_options();
    o.orders = 200;  // enough orders that every seeded status occurs
    o.returns = 120;
    start(o);
    sign_in();
  }
  std::int64_t code_of(const HttpReply& reply) { return parse_json(reply.body).code(); }
  // Every value of `field` in the records at `array` across all pages.
  std::vector<std::string> walk_values(const std::string& method, const std::string& path,
                                       const std::string& array, const std::string& field,
                                       const std::map<std::string, std::string>& query,
                                       const std::string& body) {
    std::vector<std::string> out;
    std::string token;
    for (int guard = 0; guard < 100; ++guard) {
      auto q = query;
      if (!token.empty()) q["page_token"] = token;
      const Json page = parse_json(call(method, path, q, body).body);
      EXPECT_EQ(page.code(), 0) << path;
      if (page.code() != 0) break;
      for (auto r : page.arr("/data/" + array)) {
        std::string_view v;
        if (r[field].get_string().get(v) == simdjson::SUCCESS) {
          out.emplace_back(v);
        } else {
          std::int64_t n = 0;
          if (r[field].get_int64().get(n) == simdjson::SUCCESS) out.push_back(std::to_string(n));
        }
      }
      token = page.str("/data/next_page_token");
      if (token.empty()) break;
    }
    return out;
  }
};

TEST_F(TikTokFacts, OrderStatusesAreTikToksIncludingCancelledAndPartiallyShipping) {
  const auto statuses = walk_values("POST", "/order/202309/orders/search", "orders", "status",
                                    {{"page_size", "100"}}, "{}");
  const std::set<std::string> seen(statuses.begin(), statuses.end());
  const std::set<std::string> tiktok = {
      "UNPAID",    "ON_HOLD",   "AWAITING_SHIPMENT", "AWAITING_COLLECTION", "IN_TRANSIT",
      "DELIVERED", "COMPLETED", "CANCELLED",         "PARTIALLY_SHIPPING"};
  for (const auto& s : seen) EXPECT_TRUE(tiktok.count(s)) << "not a TikTok order status: " << s;
  EXPECT_TRUE(seen.count("CANCELLED"));
  EXPECT_TRUE(seen.count("PARTIALLY_SHIPPING"));
  EXPECT_FALSE(seen.count("CANCEL"));
}

TEST_F(TikTokFacts, ReturnStatusesAreSearchReturnsList) {
  const auto statuses = walk_values("POST", "/return_refund/202309/returns/search", "return_orders",
                                    "return_status", {{"page_size", "50"}}, "{}");
  const std::set<std::string> seen(statuses.begin(), statuses.end());
  const std::set<std::string> tiktok = {"RETURN_OR_REFUND_REQUEST_PENDING",
                                        "REFUND_OR_RETURN_REQUEST_REJECT",
                                        "AWAITING_BUYER_SHIP",
                                        "BUYER_SHIPPED_ITEM",
                                        "REJECT_RECEIVE_PACKAGE",
                                        "RETURN_OR_REFUND_REQUEST_SUCCESS",
                                        "RETURN_OR_REFUND_REQUEST_CANCEL",
                                        "RETURN_OR_REFUND_REQUEST_COMPLETE",
                                        "AWAITING_BUYER_RESPONSE"};
  EXPECT_EQ(seen, tiktok);  // every documented status occurs, nothing else
}

TEST_F(TikTokFacts, RejectingAReturnGivesRefundOrReturnRequestReject) {
  const auto pending = return_ids_with_status("RETURN_OR_REFUND_REQUEST_PENDING");
  ASSERT_FALSE(pending.empty());
  const std::string& id = pending.front();
  ASSERT_EQ(code_of(call("POST", "/return_refund/202309/returns/" + id + "/reject",
                         {{"idempotency_key", "rj-1"}}, R"({"decision":"REJECT"})")),
            0);
  const auto rejected = return_ids_with_status("REFUND_OR_RETURN_REQUEST_REJECT");
  EXPECT_NE(std::find(rejected.begin(), rejected.end(), id), rejected.end());
  // The decision is in the return's records.
  const Json records =
      parse_json(call("GET", "/return_refund/202309/returns/" + id + "/records").body);
  EXPECT_EQ(records.str("/data/records/1/event"), "SELLER_REJECT");
}

TEST_F(TikTokFacts, ReturnsAndCancellationsSortAscendingByCreateTimeByDefault) {
  for (const auto& [path, array] : std::vector<std::pair<std::string, std::string>>{
           {"/return_refund/202309/returns/search", "return_orders"},
           {"/return_refund/202309/cancellations/search", "cancellations"}}) {
    const auto times = walk_values("POST", path, array, "create_time", {{"page_size", "10"}}, "{}");
    ASSERT_GT(times.size(), 5u) << path;
    for (size_t i = 1; i < times.size(); ++i)
      EXPECT_LE(std::stoll(times[i - 1]), std::stoll(times[i])) << path << " at " << i;
  }
}

TEST_F(TikTokFacts, AfterSalesPageSizesFollowTheReferencePages) {
  // Returns: 10-50; cancellations: 1-50; both default to 10 when page_size is absent.
  EXPECT_EQ(
      code_of(call("POST", "/return_refund/202309/returns/search", {{"page_size", "9"}}, "{}")),
      36009004);
  EXPECT_EQ(code_of(call("POST", "/return_refund/202309/cancellations/search", {{"page_size", "1"}},
                         "{}")),
            0);
  const Json defaulted =
      parse_json(call("POST", "/return_refund/202309/returns/search", {}, "{}").body);
  ASSERT_EQ(defaulted.code(), 0);
  EXPECT_EQ(defaulted.arr("/data/return_orders").size(), 10u);
}

TEST_F(TikTokFacts, EachEndpointServesItsOwnVersions) {
  // Get Order Detail 202507 and Search Products 202502 are served...
  const Json list =
      parse_json(call("POST", "/order/202309/orders/search", {{"page_size", "1"}}, "{}").body);
  const std::string order = list.str("/data/orders/0/id");
  EXPECT_EQ(code_of(call("GET", "/order/202507/orders", {{"ids", order}})), 0);
  EXPECT_EQ(code_of(call("POST", "/product/202502/products/search", {{"page_size", "1"}}, "{}")),
            0);
  // ...but a version is a fact of one endpoint: order search has no 202507, products no 202507.
  EXPECT_EQ(code_of(call("POST", "/order/202507/orders/search", {{"page_size", "1"}}, "{}")),
            36009014);
  EXPECT_EQ(code_of(call("POST", "/product/202507/products/search", {{"page_size", "1"}}, "{}")),
            36009014);
  // Newer than "up to 202505": Edit Product 202509 and Get Payments 202605 are served.
  EXPECT_EQ(code_of(call("GET", "/finance/202605/payments", {{"sort_field", "create_time"}})), 0);
}

TEST_F(TikTokFacts, RetiredVersionsAnswer36009014NamingTheDate) {
  const auto payments = call("GET", "/finance/202309/payments", {{"sort_field", "create_time"}});
  EXPECT_EQ(code_of(payments), 36009014);
  EXPECT_NE(payments.body.find("Invalid API version"), std::string::npos) << payments.body;
  EXPECT_NE(payments.body.find("2026-08-15"), std::string::npos) << payments.body;
  const Json statements = parse_json(
      call("GET", "/finance/202309/statements", {{"sort_field", "statement_time"}}).body);
  const std::string statement = statements.str("/data/statements/0/id");
  EXPECT_EQ(
      code_of(call("GET", "/finance/202309/statements/" + statement + "/statement_transactions",
                   {{"sort_field", "order_create_time"}})),
      36009014);
}

TEST_F(TikTokFacts, VersionSpecificShapes) {
  const Json list =
      parse_json(call("POST", "/order/202309/orders/search", {{"page_size", "1"}}, "{}").body);
  const std::string order = list.str("/data/orders/0/id");
  const Json old_detail = parse_json(call("GET", "/order/202309/orders", {{"ids", order}}).body);
  const Json new_detail = parse_json(call("GET", "/order/202507/orders", {{"ids", order}}).body);
  EXPECT_EQ(old_detail.str("/data/orders/0/handling_duration/type"), "");
  EXPECT_EQ(new_detail.str("/data/orders/0/handling_duration/type"), "BUSINESS_DAY");
  EXPECT_FALSE(new_detail.str("/data/orders/0/recipient_address/first_name").empty());

  const Json old_search =
      parse_json(call("POST", "/product/202309/products/search", {{"page_size", "1"}}, "{}").body);
  const Json new_search =
      parse_json(call("POST", "/product/202502/products/search", {{"page_size", "1"}}, "{}").body);
  EXPECT_EQ(old_search.str("/data/products/0/audit/status"), "");
  EXPECT_FALSE(new_search.str("/data/products/0/audit/status").empty());
  EXPECT_FALSE(new_search.str("/data/products/0/skus/0/status_info/status").empty());
}

TEST_F(TikTokFacts, StatementTransactions202501AnswerDataTransactionsAndNeedTheSortField) {
  const Json statements = parse_json(
      call("GET", "/finance/202309/statements", {{"sort_field", "statement_time"}}).body);
  const std::string statement = statements.str("/data/statements/0/id");
  ASSERT_FALSE(statement.empty());
  const std::string path = "/finance/202501/statements/" + statement + "/statement_transactions";
  EXPECT_EQ(code_of(call("GET", path)), 36009004);  // sort_field is required
  EXPECT_EQ(code_of(call("GET", path, {{"sort_field", "create_time"}})), 36009004);
  const auto reply = call("GET", path, {{"sort_field", "order_create_time"}});
  const Json page = parse_json(reply.body);
  ASSERT_EQ(page.code(), 0) << reply.body;
  EXPECT_EQ(page.arr("/data/transactions").size(),
            static_cast<size_t>(options_.transactions_per_statement));
  EXPECT_EQ(reply.body.find("statement_transactions"), std::string::npos) << "202309's key";
  EXPECT_EQ(page.str("/data/id"), statement);
  // ASC by order_create_time by default.
  const auto times = walk_values("GET", path, "transactions", "order_create_time",
                                 {{"sort_field", "order_create_time"}}, "");
  for (size_t i = 1; i < times.size(); ++i)
    EXPECT_LE(std::stoll(times[i - 1]), std::stoll(times[i]));
}

TEST_F(TikTokFacts, ShopCipherIsAFactOfEachEndpoint) {
  const CallOptions with_cipher{.force_cipher = true};
  const CallOptions without_cipher{.send_cipher = false};
  // Seller-level calls refuse one (36009004 "unexpected shop_cipher")...
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/authorization/202309/shops"},
           {"GET", "/product/202309/global_categories"},
           {"GET", "/product/202309/categories/600001/global_attributes"},
           {"GET", "/product/202309/categories/600001/global_rules"},
           {"GET", "/logistics/202309/global_warehouses"},
           {"POST", "/product/202309/brands"}}) {
    const auto reply =
        call(method, path, {}, method == "POST" ? R"({"name":"X"})" : "", with_cipher);
    EXPECT_EQ(code_of(reply), 36009004) << method << " " << path;
    EXPECT_NE(reply.body.find("shop_cipher"), std::string::npos) << reply.body;
    EXPECT_EQ(
        code_of(call(method, path, {}, method == "POST" ? R"({"name":"X"})" : "", without_cipher)),
        0)
        << method << " " << path;
  }
  // ...and shop-scoped ones need one (106013), deauthorizing a shop included.
  EXPECT_EQ(code_of(call("DELETE", "/authorization/202403/shops", {}, "", without_cipher)), 106013);
  EXPECT_EQ(code_of(call("GET", "/product/202309/categories", {}, "", without_cipher)), 106013);
}

TEST_F(TikTokFacts, UploadsAreMultipartUnsignedBodyAndShopless) {
  const MultipartUpload upload = multipart_upload("b", "f.pdf", "%PDF-1.4");
  const CallOptions multipart{.content_type = upload.content_type};
  const std::string& body = upload.body;
  for (const std::string path : {"/product/202309/images/upload", "/product/202309/files/upload"}) {
    EXPECT_EQ(code_of(call("POST", path, {}, body, multipart)), 0) << path;
    CallOptions json;
    EXPECT_EQ(code_of(call("POST", path, {}, body, json)), 36009022) << path;
    CallOptions cipher = multipart;
    cipher.force_cipher = true;
    EXPECT_EQ(code_of(call("POST", path, {}, body, cipher)), 36009004) << path;
  }
  // Proof-of-delivery uploads are multipart too, but shop-scoped.
  CallOptions shopless = multipart;
  shopless.send_cipher = false;
  EXPECT_EQ(code_of(call("POST", "/fulfillment/202309/images/upload", {}, body, shopless)), 106013);
  CallOptions scoped = multipart;
  scoped.force_cipher = true;
  EXPECT_EQ(code_of(call("POST", "/fulfillment/202309/files/upload", {}, body, scoped)), 0);
}

TEST_F(TikTokFacts, PaymentsAndFinanceReads) {
  const Json payments =
      parse_json(call("GET", "/finance/202605/payments", {{"sort_field", "create_time"}}).body);
  ASSERT_EQ(payments.code(), 0);
  EXPECT_GT(payments.arr("/data/payments").size(), 0u);
  EXPECT_FALSE(payments.str("/data/payments/0/amount/value").empty());
  EXPECT_EQ(code_of(call("GET", "/finance/202605/payments")), 36009004);  // sort_field required
  EXPECT_EQ(code_of(call("GET", "/finance/202309/withdrawals", {{"types", "SETTLE"}})), 0);
  EXPECT_EQ(code_of(call("GET", "/finance/202507/orders/unsettled",
                         {{"sort_field", "order_create_time"}})),
            0);
}

}  // namespace
}  // namespace sandbox_test
