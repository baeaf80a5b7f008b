// Token calls through the connector's auth hooks (request_tokens, exchange_tokens): the request
// the connector built is sent as it is, its answer is adopted into host values, and only what may
// go better later is tried again. No credential appears in an error.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "calls_fake_connector.hpp"
#include "engine/calls/token_exchange.hpp"
#include "http/http_listener.hpp"

namespace host::engine {
namespace {

using namespace host::testing;  // the fake connector

constexpr const char* kCredential = "refresh-secret-4242";

class CallsTokenExchange : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_connector_reset();
    std::lock_guard lock(fake_connector_state().mutex);
    fake_connector_state().token_request = [this](cnx_token_grant grant, std::string_view cred) {
      FakeAnswer<FakeRequest> a;
      a.value.method = "POST";
      a.value.url = "http://127.0.0.1:" + std::to_string(listener_.port()) + "/token";
      a.value.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
      a.value.body = std::string(grant == CNX_GRANT_REFRESH_TOKEN ? "refresh_token=" : "code=") +
                     std::string(cred);
      return a;
    };
  }
  void TearDown() override { EXPECT_EQ(fake_connector_state().outputs_live.load(), 0); }

  void parse_with(std::function<FakeAnswer<FakeTokens>(int, std::string_view)> hook) {
    std::lock_guard lock(fake_connector_state().mutex);
    fake_connector_state().parse_tokens = std::move(hook);
  }

  std::atomic<int> hits_{0};
  std::string last_body_;
  int answer_status_ = 200;
  http::Listener listener_{{}, [this](const http::IncomingRequest& in) {
                             ++hits_;
                             last_body_ = in.body;
                             return http::OutgoingResponse{answer_status_, {}, "{\"ok\":1}"};
                           }};
  ConnectorTarget target_ = fake_target();
  http::Client http_;
};

TEST_F(CallsTokenExchange, SendsTheConnectorsBodyAndAdoptsTheTokenSet) {
  parse_with([](int status, std::string_view body) {
    EXPECT_EQ(status, 200);
    EXPECT_EQ(body, "{\"ok\":1}");
    FakeAnswer<FakeTokens> a;
    a.value.access_token = "access-1";
    a.value.access_expires_at = 1000;
    a.value.refresh_token = "refresh-2";
    a.value.account_id = "seller-9";
    a.value.scopes = {"orders", "a\"b"};
    return a;
  });
  const store::TokenSet tokens =
      exchange_tokens(target_, http_, CNX_GRANT_REFRESH_TOKEN, kCredential);
  EXPECT_EQ(last_body_, std::string("refresh_token=") + kCredential);
  EXPECT_EQ(tokens.access_token.view(), "access-1");
  EXPECT_EQ(tokens.access_expires_at, 1000);
  EXPECT_EQ(tokens.refresh_token.view(), "refresh-2");
  EXPECT_EQ(tokens.account_id, "seller-9");
  EXPECT_EQ(tokens.scopes_json, R"(["orders","a\"b"])");
  EXPECT_EQ(hits_.load(), 1);
}

TEST_F(CallsTokenExchange, ARefusalThatNeedsAPersonIsNotRetriedAndHidesTheCredential) {
  parse_with([](int, std::string_view) {
    return refusal<FakeTokens>(CNX_STATUS_REAUTHORIZE, "refresh token revoked", 36004004);
  });
  const CallError e = error_thrown_by(
      [&] { exchange_tokens(target_, http_, CNX_GRANT_REFRESH_TOKEN, kCredential); });
  EXPECT_EQ(e.status(), CNX_STATUS_REAUTHORIZE);
  EXPECT_STREQ(e.what(),
               "token refresh refused: REAUTHORIZE: refresh token revoked (code 36004004)");
  EXPECT_EQ(std::string(e.what()).find(kCredential), std::string::npos);
  EXPECT_EQ(hits_.load(), 1);
}

TEST_F(CallsTokenExchange, ARetryVerdictIsTriedThreeTimesThenReported) {
  std::atomic<int> parsed{0};
  parse_with([&](int, std::string_view) {
    FakeAnswer<FakeTokens> a;
    if (++parsed < 3) {
      a.status = CNX_STATUS_RETRY;
      a.message = "busy";
    } else {
      a.value.access_token = "third-time";
    }
    return a;
  });
  const store::TokenSet tokens =
      exchange_tokens(target_, http_, CNX_GRANT_AUTHORIZATION_CODE, "code-1");
  EXPECT_EQ(tokens.access_token.view(), "third-time");
  EXPECT_EQ(hits_.load(), 3);
}

TEST_F(CallsTokenExchange, AConnectorThatCannotBuildTheRequestSendsNothing) {
  set_hook(&FakeConnectorState::token_request, [](cnx_token_grant, std::string_view) {
    return refusal<FakeRequest>(CNX_STATUS_PERMANENT, "no app secret configured");
  });
  const CallError e = error_thrown_by(
      [&] { exchange_tokens(target_, http_, CNX_GRANT_AUTHORIZATION_CODE, kCredential); });
  EXPECT_EQ(e.status(), CNX_STATUS_PERMANENT);
  EXPECT_STREQ(e.what(),
               "code exchange: the connector cannot build the request: PERMANENT: no app "
               "secret configured");
  EXPECT_EQ(hits_.load(), 0);
}

TEST_F(CallsTokenExchange, OneExchangeReportsWhereItStopped) {
  parse_with([](int, std::string_view) {
    FakeAnswer<FakeTokens> a;
    a.no_output = true;  // OK without tokens: a broken connector
    return a;
  });
  const TokenOutcome outcome = request_tokens(target_, http_, CNX_GRANT_REFRESH_TOKEN, kCredential);
  EXPECT_EQ(outcome.step, TokenStep::kParse);
  EXPECT_EQ(outcome.status.code(), CNX_STATUS_INTERNAL);
  EXPECT_EQ(hits_.load(), 1);
}

}  // namespace
}  // namespace host::engine
