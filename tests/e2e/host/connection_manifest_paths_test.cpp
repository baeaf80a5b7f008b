// Connection and OAuth client manifests: paths inside them are relative to the manifest's folder
// (not to where the host runs), a CA the sandbox writes out is what a connection trusts from
// authorize to test, and a key repeated within an object is refused at its JSON pointer.
#include <fstream>

#include "connection_e2e_fixture.hpp"
#include "text_contains.hpp"

namespace connection_e2e {
namespace {

using test_support::contains;

class ConnectionManifestPathsTest : public ConnectionE2eTest {
 protected:
  // An HTTPS sandbox that writes the certificate it serves to ca_path().
  void start_tls_sandbox() {
    options_.tls = true;
    options_.tls_certificate_out = ca_path().string();
    start_sandbox();
  }
  std::filesystem::path ca_path() const { return dir_ / "sandbox-ca.pem"; }

  // connector-host run from `cwd`, with the test's state, plugin and manifest directories.
  test_support::CommandOutput host_in(const std::filesystem::path& cwd, const std::string& args) {
    std::filesystem::create_directories(cwd);
    auto out = test_support::run_command(
        "cd " + cwd.string() + " && " + test_support::connector_host_command(dir_ / "state", args));
    all_output_ += out.output;
    return out;
  }
};

TEST_F(ConnectionManifestPathsTest, ATlsSandboxWritesOutTheCertificateItServes) {
  start_tls_sandbox();
  const std::string written = test_support::file_bytes(ca_path());
  EXPECT_TRUE(written.starts_with("-----BEGIN CERTIFICATE-----")) << written;
  EXPECT_EQ(written, sandbox_->certificate_pem());
}

TEST_F(ConnectionManifestPathsTest, ACaFileGivenToAuthorizeIsKeptForTheConnectionsLaterCalls) {
  start_tls_sandbox();
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
  ASSERT_EQ(host("connection save " + connection_manifest().string()).exit_code, 0) << all_output_;
  // Without the CA the sandbox's certificate is not trusted.
  const auto untrusted = host("authorize e2e-shop --browser builtin --timeout 30");
  EXPECT_EQ(untrusted.exit_code, 1) << untrusted.output;

  // A relative --ca-file is resolved against the directory authorize runs in.
  const auto out = host_in(dir_, "authorize e2e-shop --browser builtin --timeout 30 --ca-file " +
                                     ca_path().filename().string());
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto tested = host("connection test e2e-shop");
  EXPECT_EQ(tested.exit_code, 0) << tested.output;
  EXPECT_TRUE(contains(tested.output, "works")) << tested.output;
  EXPECT_TRUE(contains(host("connection show e2e-shop").output,
                       "ca file:             " + ca_path().string()));
}

TEST_F(ConnectionManifestPathsTest, AMissingCaFileForAuthorizeIsAUsageErrorNamingTheFlag) {
  start_tls_sandbox();
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
  ASSERT_EQ(host("connection save " + connection_manifest().string()).exit_code, 0) << all_output_;
  const auto out =
      host("authorize e2e-shop --browser builtin --ca-file " + (dir_ / "no-such.pem").string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_TRUE(
      contains(out.output, "--ca-file " + (dir_ / "no-such.pem").string() + ": no such file"))
      << out.output;
}

TEST_F(ConnectionManifestPathsTest, SecretFilesAndCaFileAreRelativeToTheManifestsFolder) {
  start_tls_sandbox();
  const auto manifests = dir_ / "manifests";
  std::filesystem::create_directories(manifests / "secrets");
  std::ofstream(manifests / "secrets" / "app-secret") << kAppSecret << "\n";
  ::unsetenv(kSecretEnv);  // only the files can provide it now
  std::ofstream(manifests / "client.json") << R"({"name": "e2e-app", "connector": "tiktok-shop",
    "service_region": "non_us", "client_id": ")"
                                           << kAppKey << R"(",
    "client_secret": {"file": "secrets/app-secret"}, "service_id": ")"
                                           << kServiceId << R"("})";
  std::string connection = connection_json("e2e-shop", R"(, "ca_file": "../sandbox-ca.pem")");
  const std::string env_reference = std::string(R"({"env": ")") + kSecretEnv + R"("})";
  connection.replace(connection.find(env_reference), env_reference.size(),
                     R"({"file": "secrets/app-secret"})");
  std::ofstream(manifests / "connection.json") << connection;

  // The host runs elsewhere and is given the manifests by relative paths.
  const auto elsewhere = dir_ / "elsewhere";
  ASSERT_EQ(host_in(elsewhere, "oauth-client save ../manifests/client.json").exit_code, 0)
      << all_output_;
  ASSERT_EQ(host_in(elsewhere, "connection save ../manifests/connection.json").exit_code, 0)
      << all_output_;
  EXPECT_TRUE(contains(host("connection show e2e-shop").output,
                       "ca file:             " + ca_path().string() + "\n"))
      << all_output_;
  const auto authorized = host("authorize e2e-shop --browser builtin --timeout 30");
  ASSERT_EQ(authorized.exit_code, 0) << authorized.output;
  EXPECT_EQ(host("connection test e2e-shop").exit_code, 0) << all_output_;
}

TEST_F(ConnectionManifestPathsTest, ARepeatedKeyIsRefusedAtItsJsonPointer) {
  start_sandbox();
  const auto client = write("dup-client.json", R"({"name": "e2e-app", "connector": "tiktok-shop",
    "service_region": "non_us", "client_id": "a", "client_id": "b",
    "client_secret": {"env": "X"}, "service_id": "1"})");
  const auto refused_client = host("oauth-client save " + client.string());
  EXPECT_EQ(refused_client.exit_code, 2);
  EXPECT_TRUE(contains(refused_client.output, client.string() + ": /client_id: repeats a key"))
      << refused_client.output;

  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
  std::string text = connection_json("e2e-shop");
  const std::string settings = R"("settings": {)";
  text.insert(text.find(settings) + settings.size(), R"("app_key": "other", )");
  text.insert(1, R"("name": "first", )");
  const auto connection = write("dup-connection.json", text);
  const auto refused = host("connection save " + connection.string());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(contains(refused.output, connection.string() + ": /name: repeats a key"))
      << refused.output;
  EXPECT_TRUE(contains(refused.output, connection.string() + ": /settings/app_key: repeats a key"))
      << refused.output;
  EXPECT_FALSE(host::store::find_connection(*state_db(), "e2e-shop").has_value());
  EXPECT_FALSE(host::store::find_connection(*state_db(), "first").has_value());
}

}  // namespace
}  // namespace connection_e2e
