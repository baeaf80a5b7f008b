// `connector-host serve` runs the flows of --flow-dir on their schedules against the in-process
// sandbox: the runs are in `connector-host runs list`, started by "scheduler", and a connection
// whose refresh token died pauses its flows until it is authorized again; flows added, broken,
// changed and removed in --flow-dir while serve runs are noticed within seconds.
//
// A schedule fires at most once a minute; the tests run serve with --test-clock-speed 60 (a flag
// for tests only: the scheduler's clock runs 60 times faster), so an every-60-s flow fires about
// once a real second.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>

#include "background_process.hpp"
#include "run_e2e_fixture.hpp"

namespace connection_e2e {
namespace {

// The rows of `runs list` output (after its heading) whose OUTCOME column is `outcome`.
int rows_with_outcome(const std::string& list_output, const std::string& outcome) {
  std::istringstream lines(list_output);
  std::string line;
  std::getline(lines, line);  // the heading
  int count = 0;
  while (std::getline(lines, line)) count += line.find("  " + outcome + "  ") != std::string::npos;
  return count;
}

class ServeScheduleE2eTest : public RunE2eTest {
 protected:
  void TearDown() override {
    serve_.kill();  // if a test left it running
    RunE2eTest::TearDown();
  }

  // Writes the scheduled orders export into flows/ and starts serve over that folder.
  void start_serve_with_scheduled_orders() {
    std::filesystem::create_directories(dir_ / "flows");
    flow("flows/orders.json",
         R"("name":"orders","kind":"export","resource":"orders","page_size":100,)"
         R"("window":{"lookback_seconds":3456000,"slice_seconds":864000},)"
         R"("schedule":{"every_seconds":60,"jitter_seconds":0},)"
         R"("output":")" +
             (dir_ / "orders.jsonl").string() + "\"");
    std::string error;
    ASSERT_TRUE(serve_.start(
        {CONNECTOR_HOST_PATH, "--state", (dir_ / "state").string(), "--plugin-dir",
         CONNECTOR_PLUGIN_DIR, "--manifest-dir", MANIFEST_DIR, "serve", "--address", "127.0.0.1:0",
         "--flow-dir", (dir_ / "flows").string(), "--workers", "2", "--test-clock-speed", "60"},
        dir_ / "serve.log", "listening on", std::chrono::seconds(30), &error))
        << error;
  }

  // Polls `runs list --flow orders` until `outcome` shows in at least `rows` rows (or 90 s
  // pass); returns the last listing.
  std::string wait_for_runs(const std::string& outcome, int rows) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    std::string listing;
    while (std::chrono::steady_clock::now() < deadline) {
      listing = host("runs list --flow orders --limit 500").output;
      if (rows_with_outcome(listing, outcome) >= rows) return listing;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "no " << rows << " runs with outcome " << outcome << " in time:\n"
                  << listing << "\nserve's log:\n"
                  << test_support::file_bytes(serve_.log());
    return listing;
  }

  // Polls `runs list --flow orders` until no row is running (or 90 s pass); returns the listing.
  std::string wait_for_runs_to_end() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    std::string listing;
    do {
      listing = host("runs list --flow orders --limit 500").output;
      if (rows_with_outcome(listing, "running") == 0) return listing;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } while (std::chrono::steady_clock::now() < deadline);
    ADD_FAILURE() << "a run is still going:\n" << listing;
    return listing;
  }

  // How many rows `runs list --flow NAME` has.
  int rows_of(const std::string& name) {
    const std::string listing = host("runs list --flow " + name + " --limit 1000").output;
    if (listing.rfind("ID", 0) != 0) return 0;  // "no runs match"
    return static_cast<int>(std::count(listing.begin(), listing.end(), '\n')) - 1;
  }

  // Polls until `name` has at least `rows` rows in the run history (or 60 s pass).
  void wait_for_rows(const std::string& name, int rows) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (rows_of(name) < rows && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_GE(rows_of(name), rows) << "flow " << name << " did not run in time; serve's log:\n"
                                   << test_support::file_bytes(serve_.log());
  }

  // A flow of the connection e2e-shop every `every` seconds (about every every/60 real seconds).
  void write_scheduled(const std::string& name, int every) {
    flow("flows/" + name + ".json", R"("name":")" + name +
                                        R"(","kind":"export","resource":"orders",)"
                                        R"("schedule":{"every_seconds":)" +
                                        std::to_string(every) +
                                        R"(,"jitter_seconds":0},"output":")" +
                                        (dir_ / (name + ".jsonl")).string() + "\"");
  }

  test_support::BackgroundProcess serve_;
};

TEST_F(ServeScheduleE2eTest, ScheduledRunsShowInRunsListStartedByTheScheduler) {
  start_and_authorize();
  start_serve_with_scheduled_orders();
  const std::string listing = wait_for_runs("succeeded", 2);
  EXPECT_EQ(serve_.stop(), 0) << test_support::file_bytes(serve_.log());

  // The newest succeeded run, shown in full.
  std::istringstream lines(listing);
  std::string line;
  std::string id;
  while (id.empty() && std::getline(lines, line)) {
    if (line.find("  succeeded  ") != std::string::npos) id = line.substr(0, line.find(' '));
  }
  const auto show = host("runs show " + id);
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("scheduler (pid "), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("delta"), std::string::npos) << show.output;
  // The first scheduled run exported every seeded order; the later ones found nothing new.
  EXPECT_EQ(test_support::file_lines(dir_ / "orders.jsonl").size(), 240U);
}

TEST_F(ServeScheduleE2eTest, ADeadRefreshTokenPausesTheFlowUntilItIsAuthorizedAgain) {
  start_and_authorize();
  start_serve_with_scheduled_orders();
  wait_for_runs("succeeded", 1);
  {
    // What the token lifecycle does when the shop refuses the refresh token for good.
    auto db = state_db();
    const auto record = host::store::find_connection(*db, "e2e-shop");
    ASSERT_TRUE(record.has_value());
    host::store::mark_needs_reauthorization(*db, record->id, "refresh token revoked (e2e)");
  }
  const std::string paused = wait_for_runs("paused", 1);
  EXPECT_EQ(rows_with_outcome(paused, "paused"), 1) << paused;
  const auto list = host("connection list");
  EXPECT_NE(list.output.find("needs-reauthorization"), std::string::npos) << list.output;
  // A run that was going when the token died ends on its own (failing, or not); after it, fires
  // keep coming (about one a second) and run nothing, and add no rows.
  const std::string settled = wait_for_runs_to_end();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const std::string still = host("runs list --flow orders --limit 500").output;
  EXPECT_EQ(rows_with_outcome(still, "paused"), 1) << still;
  EXPECT_EQ(rows_with_outcome(still, "running"), 0) << still;
  const int succeeded_while_paused = rows_with_outcome(settled, "succeeded");
  EXPECT_EQ(rows_with_outcome(still, "succeeded"), succeeded_while_paused) << still;

  const auto again = host("authorize e2e-shop --browser builtin --timeout 30");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  wait_for_runs("succeeded", succeeded_while_paused + 1);
  EXPECT_EQ(serve_.stop(), 0) << test_support::file_bytes(serve_.log());
}

// No connection is saved: every run fails at its first step, and is in the run history all the
// same, which is all this test counts.
TEST_F(ServeScheduleE2eTest, FlowsAddedBrokenChangedAndRemovedWhileServeRunsAreNoticed) {
  shop_ = "7001";  // no sandbox: a shop the flows name, never reached
  start_serve_with_scheduled_orders();
  wait_for_rows("orders", 1);

  write_scheduled("added", 60);
  wait_for_rows("added", 1);

  // A file that breaks keeps its flow on its last good definition, and the log names the file.
  write("flows/added.json", R"({"name":"added","kind":"export"})");
  const int before_break = rows_of("added");
  wait_for_rows("added", before_break + 3);
  const std::string log = test_support::file_bytes(serve_.log());
  EXPECT_NE(log.find("added.json cannot be used any more, so the flow keeps its last good "
                     "definition"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("added.json: /connection: is required"), std::string::npos) << log;

  // Changed to every six days (about two real hours here): it fires no more during the test.
  write_scheduled("added", 518400);
  // Removed: orders fires no more.
  std::filesystem::remove(dir_ / "flows" / "orders.json");
  std::this_thread::sleep_for(std::chrono::seconds(5));  // a re-read, and a run that was going
  const int added_rows = rows_of("added");
  const int orders_rows = rows_of("orders");
  std::this_thread::sleep_for(std::chrono::seconds(4));
  EXPECT_EQ(rows_of("added"), added_rows);
  EXPECT_EQ(rows_of("orders"), orders_rows);
  EXPECT_EQ(serve_.stop(), 0);
  const std::string stopped = test_support::file_bytes(serve_.log());
  EXPECT_NE(stopped.find("flow added: its schedule changed"), std::string::npos) << stopped;
  EXPECT_NE(stopped.find("flow orders is no longer scheduled"), std::string::npos) << stopped;
  EXPECT_NE(stopped.find("flow added of "), std::string::npos) << stopped;  // the addition
}

}  // namespace
}  // namespace connection_e2e
