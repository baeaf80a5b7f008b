// The import runner with a real SQLite ledger: a re-run skips what succeeded, a record left in
// flight is sent again with the same idempotency key, every outcome is written, and the ledger
// keeps each target (connection, shop, resource, endpoint) apart.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <set>
#include <vector>

#include "engine/flows/export_definition.hpp"
#include "engine/flows/import/import_runner.hpp"
#include "engine/flows/import/ledger_store.hpp"
#include "engine_fake_caller.hpp"
#include "file_contents.hpp"
#include "store/database.hpp"
#include "store_backends.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

using namespace testing;  // the fake caller, its pages and failures, query_value

EndpointSpec inventory_endpoint(bool idempotent) {
  EndpointSpec e;
  e.id = "products.inventory.update";
  e.method = "POST";
  e.path_params = {"product_id"};
  ImportSpec import;
  if (idempotent) import.idempotency = IdempotencySpec{"idempotency_key", 8};
  e.import = import;
  return e;
}

class EngineImportLedger : public test_support::BackendTest<> {
 protected:
  EngineImportLedger() : BackendTest("engine_import") {}
  void SetUp() override {
    flow_.name = "inventory";
    flow_.kind = FlowKind::kImport;
    flow_.connection = "main";
    flow_.resource = "inventory";
    flow_.concurrency = 3;
    flow_.input = dir_ / "in.jsonl";
    std::ofstream in(flow_.input);
    for (int i = 0; i < 20; ++i) {
      in << "{\"product_id\":\"p" << i << "\",\"skus\":[{\"id\":\"s" << i
         << "\",\"inventory\":[{\"quantity\":" << i << "}]}]}\n";
    }
    run_.input = flow_.input;
    run_.results = dir_ / "results.jsonl";
    run_.open_ledger = [state = state_.location()] { return open_ledger_store(state); };
    run_.target = import_target(flow_, inventory_endpoint(false), "7001");
    run_.warn = [this](const std::string& m) { warnings_.push_back(m); };
  }

  std::string results_text() const { return test_support::file_bytes(run_.results); }

  const std::filesystem::path dir_ = state_.scratch();
  FlowManifest flow_;
  ImportRun run_;
  std::vector<std::string> warnings_;
};

TEST_P(EngineImportLedger, ReRunSkipsEverythingThatSucceeded) {
  FakeCaller first([](const CallRequest&) { return make_page({}); });
  const auto a = run_import(flow_, inventory_endpoint(false), "cipher", first, run_);
  ASSERT_TRUE(a.ok) << a.error;
  EXPECT_EQ(a.counters.succeeded, 20u);
  EXPECT_EQ(first.requests().size(), 20u);
  // Path params leave the body; the rest is the body.
  for (const auto& r : first.requests()) {
    ASSERT_EQ(r.path_params.size(), 1u);
    EXPECT_EQ(r.body.find("product_id"), std::string::npos);
    EXPECT_NE(r.body.find("\"skus\""), std::string::npos);
    EXPECT_EQ(r.scope_credential, "cipher");
  }

  FakeCaller second([](const CallRequest&) { return make_page({}); });
  const auto b = run_import(flow_, inventory_endpoint(false), "cipher", second, run_);
  EXPECT_TRUE(b.ok);
  EXPECT_EQ(b.counters.already_applied, 20u);
  EXPECT_EQ(describe_import_counters(b.counters),
            "20 records read: 0 applied, 20 skipped as already applied, 0 skipped as repeated, "
            "0 failed");
  EXPECT_EQ(b.counters.succeeded, 0u);
  EXPECT_TRUE(second.requests().empty());
}

TEST_P(EngineImportLedger, FailedRecordsAreRecordedAndRetriedByTheNextRun) {
  FakeCaller first([](const CallRequest& r) {
    if (r.path_params[0].second == "p3") {
      return make_failure(CNX_STATUS_PERMANENT, "sku not found", 17004006);
    }
    return make_page({});
  });
  const auto a = run_import(flow_, inventory_endpoint(false), "c", first, run_);
  EXPECT_EQ(a.counters.failed, 1u);
  EXPECT_EQ(a.counters.succeeded, 19u);
  std::ifstream results(run_.results);
  std::string all((std::istreambuf_iterator<char>(results)), {});
  EXPECT_NE(all.find("\"remote_code\":17004006"), std::string::npos);
  EXPECT_NE(all.find("sku not found"), std::string::npos);

  FakeCaller second([](const CallRequest&) { return make_page({}); });
  const auto b = run_import(flow_, inventory_endpoint(false), "c", second, run_);
  EXPECT_EQ(b.counters.succeeded, 1u);
  ASSERT_EQ(second.requests().size(), 1u);
  EXPECT_EQ(second.requests()[0].path_params[0].second, "p3");
}

TEST_P(EngineImportLedger, RecordLeftInFlightIsResentWithTheSameIdempotencyKey) {
  // First, a normal run of one record, to learn the key the engine sends (the record's
  // SHA-256, cut to the endpoint's max length of 8).
  FlowManifest one = flow_;
  ImportRun r = run_;
  r.input = dir_ / "one.jsonl";
  {
    std::ifstream in(flow_.input);
    std::string line;
    std::getline(in, line);
    std::ofstream(r.input) << line << "\n";
  }
  FakeCaller capture([](const CallRequest&) { return make_page({}); });
  ASSERT_TRUE(run_import(one, inventory_endpoint(true), "c", capture, r).ok);
  const std::string key = query_value(capture.requests().at(0), "idempotency_key");
  ASSERT_EQ(key.size(), 8u);
  // Reset the ledger row to in_flight, as a crash right after send would leave it.
  {
    auto db = state_.open();
    db->exec("UPDATE import_ledger SET status = 'in_flight'");
  }
  FakeCaller again([](const CallRequest&) { return make_page({}); });
  const auto result = run_import(one, inventory_endpoint(true), "c", again, r);
  EXPECT_EQ(result.counters.succeeded, 1u);
  ASSERT_EQ(again.requests().size(), 1u);
  EXPECT_EQ(query_value(again.requests()[0], "idempotency_key"), key);
}

TEST_P(EngineImportLedger, ThrottlingThatOutlastsRetriesStopsTheRunAndLeavesRecordsToRedo) {
  FakeCaller throttled([](const CallRequest&) {
    return make_failure(CNX_STATUS_RATE_LIMITED, "gave up after 8 attempts", 36009002);
  });
  const auto a = run_import(flow_, inventory_endpoint(false), "c", throttled, run_);
  EXPECT_FALSE(a.ok);
  EXPECT_NE(a.error.find("36009002"), std::string::npos) << a.error;
  FakeCaller healthy([](const CallRequest&) { return make_page({}); });
  const auto b = run_import(flow_, inventory_endpoint(false), "c", healthy, run_);
  EXPECT_TRUE(b.ok);
  EXPECT_EQ(b.counters.succeeded, 20u);
}

TEST_P(EngineImportLedger, IdempotencyKeyPointerNamesTheLedgerKey) {
  flow_.idempotency_key = "/skus/0/id";
  FakeCaller caller([](const CallRequest&) { return make_page({}); });
  const auto a = run_import(flow_, inventory_endpoint(true), "c", caller, run_);
  ASSERT_TRUE(a.ok);
  std::set<std::string> keys;
  for (const auto& r : caller.requests()) keys.insert(query_value(r, "idempotency_key"));
  EXPECT_TRUE(keys.count("s7"));
  EXPECT_EQ(keys.size(), 20u);
}

TEST_P(EngineImportLedger, SummaryAccountsForEveryRecordRead) {
  {
    std::ofstream in(flow_.input, std::ios::app);
    in << "{\"product_id\":\"p0\",\"skus\":[{\"id\":\"s0\",\"inventory\":[{\"quantity\":0}]}]}\n";
    in << "not json\n";
  }
  FakeCaller first([](const CallRequest& r) {
    if (r.path_params[0].second == "p5") return make_failure(CNX_STATUS_PERMANENT, "no", 1);
    return make_page({});
  });
  flow_.concurrency = 1;  // the repeat of line 1 comes after line 1 has finished
  const auto a = run_import(flow_, inventory_endpoint(false), "c", first, run_);
  EXPECT_EQ(a.counters.read, 22u);
  EXPECT_EQ(a.counters.succeeded, 19u);
  EXPECT_EQ(a.counters.failed, 2u);
  EXPECT_EQ(a.counters.already_applied + a.counters.repeated, 1u);

  FakeCaller second([](const CallRequest&) { return make_page({}); });
  const auto b = run_import(flow_, inventory_endpoint(false), "c", second, run_);
  EXPECT_EQ(describe_import_counters(b.counters),
            "22 records read: 1 applied, 20 skipped as already applied, 0 skipped as repeated, "
            "1 failed");
}

TEST_P(EngineImportLedger, SameFlowPointedAtAnotherShopAppliesItsRecordsThere) {
  FakeCaller first([](const CallRequest&) { return make_page({}); });
  ASSERT_EQ(run_import(flow_, inventory_endpoint(false), "shop-a", first, run_).counters.succeeded,
            20u);

  // The manifest now names another shop: its records are not "already applied" there.
  run_.target = import_target(flow_, inventory_endpoint(false), "7002");
  warnings_.clear();
  FakeCaller second([](const CallRequest&) { return make_page({}); });
  const auto b = run_import(flow_, inventory_endpoint(false), "shop-b", second, run_);
  ASSERT_TRUE(b.ok) << b.error;
  EXPECT_EQ(b.counters.succeeded, 20u) << describe_import_counters(b.counters);
  EXPECT_EQ(b.counters.already_applied, 0u);
  ASSERT_EQ(second.requests().size(), 20u);
  for (const auto& r : second.requests()) EXPECT_EQ(r.scope_credential, "shop-b");
  // One warning says how many had gone to the other target and what changed; each line says so.
  EXPECT_EQ(b.counters.applied_elsewhere, 20u);
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_NE(warnings_[0].find("20 of the records"), std::string::npos) << warnings_[0];
  EXPECT_NE(warnings_[0].find("shop \"7001\" -> \"7002\""), std::string::npos) << warnings_[0];
  EXPECT_NE(results_text().find("applied before to another target of this flow (shop "
                                "\\\"7001\\\" -> \\\"7002\\\")"),
            std::string::npos)
      << results_text();

  // Each target still gets nothing twice.
  for (const char* shop : {"7002", "7001"}) {
    run_.target = import_target(flow_, inventory_endpoint(false), shop);
    FakeCaller again([](const CallRequest&) { return make_page({}); });
    const auto c = run_import(flow_, inventory_endpoint(false), "c", again, run_);
    EXPECT_EQ(c.counters.already_applied, 20u) << shop;
    EXPECT_TRUE(again.requests().empty()) << shop;
  }
}

TEST_P(EngineImportLedger, AnotherConnectionResourceOrEndpointIsAnotherTarget) {
  FakeCaller first([](const CallRequest&) { return make_page({}); });
  ASSERT_EQ(run_import(flow_, inventory_endpoint(false), "c", first, run_).counters.succeeded, 20u);
  const std::vector<std::function<void(FlowManifest&, EndpointSpec&)>> changes = {
      [](FlowManifest& f, EndpointSpec&) { f.connection = "second"; },
      [](FlowManifest& f, EndpointSpec&) { f.resource = "products"; },
      [](FlowManifest&, EndpointSpec& e) { e.id = "products.inventory.replace"; },
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    FlowManifest flow = flow_;
    EndpointSpec endpoint = inventory_endpoint(false);
    changes[i](flow, endpoint);
    run_.target = import_target(flow, endpoint, "7001");
    FakeCaller caller([](const CallRequest&) { return make_page({}); });
    const auto r = run_import(flow, endpoint, "c", caller, run_);
    EXPECT_EQ(r.counters.succeeded, 20u) << "change " << i;
    EXPECT_EQ(caller.requests().size(), 20u) << "change " << i;
  }
}

TEST_P(EngineImportLedger, VersionOneRowsAreAdoptedByTheFirstRunAfterTheUpgrade) {
  flow_.idempotency_key = "/product_id";
  {
    // The ledger as schema version 1 left it: p0..p9 applied, keyed by flow and key only.
    auto db = state_.open();
    db->exec(
        "CREATE TABLE import_ledger (flow TEXT NOT NULL, idempotency_key TEXT NOT NULL,"
        " status TEXT NOT NULL CHECK (status IN ('in_flight', 'succeeded', 'failed')),"
        " attempts INTEGER NOT NULL, remote_code INTEGER NOT NULL DEFAULT 0,"
        " message TEXT NOT NULL DEFAULT '', updated_at INTEGER NOT NULL,"
        " PRIMARY KEY (flow, idempotency_key));"
        "INSERT INTO schema_migrations(area, version, applied_at) VALUES ('engine_import', 1, 0);");
    for (int i = 0; i < 10; ++i) {
      db->prepare("INSERT INTO import_ledger VALUES ('inventory', ?, 'succeeded', 1, 0, '', 0)")
          .bind(1, "p" + std::to_string(i))
          .run();
    }
    db->exec("INSERT INTO import_ledger VALUES ('other-flow', 'p10', 'succeeded', 1, 0, '', 0)");
  }
  FakeCaller first([](const CallRequest&) { return make_page({}); });
  const auto a = run_import(flow_, inventory_endpoint(false), "c", first, run_);
  EXPECT_EQ(a.counters.already_applied, 10u);
  EXPECT_EQ(a.counters.succeeded, 10u);
  EXPECT_EQ(a.counters.applied_elsewhere, 0u);
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_NE(warnings_[0].find("10 import ledger rows of flow inventory"), std::string::npos)
      << warnings_[0];
  EXPECT_NE(warnings_[0].find("\"shop\":\"7001\""), std::string::npos) << warnings_[0];

  // The adopted rows are this target's: another shop gets all 20, and no second adoption.
  warnings_.clear();
  run_.target = import_target(flow_, inventory_endpoint(false), "7002");
  FakeCaller second([](const CallRequest&) { return make_page({}); });
  const auto b = run_import(flow_, inventory_endpoint(false), "c", second, run_);
  EXPECT_EQ(b.counters.succeeded, 20u);
  EXPECT_EQ(b.counters.applied_elsewhere, 20u);
  EXPECT_EQ(warnings_.size(), 1u);  // the "applied elsewhere" note; nothing left to adopt
  // The other flow's row is left for that flow's own first run.
  auto db = state_.open();
  auto s = db->prepare("SELECT target FROM import_ledger WHERE flow = 'other-flow'");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.column_int(0), 0);
}

}  // namespace

STORE_TESTS_ON_BOTH_BACKENDS(EngineImportLedger);

}  // namespace host::engine
