// GET /metrics of the console against a real export: the counts it shows match what the
// sandbox counted and what the run history says, and it answers loopback scrapers only
// (console/metrics_endpoint.hpp, docs/CONSOLE_API.md).
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>

#include "console_api_fixture.hpp"
#include "engine/flows/run/run_history.hpp"

namespace console_api {
namespace {

// The value of the sample whose name and labels start with `prefix` (up to the value's space),
// summed over every sample that does: `name{a="x",` sums over the labels after a.
double sum_of(const std::string& text, const std::string& prefix) {
  double sum = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#' || !line.starts_with(prefix)) continue;
    sum += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

// The number after "key": in a JSON document (the run documents are flat enough); a count the
// document leaves out is 0.
int64_t json_number(const std::string& json, const std::string& key) {
  const size_t at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return 0;
  return std::stoll(json.substr(at + key.size() + 3));
}

// `head` (a sample name with its first labels, ending in a comma), then endpoint="ENDPOINT" and
// `tail`: the prefix of one endpoint's samples.
std::string series(const std::string& head, const std::string& endpoint, const std::string& tail) {
  std::string out = head;
  out += "endpoint=\"";
  out += endpoint;
  out += "\"";
  out += tail;
  return out;
}

class ConsoleMetricsTest : public ConsoleApiTest {
 protected:
  void SetUp() override {
    // One 429 in eight answers: the run gets past them with retries, and the counts show them.
    options_.faults.http_429_rate = 0.125;
    options_.faults.seed = 7;
    ConsoleApiTest::SetUp();
  }

  HttpReply scrape(const test_support::Headers& headers = {}) {
    return send("GET", "/metrics", headers);
  }
};

TEST_F(ConsoleMetricsTest, an_exports_counts_match_the_sandbox_and_the_run_history) {
  log_in();
  const std::string shop_id = authorize_through_console();
  ASSERT_FALSE(shop_id.empty());
  write("flows/orders.json", R"({"name": "metrics-orders", "connection": "e2e-shop",
    "kind": "export", "resource": "orders", "shop": ")" +
                                 shop_id + R"(", "page_size": 20,
    "window": {"field": "update", "lookback_seconds": 3456000, "slice_seconds": 345600},
    "output": "orders.jsonl"})");

  // A scraper carries no session cookie.
  const HttpReply before = scrape();
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const sandbox::SandboxStats sandbox_before = sandbox_->stats();

  const HttpReply run = run_to_the_end("metrics-orders", R"({"mode":"all"})");
  ASSERT_EQ(json_string(run.body, "outcome"), "succeeded") << run.body;
  const HttpReply after = scrape();
  ASSERT_EQ(after.status, 200) << after.body;
  const sandbox::SandboxStats sandbox_after = sandbox_->stats();

  auto delta = [&](const std::string& prefix) {
    return sum_of(after.body, prefix) - sum_of(before.body, prefix);
  };
  auto sandbox_delta = [&](const std::string& endpoint) {
    auto count = [&](const sandbox::SandboxStats& s) {
      const auto found = s.requests_by_endpoint.find(endpoint);
      return found == s.requests_by_endpoint.end() ? 0.0 : static_cast<double>(found->second);
    };
    return count(sandbox_after) - count(sandbox_before);
  };
  auto rate_limited = [](const sandbox::SandboxStats& s) {
    const auto found = s.rejected_by_code.find(36009002);  // the sandbox's 429 code
    return found == s.rejected_by_code.end() ? 0.0 : static_cast<double>(found->second);
  };

  const std::string requests = "connector_host_requests_total{connector=\"tiktok-shop\",";
  // Per endpoint: every request the host counted reached the sandbox, and nothing else did.
  double all_requests = 0;
  for (const std::string endpoint : {"orders.search", "orders.get"}) {
    const double counted = delta(series(requests, endpoint, ","));
    EXPECT_EQ(counted, sandbox_delta(endpoint)) << endpoint << "\n" << after.body;
    EXPECT_EQ(delta("connector_host_request_duration_seconds_count{connector=\"tiktok-shop\","
                    "endpoint=\"" +
                    endpoint + "\"}"),
              counted)
        << endpoint;
    all_requests += counted;
  }
  double rate_limited_answers = 0;
  for (const std::string endpoint : {"orders.search", "orders.get"}) {
    rate_limited_answers += delta(series(requests, endpoint, ",outcome=\"rate_limited\"}"));
  }
  EXPECT_GT(rate_limited_answers, 0) << after.body;  // the faults were drawn
  EXPECT_EQ(rate_limited_answers, rate_limited(sandbox_after) - rate_limited(sandbox_before));
  // Nothing else was sent while the run went.
  EXPECT_EQ(delta("connector_host_requests_total{"), all_requests) << after.body;

  // The run history says the same: the console's run document and the row behind it.
  EXPECT_EQ(all_requests, json_number(run.body, "requests")) << run.body;
  host::engine::HostPaths paths;
  paths.state_dir = dir_ / "state";
  const auto recorded = host::engine::find_run(paths, std::stoll(json_string(run.body, "id")));
  ASSERT_TRUE(recorded.has_value()) << run.body;
  EXPECT_EQ(all_requests, recorded->counts.requests);
  EXPECT_EQ(rate_limited_answers, recorded->counts.rate_limited);
  EXPECT_EQ(delta("connector_host_retries_total{"), recorded->counts.retries);
  EXPECT_GT(recorded->counts.records, 0u);
  EXPECT_EQ(delta("connector_host_records_exported_total{resource=\"orders\"}"),
            recorded->counts.records);
  EXPECT_EQ(delta("connector_host_runs_total{kind=\"export\",outcome=\"succeeded\"}"), 1);
  EXPECT_EQ(sum_of(after.body, "connector_host_runs_running{kind=\"export\"}"), 0);

  // Nothing in it names the shop, the connection or a URL.
  EXPECT_EQ(after.body.find(shop_id), std::string::npos);
  EXPECT_EQ(after.body.find("e2e-shop"), std::string::npos);
  EXPECT_EQ(after.body.find("http"), std::string::npos);
  EXPECT_EQ(after.body.find(connection_e2e::kAppKey), std::string::npos);
}

TEST_F(ConsoleMetricsTest, a_scrape_a_proxy_forwarded_is_refused_as_documented) {
  EXPECT_EQ(scrape().status, 200);
  HttpReply refused = scrape({{"X-Forwarded-For", "203.0.113.7"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body.find("connector_host_"), std::string::npos) << refused.body;
  EXPECT_EQ(scrape({{"Forwarded", "for=203.0.113.7"}}).status, 403);
  EXPECT_EQ(send("POST", "/metrics").status, 405);
}

}  // namespace
}  // namespace console_api
