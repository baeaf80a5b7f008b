// flow_session_caller.hpp: the real RemoteCaller, calling through a ConnectionSession.
//
// One attempt is calls/connector_call.hpp's call_connector (sign with a fresh timestamp, wait for
// the endpoint's rate limiter, send with the session's HTTP client, classify). Retries follow
// RetryPolicy.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/authorization/connection_session.hpp"
#include "engine/calls/connector_call.hpp"
#include "engine/calls/rate_limiter.hpp"
#include "engine/calls/remote_call.hpp"
#include "engine/calls/retry_policy.hpp"
#include "engine/flows/flow_catalog.hpp"

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

// Request bodies the host sends at most. Flow filters are bounded far below it; an import record
// above it is refused without a send: APIs answer such bodies 413 or cut the connection, and a
// cut connection would otherwise be retried max_attempts times with the same bytes.
inline constexpr size_t kMaxRequestBodyBytes = size_t{1024} * 1024;

// Why `request` cannot be sent (its body is over kMaxRequestBodyBytes), or nullopt.
std::optional<std::string> oversized_request(const CallRequest& request);

// THREADING: call() may run on many threads at once (the session, the plugin's connection, the
// HTTP client and the buckets are all thread-safe); each thread gets its own random generator.
class SessionRemoteCaller : public RemoteCaller {
 public:
  // OWNERSHIP: borrows `session` and `limits.registry`, which must outlive this caller.
  SessionRemoteCaller(ConnectionSession& session, EndpointRateLimits limits, RetryPolicy policy);
  CallResult call(const CallRequest& request) override;

 private:
  CallResult attempt(const CallRequest& request, const std::string& token,
                     const metrics::CallSeries& series);

  ConnectionSession& session_;
  EndpointRateLimits limits_;
  RetryPolicy policy_;
};

}  // namespace host::engine
