// `connector-host --state postgresql://...`: the whole main job (an OAuth client, a connection,
// its authorization, an export, a delta, an import and its re-run, the run history) against the
// sandbox with every piece of state in a real PostgreSQL 15 database, and nothing in files.
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <set>
#include <thread>

#include "background_process.hpp"
#include "postgres_test_database.hpp"
#include "run_e2e_fixture.hpp"
#include "store/process_alive.hpp"
#include "store/run_history.hpp"

namespace connection_e2e {
namespace {

constexpr const char* kMasterKey =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

class PostgresqlStateE2eTest : public RunE2eTest {
 protected:
  void SetUp() override {
    RunE2eTest::SetUp();
    state_uri_ = database_.uri();
    ::setenv("CONNECTOR_HOST_MASTER_KEY", kMasterKey, 1);
  }
  void TearDown() override {
    ::unsetenv("CONNECTOR_HOST_MASTER_KEY");
    RunE2eTest::TearDown();
  }

  // Every row of every table of the state, as the server prints it (bytes in hex).
  std::string all_rows() {
    auto db = state_db();
    std::string rows;
    auto tables = db->prepare(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
    while (tables.step()) {
      auto select = db->prepare("SELECT t::text FROM " + tables.column_text(0) + " t");
      while (select.step()) rows += select.column_text(0) + "\n";
    }
    return rows;
  }

  // Starts serves [first, end) of `serves` over dir_/flows on this state, all on one fast clock.
  template <size_t N>
  void start_serves(test_support::BackgroundProcess (&serves)[N], size_t first = 0,
                    size_t end = N) {
    if (clock_origin_.empty()) clock_origin_ = std::to_string(std::time(nullptr));
    const std::string& origin = clock_origin_;
    for (size_t i = first; i < end; ++i) {
      std::string error;
      ASSERT_TRUE(serves[i].start(
          {CONNECTOR_HOST_PATH, "--state", state_uri_, "--plugin-dir", CONNECTOR_PLUGIN_DIR,
           "--manifest-dir", MANIFEST_DIR, "serve", "--address", "127.0.0.1:0", "--flow-dir",
           (dir_ / "flows").string(), "--test-clock-speed", "60", "--test-clock-origin", origin},
          dir_ / ("serve-" + std::to_string(i) + ".log"), "listening on", std::chrono::seconds(30),
          &error))
          << error;
    }
  }

  // The first column of the first row `sql` gives on `db`, or -1 when it gives none.
  static int64_t first_number(host::store::Database& db, const std::string& sql) {
    auto select = db.prepare(sql);
    return select.step() ? select.column_int(0) : -1;
  }
  // Asks `done` every 100 ms until it holds or `seconds` pass; its last answer.
  static bool wait_until(const std::function<bool()>& done, int seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
  }

  test_support::PostgresTestDatabase database_;
  std::string clock_origin_;  // the serves' clock's
};

TEST_F(PostgresqlStateE2eTest, TheMainJobKeepsAllItsStateInPostgresql) {
  start_and_authorize();

  const auto first = host("run " + orders_flow().string());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("exported 240 records"), std::string::npos) << first.output;
  const auto lines = test_support::file_lines(dir_ / "orders.jsonl");
  std::set<std::string> ids;
  for (const auto& l : lines) ids.insert(id_of(l));
  EXPECT_EQ(lines.size(), 240u);
  EXPECT_EQ(ids.size(), 240u);
  // The cursor is in the database: the next delta finds nothing new.
  const auto again = host("run " + orders_flow().string() + " --mode delta");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("exported 0 records"), std::string::npos) << again.output;

  // An import and its re-run: the ledger is in the database too.
  ASSERT_EQ(host("run " + products_flow().string()).exit_code, 0) << all_output_;
  write_inventory_input(5, 42);
  const auto import = host("run " + inventory_flow().string());
  ASSERT_EQ(import.exit_code, 0) << import.output;
  const auto before = sandbox_->stats().requests_total;
  const auto rerun = host("run " + inventory_flow().string());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_EQ(sandbox_->stats().requests_total - before, 0u)
      << "a re-run sent records the ledger holds as applied\n"
      << rerun.output;

  const auto runs = host("runs list");
  ASSERT_EQ(runs.exit_code, 0) << runs.output;
  EXPECT_NE(runs.output.find("orders"), std::string::npos) << runs.output;
  EXPECT_NE(runs.output.find("inventory"), std::string::npos) << runs.output;

  // Nothing went to a state directory; no secret is in the database in clear.
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state"));
  const auto summary = token_summary("e2e-shop");
  ASSERT_TRUE(summary.has_value());
  const std::string rows = all_rows();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.find(kAppSecret), std::string::npos);
  EXPECT_EQ(all_output_.find(kAppSecret), std::string::npos);
  EXPECT_EQ(all_output_.find(kMasterKey), std::string::npos);
}

// An export into a table of the state database: every order once, keyed by (connection, shop,
// id), the record as JSONB and update_time as a column, the cursor beside it.
TEST_F(PostgresqlStateE2eTest, AnExportIntoATableHoldsEachOrderOnceWithItsCursorBesideIt) {
  start_and_authorize();
  const auto path =
      flow("orders-table.json", R"("name":"orders-table","kind":"export","resource":"orders",)"
                                R"("page_size":100,"window":{"lookback_seconds":3456000,)"
                                R"("slice_seconds":864000},"output_table":"tiktok_orders")");
  const auto first = host("run " + path.string());
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("exported 240 records to table tiktok_orders in PostgreSQL state"),
            std::string::npos)
      << first.output;
  auto db = state_db();
  const auto scalar = [&](const std::string& sql) {
    auto select = db->prepare(sql);
    EXPECT_TRUE(select.step()) << sql;
    return select.column_int(0);
  };
  EXPECT_EQ(scalar("SELECT count(*) FROM tiktok_orders"), 240);
  EXPECT_EQ(scalar("SELECT count(DISTINCT key) FROM tiktok_orders"), 240);
  EXPECT_EQ(scalar("SELECT count(*) FROM tiktok_orders WHERE record->>'id' = key"
                   " AND update_time = (record->>'update_time')::bigint"
                   " AND connection = 'e2e-shop' AND shop = '" +
                   shop_ + "'"),
            240);
  const int64_t cursor =
      scalar("SELECT cursor FROM export_tables WHERE table_name = 'tiktok_orders'");
  EXPECT_GT(cursor, 0);
  EXPECT_EQ(
      scalar("SELECT count(*) FROM tiktok_orders WHERE update_time >= " + std::to_string(cursor)),
      0);

  const auto again = host("run " + path.string());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("exported 0 records"), std::string::npos) << again.output;
  const auto all = host("run " + path.string() + " --mode all");
  ASSERT_EQ(all.exit_code, 0) << all.output;
  EXPECT_EQ(scalar("SELECT count(*) FROM tiktok_orders"), 240);

  // Mode test previews into a file beside the manifest; the table is not touched.
  const auto preview = host("run " + path.string() + " --mode test --limit 5");
  ASSERT_EQ(preview.exit_code, 0) << preview.output;
  EXPECT_EQ(test_support::file_lines(dir_ / "tiktok_orders.test.jsonl").size(), 5u);
  EXPECT_EQ(scalar("SELECT count(*) FROM tiktok_orders"), 240);

  // The state's own tables are not a destination.
  const auto own =
      host("run " + flow("own.json", R"("name":"own","kind":"export","resource":"orders",)"
                                     R"("output_table":"connections")")
                        .string());
  EXPECT_NE(own.exit_code, 0) << own.output;
  EXPECT_NE(own.output.find("table connections exists"), std::string::npos) << own.output;
}

// Two serve processes on one state in PostgreSQL, one clock: every scheduled fire is claimed by
// one of them and runs once (runs == claimed fires, not twice that); after one is SIGKILLed the
// other takes every later fire; the table the flow exports into holds each order exactly once.
TEST_F(PostgresqlStateE2eTest, TwoServesSharingTheStateRunEachFireOnceAndOneCarriesOnAlone) {
  start_and_authorize();
  std::filesystem::create_directories(dir_ / "flows");
  flow("flows/orders.json",
       R"("name":"orders","kind":"export","resource":"orders","page_size":100,)"
       R"("window":{"lookback_seconds":3456000,"slice_seconds":864000},)"
       R"("schedule":{"every_seconds":60,"jitter_seconds":0},"output_table":"shared_orders")");
  test_support::BackgroundProcess serves[2];
  ASSERT_NO_FATAL_FAILURE(start_serves(serves));
  auto db = state_db();
  host::store::migrate_run_history(*db);  // the tables, before the first run makes them
  const auto scalar = [&](const std::string& sql) {
    auto select = db->prepare(sql);
    EXPECT_TRUE(select.step()) << sql;
    return select.column_int(0);
  };
  const auto wait_for_runs = [&](const std::string& where, int64_t rows) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (scalar("SELECT count(*) FROM flow_runs WHERE flow = 'orders' AND ended_at_ms IS NOT "
                  "NULL" +
                  where) < rows &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  };
  wait_for_runs("", 5);
  serves[0].kill();
  const int64_t killed_ms = static_cast<int64_t>(std::time(nullptr)) * 1000;
  const std::string survivor = std::to_string(serves[1].pid());
  wait_for_runs(" AND started_at_ms > " + std::to_string(killed_ms + 1000), 4);
  ASSERT_EQ(serves[1].stop(), 0);

  const int64_t fires = scalar("SELECT count(*) FROM schedule_fires WHERE flow = 'orders'");
  const int64_t runs = scalar("SELECT count(*) FROM flow_runs WHERE flow = 'orders'");
  EXPECT_GE(fires, 9);
  // One run per fire, but the killed serve may have died between claiming a fire and recording
  // its run (that fire is lost; the next covers it): the survivor's fires each ran once there.
  EXPECT_LE(runs, fires) << "a fire ran on both serves";
  EXPECT_GE(runs, fires - 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM flow_runs WHERE pid = " + survivor),
            scalar("SELECT count(*) FROM schedule_fires WHERE claimed_by = '" +
                   host::store::this_host() + ":" + survivor + "'"));
  // After the kill (and a second for a fire in flight), every run is the survivor's.
  EXPECT_GE(scalar("SELECT count(*) FROM flow_runs WHERE flow = 'orders' AND started_at_ms > " +
                   std::to_string(killed_ms + 1000)),
            4);
  EXPECT_EQ(scalar("SELECT count(*) FROM flow_runs WHERE flow = 'orders' AND started_at_ms > " +
                   std::to_string(killed_ms + 1000) + " AND pid <> " + survivor),
            0);
  EXPECT_EQ(scalar("SELECT count(*) FROM flow_runs WHERE flow = 'orders' AND outcome NOT IN"
                   " ('succeeded', 'nothing_to_do', 'skipped', 'interrupted')"),
            0);
  EXPECT_EQ(scalar("SELECT count(*) FROM shared_orders"), 240);
  EXPECT_EQ(scalar("SELECT count(DISTINCT key) FROM shared_orders"), 240);
}

// Two `connector-host run` processes exporting one shop at once, each allowed the shop's whole
// budget (10/s on orders.search): through the PostgreSQL state they share it (rate_shares.hpp),
// so the sandbox answers none of their requests with its rate-limit code.
TEST_F(PostgresqlStateE2eTest, TwoProcessesExportingOneShopStayUnderItsLimitTogether) {
  options_.rate_limit_per_second = 10;
  start_and_authorize();
  const auto first = paced_orders_flow("orders-a", 10);
  const auto second = paced_orders_flow("orders-b", 10);
  const auto before = sandbox_->stats().requests_total;
  test_support::CommandOutput a;
  test_support::CommandOutput b;
  const auto run = [&](const std::filesystem::path& flow_file) {
    return test_support::run_command(test_support::connector_host_command(
        "'" + state_uri_ + "'", "run " + flow_file.string() + " --mode all"));
  };
  std::thread other([&] { b = run(second); });
  a = run(first);
  other.join();
  ASSERT_EQ(a.exit_code, 0) << a.output;
  ASSERT_EQ(b.exit_code, 0) << b.output;
  EXPECT_NE(a.output.find("exported 240 records"), std::string::npos) << a.output;
  EXPECT_NE(b.output.find("exported 240 records"), std::string::npos) << b.output;
  const auto stats = sandbox_->stats();
  EXPECT_GE(stats.requests_total - before, 40U) << "enough requests to exceed a lone budget";
  const auto limited = stats.rejected_by_code.find(36009002);
  EXPECT_EQ(limited == stats.rejected_by_code.end() ? 0U : limited->second, 0U)
      << "requests above the sandbox's limit\n"
      << a.output << b.output;
}

// Three serve processes on one PostgreSQL state, 30 shops each exported every (fast) minute into
// a table of its own, 20 ms of latency on every answer; one serve is SIGKILLed while exports are
// going. Every table ends with exactly its shop's 240 orders, no fire ran twice, and no request
// went above a shop's limit.
TEST_F(PostgresqlStateE2eTest, ThreeServesOnThirtyShopsEndWithEveryOrderOnceWhenOneIsKilled) {
  options_.shop_count = 30;
  options_.faults.latency_rate = 1;
  options_.faults.latency_ms = 20;
  // Tokens that expire every few seconds: the three serves refresh the one connection's together.
  constexpr int64_t kTokenLifetime = 4;
  options_.access_token_lifetime = kTokenLifetime;
  start_and_authorize();
  const auto started = std::chrono::steady_clock::now();
  const auto shops = sandbox_->shops();
  ASSERT_GE(shops.size(), 30U);
  std::filesystem::create_directories(dir_ / "flows");
  for (size_t k = 0; k < 30; ++k) {
    const std::string n = std::to_string(k);
    std::string manifest = R"({"connection":"e2e-shop","shop":")";
    manifest.append(shops[k].id).append(R"(","name":"orders-)").append(n);
    manifest.append(R"(","kind":"export","resource":"orders","page_size":20,)");
    manifest.append(R"("window":{"lookback_seconds":3456000,"slice_seconds":864000},)");
    manifest.append(
        R"("schedule":{"every_seconds":60,"jitter_seconds":0},"output_table":"orders_)");
    manifest.append(n).append("\"}");
    test_support::write_file(dir_ / "flows" / ("orders-" + n + ".json"), manifest);
  }
  test_support::BackgroundProcess serves[3];
  ASSERT_NO_FATAL_FAILURE(start_serves(serves));
  auto db = state_db();
  host::store::migrate_run_history(*db);
  const auto scalar = [&](const std::string& sql) { return first_number(*db, sql); };
  // Kill one while the first exports are under way.
  ASSERT_TRUE(wait_until([&] { return scalar("SELECT count(*) FROM flow_runs") >= 10; }, 60));
  serves[0].kill();
  const auto complete = [&] {
    for (int k = 0; k < 30; ++k) {
      const std::string table = "orders_" + std::to_string(k);
      if (!db->has_table(table) || scalar("SELECT count(*) FROM " + table) < 240) return false;
    }
    return true;
  };
  EXPECT_TRUE(wait_until(complete, 90));
  ASSERT_EQ(serves[1].stop(), 0);
  ASSERT_EQ(serves[2].stop(), 0);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto refreshed = sandbox_->stats().requests_by_endpoint["token.refresh"];

  for (int k = 0; k < 30; ++k) {
    const std::string table = "orders_" + std::to_string(k);
    ASSERT_TRUE(db->has_table(table)) << table;
    EXPECT_EQ(scalar("SELECT count(*) FROM " + table), 240) << table;
    EXPECT_EQ(scalar("SELECT count(DISTINCT key) FROM " + table), 240) << table;
    EXPECT_EQ(scalar("SELECT count(DISTINCT shop) FROM " + table), 1) << table;
  }
  // Each fire a surviving serve claimed ran once there; the killed one may have died between
  // claiming a fire and recording its run (that fire is lost, the next covers it).
  const std::string survivors =
      std::to_string(serves[1].pid()) + ", " + std::to_string(serves[2].pid());
  const std::string claimants =
      "'" + host::store::this_host() + ":" + std::to_string(serves[1].pid()) + "', '" +
      host::store::this_host() + ":" + std::to_string(serves[2].pid()) + "'";
  EXPECT_EQ(scalar("SELECT count(*) FROM flow_runs WHERE pid IN (" + survivors + ")"),
            scalar("SELECT count(*) FROM schedule_fires WHERE claimed_by IN (" + claimants + ")"))
      << "a fire ran twice, or not at all, on a serve that lived";
  EXPECT_LE(scalar("SELECT count(*) FROM flow_runs"),
            scalar("SELECT count(*) FROM schedule_fires"));
  const auto stats = sandbox_->stats();
  const auto limited = stats.rejected_by_code.find(36009002);
  EXPECT_EQ(limited == stats.rejected_by_code.end() ? 0U : limited->second, 0U);
  // One refresh per expiry, whichever serve found it first: a token is refreshed a quarter of
  // its life before it ends (token_lifecycle.hpp), so at most one every 3 s, and not one per serve.
  EXPECT_GE(refreshed, 1U);
  constexpr double kRefreshEvery = static_cast<double>(kTokenLifetime) * 3 / 4;
  EXPECT_LE(static_cast<double>(refreshed), seconds / kRefreshEvery + 2)
      << refreshed << " refreshes in " << seconds << " s";

  // The same exports of three shops by one fault-free run each hold the very same rows.
  for (const int k : {0, 14, 29}) {
    const std::string n = std::to_string(k);
    std::string manifest = R"({"connection":"e2e-shop","shop":")";
    manifest.append(shops[static_cast<size_t>(k)].id).append(R"(","name":"reference-)").append(n);
    manifest.append(R"(","kind":"export","resource":"orders","page_size":20,)");
    manifest.append(R"("window":{"lookback_seconds":3456000,"slice_seconds":864000},)");
    manifest.append(R"("output_table":"reference_)").append(n).append("\"}");
    const auto reference = dir_ / ("reference-" + n + ".json");
    test_support::write_file(reference, manifest);
    const auto ran = test_support::run_command(test_support::connector_host_command(
        "'" + state_uri_ + "'", "run " + reference.string() + " --mode all"));
    ASSERT_EQ(ran.exit_code, 0) << ran.output;
    std::string differing = "SELECT count(*) FROM reference_";
    differing.append(n).append(" r FULL JOIN orders_").append(n);
    differing.append(" o ON o.key = r.key AND o.record = r.record");
    differing.append(" WHERE o.key IS NULL OR r.key IS NULL");
    EXPECT_EQ(scalar(differing), 0) << "orders_" << n << " differs from a fault-free run's";
  }
}

// Two serves on two machines (as CONNECTOR_HOST_MACHINE_ID tells them apart) share one state; the
// one running a slow export is SIGKILLed mid-run. Its pid means nothing to the other machine, so
// the flow stays held until its lease goes silent: meanwhile every fire of the other serve is
// skipped naming the holder, never run beside it. Then the other serve takes the flow, resumes
// from the killed run's last commit (its cursor, and the slices it finished past the cursor),
// and exports exactly the rest: the table holds every order once, the killed run reads as
// interrupted, and no two runs of the flow overlapped.
// machine-a leads a slow export and is killed; machine-b, started after the kill, finds the flow
// still held (its lease is not silent yet), helps by paging the slices of machine-a's plan that
// nobody holds, then the slices machine-a held once their claims go silent, and takes the flow
// over once its lease does.
TEST_F(PostgresqlStateE2eTest, ADeadMachinesSlicesAreSharedAtOnceAndItsHeldOnesOnceSilent) {
  start_and_authorize();
  std::filesystem::create_directories(dir_ / "flows");
  flow("flows/orders.json",
       R"("name":"orders","kind":"export","resource":"orders","page_size":10,"concurrency":4,)"
       R"("rate_limit_per_second":4,"window":{"lookback_seconds":3456000,"slice_seconds":172800},)"
       R"("schedule":{"every_seconds":60,"jitter_seconds":0},"output_table":"taken_orders")");
  test_support::BackgroundProcess serves[2];
  ::setenv(host::store::kMachineIdEnv, "machine-a", 1);
  ASSERT_NO_FATAL_FAILURE(start_serves(serves, 0, 1));
  auto db = state_db();
  host::store::migrate_run_history(*db);
  const auto scalar = [&](const std::string& sql) { return first_number(*db, sql); };
  const auto rows = [&] {
    return db->has_table("taken_orders") ? scalar("SELECT count(*) FROM taken_orders") : 0;
  };
  ASSERT_TRUE(wait_until([&] { return rows() > 0; }, 60)) << "machine-a never exported";
  ASSERT_LT(rows(), 240) << "the export ended before the kill; slow it down";
  const int64_t pid_a = serves[0].pid();
  serves[0].kill();
  const int64_t killed_ms = static_cast<int64_t>(std::time(nullptr)) * 1000;
  // A COMMIT the killed serve had sent still completes on the server: let it.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const int64_t rows_at_kill = rows();
  const int64_t held_at_kill = scalar(
      "SELECT count(*) FROM export_table_slices WHERE table_name = 'taken_orders' AND holder <> "
      "''");
  const int64_t free_at_kill = scalar(
      "SELECT count(*) FROM export_table_slices WHERE table_name = 'taken_orders' AND holder = ''");
  ::setenv(host::store::kMachineIdEnv, "machine-b", 1);
  ASSERT_NO_FATAL_FAILURE(start_serves(serves, 1, 2));
  ::unsetenv(host::store::kMachineIdEnv);
  const int64_t pid_b = serves[1].pid();
  EXPECT_TRUE(wait_until([&] { return rows() == 240; }, 90)) << rows() << " rows";
  EXPECT_TRUE(wait_until(
      [&] {
        return scalar(
                   "SELECT count(*) FROM flow_runs WHERE flow = 'orders' AND outcome ="
                   " 'succeeded' AND started_by = 'scheduler'") > 0;
      },
      30));
  ASSERT_EQ(serves[1].stop(), 0);

  EXPECT_EQ(scalar("SELECT count(DISTINCT key) FROM taken_orders"), 240);
  EXPECT_EQ(scalar("SELECT count(*) FROM export_table_slices"), 0) << "the board is left over";
  // The reads of the run history settle machine-a's row: its lease is silent.
  const auto runs = host::store::list_runs(*db, {.flow = "orders", .limit = 1000});
  std::vector<host::store::RunRecord> ran;  // oldest first, those that did something
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    if (it->outcome != "skipped" && it->outcome != "nothing_to_do") ran.push_back(*it);
  }
  ASSERT_GE(ran.size(), 2U);
  EXPECT_EQ(ran.front().pid, pid_a);
  EXPECT_EQ(ran.front().outcome, "interrupted");
  EXPECT_NE(ran.front().error.find("on machine-a) stopped holding its lease"), std::string::npos)
      << ran.front().error;
  const std::string helping = "scheduler, helping run " + std::to_string(ran.front().id);
  uint64_t records_b = 0;
  const host::store::RunRecord* first_help = nullptr;
  const host::store::RunRecord* lead_b = nullptr;
  for (size_t i = 1; i < ran.size(); ++i) {
    const auto& r = ran[i];
    EXPECT_EQ(r.pid, pid_b);
    EXPECT_EQ(r.outcome, "succeeded") << r.error;
    records_b += r.counts.records;
    if (r.start.started_by == helping && first_help == nullptr) first_help = &r;
    if (r.start.started_by == "scheduler" && lead_b == nullptr) lead_b = &r;
    ASSERT_TRUE(ran[i - 1].ended_at_ms.has_value());
    if (i > 1) {
      EXPECT_GE(r.started_at_ms, *ran[i - 1].ended_at_ms)
          << "machine-b's runs " << ran[i - 1].id << " and " << r.id << " overlapped";
    }
  }
  // machine-b helped while machine-a's lease was still live, with the slices nobody held.
  ASSERT_NE(first_help, nullptr) << "machine-b never helped machine-a's run";
  EXPECT_LT(first_help->started_at_ms, killed_ms + host::store::kLeaseStaleSeconds * 1000);
  if (free_at_kill > 0) EXPECT_GT(first_help->counts.records, 0U);
  // It led a run of its own only once the lease was silent.
  ASSERT_NE(lead_b, nullptr);
  EXPECT_GE(lead_b->started_at_ms, killed_ms + (host::store::kLeaseStaleSeconds - 3) * 1000);
  // Together machine-b exported exactly what machine-a had not committed: no slice done twice,
  // none lost.
  EXPECT_EQ(records_b, static_cast<uint64_t>(240 - rows_at_kill))
      << held_at_kill << " slices held and " << free_at_kill << " free at the kill";
}

TEST_F(PostgresqlStateE2eTest, WithoutTheKeyInTheEnvironmentNothingIsOpenedAndTheFixIsNamed) {
  start_and_authorize();
  ::unsetenv("CONNECTOR_HOST_MASTER_KEY");
  const auto out = host("connection test e2e-shop");
  EXPECT_NE(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("CONNECTOR_HOST_MASTER_KEY"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("PostgreSQL"), std::string::npos) << out.output;

  // A wrong key is refused by the key check recorded in the database.
  ::setenv("CONNECTOR_HOST_MASTER_KEY", std::string(64, 'c').c_str(), 1);
  const auto wrong = host("connection test e2e-shop");
  EXPECT_NE(wrong.exit_code, 0) << wrong.output;
  EXPECT_NE(wrong.output.find("is not the key of PostgreSQL state"), std::string::npos)
      << wrong.output;
}

// state rekey on a PostgreSQL state: every secret re-sealed in one transaction under the key in
// CONNECTOR_HOST_NEW_MASTER_KEY; from then on the old key is refused and the new one opens all.
TEST_F(PostgresqlStateE2eTest, RekeyReSealsEverySecretUnderTheNewKey) {
  start_and_authorize();
  const std::string next(64, 'd');
  ::setenv("CONNECTOR_HOST_NEW_MASTER_KEY", next.c_str(), 1);
  const auto rekey = host("state rekey");
  ::unsetenv("CONNECTOR_HOST_NEW_MASTER_KEY");
  ASSERT_EQ(rekey.exit_code, 0) << rekey.output;
  EXPECT_NE(rekey.output.find("re-encrypted"), std::string::npos) << rekey.output;
  const auto old_key = host("connection test e2e-shop");
  EXPECT_NE(old_key.exit_code, 0) << old_key.output;
  EXPECT_NE(old_key.output.find("is not the key of PostgreSQL state"), std::string::npos)
      << old_key.output;
  ::setenv("CONNECTOR_HOST_MASTER_KEY", next.c_str(), 1);
  const auto new_key = host("connection test e2e-shop");
  EXPECT_EQ(new_key.exit_code, 0) << new_key.output;
  EXPECT_EQ(all_output_.find(next), std::string::npos);
}

TEST_F(PostgresqlStateE2eTest, BackupNamesPgDumpAndAnUnreachableServerIsNamedWithoutItsPassword) {
  const auto backup = host("state backup " + (dir_ / "copy.db").string());
  EXPECT_NE(backup.exit_code, 0) << backup.output;
  EXPECT_NE(backup.output.find("pg_dump"), std::string::npos) << backup.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "copy.db"));

  state_uri_ = "postgresql://someone:pw-7d1e@127.0.0.1:1/state?connect_timeout=5";
  const auto unreachable = host("connection list");
  EXPECT_NE(unreachable.exit_code, 0) << unreachable.output;
  EXPECT_NE(unreachable.output.find("postgresql://someone:***@127.0.0.1:1/state"),
            std::string::npos)
      << unreachable.output;
  EXPECT_EQ(unreachable.output.find("pw-7d1e"), std::string::npos) << unreachable.output;
}

}  // namespace
}  // namespace connection_e2e
