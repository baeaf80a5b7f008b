// `connector-host run` refuses, before writing anything, what would lose or expose data: an
// output another flow or a person wrote to, a cursor made for another shop, an output that is
// the manifest or the input, and unbounded or malformed arguments and manifests.
#include <fstream>
#include <set>

#include "run_e2e_fixture.hpp"

namespace connection_e2e {
namespace {

class RunGuardsE2eTest : public RunE2eTest {
 protected:
  std::filesystem::path orders_output() const { return dir_ / "orders.jsonl"; }
};

TEST_F(RunGuardsE2eTest, OutputWrittenByAnotherFlowOrAPersonIsRefusedUntilTakenOver) {
  start_and_authorize();
  ASSERT_EQ(host("run " + orders_flow().string()).exit_code, 0) << all_output_;
  const std::string committed = test_support::file_bytes(orders_output());

  // Another flow pointed at the same file.
  const auto other =
      flow("other-flow.json", R"("name":"orders-copy","kind":"export","resource":"orders",)"
                              R"("window":{"lookback_seconds":3456000},"output":")" +
                                  orders_output().string() + "\"");
  auto out = host("run " + other.string());
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("committed output of flow orders"), std::string::npos) << out.output;
  EXPECT_EQ(test_support::file_bytes(orders_output()), committed);

  // A person appends a line: it is not cut as "an interrupted run" (it was not one).
  { std::ofstream(orders_output(), std::ios::app) << "{\"note\":\"added by hand\"}\n"; }
  const std::string appended = test_support::file_bytes(orders_output());
  out = host("run " + orders_flow().string());
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("did not write"), std::string::npos) << out.output;
  EXPECT_EQ(out.output.find("exported again now"), std::string::npos) << out.output;
  EXPECT_EQ(test_support::file_bytes(orders_output()), appended);

  out = host("run " + orders_flow().string() + " --take-over-output");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(test_support::file_bytes(orders_output()).substr(0, appended.size()), appended);
}

TEST_F(RunGuardsE2eTest, TestRunNeverReplacesACommittedOutput) {
  start_and_authorize();
  ASSERT_EQ(host("run " + orders_flow().string()).exit_code, 0) << all_output_;
  const std::string committed = test_support::file_bytes(orders_output());
  const auto out = host("run " + orders_flow().string() + " --mode test --limit 3 --out " +
                        orders_output().string());
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("a test run replaces its output"), std::string::npos) << out.output;
  EXPECT_EQ(test_support::file_bytes(orders_output()), committed);
}

TEST_F(RunGuardsE2eTest, CursorOfAnotherShopIsRefusedAndResetOnRequest) {
  start_and_authorize();
  ASSERT_EQ(host("run " + orders_flow().string()).exit_code, 0) << all_output_;
  const size_t first_shop_lines = test_support::file_lines(orders_output()).size();
  ASSERT_GT(first_shop_lines, 0u);

  shop_ = sandbox_->shops().at(1).id;  // the same flow, pointed at the seller's other shop
  auto out = host("run " + orders_flow().string());
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("shop"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("--reset-cursor"), std::string::npos) << out.output;
  EXPECT_EQ(out.output.find("exported 0 records"), std::string::npos) << out.output;

  out = host("run " + orders_flow().string() + " --reset-cursor");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(out.output.find("exported 0 records"), std::string::npos) << out.output;
  EXPECT_GT(test_support::file_lines(orders_output()).size(), first_shop_lines);
}

TEST_F(RunGuardsE2eTest, OutputThatIsTheManifestOrTheInputIsRefused) {
  start_and_authorize();
  const auto manifest = orders_flow();
  const std::string manifest_bytes = test_support::file_bytes(manifest);
  auto out = host("run " + manifest.string() + " --out " + manifest.string());
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("the same file as the flow manifest"), std::string::npos) << out.output;
  std::filesystem::create_symlink(manifest, dir_ / "link.jsonl");
  out = host("run " + manifest.string() + " --mode test --out " + (dir_ / "link.jsonl").string());
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_EQ(test_support::file_bytes(manifest), manifest_bytes);

  const auto input = write("inventory.jsonl", "{\"product_id\":\"1\",\"skus\":[]}\n");
  std::filesystem::create_hard_link(input, dir_ / "hard.jsonl");
  out = host("run " + inventory_flow().string() + " --out " + (dir_ / "hard.jsonl").string());
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("the same file as the import input"), std::string::npos) << out.output;
  EXPECT_EQ(test_support::file_bytes(input), "{\"product_id\":\"1\",\"skus\":[]}\n");
}

TEST_F(RunGuardsE2eTest, LimitMustBeAPositiveWholeNumber) {
  start_and_authorize();
  for (const std::string bad : {"-3", "0", "abc", "5x", "+4", "99999999999999999999"}) {
    const auto out = host("run " + orders_flow().string() + " --mode test --limit " + bad +
                          " --out " + (dir_ / "preview.jsonl").string());
    EXPECT_EQ(out.exit_code, 2) << bad << ": " << out.output;
    EXPECT_NE(out.output.find("--limit"), std::string::npos) << out.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "preview.jsonl"));
}

TEST_F(RunGuardsE2eTest, OversizedNamesFiltersManifestsAndDuplicateKeysAreRefused) {
  start_and_authorize();
  const auto requests_before = sandbox_->stats().requests_total;
  auto out = host("run " + flow("long-name.json", R"("name":")" + std::string(200, 'n') +
                                                      R"(","kind":"export","resource":"orders",)"
                                                      R"("output":"o.jsonl")")
                               .string());
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("/name: is 200 bytes long"), std::string::npos) << out.output;
  EXPECT_LT(out.output.size(), 1000u) << "the name is not echoed back";

  out = host("run " + flow("huge.json", R"("name":")" + std::string(5u << 20, 'n') +
                                            R"(","kind":"export","resource":"orders",)"
                                            R"("output":"o.jsonl")")
                          .string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("a flow manifest is at most"), std::string::npos) << out.output;
  EXPECT_LT(out.output.size(), 1000u);

  out = host("run " + flow("filters.json",
                           R"("name":"o","kind":"export","resource":"orders","output":"o.jsonl",)"
                           R"("filters":{"q":")" +
                               std::string(100'000, 'q') + "\"}")
                          .string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("/filters: is"), std::string::npos) << out.output;

  out = host("run " + flow("dup.json",
                           R"("name":"o","kind":"export","resource":"orders","output":"o.jsonl",)"
                           R"("shop":"another")")
                          .string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("/shop: duplicate key"), std::string::npos) << out.output;
  EXPECT_EQ(sandbox_->stats().requests_total, requests_before) << "nothing was sent";
}

TEST_F(RunGuardsE2eTest, RelativeOutputIsUnderTheManifestFolder) {
  start_and_authorize();
  std::filesystem::create_directories(dir_ / "flows");
  const auto manifest =
      write("flows/relative.json", R"({"connection":"e2e-shop","shop":")" + shop_ +
                                       R"(","name":"relative","kind":"export","resource":"orders",)"
                                       R"("window":{"lookback_seconds":3456000},)"
                                       R"("output":"out/relative.jsonl"})");
  // Where a host that resolves against the current directory would write (the test's cwd).
  const auto wrong = std::filesystem::current_path() / "out" / "relative.test.jsonl";
  std::filesystem::remove(wrong);
  const auto out = host("run " + manifest.string() + " --mode test --limit 2");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(test_support::file_lines(dir_ / "flows" / "out" / "relative.test.jsonl").size(), 2u)
      << out.output;
  EXPECT_FALSE(std::filesystem::exists(wrong));
  std::filesystem::remove(wrong);
}

}  // namespace
}  // namespace connection_e2e
