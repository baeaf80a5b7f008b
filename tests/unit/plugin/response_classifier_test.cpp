// Response classification through the C ABI: the error table, HTTP statuses, unreadable bodies,
// exact record spans, paging and item errors.
#include "plugin_api_fixture.hpp"

namespace tts::test {
namespace {

class Classify : public ::testing::Test {
 protected:
  Classify() : connection_(config_json("ak", "sk")) {}
  ~Classify() override { api().free_classification(result_); }

  const cnx_classification& classify(std::string_view endpoint, int32_t http_status,
                                     std::string_view body, const cnx_kv* headers = nullptr,
                                     size_t header_count = 0) {
    api().free_classification(result_);
    result_ = nullptr;
    body_ = body;  // the spans point into the body the host keeps
    cnx_response response{};
    response.struct_size = sizeof response;
    response.endpoint = s(endpoint);
    response.http_status = http_status;
    response.headers = headers;
    response.header_count = header_count;
    response.body = s(body_);
    cnx_error* error = nullptr;
    status_ = api().classify_response(connection_.get(), &response, &result_, &error);
    api().free_error(error);
    if (result_ == nullptr) {
      static cnx_classification empty{};
      return empty;
    }
    return *result_;
  }

  std::string_view span(cnx_span span) const {
    return std::string_view(body_).substr(span.offset, span.len);
  }

  OpenConnection connection_;
  cnx_classification* result_ = nullptr;
  cnx_status status_ = CNX_STATUS_INTERNAL;
  std::string body_;
};

struct CodeCase {
  int64_t code;
  int32_t http_status;
  cnx_status expected;
};

class ErrorTable : public Classify, public ::testing::WithParamInterface<CodeCase> {};

TEST_P(ErrorTable, CodeMapsToTheDocumentedAction) {
  const std::string body = R"({"code":)" + std::to_string(GetParam().code) +
                           R"(,"message":"remote words","request_id":"req-7","data":{}})";
  const cnx_classification& c = classify("orders.search", GetParam().http_status, body);
  ASSERT_EQ(status_, CNX_STATUS_OK);
  EXPECT_EQ(c.verdict, GetParam().expected);
  EXPECT_EQ(c.remote_code, GetParam().code);
  EXPECT_EQ(v(c.request_id), "req-7");
  EXPECT_NE(v(c.message).find("remote words"), std::string_view::npos);
  EXPECT_EQ(c.record_count, 0u);
}

INSTANTIATE_TEST_SUITE_P(TikTokCodes, ErrorTable,
                         ::testing::Values(CodeCase{106001, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{105002, 401, CNX_STATUS_REFRESH_TOKEN},
                                           CodeCase{105005, 200, CNX_STATUS_REAUTHORIZE},
                                           CodeCase{106013, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{101000, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{36009002, 429, CNX_STATUS_RATE_LIMITED},
                                           CodeCase{36009003, 500, CNX_STATUS_RETRY},
                                           CodeCase{36009007, 200, CNX_STATUS_RETRY},
                                           CodeCase{36009004, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{36004004, 200, CNX_STATUS_REAUTHORIZE},
                                           CodeCase{36009009, 404, CNX_STATUS_PERMANENT},
                                           CodeCase{36009010, 405, CNX_STATUS_PERMANENT},
                                           CodeCase{36009014, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{36009022, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{36009023, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{36009033, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{36004001, 200, CNX_STATUS_REAUTHORIZE},
                                           CodeCase{36004005, 200, CNX_STATUS_REAUTHORIZE},
                                           CodeCase{21008106, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{99999999, 200, CNX_STATUS_PERMANENT},
                                           CodeCase{99999999, 503, CNX_STATUS_RETRY},
                                           CodeCase{99999999, 429, CNX_STATUS_RATE_LIMITED}),
                         [](const ::testing::TestParamInfo<CodeCase>& case_info) {
                           return "code_" + std::to_string(case_info.param.code) + "_http_" +
                                  std::to_string(case_info.param.http_status);
                         });

// 36009004 covers a bad identifier and an invalid access token; only the message tells which.
TEST_F(Classify, InvalidAccessTokenUnder36009004IsARefreshOtherwiseConfiguration) {
  for (std::string_view message :
       {"Invalid access token.", "access_token is invalid", "The access token has expired"}) {
    const std::string body =
        R"({"code":36009004,"message":")" + std::string(message) + R"(","data":{}})";
    EXPECT_EQ(classify("orders.search", 401, body).verdict, CNX_STATUS_REFRESH_TOKEN) << message;
    EXPECT_NE(v(result_->message).find("re-authorize"), std::string_view::npos);
  }
  for (std::string_view message :
       {"Invalid app_key", "unexpected shop_cipher", "Invalid timestamp", "invalid version"}) {
    const std::string body =
        R"({"code":36009004,"message":")" + std::string(message) + R"(","data":{}})";
    EXPECT_EQ(classify("orders.search", 200, body).verdict, CNX_STATUS_PERMANENT) << message;
    EXPECT_NE(v(result_->message).find("configuration"), std::string_view::npos);
  }
}

// 202501 answers data.transactions; reading data.statement_transactions (the 202309 shape) would
// yield nothing from a real answer.
TEST_F(Classify, StatementTransactionsAreReadFromDataTransactions) {
  const cnx_classification& c =
      classify("statements.transactions", 200,
               R"({"code":0,"message":"ok","data":{"transactions":[{"id":"t1"},{"id":"t2"}],)"
               R"("next_page_token":"n2","total_count":3}})");
  ASSERT_EQ(c.verdict, CNX_STATUS_OK);
  ASSERT_EQ(c.record_count, 2u);
  EXPECT_EQ(v(c.next_page_token), "n2");
  const cnx_classification& old =
      classify("statements.transactions", 200,
               R"({"code":0,"message":"ok","data":{"statement_transactions":[{"id":"t1"}]}})");
  EXPECT_EQ(old.record_count, 0u);
}

TEST_F(Classify, MissingScopeSaysReauthorize) {
  const cnx_classification& c =
      classify("orders.search", 200, R"({"code":105005,"message":"apply auth pkg","data":{}})");
  EXPECT_EQ(c.verdict, CNX_STATUS_REAUTHORIZE);
  EXPECT_NE(v(c.message).find("re-authorize"), std::string_view::npos);
  EXPECT_NE(v(c.message).find("scope"), std::string_view::npos);
}

TEST_F(Classify, Http429WithRetryAfterIsRateLimited) {
  const cnx_kv headers[] = {{s("Retry-After"), s(" 3 ")}};
  const cnx_classification& c =
      classify("orders.search", 429, R"({"code":36009002,"message":"too many"})", headers, 1);
  EXPECT_EQ(c.verdict, CNX_STATUS_RATE_LIMITED);
  EXPECT_EQ(c.retry_after_ms, 3000);
  const cnx_classification& no_body = classify("orders.search", 429, "", headers, 1);
  EXPECT_EQ(no_body.verdict, CNX_STATUS_RATE_LIMITED);
  EXPECT_EQ(no_body.retry_after_ms, 3000);
}

TEST_F(Classify, UnreadableBodiesAreRetryableUnlessAClientError) {
  EXPECT_EQ(
      classify("orders.search", 200, R"({"code":0,"data":{"orders":[{"id":"1"},{"id")").verdict,
      CNX_STATUS_RETRY);
  EXPECT_EQ(classify("orders.search", 200, "\x01\xff garbage").verdict, CNX_STATUS_RETRY);
  EXPECT_EQ(classify("orders.search", 503, "").verdict, CNX_STATUS_RETRY);
  EXPECT_EQ(classify("orders.search", 500, "<html>oops</html>").verdict, CNX_STATUS_RETRY);
  EXPECT_EQ(classify("orders.search", 0, "").verdict, CNX_STATUS_RETRY);
  EXPECT_EQ(classify("orders.search", 200, R"({"message":"no code"})").verdict, CNX_STATUS_RETRY);
  EXPECT_EQ(classify("orders.search", 404, "<html>not found</html>").verdict, CNX_STATUS_PERMANENT);
}

TEST_F(Classify, RecordSpansAreExactBytesOfTheBody) {
  const std::string body =
      "{\"code\":0,\"message\":\"Success\",\"request_id\":\"r\",\"data\":{\n"
      "  \"next_page_token\":\"aGk+/x\\u003d\\u003d\",\"total_count\":1234,\n"
      "  \"orders\" : [ {\"status\":\"X\",\"id\":\"576\\\"9\",\"items\":[{\"id\":\"n\"}]} ,\n"
      "    {\"id\":  577 , \"note\":\"a\\u00e9\\n\"}\t,{\"no_key\":true} ] } }";
  const cnx_classification& c = classify("orders.search", 200, body);
  ASSERT_EQ(c.verdict, CNX_STATUS_OK) << v(c.message);
  EXPECT_EQ(v(c.next_page_token), "aGk+/x==");
  EXPECT_EQ(c.total_count, 1234);
  ASSERT_EQ(c.record_count, 3u);
  EXPECT_EQ(span(c.records[0].json), R"({"status":"X","id":"576\"9","items":[{"id":"n"}]})");
  EXPECT_EQ(span(c.records[0].key), R"("576\"9")");
  EXPECT_EQ(span(c.records[1].json), R"({"id":  577 , "note":"a\u00e9\n"})");
  EXPECT_EQ(span(c.records[1].key), "577");
  EXPECT_EQ(span(c.records[2].json), R"({"no_key":true})");
  EXPECT_EQ(c.records[2].key.len, 0u);
}

TEST_F(Classify, EmptyLastPageHasNoRecordsAndNoToken) {
  const cnx_classification& c =
      classify("orders.search", 200, R"({"code":0,"data":{"next_page_token":"","total_count":0}})");
  EXPECT_EQ(c.verdict, CNX_STATUS_OK);
  EXPECT_EQ(c.record_count, 0u);
  EXPECT_EQ(c.next_page_token.len, 0u);
  EXPECT_EQ(c.total_count, 0);
}

TEST_F(Classify, SingleObjectRecordForDetailEndpoints) {
  const std::string body = R"({"code":0,"data":{"id":"1729","title":"Hat"}})";
  const cnx_classification& c = classify("products.get", 200, body);
  ASSERT_EQ(c.record_count, 1u);
  EXPECT_EQ(span(c.records[0].json), R"({"id":"1729","title":"Hat"})");
  EXPECT_EQ(span(c.records[0].key), R"("1729")");
  EXPECT_EQ(c.total_count, -1);
}

TEST_F(Classify, ItemErrorsOfAWriteAreReturned) {
  const cnx_classification& c = classify(
      "products.inventory.update", 200,
      R"({"code":0,"data":{"errors":[{"code":12052902,"message":"bad sku","detail":{"sku_id":"9"}}]}})");
  EXPECT_EQ(c.verdict, CNX_STATUS_OK);
  EXPECT_EQ(v(c.item_errors_json),
            R"([{"code":12052902,"message":"bad sku","detail":{"sku_id":"9"}}])");
  EXPECT_EQ(classify("products.inventory.update", 200, R"({"code":0,"data":{"errors":[]}})")
                .item_errors_json.len,
            0u);
}

TEST_F(Classify, UnknownEndpointIsInvalidInputAndEmptyEndpointReadsTheEnvelope) {
  classify("no.such", 200, R"({"code":0})");
  EXPECT_EQ(status_, CNX_STATUS_INVALID_INPUT);
  const cnx_classification& c = classify("", 200, R"({"code":0,"data":{"orders":[{"id":"1"}]}})");
  EXPECT_EQ(status_, CNX_STATUS_OK);
  EXPECT_EQ(c.verdict, CNX_STATUS_OK);
  EXPECT_EQ(c.record_count, 0u);
}

}  // namespace
}  // namespace tts::test
