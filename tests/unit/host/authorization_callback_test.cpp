// The OAuth callback endpoint (engine/authorization/authorization_callback.hpp) with a fake
// connector reading the redirects: only a redirect with the attempt's state ends the wait; a
// wrong, missing or reused state and a refusal are answered and counted as they should be; and
// the pages it answers with escape whatever the sender wrote.
#include <gtest/gtest.h>

#include <string>

#include "calls_fake_connector.hpp"
#include "engine/authorization/authorization_callback.hpp"
#include "engine/authorization/authorization_callback_page.hpp"
#include "http/http_client.hpp"

namespace host::engine {
namespace {

using namespace host::testing;  // the fake connector
using namespace std::chrono_literals;

// The value of `key` in an unencoded query "a=1&b=2", or nullopt.
std::optional<std::string> query_value(std::string_view query, std::string_view key) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view pair = query.substr(start, amp - start);
    if (pair.substr(0, pair.find('=')) == key && pair.find('=') != std::string_view::npos) {
      return std::string(pair.substr(pair.find('=') + 1));
    }
    start = amp + 1;
  }
  return std::nullopt;
}

class AuthorizationCallbackState : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_connector_reset();
    std::lock_guard lock(fake_connector_state().mutex);
    // Reads "code", "state" and "error" as a connector would; neither code nor error: unreadable.
    fake_connector_state().parse_callback = [](std::string_view query) {
      FakeAnswer<FakeCallback> a;
      a.value.code = query_value(query, "code").value_or("");
      a.value.state = query_value(query, "state").value_or("");
      a.value.error = query_value(query, "error").value_or("");
      if (!a.value.error.empty()) {
        a.value.status = CNX_STATUS_REAUTHORIZE;
      } else if (a.value.code.empty()) {
        a.status = CNX_STATUS_INVALID_INPUT;
        a.message = "the redirect carries neither code nor error";
      }
      return a;
    };
  }
  void TearDown() override { EXPECT_EQ(fake_connector_state().outputs_live.load(), 0); }

  std::unique_ptr<AuthorizationCallback> listen(bool allow_missing_state = false) {
    return std::make_unique<AuthorizationCallback>(
        CallbackEndpoint{"127.0.0.1", 0, "/cb"}, fake_target(),
        CallbackExpectation{kState, allow_missing_state});
  }
  http::Response get(const AuthorizationCallback& callback, const std::string& target) {
    return http_.send(
        {"GET", "http://127.0.0.1:" + std::to_string(callback.port()) + target, {}, {}});
  }

  static constexpr const char* kState = "0123456789abcdef0123456789abcdef";
  http::Client http_;
};

TEST_F(AuthorizationCallbackState, TheAttemptsOwnRedirectEndsTheWaitWithItsCode) {
  auto callback = listen();
  const http::Response response = get(*callback, std::string("/cb?code=c-1&state=") + kState);
  EXPECT_EQ(response.status, 200);
  const auto outcome = callback->wait(1s);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->status, CNX_STATUS_OK);
  EXPECT_EQ(outcome->code.view(), "c-1");
  EXPECT_EQ(callback->ignored().total(), 0);
}

TEST_F(AuthorizationCallbackState, AWrongStateIsAnsweredAndIgnoredWithoutEndingTheWait) {
  auto callback = listen();
  EXPECT_EQ(get(*callback, "/cb?code=forged&state=someone-elses").status, 400);
  EXPECT_FALSE(callback->wait(0s));
  EXPECT_EQ(callback->ignored().wrong_state, 1);
  // The real redirect still gets through afterwards.
  EXPECT_EQ(get(*callback, std::string("/cb?code=real&state=") + kState).status, 200);
  const auto outcome = callback->wait(1s);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->code.view(), "real");
}

TEST_F(AuthorizationCallbackState, AStateThatDiffersOnlyInItsLastCharacterIsWrong) {
  auto callback = listen();
  std::string almost(kState);
  almost.back() = 'e';
  EXPECT_EQ(get(*callback, "/cb?code=c&state=" + almost).status, 400);
  EXPECT_EQ(callback->ignored().wrong_state, 1);
}

TEST_F(AuthorizationCallbackState, AReplayOfTheAnsweredRedirectIsAReusedState) {
  auto callback = listen();
  const std::string target = std::string("/cb?code=c-1&state=") + kState;
  EXPECT_EQ(get(*callback, target).status, 200);
  EXPECT_EQ(get(*callback, target).status, 409);
  EXPECT_EQ(callback->ignored().wrong_state, 1);  // reuse counts with the wrong states
  const auto outcome = callback->wait(1s);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->code.view(), "c-1");  // the first one, not the replay
}

TEST_F(AuthorizationCallbackState, TheShopsRefusalEndsTheWaitAsARefusal) {
  auto callback = listen();
  const http::Response response =
      get(*callback, std::string("/cb?error=access_denied&state=") + kState);
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("access_denied"), std::string::npos);
  const auto outcome = callback->wait(1s);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->status, CNX_STATUS_REAUTHORIZE);
  EXPECT_EQ(outcome->error, "access_denied");
}

TEST_F(AuthorizationCallbackState, AMissingStateIsIgnoredUnlessTheAttemptAllowsIt) {
  auto strict = listen(false);
  EXPECT_EQ(get(*strict, "/cb?code=c-2").status, 400);
  EXPECT_EQ(strict->ignored().missing_state, 1);
  EXPECT_FALSE(strict->wait(0s));
  strict.reset();

  auto lenient = listen(true);
  EXPECT_EQ(get(*lenient, "/cb?code=c-3").status, 200);
  const auto outcome = lenient->wait(1s);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->code.view(), "c-3");
  EXPECT_FALSE(outcome->state_present);
}

TEST_F(AuthorizationCallbackState, AnUnreadableRedirectIsCountedWithTheConnectorsReason) {
  auto callback = listen();
  const http::Response response = get(*callback, std::string("/cb?state=") + kState);
  EXPECT_EQ(response.status, 400);
  const IgnoredCallbacks ignored = callback->ignored();
  EXPECT_EQ(ignored.unreadable, 1);
  EXPECT_NE(ignored.last_unreadable.find("neither code nor error"), std::string::npos);
  EXPECT_FALSE(callback->wait(0s));
}

TEST_F(AuthorizationCallbackState, OtherPathsAndMethodsAreNotFound) {
  auto callback = listen();
  EXPECT_EQ(get(*callback, std::string("/other?code=c&state=") + kState).status, 404);
  EXPECT_EQ(http_
                .send({"POST",
                       "http://127.0.0.1:" + std::to_string(callback->port()) +
                           "/cb?code=c&state=" + kState,
                       {},
                       {}})
                .status,
            404);
  EXPECT_FALSE(callback->wait(0s));
  EXPECT_EQ(callback->ignored().total(), 0);
}

TEST(AuthorizationCallbackPage, EachVerdictHasItsOwnStatus) {
  EXPECT_EQ(callback_page(CallbackVerdict::kReceived, {}).status, 200);
  EXPECT_EQ(callback_page(CallbackVerdict::kRefusedByShop, {}).status, 403);
  EXPECT_EQ(callback_page(CallbackVerdict::kWrongState, {}).status, 400);
  EXPECT_EQ(callback_page(CallbackVerdict::kReusedState, {}).status, 409);
  EXPECT_EQ(callback_page(CallbackVerdict::kMissingState, {}).status, 400);
  EXPECT_EQ(callback_page(CallbackVerdict::kUnreadable, {}).status, 400);
}

TEST(AuthorizationCallbackPage, TheSendersWordsAreEscaped) {
  const http::OutgoingResponse page =
      callback_page(CallbackVerdict::kRefusedByShop, "<script>alert('x')</script>&\"");
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"),
            std::string::npos);
}

TEST(AuthorizationCallbackPage, ThePageRunsNothingAndIsNotCached) {
  const http::OutgoingResponse page = callback_page(CallbackVerdict::kReceived, {});
  auto header = [&](std::string_view name) {
    for (const auto& h : page.headers) {
      if (h.name == name) return h.value;
    }
    return std::string();
  };
  EXPECT_EQ(header("Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(header("Cache-Control"), "no-store");
  EXPECT_EQ(header("Content-Type"), "text/html; charset=utf-8");
}

TEST(AuthorizationCallbackPage, ADetailIsShownOnlyWhereThePageHasRoomForIt) {
  EXPECT_EQ(callback_page(CallbackVerdict::kWrongState, "forged-word").body.find("forged-word"),
            std::string::npos);
  EXPECT_NE(callback_page(CallbackVerdict::kUnreadable, "why-word").body.find("why-word"),
            std::string::npos);
}

TEST(AuthorizationHtmlEscape, EscapesTheFiveSpecialCharactersAndNothingElse) {
  EXPECT_EQ(html_escape("a&b<c>d\"e'f g/é"), "a&amp;b&lt;c&gt;d&quot;e&#39;f g/é");
  EXPECT_EQ(html_escape(""), "");
}

}  // namespace
}  // namespace host::engine
