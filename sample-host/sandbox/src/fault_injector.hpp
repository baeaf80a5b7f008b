// fault_injector.hpp: deciding, per API request, which injected fault (if any) happens.
#pragma once

#include <mutex>
#include <random>
#include <string>

#include "sandbox/server.hpp"

namespace sandbox {

enum class FaultKind {
  kNone,
  kHttp503,        // answered instead of the handler
  kHttp429,        // answered instead of the handler, as the rate limit answers
  kHttp500,        // answered instead of the handler
  kInternalError,  // HTTP 200 + 36009003, instead of the handler
  kReset,          // handler runs; connection reset instead of the answer
  kTruncated,      // handler runs; half the body, then close
  kSlowBody,       // handler runs; body trickles out
};

struct FaultPlan {
  int latency_ms = 0;  // added before answering (independent of kind)
  FaultKind kind = FaultKind::kNone;
};

// Stats name of a fault kind ("http_503", "reset", ...).
std::string fault_name(FaultKind kind);

// One seeded generator for every draw: one number for latency (when its rate is set) and one that
// picks the kind (when any kind's rate is set), so each kind's share is its rate (see
// FaultOptions). THREADING: safe from any thread; the sequence of plans follows the order in
// which requests arrive.
class FaultInjector {
 public:
  explicit FaultInjector(const FaultOptions& options);
  FaultPlan draw();

 private:
  double uniform();  // [0, 1)
  const FaultOptions options_;
  std::mutex mutex_;
  std::mt19937_64 rng_;
};

}  // namespace sandbox
