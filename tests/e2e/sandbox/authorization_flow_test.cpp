// Authorize page -> single-use code -> tokens -> refresh rotation -> expiry, with TikTok's codes.
#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

class AuthorizationFlow : public SandboxTest {
 protected:
  void SetUp() override {
    auto o = fast_options();
    o.access_token_lifetime = 600;
    o.refresh_token_lifetime = 3600;
    start(o);
  }
};

TEST_F(AuthorizationFlow, ApprovalRedirectsToRegisteredUrlWithCodeAndState) {
  const std::string location = open_authorize_page(options_.service_id, "st/ate 1");
  ASSERT_EQ(location.rfind(options_.redirect_url + "?", 0), 0u) << location;
  EXPECT_FALSE(query_param(location, "code").empty());
  EXPECT_EQ(query_param(location, "state"), "st%2Fate%201");
}

TEST_F(AuthorizationFlow, RefusalRedirectsWithAccessDenied) {
  server_->set_authorize_behaviour(sandbox::AuthorizeBehaviour::kRefuse);
  const std::string location = open_authorize_page(options_.service_id, "abc");
  EXPECT_EQ(query_param(location, "error"), "access_denied");
  EXPECT_EQ(query_param(location, "code"), "");
  EXPECT_EQ(query_param(location, "state"), "abc");
}

TEST_F(AuthorizationFlow, UnknownServiceIdIsRefusedWithoutRedirect) {
  const auto reply = http_once(server_->port(), "GET", "/open/authorize?service_id=999&state=x");
  EXPECT_EQ(reply.status, 400);
  EXPECT_TRUE(reply.location.empty());
}

TEST_F(AuthorizationFlow, CodeExchangeGivesAbsoluteExpiriesAndShopsForBothShops) {
  const std::string code = query_param(open_authorize_page(options_.service_id, "s"), "code");
  const Json token = parse_json(token_get(code, options_.app_secret).body);
  ASSERT_EQ(token.code(), 0);
  EXPECT_EQ(token.num("/data/access_token_expire_in"), now_.load() + 600);
  EXPECT_EQ(token.num("/data/refresh_token_expire_in"), now_.load() + 3600);
  EXPECT_FALSE(token.str("/data/open_id").empty());
  EXPECT_FALSE(token.str("/data/seller_name").empty());
  EXPECT_EQ(token.num("/data/user_type"), 0);
  EXPECT_GT(token.arr("/data/granted_scopes").size(), 0u);
  access_token_ = token.str("/data/access_token");
  const Json shops = parse_json(call("GET", "/authorization/202309/shops").body);
  ASSERT_EQ(shops.code(), 0);
  ASSERT_EQ(shops.arr("/data/shops").size(), 2u);
  EXPECT_FALSE(shops.str("/data/shops/1/cipher").empty());
  EXPECT_FALSE(shops.str("/data/shops/0/code").empty());
  EXPECT_EQ(shops.str("/data/shops/0/region"), "US");
}

TEST_F(AuthorizationFlow, CodeIsSingleUse) {
  const std::string code = query_param(open_authorize_page(options_.service_id, "s"), "code");
  EXPECT_EQ(parse_json(token_get(code, options_.app_secret).body).code(), 0);
  EXPECT_EQ(parse_json(token_get(code, options_.app_secret).body).code(), 36004005);
}

TEST_F(AuthorizationFlow, CodeExpiresAfterThirtyMinutes) {
  const std::string code = query_param(open_authorize_page(options_.service_id, "s"), "code");
  now_ += 30 * 60;
  EXPECT_EQ(parse_json(token_get(code, options_.app_secret).body).code(), 36004005);
}

TEST_F(AuthorizationFlow, WrongSecretIsRejectedAndDoesNotConsumeTheCode) {
  const std::string code = query_param(open_authorize_page(options_.service_id, "s"), "code");
  const auto reply = token_get(code, "not-the-secret");
  EXPECT_EQ(parse_json(reply.body).code(), 36009004);
  EXPECT_EQ(reply.body.find("not-the-secret"), std::string::npos);
  EXPECT_EQ(parse_json(token_get(code, options_.app_secret).body).code(), 0);
}

TEST_F(AuthorizationFlow, RefreshRotatesTokensAndRetiresTheOldRefreshToken) {
  sign_in();
  now_ += 10;
  const Json refreshed = parse_json(token_refresh(refresh_token_).body);
  ASSERT_EQ(refreshed.code(), 0);
  EXPECT_NE(refreshed.str("/data/access_token"), access_token_);
  EXPECT_NE(refreshed.str("/data/refresh_token"), refresh_token_);
  EXPECT_EQ(refreshed.num("/data/access_token_expire_in"), now_.load() + 600);
  EXPECT_EQ(parse_json(token_refresh(refresh_token_).body).code(), 36004005);
  access_token_ = refreshed.str("/data/access_token");
  EXPECT_EQ(parse_json(call("GET", "/authorization/202309/shops").body).code(), 0);
}

TEST_F(AuthorizationFlow, ExpiredAccessTokenAnswers105002UntilRefreshed) {
  sign_in();
  now_ += 600;
  const auto expired = call("GET", "/authorization/202309/shops");
  EXPECT_EQ(parse_json(expired.body).code(), 105002);
  const Json refreshed = parse_json(token_refresh(refresh_token_).body);
  ASSERT_EQ(refreshed.code(), 0);
  access_token_ = refreshed.str("/data/access_token");
  EXPECT_EQ(parse_json(call("GET", "/authorization/202309/shops").body).code(), 0);
}

TEST_F(AuthorizationFlow, ExpiredRefreshTokenAnswers36004001) {
  sign_in();
  now_ += 3600;
  EXPECT_EQ(parse_json(token_refresh(refresh_token_).body).code(), 36004001);
}

}  // namespace
}  // namespace sandbox_test
