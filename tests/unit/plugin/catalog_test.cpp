// The catalog as data: versions TikTok serves now, the facts issue 12 found wrong, and that a
// URL-mode path finds exactly its own endpoint.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "catalog.hpp"

namespace tts {
namespace {

// The template with {version} and every {param} filled by sample values.
std::string concrete(const EndpointSpec& spec) {
  std::string out;
  std::string_view rest = spec.path;
  while (!rest.empty()) {
    const size_t open = rest.find('{');
    out.append(rest.substr(0, open));
    if (open == std::string_view::npos) break;
    const size_t close = rest.find('}', open);
    out += rest.substr(open + 1, close - open - 1) == "version" ? std::string(spec.version)
                                                                : std::string("7000123");
    rest = rest.substr(close + 1);
  }
  return out;
}

TEST(Catalog, EveryEndpointIsFoundAgainByMethodAndConcretePath) {
  for (const EndpointSpec& spec : endpoints()) {
    const EndpointSpec* found = find_endpoint_by_path(spec.method, concrete(spec));
    ASSERT_NE(found, nullptr) << spec.id;
    // Endpoints sharing a method and path (none today) would have to share the cipher rule.
    EXPECT_EQ(found->scope, spec.scope) << spec.id << " found as " << found->id;
    if (found != &spec) {
      EXPECT_EQ(found->path, spec.path) << spec.id << " vs " << found->id;
    }
  }
  EXPECT_EQ(find_endpoint_by_path("GET", "/order/202309/not_here"), nullptr);
  EXPECT_EQ(find_endpoint_by_path("PATCH", "/order/202309/orders"), nullptr);
}

TEST(Catalog, LiteralSegmentsWinOverPathParameters) {
  // POST packages/ship (batch) and POST packages/{package_id}/ship differ in length; GET
  // orders/split_attributes must not be read as orders/{order_id}.
  EXPECT_EQ(find_endpoint_by_path("POST", "/fulfillment/202309/packages/ship")->id,
            "packages.batch_ship");
  EXPECT_EQ(find_endpoint_by_path("POST", "/fulfillment/202309/packages/combine")->id,
            "packages.combine");
  EXPECT_EQ(find_endpoint_by_path("POST", "/product/202309/products/activate")->id,
            "products.activate");
  EXPECT_EQ(find_endpoint_by_path("POST", "/product/202309/products/search")->id,
            "products.search");
}

TEST(Catalog, IdsAreUniqueAndVersionsAreServed) {
  std::set<std::string_view> ids;
  for (const EndpointSpec& spec : endpoints()) {
    EXPECT_TRUE(ids.insert(spec.id).second) << spec.id;
    EXPECT_GT(spec.rate_per_second, 0) << spec.id;
    // The version the connector uses is never one with an announced retirement.
    EXPECT_TRUE(retirement_date(spec, spec.version).empty()) << spec.id;
  }
  EXPECT_GE(endpoints().size(), 90u);
}

TEST(Catalog, VersionsFollowTheCurrentReferencePages) {
  EXPECT_EQ(find_endpoint("payments.list")->version, "202605");
  EXPECT_EQ(retirement_date(*find_endpoint("payments.list"), "202309"), "2026-08-15");
  EXPECT_EQ(find_endpoint("orders.get")->version, "202507");
  EXPECT_EQ(find_endpoint("products.search")->version, "202502");
  EXPECT_EQ(find_endpoint("products.update")->version, "202509");
  EXPECT_EQ(find_endpoint("products.partial_edit")->version, "202509");
  EXPECT_EQ(find_endpoint("products.update")->method, "PUT");
  EXPECT_EQ(find_endpoint("products.partial_edit")->method, "POST");
}

TEST(Catalog, StatementTransactionsSendTheRequiredSortFieldAndReadTransactions) {
  const EndpointSpec& spec = *find_endpoint("statements.transactions");
  EXPECT_EQ(spec.query[0].key, "sort_field");
  EXPECT_EQ(spec.query[0].value, "order_create_time");
  EXPECT_EQ(spec.records, "/data/transactions");
}

TEST(Catalog, CreateProductCarriesABodyIdempotencyKey) {
  const ImportSpec* import = find_endpoint("products.create")->import;
  ASSERT_NE(import, nullptr);
  EXPECT_EQ(import->idempotency_param, "idempotency_key");
  EXPECT_EQ(import->idempotency_location, "body");
  EXPECT_EQ(find_endpoint("returns.approve")->import->idempotency_location, "query");
}

TEST(Catalog, CipherIsAFactOfEachEndpoint) {
  EXPECT_EQ(find_endpoint("shops.deauthorize")->scope, ScopeRule::kRequired);
  EXPECT_EQ(find_endpoint("shops.list")->scope, ScopeRule::kForbidden);
  for (std::string_view id :
       {"global_categories.list", "global_categories.attributes", "global_categories.rules",
        "listing_schemas.get", "brands.recommend", "size_charts.identify", "global_warehouses.list",
        "fulfillment.bundles.create", "brands.create"}) {
    EXPECT_EQ(find_endpoint(id)->scope, ScopeRule::kForbidden) << id;
  }
  EXPECT_EQ(find_endpoint("brands.list")->scope, ScopeRule::kRequired);
}

TEST(Catalog, ResourcesNameOnlyKnownEndpoints) {
  for (const ResourceSpec& resource : resources()) {
    if (!resource.export_endpoint.empty()) {
      EXPECT_NE(find_endpoint(resource.export_endpoint), nullptr) << resource.id;
    }
    for (std::string_view id : resource.imports) {
      if (id.empty()) continue;
      const EndpointSpec* spec = find_endpoint(id);
      ASSERT_NE(spec, nullptr) << resource.id << ": " << id;
      EXPECT_NE(spec->import, nullptr) << id << " is listed as an import but declares none";
    }
  }
}

}  // namespace
}  // namespace tts
