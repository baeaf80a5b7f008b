// One rate budget per (app, shop, API) in one process: two flows of one shop, run at once
// through the engine's flow-run API, stay under the sandbox's limit together (the sandbox
// answers every request above it with its rate-limit code and counts them).
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "engine/flows/run/flow_run.hpp"
#include "run_e2e_fixture.hpp"

namespace connection_e2e {
namespace {

// The sandbox's code for a request above its per-second limit.
constexpr std::int64_t kRateLimitedCode = 36009002;

host::engine::FlowRunRequest request_for(const std::filesystem::path& manifest,
                                         const std::filesystem::path& state) {
  std::ifstream in(manifest);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<host::engine::FlowProblem> problems;
  host::engine::FlowRunRequest request;
  request.flow = host::engine::parse_flow_manifest(manifest, text.str(), problems);
  EXPECT_TRUE(problems.empty()) << host::engine::describe_problems(manifest, problems);
  request.options.mode = host::engine::ExportMode::kAll;
  request.paths = {state, CONNECTOR_PLUGIN_DIR, MANIFEST_DIR};
  return request;
}

TEST_F(RunE2eTest, TwoFlowsOfOneShopShareOneRateBudget) {
  options_.rate_limit_per_second = 10;
  start_and_authorize();
  // Each flow alone may send 10 requests a second on orders.search: together, only if they
  // share the budget do they stay at 10.
  const auto orders = [&](const std::string& name) { return paced_orders_flow(name, 10); };
  const auto first = request_for(orders("orders-a"), dir_ / "state");
  const auto second = request_for(orders("orders-b"), dir_ / "state");
  {
    const auto alone = host::engine::run_flow(request_for(orders("orders-alone"), dir_ / "state"));
    ASSERT_EQ(alone.outcome, host::engine::FlowOutcome::kSucceeded) << alone.error;
    EXPECT_EQ(sandbox_->stats().rejected_by_code.count(kRateLimitedCode), 0U)
        << "one flow alone: " << alone.calls.requests << " requests, "
        << alone.calls.rate_limited_answers << " rate limited";
  }
  const auto before = sandbox_->stats().requests_total;
  host::engine::FlowRunResult a;
  host::engine::FlowRunResult b;
  std::thread other([&] { b = host::engine::run_flow(second); });
  a = host::engine::run_flow(first);
  other.join();
  ASSERT_EQ(a.outcome, host::engine::FlowOutcome::kSucceeded) << a.error;
  ASSERT_EQ(b.outcome, host::engine::FlowOutcome::kSucceeded) << b.error;
  EXPECT_EQ(a.exported.records, 240U);
  EXPECT_EQ(b.exported.records, 240U);

  const auto stats = sandbox_->stats();
  EXPECT_GE(stats.requests_total - before, 40U) << "enough requests to exceed a lone budget";
  EXPECT_EQ(stats.rejected_by_code.count(kRateLimitedCode), 0U)
      << stats.rejected_by_code.at(kRateLimitedCode) << " requests above the sandbox's limit";
  EXPECT_EQ(a.calls.rate_limited_answers + b.calls.rate_limited_answers, 0U);
}

}  // namespace
}  // namespace connection_e2e
