// The run history through the flow-run API (engine/flows/run/run_history.hpp): each run's row
// exists from its start (its id told to the front end before any call), shows live counts while
// it runs, and ends with the run's outcome, counts, cursors and error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/flows/run/flow_run.hpp"
#include "engine/flows/run/run_history.hpp"
#include "engine_fake_caller.hpp"
#include "flows_ready_connection.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

using testing::FakeCaller;
using testing::make_failure;
using testing::make_page;

class StartedProgress : public ProgressSink {
 public:
  void on_run_started(int64_t run_id) override { started.push_back(run_id); }
  std::vector<int64_t> started;
};

class FlowRunHistory : public ::testing::Test {
 protected:
  // An export of orders over [0, 500) in five slices of 100 seconds into the JSON Lines file.
  FlowRunRequest export_request(ProgressSink* progress) const {
    FlowRunRequest r = testing::flow_request(dir_, FlowKind::kExport, "orders");
    r.flow.shop = "cipher-given";
    r.flow.window.start = 0;
    r.flow.window.slice_seconds = 100;
    r.flow.concurrency = 1;
    r.flow.output = dir_ / "orders.jsonl";
    r.options.mode = ExportMode::kDelta;
    r.options.now = 500;
    r.progress = progress;
    r.started_by = "test-front-end";
    return r;
  }

  // An import of inventory.jsonl (in the test's directory) into the inventory resource.
  FlowRunRequest import_request() const {
    FlowRunRequest r = testing::flow_request(dir_, FlowKind::kImport, "inventory");
    r.flow.input = dir_ / "inventory.jsonl";
    return r;
  }

  FlowConnection connection(RemoteCaller& caller) const {
    return testing::ready_connection(catalog_, caller);
  }

  HostPaths paths() const { return {dir_, {}, {}}; }

  test_support::TestDirectory scratch_{"flows_run_history"};
  std::filesystem::path dir_ = scratch_.path();
  FlowCatalog catalog_ = testing::orders_and_inventory_catalog();
};

TEST_F(FlowRunHistory, ARunIsRecordedFromItsStartThroughLiveCountsToItsEnd) {
  StartedProgress progress;
  std::optional<RunRecord> at_first_call;
  std::optional<RunRecord> after_a_slow_call;
  int calls = 0;
  FakeCaller caller([&](const CallRequest&) {
    ++calls;
    if (calls == 1 && !progress.started.empty()) {
      at_first_call = find_run(paths(), progress.started.front());
    }
    // Long enough for the run to write its counts so far (about once a second).
    if (calls == 3) std::this_thread::sleep_for(std::chrono::milliseconds(1600));
    if (calls == 4) after_a_slow_call = find_run(paths(), progress.started.front());
    return make_page({"{\"id\":\"" + std::to_string(calls) + "\"}"});
  });
  const FlowRunResult r = run_flow_on(connection(caller), export_request(&progress));
  ASSERT_EQ(r.outcome, FlowOutcome::kSucceeded) << r.error;

  ASSERT_EQ(progress.started.size(), 1U);
  EXPECT_EQ(r.run_id, progress.started.front());
  ASSERT_TRUE(at_first_call) << "the row exists before the first call";
  EXPECT_TRUE(at_first_call->running());
  EXPECT_EQ(at_first_call->outcome, "running");
  EXPECT_EQ(at_first_call->start.flow, "orders");
  EXPECT_EQ(at_first_call->start.connection, "main");
  EXPECT_EQ(at_first_call->start.shop, "cipher-given");
  EXPECT_EQ(at_first_call->start.mode, "delta");
  EXPECT_EQ(at_first_call->start.started_by, "test-front-end");
  ASSERT_TRUE(after_a_slow_call);
  EXPECT_TRUE(after_a_slow_call->running());
  EXPECT_GE(after_a_slow_call->counts.records, 2U) << "live counts of the slices paged so far";

  const auto ended = find_run(paths(), r.run_id);
  ASSERT_TRUE(ended);
  EXPECT_FALSE(ended->running());
  EXPECT_EQ(ended->outcome, "succeeded");
  EXPECT_EQ(ended->step, "records");
  EXPECT_EQ(ended->start.shop, "7001") << "the scope the run resolved";
  EXPECT_EQ(ended->start.kind, "export");
  EXPECT_EQ(ended->start.flow_file, (dir_ / "orders.flow.json").string());
  EXPECT_EQ(ended->counts.records, 5U);
  EXPECT_EQ(ended->counts.pages, 5U);
  EXPECT_EQ(ended->counts.requests, 5U);
  EXPECT_EQ(ended->cursor_before, std::nullopt);
  EXPECT_EQ(ended->cursor_after, 500);
  EXPECT_EQ(ended->output, r.output.string());
  EXPECT_EQ(ended->error, "");

  // The next run starts where this one ended.
  FakeCaller again([](const CallRequest&) { return make_page({}); });
  const FlowRunResult second = run_flow_on(connection(again), export_request(nullptr));
  EXPECT_EQ(find_run(paths(), second.run_id)->cursor_before, 500);
  EXPECT_EQ(list_runs(paths(), {}).size(), 2U);
}

TEST_F(FlowRunHistory, AFrontEndThatOpensTheRowFirstHasTheRunFillIt) {
  FlowRunRequest request = export_request(nullptr);
  const int64_t id = open_run_record(request);
  EXPECT_TRUE(find_run(paths(), id)->running());
  request.run_id = id;
  FakeCaller caller([](const CallRequest&) { return make_page({"{\"id\":\"1\"}"}); });
  const FlowRunResult r = run_flow_on(connection(caller), request);
  ASSERT_EQ(r.outcome, FlowOutcome::kSucceeded) << r.error;
  EXPECT_EQ(r.run_id, id);
  const auto runs = list_runs(paths(), {});
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].outcome, "succeeded");
  EXPECT_EQ(runs[0].counts.records, 5U);
}

TEST_F(FlowRunHistory, ARowOpenedAsQueuedReadsQueuedUntilTheRunStartsIt) {
  FlowRunRequest request = export_request(nullptr);
  request.run_id = open_queued_run_record(request);
  const auto queued = find_run(paths(), request.run_id);
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->outcome, "queued");
  EXPECT_TRUE(queued->running());
  EXPECT_FALSE(queued->failed());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the start moves past the queuing
  std::optional<RunRecord> at_first_call;
  FakeCaller caller([&](const CallRequest&) {
    if (!at_first_call) at_first_call = find_run(paths(), request.run_id);
    return make_page({"{\"id\":\"1\"}"});
  });
  const FlowRunResult r = run_flow_on(connection(caller), request);
  ASSERT_EQ(r.outcome, FlowOutcome::kSucceeded) << r.error;
  ASSERT_TRUE(at_first_call);
  EXPECT_EQ(at_first_call->outcome, "running");
  EXPECT_GT(at_first_call->started_at_ms, queued->started_at_ms) << "started when it ran";
  EXPECT_EQ(find_run(paths(), request.run_id)->outcome, "succeeded");
  EXPECT_EQ(list_runs(paths(), {}).size(), 1U);
}

// Answers every call "rate limited" after three attempts, each of them a 429.
class RateLimitedCaller : public RemoteCaller {
 public:
  CallResult call(const CallRequest&) override {
    CallResult r = make_failure(CNX_STATUS_RATE_LIMITED, "too many requests", 429);
    r.attempts = 3;
    r.rate_limited_attempts = 3;
    return r;
  }
};

TEST_F(FlowRunHistory, AFailedRunIsRecordedWithItsErrorAndEvery429) {
  RateLimitedCaller caller;
  const FlowRunResult r = run_flow_on(connection(caller), export_request(nullptr));
  ASSERT_EQ(r.outcome, FlowOutcome::kFailed);
  const auto failed = list_runs(paths(), {.failed = true});
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(failed[0].id, r.run_id);
  EXPECT_EQ(failed[0].outcome, "failed");
  EXPECT_EQ(failed[0].error, r.error);
  EXPECT_EQ(failed[0].counts.calls, r.calls.calls);
  EXPECT_EQ(failed[0].counts.retries, 2 * r.calls.calls);
  EXPECT_EQ(failed[0].counts.rate_limited, 3 * r.calls.calls);
  EXPECT_EQ(failed[0].cursor_after, std::nullopt);
}

TEST_F(FlowRunHistory, AnImportIsRecordedWithAppliedSkippedAndFailed) {
  std::ofstream(dir_ / "inventory.jsonl") << "{\"product_id\":\"p1\"}\n"
                                          << "{\"product_id\":\"p2\"}\n"
                                          << "{\"product_id\":\"p1\"}\n";
  const FlowRunRequest request = import_request();
  FakeCaller caller([](const CallRequest& call) {
    if (call.path_params.front().second == "p2") {
      return make_failure(CNX_STATUS_INVALID_INPUT, "no such product", 12052700);
    }
    return make_page({});
  });
  const FlowRunResult r = run_flow_on(connection(caller), request);
  ASSERT_EQ(r.outcome, FlowOutcome::kRecordsFailed) << r.error;
  const auto run = find_run(paths(), r.run_id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->start.kind, "import");
  EXPECT_EQ(run->start.mode, "");
  EXPECT_EQ(run->outcome, "records_failed");
  EXPECT_TRUE(run->failed());
  EXPECT_EQ(run->counts.records, 3U);
  EXPECT_EQ(run->counts.applied, 1U);
  EXPECT_EQ(run->counts.skipped, 1U);
  EXPECT_EQ(run->counts.failed, 1U);
  EXPECT_EQ(run->output, r.output.string());
  // The failed record, as a run's page shows it: its line, key, the remote code, the message.
  ASSERT_EQ(run->failures.size(), 1U);
  EXPECT_EQ(run->failures[0].line, 2);
  EXPECT_FALSE(run->failures[0].key.empty());
  EXPECT_EQ(run->failures[0].code, "12052700");
  EXPECT_NE(run->failures[0].message.find("no such product"), std::string::npos)
      << run->failures[0].message;
  EXPECT_TRUE(list_runs(paths(), {})[0].failures.empty());  // lists leave them out
}

TEST_F(FlowRunHistory, AnImportKeepsItsFirstFailuresOnlyAndCountsThemAll) {
  std::ofstream input(dir_ / "inventory.jsonl");
  const size_t lines = store::kMaxRunFailures + 20;
  for (size_t i = 0; i < lines; ++i) input << "{\"product_id\":\"p" << i << "\"}\n";
  input << "not a record\n";
  input.close();
  FlowRunRequest request = import_request();
  request.flow.concurrency = 1;
  FakeCaller caller(
      [](const CallRequest&) { return make_failure(CNX_STATUS_INVALID_INPUT, "refused", 7); });
  const FlowRunResult r = run_flow_on(connection(caller), request);
  const auto run = find_run(paths(), r.run_id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->counts.failed, lines + 1);
  ASSERT_EQ(run->failures.size(), store::kMaxRunFailures);
  EXPECT_EQ(run->failures.front().line, 1);
  EXPECT_EQ(run->failures.back().line, static_cast<int64_t>(store::kMaxRunFailures));
  EXPECT_EQ(run->failures.back().code, "7");
}

TEST_F(FlowRunHistory, ARunThatStopsBeforeItsConnectionIsRecordedToo) {
  FlowRunRequest request = export_request(nullptr);
  request.flow.kind = FlowKind::kListener;
  const FlowRunResult r = run_flow(request);
  ASSERT_EQ(r.outcome, FlowOutcome::kBadFlow);
  const auto run = find_run(paths(), r.run_id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->outcome, "bad_flow");
  EXPECT_EQ(run->step, "check");
  EXPECT_EQ(run->start.kind, "listener");
  EXPECT_EQ(run->error, r.error);
}

TEST_F(FlowRunHistory, AHistoryThatCannotBeWrittenIsOneWarningAndNoRunId) {
  // The state directory is a file: nothing can be opened in it.
  FlowRunRequest request = export_request(nullptr);
  std::vector<std::string> warnings;
  class Warnings : public ProgressSink {
   public:
    explicit Warnings(std::vector<std::string>& out) : out_(out) {}
    void on_warning(const std::string& text) override { out_.push_back(text); }

   private:
    std::vector<std::string>& out_;
  } sink(warnings);
  request.progress = &sink;
  request.paths.state_dir = dir_ / "not-a-directory";
  std::ofstream(request.paths.state_dir) << "x";
  FakeCaller caller([](const CallRequest&) { return make_page({}); });
  const FlowRunResult r = run_flow_on(connection(caller), request);
  EXPECT_EQ(r.run_id, 0);
  ASSERT_FALSE(warnings.empty());
  EXPECT_EQ(warnings.front().rfind("run history: ", 0), 0U) << warnings.front();
}

}  // namespace
}  // namespace host::engine
