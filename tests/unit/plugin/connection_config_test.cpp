// Connection config validation through connection_open: every problem named by JSON pointer,
// no secret value ever echoed.
#include <simdjson.h>

#include <set>

#include "plugin_api_fixture.hpp"

namespace tts::test {
namespace {

constexpr std::string_view kSecretA = "SECRET-AAAA-123";
constexpr std::string_view kSecretB = "SECRET-BBBB-456";

struct OpenOutcome {
  cnx_status status = CNX_STATUS_INTERNAL;
  std::string message;
  std::string details;
  std::set<std::string> fields;
};

OpenOutcome try_open(const std::string& json) {
  OpenOutcome outcome;
  cnx_connection* connection = nullptr;
  cnx_error* error = nullptr;
  outcome.status = api().connection_open(nullptr, s(json), &connection, &error);
  api().connection_close(connection);
  if (error != nullptr) {
    outcome.message = v(error->message);
    outcome.details = v(error->details_json);
    simdjson::dom::parser parser;
    simdjson::dom::array problems;
    if (!outcome.details.empty() &&
        parser.parse(outcome.details).get_array().get(problems) == simdjson::SUCCESS) {
      for (auto problem : problems) {
        std::string_view field;
        if (problem["field"].get_string().get(field) == simdjson::SUCCESS) {
          outcome.fields.emplace(field);
        }
      }
    }
  }
  api().free_error(error);
  return outcome;
}

TEST(ConnectionConfig, ValidConfigOpens) {
  EXPECT_EQ(try_open(config_json("key", kSecretA)).status, CNX_STATUS_OK);
}

TEST(ConnectionConfig, EmptyObjectNamesEveryRequiredField) {
  const OpenOutcome outcome = try_open("{}");
  EXPECT_EQ(outcome.status, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(outcome.fields,
            (std::set<std::string>{"/name", "/oauth_client", "/app_key", "/app_secret"}));
}

TEST(ConnectionConfig, MissingOauthClientFieldsAreEachNamed) {
  const OpenOutcome outcome =
      try_open(R"({"name":"n","oauth_client":{},"app_key":"k","app_secret":"s"})");
  EXPECT_EQ(outcome.fields,
            (std::set<std::string>{"/oauth_client/service_region", "/oauth_client/client_id",
                                   "/oauth_client/client_secret", "/oauth_client/service_id"}));
}

TEST(ConnectionConfig, WrongTypesEmptyValuesAndBadEnumAreNamed) {
  const OpenOutcome outcome =
      try_open(R"({"name":"  ","oauth_client":{"service_region":"eu","client_id":7,)"
               R"("client_secret":"s","service_id":""},"app_key":["k"],"app_secret":"s"})");
  EXPECT_EQ(outcome.status, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(outcome.fields, (std::set<std::string>{"/name", "/oauth_client/service_region",
                                                   "/oauth_client/client_id",
                                                   "/oauth_client/service_id", "/app_key"}));
}

TEST(ConnectionConfig, BadUrlsAndEndpointVersionsAreNamed) {
  const OpenOutcome outcome = try_open(config_json(
      "k", "s",
      R"("api_base_url":"open-api.tiktokglobalshop.com","auth_base_url":"https://a.b/path",)"
      R"("authorize_url":"https://x.y/a#frag",)"
      R"("endpoint_versions":{"orders.search":"2023-09","no.such":"202309","products.get":"202313"})"));
  EXPECT_EQ(outcome.fields,
            (std::set<std::string>{"/api_base_url", "/auth_base_url", "/authorize_url",
                                   "/endpoint_versions/orders.search", "/endpoint_versions/no.such",
                                   "/endpoint_versions/products.get"}));
}

// TikTok's gateway is HTTPS-only since 2026-06-17; only a connection that says it targets a local
// sandbox may use plain http.
TEST(ConnectionConfig, PlainHttpOriginsNeedTheSandboxFlag) {
  const std::string origins =
      R"("api_base_url":"http://127.0.0.1:8977","auth_base_url":"http://127.0.0.1:8977")";
  const OpenOutcome refused = try_open(config_json("k", "s", origins));
  EXPECT_EQ(refused.status, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(refused.fields, (std::set<std::string>{"/api_base_url", "/auth_base_url"}));
  EXPECT_NE(refused.details.find("HTTPS-only"), std::string::npos) << refused.details;
  EXPECT_EQ(try_open(config_json("k", "s", origins + R"(,"sandbox":true)")).status, CNX_STATUS_OK);
  EXPECT_EQ(try_open(config_json("k", "s", R"("api_base_url":"https://gw.example:8443")")).status,
            CNX_STATUS_OK);
  EXPECT_EQ(try_open(config_json("k", "s", R"("sandbox":"yes")")).fields,
            (std::set<std::string>{"/sandbox"}));
}

TEST(ConnectionConfig, UnknownKeysAreRejectedAtBothLevels) {
  std::string json = config_json("k", "s", R"("app_secrett":"x")");
  json.replace(json.find("\"service_id\""), 0, R"("region":"us",)");
  const OpenOutcome outcome = try_open(json);
  EXPECT_EQ(outcome.fields, (std::set<std::string>{"/app_secrett", "/oauth_client/region"}));
}

TEST(ConnectionConfig, AppKeyMustEqualClientId) {
  std::string json = config_json("key-1", kSecretA);
  json.replace(json.find("\"app_key\":\"key-1\""), 17, "\"app_key\":\"key-2\"");
  const OpenOutcome outcome = try_open(json);
  EXPECT_EQ(outcome.fields, (std::set<std::string>{"/app_key"}));
  EXPECT_NE(outcome.message.find("/oauth_client/client_id"), std::string::npos);
}

TEST(ConnectionConfig, SecretMismatchIsExplainedWithoutQuotingEitherSecret) {
  std::string json = config_json("key", kSecretA);
  const size_t at = json.rfind(kSecretA);
  json.replace(at, kSecretA.size(), kSecretB);
  const OpenOutcome outcome = try_open(json);
  EXPECT_EQ(outcome.fields, (std::set<std::string>{"/app_secret"}));
  EXPECT_NE(outcome.message.find("client_secret"), std::string::npos);
  for (std::string_view secret : {kSecretA, kSecretB}) {
    EXPECT_EQ(outcome.message.find(secret), std::string::npos);
    EXPECT_EQ(outcome.details.find(secret), std::string::npos);
  }
}

TEST(ConnectionConfig, NoMessageEverContainsASecretValue) {
  const std::string secret(kSecretA);
  const std::vector<std::string> configs = {
      R"({"app_secret":")" + secret + R"("})",
      R"({"app_secret":")" + secret + R"(","oauth_client":{"client_secret":")" + secret +
          R"(","bogus":")" + secret + R"("}})",
      R"({"name":"n","app_secret":{"v":")" + secret + R"("}})",
      config_json("k", secret, R"("api_base_url":")" + secret + "\""),
  };
  for (const std::string& json : configs) {
    const OpenOutcome outcome = try_open(json);
    EXPECT_EQ(outcome.status, CNX_STATUS_INVALID_INPUT) << json;
    EXPECT_EQ(outcome.message.find(secret), std::string::npos) << outcome.message;
    EXPECT_EQ(outcome.details.find(secret), std::string::npos) << outcome.details;
  }
}

TEST(ConnectionConfig, NotJsonAndNotAnObjectAreDocumentLevelProblems) {
  EXPECT_EQ(try_open("{\"name\":").fields, (std::set<std::string>{""}));
  EXPECT_EQ(try_open("[1,2]").fields, (std::set<std::string>{""}));
  EXPECT_EQ(try_open("").status, CNX_STATUS_INVALID_INPUT);
}

}  // namespace
}  // namespace tts::test
