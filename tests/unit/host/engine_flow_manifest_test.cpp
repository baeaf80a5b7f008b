// Flow manifests are read strictly, and every error names the file and the field.
#include <gtest/gtest.h>

#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"

namespace host::engine {
namespace {

constexpr const char* kDescribe = R"({
  "id": "test-connector",
  "resources": [
    {"id": "orders", "export": "orders.search", "detail": {"endpoint": "orders.get",
     "ids_param": "ids", "batch": 50}, "imports": []},
    {"id": "inventory", "export": null, "imports": ["products.inventory.update"]}
  ],
  "endpoints": {
    "orders.search": {"method": "POST", "scope": "required", "key": "id", "query": {},
      "path_params": [],
      "paging": {"style": "page_token", "size_param": "page_size", "token_param": "page_token",
                 "min": 1, "max": 100, "default": 100, "max_results": 0},
      "incremental": {"location": "body",
                      "update": {"from": "update_time_ge", "to": "update_time_lt",
                                 "to_inclusive": false}},
      "import": null},
    "orders.get": {"method": "GET", "path_params": [], "paging": null, "import": null},
    "products.inventory.update": {"method": "POST", "path_params": ["product_id"],
      "paging": null, "import": {"body": "rest", "idempotency": null}}
  }
})";

std::vector<FlowProblem> problems_of(const std::string& text) {
  std::vector<FlowProblem> problems;
  const FlowManifest flow = parse_flow_manifest("flows/f.json", text, problems);
  if (problems.empty()) {
    validate_flow_against_catalog(flow, parse_flow_catalog(kDescribe), problems);
  }
  return problems;
}

std::string export_with(const std::string& extra) {
  return R"({"name":"o","connection":"c","kind":"export","resource":"orders","shop":"s",)"
         R"("output":"o.jsonl")" +
         extra + "}";
}

bool has(const std::vector<FlowProblem>& problems, const std::string& field) {
  for (const auto& p : problems) {
    if (p.field == field) return true;
  }
  return false;
}

TEST(EngineFlowManifest, ValidExportHasNoProblems) {
  EXPECT_TRUE(problems_of(export_with(R"(,"page_size":50,"window":{"lag_seconds":60})")).empty());
}

TEST(EngineFlowManifest, CatalogReadsPagingWindowAndImports) {
  const FlowCatalog catalog = parse_flow_catalog(kDescribe);
  const EndpointSpec* search = catalog.find_endpoint("orders.search");
  ASSERT_NE(search, nullptr);
  ASSERT_TRUE(search->paging && search->incremental && search->incremental->update);
  EXPECT_EQ(search->paging->max_size, 100);
  EXPECT_EQ(search->incremental->update->to, "update_time_lt");
  EXPECT_FALSE(search->import);
  EXPECT_EQ(catalog.find_resource("orders")->detail->batch, 50);
  EXPECT_EQ(catalog.find_endpoint("products.inventory.update")->path_params.front(), "product_id");
}

TEST(EngineFlowManifest, UnknownKeyIsNamed) {
  EXPECT_TRUE(has(problems_of(export_with(R"(,"pagesize":5)")), "/pagesize"));
  EXPECT_TRUE(has(problems_of(export_with(R"(,"window":{"lagg":5})")), "/window/lagg"));
}

TEST(EngineFlowManifest, MissingRequiredFieldsAreNamed) {
  const auto problems = problems_of(R"({"name":"o","kind":"export","output":"x"})");
  EXPECT_TRUE(has(problems, "/connection"));
  EXPECT_TRUE(has(problems, "/resource"));
  EXPECT_TRUE(has(problems, "/shop"));
}

TEST(EngineFlowManifest, WrongTypesAndValuesAreNamed) {
  EXPECT_TRUE(has(problems_of(export_with(R"(,"page_size":"10")")), "/page_size"));
  EXPECT_TRUE(has(problems_of(export_with(R"(,"concurrency":0)")), "/concurrency"));
  EXPECT_TRUE(has(problems_of(export_with(R"(,"window":{"field":"delete"})")), "/window/field"));
  EXPECT_TRUE(has(problems_of(export_with(R"(,"filters":[1])")), "/filters"));
}

TEST(EngineFlowManifest, PageSizeOutsideTheEndpointRangeIsNamed) {
  const auto problems = problems_of(export_with(R"(,"page_size":500)"));
  ASSERT_TRUE(has(problems, "/page_size"));
  EXPECT_NE(problems[0].message.find("between 1 and 100"), std::string::npos);
}

TEST(EngineFlowManifest, UnknownResourceAndEndpointAreNamed) {
  const auto bad_resource =
      problems_of(R"({"name":"o","connection":"c","kind":"export","resource":"parcels","shop":"s",)"
                  R"("output":"o"})");
  ASSERT_TRUE(has(bad_resource, "/resource"));
  EXPECT_NE(bad_resource[0].message.find("orders, inventory"), std::string::npos);
  const auto bad_endpoint = problems_of(
      R"({"name":"i","connection":"c","kind":"import","resource":"inventory","shop":"s",)"
      R"("input":"in.jsonl","endpoint":"products.delete"})");
  EXPECT_TRUE(has(bad_endpoint, "/endpoint"));
}

TEST(EngineFlowManifest, KindDecidesWhetherOutputOrInputIsRequired) {
  EXPECT_TRUE(has(problems_of(R"({"name":"o","connection":"c","kind":"export",)"
                              R"("resource":"orders","shop":"s"})"),
                  "/output"));
  EXPECT_TRUE(has(problems_of(R"({"name":"o","connection":"c","kind":"import",)"
                              R"("resource":"inventory","shop":"s"})"),
                  "/input"));
  EXPECT_TRUE(has(problems_of(R"({"name":"o","connection":"c","kind":"sync",)"
                              R"("resource":"orders","shop":"s"})"),
                  "/kind"));
}

TEST(EngineFlowManifest, AnExportGoesToAFileOrToATableNeverBoth) {
  const std::string to_table =
      R"({"name":"o","connection":"c","kind":"export","resource":"orders","shop":"s",)";
  std::vector<FlowProblem> problems;
  const FlowManifest flow =
      parse_flow_manifest("flows/f.json", to_table + R"("output_table":"shop_orders"})", problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(flow.output_table, "shop_orders");
  EXPECT_TRUE(flow.output.empty());
  EXPECT_TRUE(has(problems_of(export_with(R"(,"output_table":"t")")), "/output_table"));
  for (const char* bad : {"Orders", "1orders", "orders-x", "o; DROP TABLE connections; --", ""}) {
    EXPECT_TRUE(has(problems_of(to_table + R"("output_table":")" + bad + "\"}"), "/output_table"))
        << bad;
  }
  EXPECT_TRUE(has(problems_of(to_table + R"("output_table":")" + std::string(64, 'a') + "\"}"),
                  "/output_table"));
  EXPECT_TRUE(has(problems_of(to_table + R"("output_table":"t","documents":{}})"), "/documents"));
  EXPECT_TRUE(has(problems_of(R"({"name":"l","connection":"c","kind":"listener",)"
                              R"("output":"x","output_table":"t"})"),
                  "/output_table"));
}

TEST(EngineFlowManifest, ProblemLinesNameTheFileAndTheField) {
  const std::string text = describe_problems("flows/f.json", {{"/page_size", "too big"}});
  EXPECT_EQ(text, "flows/f.json: /page_size: too big");
}

TEST(EngineFlowManifest, MalformedJsonIsReportedNotThrown) {
  std::vector<FlowProblem> problems;
  parse_flow_manifest("f.json", "{\"name\":", problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "");
}

}  // namespace
}  // namespace host::engine
