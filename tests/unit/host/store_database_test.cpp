// The state database: pragmas, per-area migrations, transactions, and reported failures; what
// both backends share runs on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "store_backends.hpp"
#include "test_directory.hpp"

namespace {

using host::store::Database;
using host::store::StoreError;

class StoreDatabaseTest : public ::testing::Test {
 protected:
  test_support::TestDirectory scratch_{"store_db"};
  const std::filesystem::path dir_ = scratch_.path();
};

class StoreDatabaseOnBothBackends : public test_support::BackendTest<> {};

// A table for a test, created through a migration so that its column types are portable.
void create(Database& db, std::string_view sql) {
  const std::array<std::string_view, 1> steps = {sql};
  db.migrate("test_" + std::to_string(std::hash<std::string_view>{}(sql)), steps);
}

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

TEST_P(StoreDatabaseOnBothBackends, MigrationsRunOnceAndRecordTheirVersions) {
  constexpr std::array<std::string_view, 2> kSteps = {"CREATE TABLE a(x INTEGER)",
                                                      "INSERT INTO a VALUES (1)"};
  {
    auto db = state_.open();
    db->migrate("area", kSteps);
    db->migrate("area", kSteps);  // a second run changes nothing
    EXPECT_EQ(count(*db, "SELECT count(*) FROM a"), 1);
  }
  auto db = state_.open();
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
TEST_P(StoreDatabaseOnBothBackends, AStepThatDropsATableRunsOnAFreshDatabase) {
  constexpr std::array<std::string_view, 2> kSteps = {
      "CREATE TABLE old_a(x INTEGER)",
      "CREATE TABLE a(x INTEGER); INSERT INTO a SELECT x FROM old_a; DROP TABLE old_a;"};
  auto db = state_.open();
  EXPECT_NO_THROW(db->migrate("area", kSteps));
  EXPECT_EQ(count(*db, "SELECT max(version) FROM schema_migrations WHERE area = 'area'"), 2);
}

TEST_P(StoreDatabaseOnBothBackends, NewMigrationStepsApplyOnTopOfOldOnes) {
  auto db = state_.open();
  constexpr std::array<std::string_view, 1> kV1 = {"CREATE TABLE a(x INTEGER)"};
  constexpr std::array<std::string_view, 2> kV2 = {"CREATE TABLE a(x INTEGER)",
                                                   "ALTER TABLE a ADD COLUMN y TEXT"};
  db->migrate("area", kV1);
  db->migrate("area", kV2);
  db->exec("INSERT INTO a(x, y) VALUES (1, 'y')");
  EXPECT_EQ(count(*db, "SELECT count(*) FROM a WHERE y = 'y'"), 1);
}

TEST_P(StoreDatabaseOnBothBackends, AreasMigrateIndependently) {
  auto db = state_.open();
  constexpr std::array<std::string_view, 1> kOne = {"CREATE TABLE one(x INTEGER)"};
  constexpr std::array<std::string_view, 1> kTwo = {"CREATE TABLE two(x INTEGER)"};
  db->migrate("one", kOne);
  db->migrate("two", kTwo);
  EXPECT_EQ(count(*db, "SELECT count(*) FROM schema_migrations"), 2);
}

TEST_P(StoreDatabaseOnBothBackends, AFailingMigrationIsReportedAndLeavesNoTrace) {
  auto db = state_.open();
  constexpr std::array<std::string_view, 1> kBad = {"CREATE TABLE t(x INTEGER); NOT SQL"};
  EXPECT_THROW(db->migrate("bad", kBad), StoreError);
  EXPECT_FALSE(db->has_table("t"));
  EXPECT_EQ(count(*db, "SELECT count(*) FROM schema_migrations"), 0);
}

TEST_P(StoreDatabaseOnBothBackends, TransactionRollsBackWhenItsBodyThrows) {
  auto db = state_.open();
  create(*db, "CREATE TABLE t(x INTEGER)");
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

TEST_P(StoreDatabaseOnBothBackends, BoundValuesNeverAppearInErrors) {
  auto db = state_.open();
  create(*db, "CREATE TABLE t(x TEXT UNIQUE)");
  db->prepare("INSERT INTO t VALUES (?1)").bind(1, "secret-value-123").run();
  try {
    db->prepare("INSERT INTO t VALUES (?1)").bind(1, "secret-value-123").run();
    FAIL() << "duplicate accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()).find("secret-value-123"), std::string::npos) << e.what();
  }
}

TEST_P(StoreDatabaseOnBothBackends, RowsAreReadColumnByColumnInSelectOrder) {
  auto db = state_.open();
  create(*db, "CREATE TABLE t(id INTEGER, name TEXT, flag INTEGER)");
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

TEST_P(StoreDatabaseOnBothBackends, CountsAndNullableIntegersAreReadIntoTheirTypes) {
  auto db = state_.open();
  create(*db, "CREATE TABLE t(n INTEGER, maybe INTEGER)");
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

// Bytes stay bytes: NUL, high bytes and the empty value, on both backends.
TEST_P(StoreDatabaseOnBothBackends, BytesRoundTripExactly) {
  auto db = state_.open();
  create(*db, "CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB NOT NULL)");
  const std::string bytes("\0\x01\xff\x80 a'\\x", 9);
  db->prepare("INSERT INTO t(b) VALUES (?1)").bind_all(host::store::as_bytes(bytes)).run();
  db->prepare("INSERT INTO t(b) VALUES (?1)").bind_all(host::store::as_bytes("")).run();
  auto select = db->prepare("SELECT id, b FROM t ORDER BY id");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_blob(1), bytes);
  ASSERT_TRUE(select.step());
  EXPECT_TRUE(select.column_blob(1).empty());
  EXPECT_FALSE(select.is_null(1));
}

// "?" in quoted text is text; bare ? are numbered in order; ?N may repeat.
TEST_P(StoreDatabaseOnBothBackends, PlaceholdersAreNumberedOutsideQuotedText) {
  auto db = state_.open();
  auto select = db->prepare("SELECT '?1 and ?', ? || '-' || ?, ?3 + ?3 -- a comment's ? mark\n");
  select.bind(1, "a").bind(2, "b").bind(3, int64_t{20});
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "?1 and ?");
  EXPECT_EQ(select.column_text(1), "a-b");
  EXPECT_EQ(select.column_int(2), 40);
}

// INTEGER PRIMARY KEY assigns ids; RETURNING gives them back; a boolean expression reads as 0/1.
TEST_P(StoreDatabaseOnBothBackends, NewIdsComeBackThroughReturning) {
  auto db = state_.open();
  create(*db, "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)");
  auto insert = db->prepare("INSERT INTO t(name) VALUES (?1) RETURNING id");
  ASSERT_TRUE(insert.bind(1, "a").step());
  const int64_t first = insert.column_int(0);
  insert.reset();
  ASSERT_TRUE(insert.bind(1, "b").step());
  EXPECT_GT(insert.column_int(0), first);
  EXPECT_EQ(count(*db, "SELECT EXISTS(SELECT 1 FROM t WHERE name = 'b')"), 1);
  EXPECT_EQ(count(*db, "SELECT EXISTS(SELECT 1 FROM t WHERE name = 'z')"), 0);
  db->prepare("UPDATE t SET name = 'c' WHERE id >= ?1").bind(1, first).run();
  EXPECT_EQ(db->changes(), 2);
  EXPECT_TRUE(db->has_table("t"));
  EXPECT_FALSE(db->has_table("u"));
}

// Write transactions are serialized on both backends: a second writer waits for the first to
// commit, then sees its row (what read-then-write code relies on).
TEST_P(StoreDatabaseOnBothBackends, ASecondWriteTransactionWaitsForTheFirst) {
  auto first = state_.open();
  create(*first, "CREATE TABLE t(x INTEGER)");
  auto second = state_.open();
  std::atomic<bool> first_inside{false};
  std::atomic<bool> release{false};
  std::thread holder([&] {
    first->transaction([&] {
      first->exec("INSERT INTO t VALUES (1)");
      first_inside = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    });
  });
  while (!first_inside) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::atomic<int64_t> seen{-1};
  std::thread waiter(
      [&] { second->transaction([&] { seen = count(*second, "SELECT count(*) FROM t"); }); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(seen.load(), -1) << "the second writer did not wait";
  release = true;
  holder.join();
  waiter.join();
  EXPECT_EQ(seen.load(), 1);
}

// SQLite keeps text as it is given; PostgreSQL cannot keep a NUL byte or text that is not UTF-8,
// and says so without quoting the value (bytes that must survive both go through bind_blob).
TEST_P(StoreDatabaseOnBothBackends, TextPostgresqlCannotKeepIsRefusedWithAnErrorThatSaysWhy) {
  auto db = state_.open();
  create(*db, "CREATE TABLE t(x TEXT)");
  const std::string with_nul("a\0b", 3);
  const std::string latin1 = "caf\xe9";
  for (const std::string& text : {with_nul, latin1}) {
    if (state_.in_postgresql()) {
      try {
        db->prepare("INSERT INTO t VALUES (?1)").bind(1, text).run();
        FAIL() << "PostgreSQL took text it cannot keep";
      } catch (const StoreError& e) {
        const std::string what = e.what();
        EXPECT_TRUE(what.find("NUL byte") != std::string::npos ||
                    what.find("not UTF-8") != std::string::npos)
            << what;
        EXPECT_EQ(what.find(text), std::string::npos) << what;
      }
    } else {
      db->prepare("INSERT INTO t VALUES (?1)").bind(1, text).run();
      auto select = db->prepare("SELECT x FROM t WHERE x = ?1");
      ASSERT_TRUE(select.bind(1, text).step());
      EXPECT_EQ(select.column_text(0), text);  // whole, NUL included
    }
  }
  db->prepare("INSERT INTO t VALUES (?1)").bind(1, "caf\xc3\xa9").run();
  EXPECT_EQ(count(*db, "SELECT count(*) FROM t WHERE x = 'caf\xc3\xa9'"), 1);
}

STORE_TESTS_ON_BOTH_BACKENDS(StoreDatabaseOnBothBackends);

// A URI's password never reaches a message, also when the server cannot be reached.
TEST(StorePostgresqlUri, APasswordIsMaskedInErrors) {
  EXPECT_EQ(host::store::describe_database_uri("postgresql://u:hunter2@db.example:5432/state"),
            "postgresql://u:***@db.example:5432/state");
  EXPECT_EQ(host::store::describe_database_uri("postgresql:///state?host=/run/pg"),
            "postgresql:///state?host=/run/pg");
  try {
    Database::open_postgresql("postgresql://u:hunter2@127.0.0.1:1/state?connect_timeout=5");
    FAIL() << "connected to port 1";
  } catch (const StoreError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
    EXPECT_NE(what.find("PostgreSQL state postgresql://u:***@127.0.0.1:1/state"), std::string::npos)
        << what;
  }
}

TEST(StorePostgresqlUri, TheStateArgumentIsADirectoryOrAUri) {
  const auto uri = host::store::StateLocation::parse("postgresql://h/db");
  EXPECT_TRUE(uri.in_postgresql());
  EXPECT_TRUE(uri.dir.empty());
  EXPECT_TRUE(host::store::StateLocation::parse("postgres://h/db").in_postgresql());
  const auto dir = host::store::StateLocation::parse("/var/lib/state");
  EXPECT_FALSE(dir.in_postgresql());
  EXPECT_EQ(dir.dir, "/var/lib/state");
}

}  // namespace
