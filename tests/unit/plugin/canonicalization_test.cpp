// Canonicalization edge cases, each checked against a signature computed here, independently,
// from a hand-written string-to-sign (see the rules in shared/docs/tiktok-shop-api.md).
#include <cctype>
#include <cstring>

#include "plugin_api_fixture.hpp"

namespace tts::test {
namespace {

constexpr std::string_view kSecret = "sk1";
constexpr int64_t kTs = 1700000000;

// Success, and the sign of `string_to_sign` (written out by hand in each test) under kSecret.
::testing::AssertionResult signed_over(const Signed& result, std::string_view string_to_sign) {
  if (result.status != CNX_STATUS_OK) {
    return ::testing::AssertionFailure()
           << "status " << result.status << ": " << result.error_message;
  }
  const std::string want = expected_sign(kSecret, string_to_sign);
  if (result.query("sign") != want) {
    return ::testing::AssertionFailure() << "sign " << result.query("sign") << ", want " << want
                                         << " (HMAC of " << string_to_sign << ")";
  }
  return ::testing::AssertionSuccess();
}

// True when `result` carries no query parameter `key`.
bool lacks_query(const Signed& result, std::string_view key) {
  bool present = true;
  result.query(key, &present);
  return !present;
}

// `text` with every character a test name may not hold replaced by '_'.
std::string test_name(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return text;
}

class Canonicalization : public ::testing::Test {
 protected:
  Canonicalization() : connection_(config_json("ak1", kSecret)) {}

  cnx_request url_request(std::string_view method, std::string_view url) {
    cnx_request request = empty_request();
    request.method = s(method);
    request.url = s(url);
    request.timestamp = kTs;
    return request;
  }

  // An endpoint-mode request at the fixed timestamp; an empty `cipher` sends none.
  static cnx_request endpoint_request(std::string_view endpoint, std::string_view cipher = "") {
    cnx_request request = empty_request();
    request.endpoint = s(endpoint);
    request.scope_credential = s(cipher);
    request.timestamp = kTs;
    return request;
  }

  template <size_t N>
  static void set_query(cnx_request& request, const cnx_kv (&query)[N]) {
    request.query = query;
    request.query_count = N;
  }

  Signed sign_here(const cnx_request& request) const { return sign(connection_.get(), request); }

  OpenConnection connection_;
};

TEST_F(Canonicalization, RepeatedQueryKeyIsRejectedNamingTheKey) {
  const cnx_kv query[] = {{s("status"), s("A")}, {s("status"), s("B")}};
  cnx_request request = url_request("GET", "/order/202309/orders");
  set_query(request, query);
  const Signed result = sign_here(request);
  EXPECT_EQ(result.status, CNX_STATUS_INVALID_INPUT);
  EXPECT_NE(result.error_message.find("\"status\""), std::string::npos);
}

TEST_F(Canonicalization, RepeatedKeyAcrossUrlAndQueryFieldIsRejected) {
  const cnx_kv query[] = {{s("page_size"), s("10")}};
  cnx_request request = url_request("GET", "/order/202309/orders?page_size=20");
  set_query(request, query);
  EXPECT_EQ(sign_here(request).status, CNX_STATUS_INVALID_INPUT);
}

TEST_F(Canonicalization, EmptyValuesAreNeitherSentNorSigned) {
  const cnx_kv query[] = {{s("empty"), s("")}, {s("b"), s("2")}};
  cnx_request request = url_request("GET", "/seller/202309/shops?also_empty=");
  set_query(request, query);
  const Signed result = sign_here(request);
  EXPECT_TRUE(signed_over(result, "/seller/202309/shopsapp_keyak1b2timestamp1700000000"));
  EXPECT_TRUE(lacks_query(result, "empty"));
  EXPECT_TRUE(lacks_query(result, "also_empty"));
}

// The same page token, given raw in the query field or percent-encoded in the URL (in either hex
// case): sent encoded, signed decoded.
TEST_F(Canonicalization, PageTokenIsPercentEncodedOnTheWireButSignedDecoded) {
  const cnx_kv query[] = {{s("page_token"), s("aGk+/x==")}};
  cnx_request from_field = url_request("GET", "/seller/202309/shops");
  set_query(from_field, query);
  const cnx_request from_url =
      url_request("GET", "/seller/202309/shops?page_token=aGk%2B%2fx%3D%3D");
  for (const cnx_request& request : {from_field, from_url}) {
    const Signed result = sign_here(request);
    EXPECT_TRUE(
        signed_over(result, "/seller/202309/shopsapp_keyak1page_tokenaGk+/x==timestamp1700000000"));
    EXPECT_NE(result.url.find("page_token=aGk%2B%2Fx%3D%3D"), std::string::npos) << result.url;
  }
}

TEST_F(Canonicalization, KeysSortByteWise) {
  const cnx_kv query[] = {{s("a"), s("1")}, {s("_z"), s("2")}, {s("B"), s("3")}};
  cnx_request request = url_request("GET", "/seller/202309/shops");
  set_query(request, query);
  // 'B' (0x42) < '_' (0x5f) < 'a' (0x61)
  EXPECT_TRUE(
      signed_over(sign_here(request), "/seller/202309/shopsB3_z2a1app_keyak1timestamp1700000000"));
}

// Whether the body is signed depends on the media type (case-insensitive, parameters ignored),
// given as the content_type field or as a Content-Type header; either way the request carries it
// once, under the canonical name.
struct BodyCase {
  const char* name;
  const char* path;
  const char* content_type;         // the content_type field; "" for none
  const char* content_type_header;  // a Content-Type header; "" for none
  const char* cipher;
  std::string body;
  std::string string_to_sign;  // the body included exactly when it is signed
  const char* sent_content_type;
};

class BodySigning : public Canonicalization, public ::testing::WithParamInterface<BodyCase> {};

TEST_P(BodySigning, SignsTheBodyExactlyWhenTheMediaTypeSaysSo) {
  const BodyCase& c = GetParam();
  const cnx_kv headers[] = {{s("Content-Type"), s(c.content_type_header)}};
  cnx_request request = url_request("POST", c.path);
  request.body = s(c.body);
  request.content_type = s(c.content_type);
  request.scope_credential = s(c.cipher);
  if (*c.content_type_header != '\0') {
    request.headers = headers;
    request.header_count = 1;
  }
  const Signed result = sign_here(request);
  EXPECT_TRUE(signed_over(result, c.string_to_sign));
  EXPECT_EQ(result.header("content-type"), c.sent_content_type);
  EXPECT_FALSE(result.has_header("Content-Type"));
}

const std::string kJsonBody = "{ \"a\" : 1,\n  \"b\":[ ] }";

INSTANTIATE_TEST_SUITE_P(
    MediaTypes, BodySigning,
    ::testing::Values(
        BodyCase{
            "JsonBodyIsSignedByteForByte", "/order/202309/orders/search", "", "", "C1", kJsonBody,
            "/order/202309/orders/searchapp_keyak1shop_cipherC1timestamp1700000000" + kJsonBody,
            "application/json"},
        BodyCase{"MultipartWithParametersIsNotSigned", "/product/202309/images/upload",
                 "multipart/form-data; boundary=XyZ", "", "",
                 "--XyZ\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\nabc\r\n--XyZ--",
                 "/product/202309/images/uploadapp_keyak1timestamp1700000000",
                 "multipart/form-data; boundary=XyZ"},
        BodyCase{"UppercaseMultipartContentTypeHeaderIsRecognized", "/product/202309/files/upload",
                 "", "  Multipart/Form-Data ;Boundary=b", "", "--b\r\n\r\nx\r\n--b--",
                 "/product/202309/files/uploadapp_keyak1timestamp1700000000",
                 "  Multipart/Form-Data ;Boundary=b"},
        BodyCase{"UppercaseJsonMediaTypeStillSignsTheBody", "/seller/202309/shops",
                 "APPLICATION/JSON; charset=UTF-8", "", "", "{}",
                 "/seller/202309/shopsapp_keyak1timestamp1700000000{}",
                 "APPLICATION/JSON; charset=UTF-8"}),
    [](const ::testing::TestParamInfo<BodyCase>& case_info) {
      return std::string(case_info.param.name);
    });

// Catalog endpoints refused before anything is signed, with the words the message must hold.
struct RefusedEndpoint {
  const char* endpoint;
  const char* message_part;
};

class RefusedEndpoints : public Canonicalization,
                         public ::testing::WithParamInterface<RefusedEndpoint> {};

TEST_P(RefusedEndpoints, AreInvalidInputSayingWhy) {
  const Signed result = sign_here(endpoint_request(GetParam().endpoint));
  EXPECT_EQ(result.status, CNX_STATUS_INVALID_INPUT);
  EXPECT_NE(result.error_message.find(GetParam().message_part), std::string::npos)
      << result.error_message;
}

INSTANTIATE_TEST_SUITE_P(
    WithoutWhatTheyNeed, RefusedEndpoints,
    ::testing::Values(
        // A shop-scoped endpoint without the shop cipher.
        RefusedEndpoint{"orders.search", "shop-scoped"},
        // Deauthorizing names the shop by its cipher, unlike the other /authorization calls.
        RefusedEndpoint{"shops.deauthorize", "shops.deauthorize is shop-scoped"},
        // A multipart endpoint needs the caller's content type with its boundary.
        RefusedEndpoint{"images.upload", "boundary"}),
    [](const ::testing::TestParamInfo<RefusedEndpoint>& case_info) {
      return test_name(case_info.param.endpoint);
    });

TEST_F(Canonicalization, LegacyApiPathNeverSignsTheBodyAndPutsTheTokenInTheQuery) {
  const std::string body = R"({"page_size":10})";
  cnx_request request = url_request(
      "POST", "https://open-api.tiktokglobalshop.com/api/orders/search?shop_id=77&version=202212");
  request.body = s(body);
  request.access_token = s("TOKEN-legacy");
  const Signed result = sign_here(request);
  EXPECT_TRUE(signed_over(result,
                          "/api/orders/searchapp_keyak1shop_id77timestamp1700000000"
                          "version202212"));
  EXPECT_EQ(result.query("access_token"), "TOKEN-legacy");
  EXPECT_FALSE(result.has_header("x-tts-access-token"));
}

// Given in the access_token field or in the URL's query, the token travels in the header and is
// never part of the signature.
TEST_F(Canonicalization, AccessTokenIsNeverSigned) {
  cnx_request with_field = url_request("GET", "/seller/202309/shops");
  with_field.access_token = s("TOKEN-1");
  const cnx_request in_query = url_request("GET", "/seller/202309/shops?access_token=TOKEN-1");
  for (const cnx_request& request : {with_field, in_query}) {
    const Signed result = sign_here(request);
    EXPECT_TRUE(signed_over(result, "/seller/202309/shopsapp_keyak1timestamp1700000000"));
    EXPECT_EQ(result.header("x-tts-access-token"), "TOKEN-1");
    EXPECT_TRUE(lacks_query(result, "access_token"));
  }
}

struct ForbiddenCase {
  const char* method;
  const char* path;
};

class ShopCipherForbidden : public Canonicalization,
                            public ::testing::WithParamInterface<ForbiddenCase> {};

TEST_P(ShopCipherForbidden, CipherIsLeftOutAndUnsigned) {
  cnx_request request = url_request(GetParam().method, GetParam().path);
  request.scope_credential = s("CIPHER");
  const Signed result = sign_here(request);
  EXPECT_TRUE(signed_over(result, std::string(GetParam().path) + "app_keyak1timestamp1700000000"));
  EXPECT_TRUE(lacks_query(result, "shop_cipher")) << result.url;
}

INSTANTIATE_TEST_SUITE_P(
    Paths, ShopCipherForbidden,
    ::testing::Values(ForbiddenCase{"GET", "/authorization/202309/shops"},
                      ForbiddenCase{"GET", "/seller/202309/shops"},
                      ForbiddenCase{"POST", "/product/202309/images/upload"},
                      ForbiddenCase{"POST", "/product/202309/files/upload"},
                      ForbiddenCase{"POST", "/product/202312/global_products/search"},
                      ForbiddenCase{"POST", "/product/202409/compliance/manufacturers"},
                      ForbiddenCase{"POST", "/product/202309/brands"},
                      // The ones a path-prefix rule got wrong (issue 12).
                      ForbiddenCase{"GET", "/product/202309/global_categories"},
                      ForbiddenCase{"GET", "/product/202309/categories/600001/global_attributes"},
                      ForbiddenCase{"GET", "/product/202309/categories/600001/global_rules"},
                      ForbiddenCase{"GET", "/product/202407/listing_schemas"},
                      ForbiddenCase{"POST", "/product/202309/brands/recommend"},
                      ForbiddenCase{"POST", "/product/202309/images/size_charts/identify"},
                      ForbiddenCase{"GET", "/logistics/202309/global_warehouses"},
                      ForbiddenCase{"POST", "/fulfillment/202407/bundles"}),
    [](const ::testing::TestParamInfo<ForbiddenCase>& case_info) {
      return test_name(std::string(case_info.param.method) + case_info.param.path);
    });

// Deauthorizing names the shop by its cipher although every other /authorization call takes none;
// GET brands takes it though POST brands does not; a path the catalog does not know keeps the
// caller's cipher whatever its prefix.
TEST_F(Canonicalization, CipherFollowsTheMatchedEndpointNotThePathPrefix) {
  for (const auto& [method, path] :
       {std::pair<const char*, const char*>{"DELETE", "/authorization/202403/shops"},
        {"GET", "/seller/202407/shop_creators"},
        {"GET", "/product/202309/categories/600001/attributes"},
        {"GET", "/product/202309/brands"},
        {"POST", "/product/202309/not_in_the_catalog"}}) {
    cnx_request request = url_request(method, path);
    request.scope_credential = s("CIPHER");
    const Signed result = sign_here(request);
    EXPECT_TRUE(
        signed_over(result, std::string(path) + "app_keyak1shop_cipherCIPHERtimestamp1700000000"))
        << path;
    EXPECT_EQ(result.query("shop_cipher"), "CIPHER") << path;
  }
}

TEST_F(Canonicalization, ListParameterIsOneCommaJoinedValue) {
  const cnx_kv query[] = {{s("ids"), s("576,577")}};
  cnx_request request = endpoint_request("orders.get", "C1");
  set_query(request, query);
  const Signed result = sign_here(request);
  EXPECT_TRUE(signed_over(result,
                          "/order/202507/ordersapp_keyak1ids576,577shop_cipherC1"
                          "timestamp1700000000"));
  EXPECT_NE(result.url.find("ids=576%2C577"), std::string::npos);
  EXPECT_EQ(result.header("content-type"), "application/json");  // GET too
}

TEST_F(Canonicalization, CallerSignIsDroppedAndConflictingAppKeyRejected) {
  EXPECT_TRUE(
      signed_over(sign_here(url_request("GET", "/seller/202309/shops?sign=deadbeef&app_key=ak1")),
                  "/seller/202309/shopsapp_keyak1timestamp1700000000"));
  EXPECT_EQ(sign_here(url_request("GET", "/seller/202309/shops?app_key=other")).status,
            CNX_STATUS_INVALID_INPUT);
}

TEST_F(Canonicalization, TimestampComesFromTheHostClockWhenNotGiven) {
  cnx_host_services host{};
  host.struct_size = sizeof host;
  host.now_unix_ms = [](void*) -> int64_t { return 1711111111999; };
  OpenConnection clocked(config_json("ak1", kSecret), &host);
  cnx_request request = empty_request();
  request.method = s("GET");
  request.url = s("/seller/202309/shops");
  const Signed result = sign(clocked.get(), request);
  ASSERT_EQ(result.status, CNX_STATUS_OK) << result.error_message;
  EXPECT_EQ(result.query("timestamp"), "1711111111");
}

TEST_F(Canonicalization, EndpointPathParamsAndVersionOverrideFillTheTemplate) {
  OpenConnection overridden(
      config_json("ak1", kSecret, R"("endpoint_versions":{"products.get":"202407"})"));
  const cnx_kv params[] = {{s("product_id"), s("1729")}};
  cnx_request request = endpoint_request("products.get", "C1");
  request.path_params = params;
  request.path_param_count = 1;
  const Signed result = sign(overridden.get(), request);
  EXPECT_TRUE(signed_over(result,
                          "/product/202407/products/1729app_keyak1shop_cipherC1"
                          "timestamp1700000000"));
  EXPECT_NE(result.url.find("/product/202407/products/1729?"), std::string::npos);

  request.path_param_count = 0;
  EXPECT_EQ(sign(overridden.get(), request).status, CNX_STATUS_INVALID_INPUT);
}

TEST_F(Canonicalization, UrlAndEndpointTogetherOrNeitherAreRejected) {
  cnx_request both = url_request("GET", "/seller/202309/shops");
  both.endpoint = s("seller.shops");
  EXPECT_EQ(sign_here(both).status, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(sign_here(empty_request()).status, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(sign_here(url_request("GET", "ftp://x/y")).status, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(sign_here(url_request("GET", "/x?a=%zz")).status, CNX_STATUS_INVALID_INPUT);
}

}  // namespace
}  // namespace tts::test
