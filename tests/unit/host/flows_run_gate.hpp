// flows_run_gate.hpp: what the fake flow runners of the scheduler and run-worker tests share:
// one lock over a fake's counters, a gate its runs wait at while the test holds them, and waits
// for "the fake got this far" with a 10 s bound.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace host::engine {

// THREADING: every method may be called from any thread; lock() guards the owner's counters.
class RunGate {
 public:
  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }

  // With `held` from lock(): wakes the waiters (the owner's counters changed), then waits while
  // the gate is held.
  void pass(std::unique_lock<std::mutex>& held) {
    changed_.notify_all();
    changed_.wait(held, [&] { return !holding_; });
  }
  // With `held` from lock(): wakes the waiters.
  void changed(std::unique_lock<std::mutex>& /*held*/) { changed_.notify_all(); }

  // Waits, up to 10 s, until `reached()` (called under the lock) is true; false if it never is.
  template <typename Predicate>
  bool wait_until(Predicate reached) {
    std::unique_lock held(mutex_);
    return changed_.wait_for(held, std::chrono::seconds(10), reached);
  }

  void hold() {
    std::lock_guard held(mutex_);
    holding_ = true;
  }
  void release() {
    std::lock_guard held(mutex_);
    holding_ = false;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool holding_ = false;
};

}  // namespace host::engine
