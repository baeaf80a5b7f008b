// host_metrics.hpp: the metrics connector-host exposes (`GET /metrics` of `serve`,
// docs/CONSOLE_API.md), one set per process, and the series each hook increments.
//
// Labels (every value comes from a bounded set, so the series stay few):
//  - connector: the connector's manifest id; endpoint: the catalog endpoint id the connector
//    describes (never a URL, a query or a shop). No metric is labelled by shop, connection or
//    flow: a host serving hundreds of shops would grow a series per shop and per flow, and shop
//    ids are account identifiers; the run history (`runs list`) has them per run.
//  - outcome: a word from a fixed list per metric (see each below).
// THREADING: everything here may be used from any thread at once.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include <connector_abi/connector_abi.h>

#include "metrics/metrics_registry.hpp"

namespace host::metrics {

// The buckets of connector_host_request_duration_seconds: Prometheus's default buckets and 30 s
// (the HTTP client's longest timeouts).
inline constexpr std::array<double, 12> kRequestDurationBounds = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

// The outcome label of an exchange: the connector's verdict in lower case ("ok", "retry",
// "rate_limited", "refresh_token", "reauthorize", "permanent", "invalid_input", "internal",
// "unsupported"), "other" for a verdict newer than this host.
std::string_view verdict_label(cnx_status verdict);

// The series of one endpoint of one connector. Each verdict's counter is resolved on its first
// use and kept, so that a count is an atomic load and an add.
class CallSeries {
 public:
  CallSeries(CounterFamily& requests, Counter& retries, Histogram& duration, std::string connector,
             std::string endpoint);

  // One exchange with the remote API (an attempt: retries count again) that ended in `verdict`
  // `seconds` after it was sent (an answer, or the transport's failure).
  void count_request(cnx_status verdict, double seconds) const;

  // Attempts a call made beyond its first (after a retryable answer or a token refresh).
  void count_retries(uint64_t n) const;

 private:
  static constexpr size_t kVerdictSlots = CNX_STATUS_UNSUPPORTED + 2;  // and "other"

  CounterFamily& requests_;
  Counter& retries_;
  Histogram& duration_;
  std::string connector_;
  std::string endpoint_;
  mutable std::array<std::atomic<Counter*>, kVerdictSlots> by_verdict_{};
};

// What a token refresh came to (connector_host_token_refreshes_total{outcome}).
enum class RefreshOutcome {
  kOk,           // "ok": new tokens stored
  kFailed,       // "failed": the exchange failed after its retries; the tokens stay
  kReauthorize,  // "reauthorize": the refresh token is dead; a person must authorize again
};

// What a webhook delivery came to (connector_host_webhook_deliveries_total{outcome}).
enum class DeliveryCount {
  kAccepted,   // "accepted": verified and stored (200)
  kDuplicate,  // "duplicate": verified, already stored (200)
  kRefused,    // "refused": bad signature, wrong path or method (401, 404, 405)
  kFailed,     // "failed": the host could not verify or store it (500, 503; the sender retries)
};

class HostMetrics {
 public:
  HostMetrics();

  // The series of `endpoint` of `connector`, made on first use and kept for the process.
  const CallSeries& call_series(std::string_view connector, std::string_view endpoint);

  void count_refresh(RefreshOutcome outcome) { refreshes_[static_cast<size_t>(outcome)]->inc(); }
  void count_delivery(DeliveryCount outcome) { deliveries_[static_cast<size_t>(outcome)]->inc(); }

  // The rest is resolved per run (a run is rare next to its requests).
  Registry registry;
  CounterFamily& requests;            // connector_host_requests_total{connector,endpoint,outcome}
  HistogramFamily& request_duration;  // connector_host_request_duration_seconds{connector,endpoint}
  CounterFamily& retries;             // connector_host_retries_total{connector,endpoint}
  CounterFamily& token_refreshes;     // connector_host_token_refreshes_total{outcome}
  CounterFamily& webhook_deliveries;  // connector_host_webhook_deliveries_total{outcome}
  CounterFamily& runs;                // connector_host_runs_total{kind,outcome}
  GaugeFamily& runs_running;          // connector_host_runs_running{kind}
  CounterFamily& records_exported;    // connector_host_records_exported_total{resource}
  CounterFamily& records_imported;    // connector_host_records_imported_total{resource,outcome}

 private:
  std::array<Counter*, 3> refreshes_{};
  std::array<Counter*, 4> deliveries_{};
  std::shared_mutex calls_mutex_;
  // connector -> endpoint -> series; guarded by calls_mutex_
  std::map<std::string, std::map<std::string, std::unique_ptr<CallSeries>, std::less<>>,
           std::less<>>
      calls_;
};

// The one set of this process: what `GET /metrics` renders.
HostMetrics& host_metrics();

}  // namespace host::metrics
