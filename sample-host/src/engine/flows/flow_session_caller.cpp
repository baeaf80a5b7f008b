#include "engine/flows/flow_session_caller.hpp"

#include <algorithm>
#include <thread>

#include "metrics/host_metrics.hpp"

namespace host::engine {

double endpoint_rate(const EndpointRateLimits& limits, const std::string& endpoint_id) {
  double rate = 0;
  if (limits.catalog != nullptr) {
    if (const EndpointSpec* spec = limits.catalog->find_endpoint(endpoint_id)) {
      rate = spec->rate_limit_per_second;
    }
  }
  if (limits.per_second > 0)
    rate = rate > 0 ? std::min(rate, limits.per_second) : limits.per_second;
  return rate;
}

SessionRemoteCaller::SessionRemoteCaller(ConnectionSession& session, EndpointRateLimits limits,
                                         RetryPolicy policy)
    : session_(session), limits_(std::move(limits)), policy_(policy) {}

std::optional<std::string> oversized_request(const CallRequest& request) {
  if (request.body.size() <= kMaxRequestBodyBytes) return std::nullopt;
  return "the request body for " + request.endpoint + " is " + std::to_string(request.body.size()) +
         " bytes; the host sends at most " + std::to_string(kMaxRequestBodyBytes) +
         " (the remote side refuses larger ones)";
}

CallResult SessionRemoteCaller::call(const CallRequest& request) {
  // Refused before the first attempt: sending it again would fail the same way every time.
  if (auto why = oversized_request(request)) {
    CallResult refused;
    refused.verdict = CNX_STATUS_INVALID_INPUT;
    refused.message = std::move(*why);
    return refused;
  }
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const metrics::CallSeries& series =
      metrics::host_metrics().call_series(session_.connector().manifest().id, request.endpoint);
  AttemptHooks hooks;
  hooks.access_token = [this] { return session_.access_token(); };
  hooks.refresh_after_rejection = [this](const std::string& rejected) {
    return session_.refresh_after_rejection(rejected);
  };
  hooks.attempt = [&](const std::string& token) { return attempt(request, token, series); };
  hooks.sleep = [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); };
  CallResult result = call_with_retries(policy_, hooks, rng);
  if (result.attempts > 1) series.count_retries(static_cast<uint64_t>(result.attempts - 1));
  return result;
}

CallResult SessionRemoteCaller::attempt(const CallRequest& request, const std::string& token,
                                        const metrics::CallSeries& series) {
  CallParts parts;
  parts.series = &series;
  parts.endpoint = request.endpoint;
  parts.path_params = &request.path_params;
  parts.query = &request.query;
  parts.body = request.body;
  parts.access_token = token;
  parts.scope_credential = request.scope_credential;
  std::shared_ptr<TokenBucket> pace;
  if (const double rate = endpoint_rate(limits_, request.endpoint);
      limits_.registry != nullptr && rate > 0) {
    pace = limits_.registry->bucket(limits_.prefix + request.endpoint, rate);
  }
  return call_connector(session_.target(), session_.http(), parts, pace.get());
}

}  // namespace host::engine
