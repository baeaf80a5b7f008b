// fault_injector.cpp: seeded fault draws.
#include "fault_injector.hpp"

#include <algorithm>
#include <string_view>

namespace sandbox {
namespace {

// Every kind a request can draw, with its stats name and the option that sets its rate, in the
// order of draw()'s stacked intervals.
struct DrawnKind {
  FaultKind kind;
  std::string_view name;
  double FaultOptions::*rate;
};
constexpr DrawnKind kDrawnKinds[] = {
    {FaultKind::kHttp503, "http_503", &FaultOptions::http_503_rate},
    {FaultKind::kHttp429, "http_429", &FaultOptions::http_429_rate},
    {FaultKind::kHttp500, "http_500", &FaultOptions::http_500_rate},
    {FaultKind::kInternalError, "internal_error", &FaultOptions::internal_error_rate},
    {FaultKind::kReset, "reset", &FaultOptions::reset_rate},
    {FaultKind::kTruncated, "truncated", &FaultOptions::truncated_rate},
    {FaultKind::kSlowBody, "slow_body", &FaultOptions::slow_body_rate},
};

}  // namespace

std::string fault_name(FaultKind kind) {
  if (kind == FaultKind::kNone) return "none";
  for (const DrawnKind& drawn : kDrawnKinds) {
    if (drawn.kind == kind) return std::string(drawn.name);
  }
  return "unknown";
}

FaultInjector::FaultInjector(const FaultOptions& options) : options_(options), rng_(options.seed) {}

double FaultInjector::uniform() {
  return static_cast<double>(rng_() >> 11) * 0x1.0p-53;  // 53 random bits
}

FaultPlan FaultInjector::draw() {
  std::lock_guard lock(mutex_);
  FaultPlan plan;
  if (options_.latency_rate > 0 && uniform() < options_.latency_rate)
    plan.latency_ms = options_.latency_ms;
  double any = 0;
  for (const DrawnKind& drawn : kDrawnKinds) any += std::max(0.0, options_.*drawn.rate);
  if (any <= 0) return plan;
  // One draw, stacked intervals: [0, r503) is a 503, [r503, r503 + r429) a 429, and so on, so
  // the kinds never compete for the same request and each one's share is its own rate.
  const double u = uniform();
  double upper = 0;
  for (const DrawnKind& drawn : kDrawnKinds) {
    upper += std::max(0.0, options_.*drawn.rate);
    if (u < upper) {
      plan.kind = drawn.kind;
      break;
    }
  }
  return plan;
}

}  // namespace sandbox
