// The PostgreSQL backend's connection pool (store/postgresql_database.cpp): many Database objects
// of one process share a bounded number of server connections, a statement inside a transaction
// never waits for the bound, and a connection the server dropped is replaced.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "postgres_test_database.hpp"
#include "store/database.hpp"

namespace {

using host::store::Database;

class StorePostgresqlPool : public ::testing::Test {
 protected:
  // A URI of the test database that no other pool of this process has (the pool is per URI),
  // whose connections name themselves `application`.
  std::string uri_for(const std::string& application) const {
    return database_.uri() + "&application_name=" + application;
  }
  // The server connections of this process's pool for `application`, as the server counts them.
  int64_t backends(const std::string& application) {
    auto db = Database::open_postgresql(uri_for("pool_counter"));
    auto count = db->prepare(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?1 AND pid <>"
        " pg_backend_pid()");
    count.bind(1, application);
    return count.step() ? count.column_int(0) : -1;
  }

  test_support::PostgresTestDatabase database_;
};

TEST_F(StorePostgresqlPool, ManyDatabasesAtWorkAtOnceShareAtMostTheBoundOfConnections) {
  constexpr int kDatabases = 40;
  const std::string uri = uri_for("pool_many");
  std::vector<std::unique_ptr<Database>> dbs;
  dbs.reserve(kDatabases);
  for (int d = 0; d < kDatabases; ++d) dbs.push_back(Database::open_postgresql(uri));
  dbs.front()->exec("CREATE TABLE hits (n BIGINT)");
  std::vector<std::thread> threads;
  threads.reserve(dbs.size());
  for (auto& db : dbs) {
    threads.emplace_back([&db] {
      for (int i = 0; i < 20; ++i) {
        db->transaction([&] { db->prepare("INSERT INTO hits VALUES (?1)").bind(1, i).run(); });
        auto read = db->prepare("SELECT count(*) FROM hits");
        EXPECT_TRUE(read.step());
      }
    });
  }
  for (auto& t : threads) t.join();
  auto count = dbs.front()->prepare("SELECT count(*) FROM hits");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.column_int(0), kDatabases * 20);
  // Every Database is still open: a connection each would be 40.
  const int64_t open = backends("pool_many");
  EXPECT_GE(open, 1);
  EXPECT_LE(open, 16) << "40 Database objects, the default bound of 16";
}

// With a bound of one, a transaction's body that reads through another Database still finishes:
// its thread holds a connection, so it is given another beyond the bound instead of waiting for
// its own to come back.
TEST_F(StorePostgresqlPool, AStatementInsideATransactionIsNeverKeptWaitingByTheBound) {
  ::setenv("CONNECTOR_HOST_PG_CONNECTIONS", "1", 1);
  const std::string uri = uri_for("pool_nested");
  auto outer = Database::open_postgresql(uri);  // the pool reads the bound when it is made
  ::unsetenv("CONNECTOR_HOST_PG_CONNECTIONS");
  auto inner = Database::open_postgresql(uri);
  outer->exec("CREATE TABLE t (n BIGINT)");
  outer->transaction([&] {
    outer->exec("INSERT INTO t VALUES (1)");
    auto read = inner->prepare("SELECT count(*) FROM t");  // not yet committed: 0
    ASSERT_TRUE(read.step());
    EXPECT_EQ(read.column_int(0), 0);
  });
  EXPECT_EQ(backends("pool_nested"), 1) << "the one beyond the bound is closed when given back";
}

// The server ends a pooled connection (a restart, an administrator): the statement that finds
// it dead fails, naming the state, and the next one runs on a new connection.
TEST_F(StorePostgresqlPool, AConnectionTheServerEndedIsReplaced) {
  const std::string uri = uri_for("pool_dropped");
  auto db = Database::open_postgresql(uri);
  db->exec("SELECT 1");
  database_.exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name ="
      " 'pool_dropped'");
  for (int i = 0; i < 100 && backends("pool_dropped") > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(backends("pool_dropped"), 0);
  try {
    db->exec("SELECT 1");
    ADD_FAILURE() << "a statement ran on a connection the server had ended";
  } catch (const host::store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("failed"), std::string::npos) << e.what();
  }
  db->exec("SELECT 1");  // a new connection
  auto one = db->prepare("SELECT 2");
  ASSERT_TRUE(one.step());
  EXPECT_EQ(one.column_int(0), 2);
}

}  // namespace
