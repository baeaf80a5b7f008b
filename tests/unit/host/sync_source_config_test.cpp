// The config an Airbyte source or a Singer tap runs with: split into the connection's settings
// and secrets, errors naming the field (never its value), the specification marking secrets.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "sync_protocols/source_config.hpp"
#include "sync_protocols/source_streams.hpp"

namespace host::sync {
namespace {

// A connector with an OAuth client object and one secret on each level.
constexpr std::string_view kDescribe = R"({
  "connection_schema": {
    "type": "object", "required": ["name", "oauth_client", "app_key", "app_secret"],
    "properties": {
      "name": {"type": "string"},
      "oauth_client": {"type": "object", "required": ["client_id", "client_secret"],
        "properties": {"client_id": {"type": "string"},
                       "client_secret": {"type": "string", "x-secret": true}}},
      "app_key": {"type": "string"},
      "app_secret": {"type": "string", "x-secret": true},
      "region": {"type": "string", "enum": ["us", "eu"]}}}})";

engine::ConnectionSchemaView view() {
  return engine::parse_connection_schema_view("fake", kDescribe);
}

SourceConfig parse(std::string_view json, std::string& error) {
  return parse_source_config(json, view(), error);
}

constexpr std::string_view kGood = R"({"oauth_client": {"client_id": "cid", "client_secret": "S1"},
  "app_key": "key", "app_secret": "S2", "region": "eu", "refresh_token": "RT",
  "shop_ids": ["7", "8"], "start_date": "2024-05-01T00:00:00Z", "page_size": 20})";

TEST(SourceConfig, SplitsSettingsFromSecretsAndReadsTheSyncFields) {
  std::string error;
  const SourceConfig config = parse(kGood, error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(config.client_fields_json, R"({"client_id":"cid"})");
  ASSERT_EQ(config.client_secrets.size(), 1u);
  EXPECT_EQ(config.client_secrets[0].field, "client_secret");
  EXPECT_EQ(config.client_secrets[0].value.view(), "S1");
  EXPECT_EQ(config.settings_json, R"({"app_key":"key","region":"eu"})");
  ASSERT_EQ(config.secrets.size(), 1u);
  EXPECT_EQ(config.secrets[0].value.view(), "S2");
  EXPECT_EQ(config.refresh_token.view(), "RT");
  EXPECT_TRUE(config.access_token.empty());
  EXPECT_EQ(config.sync.shop_ids, (std::vector<std::string>{"7", "8"}));
  EXPECT_EQ(config.sync.start, 1714521600);
  EXPECT_EQ(config.sync.page_size, 20);
  EXPECT_EQ(config.sync.lookback_seconds, kDefaultLookbackSeconds);
}

TEST(SourceConfig, ErrorsNameTheFieldAndNeverTheValue) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {R"({"app_key": "k", "app_secret": "s", "refresh_token": "r"})",
       "/oauth_client: required (an object)"},
      {R"({"oauth_client": {"client_id": "c", "client_secret": "SECRET1"}, "app_key": "k",
           "refresh_token": "r"})",
       "/app_secret: required"},
      {R"({"oauth_client": {"client_id": "c", "client_secret": "SECRET1"}, "app_key": "k",
           "app_secret": "SECRET2"})",
       "/refresh_token: required"},
      {R"({"oauth_client": {"client_id": "c", "client_secret": 5}})",
       "/oauth_client/client_secret: must be a string"},
      {R"({"oauth_client": {"client_id": "c", "client_secret": "SECRET1"}, "app_key": "k",
           "app_secret": "SECRET2", "refresh_token": "r", "shop_ids": ["7", 8]})",
       "/shop_ids/1: must be a non-empty string"},
      {R"({"oauth_client": {"client_id": "c", "client_secret": "SECRET1"}, "app_key": "k",
           "app_secret": "SECRET2", "refresh_token": "r", "start_date": "2024-05-01"})",
       "/start_date: must be a UTC time as YYYY-MM-DDTHH:MM:SSZ"},
      {R"({"oauth_client": {"client_id": "c", "client_secret": "SECRET1"}, "app_key": "k",
           "app_secret": "SECRET2", "refresh_token": "r", "page_size": -1})",
       "/page_size: must be a whole number of at least 0"},
      {R"({"oauth_client": {"client_id": "c", "client_secret": "SECRET1"}, "app_key": "k",
           "app_secret": "SECRET2", "refresh_token": "r", "a/b": 1})",
       "/a~1b: not a field of this connector's config"},
      {R"([1])", "(document): the config is not a JSON object"},
  };
  for (const auto& [json, expected] : cases) {
    std::string error;
    parse(json, error);
    EXPECT_EQ(error, expected) << json;
    EXPECT_EQ(error.find("SECRET"), std::string::npos);
  }
}

TEST(SourceConfig, SpecificationMarksEverySecretAndRequiresTheRefreshToken) {
  const std::string spec = connection_specification(view());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(spec).get(doc), simdjson::SUCCESS);
  EXPECT_TRUE(bool(doc["properties"]["app_secret"]["airbyte_secret"]));
  EXPECT_TRUE(bool(doc["properties"]["refresh_token"]["airbyte_secret"]));
  EXPECT_TRUE(bool(doc["properties"]["access_token"]["airbyte_secret"]));
  EXPECT_TRUE(
      bool(doc["properties"]["oauth_client"]["properties"]["client_secret"]["airbyte_secret"]));
  EXPECT_TRUE(doc["properties"]["app_key"]["airbyte_secret"].error() != simdjson::SUCCESS);
  EXPECT_TRUE(doc["properties"]["name"].error() != simdjson::SUCCESS);  // the host names it
  EXPECT_EQ(simdjson::minify(doc["required"]),
            R"(["app_key","app_secret","oauth_client","refresh_token"])");
  EXPECT_EQ(simdjson::minify(doc["properties"]["region"]["enum"]), R"(["us","eu"])");
}

TEST(SourceConfig, RotatedConfigReplacesBothTokensAndKeepsTheRest) {
  const store::SecretString out =
      config_with_tokens(R"({"a":1,"refresh_token":"old","access_token":"old2"})", "new", "n2");
  EXPECT_EQ(out.view(), R"({"a":1,"refresh_token":"new","access_token":"n2"})");
}

TEST(SourceConfig, UtcTimestampsAreStrict) {
  int64_t t = 0;
  EXPECT_TRUE(parse_utc_timestamp("1970-01-02T00:00:01Z", &t));
  EXPECT_EQ(t, 86401);
  EXPECT_FALSE(parse_utc_timestamp("1970-13-02T00:00:01Z", &t));
  EXPECT_FALSE(parse_utc_timestamp("1970-01-02 00:00:01Z", &t));
  EXPECT_FALSE(parse_utc_timestamp("1970-01-02T00:00:01+01:00", &t));
}

TEST(SourceStreams, ShopScopedResourcesWithTheirSchemasKeysAndCursors) {
  constexpr std::string_view kStreamsDescribe = R"({
    "resources": [{"id": "orders", "export": "orders.search"},
                  {"id": "shops", "export": "shops.list"},
                  {"id": "notes", "export": "notes.list"},
                  {"id": "writes_only", "export": null}],
    "endpoints": {"orders.search": {"scope": "required"}, "shops.list": {"scope": "forbidden"},
                  "notes.list": {"scope": "required"}},
    "record_schemas": {"orders": {"primary_key": ["id"], "cursor_field": "update_time",
      "schema": {"type": "object", "required": ["id"],
                 "properties": {"id": {"type": "string"}}}}}})";
  const std::vector<SourceStream> streams = read_source_streams(kStreamsDescribe);
  ASSERT_EQ(streams.size(), 2u);
  EXPECT_EQ(streams[0].name, "orders");
  EXPECT_EQ(streams[0].primary_key, (std::vector<std::string>{"_shop_id", "id"}));
  EXPECT_EQ(streams[0].cursor_field, "update_time");
  EXPECT_EQ(streams[0].schema_json,
            R"({"type":"object","required":["_shop_id","id"],"properties":{"_shop_id":)"
            R"({"type":"string"},"id":{"type":"string"}}})");
  EXPECT_EQ(streams[1].name, "notes");  // no record schema: any object with the shop
  EXPECT_FALSE(streams[1].incremental());
  EXPECT_EQ(streams[1].schema_json,
            R"({"type":"object","additionalProperties":true,"properties":{"_shop_id":)"
            R"({"type":"string"}},"required":["_shop_id"]})");
}

TEST(SourceStreams, StateHoldsACursorPerShop) {
  ShopCursors cursors{{"7", 100}, {"8", 200}};
  const std::string json = stream_state_json(cursors);
  EXPECT_EQ(json, R"({"cursors":{"7":100,"8":200}})");
  ShopCursors back;
  EXPECT_EQ(read_stream_state(json, back), "");
  EXPECT_EQ(back, cursors);
  EXPECT_EQ(read_stream_state(R"({"cursors":{"7":"x"}})", back),
            "/cursors/7: must be a whole number of unix seconds");
  EXPECT_EQ(read_stream_state("[]", back), R"(must be an object with a "cursors" object)");
}

TEST(SourceStreams, RecordsCarryTheirShopFirst) {
  EXPECT_EQ(record_with_shop(R"({"id":"1"})", "7"), R"({"_shop_id":"7","id":"1"})");
  EXPECT_EQ(record_with_shop("{}", "7"), R"({"_shop_id":"7"})");
  EXPECT_EQ(record_with_shop(R"({"a":"q\"}"})", "x\"y"), R"({"_shop_id":"x\"y","a":"q\"}"})");
}

TEST(SourceStreams, RecordsAppendToAReusedBuffer) {
  // The sink keeps one buffer across records: appending must keep what the buffer holds.
  std::string buffer = "kept";
  append_record_with_shop(buffer, R"({"id":"1"})", "7");
  EXPECT_EQ(buffer, R"(kept{"_shop_id":"7","id":"1"})");
}

}  // namespace
}  // namespace host::sync
