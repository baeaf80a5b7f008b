// The console's API for what Test connection, a run's page and the webhooks page show beyond the
// basics: the scopes a connection's flows need against those granted, an import's failed
// records from the run history, and each shop's webhook subscriptions asked of the sandbox.
#include <gtest/gtest.h>

#include "console_api_fixture.hpp"
#include "engine/authorization/connection_session.hpp"
#include "engine/flows/shop_call.hpp"

namespace console_api {
namespace {

// The JSON text of `key`'s array (or null) in `json`, e.g. ["a","b"]; the documents are small
// and hold no nested arrays there.
std::string json_array(const std::string& json, const std::string& key) {
  const std::string needle = "\"" + key + "\":";
  const size_t start = json.find(needle);
  if (start == std::string::npos) return "(absent)";
  const size_t from = start + needle.size();
  if (json.compare(from, 4, "null") == 0) return "null";
  return json.substr(from, json.find(']', from) + 1 - from);
}

TEST_F(ConsoleApiTest, test_connection_says_which_scopes_the_flows_need_and_which_are_missing) {
  log_in();
  create_and_authorize();
  // No flow names the connection yet: every call the connector states a scope for.
  HttpReply reply = api("POST", "connections/e2e-shop/test", "{}");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json_string(reply.body, "scopes_needed_from"), "catalog") << reply.body;
  EXPECT_NE(json_array(reply.body, "scopes_granted").find("\"seller.order.info\""),
            std::string::npos)
      << reply.body;
  EXPECT_NE(json_array(reply.body, "scopes_needed").find("\"seller.finance.info\""),
            std::string::npos)
      << reply.body;
  // The sandbox's app is not granted the shop information scope the /seller calls need.
  EXPECT_EQ(json_array(reply.body, "scopes_missing"), R"(["seller.shop.info"])") << reply.body;
  EXPECT_NE(reply.body.find(R"("seller.shop.info":["seller.shops","seller.permissions"])"),
            std::string::npos)
      << reply.body;

  const std::string shop = json_string(api("GET", "connections/e2e-shop").body, "shop_id");
  write("flows/orders.json", R"({"name": "e2e-orders", "connection": "e2e-shop",
    "kind": "export", "resource": "orders", "shop": ")" +
                                 shop + R"(", "output": "o.jsonl",
    "window": {"field": "update", "lookback_seconds": 3456000, "slice_seconds": 345600}})");
  reply = api("POST", "connections/e2e-shop/test", "{}");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json_string(reply.body, "scopes_needed_from"), "flows") << reply.body;
  EXPECT_EQ(json_array(reply.body, "scopes_needed"), R"(["seller.order.info"])") << reply.body;
  EXPECT_EQ(json_array(reply.body, "scopes_missing"), "[]") << reply.body;

  // A second flow that needs what the grant lacks; another connection's flow counts for none.
  write("flows/permissions.json", R"({"name": "e2e-permissions", "connection": "e2e-shop",
    "kind": "export", "resource": "seller_permissions", "shop": ")" +
                                      shop + R"(", "output": "p.jsonl"})");
  write("flows/other.json", R"({"name": "other-statements", "connection": "other",
    "kind": "export", "resource": "statements", "shop": "1", "output": "s.jsonl"})");
  reply = api("POST", "connections/e2e-shop/test", "{}");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json_array(reply.body, "scopes_needed"), R"(["seller.order.info","seller.shop.info"])")
      << reply.body;
  EXPECT_NE(reply.body.find(R"("seller.shop.info":["e2e-permissions"])"), std::string::npos)
      << reply.body;
  EXPECT_EQ(json_array(reply.body, "scopes_missing"), R"(["seller.shop.info"])") << reply.body;
}

TEST_F(ConsoleApiTest, a_runs_page_lists_an_imports_failed_records_with_key_code_and_message) {
  log_in();
  create_and_authorize();
  const std::string shop = json_string(api("GET", "connections/e2e-shop").body, "shop_id");
  // Line 1 names a product the shop does not have (the sandbox refuses it), line 2 is no JSON.
  write("flows/inventory.jsonl",
        R"({"product_id":"1999999999","skus":[{"id":"1","inventory":[{"warehouse_id":"1",)"
        R"("quantity":3}]}]})"
        "\nnot json\n");
  write("flows/inventory.json", R"({"name": "e2e-inventory", "connection": "e2e-shop",
    "kind": "import", "resource": "inventory", "endpoint": "products.inventory.update",
    "shop": ")" + shop + R"(", "concurrency": 1, "input": "inventory.jsonl"})");
  HttpReply reply = api("POST", "flows/e2e-inventory/runs", "{}");
  ASSERT_EQ(reply.status, 202) << reply.body;
  const std::string run_id = json_string(reply.body, "run_id");
  reply = wait_for_run(run_id, 120);
  ASSERT_EQ(json_string(reply.body, "outcome"), "records_failed") << reply.body;
  EXPECT_NE(reply.body.find(R"("failed":2)"), std::string::npos) << reply.body;
  const size_t failures = reply.body.find(R"("failures":[{"line":1,)");
  ASSERT_NE(failures, std::string::npos) << reply.body;
  const std::string list = reply.body.substr(failures);
  EXPECT_NE(list.find(R"("code":"36009404")"), std::string::npos) << list;  // resource not found
  EXPECT_NE(list.find("1999999999 does not exist"), std::string::npos) << list;
  EXPECT_NE(list.find(R"({"line":2,"key":)"), std::string::npos) << list;
  EXPECT_NE(list.find(R"("code":"INVALID_INPUT")"), std::string::npos) << list;
  EXPECT_EQ(all_answers_.find(connection_e2e::kAppSecret), std::string::npos);
}

TEST_F(ConsoleApiTest, the_webhooks_page_lists_each_shops_subscriptions_from_the_remote_side) {
  log_in();
  EXPECT_EQ(api("GET", "connections/nobody/webhooks/subscriptions").status, 404);
  ASSERT_EQ(api("POST", "oauth-clients", client_document()).status, 201);
  ASSERT_EQ(api("POST", "connections", connection_document()).status, 201);
  HttpReply reply = api("GET", "connections/e2e-shop/webhooks/subscriptions");
  EXPECT_EQ(reply.status, 409) << reply.body;
  EXPECT_NE(reply.body.find("authorize"), std::string::npos) << reply.body;

  reply = api("POST", "connections/e2e-shop/authorize", "{}");
  ASSERT_EQ(reply.status, 200) << reply.body;
  ASSERT_EQ(send("GET", approve_at_sandbox(json_string(reply.body, "authorize_url")),
                 {{"Cookie", cookie_}})
                .status,
            303);
  const std::string shop = json_string(api("GET", "connections/e2e-shop").body, "shop_id");
  {
    // Subscribe one shop as `connector-host webhooks set` does.
    host::engine::HostPaths paths;
    paths.state_dir = dir_ / "state";
    paths.plugin_dir = CONNECTOR_PLUGIN_DIR;
    paths.manifest_dir = MANIFEST_DIR;
    const auto session = host::engine::open_session(paths, "e2e-shop");
    host::engine::CallRequest request;
    request.endpoint = "webhooks.update";
    request.body = R"({"address":"https://hooks.example/in","event_type":"ORDER_STATUS_CHANGE"})";
    const auto call = host::engine::call_for_shop(*session, shop, request, {});
    ASSERT_TRUE(call.refused.empty()) << call.refused;
    ASSERT_TRUE(call.result.ok()) << call.result.describe();
  }
  reply = api("GET", "connections/e2e-shop/webhooks/subscriptions");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const size_t ours = reply.body.find("{\"shop_id\":\"" + shop + "\"");
  ASSERT_NE(ours, std::string::npos) << reply.body;
  const std::string entry = reply.body.substr(ours, reply.body.find("\"error\"", ours) - ours);
  EXPECT_NE(entry.find(R"("event_type":"ORDER_STATUS_CHANGE")"), std::string::npos) << entry;
  EXPECT_NE(entry.find(R"("address":"https://hooks.example/in")"), std::string::npos) << entry;
  // Every authorized shop is listed, the other one with nothing subscribed.
  EXPECT_NE(reply.body.find(R"("subscriptions":[],"error":null)"), std::string::npos) << reply.body;

  // A version the remote side does not serve: each shop's entry says why, the page still answers.
  ASSERT_EQ(api("PUT", "connections/e2e-shop",
                connection_document(R"(,"endpoint_versions":{"webhooks.list":"202101"})"))
                .status,
            200);
  reply = api("GET", "connections/e2e-shop/webhooks/subscriptions");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_NE(reply.body.find(R"("subscriptions":null,"error":"the remote side did not list)"),
            std::string::npos)
      << reply.body;
  EXPECT_EQ(all_answers_.find(connection_e2e::kAppSecret), std::string::npos);
}

}  // namespace
}  // namespace console_api
