// The host's OAuth callback as a browser meets it: each redirect gets a page (and a status) that
// says what happened to it, and a redirect that does not belong to the authorization in progress
// (a wrong, reused or missing state, no code) is ignored without ending it.
#include <chrono>
#include <future>
#include <regex>
#include <thread>

#include "connection_e2e_fixture.hpp"
#include "http/http_client.hpp"
#include "text_contains.hpp"

namespace connection_e2e {
namespace {

using test_support::contains;

class AuthorizeCallbackTest : public ConnectionE2eTest {
 protected:
  void SetUp() override {
    ConnectionE2eTest::SetUp();
    start_sandbox();
    ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
    ASSERT_EQ(host("connection save " + connection_manifest().string()).exit_code, 0)
        << all_output_;
  }

  // Starts `authorize` (no browser) with its output going to a file, and returns once the host
  // printed the authorize URL (so its callback listens). The future holds the exit code; the
  // output is in output().
  std::future<int> authorize_in_background(const std::string& flags) {
    auto future = std::async(std::launch::async, [this, flags] {
      return host("authorize e2e-shop " + flags + " >" + output_file().string()).exit_code;
    });
    for (int i = 0; i < 400 && authorize_url().empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    EXPECT_FALSE(authorize_url().empty()) << output();
    return future;
  }

  std::filesystem::path output_file() const { return dir_ / "authorize.out"; }
  std::string output() const { return test_support::file_bytes(output_file()); }

  // The authorize URL the host printed, or "" while it has not yet.
  std::string authorize_url() const {
    std::smatch match;
    const std::string text = output();
    static const std::regex url_line("\n  (http[^\n]*/open/authorize\\?[^\n]*)\n");
    return std::regex_search(text, match, url_line) ? match[1].str() : std::string();
  }

  // The state the host sent, read back from the authorize URL.
  std::string sent_state() const {
    std::smatch match;
    const std::string url = authorize_url();
    static const std::regex state("[?&]state=([0-9a-f]+)");
    return std::regex_search(url, match, state) ? match[1].str() : std::string();
  }

  std::string callback(const std::string& query) const {
    return "http://127.0.0.1:" + std::to_string(callback_port_) + "/connection/oauth2callback?" +
           query;
  }

  static host::http::Response get(const std::string& url) {
    host::http::Client client;
    return client.send({"GET", url, {}, {}});
  }

  // What a person's browser does after approving: the authorize page redirects to the callback.
  std::string approved_redirect() const {
    const auto page = get(authorize_url());
    EXPECT_EQ(page.status, 302);
    return std::string(page.header("Location"));
  }
};

TEST_F(AuthorizeCallbackTest, AForgedFirstRedirectIsRefusedAndTheRealOneStillCompletes) {
  auto running = authorize_in_background("--timeout 30");
  const auto forged = get(callback("code=forged-code&state=not-the-state"));
  EXPECT_EQ(forged.status, 400);
  EXPECT_TRUE(contains(forged.body, "Wrong state")) << forged.body;
  EXPECT_FALSE(contains(forged.body, "Authorization received")) << forged.body;

  const auto real = get(approved_redirect());
  EXPECT_EQ(real.status, 200);
  EXPECT_TRUE(contains(real.body, "Authorization received")) << real.body;
  EXPECT_EQ(running.get(), 0) << output();
  EXPECT_TRUE(token_summary("e2e-shop").has_value());
  // The ignored redirect is counted in the log, without what its sender wrote.
  const std::string said = output();
  EXPECT_TRUE(contains(said, "ignored a redirect with a wrong state (1 so far)")) << said;
  EXPECT_FALSE(contains(said, "not-the-state")) << said;
  EXPECT_FALSE(contains(said, "forged-code")) << said;
}

TEST_F(AuthorizeCallbackTest, ReplayingTheAnsweredRedirectIsAReusedState) {
  auto running = authorize_in_background("--timeout 30");
  const std::string redirect = approved_redirect();
  EXPECT_EQ(get(redirect).status, 200);
  const auto replay = get(redirect);
  // The replay may meet the listener or, once authorize has finished, no listener at all.
  if (replay.ok()) {
    EXPECT_EQ(replay.status, 409);
    EXPECT_TRUE(contains(replay.body, "Reused state")) << replay.body;
  }
  EXPECT_EQ(running.get(), 0) << output();
}

TEST_F(AuthorizeCallbackTest, OnlyForgedRedirectsEndInATimeoutThatCountsThem) {
  auto running = authorize_in_background("--timeout 3");
  EXPECT_EQ(get(callback("code=c1&state=wrong-1")).status, 400);
  EXPECT_EQ(get(callback("code=c2&state=wrong-2")).status, 400);
  const auto no_state = get(callback("code=c3"));
  EXPECT_EQ(no_state.status, 400);
  EXPECT_TRUE(contains(no_state.body, "Missing state")) << no_state.body;
  const auto no_code = get(callback("state=" + sent_state()));
  EXPECT_EQ(no_code.status, 400);
  EXPECT_TRUE(contains(no_code.body, "Missing code")) << no_code.body;
  EXPECT_EQ(running.get(), 1);
  const std::string said = output();
  EXPECT_TRUE(contains(said, "within 3 seconds; nothing was stored; ignored 4 redirect(s)"))
      << said;
  EXPECT_TRUE(contains(said, "2 with a wrong or reused state")) << said;
  EXPECT_TRUE(contains(said,
                       "1 without state (if it came from an app store install, run "
                       "again with --allow-missing-state)"))
      << said;
  EXPECT_TRUE(contains(said, "1 without a code")) << said;
  EXPECT_FALSE(token_summary("e2e-shop").has_value());
}

TEST_F(AuthorizeCallbackTest, ARefusalWithTheRightStateEndsItAndItsTextIsEscaped) {
  auto running = authorize_in_background("--timeout 30");
  const auto refused =
      get(callback("state=" + sent_state() + "&error=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(contains(refused.body, "refused by the shop")) << refused.body;
  EXPECT_TRUE(contains(refused.body, "&lt;script&gt;alert(1)&lt;/script&gt;")) << refused.body;
  EXPECT_FALSE(contains(refused.body, "<script>")) << refused.body;
  EXPECT_EQ(running.get(), 1);
  EXPECT_TRUE(contains(output(), "was refused by the shop")) << output();
  EXPECT_FALSE(token_summary("e2e-shop").has_value());
}

}  // namespace
}  // namespace connection_e2e
