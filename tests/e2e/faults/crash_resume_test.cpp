// SIGKILL connector-host at seeded random points of delta exports and imports, restart it until
// the run completes, and check what survived: every record exported exactly once (equal to a
// run that was never killed), the delta cursor skipping nothing (a later delta finds every later
// change), every import record changing the remote state exactly once (an inventory write, which
// takes no remote idempotency key, may be applied again after a kill or a lost reply, but only
// where the host itself counted another send, and with the same value), and a state database
// that is never left corrupt.
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>

#include "engine/flows/jsonl_values.hpp"
#include "faults_fixture.hpp"

namespace faults_e2e {
namespace {

constexpr int kOrders = 500;
constexpr int kProducts = 150;
constexpr int kImportRecords = 100;
constexpr int kKillsWanted = 11;  // per kind (export, import): 22 kills at least

uint64_t test_seed() {
  const char* env = std::getenv("FAULTS_SEED");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 20240607;
}

// PRAGMA integrity_check of the state database, as a second process would see it.
std::string integrity(const std::filesystem::path& db_path) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    out = std::string("cannot open: ") + sqlite3_errmsg(db);
  } else {
    sqlite3_exec(
        db, "PRAGMA integrity_check",
        [](void* text, int, char** values, char**) {
          *static_cast<std::string*>(text) += values[0] ? values[0] : "null";
          return 0;
        },
        &out, nullptr);
  }
  sqlite3_close(db);
  return out;
}

class CrashResumeTest : public FaultsE2eTest {
 protected:
  // The import ledger's send count for `record` of flow `flow` (0 when it has no row).
  int64_t ledger_attempts(const std::string& flow, const std::string& record) {
    sqlite3* db = nullptr;
    int64_t attempts = 0;
    if (sqlite3_open_v2((dir_ / "state" / "state.db").c_str(), &db, SQLITE_OPEN_READONLY,
                        nullptr) == SQLITE_OK) {
      sqlite3_stmt* s = nullptr;
      sqlite3_prepare_v2(
          db, "SELECT attempts FROM import_ledger WHERE flow = ? AND idempotency_key = ?", -1, &s,
          nullptr);
      const std::string key = host::engine::sha256_hex(record);
      sqlite3_bind_text(s, 1, flow.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(s, 2, key.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(s) == SQLITE_ROW) attempts = sqlite3_column_int64(s, 0);
      sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return attempts;
  }

  void SetUp() override {
    FaultsE2eTest::SetUp();
    options_.orders = kOrders;
    options_.products = kProducts;
    options_.shop_count = 1;
    start_sandbox();
    frozen_ = false;
    connect("e2e-shop", *sandbox_);
    rng_.seed(test_seed());
    std::cout << "[ crash ] FAULTS_SEED=" << test_seed() << "\n";
  }

  std::string tuning() const {
    return R"(,"page_size":10,"concurrency":3,"rate_limit_per_second":90,)"
           R"("window":{"lookback_seconds":3456000,"slice_seconds":172800})";
  }

  // Runs `flow_path` (extra args `extra`), SIGKILLing it after a random share of `typical`
  // until one run completes by itself. Returns the number of runs killed mid-way.
  int run_with_kills(const std::filesystem::path& flow_path, std::chrono::milliseconds typical,
                     const std::vector<std::string>& extra = {}) {
    const auto log = dir_ / (flow_path.stem().string() + ".log");
    std::uniform_int_distribution<int64_t> delay(10, std::max<int64_t>(typical.count(), 11));
    int kills = 0;
    for (int attempt = 0; attempt < 40; ++attempt) {
      const pid_t pid = spawn_run(flow_path, log, extra);
      const ChildEnd end = wait_or_kill(pid, std::chrono::milliseconds(delay(rng_)));
      if (end.killed) {
        ++kills;
        const std::string check = integrity(dir_ / "state" / "state.db");
        EXPECT_EQ(check, "ok") << "state.db after kill " << kills;
        continue;
      }
      EXPECT_EQ(end.exit_code, 0) << test_support::file_bytes(log);
      return kills;
    }
    ADD_FAILURE() << flow_path << " never completed";
    return kills;
  }

  std::mt19937_64 rng_;
};

TEST_F(CrashResumeTest, KilledDeltaExportsAndImportsResumeWithoutLossOrRepeats) {
  // The reference: each resource exported once, never killed; its duration calibrates the kills.
  std::map<std::string, std::vector<std::string>> reference;
  std::map<std::string, std::chrono::milliseconds> typical;
  for (const std::string resource : {"orders", "products"}) {
    const auto start = std::chrono::steady_clock::now();
    const auto out =
        host("run " +
             export_flow("e2e-shop", resource + "-ref", resource, resource + "-ref.jsonl", tuning())
                 .string() +
             " --mode all");
    ASSERT_EQ(out.exit_code, 0) << out.output;
    typical[resource] = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    reference[resource] = test_support::file_lines(dir_ / (resource + "-ref.jsonl"));
    std::sort(reference[resource].begin(), reference[resource].end());
  }
  ASSERT_EQ(reference["orders"].size(), static_cast<size_t>(kOrders));
  ASSERT_EQ(reference["products"].size(), static_cast<size_t>(kProducts));

  // Delta exports, killed and resumed, alternating resources, until enough kills landed.
  int export_kills = 0;
  std::vector<std::string> product_flows;
  for (int round = 0; export_kills < kKillsWanted && round < 12; ++round) {
    const std::string resource = round % 2 == 0 ? "orders" : "products";
    const std::string name = resource + "-r" + std::to_string(round);
    const auto path = export_flow("e2e-shop", name, resource, name + ".jsonl", tuning());
    export_kills += run_with_kills(path, typical[resource]);
    if (resource == "products") product_flows.push_back(name);
    auto got = test_support::file_lines(dir_ / (name + ".jsonl"));
    for (const auto& [id, n] : count_by_id(got)) EXPECT_EQ(n, 1) << name << ": " << id;
    std::sort(got.begin(), got.end());
    EXPECT_TRUE(got == reference[resource])
        << name << ": " << got.size() << " lines, expected " << reference[resource].size();
  }
  EXPECT_GE(export_kills, kKillsWanted);

  // Imports, killed and resumed: each round sets other quantities (new records, new keys).
  const auto products = test_support::file_lines(dir_ / "products-ref.jsonl");
  int import_kills = 0;
  std::set<std::string> changed;
  int repeated = 0;
  for (int round = 0; import_kills < kKillsWanted && round < 10; ++round) {
    const std::string name = "inventory-r" + std::to_string(round);
    std::vector<std::string> targets;
    {
      std::ofstream out(dir_ / (name + ".jsonl"));
      for (int i = 0; i < kImportRecords; ++i) {
        const std::string& p = products[static_cast<size_t>(i)];
        const std::string sku = field_of(p.substr(p.find("\"skus\":")), "id");
        out << R"({"product_id":")" << id_of(p) << R"(","skus":[{"id":")" << sku
            << R"(","inventory":[{"warehouse_id":")" << field_of(p, "warehouse_id")
            << R"(","quantity":)" << 1000 * (round + 1) + i << "}]}]}\n";
        targets.push_back("inventory:" + id_of(p));
        changed.insert(id_of(p));
      }
    }
    const auto before = sandbox_->stats();
    const auto path =
        import_flow("e2e-shop", name, "inventory", "products.inventory.update", name + ".jsonl",
                    R"(,"concurrency":4,"rate_limit_per_second":60)");
    import_kills += run_with_kills(path, std::chrono::milliseconds(kImportRecords * 1000 / 60));
    const auto after = sandbox_->stats();

    // Per input line: runs that reported it succeeded, and the sends the host itself counted:
    // retries inside a run (results "attempts"; a killed run's results may be lost) and runs that
    // sent it (the ledger's durable "attempts", one per run).
    std::map<int64_t, int> succeeded;
    std::map<int64_t, int64_t> extra_sends;
    for (const auto& r : test_support::file_lines(dir_ / (name + ".jsonl.results.jsonl"))) {
      const int64_t line = std::stoll(field_of(r, "line"));
      if (field_of(r, "status") == "succeeded") ++succeeded[line];
      const std::string attempts = field_of(r, "attempts");
      if (!attempts.empty()) extra_sends[line] += std::stoll(attempts) - 1;
    }
    const auto inputs = test_support::file_lines(dir_ / (name + ".jsonl"));
    for (int i = 0; i < kImportRecords; ++i) {
      extra_sends[i + 1] += ledger_attempts(name, inputs[static_cast<size_t>(i)]) - 1;
    }
    for (int i = 0; i < kImportRecords; ++i) {
      const auto& t = targets[static_cast<size_t>(i)];
      const uint64_t applied =
          (after.writes_by_target.count(t) ? after.writes_by_target.at(t) : 0) -
          (before.writes_by_target.count(t) ? before.writes_by_target.at(t) : 0);
      EXPECT_GE(applied, 1u) << name << " line " << i + 1 << " never applied";
      // Each round asks for a new quantity, so each record changes the stock exactly once,
      // however often it was sent.
      const uint64_t changed_state =
          (after.writes_changed_by_target.count(t) ? after.writes_changed_by_target.at(t) : 0) -
          (before.writes_changed_by_target.count(t) ? before.writes_changed_by_target.at(t) : 0);
      EXPECT_EQ(changed_state, 1u) << name << " line " << i + 1;
      // No remote idempotency key: a record in flight at a kill is sent again by the next run,
      // and a reply lost to a timeout is retried; either may land twice. Every extra
      // application must be a send the host counted.
      EXPECT_LE(applied, 1u + static_cast<uint64_t>(extra_sends[i + 1]))
          << name << " line " << i + 1 << " applied " << applied << " times";
      if (applied > 1) ++repeated;
      EXPECT_LE(succeeded[i + 1], 1) << name << " line " << i + 1;
    }
  }
  EXPECT_GE(import_kills, kKillsWanted);
  std::cout << "[ crash ] kills: " << export_kills << " during exports, " << import_kills
            << " during imports; inventory records applied more than once: " << repeated << "\n";

  // The cursors skipped nothing: a delta now exports exactly the products the imports changed.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_FALSE(product_flows.empty());
  for (const auto& name : product_flows) {
    const auto before = test_support::file_lines(dir_ / (name + ".jsonl")).size();
    const auto out = host("run " + (dir_ / (name + ".flow.json")).string());
    ASSERT_EQ(out.exit_code, 0) << out.output;
    const auto lines = test_support::file_lines(dir_ / (name + ".jsonl"));
    std::set<std::string> got;
    for (size_t i = before; i < lines.size(); ++i) got.insert(id_of(lines[i]));
    EXPECT_EQ(lines.size() - before, changed.size()) << name;
    EXPECT_EQ(got, changed) << name;
  }
  EXPECT_EQ(integrity(dir_ / "state" / "state.db"), "ok");
}

}  // namespace
}  // namespace faults_e2e
