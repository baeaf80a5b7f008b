// Runs started from the console wait for the bounded workers of the serve process
// (engine/flows/schedule/run_workers.hpp): many more starts than workers never run more than
// the workers at once, all of them end, none of them meets a locked database; a queued run reads
// "queued" until a worker takes it; a start that finds the queue full is answered 503 naming
// the limit.
#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "console_api_fixture.hpp"
#include "engine/flows/run/run_history.hpp"
#include "engine/flows/schedule/run_workers.hpp"

namespace console_api {
namespace {

// The most runs of `rows` whose [started_at, ended_at] overlap at one moment.
size_t most_at_once(const std::vector<host::engine::RunRecord>& rows) {
  std::vector<std::pair<int64_t, int>> edges;  // (time, +1 start / -1 end); ends sort first
  for (const auto& row : rows) {
    edges.emplace_back(row.started_at_ms, 1);
    edges.emplace_back(row.ended_at_ms.value_or(row.updated_at_ms), -1);
  }
  std::sort(edges.begin(), edges.end());
  int now = 0;
  int most = 0;
  for (const auto& [at, step] : edges) most = std::max(most, now += step);
  return static_cast<size_t>(most);
}

class ConsoleRunQueueTest : public ConsoleApiTest {
 protected:
  // An export of the authorized shop into its own output.
  void write_orders_flow(const std::string& name, const std::string& shop_id) {
    write("flows/" + name + ".json", R"({"name": ")" + name +
                                         R"(", "connection": "e2e-shop", "kind": "export",
      "resource": "orders", "shop": ")" + shop_id +
                                         R"(", "page_size": 50,
      "window": {"field": "update", "lookback_seconds": 3456000, "slice_seconds": 345600},
      "output": ")" + name + ".jsonl\"}");
  }

  host::engine::HostPaths paths() const {
    host::engine::HostPaths p;
    p.state_dir = dir_ / "state";
    return p;
  }
};

class ManyConsoleRunsTest : public ConsoleRunQueueTest {
 protected:
  static constexpr size_t kWorkers = 2;
  static constexpr size_t kRuns = 12;
  void SetUp() override {
    run_workers_ = std::make_shared<host::engine::RunWorkers>(
        host::engine::RunWorkersOptions{.workers = kWorkers, .max_queued = 64});
    ConsoleRunQueueTest::SetUp();
  }
};

TEST_F(ManyConsoleRunsTest, many_more_starts_than_workers_run_at_most_the_workers_at_once) {
  log_in();
  const std::string shop_id = authorize_through_console();
  for (size_t i = 0; i < kRuns; ++i) write_orders_flow("orders-" + std::to_string(i), shop_id);
  std::vector<std::string> ids;
  for (size_t i = 0; i < kRuns; ++i) {
    const HttpReply started =
        api("POST", "flows/orders-" + std::to_string(i) + "/runs", R"({"mode":"all"})");
    ASSERT_EQ(started.status, 202) << started.body;
    EXPECT_EQ(json_string(started.body, "outcome"), "queued") << started.body;
    ids.push_back(json_string(started.body, "run_id"));
  }
  // While they go, the API never shows more running than there are workers.
  bool saw_queued = false;
  size_t most_running_seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  for (;;) {
    const std::string listing = api("GET", "runs").body;
    size_t running = 0;
    size_t unfinished = 0;
    for (size_t at = listing.find("\"outcome\":\""); at != std::string::npos;
         at = listing.find("\"outcome\":\"", at + 1)) {
      const std::string outcome = listing.substr(at + 11, listing.find('"', at + 11) - at - 11);
      running += outcome == "running";
      saw_queued = saw_queued || outcome == "queued";
      unfinished += outcome == "running" || outcome == "queued";
    }
    most_running_seen = std::max(most_running_seen, running);
    if (unfinished == 0 || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_LE(most_running_seen, kWorkers);
  EXPECT_TRUE(saw_queued);

  const auto rows = host::engine::list_runs(paths(), {});
  ASSERT_EQ(rows.size(), kRuns);
  for (const auto& row : rows) {
    EXPECT_EQ(row.outcome, "succeeded") << row.id << ": " << row.error;
    EXPECT_EQ(row.error.find("database"), std::string::npos) << row.error;
    EXPECT_EQ(row.start.started_by, "console");
    EXPECT_GT(row.counts.records, 0u) << row.id;
  }
  // Each row's start is when a worker took it, so the rows themselves show the bound.
  EXPECT_LE(most_at_once(rows), kWorkers);
  for (const std::string& id : ids) {
    EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [&](const auto& row) {
      return std::to_string(row.id) == id;
    })) << id;
  }
}

// A gate in front of the real flow-run API: runs wait at it until the test opens it.
class Gate {
 public:
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void pass() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
  }
  // Waits until a run waits at the gate (or 30 s pass).
  bool wait_for_a_run() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [&] { return waiting_ > 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
  int waiting_ = 0;
};

class FullRunQueueTest : public ConsoleRunQueueTest {
 protected:
  void SetUp() override {
    run_workers_ = std::make_shared<host::engine::RunWorkers>(host::engine::RunWorkersOptions{
        .workers = 1, .max_queued = 1, .run = [this](const host::engine::FlowRunRequest& r) {
          gate_.pass();
          return host::engine::run_flow(r);
        }});
    ConsoleRunQueueTest::SetUp();
  }
  void TearDown() override {
    gate_.open();
    ConsoleRunQueueTest::TearDown();
  }
  Gate gate_;
};

TEST_F(FullRunQueueTest, a_queued_run_reads_queued_and_a_start_beyond_the_queue_is_503) {
  log_in();
  const std::string shop_id = authorize_through_console();
  for (const char* name : {"first", "second", "third"}) write_orders_flow(name, shop_id);
  const HttpReply first = api("POST", "flows/first/runs", R"({"mode":"all"})");
  ASSERT_EQ(first.status, 202) << first.body;
  // The one worker takes the first run (it waits at the gate); the second waits in the queue.
  const std::string first_id = json_string(first.body, "run_id");
  ASSERT_TRUE(gate_.wait_for_a_run());
  ASSERT_EQ(api("POST", "flows/second/runs", R"({"mode":"all"})").status, 202);
  host::engine::RunFilter second_only;
  second_only.flow = "second";
  const auto queued = host::engine::list_runs(paths(), second_only);
  ASSERT_EQ(queued.size(), 1u);
  const std::string second_id = std::to_string(queued.front().id);
  HttpReply reply = api("GET", "runs/" + second_id);
  EXPECT_EQ(json_string(reply.body, "outcome"), "queued") << reply.body;
  EXPECT_NE(reply.body.find(R"("ended_at":null)"), std::string::npos) << reply.body;

  reply = api("POST", "flows/third/runs", R"({"mode":"all"})");
  EXPECT_EQ(reply.status, 503) << reply.body;
  EXPECT_NE(reply.body.find("the run queue is full: 1 runs wait for 1 workers"), std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find("--max-queued-runs"), std::string::npos) << reply.body;
  EXPECT_EQ(reply.header("Retry-After"), "5");
  host::engine::RunFilter third_only;
  third_only.flow = "third";
  EXPECT_TRUE(host::engine::list_runs(paths(), third_only).empty());  // refused: no row

  // The first flow again while its run goes: 409, no row, no Retry-After (it is not the queue).
  reply = api("POST", "flows/first/runs", R"({"mode":"delta"})");
  EXPECT_EQ(reply.status, 409) << reply.body;
  EXPECT_NE(reply.body.find("flow first has a run queued or going already"), std::string::npos)
      << reply.body;
  EXPECT_EQ(reply.header("Retry-After"), "");
  host::engine::RunFilter first_only;
  first_only.flow = "first";
  EXPECT_EQ(host::engine::list_runs(paths(), first_only).size(), 1u);

  gate_.open();
  EXPECT_EQ(json_string(wait_for_run(first_id, 120).body, "outcome"), "succeeded");
  EXPECT_EQ(json_string(wait_for_run(second_id, 120).body, "outcome"), "succeeded");
}

}  // namespace
}  // namespace console_api
