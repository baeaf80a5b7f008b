// connection_e2e_fixture.hpp: an in-process sandbox (the local TikTok Shop), a fresh state
// directory, manifests that point at both, and the connector-host binary run as a subprocess.
// Every output the host prints is kept so that a test can search it for secrets.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include <sandbox/server.hpp>

#include "command_output.hpp"
#include "store/connection_store.hpp"
#include "store/token_store.hpp"

namespace connection_e2e {

// Distinctive values, so that a byte search for them means something.
inline constexpr const char* kAppKey = "e2e_app_key_4711";
inline constexpr const char* kAppSecret = "E2E-APP-SECRET-9c1f7a3b5d";
inline constexpr const char* kServiceId = "7000000000000004711";
inline constexpr const char* kSecretEnv = "E2E_TIKTOK_APP_SECRET";

// A TCP port that was free a moment ago (the redirect URI needs a fixed port).
inline uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

inline std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class ConnectionE2eTest : public ::testing::Test {
 protected:
  // Tests adjust sandbox options before calling start_sandbox().
  void SetUp() override {
    ::unsetenv("CONNECTOR_HOST_MASTER_KEY");
    ::setenv(kSecretEnv, kAppSecret, 1);
    dir_ = std::filesystem::temp_directory_path() /
           ("connection_e2e_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    callback_port_ = free_port();
    options_.app_key = kAppKey;
    options_.app_secret = kAppSecret;
    options_.service_id = kServiceId;
    options_.redirect_url = redirect_uri();
  }
  void TearDown() override {
    if (sandbox_) sandbox_->stop();
    std::filesystem::remove_all(dir_);
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
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path;
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
  abi_test::CommandOutput host(const std::string& args) {
    const std::string command =
        std::string(CONNECTOR_HOST_PATH) + " --state " + (dir_ / "state").string() +
        " --plugin-dir " + CONNECTOR_PLUGIN_DIR + " --manifest-dir " + MANIFEST_DIR + " " + args;
    auto out = abi_test::run_command(command);
    all_output_ += out.output;
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
    return host::store::open_connection_state(dir_ / "state");
  }

  std::optional<host::store::TokenSummary> token_summary(const std::string& name) {
    auto db = state_db();
    auto record = host::store::find_connection(*db, name);
    if (!record) return std::nullopt;
    return host::store::read_token_summary(*db, record->id);
  }

  std::filesystem::path dir_;
  uint16_t callback_port_ = 0;
  sandbox::SandboxOptions options_;
  std::unique_ptr<sandbox::SandboxServer> sandbox_;
  std::string all_output_;
};

}  // namespace connection_e2e
