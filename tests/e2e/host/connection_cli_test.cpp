// connector-host oauth-client and connection commands against the sandbox, as a user runs them.
#include "connection_e2e_fixture.hpp"

#include <sys/stat.h>

#include "store/master_key.hpp"
#include "store/oauth_client_store.hpp"
#include "text_contains.hpp"

namespace connection_e2e {
namespace {

using test_support::contains;

// `out` refuses the manifest `file` as bad (exit 2), naming the file, then `problem`.
void expect_refused(const test_support::CommandOutput& out, const std::filesystem::path& file,
                    const std::string& problem) {
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_TRUE(contains(out.output, file.string() + ": " + problem)) << out.output;
}

TEST_F(ConnectionE2eTest, OAuthClientIsSavedListedShownMaskedAndDeletedOnlyWhenUnused) {
  start_sandbox();
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
  EXPECT_TRUE(contains(host("oauth-client list").output, "e2e-app"));
  const auto shown = host("oauth-client show e2e-app");
  EXPECT_EQ(shown.exit_code, 0);
  EXPECT_TRUE(contains(shown.output, kAppKey));
  EXPECT_TRUE(contains(shown.output, "client_secret:       ********"));
  EXPECT_FALSE(contains(shown.output, kAppSecret));

  ASSERT_EQ(host("connection save " + connection_manifest().string()).exit_code, 0) << all_output_;
  const auto refused = host("oauth-client delete e2e-app");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.output, "e2e-shop")) << refused.output;
  EXPECT_EQ(host("connection delete e2e-shop").exit_code, 0);
  EXPECT_EQ(host("oauth-client delete e2e-app").exit_code, 0);
  EXPECT_FALSE(contains(host("oauth-client list").output, "e2e-app"));
}

TEST_F(ConnectionE2eTest, SavingAClientWithoutItsSecretIsRefusedNamingFileAndField) {
  start_sandbox();
  const auto file = write("no-secret.json", R"({"name": "x", "connector": "tiktok-shop",
    "service_region": "us", "client_id": "k", "service_id": "1"})");
  const auto out = host("oauth-client save " + file.string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_TRUE(contains(out.output, file.string() + ": /client_secret: is required")) << out.output;
}

TEST_F(ConnectionE2eTest, ASecretWrittenAsAValueIsRefusedWithoutEchoingIt) {
  start_sandbox();
  const auto file = write("inline.json", R"({"name": "x", "connector": "tiktok-shop",
    "service_region": "moon", "client_id": "k", "client_secret": "INLINE-SECRET-555",
    "service_id": "1", "colour": "red"})");
  const auto out = host("oauth-client save " + file.string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_TRUE(contains(out.output, file.string() + ": /client_secret: is a secret")) << out.output;
  EXPECT_TRUE(contains(out.output, file.string() + ": /service_region: must be one of"));
  EXPECT_TRUE(contains(out.output, file.string() + ": /colour: unknown field"));
  EXPECT_FALSE(contains(out.output, "INLINE-SECRET-555"));
}

TEST_F(ConnectionE2eTest, MalformedConnectionManifestsGetErrorsNamingFileAndField) {
  start_sandbox();
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0);
  struct Case {
    std::string json;
    std::string expected;  // "FIELD: start of message"
  };
  const std::string base = sandbox_->base_url();
  const std::vector<Case> cases = {
      {connection_json("a", R"(, "colour": 1)"), "/colour: unknown field"},
      {R"({"name": "a", "connector": "tiktok-shop", "oauth_client": "e2e-app",
          "settings": {"app_key": 5}, "secrets": {"app_secret": {"env": ")" +
           std::string(kSecretEnv) + R"("}}})",
       "/settings/app_key: must be of type string"},
      {R"({"name": "a", "connector": "tiktok-shop", "oauth_client": "e2e-app",
          "settings": {"app_key": "k", "shoe_size": "9"}, "secrets": {"app_secret": {"env": ")" +
           std::string(kSecretEnv) + R"("}}})",
       "/settings/shoe_size: unknown setting"},
      {R"({"name": "a", "connector": "tiktok-shop", "oauth_client": "e2e-app",
          "settings": {"app_key": ")" +
           std::string(kAppKey) + R"("}})",
       "/secrets/app_secret: is required"},
      {R"({"name": "a", "connector": "tiktok-shop", "oauth_client": "e2e-app",
          "settings": {"app_key": ")" +
           std::string(kAppKey) + R"("},
          "secrets": {"app_secret": {"env": "E2E_UNSET_VARIABLE_X"}}})",
       "/secrets/app_secret: environment variable E2E_UNSET_VARIABLE_X is not set"},
      // The connector's own validation, mapped back to the manifest's field.
      {R"({"name": "a", "connector": "tiktok-shop", "oauth_client": "e2e-app",
          "settings": {"app_key": "another_key"},
          "secrets": {"app_secret": {"env": ")" +
           std::string(kSecretEnv) + R"("}}})",
       "/settings/app_key: must equal /oauth_client/client_id"},
      {R"({"name": "a", "connector": "tiktok-shop", "oauth_client": "no-such-client",
          "settings": {"app_key": "k"},
          "secrets": {"app_secret": {"env": ")" +
           std::string(kSecretEnv) + R"("}}})",
       "/oauth_client: no OAuth client named no-such-client"},
      {R"({"name": "a", "connector": "no-such-connector", "oauth_client": "e2e-app"})",
       "/connector: "},
      {"[1, 2]", "(document): must be a JSON object"},
      {"{\"name\": ", "(document): is not valid JSON"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto file = write("bad-" + std::to_string(i) + ".json", cases[i].json);
    const auto out = host("connection save " + file.string());
    EXPECT_EQ(out.exit_code, 2) << cases[i].json << "\n" << out.output;
    EXPECT_TRUE(contains(out.output, file.string() + ": " + cases[i].expected))
        << "expected: " << cases[i].expected << "\ngot: " << out.output;
  }
  EXPECT_FALSE(contains(all_output_, kAppSecret));
}

TEST_F(ConnectionE2eTest, SavedConnectionShowsMaskedSecretsAndTestListsTheShops) {
  start_sandbox();
  save_and_authorize();
  const auto shown = host("connection show e2e-shop");
  EXPECT_EQ(shown.exit_code, 0);
  EXPECT_TRUE(contains(shown.output, "secret app_secret:   ********"));
  EXPECT_TRUE(contains(shown.output, "authorization:       authorized"));
  const auto tested = host("connection test e2e-shop");
  EXPECT_EQ(tested.exit_code, 0) << tested.output;
  for (const auto& shop : sandbox_->shops()) {
    EXPECT_EQ(contains(tested.output, shop.id), shop.owned_by_authorizing_seller) << shop.id;
    if (shop.owned_by_authorizing_seller) {
      EXPECT_TRUE(contains(tested.output, shop.cipher));
    }
  }
  EXPECT_TRUE(contains(host("connection list").output, "e2e-shop"));
  EXPECT_FALSE(contains(all_output_, kAppSecret));
}

TEST_F(ConnectionE2eTest, TestingAnUnauthorizedConnectionSaysHowToAuthorize) {
  start_sandbox();
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0);
  ASSERT_EQ(host("connection save " + connection_manifest().string()).exit_code, 0);
  const auto out = host("connection test e2e-shop");
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_TRUE(contains(out.output, "connector-host authorize e2e-shop")) << out.output;
}

TEST_F(ConnectionE2eTest, AnotherMasterKeyIsAClearErrorThatNamesItsSource) {
  start_sandbox();
  save_and_authorize();
  const auto out = host_with_master_key(std::string(64, 'c'), "connection test e2e-shop");
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_TRUE(contains(out.output,
                       "the master key from environment variable CONNECTOR_HOST_MASTER_KEY is not "
                       "the key of state database " +
                           (dir_ / "state" / "state.db").string()))
      << out.output;
  EXPECT_FALSE(contains(out.output, std::string(64, 'c')));
}

TEST_F(ConnectionE2eTest, SavingWithAnotherMasterKeyIsRefusedAndSealsNothing) {
  start_sandbox();
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
  const std::string other_key(64, 'd');
  const auto connection =
      host_with_master_key(other_key, "connection save " + connection_manifest().string());
  const auto client = host_with_master_key(
      other_key, "oauth-client save " + client_manifest("e2e-other-app").string());
  for (const auto& out : {connection, client}) {
    EXPECT_EQ(out.exit_code, 1) << out.output;
    EXPECT_TRUE(
        contains(out.output, "environment variable CONNECTOR_HOST_MASTER_KEY is not the key"))
        << out.output;
  }
  auto db = state_db();
  EXPECT_TRUE(host::store::list_connections(*db).empty());
  EXPECT_EQ(host::store::list_oauth_clients(*db).size(), 1u);
}

TEST_F(ConnectionE2eTest, AMissingKeyFileIsRefusedAndNeverRegenerated) {
  start_sandbox();
  save_and_authorize();
  const auto key_file = dir_ / "state" / "master.key";
  ASSERT_TRUE(std::filesystem::remove(key_file));
  const std::vector<std::string> commands = {"connection test e2e-shop",
                                             "connection save " + connection_manifest().string()};
  for (const std::string& command : commands) {
    const auto out = host(command);
    EXPECT_EQ(out.exit_code, 1) << command << ": " << out.output;
    EXPECT_TRUE(contains(out.output, "holds secrets sealed with a master key, but there is no key"))
        << out.output;
    EXPECT_TRUE(contains(out.output, key_file.string() + " does not exist")) << out.output;
    EXPECT_FALSE(std::filesystem::exists(key_file)) << command << " made a new key";
  }
}

TEST_F(ConnectionE2eTest, TheFirstKeyIsAnnouncedWithWhereItIs) {
  start_sandbox();
  const auto first = host("oauth-client save " + client_manifest().string());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const auto key_file = dir_ / "state" / "master.key";
  EXPECT_TRUE(
      contains(first.output, "created the master key in master key file " + key_file.string()))
      << first.output;
  EXPECT_TRUE(contains(first.output, "without it the stored secrets are lost")) << first.output;
  const auto second = host("connection save " + connection_manifest().string());
  EXPECT_FALSE(contains(second.output, "created the master key")) << second.output;
}

TEST_F(ConnectionE2eTest, TheStateDirectoryAndItsFilesAreOwnerOnly) {
  start_sandbox();
  save_and_authorize();
  ASSERT_EQ(host("connection test e2e-shop").exit_code, 0) << all_output_;
  const auto state = dir_ / "state";
  struct stat info {};
  ASSERT_EQ(::stat(state.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  for (const char* name : {"state.db", "state.db-wal", "state.db-shm", "master.key"}) {
    if (!std::filesystem::exists(state / name)) continue;  // -wal/-shm go at a clean close
    ASSERT_EQ(::stat((state / name).c_str(), &info), 0) << name;
    EXPECT_EQ(info.st_mode & 0777, 0600u) << name;
  }
}

TEST_F(ConnectionE2eTest, ASecretFileOnProcIsRefusedNamingTheManifestAndTheField) {
  start_sandbox();
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0);
  std::string json = connection_json("e2e-shop");
  const std::string env_ref = std::string(R"({"env": ")") + kSecretEnv + R"("})";
  json.replace(json.find(env_ref), env_ref.size(), R"({"file": "/proc/self/environ"})");
  const auto file = write("proc-secret.json", json);
  const auto out = host("connection save " + file.string());
  expect_refused(out, file,
                 "/secrets/app_secret: secret file /proc/self/environ is on /proc or /sys");
  EXPECT_FALSE(contains(out.output, kAppSecret));
}

TEST_F(ConnectionE2eTest, PlainHttpToARemoteHostIsRefusedAtSaveUnlessTheConnectionOptsIn) {
  start_sandbox();
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0);
  std::string json = connection_json("e2e-shop");
  const std::string base = sandbox_->base_url();
  const std::string remote = "http://192.0.2.1:8977";  // TEST-NET-1: nothing is sent there
  json.replace(json.find(base), base.size(), remote);  // the first is api_base_url
  const auto refused_file = write("remote-http.json", json);
  const auto refused = host("connection save " + refused_file.string());
  expect_refused(refused, refused_file,
                 "/settings/api_base_url: is a plain http:// URL to 192.0.2.1, which is not a "
                 "loopback address");
  EXPECT_TRUE(contains(refused.output, "\"allow_plain_http\": true")) << refused.output;

  const auto allowed_file = write("remote-http-allowed.json", json.substr(0, json.size() - 1) +
                                                                  R"(, "allow_plain_http": true})");
  const auto allowed = host("connection save " + allowed_file.string());
  EXPECT_EQ(allowed.exit_code, 0) << allowed.output;
  EXPECT_TRUE(contains(allowed.output,
                       "/settings/api_base_url is plain http:// to "
                       "http://192.0.2.1:8977 (allowed by allow_plain_http)"))
      << allowed.output;
  auto db = state_db();
  const auto record = host::store::find_connection(*db, "e2e-shop");
  ASSERT_TRUE(record.has_value());
  EXPECT_TRUE(record->allow_plain_http);
  EXPECT_TRUE(contains(host("connection show e2e-shop").output, "plain http:          allowed"));
}

TEST_F(ConnectionE2eTest, SecretsAndTokensAppearNeitherInTheDatabaseNorInAnyOutput) {
  options_.access_token_lifetime = 30;  // every use refreshes: more tokens to look for
  start_sandbox();
  save_and_authorize();
  ASSERT_EQ(host("connection test e2e-shop").exit_code, 0) << all_output_;
  host("connection show e2e-shop");
  host("connection list");
  host("--log-format json connection test e2e-shop");

  auto db = state_db();
  host::store::SecretBox box(host::store::load_master_key(dir_ / "state"));
  const auto record = host::store::find_connection(*db, "e2e-shop");
  ASSERT_TRUE(record.has_value());
  const auto tokens = host::store::read_tokens(*db, box, record->id);
  ASSERT_TRUE(tokens.has_value());
  const std::string access(tokens->tokens.access_token.view());
  const std::string refresh(tokens->tokens.refresh_token.view());
  ASSERT_FALSE(access.empty());
  db.reset();
  const std::string bytes = test_support::file_bytes(dir_ / "state" / "state.db") +
                            test_support::file_bytes(dir_ / "state" / "state.db-wal");
  ASSERT_GT(bytes.size(), 0u);
  for (const std::string& secret : {std::string(kAppSecret), access, refresh}) {
    EXPECT_FALSE(contains(bytes, secret)) << "found a secret in the database files";
    EXPECT_FALSE(contains(all_output_, secret)) << "found a secret in the output";
  }
}

}  // namespace
}  // namespace connection_e2e
