// Applied writes versus writes that changed state: setting what is already there is applied (the
// handler accepts it) but changes nothing, so it is not counted in writes_changed_by_target,
// leaves update_time alone and is what a re-sent write after a lost reply amounts to.
#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

class WritesChangedState : public SandboxTest {
 protected:
  void SetUp() override {
    start(fast_options());
    sign_in();
    const Json page = parse_json(
        call("POST", "/product/202309/products/search", {{"page_size", "1"}}, "{}").body);
    product_ = page.str("/data/products/0/id");
    ASSERT_FALSE(product_.empty());
    const Json p = read_product();
    sku_ = p.str("/data/skus/0/id");
    warehouse_ = p.str("/data/skus/0/inventory/0/warehouse_id");
    quantity_ = p.num("/data/skus/0/inventory/0/quantity");
    price_ = p.str("/data/skus/0/price/sale_price");
    currency_ = p.str("/data/skus/0/price/currency");
    ASSERT_FALSE(price_.empty());
  }
  Json read_product() {
    return parse_json(call("GET", "/product/202309/products/" + product_).body);
  }
  std::int64_t set_quantity(std::int64_t quantity) {
    return parse_json(call("POST", "/product/202309/products/" + product_ + "/inventory/update", {},
                           R"({"skus":[{"id":")" + sku_ + R"(","inventory":[{"warehouse_id":")" +
                               warehouse_ + R"(","quantity":)" + std::to_string(quantity) + "}]}]}")
                          .body)
        .code();
  }
  std::int64_t set_price(const std::string& amount) {
    return parse_json(call("POST", "/product/202309/products/" + product_ + "/prices/update", {},
                           R"({"skus":[{"id":")" + sku_ + R"(","price":{"amount":")" + amount +
                               R"(","currency":")" + currency_ + R"("}}]})")
                          .body)
        .code();
  }
  // (applied, changed state) for `target`.
  std::pair<std::uint64_t, std::uint64_t> counts(const std::string& target) {
    const auto stats = server_->stats();
    auto at = [&](const std::map<std::string, std::uint64_t>& m) -> std::uint64_t {
      const auto it = m.find(target);
      return it == m.end() ? 0 : it->second;
    };
    return {at(stats.writes_by_target), at(stats.writes_changed_by_target)};
  }
  std::string product_, sku_, warehouse_, price_, currency_;
  std::int64_t quantity_ = 0;
};

using Counts = std::pair<std::uint64_t, std::uint64_t>;

TEST_F(WritesChangedState, InventorySetToItsCurrentQuantityIsAppliedButChangesNothing) {
  const std::string target = "inventory:" + product_;
  const std::int64_t seeded_update = read_product().num("/data/update_time");
  now_ += 10;
  ASSERT_EQ(set_quantity(quantity_), 0);
  EXPECT_EQ(counts(target), Counts(1, 0));
  EXPECT_EQ(read_product().num("/data/update_time"), seeded_update);

  now_ += 10;
  ASSERT_EQ(set_quantity(quantity_ + 5), 0);
  EXPECT_EQ(counts(target), Counts(2, 1));
  const Json changed = read_product();
  EXPECT_EQ(changed.num("/data/skus/0/inventory/0/quantity"), quantity_ + 5);
  EXPECT_EQ(changed.num("/data/update_time"), now_.load());

  // The same write again, as after a lost reply: applied, no second change.
  const std::int64_t changed_at = now_.load();
  now_ += 10;
  ASSERT_EQ(set_quantity(quantity_ + 5), 0);
  EXPECT_EQ(counts(target), Counts(3, 1));
  EXPECT_EQ(read_product().num("/data/update_time"), changed_at);
}

TEST_F(WritesChangedState, PriceSetToTheSamePriceChangesNothing) {
  const std::string target = "price:" + product_;
  ASSERT_EQ(set_price(price_), 0);
  EXPECT_EQ(counts(target), Counts(1, 0));
  ASSERT_EQ(set_price(price_ == "1.23" ? "4.56" : "1.23"), 0);
  EXPECT_EQ(counts(target), Counts(2, 1));
}

TEST_F(WritesChangedState, PartialEditWithTheSameTitleChangesNothing) {
  const std::string target = "product:" + product_;
  const std::string title = read_product().str("/data/title");
  ASSERT_EQ(parse_json(call("POST", "/product/202309/products/" + product_ + "/partial_edit", {},
                            "{\"title\":\"" + title + "\"}")
                           .body)
                .code(),
            0);
  EXPECT_EQ(counts(target), Counts(1, 0));
  ASSERT_EQ(parse_json(call("POST", "/product/202309/products/" + product_ + "/partial_edit", {},
                            R"({"title":"Another title"})")
                           .body)
                .code(),
            0);
  EXPECT_EQ(counts(target), Counts(2, 1));
}

TEST_F(WritesChangedState, IdempotentReplayIsNeitherAppliedNorAChange) {
  const auto pending = return_ids_with_status("RETURN_OR_REFUND_REQUEST_PENDING");
  ASSERT_FALSE(pending.empty());
  const std::string& id = pending.front();
  const std::string path = "/return_refund/202309/returns/" + id + "/approve";
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(parse_json(call("POST", path, {{"idempotency_key", "once"}}, "{}").body).code(), 0);
  EXPECT_EQ(counts("return_approve:" + id), Counts(1, 1));
  EXPECT_EQ(server_->stats().idempotent_replays, 2u);
}

TEST_F(WritesChangedState, StatsJsonAndSummaryLineShowChangedWrites) {
  ASSERT_EQ(set_quantity(quantity_), 0);
  ASSERT_EQ(set_quantity(quantity_ + 1), 0);
  const Json stats = parse_json(http_once(server_->port(), "GET", "/__sandbox/stats").body);
  EXPECT_EQ(stats.num("/writes_by_target/inventory:" + product_), 2);
  EXPECT_EQ(stats.num("/writes_changed_by_target/inventory:" + product_), 1);
  EXPECT_EQ(stats.num("/requests_by_endpoint/inventory.update"), 2);
  EXPECT_EQ(stats.num("/fault_draws"), server_->stats().fault_draws);
  const std::string line = server_->stats().summary_line();
  EXPECT_NE(line.find(" writes=2 writes_changed=1 "), std::string::npos) << line;
}

}  // namespace
}  // namespace sandbox_test
