// sandbox_counters.hpp: the thread-safe counters behind SandboxStats.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sandbox/server.hpp"

namespace sandbox {

// THREADING: every method is safe from any thread.
class SandboxCounters {
 public:
  // One routed answer with envelope code `code` (0 = ok).
  void record_answer(std::int64_t code);
  void record_fault(const std::string& kind);
  // One call that applied writes to `targets` (counted each); `idempotency_key` (may be empty)
  // is counted once per applying call.
  void record_writes(const std::vector<std::string>& targets, const std::string& idempotency_key);
  void record_replay();
  SandboxStats snapshot() const;

 private:
  mutable std::mutex mutex_;
  SandboxStats stats_;
};

}  // namespace sandbox
