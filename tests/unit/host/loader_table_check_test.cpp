// check_api_table: each rule a table can break, in the order they are checked, with the message.
#include <gtest/gtest.h>

#include <cstddef>

#include "loader/api_table_check.hpp"

namespace host::loader {
namespace {

cnx_status describe(cnx_buffer**, cnx_error**) { return CNX_STATUS_UNSUPPORTED; }
cnx_status open(const cnx_host_services*, cnx_str, cnx_connection**, cnx_error**) {
  return CNX_STATUS_UNSUPPORTED;
}
void close(cnx_connection*) {}
void free_error(cnx_error*) {}
void free_buffer(cnx_buffer*) {}
cnx_status sign(const cnx_connection*, const cnx_request*, cnx_http_request**, cnx_error**) {
  return CNX_STATUS_UNSUPPORTED;
}
void free_http_request(cnx_http_request*) {}

cnx_connector_api minimal_table() {
  cnx_connector_api t{};
  t.struct_size = sizeof t;
  t.abi_major = CNX_ABI_MAJOR;
  t.abi_minor = CNX_ABI_MINOR;
  t.connector_id = "acme";
  t.connector_version = "0.1.0";
  t.describe = &describe;
  t.connection_open = &open;
  t.connection_close = &close;
  t.free_error = &free_error;
  t.free_buffer = &free_buffer;
  return t;
}

TEST(ApiTableCheck, MinimalTableWithOptionalFunctionsUnsetIsUsable) {
  EXPECT_EQ(check_api_table(minimal_table(), "acme"), std::nullopt);
}

TEST(ApiTableCheck, LargerTableFromANewerMinorIsUsable) {
  auto t = minimal_table();
  t.struct_size = sizeof t + 64;
  t.abi_minor = CNX_ABI_MINOR + 3;
  EXPECT_EQ(check_api_table(t, "acme"), std::nullopt);
}

TEST(ApiTableCheck, TableTooSmallForItsVersion) {
  auto t = minimal_table();
  t.struct_size = offsetof(cnx_connector_api, abi_major);
  EXPECT_EQ(check_api_table(t, "acme"), "connector acme: function table struct_size " +
                                            std::to_string(t.struct_size) +
                                            " is too small to hold even its ABI version");
}

TEST(ApiTableCheck, OtherMajorIsRefusedBeforeSizeIsJudged) {
  auto t = minimal_table();
  t.abi_major = 3;
  t.struct_size = offsetof(cnx_connector_api, describe);
  EXPECT_EQ(check_api_table(t, "acme"), "connector acme speaks ABI major 3; this host speaks 1");
}

TEST(ApiTableCheck, TableShorterThanAbi1) {
  auto t = minimal_table();
  t.struct_size = offsetof(cnx_connector_api, free_webhook_event);
  EXPECT_EQ(check_api_table(t, "acme"),
            "connector acme: function table struct_size " + std::to_string(t.struct_size) +
                " is smaller than the " + std::to_string(sizeof(cnx_connector_api)) +
                " bytes of an ABI 1.0 table");
}

TEST(ApiTableCheck, MissingIdentity) {
  auto t = minimal_table();
  t.connector_id = nullptr;
  EXPECT_EQ(check_api_table(t, "acme"), "connector acme: function table has no connector_id");
  t = minimal_table();
  t.connector_version = nullptr;
  EXPECT_EQ(check_api_table(t, "acme"), "connector acme: function table has no connector_version");
}

TEST(ApiTableCheck, EachRequiredFunctionIsNamed) {
  const std::pair<const char*, void (*)(cnx_connector_api&)> cases[] = {
      {"describe", [](cnx_connector_api& t) { t.describe = nullptr; }},
      {"connection_open", [](cnx_connector_api& t) { t.connection_open = nullptr; }},
      {"connection_close", [](cnx_connector_api& t) { t.connection_close = nullptr; }},
      {"free_error", [](cnx_connector_api& t) { t.free_error = nullptr; }},
      {"free_buffer", [](cnx_connector_api& t) { t.free_buffer = nullptr; }},
  };
  for (const auto& [name, remove] : cases) {
    auto t = minimal_table();
    remove(t);
    EXPECT_EQ(check_api_table(t, "acme"),
              std::string("connector acme: function table lacks the required function ") + name);
  }
}

TEST(ApiTableCheck, OptionalFunctionNeedsItsReleaseFunction) {
  auto t = minimal_table();
  t.sign_request = &sign;
  EXPECT_EQ(check_api_table(t, "acme"),
            "connector acme: function table has sign_request but lacks free_http_request to "
            "release its output");
  t.free_http_request = &free_http_request;
  EXPECT_EQ(check_api_table(t, "acme"), std::nullopt);
}

TEST(ApiTableCheck, LibraryOfAnotherConnectorIsRefused) {
  EXPECT_EQ(check_api_table(minimal_table(), "other"),
            "connector other: the library identifies itself as connector 'acme'");
}

}  // namespace
}  // namespace host::loader
