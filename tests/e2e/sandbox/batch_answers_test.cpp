// The answers of the handlers that share one helper each (ItemErrors, for_each_package,
// for_each_product, read_body_order, read_list_query, split_comma_list), pinned field by field:
// partial-success errors name code, message and the item; required fields are named; a
// comma-separated list keeps its order and drops empty items.
#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

constexpr std::int64_t kInvalidParameter = 36009004;
constexpr std::int64_t kResourceNotFound = 36009404;
constexpr std::int64_t kInvalidState = 36009409;

class BatchAnswers : public SandboxTest {
 protected:
  void SetUp() override {
    start(fast_options());
    sign_in();
  }
  Json post(const std::string& path, const std::string& body) {
    return parse_json(call("POST", path, {}, body).body);
  }
  std::string first_id(const std::string& path, const std::string& body,
                       const std::string& pointer) {
    return parse_json(call("POST", path, {{"page_size", "50"}}, body).body).str(pointer);
  }
};

TEST_F(BatchAnswers, PackageBatchesListEachFailureWithItsCodeMessageAndPackageId) {
  const std::string processing =
      first_id("/fulfillment/202309/packages/search", R"({"package_status":"PROCESSING"})",
               "/data/packages/0/id");
  ASSERT_FALSE(processing.empty());
  const Json delivered = post("/fulfillment/202309/packages/deliver",
                              R"({"packages":[{"id":"nope"},{"id":")" + processing + R"("}]})");
  ASSERT_EQ(delivered.code(), 0);
  ASSERT_EQ(delivered.arr("/data/errors").size(), 2u);
  EXPECT_EQ(delivered.num("/data/errors/0/code"), kResourceNotFound);
  EXPECT_EQ(delivered.str("/data/errors/0/message"), "Package does not exist");
  EXPECT_EQ(delivered.str("/data/errors/0/detail/package_id"), "nope");
  EXPECT_EQ(delivered.num("/data/errors/1/code"), kInvalidState);
  EXPECT_EQ(delivered.str("/data/errors/1/message"), "The package has not shipped");
  EXPECT_EQ(delivered.str("/data/errors/1/detail/package_id"), processing);

  const Json shipped = post("/fulfillment/202309/packages/ship", R"({"packages":[{"id":"x"}]})");
  ASSERT_EQ(shipped.code(), 0);
  EXPECT_EQ(shipped.num("/data/errors/0/code"), kResourceNotFound);
  EXPECT_EQ(shipped.str("/data/errors/0/message"), "The package was not shipped");
  EXPECT_EQ(shipped.str("/data/errors/0/detail/package_id"), "x");

  for (const char* body : {"{}", R"({"packages":[]})", R"({"packages":"p"})"}) {
    const Json refused = post("/fulfillment/202309/packages/deliver", body);
    EXPECT_EQ(refused.code(), kInvalidParameter) << body;
    EXPECT_EQ(refused.str("/message"), "packages is required") << body;
  }
}

TEST_F(BatchAnswers, ProductBatchesNameTheProductAndWhyItDidNotMove) {
  const std::string active = first_id("/product/202309/products/search", R"({"status":"ACTIVATE"})",
                                      "/data/products/0/id");
  ASSERT_FALSE(active.empty());
  const std::string ids = R"({"product_ids":[")" + active + R"("]})";
  // Only a deleted product can be recovered: the refusal names the status it is in.
  const Json recovered = post("/product/202309/products/recover", ids);
  ASSERT_EQ(recovered.code(), 0);
  ASSERT_EQ(recovered.arr("/data/errors").size(), 1u);
  EXPECT_EQ(recovered.num("/data/errors/0/code"), kInvalidState);
  EXPECT_EQ(recovered.str("/data/errors/0/message"), "The product is ACTIVATE");
  EXPECT_EQ(recovered.str("/data/errors/0/detail/product_id"), active);

  const Json deactivated = post("/product/202309/products/deactivate",
                                R"({"product_ids":["nope",")" + active + R"("]})");
  ASSERT_EQ(deactivated.code(), 0);
  ASSERT_EQ(deactivated.arr("/data/errors").size(), 1u);
  EXPECT_EQ(deactivated.num("/data/errors/0/code"), kResourceNotFound);
  EXPECT_EQ(deactivated.str("/data/errors/0/message"), "Product does not exist");
  EXPECT_EQ(deactivated.str("/data/errors/0/detail/product_id"), "nope");
  // Deactivating it again is no error: it is already where the call would move it.
  EXPECT_EQ(post("/product/202309/products/deactivate", ids).arr("/data/errors").size(), 0u);

  const Json empty = post("/product/202309/products/deactivate", R"({"product_ids":[]})");
  EXPECT_EQ(empty.code(), kInvalidParameter);
  EXPECT_EQ(empty.str("/message"), "product_ids is required");
}

TEST_F(BatchAnswers, ExternalOrdersNameTheOrderThatWasNotLinked) {
  const Json added =
      post("/order/202406/orders/external_orders",
           R"({"orders":[{"id":"nope","external_order":{"id":"e","platform":"P"}}]})");
  ASSERT_EQ(added.code(), 0);
  EXPECT_EQ(added.num("/data/errors/0/code"), kInvalidParameter);
  EXPECT_EQ(added.str("/data/errors/0/message"), "Order does not exist");
  EXPECT_EQ(added.str("/data/errors/0/detail/order_id"), "nope");
  EXPECT_EQ(post("/order/202406/orders/external_orders", "{}").str("/message"),
            "orders is required");
}

TEST_F(BatchAnswers, CallsOnOneOrderOfTheBodyNameWhatIsMissing) {
  const Json no_id = post("/return_refund/202309/refunds/calculate", "{}");
  EXPECT_EQ(no_id.code(), kInvalidParameter);
  EXPECT_EQ(no_id.str("/message"), "order_id is required");
  const Json unknown = post("/return_refund/202309/refunds/calculate", R"({"order_id":"nope"})");
  EXPECT_EQ(unknown.code(), kResourceNotFound);
  EXPECT_EQ(unknown.str("/message"), "Order does not exist");
}

TEST_F(BatchAnswers, ACommaSeparatedListKeepsItsOrderAndDropsEmptyItems) {
  const Json page =
      parse_json(call("POST", "/order/202309/orders/search", {{"page_size", "2"}}, "{}").body);
  const std::string a = page.str("/data/orders/0/id");
  const std::string b = page.str("/data/orders/1/id");
  ASSERT_FALSE(a.empty() || b.empty());
  const Json split = parse_json(call("GET", "/fulfillment/202309/orders/split_attributes",
                                     {{"order_ids", "," + b + ",,nope," + a + ","}})
                                    .body);
  ASSERT_EQ(split.code(), 0);
  ASSERT_EQ(split.arr("/data/split_attributes").size(), 2u);
  EXPECT_EQ(split.str("/data/split_attributes/0/order_id"), b);
  EXPECT_EQ(split.str("/data/split_attributes/1/order_id"), a);
}

TEST_F(BatchAnswers, FinanceListsNameTheSortFieldAndTheWindowTheyNeed) {
  const Json no_sort = parse_json(call("GET", "/finance/202605/payments").body);
  EXPECT_EQ(no_sort.code(), kInvalidParameter);
  EXPECT_EQ(no_sort.str("/message"), "sort_field is required: create_time");
  const Json bad_window =
      parse_json(call("GET", "/finance/202605/payments",
                      {{"sort_field", "create_time"}, {"create_time_ge", "yesterday"}})
                     .body);
  EXPECT_EQ(bad_window.str("/message"), "create_time_ge/lt must be unix seconds");
  const Json bad_order = parse_json(call("GET", "/finance/202309/statements",
                                         {{"sort_field", "statement_time"}, {"sort_order", "UP"}})
                                        .body);
  EXPECT_EQ(bad_order.str("/message"), "sort_order must be ASC or DESC");
  EXPECT_EQ(parse_json(call("GET", "/finance/202309/statements",
                            {{"sort_field", "statement_time"}, {"page_size", "5"}})
                           .body)
                .code(),
            0);
}

}  // namespace
}  // namespace sandbox_test
