#include "metrics/host_metrics.hpp"

#include <mutex>

namespace host::metrics {

std::string_view verdict_label(cnx_status verdict) {
  switch (verdict) {
    case CNX_STATUS_OK:
      return "ok";
    case CNX_STATUS_INVALID_INPUT:
      return "invalid_input";
    case CNX_STATUS_RETRY:
      return "retry";
    case CNX_STATUS_RATE_LIMITED:
      return "rate_limited";
    case CNX_STATUS_REFRESH_TOKEN:
      return "refresh_token";
    case CNX_STATUS_REAUTHORIZE:
      return "reauthorize";
    case CNX_STATUS_PERMANENT:
      return "permanent";
    case CNX_STATUS_INTERNAL:
      return "internal";
    case CNX_STATUS_UNSUPPORTED:
      return "unsupported";
  }
  return "other";
}

CallSeries::CallSeries(CounterFamily& requests, Counter& retries, Histogram& duration,
                       std::string connector, std::string endpoint)
    : requests_(requests),
      retries_(retries),
      duration_(duration),
      connector_(std::move(connector)),
      endpoint_(std::move(endpoint)) {}

void CallSeries::count_request(cnx_status verdict, double seconds) const {
  const auto index = static_cast<size_t>(verdict);
  std::atomic<Counter*>& slot = by_verdict_[index < kVerdictSlots - 1 ? index : kVerdictSlots - 1];
  Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    // Two threads may both resolve it: Family::with gives both the same series.
    counter = &requests_.with({connector_, endpoint_, verdict_label(verdict)});
    slot.store(counter, std::memory_order_release);
  }
  counter->inc();
  duration_.observe(seconds);
}

void CallSeries::count_retries(uint64_t n) const {
  if (n > 0) retries_.inc(n);
}

HostMetrics::HostMetrics()
    : requests(registry.add_counter(
          "connector_host_requests_total",
          "Exchanges with a connector's remote API, retries included, by the connector's verdict "
          "on each (rate_limited: HTTP 429 or the remote side's rate-limit code).",
          {"connector", "endpoint", "outcome"})),
      request_duration(registry.add_histogram(
          "connector_host_request_duration_seconds",
          "Time from sending a request to its answer (or its transport failure); signing and "
          "the wait for the rate limit excluded.",
          {"connector", "endpoint"},
          {kRequestDurationBounds.begin(), kRequestDurationBounds.end()})),
      retries(registry.add_counter(
          "connector_host_retries_total",
          "Attempts calls made beyond their first: after a retryable answer, a rate limit or a "
          "token refresh (as the run history counts retries).",
          {"connector", "endpoint"})),
      token_refreshes(registry.add_counter("connector_host_token_refreshes_total",
                                           "Access token refreshes this process made, by outcome.",
                                           {"outcome"})),
      webhook_deliveries(registry.add_counter("connector_host_webhook_deliveries_total",
                                              "Webhook deliveries received, by outcome.",
                                              {"outcome"})),
      runs(registry.add_counter("connector_host_runs_total",
                                "Flow runs that ended, by kind and outcome (the run history's).",
                                {"kind", "outcome"})),
      runs_running(
          registry.add_gauge("connector_host_runs_running", "Flow runs going on now.", {"kind"})),
      records_exported(registry.add_counter(
          "connector_host_records_exported_total",
          "Records export runs committed, counted as each slice commits.", {"resource"})),
      records_imported(registry.add_counter(
          "connector_host_records_imported_total",
          "Records import runs read, by outcome (applied, skipped, failed), counted when each run "
          "ends.",
          {"resource", "outcome"})) {
  refreshes_ = {&token_refreshes.with({"ok"}), &token_refreshes.with({"failed"}),
                &token_refreshes.with({"reauthorize"})};
  deliveries_ = {&webhook_deliveries.with({"accepted"}), &webhook_deliveries.with({"duplicate"}),
                 &webhook_deliveries.with({"refused"}), &webhook_deliveries.with({"failed"})};
}

const CallSeries& HostMetrics::call_series(std::string_view connector, std::string_view endpoint) {
  {
    std::shared_lock lock(calls_mutex_);
    if (auto by_connector = calls_.find(connector); by_connector != calls_.end()) {
      if (auto found = by_connector->second.find(endpoint); found != by_connector->second.end()) {
        return *found->second;
      }
    }
  }
  std::unique_lock lock(calls_mutex_);
  auto& endpoints = calls_.try_emplace(std::string(connector)).first->second;
  auto& slot = endpoints[std::string(endpoint)];
  if (!slot) {
    const std::vector<std::string> labels = {std::string(connector), std::string(endpoint)};
    slot =
        std::make_unique<CallSeries>(requests, retries.with(labels), request_duration.with(labels),
                                     std::string(connector), std::string(endpoint));
  }
  return *slot;
}

HostMetrics& host_metrics() {
  static HostMetrics metrics;
  return metrics;
}

}  // namespace host::metrics
