// run_e2e_fixture.hpp: `connector-host run` against the in-process sandbox: an authorized
// connection, flow manifests for its first shop, and helpers to read JSON Lines outputs.
#pragma once

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "connection_e2e_fixture.hpp"
#include "file_contents.hpp"

namespace connection_e2e {

// The value of the first "id" member of a minified record line.
inline std::string id_of(const std::string& line) {
  const auto pos = line.find("\"id\":\"");
  if (pos == std::string::npos) return {};
  return line.substr(pos + 6, line.find('"', pos + 6) - pos - 6);
}

class RunE2eTest : public ConnectionE2eTest {
 protected:
  void SetUp() override {
    ConnectionE2eTest::SetUp();
    // The sandbox clock runs `offset_` seconds ahead of ours: tests jump it to expire tokens.
    options_.clock = [this] { return static_cast<int64_t>(std::time(nullptr)) + offset_.load(); };
  }

  void start_and_authorize() {
    start_sandbox();
    save_and_authorize();
    shop_ = sandbox_->shops().front().id;
    // The newest seeded record carries the sandbox's start second; windows end before "now"
    // (exclusive), so let that second pass for every record to be in reach.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  }

  std::filesystem::path flow(const std::string& file, const std::string& body) {
    return write(file, R"({"connection":"e2e-shop","shop":")" + shop_ + "\"," + body + "}");
  }

  std::filesystem::path orders_flow(const std::string& extra = "") {
    return flow("orders-flow.json",
                R"("name":"orders","kind":"export","resource":"orders","page_size":100,)"
                R"("window":{"lookback_seconds":3456000,"slice_seconds":864000},)"
                R"("output":")" +
                    (dir_ / "orders.jsonl").string() + "\"" + extra);
  }

  // "orders-slow": an orders export that pages slowly (pages of 10, one request at a time, at
  // most `per_second` requests a second) over 40 days in slices of `slice_seconds`, into
  // slow.jsonl.
  std::filesystem::path slow_orders_flow(int per_second, int64_t slice_seconds) {
    return flow("slow.json", R"("name":"orders-slow","kind":"export","resource":"orders",)"
                             R"("page_size":10,"concurrency":1,"rate_limit_per_second":)" +
                                 std::to_string(per_second) +
                                 R"(,"window":{"lookback_seconds":3456000,"slice_seconds":)" +
                                 std::to_string(slice_seconds) + R"(},"output":")" +
                                 (dir_ / "slow.jsonl").string() + "\"");
  }

  // An orders export NAME (pages of 10, 4 workers) capped at `per_second` requests a second on
  // each API, into NAME.jsonl: what the rate-budget tests run side by side.
  std::filesystem::path paced_orders_flow(const std::string& name, int per_second) {
    return flow(name + ".json", R"("name":")" + name +
                                    R"(","kind":"export","resource":"orders","page_size":10,)"
                                    R"("concurrency":4,"rate_limit_per_second":)" +
                                    std::to_string(per_second) +
                                    R"(,"window":{"lookback_seconds":3456000,)"
                                    R"("slice_seconds":864000},"output":")" +
                                    (dir_ / (name + ".jsonl")).string() + "\"");
  }

  std::filesystem::path products_flow() {
    return flow("products-flow.json",
                R"("name":"products","kind":"export","resource":"products",)"
                R"("window":{"lookback_seconds":3456000,"slice_seconds":864000},)"
                R"("output":")" +
                    (dir_ / "products.jsonl").string() + "\"");
  }

  std::filesystem::path inventory_flow() {
    return flow("inventory-flow.json",
                R"("name":"inventory","kind":"import","resource":"inventory",)"
                R"("endpoint":"products.inventory.update",)"
                R"("input":")" +
                    (dir_ / "inventory.jsonl").string() + "\"");
  }

  // Inventory records for the first `n` exported products: first SKU, first warehouse.
  void write_inventory_input(size_t n, int quantity) {
    std::ofstream out(dir_ / "inventory.jsonl");
    const auto products = test_support::file_lines(dir_ / "products.jsonl");
    ASSERT_GE(products.size(), n);
    for (size_t i = 0; i < n; ++i) {
      const std::string& p = products[i];
      const auto sku_pos = p.find("\"skus\":[{\"id\":\"") + 15;
      const auto wh_pos = p.find("\"warehouse_id\":\"") + 16;
      out << "{\"product_id\":\"" << id_of(p) << "\",\"skus\":[{\"id\":\""
          << p.substr(sku_pos, p.find('"', sku_pos) - sku_pos)
          << "\",\"inventory\":[{\"warehouse_id\":\""
          << p.substr(wh_pos, p.find('"', wh_pos) - wh_pos) << "\",\"quantity\":" << quantity
          << "}]}]}\n";
    }
  }

  std::atomic<int64_t> offset_{0};
  std::string shop_;
};

}  // namespace connection_e2e
