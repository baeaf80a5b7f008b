// flow_session_caller.hpp: the real RemoteCaller, calling through a ConnectionSession.
//
// One attempt = sign through the connector (fresh timestamp), wait for the rate limiter, send
// with the session's HTTP client, classify through the connector. Retries follow RetryPolicy.
#pragma once

#include <memory>

#include "engine/connection_session.hpp"
#include "engine/flow_remote_call.hpp"
#include "engine/rate_limiter.hpp"
#include "engine/retry_policy.hpp"

namespace host::engine {

// THREADING: call() may run on many threads at once (the session, the plugin's connection, the
// HTTP client and the bucket are all thread-safe); each thread gets its own random generator.
class SessionRemoteCaller : public RemoteCaller {
 public:
  // OWNERSHIP: borrows `session`, which must outlive this caller.
  SessionRemoteCaller(ConnectionSession& session, std::shared_ptr<TokenBucket> bucket,
                      RetryPolicy policy);
  CallResult call(const CallRequest& request) override;

 private:
  CallResult attempt(const CallRequest& request, const std::string& token);

  ConnectionSession& session_;
  std::shared_ptr<TokenBucket> bucket_;
  RetryPolicy policy_;
};

}  // namespace host::engine
