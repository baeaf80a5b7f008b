// flow_session_caller.hpp: the real RemoteCaller, calling through a ConnectionSession.
//
// One attempt = sign through the connector (fresh timestamp), wait for the rate limiter, send
// with the session's HTTP client, classify through the connector. Retries follow RetryPolicy.
#pragma once

#include <memory>

#include "engine/connection_session.hpp"
#include "engine/flow_catalog.hpp"
#include "engine/flow_remote_call.hpp"
#include "engine/rate_limiter.hpp"
#include "engine/retry_policy.hpp"

namespace host::engine {

// Where a caller's requests queue for the remote side's rate limit: one bucket per endpoint,
// named "<prefix><endpoint id>" in `registry`. Each endpoint's rate is the one the connector
// publishes for it (describe: endpoints.*.rate_limit), capped by `per_second` when that is set.
struct EndpointRateLimits {
  RateLimiterRegistry* registry = nullptr;  // null: no limit
  std::string prefix;                       // e.g. "<app>/<shop>/"
  double per_second = 0;                    // a cap from the flow; 0: none
  const FlowCatalog* catalog = nullptr;     // per-endpoint rates; null: per_second alone
};

// The rate an endpoint's bucket gets under `limits`; 0 when nothing limits it.
double endpoint_rate(const EndpointRateLimits& limits, const std::string& endpoint_id);

// THREADING: call() may run on many threads at once (the session, the plugin's connection, the
// HTTP client and the buckets are all thread-safe); each thread gets its own random generator.
class SessionRemoteCaller : public RemoteCaller {
 public:
  // OWNERSHIP: borrows `session` and `limits.registry`, which must outlive this caller.
  SessionRemoteCaller(ConnectionSession& session, EndpointRateLimits limits, RetryPolicy policy);
  CallResult call(const CallRequest& request) override;

 private:
  CallResult attempt(const CallRequest& request, const std::string& token);

  ConnectionSession& session_;
  EndpointRateLimits limits_;
  RetryPolicy policy_;
};

}  // namespace host::engine
