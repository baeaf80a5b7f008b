// The scheduler (engine/flows/schedule/flow_scheduler.hpp) under a clock the test moves: flows
// fire when their schedules say, through the flow-run API with started_by "scheduler"; a fire
// while the flow's previous run goes is skipped and recorded, never run beside it; a failing flow
// stops only itself; a connection that needs authorization again pauses its flows (one "paused"
// row) until it is authorized, and then they run again; flows added, changed, broken and removed
// in the folder take effect while it runs; a fire that finds the shared workers' queue full is
// skipped and recorded.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/connections/connection_lease.hpp"
#include "engine/flows/run/run_history.hpp"
#include "engine/flows/schedule/fire_times.hpp"
#include "engine/flows/schedule/flow_scheduler.hpp"
#include "engine/flows/schedule/schedule_status.hpp"
#include "file_contents.hpp"
#include "flows_run_gate.hpp"
#include "store/connection_store.hpp"
#include "store/master_key.hpp"
#include "store/oauth_client_store.hpp"
#include "store/token_store.hpp"
#include "store_saved_connection.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

// 2026-12-01 10:00:00 UTC.
constexpr int64_t kStart = 1796119200;

FlowManifest scheduled_export(const std::string& name, const std::string& connection,
                              int64_t every_seconds) {
  FlowManifest flow;
  flow.name = name;
  flow.connection = connection;
  flow.kind = FlowKind::kExport;
  flow.resource = "orders";
  flow.shop = "7001";
  FlowSchedule schedule;
  schedule.every_seconds = every_seconds;
  flow.schedule = schedule;  // jitter 0: fires on the minute
  return flow;
}

// The flow-run API's stand-in: counts runs per flow and the most of one flow at once, can hold
// runs until released, and fails or throws for the flows it is told to.
class FakeRuns {
 public:
  FlowRunResult run(const FlowRunRequest& request) {
    auto lock = gate_.lock();
    const std::string& name = request.flow.name;
    started_by_.push_back(request.started_by);
    modes_.push_back(request.options.mode);
    last_output_[name] = request.flow.output;
    const int now_running = ++running_[name];
    most_at_once_[name] = std::max(most_at_once_[name], now_running);
    gate_.pass(lock);
    --running_[name];
    ++runs_[name];
    gate_.changed(lock);
    if (throwing_ == name) throw std::runtime_error("the fake run threw");
    FlowRunResult result;
    if (failing_ == name) {
      result.outcome = FlowOutcome::kFailed;
      result.error = "the remote side failed";
    }
    return result;
  }

  std::function<FlowRunResult(const FlowRunRequest&)> function() {
    return [this](const FlowRunRequest& request) { return run(request); };
  }

  void hold() { gate_.hold(); }
  void release() { gate_.release(); }
  // Waits until `name` has a run going (or 10 s pass).
  bool wait_running(const std::string& name) {
    return gate_.wait_until([&] { return running_[name] > 0; });
  }
  void fail(const std::string& name) { failing_ = name; }
  void throw_for(const std::string& name) { throwing_ = name; }

  int runs(const std::string& name) {
    auto lock = gate_.lock();
    return runs_[name];
  }
  int most_at_once(const std::string& name) {
    auto lock = gate_.lock();
    return most_at_once_[name];
  }
  std::vector<std::string> started_by() {
    auto lock = gate_.lock();
    return started_by_;
  }
  std::vector<ExportMode> modes() {
    auto lock = gate_.lock();
    return modes_;
  }
  std::filesystem::path last_output(const std::string& name) {
    auto lock = gate_.lock();
    return last_output_[name];
  }

 private:
  RunGate gate_;
  std::string failing_;
  std::string throwing_;
  std::map<std::string, int> running_;
  std::map<std::string, int> most_at_once_;
  std::map<std::string, int> runs_;
  std::vector<std::string> started_by_;
  std::vector<ExportMode> modes_;
  std::map<std::string, std::filesystem::path> last_output_;
};

class FlowSchedulerTest : public ::testing::Test {
 protected:
  FlowSchedulerOptions options(size_t workers = 2) {
    FlowSchedulerOptions o;
    o.paths.state_dir = dir_;
    o.workers = workers;
    o.clock = &clock_;
    o.run = runs_.function();
    return o;
  }  // One worker, shared the way serve shares it between the scheduler and the console, with
  // room for `max_queued` waiting runs; options() that schedule onto it.
  std::shared_ptr<RunWorkers> shared_workers(size_t max_queued) {
    return std::make_shared<RunWorkers>(
        RunWorkersOptions{.workers = 1, .max_queued = max_queued, .run = runs_.function()});
  }
  FlowSchedulerOptions options_on(std::shared_ptr<RunWorkers> workers) {
    FlowSchedulerOptions o = options();
    o.run_workers = std::move(workers);
    return o;
  }

  // Moves the clock by `seconds`, fires what is due and waits for those runs to end.
  size_t advance_and_fire(FlowScheduler& scheduler, int64_t seconds) {
    clock_.advance(seconds);
    const size_t queued = scheduler.fire_due();
    scheduler.wait_idle();
    return queued;
  }

  std::vector<RunRecord> history(const std::string& flow) {
    RunFilter filter;
    filter.flow = flow;
    return list_runs(HostPaths{dir_, {}, {}}, filter);
  }
  // The rows of `flow` with `outcome`. (A scheduled run's row is opened as queued at its fire;
  // FakeRuns, unlike run_flow, never moves it on.)
  std::vector<RunRecord> history(const std::string& flow, std::string_view outcome) {
    std::vector<RunRecord> rows = history(flow);
    std::erase_if(rows, [&](const RunRecord& row) { return row.outcome != outcome; });
    return rows;
  }

  // A scheduled export manifest in `flows`: `name`, every `every` seconds, into `output`.
  static void write_flow(const std::filesystem::path& flows, const std::string& name, int64_t every,
                         const std::string& output = "o.jsonl") {
    test_support::write_file(
        flows / (name + ".json"),
        R"({"kind":"export","resource":"orders","shop":"7001","connection":"main","name":")" +
            name + R"(","output":")" + output + R"(","schedule":{"every_seconds":)" +
            std::to_string(every) + R"(,"jitter_seconds":0}})");
  }

  // The flows the scheduler schedules now, by name, with their next fires.
  static std::map<std::string, int64_t> scheduled(FlowScheduler& scheduler) {
    std::map<std::string, int64_t> out;
    for (const auto& state : scheduler.states()) out[state.flow] = state.next_fire;
    return out;
  }

  // A connection "main" with tokens in the state database.
  void save_authorized_connection() {
    auto db = store::open_connection_state(dir_);
    const int64_t client = store::save_oauth_client(*db, box_, {"app", "acme", "{}", {}});
    connection_id_ = host::testing::save_test_connection(*db, box_, "main", "acme", client);
    authorize();
  }

  // Stores a fresh token set, as a successful authorization does.
  void authorize() {
    auto db = store::open_connection_state(dir_);
    store::TokenSet tokens;
    tokens.access_token = store::SecretString(std::string("access"));
    tokens.access_expires_at = kStart + 3600;
    tokens.refresh_token = store::SecretString(std::string("refresh"));
    tokens.refresh_expires_at = kStart + int64_t{30} * 86400;
    db->transaction([&] { store::write_tokens(*db, box_, connection_id_, tokens); });
  }

  static store::MasterKey key() {
    std::array<unsigned char, store::MasterKey::kSize> bytes{};
    bytes.fill(5);
    return store::MasterKey(bytes);
  }

  test_support::TestDirectory scratch_{"flow_scheduler"};
  std::filesystem::path dir_ = scratch_.path();
  store::SecretBox box_{key()};
  int64_t connection_id_ = 0;
  ManualSchedulerClock clock_{kStart};
  FakeRuns runs_;
};

TEST_F(FlowSchedulerTest, AnIntervalFlowFiresOncePerIntervalAndNotBefore) {
  FlowScheduler scheduler({scheduled_export("orders", "main", 300)}, options());
  EXPECT_EQ(scheduler.states().front().next_fire, kStart + 300);
  EXPECT_EQ(advance_and_fire(scheduler, 299), 0U);
  EXPECT_EQ(advance_and_fire(scheduler, 1), 1U);
  EXPECT_EQ(advance_and_fire(scheduler, 299), 0U);
  EXPECT_EQ(advance_and_fire(scheduler, 1), 1U);
  EXPECT_EQ(runs_.runs("orders"), 2);
  // Fires missed while the clock jumped are not made up for: one run, then the next on the grid.
  EXPECT_EQ(advance_and_fire(scheduler, 3000), 1U);
  EXPECT_EQ(scheduler.states().front().next_fire, kStart + 3900);
  EXPECT_EQ(runs_.runs("orders"), 3);
}

TEST_F(FlowSchedulerTest, ACronFlowFiresAtTheMinutesItsFieldsAllow) {
  FlowManifest flow = scheduled_export("orders", "main", 0);
  std::string error;
  flow.schedule->cron = *parse_cron("0,20 10-11 * * *", error);
  flow.schedule->mode = ScheduleMode::kAll;
  FlowScheduler scheduler({flow}, options());
  constexpr int64_t kMinute = 60;
  const int64_t expected[] = {kStart + 20 * kMinute, kStart + 60 * kMinute, kStart + 80 * kMinute,
                              kStart + kMinute * 24 * 60};
  for (int64_t at : expected) {
    EXPECT_EQ(scheduler.states().front().next_fire, at);
    EXPECT_EQ(advance_and_fire(scheduler, at - 1 - clock_.now()), 0U);
    EXPECT_EQ(advance_and_fire(scheduler, 1), 1U) << at;
  }
  EXPECT_EQ(runs_.runs("orders"), 4);
  for (ExportMode mode : runs_.modes()) EXPECT_EQ(mode, ExportMode::kAll);
  for (const std::string& by : runs_.started_by()) EXPECT_EQ(by, "scheduler");
}

TEST_F(FlowSchedulerTest, AFireWhileThePreviousRunGoesIsSkippedAndRecorded) {
  FlowScheduler scheduler({scheduled_export("orders", "main", 60)}, options(4));
  runs_.hold();
  clock_.advance(60);
  EXPECT_EQ(scheduler.fire_due(), 1U);
  ASSERT_TRUE(runs_.wait_running("orders"));
  // Two more fires while the first run is held, with workers to spare: neither runs.
  for (int i = 0; i < 2; ++i) {
    clock_.advance(60);
    EXPECT_EQ(scheduler.fire_due(), 0U);
  }
  EXPECT_TRUE(scheduler.states().front().in_flight);
  runs_.release();
  scheduler.wait_idle();
  EXPECT_EQ(runs_.runs("orders"), 1);
  EXPECT_EQ(runs_.most_at_once("orders"), 1);
  EXPECT_EQ(history("orders").size(), 3U);  // the run's own row and two skipped fires
  const auto rows = history("orders", kRunSkipped);
  ASSERT_EQ(rows.size(), 2U);
  for (const RunRecord& row : rows) {
    EXPECT_EQ(row.outcome, kRunSkipped);
    EXPECT_EQ(row.start.started_by, "scheduler");
    EXPECT_NE(row.error.find("previous run of this flow is still going"), std::string::npos)
        << row.error;
    EXPECT_TRUE(row.failed());
  }
  // Once it ended, the next fire runs again.
  EXPECT_EQ(advance_and_fire(scheduler, 60), 1U);
  EXPECT_EQ(runs_.runs("orders"), 2);
}

// A run of the flow in another process, or on another machine sharing the state, holds the
// flow's lease (connection_lease.hpp): the fire is skipped, naming that run; once it ended, the
// next fire runs.
TEST_F(FlowSchedulerTest, AFireWhileAnotherProcessRunsTheFlowIsSkippedAndNamesThatRun) {
  save_authorized_connection();
  FlowScheduler scheduler({scheduled_export("orders", "main", 60)}, options(4));
  {
    const ConnectionLease elsewhere(store::StateLocation{dir_, {}}, "main", "run orders", {},
                                    FlowHold{"orders", 4242});
    EXPECT_EQ(advance_and_fire(scheduler, 60), 0U);
  }
  const auto rows = history("orders", kRunSkipped);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_NE(rows[0].error.find("the previous run of this flow is still going: run orders (run "
                               "4242), pid " +
                               std::to_string(::getpid())),
            std::string::npos)
      << rows[0].error;
  EXPECT_EQ(advance_and_fire(scheduler, 60), 1U);
  EXPECT_EQ(runs_.runs("orders"), 1);
}

// A delta export into a table shares its slices (shared_slices.hpp): the fire that finds the
// flow held elsewhere queues a run that helps the holder, named in its started_by; once the flow
// is free, the next fire runs the flow itself.
TEST_F(FlowSchedulerTest, AFireWhileAnotherProcessRunsATableFlowQueuesARunThatHelpsIt) {
  save_authorized_connection();
  FlowManifest flow = scheduled_export("orders", "main", 60);
  flow.output_table = "orders";
  EXPECT_TRUE(shares_slices(flow));
  FlowScheduler scheduler({flow}, options(4));
  {
    const ConnectionLease elsewhere(store::StateLocation{dir_, {}}, "main", "run orders", {},
                                    FlowHold{"orders", 4242});
    EXPECT_EQ(advance_and_fire(scheduler, 60), 1U);
    scheduler.wait_idle();
  }
  EXPECT_TRUE(history("orders", kRunSkipped).empty());
  EXPECT_EQ(advance_and_fire(scheduler, 60), 1U);
  scheduler.wait_idle();
  EXPECT_EQ(runs_.started_by(),
            (std::vector<std::string>{"scheduler, helping run 4242", "scheduler"}));
  // Modes all and files do not share.
  flow.schedule->mode = ScheduleMode::kAll;
  EXPECT_FALSE(shares_slices(flow));
  EXPECT_FALSE(shares_slices(scheduled_export("orders", "main", 60)));
}

TEST_F(FlowSchedulerTest, RunsOfOneFlowNeverOverlapUnderManyFastFires) {
  FlowScheduler scheduler({scheduled_export("orders", "main", 60)}, options(8));
  for (int i = 0; i < 50; ++i) {
    clock_.advance(60);
    scheduler.fire_due();
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  scheduler.wait_idle();
  EXPECT_GE(runs_.runs("orders"), 1);
  EXPECT_EQ(runs_.most_at_once("orders"), 1);
}

TEST_F(FlowSchedulerTest, AFailingOrThrowingFlowDoesNotStopTheOthers) {
  runs_.fail("bad");
  runs_.throw_for("worse");
  FlowScheduler scheduler(
      {scheduled_export("bad", "main", 60), scheduled_export("worse", "main", 60),
       scheduled_export("good", "main", 60)},
      options(1));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(advance_and_fire(scheduler, 60), 3U);
  EXPECT_EQ(runs_.runs("good"), 3);
  EXPECT_EQ(runs_.runs("bad"), 3);
  EXPECT_EQ(runs_.runs("worse"), 3);
}

TEST_F(FlowSchedulerTest, ADeadRefreshTokenPausesTheConnectionsFlowsUntilItIsAuthorized) {
  save_authorized_connection();
  FlowScheduler scheduler(
      {scheduled_export("orders", "main", 60), scheduled_export("elsewhere", "other", 60)},
      options());
  EXPECT_EQ(advance_and_fire(scheduler, 60), 2U);

  // What the token lifecycle does when the remote side refuses the refresh token for good.
  store::mark_needs_reauthorization(*store::open_connection_state(dir_), connection_id_,
                                    "refresh token revoked");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(advance_and_fire(scheduler, 60), 1U);  // "other" only
  EXPECT_EQ(runs_.runs("orders"), 1);
  EXPECT_EQ(runs_.runs("elsewhere"), 4);
  EXPECT_TRUE(scheduler.states().front().paused);
  const auto paused = history("orders", kRunPaused);
  ASSERT_EQ(paused.size(), 1U);  // one row for the pause, not one per fire
  EXPECT_EQ(paused.front().outcome, kRunPaused);
  EXPECT_EQ(paused.front().start.started_by, "scheduler");
  EXPECT_NE(paused.front().error.find("refresh token revoked"), std::string::npos)
      << paused.front().error;
  EXPECT_NE(paused.front().error.find("connector-host authorize main"), std::string::npos)
      << paused.front().error;

  authorize();
  EXPECT_EQ(advance_and_fire(scheduler, 60), 2U);
  EXPECT_FALSE(scheduler.states().front().paused);
  EXPECT_EQ(runs_.runs("orders"), 2);
  // Paused again later: recorded again.
  store::mark_needs_reauthorization(*store::open_connection_state(dir_), connection_id_,
                                    "refresh token expired");
  EXPECT_EQ(advance_and_fire(scheduler, 60), 1U);
  EXPECT_EQ(history("orders", kRunPaused).size(), 2U);
  EXPECT_EQ(history("orders").size(), 4U);  // and the two runs' own rows
}

TEST_F(FlowSchedulerTest, TheLoopFiresAsTheClockMovesAndStops) {
  FlowScheduler scheduler({scheduled_export("orders", "main", 60)}, options());
  std::thread loop([&] { scheduler.run_until_stopped(); });
  clock_.advance(60);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (runs_.runs("orders") < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(runs_.runs("orders"), 1);
  scheduler.stop();
  loop.join();
}

TEST_F(FlowSchedulerTest, AScheduledRunGoesThroughTheFlowRunApiIntoTheRunHistory) {
  // The real run_flow: the connection does not exist, so the run fails at connect, recorded.
  FlowSchedulerOptions o = options();
  o.run = run_flow;
  FlowScheduler scheduler({scheduled_export("orders", "nowhere", 60)}, std::move(o));
  EXPECT_EQ(advance_and_fire(scheduler, 60), 1U);
  const auto rows = history("orders");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows.front().start.started_by, "scheduler");
  EXPECT_EQ(rows.front().start.mode, "delta");
  EXPECT_FALSE(rows.front().running());
  EXPECT_NE(rows.front().error.find("nowhere"), std::string::npos) << rows.front().error;
}

TEST_F(FlowSchedulerTest, FlowsAddedChangedBrokenAndRemovedInTheFolderTakeEffect) {
  const auto flows = dir_ / "flows";
  std::filesystem::create_directories(flows);
  write_flow(flows, "a", 300);
  FlowScheduler scheduler({}, options());
  scheduler.update(read_flow_folder(flows));
  EXPECT_EQ(scheduled(scheduler), (std::map<std::string, int64_t>{{"a", kStart + 300}}));

  // Added, and changed (schedule and content): a fires by its new interval from where its last
  // schedule started, b from now.
  clock_.advance(30);
  write_flow(flows, "a", 600, "new.jsonl");
  write_flow(flows, "b", 60);
  scheduler.update(read_flow_folder(flows));
  EXPECT_EQ(scheduled(scheduler),
            (std::map<std::string, int64_t>{{"a", kStart + 600}, {"b", kStart + 60}}));
  EXPECT_EQ(advance_and_fire(scheduler, 30), 1U);  // b at kStart + 60
  EXPECT_EQ(runs_.runs("b"), 1);
  EXPECT_EQ(advance_and_fire(scheduler, 540), 2U);  // kStart + 600: a and b
  EXPECT_EQ(runs_.last_output("a").filename(), "new.jsonl");

  // b's file breaks: b keeps its last good definition and goes on firing.
  test_support::write_file(flows / "b.json", R"({"name":"b","kind":"export"})");
  scheduler.update(read_flow_folder(flows));
  EXPECT_EQ(scheduled(scheduler).count("b"), 1U);
  EXPECT_EQ(advance_and_fire(scheduler, 60), 1U);
  EXPECT_EQ(runs_.runs("b"), 3);
  EXPECT_EQ(runs_.last_output("b").filename(), "o.jsonl");

  // a's file goes: a fires no more; b's file is fixed with another output, which it runs.
  std::filesystem::remove(flows / "a.json");
  write_flow(flows, "b", 60, "fixed.jsonl");
  scheduler.update(read_flow_folder(flows));
  EXPECT_EQ(scheduled(scheduler), (std::map<std::string, int64_t>{{"b", kStart + 720}}));
  EXPECT_EQ(advance_and_fire(scheduler, 600), 1U);
  EXPECT_EQ(runs_.runs("a"), 1);
  EXPECT_EQ(runs_.last_output("b").filename(), "fixed.jsonl");

  // A flow whose schedule goes is no longer scheduled either.
  test_support::write_file(flows / "b.json",
                           R"({"kind":"export","resource":"orders","shop":"7001",)"
                           R"("connection":"main","name":"b","output":"o.jsonl"})");
  scheduler.update(read_flow_folder(flows));
  EXPECT_TRUE(scheduler.states().empty());
}

TEST_F(FlowSchedulerTest, AFireThatFindsTheSharedQueueFullIsSkippedAndRecorded) {
  FlowScheduler scheduler(
      {scheduled_export("first", "main", 60), scheduled_export("second", "main", 120),
       scheduled_export("third", "main", 120)},
      options_on(shared_workers(1)));
  runs_.hold();
  clock_.advance(60);
  EXPECT_EQ(scheduler.fire_due(), 1U);
  ASSERT_TRUE(runs_.wait_running("first"));  // the one worker holds it
  clock_.advance(60);
  EXPECT_EQ(scheduler.fire_due(), 1U);  // second waits for the worker; no room for third
  const auto rows = history("third");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows.front().outcome, kRunSkipped);
  EXPECT_NE(rows.front().error.find("the run queue is full: 1 runs wait for 1 workers"),
            std::string::npos)
      << rows.front().error;
  runs_.release();
  scheduler.wait_idle();
  EXPECT_EQ(runs_.runs("first") + runs_.runs("second"), 2);
}

TEST_F(FlowSchedulerTest, AScheduledRunWaitingForAWorkerIsInTheHistoryAsQueued) {
  FlowScheduler scheduler(
      {scheduled_export("first", "main", 60), scheduled_export("second", "main", 120)},
      options_on(shared_workers(4)));
  runs_.hold();
  clock_.advance(60);
  EXPECT_EQ(scheduler.fire_due(), 1U);
  ASSERT_TRUE(runs_.wait_running("first"));
  clock_.advance(60);
  EXPECT_EQ(scheduler.fire_due(), 1U);  // first's fire is skipped; second waits for the worker
  const auto waiting = history("second");
  ASSERT_EQ(waiting.size(), 1U);
  EXPECT_EQ(waiting.front().outcome, store::kRunQueued);
  EXPECT_EQ(waiting.front().start.started_by, "scheduler");
  runs_.release();
  scheduler.wait_idle();
  EXPECT_EQ(runs_.runs("second"), 1);
}

TEST_F(FlowSchedulerTest, AFireWhileAConsoleRunOfTheFlowWaitsOrGoesIsSkippedAndRecorded) {
  const auto workers = shared_workers(4);
  runs_.hold();
  QueuedRun console_run;  // what ConsoleRuns::start queues, without its row
  console_run.request.flow = scheduled_export("orders", "main", 60);
  console_run.request.started_by = "console";
  console_run.flow_key = "orders";
  const int console_owner = 0;
  console_run.owner = &console_owner;
  ASSERT_EQ(workers->submit(std::move(console_run)).admission, RunAdmission::kQueued);
  ASSERT_TRUE(runs_.wait_running("orders"));
  FlowScheduler scheduler({scheduled_export("orders", "main", 60)}, options_on(workers));
  clock_.advance(60);
  EXPECT_EQ(scheduler.fire_due(), 0U);
  const auto skipped = history("orders", kRunSkipped);
  ASSERT_EQ(skipped.size(), 1U);
  EXPECT_NE(skipped.front().error.find("started from the console is still queued or going"),
            std::string::npos)
      << skipped.front().error;
  runs_.release();
  workers->wait_idle();
  EXPECT_EQ(runs_.most_at_once("orders"), 1);
  EXPECT_EQ(advance_and_fire(scheduler, 60), 1U);  // the console's run ended: the flow is free
  EXPECT_EQ(runs_.runs("orders"), 2);
}

TEST_F(FlowSchedulerTest, TheStatusQueryReadsTheFolderTheWayTheSchedulerRunsIt) {
  save_authorized_connection();
  const auto flows = dir_ / "flows";
  std::filesystem::create_directories(flows);
  const std::string base =
      R"({"kind":"export","resource":"orders","shop":"7001","output":"o.jsonl",)";
  test_support::write_file(flows / "a.json",
                           base + R"("name":"a","connection":"main",)"
                                  R"("schedule":{"every_seconds":600,"jitter_seconds":0}})");
  test_support::write_file(flows / "b.json",
                           base + R"("name":"b","connection":"main",)"
                                  R"("schedule":{"cron":"30 * * * *","jitter_seconds":20}})");
  test_support::write_file(flows / "c.json", base + R"("name":"c","connection":"main"})");
  test_support::write_file(flows / "d.json", base + R"("name":"a","connection":"main",)"
                                                    R"("schedule":{"every_seconds":60}})");
  test_support::write_file(flows / "e.json", R"({"name":"broken"})");
  const HostPaths paths{dir_, {}, {}};

  auto statuses = schedule_statuses(flows, paths, kStart);
  ASSERT_EQ(statuses.size(), 2U);  // c has no schedule, d repeats a's name, e is refused
  EXPECT_EQ(statuses[0].flow.name, "a");
  EXPECT_EQ(statuses[0].next_fire, kStart + 600);
  EXPECT_FALSE(statuses[0].paused.has_value());
  EXPECT_EQ(statuses[1].flow.name, "b");
  EXPECT_EQ(statuses[1].next_fire, kStart + 1800 + jitter_offset("b", 20));

  std::vector<std::string> refused;
  const FlowFolder folder = read_flow_folder(flows);
  EXPECT_EQ(scheduled_flows(folder, refused).size(), 2U);
  ASSERT_EQ(refused.size(), 1U);
  EXPECT_NE(refused.front().find("d.json"), std::string::npos) << refused.front();
  ASSERT_EQ(folder.refused.size(), 1U);
  EXPECT_NE(folder.refused.front().find("e.json: /connection: is required"), std::string::npos)
      << folder.refused.front();

  store::mark_needs_reauthorization(*store::open_connection_state(dir_), connection_id_,
                                    "refresh token revoked");
  statuses = schedule_statuses(flows, paths, kStart);
  ASSERT_TRUE(statuses[0].paused.has_value());
  EXPECT_NE(statuses[0].paused->find("refresh token revoked"), std::string::npos);
}

}  // namespace
}  // namespace host::engine
