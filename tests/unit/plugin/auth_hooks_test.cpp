// Authorization hooks through the C ABI: authorize URLs, token requests, token responses,
// callback parsing.
#include "plugin_api_fixture.hpp"

namespace tts::test {
namespace {

std::string authorize_url(const cnx_connection* connection, std::string_view state) {
  cnx_buffer* buffer = nullptr;
  EXPECT_EQ(api().authorize_url(connection, s(state), &buffer, nullptr), CNX_STATUS_OK);
  std::string url(v(buffer->bytes));
  api().free_buffer(buffer);
  return url;
}

std::string region_config(std::string_view region, std::string_view extra = "") {
  std::string json = config_json("ak", "sk", extra);
  json.replace(json.find("non_us"), 6, region);
  return json;
}

TEST(AuthorizeUrl, NonUsDefaultCarriesServiceIdAndEncodedState) {
  OpenConnection connection(region_config("non_us"));
  EXPECT_EQ(authorize_url(connection.get(), "a b/c+d"),
            "https://services.tiktokshop.com/open/authorize?service_id=svc-1&state=a%20b%2Fc%2Bd");
}

TEST(AuthorizeUrl, UsDefaultAndNoStateWhenEmpty) {
  OpenConnection connection(region_config("us"));
  EXPECT_EQ(authorize_url(connection.get(), ""),
            "https://services.us.tiktokshop.com/open/authorize?service_id=svc-1");
}

TEST(AuthorizeUrl, OverrideIsUsedAndKeepsItsOwnQuery) {
  OpenConnection connection(region_config(
      "us", R"("authorize_url":"https://services.tiktokshops.us/open/authorize?x=1")"));
  EXPECT_EQ(authorize_url(connection.get(), "s1"),
            "https://services.tiktokshops.us/open/authorize?x=1&service_id=svc-1&state=s1");
}

struct TokenCall {
  cnx_status status;
  std::string method;
  std::string url;
};

TokenCall request_token(const cnx_connection* connection, cnx_token_grant grant,
                        std::string_view credential) {
  cnx_http_request* request = nullptr;
  TokenCall call{api().token_request(connection, grant, s(credential), &request, nullptr), "", ""};
  if (request != nullptr) {
    call.method = v(request->method);
    call.url = v(request->url);
  }
  api().free_http_request(request);
  return call;
}

TEST(TokenRequest, CodeExchangeIsAnUnsignedGetOnTheAuthHost) {
  OpenConnection connection(config_json("ak", "s/k"));
  const TokenCall call = request_token(connection.get(), CNX_GRANT_AUTHORIZATION_CODE, "CODE+1");
  ASSERT_EQ(call.status, CNX_STATUS_OK);
  EXPECT_EQ(call.method, "GET");
  EXPECT_EQ(call.url,
            "https://auth.tiktok-shops.com/api/v2/token/get?app_key=ak&app_secret=s%2Fk"
            "&auth_code=CODE%2B1&grant_type=authorized_code");
}

TEST(TokenRequest, RefreshUsesTheRefreshEndpointAndAuthHostOverride) {
  OpenConnection connection(
      config_json("ak", "sk", R"("auth_base_url":"http://127.0.0.1:9000/","sandbox":true)"));
  const TokenCall call = request_token(connection.get(), CNX_GRANT_REFRESH_TOKEN, "RT");
  ASSERT_EQ(call.status, CNX_STATUS_OK);
  EXPECT_EQ(call.url,
            "http://127.0.0.1:9000/api/v2/token/refresh?app_key=ak&app_secret=sk&refresh_token=RT"
            "&grant_type=refresh_token");
}

TEST(TokenRequest, EmptyCredentialIsInvalidInput) {
  OpenConnection connection(config_json("ak", "sk"));
  EXPECT_EQ(request_token(connection.get(), CNX_GRANT_REFRESH_TOKEN, "").status,
            CNX_STATUS_INVALID_INPUT);
}

class TokenResponse : public ::testing::Test {
 protected:
  TokenResponse() : connection_(config_json("ak", "sk")) {}

  cnx_status parse(int32_t http_status, std::string_view body) {
    api().free_token_set(tokens_);
    api().free_error(error_);
    tokens_ = nullptr;
    error_ = nullptr;
    return api().parse_token_response(connection_.get(), http_status, s(body), &tokens_, &error_);
  }
  ~TokenResponse() override {
    api().free_token_set(tokens_);
    api().free_error(error_);
  }

  OpenConnection connection_;
  cnx_token_set* tokens_ = nullptr;
  cnx_error* error_ = nullptr;
};

TEST_F(TokenResponse, SuccessKeepsAbsoluteExpiriesAndGrantedScopes) {
  ASSERT_EQ(parse(200, R"({"code":0,"message":"success","request_id":"r1","data":{
      "access_token":"AT-secret","access_token_expire_in":1700604800,
      "refresh_token":"RT-secret","refresh_token_expire_in":1731536000,
      "open_id":"open-1","seller_name":"Shop One","seller_base_region":"GB","user_type":0,
      "granted_scopes":["seller.order.info","seller.product.basic"]}})"),
            CNX_STATUS_OK);
  EXPECT_EQ(v(tokens_->access_token), "AT-secret");
  EXPECT_EQ(tokens_->access_expires_at, 1700604800);
  EXPECT_EQ(v(tokens_->refresh_token), "RT-secret");
  EXPECT_EQ(tokens_->refresh_expires_at, 1731536000);
  EXPECT_EQ(v(tokens_->account_id), "open-1");
  EXPECT_EQ(v(tokens_->account_name), "Shop One");
  EXPECT_EQ(v(tokens_->account_region), "GB");
  EXPECT_EQ(v(tokens_->account_type), "seller");
  ASSERT_EQ(tokens_->scope_count, 2u);
  EXPECT_EQ(v(tokens_->scopes[1]), "seller.product.basic");
}

TEST_F(TokenResponse, GrantedPermissionsIsTheFallbackAndUserTypesMap) {
  ASSERT_EQ(parse(200, R"({"code":0,"data":{"access_token":"a","refresh_token":"r",
      "user_type":3,"granted_permissions":["p1"]}})"),
            CNX_STATUS_OK);
  EXPECT_EQ(v(tokens_->account_type), "partner");
  ASSERT_EQ(tokens_->scope_count, 1u);
  EXPECT_EQ(v(tokens_->scopes[0]), "p1");
  ASSERT_EQ(
      parse(200, R"({"code":0,"data":{"access_token":"a","refresh_token":"r","user_type":1}})"),
      CNX_STATUS_OK);
  EXPECT_EQ(v(tokens_->account_type), "creator");
}

TEST_F(TokenResponse, SuccessIsTheBodyCodeWhateverTheHttpStatus) {
  EXPECT_EQ(parse(400, R"({"code":0,"data":{"access_token":"a","refresh_token":"r"}})"),
            CNX_STATUS_OK);
}

TEST_F(TokenResponse, ExpiredRefreshTokenAndMissingAuthRecordMeanReauthorize) {
  EXPECT_EQ(parse(200, R"({"code":36004001,"message":"rt has expired","request_id":"r9"})"),
            CNX_STATUS_REAUTHORIZE);
  EXPECT_EQ(error_->remote_code, 36004001);
  EXPECT_EQ(v(error_->remote_request_id), "r9");
  EXPECT_NE(v(error_->message).find("rt has expired"), std::string_view::npos);
  EXPECT_EQ(parse(200, R"({"code":36004005,"message":"no auth record"})"), CNX_STATUS_REAUTHORIZE);
}

// 36004004 is TikTok's "invalid auth code" (common-errors table): the code is used or older than
// 30 minutes, so only a new authorization helps.
TEST_F(TokenResponse, InvalidAuthCodeMeansReauthorize) {
  EXPECT_EQ(parse(200, R"({"code":36004004,"message":"auth code is invalid"})"),
            CNX_STATUS_REAUTHORIZE);
  EXPECT_NE(v(error_->message).find("auth code is invalid"), std::string_view::npos);
}

TEST_F(TokenResponse, UnknownCodeIsPermanent) {
  EXPECT_EQ(parse(200, R"({"code":36004099,"message":"app_secret is invalid"})"),
            CNX_STATUS_PERMANENT);
  EXPECT_NE(v(error_->message).find("app_secret is invalid"), std::string_view::npos);
}

TEST_F(TokenResponse, TruncatedOrOverloadedAnswersAreRetryable) {
  EXPECT_EQ(parse(200, R"({"code":0,"data":{"access_token":"AT-sec)"), CNX_STATUS_RETRY);
  EXPECT_EQ(v(error_->message).find("AT-sec"), std::string_view::npos);
  EXPECT_EQ(parse(503, "<html>busy</html>"), CNX_STATUS_RETRY);
  EXPECT_EQ(parse(200, R"({"code":0,"data":{"access_token":"a"}})"), CNX_STATUS_RETRY);
  EXPECT_EQ(parse(0, ""), CNX_STATUS_RETRY);
}

struct Callback {
  cnx_status status;
  std::string code;
  std::string state;
  std::string error;
};

Callback parse_callback(std::string_view query) {
  OpenConnection connection(config_json("ak", "sk"));
  cnx_callback_result* result = nullptr;
  Callback out{api().parse_callback(connection.get(), s(query), &result, nullptr), "", "", ""};
  if (result != nullptr) {
    out.status = result->status;
    out.code = v(result->code);
    out.state = v(result->state);
    out.error = v(result->error);
  }
  api().free_callback_result(result);
  return out;
}

TEST(Callback, CodeAndStateAreDecoded) {
  const Callback callback = parse_callback("?code=ROW_a%2Bb&state=xyz%3D&locale=en");
  EXPECT_EQ(callback.status, CNX_STATUS_OK);
  EXPECT_EQ(callback.code, "ROW_a+b");
  EXPECT_EQ(callback.state, "xyz=");
}

TEST(Callback, AppStoreInstallHasNoState) {
  const Callback callback = parse_callback("code=C1");
  EXPECT_EQ(callback.status, CNX_STATUS_OK);
  EXPECT_EQ(callback.state, "");
}

TEST(Callback, BothRefusalWordsMeanReauthorize) {
  for (std::string_view word : {"auth_denied", "access_denied"}) {
    const Callback callback = parse_callback("error=" + std::string(word) + "&state=s");
    EXPECT_EQ(callback.status, CNX_STATUS_REAUTHORIZE);
    EXPECT_EQ(callback.error, word);
    EXPECT_EQ(callback.code, "");
  }
}

TEST(Callback, NeitherCodeNorErrorOrARepeatedCodeIsInvalidInput) {
  EXPECT_EQ(parse_callback("state=s").status, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(parse_callback("").status, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(parse_callback("code=a&code=b").status, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(parse_callback("code=%G1").status, CNX_STATUS_INVALID_INPUT);
}

}  // namespace
}  // namespace tts::test
