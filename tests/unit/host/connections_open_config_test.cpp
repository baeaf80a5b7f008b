// The config a connector opens with: assembled generically from the stored parts, and the
// connector's field errors mapped back to the manifest fields they came from.
#include <gtest/gtest.h>

#include <cstring>

#include "connections_test_files.hpp"
#include "engine/connections/connection_open_config.hpp"

namespace host::engine {
namespace {

using test::problem_at;

std::vector<store::NamedSecret> secrets(
    std::initializer_list<std::pair<const char*, const char*>> items) {
  std::vector<store::NamedSecret> out;
  for (const auto& [field, value] : items) out.push_back({field, store::SecretString(value)});
  return out;
}

TEST(ConnectionsOpenConfig, NameClientSettingsAndSecretsLandWhereTheConnectorReadsThem) {
  const auto client_secrets = secrets({{"app_secret", "s\"1"}});
  const auto connection_secrets = secrets({{"api_key", "k2"}});
  ConfigParts parts;
  parts.connection_name = "shop-1";
  parts.client_fields_json = R"({"app_key": "a1"})";
  parts.client_secrets = &client_secrets;
  parts.settings_json = R"({"region": "eu", "limits": {"page": 5}})";
  parts.secrets = &connection_secrets;
  const store::SecretString config = build_connector_config(parts);
  EXPECT_EQ(config.view(),
            R"({"name":"shop-1","oauth_client":{"app_key":"a1","app_secret":"s\"1"},)"
            R"("region":"eu","limits":{"page":5},"api_key":"k2"})");
}

TEST(ConnectionsOpenConfig, MissingPartsLeaveAnObjectWithTheNameAndAnEmptyClient) {
  ConfigParts parts;
  parts.connection_name = "c";
  parts.client_fields_json = "not json";
  parts.settings_json = "{}";
  EXPECT_EQ(build_connector_config(parts).view(), R"({"name":"c","oauth_client":{}})");
}

// A Status as connection_open returns it: INVALID_INPUT with the connector's details.
cnx::Status invalid_config(const std::string& details) {
  static cnx_connector_api api{};
  api.free_error = [](cnx_error*) {};
  static const char kMessage[] = "The connection config is invalid.";
  cnx_error error{};
  error.struct_size = sizeof error;
  error.status = CNX_STATUS_INVALID_INPUT;
  error.message = {kMessage, std::strlen(kMessage)};
  error.details_json = {details.data(), details.size()};
  return cnx::Status::from_call(api, CNX_STATUS_INVALID_INPUT, &error);
}

TEST(ConnectionsOpenConfig, ConnectorFieldErrorsPointIntoTheManifest) {
  const auto problems = config_problems_for_manifest(
      invalid_config(R"([{"field": "/region", "message": "is not a region"},
                         {"field": "/api_key", "message": "is too short"},
                         {"field": "/base~1url/host", "message": "has no host"},
                         {"field": "/oauth_client/app_key", "message": "is required"},
                         {"field": "/name", "message": "is too long"},
                         {"field": "", "message": "is not an object"},
                         {"field": "/key~1id", "message": "is malformed"}])"),
      test::acme_schema(), "my-app");
  ASSERT_EQ(problems.size(), 7u);
  EXPECT_EQ(problems[0].field, "/settings/region");
  EXPECT_EQ(problems[0].message, "is not a region");
  EXPECT_EQ(problems[1].field, "/secrets/api_key") << "api_key is secret in the schema";
  EXPECT_EQ(problems[2].field, "/settings/base~1url/host");
  EXPECT_EQ(problems[3].field, "/oauth_client");
  EXPECT_EQ(problems[3].message, "is required (in OAuth client my-app: /app_key)");
  EXPECT_EQ(problems[4].field, "/name");
  EXPECT_EQ(problems[5].field, "");
  // The field is found by its unescaped name, so an escaped secret is still a secret.
  EXPECT_EQ(problems[6].field, "/secrets/key~1id");
}

TEST(ConnectionsOpenConfig, WithoutDetailsTheConnectorsSentenceIsTheProblem) {
  const auto problems = config_problems_for_manifest(invalid_config(""), test::acme_schema(), "a");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "");
  EXPECT_NE(problems[0].message.find("the connector refused the configuration: "),
            std::string::npos);
  EXPECT_NE(problems[0].message.find("The connection config is invalid."), std::string::npos);
}

TEST(ConnectionsOpenConfig, AnEntryWithoutAMessageStillNamesItsField) {
  const auto problems = config_problems_for_manifest(invalid_config(R"([{"field": "/region"}])"),
                                                     test::acme_schema(), "a");
  const ManifestProblem* p = problem_at(problems, "/settings/region");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->message, "is invalid");
}

}  // namespace
}  // namespace host::engine
