// GET /api/v1/schedules: the scheduled flows of the console's flow folder, each with its
// schedule, its next fire and whether its connection pauses it (docs/CONSOLE_API.md).
#include <ctime>
#include <string>

#include "console_api_fixture.hpp"

namespace console_api {
namespace {

TEST_F(ConsoleApiTest, schedules_lists_each_scheduled_flow_with_its_next_fire) {
  const std::string base =
      R"({"connection":"e2e-shop","kind":"export","resource":"orders","shop":"1",)"
      R"("output":"o.jsonl",)";
  write("flows/hourly.json", base + R"("name":"orders-hourly",)"
                                    R"("schedule":{"every_seconds":3600,"jitter_seconds":0}})");
  write("flows/nightly.json", base + R"("name":"orders-nightly",)"
                                     R"("schedule":{"cron":"30 2 * * *","mode":"all"}})");
  write("flows/by-hand.json", base + R"("name":"orders-by-hand"})");
  EXPECT_EQ(send("GET", "/api/v1/schedules").status, 401);
  log_in();

  const int64_t before = std::time(nullptr);
  const HttpReply reply = api("GET", "schedules");
  const int64_t after = std::time(nullptr);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body.find("orders-by-hand"), std::string::npos) << reply.body;
  const size_t nightly = reply.body.find(R"("flow":"orders-nightly")");
  ASSERT_NE(nightly, std::string::npos) << reply.body;
  const std::string hourly = reply.body.substr(0, nightly);
  EXPECT_NE(hourly.find(R"("flow":"orders-hourly","file":"hourly.json","connection":"e2e-shop")"),
            std::string::npos)
      << reply.body;
  EXPECT_NE(hourly.find(R"("every_seconds":3600,"cron":null,"jitter_seconds":0,"mode":"delta")"),
            std::string::npos)
      << reply.body;
  // The next full hour (the request may straddle one).
  const bool next_hour =
      hourly.find("\"next_fire_at\":" + std::to_string((before / 3600 + 1) * 3600)) !=
          std::string::npos ||
      hourly.find("\"next_fire_at\":" + std::to_string((after / 3600 + 1) * 3600)) !=
          std::string::npos;
  EXPECT_TRUE(next_hour) << reply.body;
  EXPECT_NE(hourly.find(R"("paused":false,"paused_reason":null)"), std::string::npos) << reply.body;
  const std::string rest = reply.body.substr(nightly);
  EXPECT_NE(rest.find(R"("every_seconds":null,"cron":"30 2 * * *")"), std::string::npos)
      << reply.body;
  EXPECT_NE(rest.find(R"("mode":"all")"), std::string::npos) << reply.body;
}

}  // namespace
}  // namespace console_api
