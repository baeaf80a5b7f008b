// The state database: pragmas, per-area migrations, transactions, and reported failures.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "test_directory.hpp"

namespace {

using host::store::Database;
using host::store::StoreError;

class StoreDatabaseTest : public ::testing::Test {
 protected:
  test_support::TestDirectory scratch_{"store_db"};
  const std::filesystem::path dir_ = scratch_.path();
};

int64_t count(Database& db, std::string_view sql) {
  auto st = db.prepare(sql);
  EXPECT_TRUE(st.step());
  return st.column_int(0);
}

TEST_F(StoreDatabaseTest, OpensInWalModeWithFullSync) {
  auto db = Database::open(dir_ / "state.db");
  auto mode = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.column_text(0), "wal");
  EXPECT_EQ(count(*db, "PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(count(*db, "PRAGMA foreign_keys"), 1);
}

TEST_F(StoreDatabaseTest, MigrationsRunOnceAndRecordTheirVersions) {
  constexpr std::array<std::string_view, 2> kSteps = {"CREATE TABLE a(x INTEGER)",
                                                      "INSERT INTO a VALUES (1)"};
  {
    auto db = Database::open(dir_ / "state.db");
    db->migrate("area", kSteps);
    db->migrate("area", kSteps);  // a second run changes nothing
    EXPECT_EQ(count(*db, "SELECT count(*) FROM a"), 1);
  }
  auto db = Database::open(dir_ / "state.db");
  db->migrate("area", kSteps);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM a"), 1);
  EXPECT_EQ(count(*db, "SELECT max(version) FROM schema_migrations WHERE area = 'area'"), 2);
}

// Every command and run opens the state and migrates every area; with another process writing
// at that moment (a run committing its cursor), a database already up to date must open without
// waiting for the write lock (and failing with "database is locked" after the busy timeout).
TEST_F(StoreDatabaseTest, AnUpToDateAreaMigratesWithoutTheWriteLock) {
  constexpr std::array<std::string_view, 1> kSteps = {"CREATE TABLE a(x INTEGER)"};
  Database::open(dir_ / "state.db")->migrate("area", kSteps);
  auto writer = Database::open(dir_ / "state.db");
  writer->exec("BEGIN IMMEDIATE");
  writer->exec("INSERT INTO a VALUES (1)");
  auto reader = Database::open(dir_ / "state.db");
  EXPECT_NO_THROW(reader->migrate("area", kSteps));
  writer->exec("COMMIT");
}

// The up-to-date check above reads before the steps run; a later step that drops a table (the
// engine_export area's second step does) must not meet that read still open ("database table
// is locked").
TEST_F(StoreDatabaseTest, AStepThatDropsATableRunsOnAFreshDatabase) {
  constexpr std::array<std::string_view, 2> kSteps = {
      "CREATE TABLE old_a(x INTEGER)",
      "CREATE TABLE a(x INTEGER); INSERT INTO a SELECT x FROM old_a; DROP TABLE old_a;"};
  auto db = Database::open(dir_ / "state.db");
  EXPECT_NO_THROW(db->migrate("area", kSteps));
  EXPECT_EQ(count(*db, "SELECT max(version) FROM schema_migrations WHERE area = 'area'"), 2);
}

TEST_F(StoreDatabaseTest, NewMigrationStepsApplyOnTopOfOldOnes) {
  auto db = Database::open(dir_ / "state.db");
  constexpr std::array<std::string_view, 1> kV1 = {"CREATE TABLE a(x INTEGER)"};
  constexpr std::array<std::string_view, 2> kV2 = {"CREATE TABLE a(x INTEGER)",
                                                   "ALTER TABLE a ADD COLUMN y TEXT"};
  db->migrate("area", kV1);
  db->migrate("area", kV2);
  db->exec("INSERT INTO a(x, y) VALUES (1, 'y')");
  EXPECT_EQ(count(*db, "SELECT count(*) FROM a WHERE y = 'y'"), 1);
}

TEST_F(StoreDatabaseTest, AreasMigrateIndependently) {
  auto db = Database::open(dir_ / "state.db");
  constexpr std::array<std::string_view, 1> kOne = {"CREATE TABLE one(x)"};
  constexpr std::array<std::string_view, 1> kTwo = {"CREATE TABLE two(x)"};
  db->migrate("one", kOne);
  db->migrate("two", kTwo);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM schema_migrations"), 2);
}

TEST_F(StoreDatabaseTest, AFailingMigrationIsReportedAndLeavesNoTrace) {
  auto db = Database::open(dir_ / "state.db");
  constexpr std::array<std::string_view, 1> kBad = {"CREATE TABLE t(x); NOT SQL"};
  EXPECT_THROW(db->migrate("bad", kBad), StoreError);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM sqlite_master WHERE name = 't'"), 0);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM schema_migrations"), 0);
}

TEST_F(StoreDatabaseTest, TransactionRollsBackWhenItsBodyThrows) {
  auto db = Database::open(dir_ / "state.db");
  db->exec("CREATE TABLE t(x INTEGER)");
  EXPECT_THROW(db->transaction([&] {
    db->exec("INSERT INTO t VALUES (1)");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t"), 0);
  db->transaction([&] { db->exec("INSERT INTO t VALUES (2)"); });
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t"), 1);
}

TEST_F(StoreDatabaseTest, AFileThatIsNotADatabaseIsReportedWithItsPath) {
  const auto path = dir_ / "state.db";
  std::ofstream(path) << std::string(4096, 'x');
  try {
    Database::open(path);
    FAIL() << "opened garbage";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

TEST_F(StoreDatabaseTest, BoundValuesNeverAppearInErrors) {
  auto db = Database::open(dir_ / "state.db");
  db->exec("CREATE TABLE t(x TEXT UNIQUE)");
  db->prepare("INSERT INTO t VALUES (?1)").bind(1, "secret-value-123").run();
  try {
    db->prepare("INSERT INTO t VALUES (?1)").bind(1, "secret-value-123").run();
    FAIL() << "duplicate accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()).find("secret-value-123"), std::string::npos) << e.what();
  }
}

TEST_F(StoreDatabaseTest, RowsAreReadColumnByColumnInSelectOrder) {
  auto db = Database::open(dir_ / "state.db");
  db->exec("CREATE TABLE t(id INTEGER, name TEXT, flag INTEGER)");
  db->exec("INSERT INTO t VALUES (2, 'b', 0), (1, 'a', 7)");
  struct Row {
    int64_t id = 0;
    std::string name;
    bool flag = false;
  };
  const auto read = [](const host::store::Statement& row) {
    Row r;
    host::store::read_columns(row, r.id, r.name, r.flag);
    return r;
  };
  auto all = db->prepare("SELECT id, name, flag FROM t ORDER BY id");
  const std::vector<Row> rows = host::store::read_rows(all, read);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, 1);
  EXPECT_EQ(rows[0].name, "a");
  EXPECT_TRUE(rows[0].flag);  // any non-zero integer
  EXPECT_EQ(rows[1].id, 2);
  EXPECT_EQ(rows[1].name, "b");
  EXPECT_FALSE(rows[1].flag);

  auto one = db->prepare("SELECT id, name, flag FROM t WHERE name = ?1");
  one.bind(1, "b");
  const std::optional<Row> found = host::store::read_first_row(one, read);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, 2);
  auto none = db->prepare("SELECT id, name, flag FROM t WHERE name = ?1");
  none.bind(1, "zz");
  EXPECT_FALSE(host::store::read_first_row(none, read).has_value());
}

TEST_F(StoreDatabaseTest, CountsAndNullableIntegersAreReadIntoTheirTypes) {
  auto db = Database::open(dir_ / "state.db");
  db->exec("CREATE TABLE t(n INTEGER, maybe INTEGER)");
  db->exec("INSERT INTO t VALUES (5000000000, NULL), (3, -4)");
  auto select = db->prepare("SELECT n, maybe FROM t ORDER BY n");
  uint64_t count = 0;
  std::optional<int64_t> maybe = 99;  // a NULL resets what the field held
  ASSERT_TRUE(select.step());
  host::store::read_columns(select, count, maybe);
  EXPECT_EQ(count, 3u);
  EXPECT_EQ(maybe, -4);
  ASSERT_TRUE(select.step());
  host::store::read_columns(select, count, maybe);
  EXPECT_EQ(count, 5'000'000'000u);
  EXPECT_EQ(maybe, std::nullopt);
}

}  // namespace
