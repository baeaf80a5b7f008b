// The flow manifests shipped under manifests/flows, one per catalog family, run by connector-host
// against the in-process sandbox: each export ends with exit 0 and a JSON Lines file, and the
// shipping-label flow saves one real file per package next to its index. Also the version-drift
// warning of `connection test`. The new families' endpoints need the sandbox's issue-12 routes.
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "connection_e2e_fixture.hpp"
#include "file_contents.hpp"

namespace connection_e2e {
namespace {

class FamilyFlowsE2eTest : public ConnectionE2eTest {
 protected:
  void start_and_authorize() {
    start_sandbox();
    save_and_authorize();
    shop_ = sandbox_->shops().front().id;
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  }

  // The shipped manifest with the test's connection and shop, and its files under dir_.
  std::filesystem::path shipped_flow(const std::string& stem) {
    std::string text =
        test_support::file_bytes(std::filesystem::path(FLOWS_DIR) / (stem + ".json"));
    text = std::regex_replace(text, std::regex(R"(\$\{SHOP\})"), shop_);
    text = std::regex_replace(text, std::regex(R"re("connection": "demo-shop")re"),
                              R"re("connection": "e2e-shop")re");
    text = std::regex_replace(text, std::regex(R"re("\$schema": "[^"]*",)re"), "");
    text = std::regex_replace(text, std::regex(R"re("(output|input|directory)": "([^"]*)")re"),
                              "\"$1\": \"" + dir_.string() + "/$2\"");
    return write(stem + ".json", text);
  }

  std::string shop_;
};

TEST_F(FamilyFlowsE2eTest, EachFamilyExportRunsAndWritesRecords) {
  start_and_authorize();
  for (const std::string stem :
       {"orders-delta", "products-all", "warehouses", "categories", "returns-delta", "payments",
        "unsettled-orders", "seller-permissions", "orders-to-table"}) {
    const auto out = host("run " + shipped_flow(stem).string());
    EXPECT_EQ(out.exit_code, 0) << stem << ":\n" << out.output;
    EXPECT_EQ(out.output.find("36009009"), std::string::npos) << stem << ":\n" << out.output;
  }
  EXPECT_FALSE(test_support::file_lines(dir_ / "payments.jsonl").empty()) << all_output_;
  EXPECT_FALSE(test_support::file_lines(dir_ / "warehouses.jsonl").empty()) << all_output_;
  // The same orders as orders-delta, one row each, in the state's table shop_orders.
  auto db = state_db();
  auto rows = db->prepare("SELECT count(*), count(DISTINCT \"key\") FROM shop_orders");
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(static_cast<size_t>(rows.column_int(0)),
            test_support::file_lines(dir_ / "orders.jsonl").size());
  EXPECT_EQ(rows.column_int(0), rows.column_int(1));
}

TEST_F(FamilyFlowsE2eTest, ShippingLabelsAreSavedNextToAJsonLinesIndex) {
  start_and_authorize();
  const auto manifest = shipped_flow("shipping-labels");
  const auto first = host("run " + manifest.string());
  ASSERT_EQ(first.exit_code, 0) << first.output
                                << test_support::file_bytes(dir_ / "labels" / "index.jsonl");
  const auto packages = test_support::file_lines(dir_ / "packages.jsonl");
  ASSERT_FALSE(packages.empty());
  const auto index = test_support::file_lines(dir_ / "labels" / "index.jsonl");
  ASSERT_EQ(index.size(), packages.size()) << first.output;
  for (const std::string& line : index) {
    const std::smatch m = [&] {
      std::smatch match;
      std::regex_search(line, match, std::regex(R"re("file":"([^"]+)")re"));
      return match;
    }();
    ASSERT_FALSE(m.empty()) << line;
    const auto file = dir_ / "labels" / m[1].str();
    ASSERT_TRUE(std::filesystem::exists(file)) << line;
    EXPECT_GT(std::filesystem::file_size(file), 0u) << line;
    EXPECT_NE(line.find("\"sha256\":\""), std::string::npos) << line;
  }
  // A re-run downloads nothing twice.
  const auto again = host("run " + manifest.string() + " --mode all");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(test_support::file_lines(dir_ / "labels" / "index.jsonl").size(), index.size());
  EXPECT_NE(again.output.find("0 saved"), std::string::npos) << again.output;
}

TEST_F(FamilyFlowsE2eTest, ConnectionTestWarnsAboutAPinnedRetiredVersion) {
  start_sandbox();
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
  std::string json = connection_json("e2e-shop");
  json.replace(json.find("\"sandbox\": true"), std::string("\"sandbox\": true").size(),
               R"re("sandbox": true, "endpoint_versions": {"payments.list": "202309"})re");
  ASSERT_EQ(host("connection save " + write("pinned.json", json).string()).exit_code, 0)
      << all_output_;
  ASSERT_EQ(host("authorize e2e-shop --browser builtin --timeout 30").exit_code, 0) << all_output_;
  const auto out = host("connection test e2e-shop");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("payments.list uses version 202309"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("2026-08-15"), std::string::npos) << out.output;
}

}  // namespace
}  // namespace connection_e2e
