// sandbox_counters.hpp: the thread-safe counters behind SandboxStats.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/server.hpp"

namespace sandbox {

// One write a handler applied: its stats target ("inventory:<product id>") and whether it
// changed the shop's data (false: the data already was what the write asked for).
struct AppliedWrite {
  std::string target;
  bool changed_state = true;
};

// The shop a signed call named, for its per-shop counts.
struct ShopCall {
  std::string shop_id;        // empty: the call named no shop (or was refused before)
  bool rate_limited = false;  // the shop's rate limit refused it
};

// THREADING: every method is safe from any thread.
class SandboxCounters {
 public:
  // One routed answer with envelope code `code` (0 = ok); `endpoint` is the route's name, empty
  // when no route matched; counted for `shop` too when it names one.
  void record_answer(std::int64_t code, std::string_view endpoint, const ShopCall& shop = {});
  // One API request given a fault draw; `kind` is what it drew ("none" counts only the draw).
  void record_fault_draw(const std::string& kind);
  void record_fault(const std::string& kind);
  // One call that applied `writes` (each counted under its target, and under
  // writes_changed_by_target too when it changed state); `idempotency_key` (may be empty) is
  // counted once per applying call.
  void record_writes(const std::vector<AppliedWrite>& writes, const std::string& idempotency_key);
  void record_replay();
  SandboxStats snapshot() const;

 private:
  mutable std::mutex mutex_;
  SandboxStats stats_;
};

}  // namespace sandbox
