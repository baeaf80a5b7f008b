// Every gateway rejection, each with TikTok's code, and the strictness a real client meets.
#include <cctype>

#include "sandbox_fixture.hpp"
#include "test_signer.hpp"

namespace sandbox_test {
namespace {

class RequestChecks : public SandboxTest {
 protected:
  void SetUp() override {
    start(fast_options());
    sign_in();
  }
  std::int64_t code_of(const HttpReply& reply) { return parse_json(reply.body).code(); }
  // The code of a first-page orders search with `o` (a JSON body of {}).
  std::int64_t search_code(const CallOptions& o = {}) {
    return code_of(call("POST", search_path_, first_page_, "{}", o));
  }
  const std::string search_path_ = "/order/202309/orders/search";
  const std::map<std::string, std::string> first_page_ = {{"page_size", "10"}};
};

TEST_F(RequestChecks, CorrectlySignedCallSucceeds) { EXPECT_EQ(search_code(), 0); }

TEST_F(RequestChecks, WrongSignatureIs106001) {
  EXPECT_EQ(search_code({.sign = std::string(64, 'a')}), 106001);
}

TEST_F(RequestChecks, UppercaseHexSignatureIsRejected) {
  // Compute the right sign, then send it upper-cased.
  std::map<std::string, std::string> q = first_page_;
  q["app_key"] = options_.app_key;
  q["timestamp"] = std::to_string(now_.load());
  q["shop_cipher"] = cipher_;
  const std::string lower = sign_request(options_.app_secret, search_path_, q, "{}");
  std::string upper;
  for (char c : lower)
    upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  CallOptions o;
  o.sign = lower;  // the same sign in lowercase passes, so only the case differs below
  EXPECT_EQ(search_code(o), 0);
  o.sign = upper;
  EXPECT_EQ(search_code(o), 106001);
}

TEST_F(RequestChecks, BodyReformattedAfterSigningIs106001) {
  const CallOptions o{.signed_body = R"({"order_status":"COMPLETED"})"};
  EXPECT_EQ(code_of(call("POST", search_path_, first_page_, R"({"order_status": "COMPLETED"})", o)),
            106001);
}

TEST_F(RequestChecks, TimestampWindowIsFiveMinutesBackThirtySecondsAhead) {
  CallOptions o;
  o.timestamp = now_.load() - 300;
  EXPECT_EQ(search_code(o), 0);
  o.timestamp = now_.load() - 301;
  EXPECT_EQ(search_code(o), 36009004);
  o.timestamp = now_.load() + 30;
  EXPECT_EQ(search_code(o), 0);
  o.timestamp = now_.load() + 31;
  EXPECT_EQ(search_code(o), 36009004);
  o.timestamp = now_.load() * 1000;  // milliseconds are not accepted
  EXPECT_EQ(search_code(o), 36009004);
}

TEST_F(RequestChecks, UnknownAppKeyIs36009004) {
  EXPECT_EQ(search_code({.app_key = "someone_else"}), 36009004);
}

TEST_F(RequestChecks, MissingOrUnknownAccessTokenIs36009004) {
  EXPECT_EQ(search_code({.send_token = false}), 36009004);
  EXPECT_EQ(search_code({.token = "ROW_not_a_token"}), 36009004);
}

TEST_F(RequestChecks, ShopCipherRequiredOnShopCalls) {
  EXPECT_EQ(search_code({.send_cipher = false}), 106013);
}

TEST_F(RequestChecks, ShopCipherForbiddenOnAuthorizationAndSeller) {
  const CallOptions o{.force_cipher = true};
  const auto reply = call("GET", "/authorization/202309/shops", {}, "", o);
  EXPECT_EQ(code_of(reply), 36009004);
  EXPECT_NE(reply.body.find("unexpected shop_cipher"), std::string::npos);
  EXPECT_EQ(code_of(call("GET", "/seller/202309/shops", {}, "", o)), 36009004);
  EXPECT_EQ(code_of(call("GET", "/seller/202309/shops")), 0);
}

TEST_F(RequestChecks, AnotherSellersShopIs101000) {
  std::string foreign;
  for (const auto& shop : server_->shops())
    if (!shop.owned_by_authorizing_seller) foreign = shop.cipher;
  ASSERT_FALSE(foreign.empty());
  EXPECT_EQ(search_code({.cipher = foreign}), 101000);
}

TEST_F(RequestChecks, OneTokenCoversBothShops) {
  EXPECT_EQ(search_code({.cipher = second_cipher_}), 0);
}

TEST_F(RequestChecks, ContentTypeMustBeJsonEvenOnGet) {
  CallOptions o{.content_type = "text/plain"};
  EXPECT_EQ(search_code(o), 36009022);
  o.content_type = "";
  EXPECT_EQ(code_of(call("GET", "/logistics/202309/warehouses", {}, "", o)), 36009022);
  o.content_type = "application/json; charset=utf-8";
  EXPECT_EQ(search_code(o), 0);
}

TEST_F(RequestChecks, UnknownPathIs36009009With404) {
  const auto reply = call("GET", "/order/202309/nothing_here");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(code_of(reply), 36009009);
}

TEST_F(RequestChecks, WrongMethodIs36009010) {
  const auto reply = call("GET", search_path_, first_page_);
  EXPECT_EQ(code_of(reply), 36009010);
}

TEST_F(RequestChecks, UnknownVersionIs36009014) {
  EXPECT_EQ(code_of(call("POST", "/order/202001/orders/search", first_page_, "{}")), 36009014);
  // A version is a fact of one endpoint: Get Order List serves 202309 only (202407 is Get
  // Price Detail's version, not a version every order endpoint accepts).
  EXPECT_EQ(code_of(call("POST", "/order/202407/orders/search", first_page_, "{}")), 36009014);
}

TEST_F(RequestChecks, PageSizeOutsideTheEndpointRangeIsRejected) {
  EXPECT_EQ(code_of(call("POST", search_path_, {{"page_size", "101"}}, "{}")), 36009004);
  EXPECT_EQ(code_of(call("POST", search_path_, {{"page_size", "0"}}, "{}")), 36009004);
  EXPECT_EQ(code_of(call("POST", search_path_, {{"page_size", "100"}}, "{}")), 0);
  EXPECT_EQ(
      code_of(call("POST", "/fulfillment/202309/packages/search", {{"page_size", "51"}}, "{}")),
      36009004);
  EXPECT_EQ(
      code_of(call("POST", "/return_refund/202309/returns/search", {{"page_size", "9"}}, "{}")),
      36009004);
}

TEST_F(RequestChecks, ErrorsKeepTheEnvelope) {
  const CallOptions o{.sign = std::string(64, '0')};
  const Json j = parse_json(call("POST", search_path_, first_page_, "{}", o).body);
  EXPECT_FALSE(j.str("/message").empty());
  EXPECT_FALSE(j.str("/request_id").empty());
}

TEST_F(RequestChecks, MultipartBodyIsNotSignedAndForbidsCipher) {
  const MultipartUpload upload = multipart_upload("xyz", "a.png", "PNG");
  CallOptions o{.content_type = upload.content_type};
  const std::string& body = upload.body;
  EXPECT_EQ(code_of(call("POST", "/product/202309/images/upload", {}, body, o)), 0);
  o.force_cipher = true;
  EXPECT_EQ(code_of(call("POST", "/product/202309/images/upload", {}, body, o)), 36009004);
}

TEST_F(RequestChecks, StatementsRequireSortFieldStatementTime) {
  EXPECT_EQ(code_of(call("GET", "/finance/202309/statements", {{"page_size", "5"}})), 36009004);
  EXPECT_EQ(code_of(call("GET", "/finance/202309/statements",
                         {{"page_size", "5"}, {"sort_field", "statement_time"}})),
            0);
}

}  // namespace
}  // namespace sandbox_test
