// Rate limits (429 + 36009002) and each injected fault kind, counted in the stats.
#include <map>

#include <boost/beast/http/error.hpp>

#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

class LimitsAndFaults : public SandboxTest {
 protected:
  // Gets a token without calling the (possibly faulty) Open API; takes the cipher in-process.
  void sign_in_quietly() {
    const std::string location = open_authorize_page(options_.service_id, "s");
    const Json token =
        parse_json(token_get(query_param(location, "code"), options_.app_secret).body);
    ASSERT_EQ(token.code(), 0);
    access_token_ = token.str("/data/access_token");
    cipher_ = server_->shops().front().cipher;
  }
  HttpReply search() {
    return call("POST", "/order/202309/orders/search", {{"page_size", "5"}}, "{}");
  }
  void start_with(sandbox::FaultOptions faults) {
    auto o = fast_options();
    o.faults = faults;
    start(o);
    sign_in_quietly();
  }
  // Starts with the one fault whose rate is `rate` injected into every answer, and searches once.
  HttpReply search_with_every(double sandbox::FaultOptions::*rate) {
    sandbox::FaultOptions f;
    f.*rate = 1;
    start_with(f);
    return search();
  }
};

TEST_F(LimitsAndFaults, RateLimitAnswers429With36009002PerEndpoint) {
  auto o = fast_options();
  o.rate_limit_per_second = 5;
  start(o);
  sign_in_quietly();
  int limited = 0, ok = 0;
  for (int i = 0; i < 15; ++i) {
    const auto reply = search();
    if (reply.status == 429) {
      EXPECT_EQ(parse_json(reply.body).code(), 36009002);
      ++limited;
    } else if (parse_json(reply.body).code() == 0) {
      ++ok;
    }
  }
  EXPECT_GE(ok, 5);
  EXPECT_GE(limited, 1);
  EXPECT_EQ(server_->stats().rejected_by_code.at(36009002), static_cast<std::uint64_t>(limited));
  // Another endpoint has its own bucket.
  EXPECT_EQ(parse_json(call("GET", "/logistics/202309/warehouses").body).code(), 0);
}

TEST_F(LimitsAndFaults, Http503FaultAnswers503AndDoesNotRunTheHandler) {
  const auto reply = search_with_every(&sandbox::FaultOptions::http_503_rate);
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(parse_json(reply.body).code(), 36009003);
  EXPECT_EQ(server_->stats().faults_by_kind.at("http_503"), 1u);
}

// The body without its request_id value (unique per answer).
std::string without_request_id(std::string body) {
  const std::string key = "\"request_id\":\"";
  const auto start = body.find(key);
  if (start != std::string::npos)
    body.erase(start + key.size(), body.find('"', start + key.size()) - start - key.size());
  return body;
}

TEST_F(LimitsAndFaults, Http429FaultAnswersExactlyAsTheRateLimitDoes) {
  // The limit's own 429: a bucket of one call per second, calls back to back.
  auto o = fast_options();
  o.rate_limit_per_second = 1;
  start(o);
  sign_in_quietly();
  HttpReply limited;
  for (int i = 0; i < 10 && limited.status != 429; ++i) limited = search();
  ASSERT_EQ(limited.status, 429);
  server_->stop();

  start_with(
      {.http_429_rate = 1});  // fast_options(): the limit is off, so this 429 can only be the fault
  const auto injected = search();
  EXPECT_EQ(injected.status, 429);
  EXPECT_EQ(parse_json(injected.body).code(), 36009002);
  EXPECT_EQ(injected.retry_after, limited.retry_after);
  EXPECT_EQ(without_request_id(injected.body), without_request_id(limited.body));
  const auto stats = server_->stats();
  EXPECT_EQ(stats.faults_by_kind.at("http_429"), 1u);
  EXPECT_EQ(stats.rejected_by_code.at(36009002), 1u);
  EXPECT_EQ(stats.fault_draws, 1u);
}

TEST_F(LimitsAndFaults, Http429FaultAtRateOneAnswersEveryCallBeforeTheHandler) {
  start_with({.http_429_rate = 1});
  for (int i = 0; i < 5; ++i) {
    // An unknown product: had the handler run, the answer would be a 404.
    const auto reply =
        call("POST", "/product/202309/products/1/inventory/update",
             {{"idempotency_key", "k" + std::to_string(i)}},
             R"({"skus":[{"id":"1","inventory":[{"warehouse_id":"1","quantity":1}]}]})");
    EXPECT_EQ(reply.status, 429) << reply.body;
  }
  EXPECT_EQ(search().status, 429);
  const auto stats = server_->stats();
  EXPECT_EQ(stats.faults_by_kind.at("http_429"), 6u);
  EXPECT_EQ(stats.fault_draws, 6u);
  EXPECT_TRUE(stats.writes_by_target.empty());
  EXPECT_TRUE(stats.writes_by_idempotency_key.empty());
  EXPECT_EQ(stats.rejected_by_code.count(36009404), 0u);
}

TEST_F(LimitsAndFaults, FaultRatesAreSharesOfOneDrawThatAddUp) {
  // 503 and 429 at one half each: every call gets exactly one of them. (Drawn independently,
  // a quarter of the calls would get neither.)
  start_with({.http_503_rate = 0.5, .http_429_rate = 0.5, .seed = 11});
  std::map<int, int> by_status;
  for (int i = 0; i < 40; ++i) ++by_status[search().status];
  EXPECT_EQ(by_status[503] + by_status[429], 40);
  EXPECT_GT(by_status[503], 0);
  EXPECT_GT(by_status[429], 0);
  const auto stats = server_->stats();
  EXPECT_EQ(stats.fault_draws, 40u);
  EXPECT_EQ(stats.faults_by_kind.at("http_503"), static_cast<std::uint64_t>(by_status[503]));
  EXPECT_EQ(stats.faults_by_kind.at("http_429"), static_cast<std::uint64_t>(by_status[429]));
}

TEST_F(LimitsAndFaults, Http500FaultAnswers500) {
  EXPECT_EQ(search_with_every(&sandbox::FaultOptions::http_500_rate).status, 500);
  EXPECT_EQ(server_->stats().faults_by_kind.at("http_500"), 1u);
}

TEST_F(LimitsAndFaults, InternalErrorFaultAnswers36009003WithHttp200) {
  const auto reply = search_with_every(&sandbox::FaultOptions::internal_error_rate);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(parse_json(reply.body).code(), 36009003);
}

TEST_F(LimitsAndFaults, ResetFaultClosesTheConnectionWithoutAnswer) {
  const auto reply = search_with_every(&sandbox::FaultOptions::reset_rate);
  EXPECT_TRUE(reply.error) << "got status " << reply.status;
  EXPECT_EQ(reply.status, 0);
  EXPECT_EQ(server_->stats().faults_by_kind.at("reset"), 1u);
}

TEST_F(LimitsAndFaults, TruncatedFaultCutsTheBody) {
  const auto reply = search_with_every(&sandbox::FaultOptions::truncated_rate);
  EXPECT_EQ(reply.error, boost::beast::http::error::partial_message) << reply.error.message();
  EXPECT_EQ(server_->stats().faults_by_kind.at("truncated"), 1u);
}

TEST_F(LimitsAndFaults, SlowBodyFaultStillDeliversTheWholeAnswer) {
  start_with({.slow_body_rate = 1, .slow_body_ms = 80});
  const auto reply = search();
  ASSERT_FALSE(reply.error) << reply.error.message();
  EXPECT_EQ(parse_json(reply.body).code(), 0);
  EXPECT_EQ(server_->stats().faults_by_kind.at("slow_body"), 1u);
}

TEST_F(LimitsAndFaults, LatencyFaultDelaysButAnswers) {
  start_with({.latency_rate = 1, .latency_ms = 20});
  EXPECT_EQ(parse_json(search().body).code(), 0);
  EXPECT_EQ(server_->stats().faults_by_kind.at("latency"), 1u);
}

TEST_F(LimitsAndFaults, FaultRatesFollowTheSeed) {
  const sandbox::FaultOptions f{.http_503_rate = 0.5, .seed = 7};
  std::vector<int> first_run, second_run;
  for (auto* run : {&first_run, &second_run}) {
    start_with(f);
    for (int i = 0; i < 20; ++i) run->push_back(search().status);
    server_->stop();
  }
  EXPECT_EQ(first_run, second_run);
  EXPECT_NE(std::count(first_run.begin(), first_run.end(), 503), 0);
  EXPECT_NE(std::count(first_run.begin(), first_run.end(), 200), 0);
}

TEST_F(LimitsAndFaults, RetryAfterResetWithSameIdempotencyKeyAppliesOnce) {
  start_with({.reset_rate = 0.5, .seed = 3});
  const Json page = [&] {
    for (int i = 0; i < 20; ++i) {
      const auto r = call("POST", "/return_refund/202309/returns/search", {{"page_size", "50"}},
                          R"({"return_status":["RETURN_OR_REFUND_REQUEST_PENDING"]})");
      if (!r.error) return parse_json(r.body);
    }
    return parse_json("{}");
  }();
  const std::string id = page.str("/data/return_orders/0/return_id");
  ASSERT_FALSE(id.empty());
  int answered = 0;
  for (int attempt = 0; attempt < 20 && answered < 2; ++attempt) {
    const auto r = call("POST", "/return_refund/202309/returns/" + id + "/reject",
                        {{"idempotency_key", "retry-me"}}, R"({"reject_reason":"x"})");
    if (!r.error) {
      EXPECT_EQ(parse_json(r.body).code(), 0) << r.body;
      ++answered;
    }
  }
  EXPECT_EQ(answered, 2);
  EXPECT_EQ(server_->stats().writes_by_idempotency_key.at("retry-me"), 1u);
}

}  // namespace
}  // namespace sandbox_test
