// The metrics registry and its text rendering: exact text for a known set of metrics, escaping,
// cumulative histogram buckets, concurrent increments, and the definitions it refuses.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "metrics/metrics_registry.hpp"
#include "metrics/text_exposition.hpp"

namespace host::metrics {
namespace {

TEST(MetricsRegistry, RendersAKnownSetOfMetricsExactly) {
  Registry registry;
  CounterFamily& requests =
      registry.add_counter("app_requests_total", "Requests sent.", {"endpoint", "outcome"});
  Counter& unlabelled = registry.add_counter("app_restarts_total", "Restarts.").with({});
  GaugeFamily& running = registry.add_gauge("app_running", "Runs going on.", {"kind"});
  HistogramFamily& duration =
      registry.add_histogram("app_duration_seconds", "Durations.", {"endpoint"}, {0.1, 1});

  requests.with({"orders.search", "ok"}).inc(3);
  requests.with({"orders.get", "rate_limited"}).inc();
  running.with({"export"}).add(2);
  running.with({"export"}).add(-1);
  Histogram& search = duration.with({"orders.search"});
  search.observe(0.05);
  search.observe(0.1);  // on a bound: le is "less or equal"
  search.observe(0.5);
  search.observe(4);
  unlabelled.inc(0);

  EXPECT_EQ(registry.render(),
            "# HELP app_requests_total Requests sent.\n"
            "# TYPE app_requests_total counter\n"
            "app_requests_total{endpoint=\"orders.get\",outcome=\"rate_limited\"} 1\n"
            "app_requests_total{endpoint=\"orders.search\",outcome=\"ok\"} 3\n"
            "# HELP app_restarts_total Restarts.\n"
            "# TYPE app_restarts_total counter\n"
            "app_restarts_total 0\n"
            "# HELP app_running Runs going on.\n"
            "# TYPE app_running gauge\n"
            "app_running{kind=\"export\"} 1\n"
            "# HELP app_duration_seconds Durations.\n"
            "# TYPE app_duration_seconds histogram\n"
            "app_duration_seconds_bucket{endpoint=\"orders.search\",le=\"0.1\"} 2\n"
            "app_duration_seconds_bucket{endpoint=\"orders.search\",le=\"1\"} 3\n"
            "app_duration_seconds_bucket{endpoint=\"orders.search\",le=\"+Inf\"} 4\n"
            "app_duration_seconds_sum{endpoint=\"orders.search\"} 4.65\n"
            "app_duration_seconds_count{endpoint=\"orders.search\"} 4\n");
}

TEST(MetricsRegistry, WithReturnsTheSameSeriesForTheSameLabels) {
  Registry registry;
  CounterFamily& family = registry.add_counter("x_total", "X.", {"a"});
  Counter& first = family.with({"1"});
  EXPECT_EQ(&first, &family.with({"1"}));
  EXPECT_NE(&first, &family.with({"2"}));
  EXPECT_THROW(family.with({"1", "2"}), std::invalid_argument);
  EXPECT_THROW(family.with({}), std::invalid_argument);
}

TEST(MetricsRegistry, EscapesLabelValuesAndHelpText) {
  Registry registry;
  registry.add_counter("x_total", "a \\ backslash,\na line feed and \"quotes\"", {"path"})
      .with({"C:\\DIR\\\"FILE\"\nnext"})
      .inc();
  EXPECT_EQ(registry.render(),
            "# HELP x_total a \\\\ backslash,\\na line feed and \"quotes\"\n"
            "# TYPE x_total counter\n"
            "x_total{path=\"C:\\\\DIR\\\\\\\"FILE\\\"\\nnext\"} 1\n");
}

TEST(MetricsRegistry, HistogramBucketsAreCumulativeAndEndInTheCount) {
  Registry registry;
  Histogram& h = registry.add_histogram("h_seconds", "H.", {}, {1, 2, 3}).with({});
  for (double v : {3.5, 0.5, 2.5, 2.5, 1.0, 9.0, -1.0}) h.observe(v);
  h.observe(std::numeric_limits<double>::quiet_NaN());  // not counted
  const Histogram::Snapshot s = h.snapshot();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{3, 3, 5, 7}));
  EXPECT_EQ(s.count, 7u);
  EXPECT_DOUBLE_EQ(s.sum, 18.0);
  EXPECT_NE(registry.render().find("h_seconds_bucket{le=\"2\"} 3\n"
                                   "h_seconds_bucket{le=\"3\"} 5\n"
                                   "h_seconds_bucket{le=\"+Inf\"} 7\n"
                                   "h_seconds_sum 18\n"
                                   "h_seconds_count 7\n"),
            std::string::npos)
      << registry.render();
}

TEST(MetricsRegistry, ConcurrentIncrementsSumRight) {
  Registry registry;
  CounterFamily& family = registry.add_counter("c_total", "C.", {"endpoint"});
  Histogram& h = registry.add_histogram("d_seconds", "D.", {}, {0.5}).with({});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Half the threads resolve their series once, half on every increment: both must add up.
      Counter& mine = family.with({t % 2 == 0 ? "a" : "b"});
      for (int i = 0; i < kPerThread; ++i) {
        if (t % 4 < 2) {
          mine.inc();
        } else {
          family.with({t % 2 == 0 ? "a" : "b"}).inc();
        }
        h.observe(i % 2 == 0 ? 0.25 : 1.0);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(family.with({"a"}).value() + family.with({"b"}).value(),
            static_cast<uint64_t>(kThreads) * kPerThread);
  EXPECT_EQ(family.with({"a"}).value(), static_cast<uint64_t>(kThreads / 2) * kPerThread);
  const Histogram::Snapshot s = h.snapshot();
  EXPECT_EQ(s.count, static_cast<uint64_t>(kThreads) * kPerThread);
  EXPECT_EQ(s.cumulative[0], s.count / 2);
  EXPECT_DOUBLE_EQ(s.sum, kThreads * kPerThread * 1.25 / 2);
}

TEST(MetricsRegistry, RefusesDefinitionsTheFormatOrTheConventionsRefuse) {
  Registry registry;
  EXPECT_THROW(registry.add_counter("requests", "no _total"), std::invalid_argument);
  EXPECT_THROW(registry.add_counter("9lives_total", "starts with a digit"), std::invalid_argument);
  EXPECT_THROW(registry.add_counter("a-b_total", "a dash"), std::invalid_argument);
  EXPECT_THROW(registry.add_gauge("g", "reserved label", {"__name"}), std::invalid_argument);
  EXPECT_THROW(registry.add_gauge("g", "bad label", {"a:b"}), std::invalid_argument);
  EXPECT_THROW(registry.add_histogram("h", "le is taken", {"le"}, {1}), std::invalid_argument);
  EXPECT_THROW(registry.add_histogram("h", "descending", {}, {2, 1}), std::invalid_argument);
  EXPECT_THROW(registry.add_histogram("h", "repeated", {}, {1, 1}), std::invalid_argument);
  EXPECT_THROW(registry.add_histogram("h", "infinite", {}, {1, INFINITY}), std::invalid_argument);
  registry.add_gauge("ns:g", "a colon is allowed in metric names");
  EXPECT_THROW(registry.add_gauge("ns:g", "twice"), std::invalid_argument);
}

TEST(MetricsTextExposition, FormatsValuesAsPrometheusReadsThem) {
  auto text = [](auto v) {
    std::string out;
    append_value(out, v);
    return out;
  };
  EXPECT_EQ(text(0.005), "0.005");
  EXPECT_EQ(text(1.0), "1");
  EXPECT_EQ(text(2.5), "2.5");
  EXPECT_EQ(text(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(text(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(text(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(text(uint64_t{18446744073709551615u}), "18446744073709551615");
  EXPECT_EQ(text(int64_t{-3}), "-3");
  EXPECT_TRUE(is_metric_name("connector_host_requests_total"));
  EXPECT_FALSE(is_metric_name(""));
  EXPECT_TRUE(is_label_name("_x1"));
  EXPECT_FALSE(is_label_name("__reserved"));
}

}  // namespace
}  // namespace host::metrics
