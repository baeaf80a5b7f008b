// A state database the host cannot use (garbage bytes, or held under an exclusive lock by another
// process) is reported, naming the file, with exit code 1; it is never silently replaced or
// ignored.
#include <sqlite3.h>

#include <fstream>

#include "faults_fixture.hpp"

namespace faults_e2e {
namespace {

class StateDatabaseTest : public FaultsE2eTest {
 protected:
  void SetUp() override {
    FaultsE2eTest::SetUp();
    options_.shop_count = 1;
    start_sandbox();
    frozen_ = false;
    connect("e2e-shop", *sandbox_);
    flow_ = export_flow("e2e-shop", "orders", "orders", "orders.jsonl",
                        R"(,"window":{"lookback_seconds":3456000,"slice_seconds":3456000})");
    db_path_ = dir_ / "state" / "state.db";
  }

  std::filesystem::path flow_;
  std::filesystem::path db_path_;
};

TEST_F(StateDatabaseTest, GarbageStateDatabaseIsReportedByPathAndExitsOne) {
  ASSERT_EQ(host("run " + flow_.string()).exit_code, 0) << all_output_;
  std::filesystem::remove(db_path_.string() + "-wal");
  std::filesystem::remove(db_path_.string() + "-shm");
  std::string garbage(64 * 1024, '\0');
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919) % 251);
  { std::ofstream(db_path_, std::ios::binary | std::ios::trunc) << garbage; }

  const auto out = host("run " + flow_.string());
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_NE(out.output.find(db_path_.string()), std::string::npos) << out.output;
  // Not replaced by a fresh database behind the user's back.
  EXPECT_EQ(test_support::file_bytes(db_path_), garbage);

  const auto list = host("connection list");
  EXPECT_EQ(list.exit_code, 1) << list.output;
  EXPECT_NE(list.output.find(db_path_.string()), std::string::npos) << list.output;
}

TEST_F(StateDatabaseTest, StateDatabaseLockedByAnotherProcessIsReportedByPathAndExitsOne) {
  ASSERT_EQ(host("run " + flow_.string()).exit_code, 0) << all_output_;
  // This test process is "another process" to the host: it takes the database's exclusive lock
  // (exclusive locking mode, a write transaction left open) and keeps it.
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder,
                         "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;"
                         " CREATE TABLE IF NOT EXISTS lock_holder(x); INSERT INTO lock_holder "
                         "VALUES (1);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(holder);

  const auto out = host("run " + flow_.string());
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_NE(out.output.find(db_path_.string()), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("locked"), std::string::npos) << out.output;

  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  // Once the lock is gone the same command works again.
  const auto again = host("run " + flow_.string());
  EXPECT_EQ(again.exit_code, 0) << again.output;
}

}  // namespace
}  // namespace faults_e2e
