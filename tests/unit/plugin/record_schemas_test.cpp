// describe's record_schemas (issue 16): one entry per exportable resource, keyed and windowed as
// its export endpoint says, each a draft-07 object schema that requires the key.
#include <simdjson.h>

#include "plugin_api_fixture.hpp"

namespace tts::test {
namespace {

class RecordSchemas : public ::testing::Test {
 protected:
  void SetUp() override {
    cnx_buffer* buffer = nullptr;
    ASSERT_EQ(api().describe(&buffer, nullptr), CNX_STATUS_OK);
    text_ = std::string(v(buffer->bytes));
    api().free_buffer(buffer);
    ASSERT_EQ(parser_.parse(text_).get(doc_), simdjson::SUCCESS);
  }
  std::string text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element doc_;
};

TEST_F(RecordSchemas, EveryExportableResourceHasOneThatFollowsItsEndpoint) {
  simdjson::dom::object schemas = doc_["record_schemas"];
  size_t exportable = 0;
  for (simdjson::dom::element resource : simdjson::dom::array(doc_["resources"])) {
    if (resource["export"].is_null()) continue;
    ++exportable;
    const std::string_view id = resource["id"];
    const std::string_view endpoint_id = resource["export"];
    simdjson::dom::element entry;
    ASSERT_EQ(schemas[id].get(entry), simdjson::SUCCESS) << id;
    simdjson::dom::element endpoint = doc_["endpoints"][endpoint_id];
    const std::string_view key = endpoint["key"];
    simdjson::dom::array primary_key = entry["primary_key"];
    simdjson::dom::array required = entry["schema"]["required"];
    if (key.empty()) {
      EXPECT_EQ(primary_key.size(), 0u) << id;
    } else {
      ASSERT_EQ(primary_key.size(), 1u) << id;
      EXPECT_EQ(std::string_view(primary_key.at(0)), key) << id;
      EXPECT_EQ(std::string_view(required.at(0)), key) << id;
      EXPECT_EQ(std::string_view(entry["schema"]["properties"][key]["type"]), "string") << id;
    }
    simdjson::dom::element incremental;
    if (endpoint["incremental"].get(incremental) == simdjson::SUCCESS && !incremental.is_null()) {
      const std::string_view cursor = incremental["cursor_field"];
      EXPECT_EQ(std::string_view(entry["cursor_field"]), cursor) << id;
      EXPECT_EQ(std::string_view(entry["schema"]["properties"][cursor]["type"]), "integer") << id;
    } else {
      EXPECT_TRUE(entry["cursor_field"].is_null()) << id;
    }
    EXPECT_EQ(std::string_view(entry["schema"]["type"]), "object") << id;
    EXPECT_TRUE(bool(entry["schema"]["additionalProperties"])) << id;
  }
  EXPECT_EQ(schemas.size(), exportable);
}

TEST_F(RecordSchemas, OrdersAndProductsTypeTheFieldsTheyAlwaysCarry) {
  simdjson::dom::element orders = doc_["record_schemas"]["orders"]["schema"]["properties"];
  EXPECT_EQ(std::string_view(orders["line_items"]["type"]), "array");
  EXPECT_EQ(std::string_view(orders["status"]["type"]), "string");
  simdjson::dom::element products = doc_["record_schemas"]["products"]["schema"]["properties"];
  EXPECT_EQ(std::string_view(products["skus"]["type"]), "array");
  EXPECT_EQ(std::string_view(doc_["record_schemas"]["orders"]["cursor_field"]), "update_time");
}

}  // namespace
}  // namespace tts::test
