// A backup of the state database (store/state_backup.hpp) taken while another process writes
// to it is one consistent state: every transaction either wholly in it or not at all.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>

#include "store/database.hpp"
#include "store/state_backup.hpp"
#include "test_directory.hpp"

namespace {

using namespace host::store;

class StateBackupTest : public ::testing::Test {
 protected:
  test_support::TestDirectory scratch_{"state_backup"};
  const std::filesystem::path db_path_ = scratch_.path() / "state.db";
};

int64_t scalar(Database& db, std::string_view sql) {
  auto s = db.prepare(sql);
  EXPECT_TRUE(s.step());
  return s.column_int(0);
}

// Each transaction moves one unit between two accounts and appends a journal row: in any
// consistent state the balances sum to zero and the journal counts the moves.
void transfer(Database& db, int64_t n) {
  db.transaction([&] {
    db.exec("UPDATE accounts SET balance = balance - 1 WHERE id = 1");
    db.prepare("INSERT INTO moves(n, pad) VALUES (?1, randomblob(2000))").bind(1, n).run();
    db.exec("UPDATE accounts SET balance = balance + 1 WHERE id = 2");
  });
}

TEST_F(StateBackupTest, ACopyTakenDuringWritesIsConsistent) {
  {
    auto db = Database::open(db_path_);
    db->exec(
        "CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);"
        "INSERT INTO accounts VALUES (1, 0), (2, 0);"
        "CREATE TABLE moves(n INTEGER NOT NULL, pad BLOB)");
    // Some megabytes to copy, as 2000 moves made at once.
    db->exec(
        "WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 1999)"
        " INSERT INTO moves(n, pad) SELECT n, randomblob(2000) FROM k;"
        "UPDATE accounts SET balance = CASE id WHEN 1 THEN -2000 ELSE 2000 END");
  }
  const pid_t writer = ::fork();
  ASSERT_GE(writer, 0);
  if (writer == 0) {
    auto db = Database::open(db_path_);
    for (int64_t n = 2000;; ++n) transfer(*db, n);
  }
  // The writer is going before and during the copy.
  auto db = Database::open(db_path_);
  const int64_t before = scalar(*db, "SELECT count(*) FROM moves");
  while (scalar(*db, "SELECT count(*) FROM moves") < before + 20) ::usleep(10'000);
  const auto target = scratch_.path() / "copy.db";
  backup_database(*db, target);
  const int64_t after = scalar(*db, "SELECT count(*) FROM moves");
  ::kill(writer, SIGKILL);
  ::waitpid(writer, nullptr, 0);
  ASSERT_GT(after, before + 20) << "the writer must have written during the test";

  struct stat info {};
  ASSERT_EQ(::stat(target.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  auto copy = Database::open(target);
  auto check = copy->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.column_text(0), "ok");
  const int64_t moves = scalar(*copy, "SELECT count(*) FROM moves");
  EXPECT_GE(moves, before + 20);
  EXPECT_EQ(scalar(*copy, "SELECT sum(balance) FROM accounts"), 0);
  EXPECT_EQ(scalar(*copy, "SELECT balance FROM accounts WHERE id = 2"), moves);
  EXPECT_EQ(scalar(*copy, "SELECT max(n) + 1 FROM moves"), moves) << "no transaction is missing";
  for (const auto& entry : std::filesystem::directory_iterator(scratch_.path())) {
    EXPECT_EQ(entry.path().string().find(".partial-"), std::string::npos) << entry.path();
  }
}

TEST_F(StateBackupTest, AnExistingTargetIsRefusedAndKept) {
  auto db = Database::open(db_path_);
  const auto target = scratch_.path() / "taken.db";
  {
    std::FILE* f = std::fopen(target.c_str(), "w");
    std::fputs("keep me", f);
    std::fclose(f);
  }
  try {
    backup_database(*db, target);
    FAIL() << "an existing file was overwritten";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(target.string() + ": it exists"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(std::filesystem::file_size(target), 7U);
}

}  // namespace
