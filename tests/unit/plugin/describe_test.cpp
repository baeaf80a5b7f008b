// describe and connection_describe: well-formed documents that agree with the catalog and never
// show a secret.
#include <simdjson.h>

#include <set>
#include <string>
#include <vector>

#include "plugin_api_fixture.hpp"

namespace tts::test {
namespace {

std::string describe() {
  cnx_buffer* buffer = nullptr;
  EXPECT_EQ(api().describe(&buffer, nullptr), CNX_STATUS_OK);
  std::string text(v(buffer->bytes));
  api().free_buffer(buffer);
  return text;
}

TEST(Describe, DocumentIsJsonWithIdSchemaAndCatalog) {
  const std::string text = describe();
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(doc["id"]), "tiktok-shop");
  EXPECT_EQ(std::string_view(api().connector_id), "tiktok-shop");
  EXPECT_EQ(int64_t(doc["abi"]["major"]), CNX_ABI_MAJOR);
  EXPECT_TRUE(bool(doc["connection_schema"]["properties"]["app_secret"]["x-secret"]));
  EXPECT_TRUE(bool(doc["connection_schema"]["properties"]["oauth_client"]["properties"]
                      ["client_secret"]["x-secret"]));
  EXPECT_EQ(std::string_view(doc["scopes"]["endpoint"]), "shops.list");
  EXPECT_EQ(std::string_view(doc["webhooks"]["delivery_path"]), "/webhooks/tiktok");
  simdjson::dom::object endpoints = doc["endpoints"];
  EXPECT_GE(endpoints.size(), 30u);
  EXPECT_EQ(std::string_view(endpoints["orders.search"]["records"]), "/data/orders");
  EXPECT_EQ(int64_t(endpoints["packages.search"]["paging"]["max"]), 50);
  EXPECT_TRUE(bool(endpoints["products.search"]["incremental"]["update"]["to_inclusive"]));
  EXPECT_EQ(std::string_view(endpoints["statements.list"]["incremental"]["location"]), "query");
  EXPECT_EQ(std::string_view(endpoints["shops.list"]["scope"]), "forbidden");
  EXPECT_EQ(int64_t(endpoints["returns.approve"]["import"]["idempotency"]["max_len"]), 255);
}

// Versions, retirement dates and rate limits are data of each endpoint (DESCRIBE.md).
TEST(Describe, EndpointsCarryVersionsServedRetirementsAndRateLimits) {
  const std::string text = describe();
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(text);
  simdjson::dom::object endpoints = doc["endpoints"];
  for (auto [id, endpoint] : endpoints) {
    EXPECT_EQ(std::string_view(endpoint["versions"]["used"]), std::string_view(endpoint["version"]))
        << id;
    EXPECT_GE(simdjson::dom::array(endpoint["versions"]["served"]).size(), 1u) << id;
    EXPECT_EQ(int64_t(endpoint["rate_limit"]["per_second"]), 50) << id;
  }
  simdjson::dom::element payments = endpoints["payments.list"];
  EXPECT_EQ(std::string_view(payments["version"]), "202605");
  bool saw_retired = false;
  for (simdjson::dom::element served : payments["versions"]["served"].get_array()) {
    if (std::string_view(served["version"]) == "202309") {
      EXPECT_EQ(std::string_view(served["retires"]), "2026-08-15");
      saw_retired = true;
    }
  }
  EXPECT_TRUE(saw_retired);
  simdjson::dom::element create = endpoints["products.create"]["import"]["idempotency"];
  EXPECT_EQ(std::string_view(create["location"]), "body");
  EXPECT_EQ(std::string_view(create["param"]), "idempotency_key");
  EXPECT_EQ(std::string_view(endpoints["statements.transactions"]["query"]["sort_field"]),
            "order_create_time");
  EXPECT_EQ(std::string_view(endpoints["shops.deauthorize"]["scope"]), "required");
}

// The scope each call needs is data of each endpoint (DESCRIBE.md "oauth_scopes"): one per
// family, a row's own where it differs, none where the reference pages state none.
TEST(Describe, EndpointsNameTheOAuthScopesTheyNeed) {
  const std::string text = describe();
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(text);
  simdjson::dom::object endpoints = doc["endpoints"];
  const auto scopes_of = [&](std::string_view id) {
    std::vector<std::string> out;
    for (simdjson::dom::element scope : endpoints[id]["oauth_scopes"].get_array()) {
      out.emplace_back(std::string_view(scope));
    }
    return out;
  };
  using Scopes = std::vector<std::string>;
  EXPECT_EQ(scopes_of("orders.search"), Scopes{"seller.order.info"});
  EXPECT_EQ(scopes_of("orders.get"), Scopes{"seller.order.info"});
  EXPECT_EQ(scopes_of("products.inventory.update"), Scopes{"seller.product.basic"});
  EXPECT_EQ(scopes_of("shops.list"), Scopes{"seller.authorization.info"});
  EXPECT_EQ(scopes_of("seller.permissions"), Scopes{"seller.shop.info"});
  EXPECT_EQ(scopes_of("statements.list"), Scopes{"seller.finance.info"});
  EXPECT_EQ(scopes_of("returns.search"), Scopes{"seller.return_refund.basic"});
  EXPECT_EQ(scopes_of("webhooks.list"), Scopes{});
  size_t with_scope = 0;
  for (auto [id, endpoint] : endpoints) {
    simdjson::dom::array scopes;
    ASSERT_EQ(endpoint["oauth_scopes"].get(scopes), simdjson::SUCCESS) << id;
    with_scope += scopes.size() > 0 ? 1 : 0;
  }
  EXPECT_GE(with_scope + 3, endpoints.size());  // only the three webhook calls lack one
}

TEST(Describe, EveryEndpointNamedByAResourceExists) {
  const std::string text = describe();
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(text);
  simdjson::dom::object endpoints = doc["endpoints"];
  std::set<std::string> ids;
  for (auto [key, value] : endpoints) ids.emplace(key);
  for (simdjson::dom::element resource : doc["resources"].get_array()) {
    std::string_view export_id;
    if (resource["export"].get_string().get(export_id) == simdjson::SUCCESS) {
      EXPECT_TRUE(ids.count(std::string(export_id))) << export_id;
    }
    for (simdjson::dom::element import : resource["imports"].get_array()) {
      EXPECT_TRUE(ids.count(std::string(std::string_view(import)))) << std::string_view(import);
    }
  }
}

TEST(ConnectionDescribe, ShowsEffectiveSettingsAndMasksSecrets) {
  OpenConnection connection(config_json("ak-visible", "SECRET-never-shown",
                                        R"("endpoint_versions":{"orders.search":"202407"})"));
  cnx_buffer* buffer = nullptr;
  ASSERT_EQ(api().connection_describe(connection.get(), &buffer, nullptr), CNX_STATUS_OK);
  const std::string text(v(buffer->bytes));
  api().free_buffer(buffer);
  EXPECT_EQ(text.find("SECRET-never-shown"), std::string::npos);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(doc["endpoint_versions"]["orders.search"]), "202407");
  EXPECT_EQ(std::string_view(doc["endpoint_versions"]["orders.get"]), "202507");
  EXPECT_EQ(std::string_view(doc["http"]["access_token"]["name"]), "x-tts-access-token");
  EXPECT_EQ(std::string_view(doc["http"]["base_uri"]), "https://open-api.tiktokglobalshop.com");
  EXPECT_EQ(std::string_view(doc["settings"]["app_key"]), "ak-visible");
}

TEST(EntryPoint, OtherMajorGetsNoTableAndOursGetsAFullOne) {
  EXPECT_EQ(entry_point()(CNX_ABI_MAJOR + 1), nullptr);
  EXPECT_EQ(entry_point()(0), nullptr);
  EXPECT_EQ(entry_point()(CNX_ABI_MAJOR), &api());
  EXPECT_EQ(api().abi_major, static_cast<uint32_t>(CNX_ABI_MAJOR));
  EXPECT_EQ(api().struct_size, sizeof(cnx_connector_api));
}

}  // namespace
}  // namespace tts::test
