// The console's runs: each is in the engine's run history, as the console's, from the moment
// start() returns; its worker thread is joined once the run is over.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "console/console_runs.hpp"
#include "engine/flows/run/run_history.hpp"
#include "test_directory.hpp"

namespace {

using host::console::ConsoleRuns;
using namespace std::chrono_literals;

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

TEST(ConsoleRuns, a_started_run_is_in_the_run_history_at_once_and_its_thread_is_joined_after) {
  test_support::TestDirectory scratch("console_runs");
  const auto request = export_of_no_connection(scratch.path());
  ConsoleRuns runs;
  const int64_t id = runs.start(request);
  const auto row = host::engine::find_run(request.paths, id);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->start.started_by, "console");
  EXPECT_EQ(row->start.flow, "orders");
  EXPECT_EQ(row->start.mode, "all");

  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (runs.unfinished() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(runs.unfinished(), 0u);
  const auto ended = host::engine::find_run(request.paths, id);
  ASSERT_TRUE(ended.has_value());
  EXPECT_FALSE(ended->running());
  EXPECT_EQ(ended->outcome, "failed");
  EXPECT_NE(ended->error.find("orders.json: /connection: "), std::string::npos) << ended->error;
}

TEST(ConsoleRuns, a_run_whose_row_cannot_be_opened_is_not_started) {
  test_support::TestDirectory scratch("console_runs_no_state");
  auto request = export_of_no_connection(scratch.path());
  // A file where the state folder should be: the run history cannot be opened.
  std::filesystem::create_directories(scratch.path());
  { std::ofstream(scratch.path() / "state") << "not a folder"; }
  ConsoleRuns runs;
  EXPECT_ANY_THROW(runs.start(request));
  EXPECT_EQ(runs.unfinished(), 0u);
}

}  // namespace
