// The one connector call path (engine/calls/connector_call.hpp) against a fake connector and a
// local listener: what is signed is what is sent, what the connector classified is what the host
// keeps, failures carry the right verdict, and no plugin output outlives the call.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>

#include "calls_fake_connector.hpp"
#include "engine/calls/connector_call.hpp"
#include "http/http_listener.hpp"

namespace host::engine {
namespace {

using namespace host::testing;  // the fake connector

// A local server that records what reached it and answers with a fixed response.
class FakeApi {
 public:
  explicit FakeApi(http::OutgoingResponse answer)
      : answer_(std::move(answer)), listener_({}, [this](const http::IncomingRequest& in) {
          std::lock_guard lock(mutex_);
          received_.push_back(in);
          return answer_;
        }) {}
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(listener_.port()) + path;
  }
  std::vector<http::IncomingRequest> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  http::OutgoingResponse answer_;
  std::mutex mutex_;
  std::vector<http::IncomingRequest> received_;
  http::Listener listener_;  // last: stops before the members it uses go
};

// Signs every request for `api` at /<endpoint>, with the token in a header.
void sign_to(const FakeApi& api) {
  set_hook(&FakeConnectorState::sign, [url = api.url("/")](const SeenRequest& seen) {
    FakeAnswer<FakeRequest> a;
    a.value.method = "POST";
    a.value.url = url + seen.endpoint + "?shop=" + seen.scope_credential;
    a.value.headers = {{"X-Token", seen.access_token}, {"X-Signed", "yes"}};
    return a;
  });
}

void classify_with(std::function<FakeAnswer<FakeClassification>(int, std::string_view)> hook) {
  set_hook(&FakeConnectorState::classify, std::move(hook));
}

class CallsConnectorCall : public ::testing::Test {
 protected:
  void SetUp() override { fake_connector_reset(); }
  void TearDown() override {
    // Whatever the outcome, every output the connector handed out was released.
    EXPECT_EQ(fake_connector_state().outputs_live.load(), 0);
    EXPECT_EQ(fake_connector_state().released_after_unload.load(), 0);
  }

  // call_connector() for catalog endpoint `endpoint`, nothing else set.
  CallResult call_endpoint(std::string_view endpoint) {
    CallParts parts;
    parts.endpoint = endpoint;
    return call_connector(target_, http_, parts);
  }

  ConnectorTarget target_ = fake_target();
  http::Client http_;
};

TEST_F(CallsConnectorCall, SendsTheSignedRequestWithTheCallersBodyAndKeepsTheClassifiedRecords) {
  FakeApi api({200, {{"X-Reply", "1"}}, R"({"list":[{"id":"a"},{"id":"b"}]})"});
  sign_to(api);
  classify_with([](int status, std::string_view body) {
    FakeAnswer<FakeClassification> a;
    EXPECT_EQ(status, 200);
    const size_t first = body.find(R"({"id":"a"})");
    const size_t second = body.find(R"({"id":"b"})");
    a.value.records = {{{first, 10}, {first + 6, 3}}, {{second, 10}, {second + 6, 3}}};
    a.value.next_page_token = "page-2";
    a.value.request_id = "req-9";
    return a;
  });
  const KeyValues query = {{"page_size", "2"}};
  CallParts parts;
  parts.endpoint = "orders.search";
  parts.query = &query;
  parts.body = R"({"filter":1})";
  parts.access_token = "tok-1";
  parts.scope_credential = "cipher-7";

  const CallResult result = call_connector(target_, http_, parts);

  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(result.http_status, 200);
  ASSERT_EQ(result.records.size(), 2u);
  EXPECT_EQ(result.record(0), R"({"id":"a"})");
  EXPECT_EQ(result.key(1), R"("b")");
  EXPECT_EQ(result.next_page_token, "page-2");
  EXPECT_EQ(result.request_id, "req-9");
  const auto received = api.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/orders.search?shop=cipher-7");
  EXPECT_EQ(received[0].header("X-Token"), "tok-1");
  EXPECT_EQ(received[0].body, R"({"filter":1})");  // the bytes that were signed
  const auto& seen = fake_connector_state().signed_requests;
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].query.at("page_size"), "2");
  EXPECT_EQ(seen[0].body, R"({"filter":1})");
}

TEST_F(CallsConnectorCall, ARemoteRefusalKeepsTheConnectorsVerdictAndWords) {
  FakeApi api({200, {}, R"({"code":105002})"});
  sign_to(api);
  classify_with([](int, std::string_view) {
    FakeAnswer<FakeClassification> a;
    a.value.verdict = CNX_STATUS_REFRESH_TOKEN;
    a.value.remote_code = 105002;
    a.value.message = "access token expired";
    return a;
  });
  const CallResult result = call_endpoint("shops.list");
  EXPECT_EQ(result.verdict, CNX_STATUS_REFRESH_TOKEN);
  EXPECT_EQ(result.remote_code, 105002);
  EXPECT_EQ(result.describe(), "REFRESH_TOKEN (code 105002): access token expired");
}

TEST_F(CallsConnectorCall, ASigningFailureSendsNothingAndCarriesTheConnectorsVerdict) {
  FakeApi api({200, {}, "{}"});
  set_hook(&FakeConnectorState::sign, [](const SeenRequest&) {
    return refusal<FakeRequest>(CNX_STATUS_INVALID_INPUT, "path parameter order_id is missing");
  });
  const CallResult result = call_endpoint("orders.get");
  EXPECT_EQ(result.verdict, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(result.message,
            "cannot sign the request for orders.get: path parameter order_id is missing");
  EXPECT_TRUE(api.received().empty());
}

TEST_F(CallsConnectorCall, AConnectorThatSignsWithoutARequestIsAnInternalFailure) {
  set_hook(&FakeConnectorState::sign, [](const SeenRequest&) {
    FakeAnswer<FakeRequest> a;
    a.no_output = true;
    return a;
  });
  CallParts parts;
  parts.endpoint = "orders.get";
  const SignOutcome signed_call = sign_call(target_, parts);
  EXPECT_EQ(signed_call.status.code(), CNX_STATUS_INTERNAL);
  EXPECT_EQ(call_connector(target_, http_, parts).verdict, CNX_STATUS_INTERNAL);
}

TEST_F(CallsConnectorCall, AConnectionThatCannotBeMadeIsWorthRetrying) {
  uint16_t closed_port = 0;
  {
    http::Listener probe({}, [](const http::IncomingRequest&) { return http::OutgoingResponse{}; });
    closed_port = probe.port();
  }  // stopped: nothing listens there any more
  set_hook(&FakeConnectorState::sign, [closed_port](const SeenRequest&) {
    FakeAnswer<FakeRequest> a;
    a.value.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/x";
    return a;
  });
  const CallResult result = call_endpoint("orders.get");
  EXPECT_EQ(result.verdict, CNX_STATUS_RETRY);
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(result.message.rfind("transport: ", 0), 0u) << result.message;
}

TEST_F(CallsConnectorCall, EveryExchangeSentIsCountedWithItsVerdictAndTimeButNoUnsentOne) {
  metrics::HostMetrics& process = metrics::host_metrics();
  const std::string& connector = target_.connector->manifest().id;
  auto count = [&](std::string_view verdict) {
    return process.requests.with({connector, "metrics.probe", verdict}).value();
  };
  auto timed = [&] {
    return process.request_duration.with({connector, "metrics.probe"}).snapshot().count;
  };
  const uint64_t ok_before = count("ok");
  const uint64_t refresh_before = count("refresh_token");
  const uint64_t timed_before = timed();

  FakeApi api({200, {}, "{}"});
  sign_to(api);
  classify_with([](int, std::string_view) { return FakeAnswer<FakeClassification>{}; });
  EXPECT_TRUE(call_endpoint("metrics.probe").ok());
  classify_with([](int, std::string_view) {
    FakeAnswer<FakeClassification> a;
    a.value.verdict = CNX_STATUS_REFRESH_TOKEN;
    return a;
  });
  EXPECT_EQ(call_endpoint("metrics.probe").verdict, CNX_STATUS_REFRESH_TOKEN);
  EXPECT_EQ(count("ok"), ok_before + 1);
  EXPECT_EQ(count("refresh_token"), refresh_before + 1);
  EXPECT_EQ(timed(), timed_before + 2);

  // Given a series, the call counts there and not in the one the endpoint names.
  metrics::HostMetrics own;
  CallParts parts;
  parts.endpoint = "metrics.probe";
  parts.series = &own.call_series("elsewhere", "probe");
  call_connector(target_, http_, parts);
  EXPECT_EQ(own.requests.with({"elsewhere", "probe", "refresh_token"}).value(), 1u);
  EXPECT_EQ(count("refresh_token"), refresh_before + 1);

  // A request that could not be signed was never sent: nothing to count.
  set_hook(&FakeConnectorState::sign,
           [](const SeenRequest&) { return refusal<FakeRequest>(CNX_STATUS_INVALID_INPUT, "no"); });
  EXPECT_EQ(call_endpoint("metrics.probe").verdict, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(count("invalid_input"), 0u);
  EXPECT_EQ(timed(), timed_before + 2);
}

TEST_F(CallsConnectorCall, AnUnparsableUrlIsAPermanentFailure) {
  set_hook(&FakeConnectorState::sign, [](const SeenRequest&) {
    FakeAnswer<FakeRequest> a;
    a.value.url = "not a url";
    return a;
  });
  EXPECT_EQ(call_endpoint("orders.get").verdict, CNX_STATUS_PERMANENT);
}

TEST_F(CallsConnectorCall, ARecordSpanOutsideTheBodyIsRefusedAsInternal) {
  FakeApi api({200, {}, "[1]"});
  sign_to(api);
  classify_with([](int, std::string_view body) {
    FakeAnswer<FakeClassification> a;
    a.value.records = {{{0, body.size() + 1}, {0, 0}}};
    return a;
  });
  const CallResult result = call_endpoint("orders.search");
  EXPECT_EQ(result.verdict, CNX_STATUS_INTERNAL);
  EXPECT_TRUE(result.records.empty());
  EXPECT_NE(result.message.find("outside the response body of orders.search"), std::string::npos);
}

TEST_F(CallsConnectorCall, AClassificationFailureNamesTheEndpoint) {
  FakeApi api({500, {}, "oops"});
  sign_to(api);
  classify_with([](int, std::string_view) {
    return refusal<FakeClassification>(CNX_STATUS_INVALID_INPUT, "unknown endpoint");
  });
  const CallResult result = call_endpoint("nope");
  EXPECT_EQ(result.verdict, CNX_STATUS_INVALID_INPUT);
  EXPECT_EQ(result.message, "cannot classify the response of nope: unknown endpoint");
}

TEST_F(CallsConnectorCall, TheResultHoldsNothingOfTheConnector) {
  FakeApi api({200, {}, R"(["x"])"});
  sign_to(api);
  classify_with([](int, std::string_view) {
    FakeAnswer<FakeClassification> a;
    a.value.records = {{{1, 3}, {0, 0}}};
    a.value.message = "fine";
    return a;
  });
  CallResult result = call_endpoint("orders.search");
  ASSERT_TRUE(result.ok());
  // The call released every output and the connector is pinned by the target alone.
  EXPECT_EQ(fake_connector_state().outputs_live.load(), 0);
  EXPECT_GE(fake_connector_state().outputs_released.load(), 2);  // the request, the verdict
  EXPECT_EQ(target_.connector.use_count(), 1);
  target_.connector.reset();
  EXPECT_EQ(fake_connector_state().connectors_alive.load(), 0);
  EXPECT_EQ(result.record(0), R"("x")");
  EXPECT_EQ(result.message, "fine");
}

TEST_F(CallsConnectorCall, SignOnlyPassesMethodUrlTimestampAndContentTypeThrough) {
  set_hook(&FakeConnectorState::sign, [](const SeenRequest& seen) {
    FakeAnswer<FakeRequest> a;
    a.value.method = seen.method;
    a.value.url = "https://api.invalid" + seen.url + "&sign=abc";
    a.value.headers = {{"Content-Type", seen.content_type}};
    return a;
  });
  CallParts parts;
  parts.method = "PUT";
  parts.url = "/x?a=1";
  parts.content_type = "text/plain";
  parts.timestamp = 1700000000;
  parts.body = "bytes";
  const SignOutcome signed_call = sign_call(target_, parts);
  ASSERT_TRUE(signed_call.status.ok()) << signed_call.status.to_string();
  EXPECT_EQ(signed_call.request.method, "PUT");
  EXPECT_EQ(signed_call.request.url, "https://api.invalid/x?a=1&sign=abc");
  ASSERT_EQ(signed_call.request.headers.size(), 1u);
  EXPECT_EQ(signed_call.request.headers[0].value, "text/plain");
  EXPECT_EQ(signed_call.request.body, "bytes");
  EXPECT_EQ(fake_connector_state().signed_requests.at(0).timestamp, 1700000000);
}

TEST_F(CallsConnectorCall, APacedCallWaitsForItsBucketsToken) {
  FakeApi api({200, {}, "[]"});
  sign_to(api);
  classify_with([](int, std::string_view) { return FakeAnswer<FakeClassification>{}; });
  auto now = std::chrono::steady_clock::time_point{};
  TokenBucket bucket(1, 1, [&] { return now; });
  CallParts parts;
  parts.endpoint = "orders.search";
  ASSERT_TRUE(call_connector(target_, http_, parts, &bucket).ok());
  // The call took the bucket's only token: the next caller would wait about a second.
  EXPECT_GT(bucket.reserve(), std::chrono::milliseconds(900));
}

TEST(CallsTransportVerdict, OnlyFailuresThatRepeatThemselvesArePermanent) {
  EXPECT_EQ(verdict_for_transport(http::TransportError::kPlainHttpRefused), CNX_STATUS_PERMANENT);
  EXPECT_EQ(verdict_for_transport(http::TransportError::kConnect), CNX_STATUS_RETRY);
  EXPECT_EQ(verdict_for_transport(http::TransportError::kTls), CNX_STATUS_RETRY);
  EXPECT_EQ(verdict_for_transport(http::TransportError::kTruncated), CNX_STATUS_RETRY);
}

}  // namespace
}  // namespace host::engine
