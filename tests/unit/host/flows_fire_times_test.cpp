// When schedules fire (engine/flows/schedule/fire_times.hpp): intervals on their grid, crons with
// steps, lists and ranges (both day fields as cron has them), and the jitter offset: within its
// bound, fixed per flow name (the same after a restart, on any machine), spread over many flows.
#include <gtest/gtest.h>

#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "engine/flows/schedule/fire_times.hpp"

namespace host::engine {
namespace {

// Unix seconds of a UTC time, by the C library (not the code under test).
int64_t utc(int year, int month, int day, int hour, int minute, int second = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

FlowSchedule every(int64_t seconds, int64_t jitter = 0) {
  FlowSchedule s;
  s.every_seconds = seconds;
  s.jitter_seconds = jitter;
  return s;
}

FlowSchedule cron(const char* text, int64_t jitter = 0) {
  FlowSchedule s;
  std::string error;
  const auto parsed = parse_cron(text, error);
  EXPECT_TRUE(parsed.has_value()) << text << ": " << error;
  if (parsed) s.cron = *parsed;
  s.cron_text = text;
  s.jitter_seconds = jitter;
  return s;
}

TEST(FlowFireTimes, AnIntervalFiresOnItsGridStrictlyAfterTheTimeAsked) {
  const FlowSchedule hourly = every(3600);
  EXPECT_EQ(next_fire_time(hourly, "f", utc(2026, 12, 1, 10, 7)), utc(2026, 12, 1, 11, 0));
  EXPECT_EQ(next_fire_time(hourly, "f", utc(2026, 12, 1, 11, 0)), utc(2026, 12, 1, 12, 0));
  EXPECT_EQ(next_fire_time(every(60), "f", utc(2026, 12, 1, 10, 7, 59)), utc(2026, 12, 1, 10, 8));
}

TEST(FlowFireTimes, AnIntervalWithJitterFiresAtItsOffsetEveryInterval) {
  const FlowSchedule hourly = every(3600, 300);
  const int64_t offset = jitter_offset("orders-hourly", 300);
  int64_t t = utc(2026, 12, 1, 10, 7);
  for (int hour = 11; hour < 15; ++hour) {
    t = next_fire_time(hourly, "orders-hourly", t);
    EXPECT_EQ(t, utc(2026, 12, 1, hour, 0) + offset);
  }
}

// A cron expression, the time asked from, and the fires that follow one after the other.
struct CronCase {
  const char* why;
  const char* cron;
  int64_t from;
  std::vector<int64_t> fires;
};

TEST(FlowFireTimes, ACronFiresAtTheMinutesItsStepsListsAndRangesAllow) {
  const CronCase cases[] = {
      {"a step, strictly after the time asked, across midnight",
       "*/15 * * * *",
       utc(2026, 12, 1, 23, 7),
       {utc(2026, 12, 1, 23, 15), utc(2026, 12, 1, 23, 30), utc(2026, 12, 1, 23, 45),
        utc(2026, 12, 2, 0, 0)}},
      // 2026-12-04 is a Friday.
      {"a range with a step on weekdays skips the weekend",
       "0 9-17/4 * * 1-5",
       utc(2026, 12, 4, 9, 0),
       {utc(2026, 12, 4, 13, 0), utc(2026, 12, 4, 17, 0), utc(2026, 12, 7, 9, 0)}},
      {"lists of minutes and months",
       "5,35 2 1 1,4,7,10 *",
       utc(2026, 12, 1, 10, 7),
       {utc(2027, 1, 1, 2, 5), utc(2027, 1, 1, 2, 35), utc(2027, 4, 1, 2, 5)}},
      // Both day fields restricted: either matches (Friday the 4th and 11th, Sunday the 13th).
      {"the 13th or any Friday",
       "0 12 13 * 5",
       utc(2026, 12, 1, 0, 0),
       {utc(2026, 12, 4, 12, 0), utc(2026, 12, 11, 12, 0), utc(2026, 12, 13, 12, 0)}},
      {"February 29th waits for a leap year",
       "0 0 29 2 *",
       utc(2027, 3, 1, 0, 0),
       {utc(2028, 2, 29, 0, 0), utc(2032, 2, 29, 0, 0)}},
  };
  for (const CronCase& c : cases) {
    const FlowSchedule schedule = cron(c.cron);
    int64_t t = c.from;
    for (int64_t expected : c.fires) {
      t = next_fire_time(schedule, "f", t);
      EXPECT_EQ(t, expected) << c.why << " (" << c.cron << ")";
    }
  }
}

TEST(FlowFireTimes, ACronWithJitterFiresAtItsOffsetAfterEachMinuteItAllows) {
  const FlowSchedule quarter = cron("*/15 * * * *", 90);
  const int64_t offset = jitter_offset("products", 90);
  int64_t t = utc(2026, 12, 1, 10, 7);
  for (int minute : {15, 30, 45}) {
    t = next_fire_time(quarter, "products", t);
    EXPECT_EQ(t, utc(2026, 12, 1, 10, minute) + offset);
  }
  // Asked between a nominal minute and its offset fire, the fire still comes.
  EXPECT_EQ(next_fire_time(quarter, "products", utc(2026, 12, 1, 10, 15) + offset - 1),
            utc(2026, 12, 1, 10, 15) + offset);
}

TEST(FlowFireTimes, JitterOffsetsStayInTheirBoundAndSpreadAThousandFlows) {
  std::set<int64_t> offsets;
  for (int i = 0; i < 1000; ++i) {
    const std::string name = "shop-" + std::to_string(i) + "-orders";
    const int64_t offset = jitter_offset(name, 300);
    ASSERT_GE(offset, 0) << name;
    ASSERT_LE(offset, 300) << name;
    offsets.insert(offset);
    // Every fire is within the jitter after its nominal time.
    const int64_t fire = next_fire_time(every(3600, 300), name, utc(2026, 12, 1, 10, 7));
    ASSERT_GE(fire, utc(2026, 12, 1, 11, 0)) << name;
    ASSERT_LE(fire, utc(2026, 12, 1, 11, 5)) << name;
  }
  // A thousand names over 301 possible offsets: nearly all of them taken, none crowded.
  EXPECT_GT(offsets.size(), 280U);
  EXPECT_EQ(jitter_offset("anything", 0), 0);
}

TEST(FlowFireTimes, AFlowsOffsetIsTheSameOnEveryRunAndEveryMachine) {
  // FNV-1a of "orders-hourly" is 14253638432707564030 (computed outside this code base):
  // modulo 301 that is 231, modulo 61 it is 52. A hash that changes moves every flow's fires.
  EXPECT_EQ(jitter_offset("orders-hourly", 300), 231);
  EXPECT_EQ(jitter_offset("orders-hourly", 60), 52);
}

}  // namespace
}  // namespace host::engine
