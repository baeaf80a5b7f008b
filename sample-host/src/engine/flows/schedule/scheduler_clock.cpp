#include "engine/flows/schedule/scheduler_clock.hpp"

#include <algorithm>

namespace host::engine {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

}  // namespace

SystemSchedulerClock::SystemSchedulerClock(double speed, std::optional<int64_t> origin)
    : speed_(std::max(speed, 1.0)),
      origin_(std::chrono::system_clock::now()),
      steady_origin_(std::chrono::steady_clock::now()) {
  if (origin) {
    // The steady clock as it read at `origin`: the time since then, measured steadily.
    const auto given = std::chrono::system_clock::time_point(std::chrono::seconds(*origin));
    steady_origin_ -=
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(origin_ - given);
    origin_ = given;
  }
}

int64_t SystemSchedulerClock::now() {
  if (speed_ == 1.0) {
    return duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  const auto elapsed = std::chrono::steady_clock::now() - steady_origin_;
  const auto scaled = std::chrono::duration<double>(elapsed) * speed_;
  return duration_cast<std::chrono::seconds>(origin_.time_since_epoch() +
                                             duration_cast<milliseconds>(scaled))
      .count();
}

milliseconds SystemSchedulerClock::real_wait_until(int64_t deadline) {
  const int64_t now_seconds = now();
  if (deadline <= now_seconds) return milliseconds(0);
  // Whole seconds of this clock to go, in real milliseconds (a little early is fine: the
  // waiter asks again).
  // At most an hour: a deadline centuries away (nothing scheduled) must not overflow.
  constexpr double kMaxWaitMs = 3600.0 * 1000.0;
  const double real_ms =
      std::min(static_cast<double>(deadline - now_seconds) * 1000.0 / speed_, kMaxWaitMs);
  return milliseconds(std::max<int64_t>(1, static_cast<int64_t>(real_ms)));
}

int64_t ManualSchedulerClock::now() {
  std::lock_guard lock(mutex_);
  return now_;
}

milliseconds ManualSchedulerClock::real_wait_until(int64_t deadline) {
  return deadline <= now() ? milliseconds(0) : milliseconds(5);
}

void ManualSchedulerClock::set(int64_t now) {
  std::lock_guard lock(mutex_);
  now_ = now;
}

void ManualSchedulerClock::advance(int64_t seconds) {
  std::lock_guard lock(mutex_);
  now_ += seconds;
}

}  // namespace host::engine
