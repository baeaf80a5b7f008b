#include "engine/flows/schedule/fire_times.hpp"

#include <chrono>
#include <limits>

namespace host::engine {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kNever = std::numeric_limits<int64_t>::max() / 2;

int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool day_matches(const CronExpression& cron, unsigned day_of_month, unsigned day_of_week) {
  const bool by_month = cron.days_of_month[day_of_month];
  const bool by_week = cron.days_of_week[day_of_week];
  if (cron.any_day_of_month) return by_week;  // all set when the day of week is "*" too
  if (cron.any_day_of_week) return by_month;
  return by_month || by_week;
}

// The start of the first minute after `after` that `cron` allows. Each step skips a whole month,
// day, hour or minute that does not match, so the search is short: a few thousand steps for the
// rarest expression the reader accepts (February 29th: up to eight years). An expression built
// in code that never matches gives kNever after a bounded search.
int64_t next_cron_minute(const CronExpression& cron, int64_t after) {
  constexpr int kMaxSteps = 100000;
  int64_t t = (floor_div(after, 60) + 1) * 60;
  for (int step = 0; step < kMaxSteps; ++step) {
    const int64_t day = floor_div(t, kSecondsPerDay);
    const int64_t second_of_day = t - day * kSecondsPerDay;
    const sys_days date{days(day)};
    const std::chrono::year_month_day ymd{date};
    const unsigned month = static_cast<unsigned>(ymd.month());
    if (!cron.months[month]) {
      const auto next_month =
          std::chrono::year_month_day{ymd.year() / ymd.month() / 1} + std::chrono::months(1);
      t = static_cast<int64_t>(sys_days(next_month).time_since_epoch().count()) * kSecondsPerDay;
      continue;
    }
    const unsigned weekday = std::chrono::weekday(date).c_encoding();
    if (!day_matches(cron, static_cast<unsigned>(ymd.day()), weekday)) {
      t = (day + 1) * kSecondsPerDay;
      continue;
    }
    const int64_t hour = second_of_day / 3600;
    if (!cron.hours[static_cast<size_t>(hour)]) {
      t = day * kSecondsPerDay + (hour + 1) * 3600;
      continue;
    }
    const int64_t minute = (second_of_day % 3600) / 60;
    if (!cron.minutes[static_cast<size_t>(minute)]) {
      t += 60;
      continue;
    }
    return t;
  }
  return kNever;
}

}  // namespace

int64_t jitter_offset(std::string_view flow_name, int64_t jitter_seconds) {
  if (jitter_seconds <= 0) return 0;
  uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bits: stable everywhere, unlike std::hash
  for (unsigned char c : flow_name) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return static_cast<int64_t>(hash % static_cast<uint64_t>(jitter_seconds + 1));
}

int64_t next_fire_time(const FlowSchedule& schedule, std::string_view flow_name, int64_t after) {
  const int64_t offset = jitter_offset(flow_name, schedule.jitter_seconds);
  if (schedule.every_seconds > 0) {
    return (floor_div(after - offset, schedule.every_seconds) + 1) * schedule.every_seconds +
           offset;
  }
  const int64_t minute = next_cron_minute(schedule.cron, after - offset);
  return minute == kNever ? kNever : minute + offset;
}

}  // namespace host::engine
