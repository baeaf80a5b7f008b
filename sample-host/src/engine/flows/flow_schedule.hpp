// flow_schedule.hpp: when `connector-host serve` runs a flow on its own: the flow manifest's
// "schedule" (manifests/schemas/flow.schema.json), an interval or a five-field cron expression,
// with the jitter that spreads many flows over time and the export mode each run uses.
//
// The manifest reader (flow_manifest.cpp) reads the object; this file holds what it reads into
// and the cron parser, so that a cron the host cannot run is refused when the manifest is read,
// naming the cron field. When a schedule fires is engine/flows/schedule/fire_times.hpp.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace host::engine {

// Bounds of "every_seconds": a minute (a tighter loop would hammer the remote side for nothing:
// delta runs pick up whatever changed since the last one) to a week.
inline constexpr int64_t kMinScheduleSeconds = 60;
inline constexpr int64_t kMaxScheduleSeconds = int64_t{7} * 86400;
// Bounds of "jitter_seconds", and the most the default jitter grows to.
inline constexpr int64_t kMaxJitterSeconds = 3600;
inline constexpr int64_t kMaxDefaultJitterSeconds = 300;

// "m h dom mon dow", UTC, as sets of the values each field allows. Day of week 0 is Sunday (7
// is read as Sunday too). As in every cron since Vixie's: when both day fields are restricted
// (neither is "*"), a day matches when either matches.
struct CronExpression {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days_of_month;  // 1..31
  std::bitset<13> months;         // 1..12
  std::bitset<7> days_of_week;    // 0..6
  bool any_day_of_month = true;   // the field was "*" (or "*/1")
  bool any_day_of_week = true;
};

// Parses a cron expression: five fields separated by spaces, each a "*", a number, a range
// "A-B", a step "*/S" or "A-B/S", or a comma-separated list of those. Returns nullopt and sets
// `error` for anything else, naming the field ("the hour field (2nd): 24 is outside 0-23"):
// names (JAN, MON), "?", "L", "W", "#", "@hourly" and six-field expressions are refused rather
// than guessed at; so is an expression that can never fire ("0 0 31 2 *").
std::optional<CronExpression> parse_cron(std::string_view text, std::string& error);

// The shortest gap between two fires of `cron` within its minutes and hours (the day fields only
// ever make gaps longer), in seconds: 60 for "* * * * *", 86400 for "0 3 * * *".
int64_t shortest_cron_gap_seconds(const CronExpression& cron);

// Which export mode a scheduled run uses ("delta" by default; "all" re-reads the whole window).
enum class ScheduleMode { kDelta, kAll };

struct FlowSchedule {
  int64_t every_seconds = 0;  // > 0: an interval schedule; 0: a cron schedule
  std::string cron_text;      // the cron expression as written (a cron schedule)
  CronExpression cron;
  // Each flow fires this flow's offset in [0, jitter_seconds] after the nominal time (the offset
  // is fixed per flow name: fire_times.hpp). The reader fills in the default when the manifest
  // gives none: default_jitter_seconds().
  int64_t jitter_seconds = 0;
  ScheduleMode mode = ScheduleMode::kDelta;
};

// A tenth of the schedule's interval (the shortest cron gap for a cron), at most
// kMaxDefaultJitterSeconds: a thousand hourly flows spread over five minutes, and a flow that
// runs every minute still fires within six seconds of the minute.
int64_t default_jitter_seconds(const FlowSchedule& schedule);

}  // namespace host::engine
