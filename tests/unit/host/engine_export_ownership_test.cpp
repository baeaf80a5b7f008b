// An export's committed output is its own: bytes it did not write, a replaced or edited file,
// another flow's or mode's output, and a cursor made for another definition are all refused
// (nothing written) until a person decides (--take-over-output, --reset-cursor).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>

#include "engine/flows/export/export_runner.hpp"
#include "engine/flows/export_definition.hpp"
#include "engine_fake_caller.hpp"
#include "engine_orders_search.hpp"
#include "engine_recording_cursor_store.hpp"
#include "file_contents.hpp"
#include "store_backends.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

using testing::FakeCaller;
using testing::make_page;
using testing::orders_search_endpoint;
using testing::RecordingCursorStore;
using testing::window_start;

// The earliest window the requests asked for: the run's start. Slices go out on several workers,
// so the first request recorded need not be the first slice's.
int64_t earliest_window_start(const std::vector<CallRequest>& requests) {
  int64_t earliest = INT64_MAX;
  for (const CallRequest& r : requests) earliest = std::min(earliest, window_start(r));
  return earliest;
}

// One record per slice, its id the slice's start.
CallResult one_per_slice(const CallRequest& r) {
  return make_page({"{\"id\":\"" + std::to_string(window_start(r)) + "\"}"});
}

// On both backends: the cursor store is in the state database (SQLite or PostgreSQL), the
// outputs in a scratch directory.
class EngineExportOwnership : public test_support::BackendTest<> {
 protected:
  EngineExportOwnership() : BackendTest("engine_ownership") {}
  void SetUp() override {
    flow_.file = dir_ / "flow.json";
    flow_.name = "orders";
    flow_.connection = "shop-a";
    flow_.resource = "orders";
    flow_.window.slice_seconds = 100;
    flow_.concurrency = 2;
    flow_.output = dir_ / "orders.jsonl";
    store_ = std::make_unique<RecordingCursorStore>(state_.location());
  }
  void TearDown() override { store_.reset(); }

  ExportResult run(ExportMode mode, int64_t now, const std::string& shop = "7001",
                   const std::function<void(ExportRun&)>& adjust = {}) {
    ExportRun r;
    r.mode = mode;
    r.output = flow_.output;
    r.now = now;
    r.definition = export_definition(flow_, orders_search_endpoint(), shop);
    if (adjust) adjust(r);
    caller_ = std::make_unique<FakeCaller>(one_per_slice);
    return run_export(flow_, orders_search_endpoint(), std::nullopt, "c", *caller_, store_.get(),
                      r);
  }

  const std::filesystem::path dir_ = state_.scratch();
  FlowManifest flow_;
  std::unique_ptr<RecordingCursorStore> store_;
  std::unique_ptr<FakeCaller> caller_;
};

TEST_P(EngineExportOwnership, BytesAppendedByAnotherWriterAreRefusedNotCut) {
  ASSERT_TRUE(run(ExportMode::kDelta, 300).ok);
  { std::ofstream(flow_.output, std::ios::app) << "{\"id\":\"someone else\"}\n"; }
  const std::string before = test_support::file_bytes(flow_.output);

  const auto second = run(ExportMode::kDelta, 500);
  EXPECT_FALSE(second.ok);
  EXPECT_TRUE(second.refused);
  EXPECT_NE(second.error.find("did not write"), std::string::npos) << second.error;
  EXPECT_NE(second.error.find("--take-over-output"), std::string::npos) << second.error;
  EXPECT_EQ(test_support::file_bytes(flow_.output), before) << "nothing may be cut or appended";
  EXPECT_TRUE(caller_->requests().empty());
}

TEST_P(EngineExportOwnership, TakeOverKeepsTheFileAsItIsAndAppendsAfterIt) {
  ASSERT_TRUE(run(ExportMode::kDelta, 300).ok);
  { std::ofstream(flow_.output, std::ios::app) << "{\"id\":\"someone else\"}\n"; }
  const std::string before = test_support::file_bytes(flow_.output);
  const auto taken =
      run(ExportMode::kDelta, 500, "7001", [](ExportRun& r) { r.take_over_output = true; });
  ASSERT_TRUE(taken.ok) << taken.error;
  EXPECT_EQ(taken.counters.records, 2u);  // [300,400) and [400,500): the cursor was kept
  EXPECT_EQ(test_support::file_bytes(flow_.output).substr(0, before.size()), before);
  EXPECT_TRUE(run(ExportMode::kDelta, 600).ok) << "the taken-over file is the flow's now";
}

TEST_P(EngineExportOwnership, ReplacedOrEditedFileIsRefused) {
  ASSERT_TRUE(run(ExportMode::kDelta, 300).ok);
  const std::string committed = test_support::file_bytes(flow_.output);
  // Same bytes, another file (written beside it and renamed over it, as editors save).
  { std::ofstream(dir_ / "copy.jsonl", std::ios::binary) << committed; }
  std::filesystem::rename(dir_ / "copy.jsonl", flow_.output);
  auto result = run(ExportMode::kDelta, 400);
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("replaced"), std::string::npos) << result.error;

  ASSERT_TRUE(
      run(ExportMode::kDelta, 400, "7001", [](ExportRun& r) { r.take_over_output = true; }).ok);
  // Same size, one byte changed in place.
  std::string edited = test_support::file_bytes(flow_.output);
  edited[edited.size() - 3] = 'X';
  {
    std::fstream f(flow_.output, std::ios::in | std::ios::out | std::ios::binary);
    f.write(edited.data(), static_cast<std::streamsize>(edited.size()));
  }
  result = run(ExportMode::kDelta, 500);
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("changed"), std::string::npos) << result.error;

  // Cut short.
  std::filesystem::resize_file(flow_.output, 5);
  result = run(ExportMode::kDelta, 500);
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("shorter"), std::string::npos) << result.error;
}

TEST_P(EngineExportOwnership, AnExistingFileNoRunOfTheFlowWroteIsRefused) {
  { std::ofstream(flow_.output) << "{\"id\":\"mine\"}\n"; }
  const auto result = run(ExportMode::kDelta, 300);
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("no run of this flow wrote"), std::string::npos) << result.error;
  EXPECT_EQ(test_support::file_bytes(flow_.output), "{\"id\":\"mine\"}\n");
}

TEST_P(EngineExportOwnership, AnotherFlowsOutputIsRefusedByPathAndThroughALink) {
  ASSERT_TRUE(run(ExportMode::kDelta, 300).ok);
  const std::string before = test_support::file_bytes(flow_.output);
  FlowManifest other = flow_;
  other.name = "orders-copy";
  std::swap(flow_, other);
  auto result = run(ExportMode::kDelta, 300);
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("flow orders"), std::string::npos) << result.error;

  std::filesystem::create_hard_link(other.output, dir_ / "link.jsonl");
  flow_.output = dir_ / "link.jsonl";
  result = run(ExportMode::kDelta, 300);
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("flow orders"), std::string::npos) << result.error;
  EXPECT_EQ(test_support::file_bytes(other.output), before);
}

TEST_P(EngineExportOwnership, TestAndOnceRunsNeverWriteTheDeltaOutput) {
  ASSERT_TRUE(run(ExportMode::kDelta, 300).ok);
  const std::string before = test_support::file_bytes(flow_.output);
  auto result = run(ExportMode::kTest, 300);
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("test run"), std::string::npos) << result.error;
  result = run(ExportMode::kOnce, 300);
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("delta runs"), std::string::npos) << result.error;
  EXPECT_EQ(test_support::file_bytes(flow_.output), before);
}

TEST_P(EngineExportOwnership, CursorOfAnotherDefinitionIsRefusedUntilReset) {
  ASSERT_TRUE(run(ExportMode::kDelta, 300, "7001").ok);
  auto result = run(ExportMode::kDelta, 400, "7002");
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("shop \"7001\" -> \"7002\""), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("--reset-cursor"), std::string::npos) << result.error;
  EXPECT_TRUE(caller_->requests().empty());

  flow_.filters_json = R"({"order_status":"SHIPPED"})";
  result = run(ExportMode::kDelta, 400, "7001");
  EXPECT_TRUE(result.refused);
  EXPECT_NE(result.error.find("filters changed"), std::string::npos) << result.error;

  result = run(ExportMode::kDelta, 400, "7002", [](ExportRun& r) { r.reset_cursor = true; });
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.counters.records, 4u) << "the new definition is exported from the start";
  EXPECT_EQ(earliest_window_start(caller_->requests()), 0);
  EXPECT_TRUE(run(ExportMode::kDelta, 500, "7002").ok);
}

// A state file from before the cursor store's second schema: SQLite's (PostgreSQL states began
// after it).
class EngineExportOwnershipOfOldStates : public EngineExportOwnership {};

TEST_P(EngineExportOwnershipOfOldStates,
       OutputRecordedBySchemaVersionOneIsAdoptedWhenItsSizeMatches) {
  store_.reset();
  for (const char* f : {"state.db", "state.db-wal", "state.db-shm"})
    std::filesystem::remove(state_.dir() / f);
  {
    auto db = state_.open();
    constexpr std::string_view kVersionOne[] = {
        "CREATE TABLE export_cursors (flow TEXT PRIMARY KEY, cursor INTEGER,"
        " completed_at INTEGER, updated_at INTEGER NOT NULL);"
        "CREATE TABLE export_outputs (flow TEXT NOT NULL, path TEXT NOT NULL,"
        " committed_bytes INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
        " PRIMARY KEY (flow, path));"};
    db->migrate("engine_export", kVersionOne);
    const std::string line = "{\"id\":\"0\"}\n";
    { std::ofstream(flow_.output, std::ios::binary) << line; }
    db->prepare("INSERT INTO export_cursors VALUES ('orders', 100, NULL, 1)").run();
    db->prepare("INSERT INTO export_outputs VALUES ('orders', ?, ?, 1)")
        .bind(1, std::filesystem::weakly_canonical(flow_.output).string())
        .bind(2, static_cast<int64_t>(line.size()))
        .run();
  }
  store_ = std::make_unique<RecordingCursorStore>(state_.location());
  std::vector<std::string> warnings;
  const auto result = run(ExportMode::kDelta, 300, "7001", [&](ExportRun& r) {
    r.warn = [&](const std::string& m) { warnings.push_back(m); };
  });
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(earliest_window_start(caller_->requests()), 100) << "the version-1 cursor is kept";
  EXPECT_EQ(result.counters.records, 2u);
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings.front().find("definition"), std::string::npos) << warnings.front();
  EXPECT_TRUE(store_->stream("orders", flow_.output)->mark);
}

STORE_TESTS_ON_BOTH_BACKENDS(EngineExportOwnership);
STORE_TESTS_ON_SQLITE_ONLY(EngineExportOwnershipOfOldStates);

}  // namespace
}  // namespace host::engine
