// scheduler_clock.hpp: the time the scheduler (flow_scheduler.hpp) fires flows by, behind one
// interface so that tests drive it by hand and a test of `serve` can make it run faster.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

namespace host::engine {

// THREADING: every method may be called from any thread.
class SchedulerClock {
 public:
  virtual ~SchedulerClock() = default;
  // Unix seconds, UTC, as schedules count them.
  virtual int64_t now() = 0;
  // How long to wait in real time for now() to reach `deadline` (zero once it has). A waiter
  // that wakes early asks again; the scheduler waits at most a second at a time anyway.
  virtual std::chrono::milliseconds real_wait_until(int64_t deadline) = 0;
};

// The system clock, or (tests only) a clock that runs `speed` times faster than real time from
// the moment it is made, or from `origin` (unix seconds) when given, so that several processes
// share one fast clock: with speed 60, "every_seconds": 60 fires about once a real second.
class SystemSchedulerClock : public SchedulerClock {
 public:
  explicit SystemSchedulerClock(double speed = 1.0, std::optional<int64_t> origin = std::nullopt);
  int64_t now() override;
  std::chrono::milliseconds real_wait_until(int64_t deadline) override;

 private:
  double speed_;
  std::chrono::system_clock::time_point origin_;
  std::chrono::steady_clock::time_point steady_origin_;
};

// A clock that moves only when told (tests).
class ManualSchedulerClock : public SchedulerClock {
 public:
  explicit ManualSchedulerClock(int64_t start) : now_(start) {}
  int64_t now() override;
  // Zero once `deadline` is reached, else a short poll (the test moves the clock).
  std::chrono::milliseconds real_wait_until(int64_t deadline) override;
  void set(int64_t now);
  void advance(int64_t seconds);

 private:
  std::mutex mutex_;
  int64_t now_;
};

}  // namespace host::engine
