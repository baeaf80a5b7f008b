// The bounded workers serve's runs share (engine/flows/schedule/run_workers.hpp): many more runs
// than workers never run more than the workers at once and all end, in the order they were
// queued; a full queue refuses at once, naming its limit; a queued row reads "queued"; and a
// run that never started (shutdown, an owner that withdrew) is recorded as not started.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/flows/run/run_history.hpp"
#include "engine/flows/schedule/run_workers.hpp"
#include "flows_run_gate.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

// The flow-run API's stand-in: counts the runs going at once, keeps the order they began in, and
// holds them while told to.
class FakeRuns {
 public:
  FlowRunResult run(const FlowRunRequest& request) {
    auto lock = gate_.lock();
    began_.push_back(request.flow.name);
    most_at_once_ = std::max(most_at_once_, ++running_);
    gate_.pass(lock);
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    lock.lock();
    --running_;
    ++ended_;
    gate_.changed(lock);
    return {};
  }
  std::function<FlowRunResult(const FlowRunRequest&)> function() {
    return [this](const FlowRunRequest& request) { return run(request); };
  }
  void hold() { gate_.hold(); }
  void release() { gate_.release(); }
  bool wait_running(int count) {
    return gate_.wait_until([&] { return running_ >= count; });
  }
  int most_at_once() {
    auto lock = gate_.lock();
    return most_at_once_;
  }
  int ended() {
    auto lock = gate_.lock();
    return ended_;
  }
  std::vector<std::string> began() {
    auto lock = gate_.lock();
    return began_;
  }

 private:
  RunGate gate_;
  int running_ = 0;
  int most_at_once_ = 0;
  int ended_ = 0;
  std::vector<std::string> began_;
};

class RunWorkersTest : public ::testing::Test {
 protected:
  QueuedRun run_of(const std::string& flow, bool open_row = false, const void* owner = nullptr) {
    QueuedRun run;
    run.request.flow.name = flow;
    run.request.flow.kind = FlowKind::kExport;
    run.request.flow.connection = "main";
    run.request.paths.state_dir = scratch_.path();
    run.request.started_by = "console";
    run.open_queued_row = open_row;
    run.owner = owner;
    run.on_end = [this](const FlowRunResult* result) {
      (result != nullptr ? ended_ : not_started_).fetch_add(1);
    };
    return run;
  }
  RunWorkersOptions options(size_t workers, size_t max_queued) {
    return {.workers = workers, .max_queued = max_queued, .run = fake_.function()};
  }
  std::optional<RunRecord> row(int64_t id) {
    return find_run(HostPaths{scratch_.path(), {}, {}}, id);
  }

  test_support::TestDirectory scratch_{"run_workers"};
  FakeRuns fake_;
  std::atomic<int> ended_{0};
  std::atomic<int> not_started_{0};
};

TEST_F(RunWorkersTest, ManyMoreRunsThanWorkersRunAtMostTheWorkersAtOnceAndAllEnd) {
  RunWorkers workers(options(3, 100));
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(workers.submit(run_of("flow-" + std::to_string(i))).admission, RunAdmission::kQueued);
  }
  workers.wait_idle();
  EXPECT_EQ(fake_.ended(), 40);
  EXPECT_EQ(ended_.load(), 40);
  EXPECT_LE(fake_.most_at_once(), 3);
  EXPECT_GE(fake_.most_at_once(), 1);
}

TEST_F(RunWorkersTest, OneWorkerRunsThemInTheOrderTheyWereQueued) {
  RunWorkers workers(options(1, 100));
  fake_.hold();
  std::vector<std::string> queued;
  for (int i = 0; i < 10; ++i) {
    queued.push_back("flow-" + std::to_string(i));
    workers.submit(run_of(queued.back()));
  }
  fake_.release();
  workers.wait_idle();
  EXPECT_EQ(fake_.began(), queued);
}

TEST_F(RunWorkersTest, AFullQueueRefusesAtOnceAndSaysWhichLimit) {
  RunWorkers workers(options(1, 2));
  fake_.hold();
  ASSERT_EQ(workers.submit(run_of("running")).admission, RunAdmission::kQueued);
  ASSERT_TRUE(fake_.wait_running(1));
  EXPECT_EQ(workers.submit(run_of("waits-1")).admission, RunAdmission::kQueued);
  EXPECT_EQ(workers.submit(run_of("waits-2")).admission, RunAdmission::kQueued);
  const SubmitResult refused = workers.submit(run_of("refused", true));
  EXPECT_EQ(refused.admission, RunAdmission::kQueueFull);
  EXPECT_EQ(refused.run_id, 0);  // refused before any row was written
  EXPECT_TRUE(list_runs(HostPaths{scratch_.path(), {}, {}}, {}).empty());
  EXPECT_NE(workers.queue_full_text().find("2 runs wait for 1 workers"), std::string::npos)
      << workers.queue_full_text();
  fake_.release();
  workers.wait_idle();
  EXPECT_EQ(fake_.ended(), 3);
  // Room again: the next is taken.
  EXPECT_EQ(workers.submit(run_of("later")).admission, RunAdmission::kQueued);
  workers.wait_idle();
}

TEST_F(RunWorkersTest, OneFlowKeyHasOneRunAtATimeAndIsFreedByItsEndOrByNotStarting) {
  RunWorkers workers(options(2, 10));
  const auto keyed = [&](const std::string& flow, const void* owner = nullptr) {
    QueuedRun run = run_of(flow, false, owner);
    run.flow_key = flow;
    return run;
  };
  fake_.hold();
  ASSERT_EQ(workers.submit(keyed("orders")).admission, RunAdmission::kQueued);
  ASSERT_TRUE(fake_.wait_running(1));
  // Running: refused though a worker is free; another flow is not held up.
  EXPECT_EQ(workers.submit(keyed("orders")).admission, RunAdmission::kFlowBusy);
  EXPECT_EQ(workers.submit(keyed("products")).admission, RunAdmission::kQueued);
  ASSERT_TRUE(fake_.wait_running(2));
  // Queued, not running: refused as well.
  const int owner = 0;
  ASSERT_EQ(workers.submit(keyed("returns", &owner)).admission, RunAdmission::kQueued);
  EXPECT_EQ(workers.submit(keyed("returns")).admission, RunAdmission::kFlowBusy);
  // A key without a value is never busy.
  EXPECT_EQ(workers.submit(run_of("orders")).admission, RunAdmission::kQueued);
  workers.withdraw(&owner, "its owner went");  // returns never started: its key is free
  EXPECT_EQ(not_started_.load(), 1);
  fake_.release();
  workers.wait_idle();
  EXPECT_EQ(workers.submit(keyed("orders")).admission, RunAdmission::kQueued);
  EXPECT_EQ(workers.submit(keyed("returns")).admission, RunAdmission::kQueued);
  workers.wait_idle();
  EXPECT_EQ(fake_.ended(), 5);
  EXPECT_NE(RunWorkers::flow_busy_text("orders").find("flow orders has a run queued or going"),
            std::string::npos);
}

TEST_F(RunWorkersTest, AQueuedRunReadsQueuedAndIsRecordedAsNotStartedWhenTheWorkersStop) {
  auto workers = std::make_unique<RunWorkers>(options(1, 10));
  fake_.hold();
  ASSERT_EQ(workers->submit(run_of("running")).admission, RunAdmission::kQueued);
  ASSERT_TRUE(fake_.wait_running(1));
  const SubmitResult waiting = workers->submit(run_of("waiting", true));
  ASSERT_EQ(waiting.admission, RunAdmission::kQueued);
  ASSERT_NE(waiting.run_id, 0);
  auto queued = row(waiting.run_id);
  ASSERT_TRUE(queued.has_value());
  EXPECT_EQ(queued->outcome, "queued");
  EXPECT_TRUE(queued->running());
  EXPECT_FALSE(queued->failed());
  EXPECT_EQ(queued->start.started_by, "console");

  // Stopping: the queued run is recorded at once; the running one is waited for.
  std::thread stopper([&] { workers->shutdown(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (row(waiting.run_id)->outcome == "queued" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(workers->submit(run_of("too-late")).admission, RunAdmission::kStopped);
  fake_.release();
  stopper.join();
  const auto ended = row(waiting.run_id);
  EXPECT_EQ(ended->outcome, kRunNotStarted);
  EXPECT_FALSE(ended->running());
  EXPECT_TRUE(ended->failed());
  EXPECT_NE(ended->error.find("not started: serve stopped before a worker was free"),
            std::string::npos)
      << ended->error;
  EXPECT_EQ(fake_.ended(), 1);
  EXPECT_EQ(ended_.load(), 1);
  EXPECT_EQ(not_started_.load(), 1);
}

TEST_F(RunWorkersTest, AnOwnerThatWithdrawsHasItsQueuedRunsRecordedAndTheOthersGoOn) {
  RunWorkers workers(options(1, 10));
  const int mine = 0;
  const int theirs = 0;
  fake_.hold();
  ASSERT_EQ(workers.submit(run_of("theirs-running", false, &theirs)).admission,
            RunAdmission::kQueued);
  ASSERT_TRUE(fake_.wait_running(1));
  workers.submit(run_of("mine-1", false, &mine));
  workers.submit(run_of("theirs-queued", false, &theirs));
  workers.submit(run_of("mine-2", false, &mine));
  workers.withdraw(&mine, "its scheduler stopped");  // none of mine runs: returns at once
  EXPECT_EQ(not_started_.load(), 2);
  RunFilter mine_only;
  mine_only.flow = "mine-1";
  const auto rows = list_runs(HostPaths{scratch_.path(), {}, {}}, mine_only);
  ASSERT_EQ(rows.size(), 1u);  // written for it: its run would have opened its own row
  EXPECT_EQ(rows.front().outcome, kRunNotStarted);
  EXPECT_EQ(rows.front().error, "not started: its scheduler stopped");
  fake_.release();
  workers.wait_idle();
  EXPECT_EQ(fake_.began(), (std::vector<std::string>{"theirs-running", "theirs-queued"}));
}

}  // namespace
}  // namespace host::engine
