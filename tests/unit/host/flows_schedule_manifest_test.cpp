// A flow manifest's "schedule" (engine/flows/flow_schedule.hpp) is read strictly: an interval or
// a five-field cron expression, the jitter and the mode, every refusal named at its JSON pointer
// and, for a cron, naming the cron field.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/flows/flow_manifest.hpp"

namespace host::engine {
namespace {

struct Read {
  FlowManifest flow;
  std::vector<FlowProblem> problems;
};

Read read(const std::string& kind_and_more, const std::string& schedule) {
  Read r;
  r.flow = parse_flow_manifest("flows/f.json",
                               R"({"name":"orders-hourly","connection":"c",)" + kind_and_more +
                                   R"(,"schedule":)" + schedule + "}",
                               r.problems);
  return r;
}

Read export_scheduled(const std::string& schedule) {
  return read(R"("kind":"export","resource":"orders","shop":"s","output":"o.jsonl")", schedule);
}

// The one problem of `r` (fails the test unless there is exactly one).
FlowProblem only_problem(const Read& r) {
  EXPECT_EQ(r.problems.size(), 1U) << describe_problems("flows/f.json", r.problems);
  return r.problems.empty() ? FlowProblem{} : r.problems.front();
}

TEST(FlowScheduleManifest, AnIntervalGetsATenthOfItAsItsDefaultJitterAndRunsDelta) {
  const Read r = export_scheduled(R"({"every_seconds":600})");
  ASSERT_TRUE(r.problems.empty()) << describe_problems("flows/f.json", r.problems);
  ASSERT_TRUE(r.flow.schedule.has_value());
  EXPECT_EQ(r.flow.schedule->every_seconds, 600);
  EXPECT_EQ(r.flow.schedule->jitter_seconds, 60);
  EXPECT_EQ(r.flow.schedule->mode, ScheduleMode::kDelta);
}

TEST(FlowScheduleManifest, TheDefaultJitterStopsAtFiveMinutes) {
  const Read r = export_scheduled(R"({"every_seconds":86400})");
  ASSERT_TRUE(r.flow.schedule.has_value());
  EXPECT_EQ(r.flow.schedule->jitter_seconds, kMaxDefaultJitterSeconds);
}

TEST(FlowScheduleManifest, ACronsDefaultJitterIsATenthOfItsShortestGap) {
  // Fires at :00 and :20 of every hour: the shortest gap is 20 minutes.
  const Read r = export_scheduled(R"({"cron":"0,20 * * * *","mode":"all"})");
  ASSERT_TRUE(r.problems.empty()) << describe_problems("flows/f.json", r.problems);
  ASSERT_TRUE(r.flow.schedule.has_value());
  EXPECT_EQ(r.flow.schedule->every_seconds, 0);
  EXPECT_EQ(r.flow.schedule->cron_text, "0,20 * * * *");
  EXPECT_EQ(r.flow.schedule->jitter_seconds, 120);
  EXPECT_EQ(r.flow.schedule->mode, ScheduleMode::kAll);
  // The gap across midnight counts too: 00:10, 00:50, 23:10, 23:50 are 20 minutes apart at
  // midnight, 40 minutes apart at best otherwise; once a day is a day.
  std::string error;
  EXPECT_EQ(shortest_cron_gap_seconds(*parse_cron("10,50 0,23 * * *", error)), 1200);
  EXPECT_EQ(shortest_cron_gap_seconds(*parse_cron("10 0 * * *", error)), 86400);
}

TEST(FlowScheduleManifest, AGivenJitterIsKeptAndBounded) {
  const Read r = export_scheduled(R"({"every_seconds":60,"jitter_seconds":0})");
  ASSERT_TRUE(r.flow.schedule.has_value());
  EXPECT_EQ(r.flow.schedule->jitter_seconds, 0);
  const auto p = only_problem(export_scheduled(R"({"every_seconds":60,"jitter_seconds":3601})"));
  EXPECT_EQ(p.field, "/schedule/jitter_seconds");
  EXPECT_NE(p.message.find("between 0 and 3600"), std::string::npos) << p.message;
}

TEST(FlowScheduleManifest, AnIntervalOutsideAMinuteToAWeekIsRefused) {
  for (const char* seconds : {"59", "604801", "0", "-60"}) {
    const auto p =
        only_problem(export_scheduled(std::string(R"({"every_seconds":)") + seconds + "}"));
    EXPECT_EQ(p.field, "/schedule/every_seconds") << seconds;
    EXPECT_NE(p.message.find("between 60 and 604800"), std::string::npos) << p.message;
  }
  EXPECT_TRUE(export_scheduled(R"({"every_seconds":604800})").problems.empty());
}

TEST(FlowScheduleManifest, ExactlyOneOfIntervalAndCron) {
  EXPECT_EQ(only_problem(export_scheduled(R"({"every_seconds":60,"cron":"* * * * *"})")).field,
            "/schedule");
  EXPECT_EQ(only_problem(export_scheduled(R"({"mode":"delta"})")).field, "/schedule");
  EXPECT_EQ(only_problem(export_scheduled(R"("hourly")")).field, "/schedule");
}

TEST(FlowScheduleManifest, UnknownKeysAndModesAreRefusedAtTheirPointer) {
  EXPECT_EQ(only_problem(export_scheduled(R"({"every_seconds":60,"every":60})")).field,
            "/schedule/every");
  const auto p = only_problem(export_scheduled(R"({"every_seconds":60,"mode":"once"})"));
  EXPECT_EQ(p.field, "/schedule/mode");
  EXPECT_NE(p.message.find("\"delta\" or \"all\""), std::string::npos) << p.message;
}

TEST(FlowScheduleManifest, AnImportIsScheduledWithoutAMode) {
  const std::string import =
      R"("kind":"import","resource":"inventory","shop":"s","input":"i.jsonl")";
  EXPECT_TRUE(read(import, R"({"every_seconds":3600})").problems.empty());
  EXPECT_EQ(only_problem(read(import, R"({"every_seconds":3600,"mode":"all"})")).field,
            "/schedule/mode");
}

TEST(FlowScheduleManifest, AListenerTakesNoSchedule) {
  const auto p =
      only_problem(read(R"("kind":"listener","output":"inbox.jsonl")", R"({"every_seconds":60})"));
  EXPECT_EQ(p.field, "/schedule");
  EXPECT_NE(p.message.find("listener"), std::string::npos) << p.message;
}

// What the cron reader refuses, and the words that name the field.
struct CronRefusal {
  const char* cron;
  const char* names;
};

TEST(FlowScheduleManifest, ACronTheHostCannotRunIsRefusedNamingItsField) {
  const CronRefusal refusals[] = {
      {"60 * * * *", "the minute field (1st): 60 is outside 0-59"},
      {"0 24 * * *", "the hour field (2nd): 24 is outside 0-23"},
      {"0 0 0 * *", "the day-of-month field (3rd): 0 is outside 1-31"},
      {"0 0 * 13 *", "the month field (4th): 13 is outside 1-12"},
      {"0 0 * * 8", "the day-of-week field (5th): 8 is outside 0-7"},
      {"0 0 * JAN *", "the month field (4th)"},
      {"0 0 ? * MON", "the day-of-month field (3rd)"},
      {"0 0 L * *", "the day-of-month field (3rd)"},
      {"0 0 * * 1#2", "the day-of-week field (5th)"},
      {"*/0 * * * *", "the minute field (1st)"},
      {"5/15 * * * *", "a step applies to '*' or a range"},
      {"30-10 * * * *", "runs backwards"},
      {"1,,2 * * * *", "an empty list item"},
      {"0 0 30 2 *", "never fires"},
      {"0 0 * * * *", "must have 5 fields"},
      {"@hourly", "macros"},
  };
  for (const auto& refusal : refusals) {
    const auto p =
        only_problem(export_scheduled(std::string(R"({"cron":")") + refusal.cron + "\"}"));
    EXPECT_EQ(p.field, "/schedule/cron") << refusal.cron;
    EXPECT_NE(p.message.find(refusal.names), std::string::npos)
        << refusal.cron << ": " << p.message;
  }
}

TEST(FlowScheduleManifest, ACronWithRangesListsAndStepsReadsAsTheValuesItAllows) {
  std::string error;
  const auto cron = parse_cron("*/15 9-17/4 1,15 1-3 1-5", error);
  ASSERT_TRUE(cron.has_value()) << error;
  for (size_t m = 0; m < 60; ++m) EXPECT_EQ(cron->minutes[m], m % 15 == 0) << m;
  for (size_t h = 0; h < 24; ++h) EXPECT_EQ(cron->hours[h], h == 9 || h == 13 || h == 17) << h;
  for (size_t d = 1; d < 32; ++d) EXPECT_EQ(cron->days_of_month[d], d == 1 || d == 15) << d;
  for (size_t mo = 1; mo < 13; ++mo) EXPECT_EQ(cron->months[mo], mo <= 3) << mo;
  for (size_t w = 0; w < 7; ++w) EXPECT_EQ(cron->days_of_week[w], w >= 1 && w <= 5) << w;
  EXPECT_FALSE(cron->any_day_of_month);
  EXPECT_FALSE(cron->any_day_of_week);
  // Sunday is 0 and 7; February 29th exists (in leap years), so it is accepted.
  const auto sunday = parse_cron("0 0 * * 7", error);
  ASSERT_TRUE(sunday.has_value()) << error;
  EXPECT_TRUE(sunday->days_of_week[0]);
  EXPECT_TRUE(parse_cron("0 0 29 2 *", error).has_value()) << error;
}

}  // namespace
}  // namespace host::engine
