// Catalog facts a host reads from describe instead of carrying its own: per-endpoint rate limits,
// body idempotency keys and version retirements.
#include <gtest/gtest.h>

#include <chrono>

#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_session_caller.hpp"
#include "engine/flows/import/import_request.hpp"
#include "engine/flows/version_drift.hpp"

namespace host::engine {
namespace {

constexpr std::string_view kDescribe = R"({
  "id": "c", "resources": [],
  "endpoints": {
    "fast": {"method": "GET", "rate_limit": {"per_second": 50},
             "versions": {"used": "202605", "served": [
               {"version": "202309", "retires": "2026-08-15"},
               {"version": "202505", "retires": "2026-12-20"},
               {"version": "202605", "retires": null}]}},
    "slow": {"method": "GET", "rate_limit": {"per_second": 5}},
    "bare": {"method": "GET"},
    "create": {"method": "POST", "path_params": [],
               "import": {"body": "rest", "idempotency":
                          {"location": "body", "param": "idempotency_key", "max_len": 8}}},
    "decide": {"method": "POST", "path_params": ["id"],
               "import": {"body": "rest", "idempotency":
                          {"location": "query", "param": "idempotency_key", "max_len": 255}}}
  }})";

std::chrono::sys_days Day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

TEST(EngineCatalogData, EachEndpointIsPacedByItsPublishedRateAndAFlowOnlyCapsIt) {
  const FlowCatalog catalog = parse_flow_catalog(kDescribe);
  EXPECT_EQ(catalog.find_endpoint("slow")->rate_limit_per_second, 5);
  EndpointRateLimits limits{nullptr, "p/", 0, &catalog};
  EXPECT_EQ(endpoint_rate(limits, "fast"), 50);
  EXPECT_EQ(endpoint_rate(limits, "slow"), 5);
  EXPECT_EQ(endpoint_rate(limits, "bare"), 0);  // the connector publishes none: no pacing
  limits.per_second = 10;
  EXPECT_EQ(endpoint_rate(limits, "fast"), 10);
  EXPECT_EQ(endpoint_rate(limits, "slow"), 5);
  EXPECT_EQ(endpoint_rate(limits, "bare"), 10);
}

TEST(EngineCatalogData, BodyIdempotencyKeyGoesIntoTheBodyUnlessTheRecordHasOne) {
  const FlowCatalog catalog = parse_flow_catalog(kDescribe);
  const EndpointSpec& create = *catalog.find_endpoint("create");
  ASSERT_TRUE(create.import->idempotency->in_body);
  const ImportRecordPlan added =
      plan_import_record(create, R"({"title":"t","sku":"ab"})", "/sku", "");
  ASSERT_TRUE(added.error.empty()) << added.error;
  EXPECT_EQ(added.request.body, R"({"title":"t","sku":"ab","idempotency_key":"ab"})");
  EXPECT_TRUE(added.request.query.empty());
  const ImportRecordPlan kept =
      plan_import_record(create, R"({"title":"t","idempotency_key":"mine"})", "", "");
  EXPECT_EQ(kept.request.body, R"({"title":"t","idempotency_key":"mine"})");
  // Without a key pointer the key is the record's sha256, cut to max_len.
  const ImportRecordPlan hashed = plan_import_record(create, R"({"title":"t"})", "", "");
  EXPECT_EQ(hashed.request.body,
            R"({"title":"t","idempotency_key":")" + hashed.idempotency_key.substr(0, 8) + R"("})");

  const ImportRecordPlan decision =
      plan_import_record(*catalog.find_endpoint("decide"), R"({"id":"r1","x":1})", "", "");
  ASSERT_EQ(decision.request.query.size(), 1u);
  EXPECT_EQ(decision.request.query[0].first, "idempotency_key");
  EXPECT_EQ(decision.request.body, R"({"x":1})");
}

TEST(EngineCatalogData, PinnedVersionsRetiredOrRetiringWithinThirtyDaysAreNamed) {
  const auto today = Day(2026, 12, 1);
  const std::string pinned_old = R"({"endpoint_versions": {"fast": "202309", "slow": "202309"}})";
  auto drifts = find_version_drift(kDescribe, pinned_old, today);
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_EQ(drifts[0].endpoint, "fast");
  EXPECT_TRUE(drifts[0].retired);
  const std::string line = describe_version_drift(drifts[0], today);
  EXPECT_NE(line.find("fast"), std::string::npos) << line;
  EXPECT_NE(line.find("2026-08-15"), std::string::npos) << line;

  const std::string pinned_soon = R"({"endpoint_versions": {"fast": "202505"}})";
  drifts = find_version_drift(kDescribe, pinned_soon, today);
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_FALSE(drifts[0].retired);
  EXPECT_NE(describe_version_drift(drifts[0], today).find("in 19 days"), std::string::npos);
  EXPECT_TRUE(find_version_drift(kDescribe, pinned_soon, Day(2026, 11, 19)).empty());

  EXPECT_TRUE(
      find_version_drift(kDescribe, R"({"endpoint_versions": {"fast": "202605"}})", today).empty());
  EXPECT_TRUE(find_version_drift("not json", pinned_old, today).empty());
}

}  // namespace
}  // namespace host::engine
