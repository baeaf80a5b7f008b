// The console's runs: each is in the engine's run history, as the console's, from the moment
// start() returns (queued until a worker takes it); it runs on the bounded workers the console is
// given, and a start those workers have no room for is refused with a 503 naming the limit.
#include <gtest/gtest.h>

#include <fstream>

#include "console/console_runs.hpp"
#include "engine/flows/run/run_history.hpp"
#include "flows_run_gate.hpp"
#include "test_directory.hpp"

namespace {

using host::console::ConsoleRuns;

// An export of a connection the state does not hold: the run fails at its first step.
host::engine::FlowRunRequest export_of_no_connection(const std::filesystem::path& dir) {
  host::engine::FlowRunRequest r;
  r.flow.file = dir / "orders.json";
  r.flow.name = "orders";
  r.flow.kind = host::engine::FlowKind::kExport;
  r.flow.connection = "nobody";
  r.flow.resource = "orders";
  r.flow.shop = "7001";
  r.flow.output = dir / "orders.jsonl";
  r.options.mode = host::engine::ExportMode::kAll;
  r.paths.state_dir = dir / "state";
  return r;
}

// Runs that count themselves and wait at a gate, held from the start, until gate.release().
struct HeldRuns {
  HeldRuns() { gate.hold(); }
  std::shared_ptr<host::engine::RunWorkers> workers(size_t count, size_t max_queued) {
    return std::make_shared<host::engine::RunWorkers>(host::engine::RunWorkersOptions{
        .workers = count, .max_queued = max_queued, .run = [this](const auto&) {
          auto lock = gate.lock();
          ++began;
          gate.pass(lock);
          return host::engine::FlowRunResult{};
        }});
  }
  bool wait_began(int count) {
    return gate.wait_until([&] { return began >= count; });
  }

  host::engine::RunGate gate;
  int began = 0;  // under gate.lock()
};

TEST(ConsoleRuns, a_started_run_is_in_the_run_history_at_once_and_ends_through_run_flow) {
  test_support::TestDirectory scratch("console_runs");
  const auto request = export_of_no_connection(scratch.path());
  ConsoleRuns runs;
  const auto started = runs.start(request);
  ASSERT_TRUE(started.refused.empty()) << started.refused;
  EXPECT_EQ(started.http_status, 202);
  const auto row = host::engine::find_run(request.paths, started.run_id);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->start.started_by, "console");
  EXPECT_EQ(row->start.flow, "orders");
  EXPECT_EQ(row->start.mode, "all");

  runs.workers().wait_idle();
  const auto ended = host::engine::find_run(request.paths, started.run_id);
  ASSERT_TRUE(ended.has_value());
  EXPECT_FALSE(ended->running());
  EXPECT_EQ(ended->outcome, "failed");  // the queued row became the run's, and ended
  EXPECT_NE(ended->error.find("orders.json: /connection: "), std::string::npos) << ended->error;
  EXPECT_GE(ended->started_at_ms, row->started_at_ms);
}

TEST(ConsoleRuns, a_run_whose_row_cannot_be_opened_is_not_started) {
  test_support::TestDirectory scratch("console_runs_no_state");
  auto request = export_of_no_connection(scratch.path());
  // A file where the state folder should be: the run history cannot be opened.
  std::filesystem::create_directories(scratch.path());
  { std::ofstream(scratch.path() / "state") << "not a folder"; }
  ConsoleRuns runs;
  EXPECT_ANY_THROW(runs.start(request));
  runs.workers().wait_idle();  // nothing was queued: returns at once
}

TEST(ConsoleRuns, a_start_the_shared_workers_have_no_room_for_is_refused_naming_the_limit) {
  test_support::TestDirectory scratch("console_runs_full");
  HeldRuns held;
  auto workers = held.workers(1, 1);
  ConsoleRuns runs(workers);
  // Three flows (one flow's second start is another refusal: see the next test).
  const auto request = [&](const char* name) {
    auto r = export_of_no_connection(scratch.path());
    r.flow.name = name;
    return r;
  };
  EXPECT_EQ(runs.start(request("first")).http_status, 202);
  ASSERT_TRUE(held.wait_began(1));
  const auto queued = runs.start(request("second"));
  EXPECT_EQ(queued.http_status, 202);
  EXPECT_EQ(host::engine::find_run(request("second").paths, queued.run_id)->outcome, "queued");
  const auto refused = runs.start(request("third"));
  EXPECT_EQ(refused.http_status, 503);
  EXPECT_EQ(refused.run_id, 0);
  EXPECT_NE(refused.refused.find("the run queue is full: 1 runs wait for 1 workers"),
            std::string::npos)
      << refused.refused;
  held.gate.release();
  workers->wait_idle();
}

TEST(ConsoleRuns, a_second_start_of_a_flow_with_a_run_queued_or_going_is_409_and_writes_nothing) {
  test_support::TestDirectory scratch("console_runs_busy");
  HeldRuns held;
  auto workers = held.workers(2, 8);
  ConsoleRuns runs(workers);
  const auto request = export_of_no_connection(scratch.path());
  const auto first = runs.start(request);
  ASSERT_EQ(first.http_status, 202);
  ASSERT_TRUE(held.wait_began(1));
  // A worker is free, but the flow has its run going.
  const auto second = runs.start(request);
  EXPECT_EQ(second.http_status, 409);
  EXPECT_EQ(second.run_id, 0);
  EXPECT_NE(second.refused.find("flow orders has a run queued or going already"), std::string::npos)
      << second.refused;
  host::engine::RunFilter all;
  EXPECT_EQ(host::engine::list_runs(request.paths, all).size(), 1U);  // the first's row only
  held.gate.release();
  workers->wait_idle();
  // Ended: the flow is free again.
  EXPECT_EQ(runs.start(request).http_status, 202);
  workers->wait_idle();
  EXPECT_TRUE(held.wait_began(2));
}

}  // namespace
