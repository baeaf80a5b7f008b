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
#include "store/oauth_client_store.hpp"
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

STORE_TESTS_ON_BOTH_BACKENDS(ConnectionsLease);

}  // namespace host::engine
