// The host's metric set: an endpoint's series count each verdict into its own outcome, resolve
// once, and show in the text; GET /metrics answers loopback scrapers only.
#include <gtest/gtest.h>

#include <string>

#include "console/metrics_endpoint.hpp"
#include "metrics/host_metrics.hpp"
#include "metrics/text_exposition.hpp"

namespace host::metrics {
namespace {

TEST(HostMetrics, AnEndpointsSeriesCountEachVerdictAndDuration) {
  HostMetrics m;
  const CallSeries& series = m.call_series("conn-a", "orders.search");
  EXPECT_EQ(&series, &m.call_series("conn-a", "orders.search"));
  EXPECT_NE(&series, &m.call_series("conn-b", "orders.search"));
  series.count_request(CNX_STATUS_OK, 0.02);
  series.count_request(CNX_STATUS_OK, 0.2);
  series.count_request(CNX_STATUS_RATE_LIMITED, 0.004);
  series.count_request(static_cast<cnx_status>(9), 0.004);  // a verdict newer than the host
  series.count_retries(2);
  series.count_retries(0);
  EXPECT_EQ(m.requests.with({"conn-a", "orders.search", "ok"}).value(), 2u);
  EXPECT_EQ(m.requests.with({"conn-a", "orders.search", "rate_limited"}).value(), 1u);
  EXPECT_EQ(m.requests.with({"conn-a", "orders.search", "other"}).value(), 1u);
  EXPECT_EQ(m.retries.with({"conn-a", "orders.search"}).value(), 2u);
  const Histogram::Snapshot d = m.request_duration.with({"conn-a", "orders.search"}).snapshot();
  EXPECT_EQ(d.count, 4u);
  EXPECT_EQ(d.cumulative[0], 2u);  // 0.004 twice, <= 0.005

  const std::string text = m.registry.render();
  EXPECT_NE(text.find("connector_host_requests_total{connector=\"conn-a\",endpoint=\"orders."
                      "search\",outcome=\"ok\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("connector_host_request_duration_seconds_bucket{connector=\"conn-a\","
                      "endpoint=\"orders.search\",le=\"0.25\"} 4\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("connector_host_retries_total{connector=\"conn-a\",endpoint=\"orders."
                      "search\"} 2\n"),
            std::string::npos);
}

TEST(HostMetrics, RefreshAndDeliveryOutcomesShowFromTheStart) {
  HostMetrics m;
  m.count_refresh(RefreshOutcome::kReauthorize);
  m.count_delivery(DeliveryCount::kDuplicate);
  m.count_delivery(DeliveryCount::kDuplicate);
  const std::string text = m.registry.render();
  for (const char* line : {"connector_host_token_refreshes_total{outcome=\"ok\"} 0\n",
                           "connector_host_token_refreshes_total{outcome=\"reauthorize\"} 1\n",
                           "connector_host_webhook_deliveries_total{outcome=\"accepted\"} 0\n",
                           "connector_host_webhook_deliveries_total{outcome=\"duplicate\"} 2\n",
                           "connector_host_webhook_deliveries_total{outcome=\"refused\"} 0\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
}

TEST(HostMetrics, VerdictLabelsAreTheVerdictsInLowerCase) {
  EXPECT_EQ(verdict_label(CNX_STATUS_OK), "ok");
  EXPECT_EQ(verdict_label(CNX_STATUS_RETRY), "retry");
  EXPECT_EQ(verdict_label(CNX_STATUS_REFRESH_TOKEN), "refresh_token");
  EXPECT_EQ(verdict_label(CNX_STATUS_PERMANENT), "permanent");
}

http::IncomingRequest scrape(const std::string& remote, const http::Header& extra = {}) {
  http::IncomingRequest request;
  request.method = "GET";
  request.target = "/metrics";
  request.remote = remote;
  if (!extra.name.empty()) request.headers.push_back(extra);
  return request;
}

TEST(MetricsEndpoint, AnswersLoopbackScrapersOnly) {
  for (const char* local :
       {"127.0.0.1:5000", "127.8.9.1:1", "[::1]:5000", "[::ffff:127.0.0.1]:9"}) {
    const http::OutgoingResponse response = console::metrics_response(scrape(local));
    EXPECT_EQ(response.status, 200) << local;
    ASSERT_FALSE(response.headers.empty());
    EXPECT_EQ(response.headers[0].value, kTextContentType);
    EXPECT_NE(response.body.find("# TYPE connector_host_requests_total counter\n"),
              std::string::npos);
  }
  for (const char* remote : {"10.0.0.5:5000", "[2001:db8::1]:80", "[::ffff:10.0.0.1]:9",
                             "192.168.1.127:127", "unknown", ""}) {
    const http::OutgoingResponse response = console::metrics_response(scrape(remote));
    EXPECT_EQ(response.status, 403) << remote;
    EXPECT_EQ(response.body.find("connector_host_"), std::string::npos) << remote;
  }
}

TEST(MetricsEndpoint, RefusesWhatAProxyForwardedAndOtherMethods) {
  EXPECT_EQ(
      console::metrics_response(scrape("127.0.0.1:1", {"X-Forwarded-For", "203.0.113.9"})).status,
      403);
  EXPECT_EQ(
      console::metrics_response(scrape("127.0.0.1:1", {"Forwarded", "for=203.0.113.9"})).status,
      403);
  http::IncomingRequest post = scrape("127.0.0.1:1");
  post.method = "POST";
  EXPECT_EQ(console::metrics_response(post).status, 405);
}

}  // namespace
}  // namespace host::metrics
