// `connector-host sign` as a user runs it: a subprocess with temporary manifests, no network.
// Signatures are checked against TikTok's published example and against HMACs computed here with
// OpenSSL from the documented rule, never against the connector's own code.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "connector_host_command.hpp"
#include "file_contents.hpp"
#include "reference_hmac.hpp"
#include "run_command.hpp"
#include "test_directory.hpp"
#include "text_contains.hpp"

namespace {

// TikTok's own worked example (sign-your-api-request): app key, secret, timestamp and signature.
constexpr const char* kAppKey = "29a39d";
constexpr const char* kAppSecret = "e59af819cc";
constexpr const char* kTimestamp = "1623812664";
constexpr const char* kPublishedSign =
    "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8";
constexpr const char* kSecretEnv = "SIGN_E2E_APP_SECRET";
constexpr const char* kTokenEnv = "SIGN_E2E_ACCESS_TOKEN";
constexpr const char* kAccessToken = "ROW_sign-e2e-access-token-5f3c1";
constexpr const char* kShopsUrl =
    "https://open-api.tiktokglobalshop.com/authorization/202309/shops";

using test_support::contains;

// Lowercase hex HMAC-SHA256(key = secret, message = secret + text + secret): TikTok's rule.
std::string expected_sign(const std::string& text) {
  return test_support::hmac_sha256_hex(kAppSecret, std::string(kAppSecret) + text + kAppSecret);
}

// The printed request, read back as JSON.
struct PrintedRequest {
  std::string method;
  std::string url;
  std::map<std::string, std::string> headers;
  bool body_is_null = false;
  std::string body;
  std::string body_base64;  // empty when absent
};

::testing::AssertionResult parse_printed(const std::string& text, PrintedRequest& out) {
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(text).get_object().get(root) != simdjson::SUCCESS) {
    return ::testing::AssertionFailure() << "not one JSON object: " << text;
  }
  std::string_view s;
  if (root["method"].get_string().get(s) != simdjson::SUCCESS) {
    return ::testing::AssertionFailure() << "no method";
  }
  out.method = s;
  if (root["url"].get_string().get(s) != simdjson::SUCCESS) {
    return ::testing::AssertionFailure() << "no url";
  }
  out.url = s;
  simdjson::dom::object headers;
  if (root["headers"].get_object().get(headers) != simdjson::SUCCESS) {
    return ::testing::AssertionFailure() << "no headers object";
  }
  for (auto [key, value] : headers) {
    if (value.get_string().get(s) != simdjson::SUCCESS) {
      return ::testing::AssertionFailure() << "header " << key << " is not a string";
    }
    out.headers[std::string(key)] = s;
  }
  simdjson::dom::element body;
  if (root["body"].get(body) != simdjson::SUCCESS) {
    return ::testing::AssertionFailure() << "no body member";
  }
  out.body_is_null = body.is_null();
  if (!out.body_is_null && body.get_string().get(s) == simdjson::SUCCESS) out.body = s;
  if (root["body_base64"].get_string().get(s) == simdjson::SUCCESS) out.body_base64 = s;
  return ::testing::AssertionSuccess();
}

class SignCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("CONNECTOR_HOST_MASTER_KEY");
    ::setenv(kSecretEnv, kAppSecret, 1);
    ::setenv(kTokenEnv, kAccessToken, 1);
  }

  void TearDown() override {
    // Whatever a test did, neither secret was ever printed, on stdout or stderr.
    EXPECT_FALSE(contains(all_output_, kAppSecret)) << all_output_;
    EXPECT_FALSE(contains(all_output_, kAccessToken)) << all_output_;
  }

  std::filesystem::path write(const std::string& name, const std::string& bytes) {
    return test_support::write_file(dir_ / name, bytes);
  }

  std::filesystem::path client_manifest(const std::string& secret_json = "") {
    return write("client.json", R"({"name": "sign-app", "connector": "tiktok-shop",
      "service_region": "non_us", "client_id": ")" +
                                    std::string(kAppKey) +
                                    R"(", "service_id": "7000000000000000042",
      "client_secret": )" + (secret_json.empty() ? env_reference() : secret_json) +
                                    "}");
  }

  std::filesystem::path connection_manifest(const std::string& secret_json = "") {
    return write("connection.json", R"({"name": "sign-shop", "connector": "tiktok-shop",
      "oauth_client": "sign-app", "settings": {"app_key": ")" +
                                        std::string(kAppKey) + R"("},
      "secrets": {"app_secret": )" + (secret_json.empty() ? env_reference() : secret_json) +
                                        "}}");
  }

  static std::string env_reference() { return R"({"env": ")" + std::string(kSecretEnv) + "\"}"; }

  test_support::CommandOutput host(const std::string& args) {
    auto out =
        test_support::run_command(test_support::connector_host_command(dir_ / "state", args));
    all_output_ += out.output;
    return out;
  }

  // `sign` with both manifests given as files.
  test_support::CommandOutput sign(const std::string& args) {
    return host("sign --connection " + connection_manifest().string() + " --oauth-client " +
                client_manifest().string() + " " + args);
  }

  test_support::TestDirectory scratch_{"sign_e2e"};
  const std::filesystem::path dir_ = scratch_.path();  // removed with scratch_
  std::string all_output_;
};

TEST_F(SignCliTest, TikToksPublishedExampleGetsItsPublishedSignatureAndJsonContentType) {
  const auto out =
      sign(std::string("--method GET --url ") + kShopsUrl + " --timestamp " + kTimestamp);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  PrintedRequest printed;
  ASSERT_TRUE(parse_printed(out.output, printed));
  EXPECT_EQ(printed.method, "GET");
  EXPECT_TRUE(printed.url.starts_with(std::string(kShopsUrl) + "?")) << printed.url;
  EXPECT_TRUE(contains(printed.url, std::string("sign=") + kPublishedSign)) << printed.url;
  EXPECT_TRUE(contains(printed.url, std::string("app_key=") + kAppKey)) << printed.url;
  EXPECT_TRUE(contains(printed.url, std::string("timestamp=") + kTimestamp)) << printed.url;
  EXPECT_EQ(printed.headers["content-type"], "application/json");
  EXPECT_TRUE(printed.body_is_null);
  EXPECT_TRUE(printed.body_base64.empty());
}

TEST_F(SignCliTest, PostBodyIsSignedAsItsExactBytesWithShopAndQueryParameters) {
  // Spacing and a trailing newline that a re-serializer would lose.
  const std::string body = "{\"page_size\": 10,  \"order_status\":\"UNPAID\"}\n";
  const auto body_file = write("body.json", body);
  const std::string path = "/order/202309/orders/search";
  const auto out = sign("--method POST --url https://open-api.tiktokglobalshop.com" + path +
                        " --body-file " + body_file.string() + " --timestamp " + kTimestamp +
                        " --shop ROW_cipher42 --query 'page_token=a+b/c=' --query sort_order=ASC");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  PrintedRequest printed;
  ASSERT_TRUE(parse_printed(out.output, printed));
  EXPECT_EQ(printed.method, "POST");
  EXPECT_EQ(printed.body, body);
  EXPECT_FALSE(printed.body_is_null);
  // Sorted keys, decoded values, then the body bytes.
  const std::string sign =
      expected_sign(path + "app_key" + kAppKey + "page_tokena+b/c=" + "shop_cipherROW_cipher42" +
                    "sort_orderASC" + "timestamp" + kTimestamp + body);
  EXPECT_TRUE(contains(printed.url, "sign=" + sign)) << printed.url << "\nexpected " << sign;
  EXPECT_TRUE(contains(printed.url, "shop_cipher=ROW_cipher42")) << printed.url;
  EXPECT_FALSE(contains(printed.url, "a+b/c=")) << "the page token must be percent-encoded";
  EXPECT_EQ(printed.headers["content-type"], "application/json");
}

TEST_F(SignCliTest, AccessTokenIsPlacedInItsHeaderAndPrintedMasked) {
  const auto out = sign(std::string("--method GET --url ") + kShopsUrl + " --timestamp " +
                        kTimestamp + " --access-token-env " + kTokenEnv);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  PrintedRequest printed;
  ASSERT_TRUE(parse_printed(out.output, printed));
  EXPECT_EQ(printed.headers["x-tts-access-token"], "********");
  // The token is never signed, so the published signature still holds.
  EXPECT_TRUE(contains(printed.url, std::string("sign=") + kPublishedSign)) << printed.url;
}

TEST_F(SignCliTest, BodyThatIsNotUtf8IsPrintedAsBase64) {
  const auto body_file = write("body.bin", std::string("\xff\xfe{}", 4));
  const auto out =
      sign("--method POST --url /product/202309/images/upload --body-file " + body_file.string() +
           " --content-type 'multipart/form-data; boundary=xyz' --timestamp " + kTimestamp);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  PrintedRequest printed;
  ASSERT_TRUE(parse_printed(out.output, printed));
  EXPECT_TRUE(printed.body_is_null);
  EXPECT_EQ(printed.body_base64, "//57fQ==");
  EXPECT_EQ(printed.headers["content-type"], "multipart/form-data; boundary=xyz");
  // A relative URL goes to the connection's API host; a multipart body is not signed.
  EXPECT_TRUE(printed.url.starts_with(
      "https://open-api.tiktokglobalshop.com/product/202309/images/upload?"))
      << printed.url;
  const std::string sign = expected_sign(std::string("/product/202309/images/upload") + "app_key" +
                                         kAppKey + "timestamp" + kTimestamp);
  EXPECT_TRUE(contains(printed.url, "sign=" + sign)) << printed.url;
}

TEST_F(SignCliTest, OAuthClientIsTakenFromTheStateStoreWhenNoFileIsGiven) {
  const auto missing = host("sign --connection " + connection_manifest().string() +
                            " --method GET --url " + kShopsUrl + " --timestamp " + kTimestamp);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_TRUE(contains(missing.output, connection_manifest().string() +
                                           ": /oauth_client: no OAuth client named sign-app"))
      << missing.output;

  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
  const auto out = host("sign --connection " + connection_manifest().string() +
                        " --method GET --url " + kShopsUrl + " --timestamp " + kTimestamp);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(contains(out.output, std::string("sign=") + kPublishedSign)) << out.output;
}

TEST_F(SignCliTest, BadUsageExitsTwoWithAClearMessage) {
  struct Case {
    std::string args;
    std::string message;
  };
  const std::string connection = "--connection " + connection_manifest().string() + " ";
  const std::vector<Case> cases = {
      {"", "--connection, --method and --url are required"},
      {connection + "--method GET", "--connection, --method and --url are required"},
      {connection + "--method GET --url /x --timestamp soon", "--timestamp takes Unix seconds"},
      {connection + "--method GET --url /x --query novalue", "--query takes KEY=VALUE"},
      {connection + "--method GET --url /x --colour red", "unknown option '--colour'"},
      {connection + "--method GET --url", "--url needs a value"},
      {connection + "--method GET --url /x --body-file " + (dir_ / "absent.json").string(),
       "--body-file " + (dir_ / "absent.json").string() + ": cannot read it"},
      {connection + "--method GET --url /x --access-token-env SIGN_E2E_UNSET_VARIABLE",
       "SIGN_E2E_UNSET_VARIABLE"},
  };
  for (const auto& c : cases) {
    const auto out = host("sign " + c.args);
    EXPECT_EQ(out.exit_code, 2) << c.args << "\n" << out.output;
    EXPECT_TRUE(contains(out.output, "connector-host sign: ")) << out.output;
    EXPECT_TRUE(contains(out.output, c.message))
        << "expected: " << c.message << "\ngot " << out.output;
  }
}

TEST_F(SignCliTest, SecretWrittenInlineInAManifestExitsTwoNamingFileAndField) {
  const auto connection = connection_manifest(std::string("\"") + kAppSecret + "\"");
  const auto out = host("sign --connection " + connection.string() + " --oauth-client " +
                        client_manifest().string() + " --method GET --url " + kShopsUrl);
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_TRUE(contains(out.output, connection.string() + ": /secrets/app_secret: is a secret"))
      << out.output;

  const auto valid_connection = connection_manifest();
  const auto client = client_manifest(std::string("\"") + kAppSecret + "\"");
  const auto client_out =
      host("sign --connection " + valid_connection.string() + " --oauth-client " + client.string() +
           " --method GET --url " + kShopsUrl);
  EXPECT_EQ(client_out.exit_code, 2) << client_out.output;
  EXPECT_TRUE(contains(client_out.output, client.string() + ": /client_secret: is a secret"))
      << client_out.output;
}

TEST_F(SignCliTest, ConnectionWhoseAppKeyDiffersFromItsClientExitsTwoNamingTheField) {
  const auto connection = write("mismatch.json", R"({"name": "sign-shop",
    "connector": "tiktok-shop", "oauth_client": "sign-app", "settings": {"app_key": "other"},
    "secrets": {"app_secret": )" + env_reference() + "}}");
  const auto out = host("sign --connection " + connection.string() + " --oauth-client " +
                        client_manifest().string() + " --method GET --url " + kShopsUrl);
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_TRUE(contains(out.output, connection.string() + ": /settings/app_key")) << out.output;
}

TEST_F(SignCliTest, RequestTheConnectorRefusesExitsOneWithItsMessage) {
  const auto bad_method = sign(std::string("--method FETCH --url ") + kShopsUrl);
  EXPECT_EQ(bad_method.exit_code, 1) << bad_method.output;
  EXPECT_TRUE(contains(bad_method.output,
                       "connector-host sign: the connector refused the request: "
                       "INVALID_INPUT"))
      << bad_method.output;
  EXPECT_TRUE(contains(bad_method.output, "GET, POST, PUT, DELETE or PATCH")) << bad_method.output;

  const auto twice =
      sign(std::string("--method GET --url ") + kShopsUrl + "?app_key=x --timestamp " + kTimestamp);
  EXPECT_EQ(twice.exit_code, 1) << twice.output;
  EXPECT_TRUE(contains(twice.output, "app_key")) << twice.output;
}

}  // namespace
