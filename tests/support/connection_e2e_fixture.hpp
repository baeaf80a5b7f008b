// connection_e2e_fixture.hpp: an in-process sandbox (the local TikTok Shop), a fresh state
// directory, manifests that point at both, and the connector-host binary run as a subprocess.
// Every output the host prints is kept so that a test can search it for secrets.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <sandbox/server.hpp>

#include "connector_host_command.hpp"
#include "file_contents.hpp"
#include "free_port.hpp"
#include "run_command.hpp"
#include "store/connection_store.hpp"
#include "store/token_store.hpp"
#include "test_directory.hpp"

namespace connection_e2e {

// Distinctive values, so that a byte search for them means something.
inline constexpr const char* kAppKey = "e2e_app_key_4711";
inline constexpr const char* kAppSecret = "E2E-APP-SECRET-9c1f7a3b5d";
inline constexpr const char* kServiceId = "7000000000000004711";
inline constexpr const char* kSecretEnv = "E2E_TIKTOK_APP_SECRET";

class ConnectionE2eTest : public ::testing::Test {
 protected:
  // Tests adjust sandbox options before calling start_sandbox().
  void SetUp() override {
    ::unsetenv("CONNECTOR_HOST_MASTER_KEY");
    ::setenv(kSecretEnv, kAppSecret, 1);
    callback_port_ = test_support::free_port();
    options_.app_key = kAppKey;
    options_.app_secret = kAppSecret;
    options_.service_id = kServiceId;
    options_.redirect_url = redirect_uri();
  }
  void TearDown() override {
    if (sandbox_) sandbox_->stop();
  }

  std::string redirect_uri() const {
    return "http://127.0.0.1:" + std::to_string(callback_port_) + "/connection/oauth2callback";
  }

  void start_sandbox() {
    sandbox_ = std::make_unique<sandbox::SandboxServer>(options_);
    std::string error;
    ASSERT_TRUE(sandbox_->start(&error)) << error;
  }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    return test_support::write_file(dir_ / name, text);
  }

  std::filesystem::path client_manifest(const std::string& name = "e2e-app") {
    return write(name + ".json", R"({"name": ")" + name + R"(", "connector": "tiktok-shop",
      "service_region": "non_us", "client_id": ")" +
                                     kAppKey + R"(",
      "client_secret": {"env": ")" + kSecretEnv +
                                     R"("}, "service_id": ")" + kServiceId + R"("})");
  }

  std::string connection_json(const std::string& name, const std::string& extra = "") {
    const std::string base = sandbox_->base_url();
    return R"({"name": ")" + name + R"(", "connector": "tiktok-shop", "oauth_client": "e2e-app",
      "redirect_uri": ")" +
           redirect_uri() + R"(",
      "settings": {"app_key": ")" +
           kAppKey + R"(", "api_base_url": ")" + base + R"(", "auth_base_url": ")" + base +
           R"(", "authorize_url": ")" + base +
           R"(/open/authorize", "sandbox": true},
      "secrets": {"app_secret": {"env": ")" +
           kSecretEnv + R"("}})" + extra + "}";
  }

  std::filesystem::path connection_manifest(const std::string& name = "e2e-shop") {
    return write(name + "-connection.json", connection_json(name));
  }

  // Runs connector-host with the test's state, plugin and manifest directories.
  test_support::CommandOutput host(const std::string& args) {
    auto out = test_support::run_command(test_support::connector_host_command(
        state_uri_.empty() ? (dir_ / "state").string() : "'" + state_uri_ + "'", args));
    all_output_ += out.output;
    return out;
  }

  // host(args) with CONNECTOR_HOST_MASTER_KEY set to `key` for that command only.
  test_support::CommandOutput host_with_master_key(const std::string& key,
                                                   const std::string& args) {
    ::setenv("CONNECTOR_HOST_MASTER_KEY", key.c_str(), 1);
    auto out = host(args);
    ::unsetenv("CONNECTOR_HOST_MASTER_KEY");
    return out;
  }

  // Saves the client and a connection, and authorizes it with the built-in browser.
  void save_and_authorize(const std::string& name = "e2e-shop") {
    ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
    ASSERT_EQ(host("connection save " + connection_manifest(name).string()).exit_code, 0)
        << all_output_;
    auto out = host("authorize " + name + " --browser builtin --timeout 30");
    ASSERT_EQ(out.exit_code, 0) << out.output;
  }

  // The state database, opened the way the host opens it.
  std::unique_ptr<host::store::Database> state_db() {
    if (!state_uri_.empty()) {
      return host::store::open_connection_state(
          host::store::StateLocation{.dir = {}, .database_uri = state_uri_});
    }
    return host::store::open_connection_state(dir_ / "state");
  }

  std::optional<host::store::TokenSummary> token_summary(const std::string& name) {
    auto db = state_db();
    auto record = host::store::find_connection(*db, name);
    if (!record) return std::nullopt;
    return host::store::read_token_summary(*db, record->id);
  }

  test_support::TestDirectory scratch_{"connection_e2e"};
  const std::filesystem::path dir_ = scratch_.path();  // removed with scratch_
  uint16_t callback_port_ = 0;
  sandbox::SandboxOptions options_;
  std::unique_ptr<sandbox::SandboxServer> sandbox_;
  std::string all_output_;
  std::string state_uri_;  // when set, the state is this postgresql:// database, not dir_/state
};

}  // namespace connection_e2e
