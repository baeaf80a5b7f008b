// The export runner's durability: the cursor only ever covers a completed, fsync'd prefix of
// slices, a failed run is resumed without gaps or duplicates, and test mode leaves no trace.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "engine/flows/export/export_runner.hpp"
#include "engine/flows/export/shared_slices.hpp"
#include "engine/flows/export/table_sink.hpp"
#include "engine_fake_caller.hpp"
#include "engine_orders_search.hpp"
#include "engine_recording_cursor_store.hpp"
#include "file_contents.hpp"
#include "store_backends.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

using testing::FakeCaller;
using testing::make_failure;
using testing::make_page;
using testing::orders_search_endpoint;
using testing::RecordingCursorStore;
using testing::window_start;

FlowManifest flow_for(const std::filesystem::path& dir) {
  FlowManifest f;
  f.file = dir / "flow.json";
  f.name = "orders";
  f.window.start = 0;
  f.window.slice_seconds = 100;
  f.concurrency = 3;
  f.output = dir / "orders.jsonl";
  return f;
}

class EngineExportCursor : public test_support::BackendTest<> {
 protected:
  EngineExportCursor() : BackendTest("engine_export") {}
  // One record per slice, id = the slice start; slices starting at `fail_at` fail permanently.
  static FakeCaller slice_caller(int64_t fail_at) {
    return FakeCaller([fail_at](const CallRequest& r) {
      const int64_t from = window_start(r);
      if (from == fail_at) return make_failure(CNX_STATUS_PERMANENT, "boom", 42);
      return make_page({"{ \"id\" : \"" + std::to_string(from) + "\" }"});
    });
  }

  const std::filesystem::path dir_ = state_.scratch();
};

// A remote side holding records at the given unix seconds (ids are their positions), answering
// window queries in time order with page tokens and an exact total_count, like orders.search.
FakeCaller dataset_caller(std::vector<int64_t> times) {
  std::sort(times.begin(), times.end());
  return FakeCaller([times](const CallRequest& r) {
    const int64_t from = window_start(r);
    const auto to_pos = r.body.find("\"update_time_lt\":");
    const int64_t to = std::stoll(r.body.substr(to_pos + 17));
    const auto first = std::lower_bound(times.begin(), times.end(), from) - times.begin();
    const auto last = std::lower_bound(times.begin(), times.end(), to) - times.begin();
    const std::string token = testing::query_value(r, "page_token");
    const int64_t size = std::stoll(testing::query_value(r, "page_size"));
    const int64_t begin = first + (token.empty() ? 0 : std::stoll(token));
    const int64_t end = std::min<int64_t>(begin + size, last);
    std::vector<std::string> records;
    for (int64_t i = begin; i < end; ++i) {
      records.push_back("{\"id\":\"" + std::to_string(i) +
                        "\",\"t\":" + std::to_string(times[static_cast<size_t>(i)]) + "}");
    }
    CallResult page = make_page(records, end < last ? std::to_string(end - first) : "");
    page.total_count = last - first;
    return page;
  });
}

// A run of `flow` in `mode` into its output, whose window ends at `now`.
ExportRun export_run(ExportMode mode, int64_t now, const FlowManifest& flow) {
  ExportRun run;
  run.mode = mode;
  run.output = flow.output;
  run.now = now;
  return run;
}

// A mode-all run of `flow` whose window ends at `now`.
ExportRun mode_all_until(int64_t now, const FlowManifest& flow) {
  return export_run(ExportMode::kAll, now, flow);
}

// A mode-all export up to t=1000 of records at `times` (dataset_caller), with its calls and its
// cursors kept for the checks.
struct DatasetExport {
  DatasetExport(const store::StateLocation& state, const FlowManifest& flow,
                const EndpointSpec& endpoint, std::vector<int64_t> times)
      : cursors(state),
        caller(dataset_caller(std::move(times))),
        result(run_export(flow, endpoint, std::nullopt, "c", caller, &cursors,
                          mode_all_until(1000, flow))) {}

  RecordingCursorStore cursors;
  FakeCaller caller;
  ExportResult result;
};

// Three records in every second of [from, to).
std::vector<int64_t> three_per_second(int64_t from, int64_t to) {
  std::vector<int64_t> times;
  for (int copy = 0; copy < 3; ++copy) {
    for (int64_t t = from; t < to; ++t) times.push_back(t);
  }
  return times;
}

// Checks that `lines` are records 0..count-1 of a dataset_caller, each once, in order.
void expect_every_record_once_in_order(const std::vector<std::string>& lines, size_t count) {
  ASSERT_EQ(lines.size(), count);
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(lines[i].rfind("{\"id\":\"" + std::to_string(i) + "\",", 0), 0u)
        << "line " << i << ": " << lines[i];
  }
}

TEST_P(EngineExportCursor, CursorStopsAtTheEndOfTheCompletedPrefix) {
  const FlowManifest flow = flow_for(dir_);
  RecordingCursorStore cursors(state_.location());
  // Slices [0,100) ... [900,1000).
  const ExportRun run = export_run(ExportMode::kDelta, 1000, flow);
  auto failing = slice_caller(500);
  const auto result =
      run_export(flow, orders_search_endpoint(), std::nullopt, "cipher", failing, &cursors, run);
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("[500, 600)"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("code 42"), std::string::npos) << result.error;
  ASSERT_TRUE(cursors.cursor("orders", flow.output));
  EXPECT_EQ(cursors.cursor("orders", flow.output), 500);
  // The cursor only ever moved forward, slice by slice.
  for (size_t i = 1; i < cursors.history.size(); ++i) {
    EXPECT_EQ(cursors.history[i], cursors.history[i - 1] + 100);
  }
  // Exactly the prefix is in the output, in order and minified.
  const auto lines = test_support::file_lines(flow.output);
  ASSERT_EQ(lines.size(), 5u);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i], "{\"id\":\"" + std::to_string(i * 100) + "\"}");
  }
  EXPECT_EQ(cursors.stream("orders", flow.output)->committed_bytes,
            std::filesystem::file_size(flow.output));
}

TEST_P(EngineExportCursor, NextDeltaRunResumesAtTheCursorWithoutGapsOrDuplicates) {
  const FlowManifest flow = flow_for(dir_);
  RecordingCursorStore cursors(state_.location());
  ExportRun run;
  run.output = flow.output;
  run.now = 1000;
  auto failing = slice_caller(500);
  ASSERT_FALSE(
      run_export(flow, orders_search_endpoint(), std::nullopt, "c", failing, &cursors, run).ok);
  // A run that died while appending a slice had noted the size it was growing to, and left a
  // torn tail after its last commit: that tail is its own, and must be cut off.
  const std::string torn = "{\"id\":\"torn";
  const auto committed = std::filesystem::file_size(flow.output);
  cursors.begin_append("orders", std::filesystem::weakly_canonical(flow.output).string(),
                       committed + torn.size() + 20);
  {
    std::ofstream tail(flow.output, std::ios::app);
    tail << torn;
  }
  auto healthy = slice_caller(-1);
  const auto result =
      run_export(flow, orders_search_endpoint(), std::nullopt, "c", healthy, &cursors, run);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.counters.records, 5u);
  for (const auto& r : healthy.requests()) EXPECT_GE(window_start(r), 500);
  const auto lines = test_support::file_lines(flow.output);
  ASSERT_EQ(lines.size(), 10u);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i], "{\"id\":\"" + std::to_string(i * 100) + "\"}");
  }
  EXPECT_EQ(cursors.cursor("orders", flow.output), 1000);

  // Nothing new: a third run sends nothing and writes nothing.
  auto idle = slice_caller(-1);
  const auto again =
      run_export(flow, orders_search_endpoint(), std::nullopt, "c", idle, &cursors, run);
  EXPECT_TRUE(again.ok);
  EXPECT_EQ(again.counters.records, 0u);
  EXPECT_TRUE(idle.requests().empty());
}

TEST_P(EngineExportCursor, TestModeStopsAtTheLimitAndTouchesNoCursor) {
  const FlowManifest flow = flow_for(dir_);
  ExportRun run;
  run.mode = ExportMode::kTest;
  run.output = dir_ / "preview.jsonl";
  run.test_limit = 3;
  run.now = 1000;
  FakeCaller caller([](const CallRequest&) {
    return make_page({R"({"id":"a"})", R"({"id":"b"})"});
  });
  const auto result =
      run_export(flow, orders_search_endpoint(), std::nullopt, "c", caller, nullptr, run);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(test_support::file_lines(run.output).size(), 3u);
  EXPECT_EQ(caller.requests().size(), 2u);
}

TEST_P(EngineExportCursor, OnceModeRunsOnlyOnce) {
  const FlowManifest flow = flow_for(dir_);
  RecordingCursorStore cursors(state_.location());
  const ExportRun run = export_run(ExportMode::kOnce, 300, flow);
  auto caller = slice_caller(-1);
  ASSERT_TRUE(
      run_export(flow, orders_search_endpoint(), std::nullopt, "c", caller, &cursors, run).ok);
  const size_t calls = caller.requests().size();
  const auto second =
      run_export(flow, orders_search_endpoint(), std::nullopt, "c", caller, &cursors, run);
  EXPECT_TRUE(second.already_completed);
  EXPECT_EQ(caller.requests().size(), calls);
}

TEST_P(EngineExportCursor, DetailChainFetchesKeysInBatches) {
  FlowManifest flow = flow_for(dir_);
  flow.window.slice_seconds = 1000;
  RecordingCursorStore cursors(state_.location());
  const ExportRun run = mode_all_until(1000, flow);
  FakeCaller caller([](const CallRequest& r) {
    if (r.endpoint == "orders.get") {
      std::vector<std::string> details;
      std::stringstream ids(testing::query_value(r, "ids"));
      for (std::string id; std::getline(ids, id, ',');) {
        details.push_back("{\"id\":\"" + id + "\",\"detail\":true}");
      }
      return make_page(details);
    }
    return make_page({R"({"id":"1"})", R"({"id":"2"})", R"({"id":"3"})"});
  });
  const DetailSpec detail{"orders.get", "ids", 2};
  const auto result =
      run_export(flow, orders_search_endpoint(), detail, "c", caller, &cursors, run);
  ASSERT_TRUE(result.ok) << result.error;
  const auto lines = test_support::file_lines(flow.output);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2], R"({"id":"3","detail":true})");
  std::vector<std::string> batches;
  for (const auto& r : caller.requests()) {
    if (r.endpoint == "orders.get") batches.push_back(testing::query_value(r, "ids"));
  }
  EXPECT_EQ(batches, (std::vector<std::string>{"1,2", "3"}));
}

TEST_P(EngineExportCursor, DenseSliceIsSplitAcrossWorkersAndExportedOnceInOrder) {
  FlowManifest flow = flow_for(dir_);
  flow.page_size = 10;  // more than 8 pages' worth in one slice makes it split
  std::vector<int64_t> times;
  for (int64_t t = 0; t < 900; t += 90) times.push_back(t);         // sparse: 10 records
  for (int64_t i = 0; i < 500; ++i) times.push_back(950 + i % 50);  // dense: [950, 1000)
  DatasetExport exported(state_.location(), flow, orders_search_endpoint(), times);
  ASSERT_TRUE(exported.result.ok) << exported.result.error;
  EXPECT_GE(exported.result.counters.splits, 1u);
  EXPECT_GT(exported.result.counters.slices_total, 10u);
  EXPECT_EQ(exported.result.counters.records, times.size());
  expect_every_record_once_in_order(test_support::file_lines(flow.output), times.size());
  EXPECT_EQ(exported.cursors.cursor("orders", flow.output), 1000);
  for (size_t i = 1; i < exported.cursors.history.size(); ++i) {
    EXPECT_GT(exported.cursors.history[i], exported.cursors.history[i - 1]);
  }
  // No slice paged past its first page holds more than the split threshold (8 pages of 10).
  for (const auto& r : exported.caller.requests()) {
    const std::string token = testing::query_value(r, "page_token");
    if (!token.empty()) {
      EXPECT_LT(std::stoll(token), 80);
    }
  }
}

TEST_P(EngineExportCursor, OneWorkerDoesNotSplitBelowTheEndpointCap) {
  FlowManifest flow = flow_for(dir_);
  flow.page_size = 10;
  flow.concurrency = 1;
  const std::vector<int64_t> times = three_per_second(900, 1000);
  DatasetExport exported(state_.location(), flow, orders_search_endpoint(), times);
  ASSERT_TRUE(exported.result.ok) << exported.result.error;
  EXPECT_EQ(exported.result.counters.splits, 0u);
  EXPECT_EQ(exported.caller.requests().size(), 9u + 30u);  // 9 empty slices, then 30 pages
  expect_every_record_once_in_order(test_support::file_lines(flow.output), times.size());
}

TEST_P(EngineExportCursor, SliceOverTheEndpointCapIsSplitInsteadOfFailing) {
  FlowManifest flow = flow_for(dir_);
  flow.page_size = 10;
  flow.concurrency = 1;
  EndpointSpec endpoint = orders_search_endpoint();
  endpoint.paging->max_results = 100;
  const std::vector<int64_t> times = three_per_second(900, 1000);
  DatasetExport exported(state_.location(), flow, endpoint, times);
  ASSERT_TRUE(exported.result.ok) << exported.result.error;
  EXPECT_GE(exported.result.counters.splits, 1u);
  expect_every_record_once_in_order(test_support::file_lines(flow.output), times.size());
}

TEST_P(EngineExportCursor, OneSecondOverTheEndpointCapCannotBeSplitAndFails) {
  FlowManifest flow = flow_for(dir_);
  flow.page_size = 10;
  EndpointSpec endpoint = orders_search_endpoint();
  endpoint.paging->max_results = 100;
  const std::vector<int64_t> times(150, 999);  // 150 records in the run's last second
  DatasetExport exported(state_.location(), flow, endpoint, times);
  EXPECT_FALSE(exported.result.ok);
  EXPECT_NE(exported.result.error.find("cap of 100 results"), std::string::npos)
      << exported.result.error;
  EXPECT_NE(exported.result.error.find("[999, 1000)"), std::string::npos) << exported.result.error;
  // Everything before the dense second is kept.
  EXPECT_EQ(exported.cursors.cursor("orders", flow.output), 999);
}

}  // namespace

STORE_TESTS_ON_BOTH_BACKENDS(EngineExportCursor);

// Exports into a table of the state database (table_sink.hpp), on both backends.
class EngineTableSink : public test_support::BackendTest<> {
 protected:
  EngineTableSink() : BackendTest("engine_table") {}

  static EndpointSpec endpoint() {
    EndpointSpec e = orders_search_endpoint();
    e.incremental->cursor_field = "t";
    return e;
  }
  TableSink sink(const std::string& table, bool reset_cursor = false) {
    return TableSink(*db_, {table, "shop-conn", "7001", "id", "t"}, state_.scratch() / "spool",
                     reset_cursor);
  }
  ExportResult run(const FlowManifest& flow, const std::string& table, const ExportRun& r,
                   std::vector<int64_t> times, bool reset_cursor = false) {
    TableSink to = sink(table, reset_cursor);
    FakeCaller caller = dataset_caller(std::move(times));
    return run_export(flow, endpoint(), std::nullopt, "c", caller, to, r);
  }
  // Every row as "key t record", in key order.
  std::vector<std::string> rows(const std::string& table) {
    auto select = db_->prepare("SELECT \"key\", \"t\", \"record\" FROM " + table +
                               " ORDER BY \"connection\", \"shop\", \"key\"");
    std::vector<std::string> out;
    while (select.step()) {
      out.push_back(select.column_text(0) + " " + select.column_text(1) + " " +
                    select.column_text(2));
    }
    return out;
  }
  int64_t scalar(const std::string& sql) {
    auto select = db_->prepare(sql);
    EXPECT_TRUE(select.step()) << sql;
    return select.column_int(0);
  }
  // One record per slice: id and t are the slice's start.
  static CallResult record(int64_t from) {
    return make_page(
        {"{\"id\":\"" + std::to_string(from) + "\",\"t\":" + std::to_string(from) + "}"});
  }
  // Returns once `done` holds, or after 10 s.
  template <class Done>
  static void wait_for(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  std::unique_ptr<store::Database> db_ = state_.open();
};

TEST_P(EngineTableSink, EveryRecordIsOneRowAndDoingItAgainChangesNothing) {
  const FlowManifest flow = flow_for(state_.scratch());
  const std::vector<int64_t> times = three_per_second(0, 1000);
  const ExportResult first = run(flow, "orders_t", mode_all_until(1000, flow), times);
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(first.counters.records, times.size());
  EXPECT_EQ(first.cursor, 1000);
  const std::vector<std::string> stored = rows("orders_t");
  ASSERT_EQ(stored.size(), times.size());
  EXPECT_EQ(scalar("SELECT count(*) FROM orders_t WHERE \"t\" >= 900"), 300);
  EXPECT_EQ(scalar("SELECT cursor FROM export_tables WHERE table_name = 'orders_t'"), 1000);

  // The same slices again (a replay after a crash or on another host): not a row changes.
  const ExportResult again = run(flow, "orders_t", mode_all_until(1000, flow), times);
  ASSERT_TRUE(again.ok) << again.error;
  EXPECT_EQ(rows("orders_t"), stored);
  // A delta run starts at the stored cursor: nothing new.
  const ExportResult delta =
      run(flow, "orders_t", export_run(ExportMode::kDelta, 1000, flow), times);
  ASSERT_TRUE(delta.ok) << delta.error;
  EXPECT_EQ(delta.cursor_before, 1000);
  EXPECT_EQ(delta.counters.records, 0u);
}

TEST_P(EngineTableSink, AnOlderVersionOfARecordNeverReplacesANewerOne) {
  TableSink to = sink("versions");
  ASSERT_TRUE(to.start({"f", ExportMode::kDelta, "d"}).refusal.empty());
  to.open();
  const std::string newer = "{\"id\":\"a\",\"t\":50,\"v\":2}\n";
  to.append(SliceRecords(std::string_view(newer), 1));
  to.commit(60);
  const std::string older = "{\"id\":\"a\",\"t\":40,\"v\":1}\n{\"id\":7,\"t\":45}\n";
  to.append(SliceRecords(std::string_view(older), 2));
  to.commit(30);  // a cursor behind the stored one is not stored either
  const std::string v = state_.in_postgresql() ? "SELECT record->>'v' FROM versions WHERE key = 'a'"
                                               : "SELECT json_extract(record, '$.v') FROM versions "
                                                 "WHERE key = 'a'";
  EXPECT_EQ(scalar(v), 2);
  EXPECT_EQ(scalar("SELECT \"t\" FROM versions WHERE key = 'a'"), 50);
  EXPECT_EQ(scalar("SELECT count(*) FROM versions WHERE key = '7'"), 1);  // an integer key
  EXPECT_EQ(scalar("SELECT cursor FROM export_tables WHERE table_name = 'versions'"), 60);
  EXPECT_THROW(to.append(SliceRecords(std::string_view("{\"t\":1}\n"), 1)), std::runtime_error)
      << "a record without its key was accepted";
}

TEST_P(EngineTableSink, AnotherFlowsTableAndTheStatesOwnTablesAreRefused) {
  const FlowManifest flow = flow_for(state_.scratch());
  ASSERT_TRUE(run(flow, "orders_t", mode_all_until(300, flow), {10, 20}).ok);
  FlowManifest other = flow;
  other.name = "other";
  const ExportResult taken = run(other, "orders_t", mode_all_until(300, other), {10, 20});
  EXPECT_TRUE(taken.refused);
  EXPECT_NE(taken.error.find("table orders_t is the output of flow orders"), std::string::npos)
      << taken.error;
  db_ = state_.open_connections();
  const ExportResult own = run(flow, "connections", mode_all_until(300, flow), {10});
  EXPECT_TRUE(own.refused);
  EXPECT_NE(own.error.find("is not an export's output"), std::string::npos) << own.error;
  EXPECT_EQ(scalar("SELECT count(*) FROM connections"), 0);
}

TEST_P(EngineTableSink, AChangedDefinitionIsRefusedUntilTheCursorIsReset) {
  const FlowManifest flow = flow_for(state_.scratch());
  ExportRun r = mode_all_until(300, flow);
  r.definition = "{\"shop\":\"7001\"}";
  ASSERT_TRUE(run(flow, "orders_t", r, {10, 20}).ok);
  r.definition = "{\"shop\":\"7002\"}";
  r.mode = ExportMode::kDelta;
  const ExportResult refused = run(flow, "orders_t", r, {10, 20});
  EXPECT_TRUE(refused.refused);
  EXPECT_NE(refused.error.find("--reset-cursor"), std::string::npos) << refused.error;
  const ExportResult reset = run(flow, "orders_t", r, {10, 20, 30}, /*reset_cursor=*/true);
  ASSERT_TRUE(reset.ok) << reset.error;
  EXPECT_EQ(reset.cursor_before, std::nullopt);
  EXPECT_EQ(rows("orders_t").size(), 3u);
}

// A delta run commits each slice as it completes. When its first slice fails after all the
// others are done, their rows and windows stay (the cursor cannot pass the gap); the next run
// exports only the gap, then the cursor covers them all.
TEST_P(EngineTableSink, ADeltaRunKeepsTheSlicesItFinishedPastAGapAndTheNextDoesOnlyTheGap) {
  const FlowManifest flow = flow_for(state_.scratch());  // [0, 1000) in 10 slices, 3 workers
  std::atomic<int> others{0};
  FakeCaller gap([&](const CallRequest& r) {
    const int64_t from = window_start(r);
    if (from != 0) {
      ++others;
      return record(from);
    }
    // Held until every other slice was asked for (two workers do them meanwhile), then fails.
    wait_for([&] { return others.load() >= 9; });
    return make_failure(CNX_STATUS_PERMANENT, "boom", 42);
  });
  {
    TableSink to = sink("gap");
    const ExportResult failed = run_export(flow, endpoint(), std::nullopt, "c", gap, to,
                                           export_run(ExportMode::kDelta, 1000, flow));
    EXPECT_FALSE(failed.ok);
    EXPECT_NE(failed.error.find("[0, 100)"), std::string::npos) << failed.error;
    EXPECT_FALSE(failed.cursor.has_value());
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM gap"), 9);
  EXPECT_EQ(scalar("SELECT count(*) FROM export_tables WHERE table_name = 'gap' AND"
                   " cursor IS NULL"),
            1);
  EXPECT_EQ(scalar("SELECT count(*) FROM export_table_windows WHERE table_name = 'gap'"), 9);

  FakeCaller healthy([&](const CallRequest& r) { return record(window_start(r)); });
  std::vector<std::string> warnings;
  ExportRun next = export_run(ExportMode::kDelta, 1000, flow);
  next.warn = [&](const std::string& w) { warnings.push_back(w); };
  TableSink to = sink("gap");
  const ExportResult resumed = run_export(flow, endpoint(), std::nullopt, "c", healthy, to, next);
  ASSERT_TRUE(resumed.ok) << resumed.error;
  ASSERT_EQ(healthy.requests().size(), 1U) << "only the gap is asked for";
  EXPECT_EQ(window_start(healthy.requests().front()), 0);
  EXPECT_EQ(resumed.counters.records, 1U);
  EXPECT_EQ(resumed.cursor, 1000);
  EXPECT_EQ(scalar("SELECT cursor FROM export_tables WHERE table_name = 'gap'"), 1000);
  EXPECT_EQ(scalar("SELECT count(*) FROM gap"), 10);
  EXPECT_EQ(scalar("SELECT count(*) FROM export_table_windows"), 0) << "the cursor covers them";
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_NE(warnings.front().find("9 slice(s) of the window hold time an earlier run committed"),
            std::string::npos)
      << warnings.front();
}

// A lead and a helper (two runs, as two processes would be: each its own connections) share the
// lead's plan through the board: together they ask for each slice once, the helper some of them,
// and the table ends with every record, the cursor at the window's end and the board empty.
TEST_P(EngineTableSink, ALeadAndAHelperShareTheLeadsSlicesAndAskForEachOnce) {
  const FlowManifest flow = flow_for(state_.scratch());  // [0, 1000) in 10 slices, 3 workers
  std::atomic<int> helper_asked{0};
  // The lead's workers wait (10 s at most) until the helper has asked for a slice, so that the
  // helper finds free slices whatever the threads' timing.
  FakeCaller lead_calls([&](const CallRequest& r) {
    wait_for([&] { return helper_asked.load() > 0; });
    return record(window_start(r));
  });
  FakeCaller helper_calls([&](const CallRequest& r) {
    ++helper_asked;
    return record(window_start(r));
  });
  SliceBoard lead_board(state_.location(), "shared", "lead");
  ExportResult led;
  std::thread lead([&] {
    auto own = state_.open();
    TableSink to(*own, {"shared", "shop-conn", "7001", "id", "t"}, state_.scratch() / "spool-a",
                 false);
    ExportRun r = export_run(ExportMode::kDelta, 1000, flow);
    r.board = &lead_board;
    r.run_id = 7;
    led = run_export(flow, endpoint(), std::nullopt, "c", lead_calls, to, r);
  });
  SliceBoard helper_board(state_.location(), "shared", "helper");
  std::optional<SlicePlanHead> plan;
  wait_for([&] { return (plan = helper_board.plan()).has_value(); });
  ASSERT_TRUE(plan.has_value()) << "the lead never published its plan";
  EXPECT_EQ(plan->run_id, 7);
  EXPECT_EQ(plan->origin, 0);
  ExportResult helped;
  {
    auto own = state_.open();
    TableSink to(*own, {"shared", "shop-conn", "7001", "id", "t"}, state_.scratch() / "spool-b",
                 false);
    ExportRun r = export_run(ExportMode::kDelta, 1000, flow);
    r.board = &helper_board;
    r.help = plan;
    helped = run_export(flow, endpoint(), std::nullopt, "c", helper_calls, to, r);
  }
  lead.join();
  ASSERT_TRUE(led.ok) << led.error;
  ASSERT_TRUE(helped.ok) << helped.error;
  std::multiset<int64_t> asked;
  for (const auto& r : lead_calls.requests()) asked.insert(window_start(r));
  for (const auto& r : helper_calls.requests()) asked.insert(window_start(r));
  EXPECT_EQ(asked, (std::multiset<int64_t>{0, 100, 200, 300, 400, 500, 600, 700, 800, 900}));
  EXPECT_GE(helper_calls.requests().size(), 1U);
  EXPECT_EQ(led.counters.records + helped.counters.records, 10U);
  EXPECT_EQ(helped.counters.records, helper_calls.requests().size());
  EXPECT_EQ(scalar("SELECT count(*) FROM shared"), 10);
  EXPECT_EQ(scalar("SELECT cursor FROM export_tables WHERE table_name = 'shared'"), 1000);
  EXPECT_EQ(led.cursor, 1000) << "the lead reports the cursor, whoever moved it last";
  EXPECT_EQ(scalar("SELECT count(*) FROM export_table_windows"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM export_table_slices"), 0) << "every slice committed";
  EXPECT_EQ(scalar("SELECT count(*) FROM export_table_plans"), 0) << "the lead closed its plan";
}

// The board's claims: one holder per slice; a silent holder's slice is claimed again; a split
// replaces a held slice by free parts, a release frees it, a commit (a window committed by the
// table sink) takes it off, and close() removes what is left.
TEST_P(EngineTableSink, TheBoardGivesEachSliceOneHolderUntilItsHolderGoesSilent) {
  SliceBoard a(state_.location(), "board", "a");
  SliceBoard b(state_.location(), "board", "b");
  EXPECT_FALSE(a.plan().has_value());
  a.publish(3, 100, {{100, 200}, {200, 300}});
  ASSERT_TRUE(b.plan().has_value());
  EXPECT_EQ(b.plan()->origin, 100);
  const auto first = a.claim(3);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->from, 100);
  const auto second = b.claim(3);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->from, 200);
  EXPECT_FALSE(b.claim(3).has_value()) << "both are held";
  EXPECT_FALSE(b.claim(4).has_value()) << "another run's plan holds nothing";

  // a goes silent: its heartbeat is older than kLeaseStaleSeconds.
  db_->exec("UPDATE export_table_slices SET beat_ms = beat_ms - 60000 WHERE holder = 'a'");
  const auto taken_over = b.claim(3);
  ASSERT_TRUE(taken_over.has_value());
  EXPECT_EQ(taken_over->from, 100);
  a.split(3, *first, {{100, 150}, {150, 200}});  // a's claim is b's now: nothing changes
  EXPECT_EQ(scalar("SELECT count(*) FROM export_table_slices WHERE holder = 'b'"), 2);

  b.split(3, *taken_over, {{100, 150}, {150, 200}});
  EXPECT_EQ(b.unfinished(3), 3U);
  EXPECT_EQ(a.claim(3)->from, 100);
  EXPECT_EQ(a.claim(3)->from, 150);
  b.release(*second);
  EXPECT_EQ(a.claim(3)->from, 200);
  a.beat();

  // A window the table sink commits leaves the board in the same transaction.
  TableSink to = sink("board");
  ASSERT_TRUE(to.start({"orders", ExportMode::kDelta, "d"}).refusal.empty());
  to.open();
  to.append(SliceRecords(std::string_view("{\"id\":\"1\",\"t\":120}\n"), 1));
  to.commit_window({100, 150}, 100);
  EXPECT_EQ(b.unfinished(3), 2U);
  a.close(3);
  EXPECT_EQ(b.unfinished(3), 0U);
  EXPECT_FALSE(b.plan().has_value());
}

STORE_TESTS_ON_BOTH_BACKENDS(EngineTableSink);

}  // namespace host::engine
