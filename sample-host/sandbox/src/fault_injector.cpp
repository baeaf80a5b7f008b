// fault_injector.cpp: seeded fault draws.
#include "fault_injector.hpp"

namespace sandbox {

std::string fault_name(FaultKind kind) {
  switch (kind) {
    case FaultKind::kNone:
      return "none";
    case FaultKind::kHttp503:
      return "http_503";
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

bool FaultInjector::roll(double rate) {
  if (rate <= 0) return false;
  // 53 random bits -> [0, 1). Always consume a draw when the rate is set so one fault's rate
  // does not shift the others' sequence when it changes between 0 < r < 1 values.
  const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
  return u < rate;
}

FaultPlan FaultInjector::draw() {
  std::lock_guard lock(mutex_);
  FaultPlan plan;
  if (roll(options_.latency_rate)) plan.latency_ms = options_.latency_ms;
  const std::pair<double, FaultKind> kinds[] = {
      {options_.http_503_rate, FaultKind::kHttp503},
      {options_.http_500_rate, FaultKind::kHttp500},
      {options_.internal_error_rate, FaultKind::kInternalError},
      {options_.reset_rate, FaultKind::kReset},
      {options_.truncated_rate, FaultKind::kTruncated},
      {options_.slow_body_rate, FaultKind::kSlowBody},
  };
  for (const auto& [rate, kind] : kinds) {
    if (roll(rate) && plan.kind == FaultKind::kNone) plan.kind = kind;
  }
  return plan;
}

}  // namespace sandbox
