// fault_injector.cpp: seeded fault draws.
#include "fault_injector.hpp"

#include <algorithm>

namespace sandbox {

std::string fault_name(FaultKind kind) {
  switch (kind) {
    case FaultKind::kNone:
      return "none";
    case FaultKind::kHttp503:
      return "http_503";
    case FaultKind::kHttp429:
      return "http_429";
    case FaultKind::kHttp500:
      return "http_500";
    case FaultKind::kInternalError:
      return "internal_error";
    case FaultKind::kReset:
      return "reset";
    case FaultKind::kTruncated:
      return "truncated";
    case FaultKind::kSlowBody:
      return "slow_body";
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
  const std::pair<double, FaultKind> kinds[] = {
      {options_.http_503_rate, FaultKind::kHttp503},
      {options_.http_429_rate, FaultKind::kHttp429},
      {options_.http_500_rate, FaultKind::kHttp500},
      {options_.internal_error_rate, FaultKind::kInternalError},
      {options_.reset_rate, FaultKind::kReset},
      {options_.truncated_rate, FaultKind::kTruncated},
      {options_.slow_body_rate, FaultKind::kSlowBody},
  };
  double any = 0;
  for (const auto& kind : kinds) any += std::max(0.0, kind.first);
  if (any <= 0) return plan;
  // One draw, stacked intervals: [0, r503) is a 503, [r503, r503 + r429) a 429, and so on, so
  // the kinds never compete for the same request and each one's share is its own rate.
  const double u = uniform();
  double upper = 0;
  for (const auto& [rate, kind] : kinds) {
    upper += std::max(0.0, rate);
    if (u < upper) {
      plan.kind = kind;
      break;
    }
  }
  return plan;
}

}  // namespace sandbox
