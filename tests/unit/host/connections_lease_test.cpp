// ConnectionLease: a live claim while its holder runs, gone when it ends, and a check() that
// tells the holder to stop once the connection it was taken on is deleted (or replaced).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>

#include "connections_test_files.hpp"
#include "engine/connections/connection_lease.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"
#include "store/database_clock.hpp"
#include "store/oauth_client_store.hpp"
#include "store/run_history.hpp"
#include "store_backends.hpp"
#include "store_saved_connection.hpp"

namespace host::engine {
namespace {

class ConnectionsLease : public test_support::BackendTest<test::ManifestFolder> {
 protected:
  ConnectionsLease() : BackendTest("lease") {}
  void SetUp() override {
    test::ManifestFolder::SetUp();
    db_ = state_.open_connections();
    client_id_ = store::save_oauth_client(*db_, box_, {"app", "acme", "{}", {}});
  }
  void TearDown() override {
    db_.reset();
    test::ManifestFolder::TearDown();
  }

  int64_t save(const std::string& name) {
    return host::testing::save_test_connection(*db_, box_, name, "acme", client_id_);
  }
  store::StateLocation db_path() const { return state_.location(); }

  static store::MasterKey key() {
    std::array<unsigned char, store::MasterKey::kSize> bytes{};
    bytes.fill(3);
    return store::MasterKey(bytes);
  }

  store::SecretBox box_{key()};
  std::unique_ptr<store::Database> db_;
  int64_t client_id_ = 0;
};

TEST_P(ConnectionsLease, ALeaseOnAnAbsentConnectionIsRefusedByName) {
  try {
    ConnectionLease lease(db_path(), "ghost", "run x", {});
    ADD_FAILURE() << "a lease was taken on no connection";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "no connection named ghost");
  }
}

TEST_P(ConnectionsLease, AHeldLeaseIsLiveAndGoneWhenItsHolderEnds) {
  const int64_t id = save("shop");
  {
    ConnectionLease lease(db_path(), "shop", "run orders", {});
    EXPECT_EQ(lease.check(), "");
    const auto live = live_connection_leases(*db_, id);
    ASSERT_EQ(live.size(), 1u);
    EXPECT_EQ(live[0].pid, static_cast<int64_t>(::getpid()));
    EXPECT_EQ(live[0].holder, "run orders");
  }
  EXPECT_TRUE(live_connection_leases(*db_, id).empty());
}

TEST_P(ConnectionsLease, RevokingTellsCheckAndTheHeartbeatToStop) {
  const int64_t id = save("shop");
  std::atomic<bool> told{false};
  std::string why;
  ConnectionLease lease(db_path(), "shop", "listen", [&](const std::string& reason) {
    why = reason;
    told = true;
  });
  revoke_connection_leases(*db_, id);
  EXPECT_NE(lease.check().find("connection shop was deleted while in use"), std::string::npos);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(kLeaseHeartbeatSeconds * 5);
  while (!told && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(told) << "the heartbeat never noticed the revoked lease";
  EXPECT_NE(why.find("connection shop was deleted while in use"), std::string::npos) << why;
}

TEST_P(ConnectionsLease, ADeletedConnectionStopsItsHolder) {
  save("shop");
  ConnectionLease lease(db_path(), "shop", "run", {});
  ASSERT_TRUE(store::delete_connection(*db_, "shop"));
  EXPECT_NE(lease.check().find("connection shop was deleted while in use"), std::string::npos);
}

// As `connection delete --force` does it: revoke, delete, and a new save under the same name.
// (SQLite may give the new row the old id, so the revoked lease row is what tells them apart.)
TEST_P(ConnectionsLease, AConnectionDeletedAndSavedAgainIsAnotherConnection) {
  const int64_t id = save("shop");
  ConnectionLease lease(db_path(), "shop", "run", {});
  revoke_connection_leases(*db_, id);
  ASSERT_TRUE(store::delete_connection(*db_, "shop"));
  save("shop");
  EXPECT_NE(lease.check().find("was deleted while in use"), std::string::npos);
}

TEST_P(ConnectionsLease, RowsOfDeadOrSilentHoldersAreNotLive) {
  const int64_t id = save("shop");
  revoke_connection_leases(*db_, id);  // creates the table
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const auto insert = [&](int64_t pid, int64_t heartbeat_at) {
    db_->prepare(
           "INSERT INTO connection_leases(connection_id, pid, holder, started_at, heartbeat_at)"
           " VALUES (?, ?, 'old', ?, ?)")
        .bind(1, id)
        .bind(2, pid)
        .bind(3, heartbeat_at)
        .bind(4, heartbeat_at)
        .run();
  };
  insert(static_cast<int64_t>(::getpid()), now - kLeaseStaleSeconds - 5);  // silent too long
  insert(0x7ffffff0, now);                                                 // no such process
  EXPECT_TRUE(live_connection_leases(*db_, id).empty());
  insert(static_cast<int64_t>(::getpid()), now);
  EXPECT_EQ(live_connection_leases(*db_, id).size(), 1u);
}

}  // namespace

// A run's lease holds its flow: a second lease on the flow is refused, naming the holder, until
// the first ends; a lease that holds no flow (a test run's) holds back nobody.
TEST_P(ConnectionsLease, AFlowIsHeldByOneLiveLeaseAtATime) {
  save("shop");
  EXPECT_FALSE(live_flow_lease(*db_, "orders").has_value());
  {
    ConnectionLease first(db_path(), "shop", "run orders", {}, FlowHold{"orders", 7});
    const auto held = live_flow_lease(*db_, "orders");
    ASSERT_TRUE(held.has_value());
    EXPECT_EQ(held->run_id, 7);
    EXPECT_EQ(held->pid, static_cast<int64_t>(::getpid()));
    EXPECT_EQ(held->host, store::this_host());
    try {
      ConnectionLease second(db_path(), "shop", "run orders", {}, FlowHold{"orders", 8});
      ADD_FAILURE() << "two leases held one flow";
    } catch (const FlowBusy& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("flow orders is already running: run orders (run 7), pid " +
                          std::to_string(::getpid()) + " on " + store::this_host()),
                std::string::npos)
          << what;
    }
    ConnectionLease preview(db_path(), "shop", "run orders", {}, FlowHold{"", 9});
    ConnectionLease other_flow(db_path(), "shop", "run products", {}, FlowHold{"products", 10});
    EXPECT_EQ(live_flow_lease(*db_, "orders")->run_id, 7);
  }
  EXPECT_FALSE(live_flow_lease(*db_, "orders").has_value());
  ConnectionLease again(db_path(), "shop", "run orders", {}, FlowHold{"orders", 11});
  EXPECT_EQ(live_flow_lease(*db_, "orders")->run_id, 11);
}

// Only its own machine can tell that a holder's pid is gone: another machine's lease holds the
// flow while it beats, whatever its pid, and frees it once silent for kLeaseStaleSeconds; this
// machine's lease of a dead pid frees it at once.
TEST_P(ConnectionsLease, AnotherMachinesLeaseHoldsTheFlowUntilItGoesSilent) {
  const int64_t id = save("shop");
  revoke_connection_leases(*db_, id);  // creates the table
  const std::string now = store::database_now_seconds(*db_);
  const auto insert = [&](const std::string& host, int64_t pid, int64_t silent_for) {
    db_->prepare(
           "INSERT INTO connection_leases(connection_id, pid, holder, started_at,"
           " heartbeat_at, host, flow, run_id) VALUES (?1, ?2, 'run orders', " +
           now + " - ?3, " + now + " - ?3, ?4, 'orders', 5)")
        .bind_all(id, pid, silent_for, host)
        .run();
  };
  constexpr int64_t kNoSuchPid = 0x7ffffff0;
  insert(store::this_host(), kNoSuchPid, 0);
  EXPECT_FALSE(live_flow_lease(*db_, "orders").has_value()) << "a dead pid of this machine";
  insert("machine-far-away", kNoSuchPid, kLeaseStaleSeconds + 2);
  EXPECT_FALSE(live_flow_lease(*db_, "orders").has_value()) << "a silent lease";
  insert("machine-far-away", kNoSuchPid, 1);
  const auto held = live_flow_lease(*db_, "orders");
  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->host, "machine-far-away");
  EXPECT_GE(held->heartbeat_age, 1);
  EXPECT_LE(held->heartbeat_age, 2);
  EXPECT_THROW(ConnectionLease(db_path(), "shop", "run orders", {}, FlowHold{"orders", 6}),
               FlowBusy);
  db_->prepare("UPDATE connection_leases SET heartbeat_at = " + now + " - ?1")
      .bind(1, kLeaseStaleSeconds + 1)
      .run();
  ConnectionLease taken(db_path(), "shop", "run orders", {}, FlowHold{"orders", 6});
  EXPECT_EQ(live_flow_lease(*db_, "orders")->run_id, 6);
}

// Another machine's run holds a lease naming it while it goes: its row reads running while the
// lease beats (or while the run is too young to have taken it), and interrupted once the lease
// is silent or gone; its queued rows read interrupted once the machine holds no lease at all.
TEST_P(ConnectionsLease, AnotherMachinesRunReadsInterruptedOnceItsLeaseIsSilent) {
  const int64_t connection = save("shop");
  store::migrate_run_history(*db_);
  revoke_connection_leases(*db_, connection);  // creates the table
  const auto far_run = [&](const std::string& flow, int64_t age_ms) {
    const int64_t run = store::begin_run(
        *db_, {flow, "/flows/" + flow + ".json", "export", "shop", "s", "delta", "scheduler"});
    db_->prepare(
           "UPDATE flow_runs SET host = 'machine-far-away', pid = 4242,"
           " started_at_ms = started_at_ms - ?2 WHERE id = ?1")
        .bind_all(run, age_ms)
        .run();
    return run;
  };
  const auto lease = [&](int64_t run, int64_t silent_for) {
    const std::string now = store::database_now_seconds(*db_);
    db_->prepare(
           "INSERT INTO connection_leases(connection_id, pid, holder, started_at,"
           " heartbeat_at, host, flow, run_id) VALUES (?1, 4242, 'run x', " +
           now + ", " + now + " - ?2, 'machine-far-away', '', ?3)")
        .bind_all(connection, silent_for, run)
        .run();
  };
  const int64_t beating = far_run("orders", 60'000);
  lease(beating, 1);
  const int64_t silent = far_run("products", 60'000);
  lease(silent, kLeaseStaleSeconds + 2);
  const int64_t without = far_run("returns", 60'000);
  const int64_t young = far_run("packages", 0);

  // Queued rows wait for a worker of their process: while its machine holds a live lease (here
  // `beating`'s), the process is there; a machine that holds none has lost it.
  const auto queued_on = [&](const std::string& machine) {
    const int64_t run = store::begin_queued_run(
        *db_, {"later", "/flows/later.json", "export", "shop", "s", "delta", "scheduler"});
    db_->prepare(
           "UPDATE flow_runs SET host = ?2, pid = 4343, started_at_ms = started_at_ms -"
           " 60000 WHERE id = ?1")
        .bind_all(run, machine)
        .run();
    return run;
  };
  const int64_t waiting = queued_on("machine-far-away");
  const int64_t orphaned = queued_on("machine-gone");

  EXPECT_TRUE(store::find_run(*db_, beating)->running());
  EXPECT_TRUE(store::find_run(*db_, young)->running());
  EXPECT_EQ(store::find_run(*db_, waiting)->outcome, store::kRunQueued);
  const auto gone = store::find_run(*db_, orphaned);
  EXPECT_EQ(gone->outcome, store::kRunInterrupted);
  EXPECT_NE(gone->error.find("(pid 4343 on machine-gone) holds no lease any more"),
            std::string::npos)
      << gone->error;
  for (const int64_t gone : {silent, without}) {
    const auto run = store::find_run(*db_, gone);
    EXPECT_EQ(run->outcome, store::kRunInterrupted) << gone;
    EXPECT_NE(run->error.find("(pid 4242 on machine-far-away) stopped holding its lease"),
              std::string::npos)
        << run->error;
  }
}

STORE_TESTS_ON_BOTH_BACKENDS(ConnectionsLease);

}  // namespace host::engine
