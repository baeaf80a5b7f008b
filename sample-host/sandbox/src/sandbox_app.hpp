// sandbox_app.hpp: the sandbox without its transport: a request in, an answer and a fault plan out.
#pragma once

#include <memory>

#include "api_types.hpp"
#include "fault_injector.hpp"
#include "rate_limiter.hpp"
#include "sandbox_counters.hpp"
#include "sandbox_state.hpp"
#include "webhook_dispatcher.hpp"

namespace sandbox {

// What the transport must do: send `response`, after `fault.latency_ms`, damaged as
// `fault.kind` says (only kReset, kTruncated, kSlowBody reach the transport).
struct Dispatch {
  ApiResponse response;
  FaultPlan fault;
};

// THREADING: handle() is safe from many I/O threads at once; data access is serialized.
class SandboxApp {
 public:
  // Seeds the data from the options.
  explicit SandboxApp(const SandboxOptions& options);

  // Routes and answers one request: routing errors, gateway checks, rate limit, faults,
  // idempotency ledger, then the endpoint's handler. Counts everything in counters().
  Dispatch handle(const ApiRequest& request);

  SandboxCounters& counters() { return counters_; }
  SandboxState& state() { return *state_; }
  WebhookDispatcher& webhooks() { return *webhooks_; }
  // The counters with the webhook counters folded in.
  SandboxStats stats() const;

 private:
  // Fills *shop with the shop the call named once the gateway accepted it for that shop.
  ApiResponse handle_signed(const struct RouteMatch& match, const ApiRequest& request,
                            FaultPlan* fault, ShopCall* shop);
  ApiResponse run_handler(const struct RouteMatch& match, const ApiRequest& request, ShopData* shop,
                          const TokenGrant* grant, const std::string& ledger_key,
                          const std::string& idempotency_key);

  std::unique_ptr<SandboxState> state_;
  std::unique_ptr<WebhookDispatcher> webhooks_;
  SandboxCounters counters_;
  RateLimiter rate_limiter_;
  FaultInjector faults_;
};

}  // namespace sandbox
