// The flow-run API (engine/flows/run/flow_run.hpp) with fake callers, an in-memory record sink
// and an in-memory record source: the sink protocol (records of a slice, then the commit that
// carries the cursor), what a failed commit leaves, the result's counts and outcomes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/flows/run/flow_run.hpp"
#include "engine_fake_caller.hpp"
#include "engine_orders_search.hpp"
#include "flows_ready_connection.hpp"
#include "metrics/host_metrics.hpp"

namespace host::engine {
namespace {

using testing::FakeCaller;
using testing::make_failure;
using testing::make_page;
using testing::window_start;

// A destination that keeps records in memory: appended records are pending until commit()
// makes them durable together with the cursor; a commit that fails drops them, like a rolled
// back transaction. Each call is logged in `events`.
class MemorySink : public RecordSink {
 public:
  explicit MemorySink(std::filesystem::path spool) : spool_(std::move(spool)) {}

  std::string destination() const override { return "memory"; }
  std::filesystem::path spool_directory() const override { return spool_; }
  SinkStart start(const SinkStartRequest& request) override {
    events.push_back("start " + request.flow);
    SinkStart s;
    s.refusal = refusal;
    s.cursor = durable_cursor;
    s.completed = completed;
    return s;
  }
  void open() override { events.push_back("open"); }
  void append(const SliceRecords& records) override {
    records.for_each([&](std::string_view record) { pending.emplace_back(record); });
    events.push_back("append " + std::to_string(records.count()));
  }
  void commit(std::optional<int64_t> cursor) override {
    if (++commits == fail_commit) {
      pending.clear();
      events.push_back("commit failed");
      throw std::runtime_error("memory sink: the transaction was rolled back");
    }
    durable.insert(durable.end(), pending.begin(), pending.end());
    pending.clear();
    durable_cursor = cursor;
    events.push_back("commit " + (cursor ? std::to_string(*cursor) : std::string("-")));
  }
  void finish(bool completed_once) override {
    events.push_back(completed_once ? "finish once" : "finish");
    completed = completed_once;
  }

  std::string refusal;
  int fail_commit = 0;  // the commit (1-based) that fails; 0: none
  int commits = 0;
  bool completed = false;
  std::optional<int64_t> durable_cursor;
  std::vector<std::string> durable;
  std::vector<std::string> pending;
  std::vector<std::string> events;

 private:
  std::filesystem::path spool_;
};

// Records what the run reported, and checks that each committed slice was durable in the sink
// by the time the run said so.
class RecordingProgress : public ProgressSink {
 public:
  explicit RecordingProgress(const MemorySink* sink = nullptr) : sink_(sink) {}
  void on_slice_committed(const SliceCommitted& slice) override {
    committed.push_back(slice);
    if (sink_ != nullptr && sink_->durable_cursor != slice.to) reported_before_durable = true;
  }
  void on_warning(const std::string& text) override { warnings.push_back(text); }
  void on_error(const std::string& text) override { errors.push_back(text); }

  std::vector<SliceCommitted> committed;
  std::vector<std::string> warnings;
  std::vector<std::string> errors;
  bool reported_before_durable = false;

 private:
  const MemorySink* sink_;
};

// One record per slice, its id the slice's start.
FakeCaller one_record_per_slice() {
  return FakeCaller([](const CallRequest& r) {
    return make_page({"{\"id\":\"" + std::to_string(window_start(r)) + "\"}"});
  });
}

class FlowRunApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("flows_flow_run_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // It is the run's state directory: private, as the host wants it.
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Flow `resource` (named after it) of connection "main", run by two workers, with its state
  // in dir_.
  FlowRunRequest request(FlowKind kind, const std::string& resource, ProgressSink* progress) const {
    FlowRunRequest r = testing::flow_request(dir_, kind, resource);
    r.flow.concurrency = 2;
    r.progress = progress;
    return r;
  }

  // An export of orders over [0, 500) in five slices of 100 seconds, by two workers: whatever
  // order they finish in, the sink gets the slices in time order.
  FlowRunRequest export_request(RecordSink* sink, ProgressSink* progress) const {
    FlowRunRequest r = request(FlowKind::kExport, "orders", progress);
    r.flow.window.start = 0;
    r.flow.window.slice_seconds = 100;
    r.flow.output = dir_ / "orders.jsonl";
    r.options.mode = ExportMode::kDelta;
    r.options.now = 500;
    r.sink = sink;
    return r;
  }

  FlowRunRequest import_request(RecordSource* source, ProgressSink* progress) const {
    FlowRunRequest r = request(FlowKind::kImport, "inventory", progress);
    r.flow.input = dir_ / "inventory.jsonl";
    r.source = source;
    return r;
  }

  FlowConnection connection(RemoteCaller& caller) const {
    return testing::ready_connection(catalog_, caller);
  }

  std::filesystem::path dir_;
  FlowCatalog catalog_ = testing::orders_and_inventory_catalog();
};

TEST_F(FlowRunApi, EachSlicesRecordsReachTheSinkBeforeTheCommitThatCarriesItsCursor) {
  MemorySink sink(dir_ / "spool");
  RecordingProgress progress(&sink);
  FakeCaller caller = one_record_per_slice();
  const FlowRunResult r = run_flow_on(connection(caller), export_request(&sink, &progress));

  ASSERT_EQ(r.outcome, FlowOutcome::kSucceeded) << r.error;
  const std::vector<std::string> expected = {"start orders", "open",       "append 1", "commit 100",
                                             "append 1",     "commit 200", "append 1", "commit 300",
                                             "append 1",     "commit 400", "append 1", "commit 500",
                                             "finish"};
  EXPECT_EQ(sink.events, expected);
  EXPECT_EQ(sink.durable,
            (std::vector<std::string>{"{\"id\":\"0\"}", "{\"id\":\"100\"}", "{\"id\":\"200\"}",
                                      "{\"id\":\"300\"}", "{\"id\":\"400\"}"}));
  EXPECT_EQ(r.exported.records, 5u);
  EXPECT_EQ(r.cursor_before, std::nullopt);
  EXPECT_EQ(r.cursor_after, 500);
  EXPECT_EQ(r.output, "memory");
  EXPECT_EQ(r.calls.calls, 5u);
  EXPECT_EQ(r.calls.requests, 5u);
  ASSERT_EQ(progress.committed.size(), 5u);
  EXPECT_EQ(progress.committed[2].from, 200);
  EXPECT_EQ(progress.committed[2].to, 300);
  EXPECT_EQ(progress.committed[2].records, 1u);
  EXPECT_FALSE(progress.reported_before_durable);
  EXPECT_TRUE(progress.errors.empty());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "spool")) << "a finished run removes its spool";
}

TEST_F(FlowRunApi, ACommitThatFailsStopsTheRunAndLeavesTheCursorAtTheLastCommit) {
  MemorySink sink(dir_ / "spool");
  sink.fail_commit = 3;  // the slice [200, 300)
  RecordingProgress progress(&sink);
  FakeCaller caller = one_record_per_slice();
  const FlowRunResult r = run_flow_on(connection(caller), export_request(&sink, &progress));

  EXPECT_EQ(r.outcome, FlowOutcome::kFailed);
  EXPECT_NE(r.error.find("export failed: memory sink: the transaction was rolled back"),
            std::string::npos)
      << r.error;
  EXPECT_EQ(r.error.rfind((dir_ / "orders.flow.json").string(), 0), 0u) << r.error;
  EXPECT_EQ(r.cursor_after, 200);
  EXPECT_EQ(r.exported.records, 2u);
  EXPECT_EQ(sink.durable_cursor, 200);
  EXPECT_EQ(sink.events.back(), "commit failed") << "nothing is appended after a failed commit";
  EXPECT_EQ(progress.committed.size(), 2u);
  ASSERT_EQ(progress.errors.size(), 1u);
  EXPECT_EQ(progress.errors[0], r.error);

  // The next run starts at the sink's durable cursor: every record once, in order.
  sink.fail_commit = 0;
  sink.commits = 0;
  FakeCaller again = one_record_per_slice();
  const FlowRunResult resumed = run_flow_on(connection(again), export_request(&sink, nullptr));
  ASSERT_EQ(resumed.outcome, FlowOutcome::kSucceeded) << resumed.error;
  EXPECT_EQ(resumed.cursor_before, 200);
  EXPECT_EQ(resumed.cursor_after, 500);
  EXPECT_EQ(window_start(again.requests().front()), 200);
  EXPECT_EQ(sink.durable,
            (std::vector<std::string>{"{\"id\":\"0\"}", "{\"id\":\"100\"}", "{\"id\":\"200\"}",
                                      "{\"id\":\"300\"}", "{\"id\":\"400\"}"}));
}

TEST_F(FlowRunApi, ARefusingSinkIsNeitherOpenedNorCalledFor) {
  MemorySink sink(dir_ / "spool");
  sink.refusal = "memory holds another stream's rows";
  FakeCaller caller = one_record_per_slice();
  const FlowRunResult r = run_flow_on(connection(caller), export_request(&sink, nullptr));
  EXPECT_EQ(r.outcome, FlowOutcome::kRefused);
  EXPECT_EQ(r.error, (dir_ / "orders.flow.json").string() + ": memory holds another stream's rows");
  EXPECT_EQ(sink.events, std::vector<std::string>{"start orders"});
  EXPECT_TRUE(caller.requests().empty());
}

TEST_F(FlowRunApi, AModeOnceStreamTheSinkSaysIsCompleteDoesNothing) {
  MemorySink sink(dir_ / "spool");
  FakeCaller caller = one_record_per_slice();
  FlowRunRequest request = export_request(&sink, nullptr);
  request.options.mode = ExportMode::kOnce;
  ASSERT_EQ(run_flow_on(connection(caller), request).outcome, FlowOutcome::kSucceeded);
  EXPECT_EQ(sink.events.back(), "finish once");
  const size_t calls = caller.requests().size();

  const FlowRunResult again = run_flow_on(connection(caller), request);
  EXPECT_EQ(again.outcome, FlowOutcome::kNothingToDo);
  EXPECT_TRUE(again.already_completed);
  EXPECT_EQ(caller.requests().size(), calls);
}

// Answers every call "rate limited" after three attempts.
class RateLimitedCaller : public RemoteCaller {
 public:
  CallResult call(const CallRequest&) override {
    CallResult r = make_failure(CNX_STATUS_RATE_LIMITED, "too many requests", 429);
    r.attempts = 3;
    return r;
  }
};

TEST_F(FlowRunApi, RetriesAndRateLimitedCallsAreCounted) {
  MemorySink sink(dir_ / "spool");
  RateLimitedCaller caller;
  FlowRunRequest request = export_request(&sink, nullptr);
  request.flow.concurrency = 1;
  const FlowRunResult r = run_flow_on(connection(caller), request);
  EXPECT_EQ(r.outcome, FlowOutcome::kFailed);
  EXPECT_EQ(r.cursor_after, std::nullopt);
  EXPECT_GE(r.calls.calls, 1u);
  EXPECT_EQ(r.calls.requests, 3 * r.calls.calls);
  EXPECT_EQ(r.calls.retries, 2 * r.calls.calls);
  EXPECT_EQ(r.calls.rate_limited, r.calls.calls);
}

TEST_F(FlowRunApi, TheDefaultSinkIsTheJsonLinesFileWithItsCursorInTheStateDatabase) {
  FakeCaller caller = one_record_per_slice();
  const FlowRunResult r = run_flow_on(connection(caller), export_request(nullptr, nullptr));
  ASSERT_EQ(r.outcome, FlowOutcome::kSucceeded) << r.error;
  EXPECT_EQ(r.output, std::filesystem::weakly_canonical(dir_ / "orders.jsonl"));
  std::ifstream in(dir_ / "orders.jsonl");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  EXPECT_EQ(lines.size(), 5u);
  EXPECT_EQ(r.cursor_after, 500);

  // The cursor was stored: a second run finds nothing new to page and appends nothing.
  FakeCaller again = one_record_per_slice();
  const FlowRunResult second = run_flow_on(connection(again), export_request(nullptr, nullptr));
  ASSERT_EQ(second.outcome, FlowOutcome::kSucceeded) << second.error;
  EXPECT_EQ(second.cursor_before, 500);
  EXPECT_EQ(second.exported.records, 0u);
}

TEST_F(FlowRunApi, AnOutputThatIsTheManifestIsABadFlow) {
  FakeCaller caller = one_record_per_slice();
  FlowRunRequest request = export_request(nullptr, nullptr);
  request.options.output = request.flow.file;
  std::ofstream(request.flow.file) << "{}";
  const FlowRunResult r = run_flow_on(connection(caller), request);
  EXPECT_EQ(r.outcome, FlowOutcome::kBadFlow);
  EXPECT_EQ(r.error.rfind(request.flow.file.string() + ": ", 0), 0u) << r.error;
  EXPECT_TRUE(caller.requests().empty());
}

// Records from memory, numbered from 1.
class MemorySource : public RecordSource {
 public:
  explicit MemorySource(std::vector<std::string> records) : records_(std::move(records)) {}
  std::optional<SourceRecord> next() override {
    if (next_ == records_.size()) return std::nullopt;
    const size_t i = next_++;
    return SourceRecord{i + 1, records_[i]};
  }

 private:
  std::vector<std::string> records_;
  size_t next_ = 0;
};

std::vector<std::string> inventory_records(int n) {
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    out.push_back("{\"product_id\":\"p" + std::to_string(i) +
                  "\",\"quantity\":" + std::to_string(i) + "}");
  }
  return out;
}

TEST_F(FlowRunApi, AnImportFromASourceCountsAppliedSkippedAndFailed) {
  MemorySource source(inventory_records(4));
  FakeCaller caller([](const CallRequest& r) {
    if (r.path_params.front().second == "p2") {
      return make_failure(CNX_STATUS_INVALID_INPUT, "no such product", 12052700);
    }
    return make_page({});
  });
  const FlowRunResult r = run_flow_on(connection(caller), import_request(&source, nullptr));
  EXPECT_EQ(r.outcome, FlowOutcome::kRecordsFailed) << r.error;
  EXPECT_EQ(r.imported.read, 4u);
  EXPECT_EQ(r.imported.succeeded, 3u);
  EXPECT_EQ(r.imported.failed, 1u);
  EXPECT_EQ(r.calls.requests, 4u);
  EXPECT_EQ(r.output, std::filesystem::absolute(dir_ / "inventory.jsonl.results.jsonl"));
  std::ifstream results(r.output);
  size_t lines = 0;
  for (std::string line; std::getline(results, line);) ++lines;
  EXPECT_EQ(lines, 4u);

  // The ledger in the state directory remembers what succeeded: only the failed one is sent.
  MemorySource again(inventory_records(4));
  FakeCaller ok([](const CallRequest&) { return make_page({}); });
  const FlowRunResult second = run_flow_on(connection(ok), import_request(&again, nullptr));
  EXPECT_EQ(second.outcome, FlowOutcome::kSucceeded) << second.error;
  EXPECT_EQ(second.imported.already_applied, 3u);
  EXPECT_EQ(second.imported.succeeded, 1u);
  EXPECT_EQ(ok.requests().size(), 1u);
}

TEST_F(FlowRunApi, RunsAndTheirRecordsAreCountedInTheProcessMetrics) {
  metrics::HostMetrics& m = metrics::host_metrics();
  metrics::Gauge& exports_running = m.runs_running.with({"export"});
  metrics::Counter& exports_ok = m.runs.with({"export", "succeeded"});
  metrics::Counter& exported = m.records_exported.with({"orders"});
  metrics::Counter& imports_failed = m.runs.with({"import", "records_failed"});
  metrics::Counter& applied = m.records_imported.with({"inventory", "applied"});
  metrics::Counter& failed = m.records_imported.with({"inventory", "failed"});
  const uint64_t exports_ok_before = exports_ok.value();
  const uint64_t exported_before = exported.value();
  const uint64_t imports_failed_before = imports_failed.value();
  const uint64_t applied_before = applied.value();
  const uint64_t failed_before = failed.value();

  MemorySink sink(dir_ / "spool");
  std::atomic<bool> counted_as_running = true;
  FakeCaller pages = one_record_per_slice();
  FakeCaller export_caller([&](const CallRequest& r) {
    if (exports_running.value() != 1) counted_as_running = false;
    return pages.call(r);
  });
  ASSERT_EQ(run_flow_on(connection(export_caller), export_request(&sink, nullptr)).outcome,
            FlowOutcome::kSucceeded);
  EXPECT_TRUE(counted_as_running);
  EXPECT_EQ(exports_running.value(), 0);
  EXPECT_EQ(exports_ok.value(), exports_ok_before + 1);
  EXPECT_EQ(exported.value(), exported_before + 5);

  MemorySource source(inventory_records(4));
  FakeCaller import_caller([](const CallRequest& r) {
    if (r.path_params.front().second == "p2") return make_failure(CNX_STATUS_INVALID_INPUT, "no");
    return make_page({});
  });
  run_flow_on(connection(import_caller), import_request(&source, nullptr));
  EXPECT_EQ(imports_failed.value(), imports_failed_before + 1);
  EXPECT_EQ(applied.value(), applied_before + 3);
  EXPECT_EQ(failed.value(), failed_before + 1);
}

TEST_F(FlowRunApi, AnExportsRecordsAreCountedInTheMetricsAsItsSlicesCommit) {
  metrics::Counter& exported = metrics::host_metrics().records_exported.with({"orders"});
  const uint64_t before = exported.value();
  MemorySink sink(dir_ / "spool");
  bool counted_while_running = false;
  FakeCaller pages = one_record_per_slice();
  FakeCaller caller([&](const CallRequest& r) {
    if (window_start(r) == 400) {  // the last slice: the four before it have committed
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (exported.value() < before + 4 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      counted_while_running = exported.value() == before + 4;
    }
    return pages.call(r);
  });
  FlowRunRequest request = export_request(&sink, nullptr);
  request.flow.concurrency = 1;
  ASSERT_EQ(run_flow_on(connection(caller), request).outcome, FlowOutcome::kSucceeded);
  EXPECT_TRUE(counted_while_running);
  EXPECT_EQ(exported.value(), before + 5);  // each record once: by its slice, none again at the end
}

TEST_F(FlowRunApi, AnImportsRecordsAreCountedInTheMetricsWhileItRuns) {
  metrics::Counter& applied =
      metrics::host_metrics().records_imported.with({"inventory", "applied"});
  const uint64_t before = applied.value();
  MemorySource source(inventory_records(4));
  bool counted_while_running = false;
  int calls = 0;
  FakeCaller caller([&](const CallRequest&) {
    if (++calls < 4) {
      // Progress is reported at most twice a second, as records finish: spaced so that the
      // third record's end is reported.
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
    } else {  // the last record: the three before it were applied and reported
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (applied.value() < before + 3 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      counted_while_running = applied.value() == before + 3;
    }
    return make_page({});
  });
  FlowRunRequest request = import_request(&source, nullptr);
  request.flow.concurrency = 1;
  ASSERT_EQ(run_flow_on(connection(caller), request).outcome, FlowOutcome::kSucceeded);
  EXPECT_TRUE(counted_while_running);
  EXPECT_EQ(applied.value(), before + 4);  // each record once, none again at the end
}

TEST_F(FlowRunApi, AnImportThatLosesItsAuthorizationStopsWithTheLineNamed) {
  MemorySource source(inventory_records(3));
  FakeCaller caller([](const CallRequest&) {
    return make_failure(CNX_STATUS_REAUTHORIZE, "the shop revoked the app", 105002);
  });
  FlowRunRequest request = import_request(&source, nullptr);
  request.flow.concurrency = 1;
  RecordingProgress progress;
  request.progress = &progress;
  const FlowRunResult r = run_flow_on(connection(caller), request);
  EXPECT_EQ(r.outcome, FlowOutcome::kFailed);
  EXPECT_NE(r.error.find(": import stopped: line 1: products.inventory.update"), std::string::npos)
      << r.error;
  ASSERT_EQ(progress.errors.size(), 1u);
}

TEST_F(FlowRunApi, AMissingImportInputIsABadFlowNamingInput) {
  FakeCaller caller([](const CallRequest&) { return make_page({}); });
  const FlowRunResult r = run_flow_on(connection(caller), import_request(nullptr, nullptr));
  EXPECT_EQ(r.outcome, FlowOutcome::kBadFlow);
  EXPECT_NE(r.error.find(": /input: "), std::string::npos) << r.error;
  EXPECT_TRUE(caller.requests().empty());
}

}  // namespace
}  // namespace host::engine
