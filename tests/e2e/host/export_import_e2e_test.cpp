// `connector-host run` against the in-process sandbox: export modes, delta after a change, a
// token that expires mid-export, a search + detail chain, an import that is re-run, and one that
// is pointed at another shop.
#include <fstream>
#include <set>
#include <thread>

#include "run_e2e_fixture.hpp"

namespace connection_e2e {
namespace {

TEST_F(RunE2eTest, AllDeltaAndTestModesExportTheRightRecords) {
  start_and_authorize();
  const auto test = host("run " + orders_flow().string() + " --mode test --limit 7 --out " +
                         (dir_ / "preview.jsonl").string());
  ASSERT_EQ(test.exit_code, 0) << test.output;
  EXPECT_EQ(test_support::file_lines(dir_ / "preview.jsonl").size(), 7u);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "orders.jsonl"));

  const auto first = host("run " + orders_flow().string());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("exported 240 records to " + (dir_ / "orders.jsonl").string()),
            std::string::npos)
      << first.output;
  const auto lines = test_support::file_lines(dir_ / "orders.jsonl");
  std::set<std::string> ids;
  for (const auto& l : lines) ids.insert(id_of(l));
  EXPECT_EQ(lines.size(), 240u);
  EXPECT_EQ(ids.size(), 240u) << "no duplicates by natural key";

  const auto again = host("run " + orders_flow().string() + " --mode delta");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("exported 0 records"), std::string::npos) << again.output;

  const auto all =
      host("run " + orders_flow().string() + " --mode all --out " + (dir_ / "all.jsonl").string());
  ASSERT_EQ(all.exit_code, 0) << all.output;
  EXPECT_EQ(test_support::file_lines(dir_ / "all.jsonl").size(), 240u);
}

TEST_F(RunE2eTest, ChainFetchesOrderDetailsInBatchesOfFifty) {
  start_and_authorize();
  const auto before = sandbox_->stats().requests_total;
  // One slice, pages of 100: 3 search pages (100, 100, 40) and 2 + 2 + 1 detail calls.
  const auto path =
      flow("one-slice.json", R"("name":"orders-chain","kind":"export","resource":"orders",)"
                             R"("page_size":100,"window":{"lookback_seconds":3456000,)"
                             R"("slice_seconds":3456000},"output":")" +
                                 (dir_ / "chain.jsonl").string() + "\"");
  const auto out = host("run " + path.string() + " --mode all");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(test_support::file_lines(dir_ / "chain.jsonl").size(), 240u);
  EXPECT_EQ(sandbox_->stats().requests_total - before, 8u);
}

TEST_F(RunE2eTest, SecondDeltaExportsOnlyWhatChanged) {
  start_and_authorize();
  ASSERT_EQ(host("run " + products_flow().string()).exit_code, 0) << all_output_;
  ASSERT_EQ(test_support::file_lines(dir_ / "products.jsonl").size(), 120u);
  write_inventory_input(3, 17);
  // Let the clock pass the first run's window end, so the changes fall after the cursor.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_EQ(host("run " + inventory_flow().string()).exit_code, 0) << all_output_;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto delta = host("run " + products_flow().string());
  ASSERT_EQ(delta.exit_code, 0) << delta.output;
  EXPECT_NE(delta.output.find("exported 3 records"), std::string::npos) << delta.output;
  const auto lines = test_support::file_lines(dir_ / "products.jsonl");
  ASSERT_EQ(lines.size(), 123u);
  const auto changed = test_support::file_lines(dir_ / "inventory.jsonl");
  std::set<std::string> expected, got;
  for (const auto& l : changed) expected.insert(l.substr(15, l.find('"', 15) - 15));
  for (size_t i = 120; i < lines.size(); ++i) got.insert(id_of(lines[i]));
  EXPECT_EQ(got, expected);
}

TEST_F(RunE2eTest, TokenExpiringMidExportIsRefreshedAndTheExportCompletes) {
  options_.access_token_lifetime = 120;  // the host sees > 60 s left and does not refresh early
  options_.rate_limit_per_second = 0;
  start_and_authorize();
  // Page one order at a time, slowly, and expire the token on the sandbox side meanwhile.
  const auto path = slow_orders_flow(20, 3456000);
  std::thread jump([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    offset_ = 200;  // past the token's expiry, within the signature's timestamp window
  });
  const auto out = host("run " + path.string() + " --mode all");
  jump.join();
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(test_support::file_lines(dir_ / "slow.jsonl").size(), 240u);
  const auto stats = sandbox_->stats();
  EXPECT_GE(stats.rejected_by_code.count(105002), 1u) << stats.to_json();
  const auto summary = token_summary("e2e-shop");
  ASSERT_TRUE(summary);
}

TEST_F(RunE2eTest, ReRunningAnImportAppliesNothingTwice) {
  start_and_authorize();
  ASSERT_EQ(host("run " + products_flow().string()).exit_code, 0) << all_output_;
  write_inventory_input(6, 5);
  // The first run's summary, then the second's. Every outcome is counted: the second run's six
  // skipped records are not hidden behind "0 imported".
  for (const char* summary :
       {"6 records read: 6 applied, 0 skipped as already applied, 0 skipped as repeated, 0 failed",
        "6 records read: 0 applied, 6 skipped as already applied, 0 skipped as repeated, 0 "
        "failed"}) {
    const auto run = host("run " + inventory_flow().string());
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find(summary), std::string::npos) << run.output;
  }
  const auto stats = sandbox_->stats();
  ASSERT_EQ(stats.writes_by_target.size(), 6u) << stats.to_json();
  for (const auto& [target, count] : stats.writes_by_target) EXPECT_EQ(count, 1u) << target;
  EXPECT_EQ(test_support::file_lines(dir_ / "inventory.jsonl.results.jsonl").size(), 12u);
}

TEST_F(RunE2eTest, TheSameImportPointedAtAnotherShopAppliesItsRecordsThere) {
  start_and_authorize();
  const auto shops = sandbox_->shops();
  ASSERT_GE(shops.size(), 2u);
  ASSERT_TRUE(shops[1].owned_by_authorizing_seller);  // one token covers both shops
  {
    std::ofstream out(dir_ / "new-products.jsonl");
    for (int i = 0; i < 3; ++i) {
      out << R"({"title":"Ledger mug )" << i << R"(","skus":[{"seller_sku":"LM-)" << i
          << R"(","price":{"amount":"9.90"}}]})"
          << "\n";
    }
  }
  auto create_flow = [&] {
    return flow("create-flow.json",
                R"("name":"create-products","kind":"import","resource":"products",)"
                R"("endpoint":"products.create","input":")" +
                    (dir_ / "new-products.jsonl").string() + "\"");
  };
  const auto first = host("run " + create_flow().string());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("3 records read: 3 applied"), std::string::npos) << first.output;

  // The same flow, now naming the second shop: the records go there, they are not skipped.
  shop_ = shops[1].id;
  const auto second = host("run " + create_flow().string());
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("3 records read: 3 applied, 0 skipped as already applied"),
            std::string::npos)
      << second.output;
  EXPECT_NE(second.output.find("3 of the records flow create-products sent had been applied "
                               "before to another target (shop \"" +
                               shops[0].id + "\" -> \"" + shops[1].id + "\")"),
            std::string::npos)
      << second.output;
  // And each shop still gets nothing twice.
  const auto third = host("run " + create_flow().string());
  EXPECT_NE(third.output.find("3 records read: 0 applied, 3 skipped as already applied"),
            std::string::npos)
      << third.output;
  const auto stats = sandbox_->stats();
  size_t created = 0;
  for (const auto& [target, count] : stats.writes_by_target) {
    if (!target.starts_with("product:")) continue;
    ++created;
    EXPECT_EQ(count, 1u) << target;
  }
  EXPECT_EQ(created, 6u) << stats.to_json();
}

TEST_F(RunE2eTest, MalformedFlowManifestsNameTheFileAndTheField) {
  start_and_authorize();
  const auto bad_page =
      flow("bad-page.json", R"("name":"o","kind":"export","resource":"orders","page_size":1000,)"
                            R"("output":"x.jsonl")");
  auto out = host("run " + bad_page.string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find(bad_page.string() + ": /page_size:"), std::string::npos) << out.output;

  const auto bad_key =
      flow("bad-key.json", R"("name":"o","kind":"export","resource":"orders","output":"x",)"
                           R"("colour":"red")");
  out = host("run " + bad_key.string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find(bad_key.string() + ": /colour: unknown key"), std::string::npos)
      << out.output;

  const auto bad_shop =
      write("bad-shop.json", R"({"name":"o","connection":"e2e-shop","kind":"export",)"
                             R"("resource":"orders","shop":"999","output":"x"})");
  out = host("run " + bad_shop.string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find(bad_shop.string() + ": /shop:"), std::string::npos) << out.output;

  const auto bad_resource =
      flow("bad-resource.json", R"("name":"o","kind":"export","resource":"parcels",)"
                                R"("output":"x")");
  out = host("run " + bad_resource.string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find(bad_resource.string() + ": /resource:"), std::string::npos)
      << out.output;
}

}  // namespace
}  // namespace connection_e2e
